//! The recorded Prisma 5.19 responses as the specification of validation.
//!
//! Every JSON-protocol step of `../shared/queries` whose golden is a validation error (P2009 / P2012) must
//! produce exactly that `user_facing_error`; every step whose golden is data must validate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::DateTime;
use serde_json::Value;

use super::{parse_operation, ParseContext};
use crate::error::EngineError;
use crate::protocol::json::parse_request;
use crate::protocol::{EngineProtocol, Operation, QueryDocument};

/// Goldens out of reach, by `scenario/step name`, with the reason.
const ALLOWED_MISMATCHES: &[(&str, &str)] = &[];

fn queries_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/queries")
}

/// The schema text with the datasource provider substituted.
fn schema_for(source: &str, provider: &str) -> String {
    let mut out = String::new();
    let mut in_datasource = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("datasource ") {
            in_datasource = true;
        }
        if in_datasource && trimmed.starts_with("provider") {
            let indent = &line[..line.len() - trimmed.len()];
            out.push_str(&format!("{indent}provider = \"{provider}\"\n"));
            continue;
        }
        if in_datasource && trimmed.starts_with('}') {
            in_datasource = false;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

struct Step {
    scenario: String,
    name: String,
    provider: String,
    body: Value,
    expected: Value,
}

fn steps() -> Vec<Step> {
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(queries_dir())
        .expect("shared queries directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("scenario.json").exists())
        .collect();
    dirs.sort();
    for dir in dirs {
        let scenario: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("scenario.json")).unwrap())
                .unwrap();
        let providers: Vec<String> = scenario["providers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|p| p.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        for step in scenario["steps"].as_array().into_iter().flatten() {
            let Some(body) = step.get("json").filter(|b| b.is_object()) else {
                continue;
            };
            let Some(expected) = step.get("expected").or_else(|| step.get("expected_json")) else {
                continue;
            };
            let step_providers: Vec<String> = step["providers"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_else(|| providers.clone());
            let provider = ["sqlite", "postgresql"]
                .into_iter()
                .find(|p| step_providers.iter().any(|s| s == p) && providers.iter().any(|s| s == p))
                .map(str::to_owned)
                .or_else(|| step_providers.first().cloned())
                .unwrap_or_else(|| "sqlite".into());
            let Some(response) = expected.get("all").or_else(|| expected.get(&provider)) else {
                continue;
            };
            out.push(Step {
                scenario: dir.file_name().unwrap().to_string_lossy().into_owned(),
                name: step["name"].as_str().unwrap_or_default().to_owned(),
                provider,
                body: body.clone(),
                expected: response.clone(),
            });
        }
    }
    out
}

struct Schemas(HashMap<(String, String), schema_core::Datamodel>);

impl Schemas {
    fn get(&mut self, scenario: &str, provider: &str) -> &schema_core::Datamodel {
        self.0
            .entry((scenario.to_owned(), provider.to_owned()))
            .or_insert_with(|| {
                let source =
                    std::fs::read_to_string(queries_dir().join(scenario).join("schema.prisma"))
                        .unwrap();
                let validated = schema_core::validate(&schema_for(&source, provider));
                assert!(
                    validated.is_valid(),
                    "{scenario} ({provider}): schema does not validate: {:?}",
                    validated.diagnostics
                );
                validated.datamodel
            })
    }
}

fn context() -> ParseContext {
    ParseContext {
        now: DateTime::parse_from_rfc3339("2024-05-01T12:00:00.000Z").unwrap(),
    }
}

/// Validates the operations of a body that `keep` selects (by index); the first error wins.
fn run_some(
    datamodel: &schema_core::Datamodel,
    body: &Value,
    keep: &dyn Fn(usize) -> bool,
) -> Result<(), EngineError> {
    let document =
        parse_request(&body.to_string()).map_err(|e| e.into_engine_error(EngineProtocol::Json))?;
    let operations: Vec<Operation> = match document {
        QueryDocument::Single(op) => vec![op],
        QueryDocument::Batch { operations, .. } => operations,
    };
    for (index, operation) in operations.iter().enumerate() {
        if keep(index) {
            parse_operation(datamodel, &context(), operation)?;
        }
    }
    Ok(())
}

fn run(datamodel: &schema_core::Datamodel, body: &Value) -> Result<(), EngineError> {
    run_some(datamodel, body, &|_| true)
}

fn validation_error(expected: &Value) -> Option<&Value> {
    let error = expected
        .get("body")?
        .get("errors")?
        .get(0)?
        .get("user_facing_error")?;
    matches!(error["error_code"].as_str(), Some("P2009" | "P2012")).then_some(error)
}

#[test]
fn validation_errors_match_the_goldens() {
    let mut schemas = Schemas(HashMap::new());
    let mut total = 0;
    let mut passed = 0;
    let mut failures = Vec::new();
    for step in steps() {
        let Some(golden) = validation_error(&step.expected) else {
            continue;
        };
        total += 1;
        let datamodel = schemas.get(&step.scenario, &step.provider);
        let key = format!("{}/{}", step.scenario, step.name);
        let actual = match run(datamodel, &step.body) {
            Ok(()) => Value::String("no error".into()),
            Err(error) => error.to_envelope()["errors"][0]["user_facing_error"].clone(),
        };
        if actual == *golden {
            passed += 1;
        } else if !ALLOWED_MISMATCHES.iter().any(|(k, _)| *k == key) {
            failures.push(format!(
                "{key} [{}]\n  expected: {golden}\n  actual:   {actual}",
                step.provider
            ));
        }
    }
    println!("validation goldens: {passed}/{total}");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_data_step_validates() {
    let mut schemas = Schemas(HashMap::new());
    let mut failures = Vec::new();
    let mut total = 0;
    for step in steps() {
        let body = step.expected.get("body");
        let is_data =
            body.is_some_and(|b| b.get("data").is_some() || b.get("batchResult").is_some());
        if !is_data {
            continue;
        }
        total += 1;
        let datamodel = schemas.get(&step.scenario, &step.provider);
        // In a non-transactional batch each item has its own result; only those with data must validate.
        let results = body
            .and_then(|b| b.get("batchResult"))
            .and_then(Value::as_array);
        let keep = |index: usize| {
            results.is_none_or(|r| r.get(index).is_some_and(|item| item.get("data").is_some()))
        };
        if let Err(error) = run_some(datamodel, &step.body, &keep) {
            failures.push(format!(
                "{}/{} [{}]: {}",
                step.scenario,
                step.name,
                step.provider,
                error.to_envelope()
            ));
        }
    }
    println!("data steps validated: {}/{total}", total - failures.len());
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
