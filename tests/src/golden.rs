//! The recorded Prisma 5.19 scenarios (`../shared/queries`): run each step through the engine and compare
//! the response with Prisma's, as the scenarios' README prescribes (masking generated values, comparing
//! `user_facing_error` exactly and the internal `error` text not at all).

use std::path::{Path, PathBuf};

use engine_core::protocol::EngineProtocol;
use regex::Regex;
use serde_json::Value;

use crate::database::{fresh_database, with_provider, TestProvider};

/// Where the shared scenarios live, relative to this crate.
pub fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/queries")
}

/// One scenario directory.
pub struct Scenario {
    pub name: String,
    pub schema: String,
    pub spec: Value,
}

impl Scenario {
    pub fn providers(&self) -> Vec<String> {
        string_list(&self.spec["providers"])
    }
}

fn string_list(value: &Value) -> Vec<String> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Every scenario, in name order.
pub fn load_scenarios() -> std::io::Result<Vec<Scenario>> {
    let mut scenarios = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(scenarios_dir())?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("scenario.json").is_file())
        .collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let path = entry.path();
        let spec_text = std::fs::read_to_string(path.join("scenario.json"))?;
        let spec: Value = serde_json::from_str(&spec_text)
            .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))?;
        scenarios.push(Scenario {
            name: entry.file_name().to_string_lossy().into_owned(),
            schema: std::fs::read_to_string(path.join("schema.prisma"))?,
            spec,
        });
    }
    Ok(scenarios)
}

/// What happened to one step.
#[derive(Debug, Clone, PartialEq)]
pub enum StepOutcome {
    Passed,
    /// The step needs something the harness does not drive yet (transaction endpoints, raw HTTP routes).
    Skipped(&'static str),
    Failed {
        expected: Value,
        actual: Value,
    },
}

/// One step's result, named `scenario / step`.
#[derive(Debug, Clone)]
pub struct StepResult {
    pub id: String,
    pub outcome: StepOutcome,
}

/// Runs one scenario on one provider under the JSON protocol, on a fresh database.
pub async fn run_scenario(
    scenario: &Scenario,
    provider: TestProvider,
    server_url: &str,
) -> Result<Vec<StepResult>, String> {
    let schema = with_provider(&scenario.schema, provider);
    let db_name = format!("golden_{}", scenario.name.split('_').next().unwrap_or("x"));
    let database = fresh_database(&schema, provider, server_url, &db_name)
        .await
        .map_err(|error| format!("{}: setup failed: {error}", scenario.name))?;
    let mut results = Vec::new();
    let steps = scenario.spec["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (index, step) in steps.iter().enumerate() {
        let id = format!(
            "{} #{index} {}",
            scenario.name,
            step["name"].as_str().unwrap_or("?")
        );
        if let Some(providers) = step.get("providers") {
            if !string_list(providers).iter().any(|p| p == provider.name()) {
                continue;
            }
        }
        if step.get("sleep_ms").is_some() {
            continue;
        }
        if step.get("tx").is_some() || step.get("in_tx").is_some() {
            results.push(StepResult {
                id,
                outcome: StepOutcome::Skipped("interactive transactions"),
            });
            continue;
        }
        if step.get("http").is_some() {
            results.push(StepResult {
                id,
                outcome: StepOutcome::Skipped("raw HTTP routes"),
            });
            continue;
        }
        let body = match &step["json"] {
            Value::Null => continue,
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        let Some(expected) = expected_for(step, provider) else {
            continue;
        };
        let response = database
            .engine
            .request(EngineProtocol::Json, &body, None)
            .await;
        let mut actual = serde_json::json!({"status": response.status, "body": response.body});
        mask(step, &mut actual["body"]);
        let outcome = if matches(&expected, &actual) {
            StepOutcome::Passed
        } else {
            StepOutcome::Failed { expected, actual }
        };
        results.push(StepResult { id, outcome });
    }
    Ok(results)
}

/// The golden response of a step for the provider (JSON protocol).
fn expected_for(step: &Value, provider: TestProvider) -> Option<Value> {
    let expected = step.get("expected").or_else(|| step.get("expected_json"))?;
    expected
        .get("all")
        .or_else(|| expected.get(provider.name()))
        .cloned()
}

/// Replaces generated values with the scenario's placeholders.
fn mask(step: &Value, body: &mut Value) {
    if let Some(keys) = step.get("mask").and_then(Value::as_object) {
        for (key, kind) in keys {
            let placeholder = match kind.as_str() {
                Some("uuid") => "<UUID>",
                Some("cuid") => "<CUID>",
                Some("now") => "<NOW>",
                _ => continue,
            };
            mask_key(body, key, placeholder);
        }
    }
    if let Some(rules) = step.get("mask_regex").and_then(Value::as_array) {
        for rule in rules {
            let (Some(pattern), Some(replacement)) = (rule[0].as_str(), rule[1].as_str()) else {
                continue;
            };
            if let Ok(regex) = Regex::new(pattern) {
                mask_strings(body, &regex, replacement);
            }
        }
    }
}

fn mask_key(value: &mut Value, key: &str, placeholder: &str) {
    match value {
        Value::Object(map) => {
            for (name, inner) in map.iter_mut() {
                if name == key {
                    match inner {
                        Value::String(_) => *inner = Value::String(placeholder.to_string()),
                        Value::Object(tagged) if tagged.contains_key("$type") => {
                            tagged.insert("value".into(), Value::String(placeholder.to_string()));
                        }
                        _ => mask_key(inner, key, placeholder),
                    }
                } else {
                    mask_key(inner, key, placeholder);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| mask_key(item, key, placeholder)),
        _ => {}
    }
}

fn mask_strings(value: &mut Value, regex: &Regex, replacement: &str) {
    match value {
        Value::String(text) => *text = regex.replace_all(text, replacement).into_owned(),
        Value::Object(map) => map
            .values_mut()
            .for_each(|inner| mask_strings(inner, regex, replacement)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| mask_strings(item, regex, replacement)),
        _ => {}
    }
}

/// Compares a response with a golden: the status, then the body with error entries compared by their
/// `user_facing_error` only. A golden recorded as a reference-engine crash accepts any error.
pub fn matches(expected: &Value, actual: &Value) -> bool {
    if expected.get("crash").is_some() {
        return actual["body"].get("errors").is_some() || actual["status"] != 200;
    }
    if expected["status"] != actual["status"] {
        return false;
    }
    let expected_body = expected.get("body").cloned().unwrap_or(Value::Null);
    normalize(&expected_body) == normalize(&actual["body"])
}

/// Drops the internal `error` text of error entries, which clients never read.
fn normalize(body: &Value) -> Value {
    match body {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(key, value)| {
                    !(key.as_str() == "error"
                        && value.is_string()
                        && map.contains_key("user_facing_error"))
                })
                .map(|(key, value)| (key.clone(), normalize(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(normalize).collect()),
        other => other.clone(),
    }
}
