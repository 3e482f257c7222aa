//! The data-driven conformance suite: JSON case files under `tests/cases`, each a schema, seed requests and
//! cases with the exact response Prisma 5.19 gives, run on every provider whose capabilities a file (or a
//! case) requires.
//!
//! A case file:
//!
//! ```json
//! {
//!   "description": "...",
//!   "schema": "datasource db {\n  provider = \"sqlite\"\n ... }",
//!   "requires": ["scalar_lists"],
//!   "seed": [ <JSON-protocol request body>, ... ],
//!   "cases": [
//!     { "name": "...", "requires": ["insensitive_filters"], "request": { ... },
//!       "expect": <response body> },
//!     { "name": "...", "request": { ... },
//!       "expect_by_provider": { "sqlite": <body>, "postgresql": <body> } }
//!   ]
//! }
//! ```
//!
//! The datasource `provider` is a placeholder replaced per provider. Seed requests run in order on a fresh
//! database and must all succeed; cases then run in file order on that same database. A body is compared
//! as the recorded goldens are: exactly, except that error entries are compared by `user_facing_error`
//! only (the outer `error` text is the reference engine's internal debug output).

use std::path::{Path, PathBuf};

use engine_core::protocol::EngineProtocol;
use schema_core::capabilities::Capabilities;
use schema_core::config::Provider;
use serde_json::{json, Value};

use crate::database::{fresh_database, with_provider, TestProvider};
use crate::golden::matches;

/// Where the case files live.
pub fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("cases")
}

/// One case of a file.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub requires: Vec<String>,
    pub request: Value,
    /// The expected response body for every provider, unless `expect_by_provider` names the provider.
    pub expect: Option<Value>,
    pub expect_by_provider: Option<serde_json::Map<String, Value>>,
}

impl Case {
    /// The expected body on `provider`, if the case states one for it.
    pub fn expected_for(&self, provider: TestProvider) -> Option<&Value> {
        self.expect_by_provider
            .as_ref()
            .and_then(|by| by.get(provider.name()))
            .or(self.expect.as_ref())
    }
}

/// One case file.
#[derive(Debug, Clone)]
pub struct CaseFile {
    /// The file stem, e.g. `filters_string`.
    pub name: String,
    pub schema: String,
    pub requires: Vec<String>,
    pub seed: Vec<Value>,
    pub cases: Vec<Case>,
}

impl CaseFile {
    /// The database (SQLite file stem, PostgreSQL schema) the file runs in.
    pub fn db_name(&self) -> String {
        let stem: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        format!("conf_{stem}")
    }
}

/// Capabilities a case may require; every other name is rejected when the files load.
pub const CAPABILITIES: &[&str] = &[
    "insensitive_filters",
    "scalar_lists",
    "json",
    "json_filters",
    "enums",
    "skip_duplicates",
    "create_many_and_return",
];

/// Whether `provider` has the named capability (read from the schema crate's capability table where it
/// has the flag).
pub fn has_capability(provider: TestProvider, capability: &str) -> bool {
    let caps = Capabilities::for_provider(match provider {
        TestProvider::Sqlite => Provider::Sqlite,
        TestProvider::Postgres => Provider::PostgreSql,
        TestProvider::Mysql => Provider::MySql,
    });
    match capability {
        "insensitive_filters" => caps.insensitive_filters,
        "scalar_lists" => caps.scalar_lists,
        "json" => caps.json,
        // Json path/string/array filters with PostgreSQL's array paths (`path: ["a"]`); MySQL takes a
        // JSON path string instead, which the recorded MySQL scenarios cover.
        "json_filters" => caps.json && matches!(provider, TestProvider::Postgres),
        "enums" => caps.enums,
        "skip_duplicates" => !matches!(provider, TestProvider::Sqlite),
        "create_many_and_return" => caps.returning,
        _ => false,
    }
}

fn string_list(value: Option<&Value>, context: &str) -> Result<Vec<String>, String> {
    match value {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                let name = item
                    .as_str()
                    .ok_or_else(|| format!("{context}: `requires` holds a non-string"))?;
                if CAPABILITIES.contains(&name) {
                    Ok(name.to_string())
                } else {
                    Err(format!("{context}: unknown capability `{name}`"))
                }
            })
            .collect(),
        Some(_) => Err(format!("{context}: `requires` must be a list")),
    }
}

/// Reads one case file, checking its shape.
pub fn parse_case_file(name: &str, text: &str) -> Result<CaseFile, String> {
    let spec: Value = serde_json::from_str(text).map_err(|error| format!("{name}: {error}"))?;
    let schema = spec["schema"]
        .as_str()
        .ok_or_else(|| format!("{name}: missing `schema`"))?
        .to_string();
    let requires = string_list(spec.get("requires"), name)?;
    let seed = match spec.get("seed") {
        None => Vec::new(),
        Some(Value::Array(items)) => items.clone(),
        Some(_) => return Err(format!("{name}: `seed` must be a list")),
    };
    let mut cases = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for raw in spec["cases"]
        .as_array()
        .ok_or_else(|| format!("{name}: missing `cases`"))?
    {
        let case_name = raw["name"]
            .as_str()
            .ok_or_else(|| format!("{name}: a case without a name"))?
            .to_string();
        let context = format!("{name} / {case_name}");
        if !seen.insert(case_name.clone()) {
            return Err(format!("{context}: duplicate case name"));
        }
        let request = raw
            .get("request")
            .filter(|request| request.is_object() || request.is_string())
            .ok_or_else(|| format!("{context}: missing `request`"))?
            .clone();
        let expect = raw.get("expect").cloned();
        let expect_by_provider = match raw.get("expect_by_provider") {
            None => None,
            Some(Value::Object(by)) => {
                for key in by.keys() {
                    if !["sqlite", "postgresql", "mysql"].contains(&key.as_str()) {
                        return Err(format!("{context}: unknown provider `{key}`"));
                    }
                }
                Some(by.clone())
            }
            Some(_) => return Err(format!("{context}: `expect_by_provider` must be an object")),
        };
        if expect.is_none() && expect_by_provider.is_none() {
            return Err(format!(
                "{context}: neither `expect` nor `expect_by_provider`"
            ));
        }
        for body in expect
            .iter()
            .chain(expect_by_provider.iter().flat_map(|by| by.values()))
        {
            if body.get("data").is_none() && body.get("errors").is_none() {
                return Err(format!(
                    "{context}: an expectation must be a response body (`data` or `errors`)"
                ));
            }
        }
        cases.push(Case {
            name: case_name,
            requires: string_list(raw.get("requires"), &context)?,
            request,
            expect,
            expect_by_provider,
        });
    }
    Ok(CaseFile {
        name: name.to_string(),
        schema,
        requires,
        seed,
        cases,
    })
}

/// Every case file, in name order.
pub fn load_case_files() -> Result<Vec<CaseFile>, String> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .map_err(|error| format!("{}: {error}", cases_dir().display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    entries.sort();
    entries
        .iter()
        .map(|path| {
            let name = path
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
                .unwrap_or_default();
            let text = std::fs::read_to_string(path)
                .map_err(|error| format!("{}: {error}", path.display()))?;
            parse_case_file(&name, &text)
        })
        .collect()
}

/// What happened to one case.
#[derive(Debug, Clone, PartialEq)]
pub enum CaseOutcome {
    Passed,
    Failed { expected: Value, actual: Value },
}

/// One case's result, named `file / case`.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub id: String,
    pub outcome: CaseOutcome,
}

/// Whether a file runs on `provider` at all.
pub fn file_runs_on(file: &CaseFile, provider: TestProvider) -> bool {
    file.requires
        .iter()
        .all(|capability| has_capability(provider, capability))
}

fn body_text(request: &Value) -> String {
    match request {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Runs one file on one provider: a fresh database, the seed, then every case the provider can run.
/// `Err` when the database cannot be prepared or a seed request fails.
pub async fn run_file(
    file: &CaseFile,
    provider: TestProvider,
    server_url: &str,
) -> Result<Vec<CaseResult>, String> {
    let schema = with_provider(&file.schema, provider);
    let database = fresh_database(&schema, provider, server_url, &file.db_name())
        .await
        .map_err(|error| format!("{}: setup failed: {error}", file.name))?;
    for (index, request) in file.seed.iter().enumerate() {
        let response = database
            .engine
            .request(EngineProtocol::Json, &body_text(request), None)
            .await;
        if response.status != 200 || response.body().get("errors").is_some() {
            return Err(format!(
                "{}: seed request #{index} failed: {} {}",
                file.name,
                response.status,
                response.body()
            ));
        }
    }
    let mut results = Vec::new();
    for case in &file.cases {
        if !case
            .requires
            .iter()
            .all(|capability| has_capability(provider, capability))
        {
            continue;
        }
        let Some(expected_body) = case.expected_for(provider) else {
            continue;
        };
        let response = database
            .engine
            .request(EngineProtocol::Json, &body_text(&case.request), None)
            .await;
        let expected = json!({"status": 200, "body": expected_body});
        let actual = json!({"status": response.status, "body": response.body()});
        let outcome = if matches(&expected, &actual) {
            CaseOutcome::Passed
        } else {
            CaseOutcome::Failed {
                expected: expected_body.clone(),
                actual,
            }
        };
        results.push(CaseResult {
            id: format!("{} / {}", file.name, case.name),
            outcome,
        });
    }
    Ok(results)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_names_are_valid_identifiers() {
        let file = parse_case_file(
            "filters-String",
            r#"{"schema": "x", "cases": [{"name": "a", "request": {}, "expect": {"data": {}}}]}"#,
        )
        .unwrap();
        assert_eq!(file.db_name(), "conf_filters_string");
    }

    #[test]
    fn rejects_unknown_capabilities_and_missing_expectations() {
        let unknown = r#"{"schema": "x", "requires": ["teleport"], "cases": []}"#;
        assert!(parse_case_file("f", unknown).is_err());
        let missing = r#"{"schema": "x", "cases": [{"name": "a", "request": {}}]}"#;
        assert!(parse_case_file("f", missing).is_err());
    }

    #[test]
    fn per_provider_expectation_wins() {
        let file = parse_case_file(
            "f",
            r#"{"schema": "x", "cases": [{"name": "a", "request": {},
                "expect": {"data": 1}, "expect_by_provider": {"postgresql": {"data": 2}}}]}"#,
        )
        .unwrap();
        let case = &file.cases[0];
        assert_eq!(
            case.expected_for(TestProvider::Sqlite),
            Some(&json!({"data": 1}))
        );
        assert_eq!(
            case.expected_for(TestProvider::Postgres),
            Some(&json!({"data": 2}))
        );
    }
}
