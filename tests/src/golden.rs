//! The recorded Prisma 5.19 scenarios (`../shared/queries`): run each step over HTTP through the query-engine
//! server, under the JSON and the GraphQL protocol, and compare the response with Prisma's, as the
//! scenarios' README prescribes (masking generated values and transaction ids, comparing
//! `user_facing_error` exactly and the internal `error` text not at all). Transaction, raw HTTP and pause
//! steps run too, so interactive transactions are checked end to end.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use engine_core::protocol::EngineProtocol;
use refract_cli::query_engine::server::serve;
use refract_cli::query_engine::{EngineSettings, HttpRequest, QueryEngine};
use regex::Regex;
use serde_json::{json, Value};

use crate::database::{fresh_database, with_provider, TestProvider};
use crate::http_client;

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
    /// The step needs something the harness does not drive.
    Skipped(&'static str),
    Failed {
        expected: Value,
        actual: Value,
    },
}

/// One step's result, named `scenario #index name` (prefixed `graphql: ` under the GraphQL protocol).
#[derive(Debug, Clone)]
pub struct StepResult {
    pub id: String,
    pub outcome: StepOutcome,
}

/// The id the reference runner used when a transaction start had failed.
const MISSING_TRANSACTION_ID: &str = "missing-transaction-id-000000000";

/// The protocol's name in step keys (`json`, `graphql`, `expected_json`, ...).
pub fn protocol_key(protocol: EngineProtocol) -> &'static str {
    match protocol {
        EngineProtocol::Json => "json",
        EngineProtocol::GraphQl => "graphql",
    }
}

/// The step id for a protocol: JSON-protocol ids are the bare step names, GraphQL ones are prefixed.
pub fn step_id(protocol: EngineProtocol, scenario: &str, index: usize, name: &str) -> String {
    match protocol {
        EngineProtocol::Json => format!("{scenario} #{index} {name}"),
        EngineProtocol::GraphQl => format!("graphql: {scenario} #{index} {name}"),
    }
}

/// The interactive transactions a scenario started: ids by `tx_name` (`None` for the unnamed one) and the
/// placeholders their ids are masked with.
#[derive(Default)]
struct Transactions {
    ids: HashMap<Option<String>, String>,
    masks: Vec<(String, String)>,
}

impl Transactions {
    fn id(&self, name: Option<&str>) -> String {
        self.ids
            .get(&name.map(str::to_string))
            .cloned()
            .unwrap_or_else(|| MISSING_TRANSACTION_ID.to_string())
    }

    /// The id an `in_tx` value names: `true` (the unnamed one), a `tx_name`, or `literal:<id>`.
    fn for_in_tx(&self, in_tx: &Value) -> Option<String> {
        match in_tx {
            Value::Bool(true) => Some(self.id(None)),
            Value::String(text) => Some(match text.strip_prefix("literal:") {
                Some(literal) => literal.to_string(),
                None => self.id(Some(text)),
            }),
            _ => None,
        }
    }
}

/// Runs one scenario on one provider under one protocol, on a fresh database, over HTTP: each step goes
/// through a socket to the query-engine server (`refract-query-engine`'s hyper transport and handler,
/// started in this process on an OS-chosen port).
pub async fn run_scenario(
    scenario: &Scenario,
    provider: TestProvider,
    protocol: EngineProtocol,
    server_url: &str,
) -> Result<Vec<StepResult>, String> {
    let schema = with_provider(&scenario.schema, provider);
    let db_name = format!("golden_{}", scenario.name.split('_').next().unwrap_or("x"));
    let database = fresh_database(&schema, provider, server_url, &db_name)
        .await
        .map_err(|error| format!("{}: setup failed: {error}", scenario.name))?;
    let server = Arc::new(QueryEngine::new(
        database.engine.clone(),
        EngineSettings::new(protocol),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|error| format!("{}: cannot listen: {error}", scenario.name))?;
    let addr = listener
        .local_addr()
        .map_err(|error| format!("{}: {error}", scenario.name))?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(serve(listener, server.clone(), async move {
        let _ = stopped.await;
    }));
    let mut transactions = Transactions::default();
    let mut results = Vec::new();
    let steps = scenario.spec["steps"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let key = protocol_key(protocol);
    for (index, step) in steps.iter().enumerate() {
        let id = step_id(
            protocol,
            &scenario.name,
            index,
            step["name"].as_str().unwrap_or("?"),
        );
        if let Some(providers) = step.get("providers") {
            if !string_list(providers).iter().any(|p| p == provider.name()) {
                continue;
            }
        }
        if let Some(millis) = step.get("sleep_ms") {
            tokio::time::sleep(Duration::from_millis(millis.as_u64().unwrap_or(0))).await;
            continue;
        }
        let Some(request) = step_request(step, key, &transactions) else {
            continue;
        };
        let Some(expected) = expected_for(step, protocol, provider) else {
            continue;
        };
        let (status, body) = http_client::send(addr, &request)
            .await
            .map_err(|error| format!("{id}: HTTP exchange failed: {error}"))?;
        let mut actual = match serde_json::from_slice::<Value>(&body) {
            Ok(body) => json!({"status": status, "body": body}),
            Err(_) => json!({"status": status, "body_text": String::from_utf8_lossy(&body)}),
        };
        if step["tx"] == "start" {
            let name = step["tx_name"].as_str().map(str::to_string);
            let started = actual["body"]["id"].as_str().filter(|_| status == 200);
            match started {
                Some(tx_id) => {
                    let placeholder = match &name {
                        Some(name) => format!("<TXID:{name}>"),
                        None => "<TXID>".to_string(),
                    };
                    transactions.masks.push((tx_id.to_string(), placeholder));
                    transactions.ids.insert(name, tx_id.to_string());
                }
                None => {
                    transactions
                        .ids
                        .insert(name, MISSING_TRANSACTION_ID.to_string());
                }
            }
        }
        for (tx_id, placeholder) in &transactions.masks {
            replace_strings(&mut actual, tx_id, placeholder);
        }
        if let Some(body) = actual.get_mut("body") {
            mask(step, body);
        }
        let outcome = if matches(&expected, &actual) {
            StepOutcome::Passed
        } else {
            StepOutcome::Failed { expected, actual }
        };
        results.push(StepResult { id, outcome });
    }
    // Stopping the server rolls back what the scenario left open.
    let _ = stop.send(());
    let _ = serving.await;
    Ok(results)
}

/// The HTTP request a step sends under the protocol whose body key is `key`; `None` when the step does
/// not run under that protocol.
fn step_request(step: &Value, key: &str, transactions: &Transactions) -> Option<HttpRequest> {
    if let Some(action) = step.get("tx").and_then(Value::as_str) {
        let path = match action {
            "start" => "/transaction/start".to_string(),
            other => {
                let id = match step.get("tx_id").and_then(Value::as_str) {
                    Some(id) => id.to_string(),
                    None => transactions.id(step["tx_name"].as_str()),
                };
                format!("/transaction/{id}/{other}")
            }
        };
        let body = match step.get("body") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        };
        return Some(HttpRequest::new("POST", &path, body));
    }
    if let Some(http) = step.get("http") {
        let body = match http.get("body") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(text)) => text.clone(),
            Some(other) => other.to_string(),
        };
        return Some(HttpRequest::new(
            http["method"].as_str().unwrap_or("GET"),
            http["path"].as_str().unwrap_or("/"),
            body,
        ));
    }
    let body = match &step[key] {
        Value::Null => return None,
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let mut request = HttpRequest::new("POST", "/", body);
    if let Some(tx_id) = step
        .get("in_tx")
        .and_then(|in_tx| transactions.for_in_tx(in_tx))
    {
        request = request.with_header("X-transaction-id", &tx_id);
    }
    Some(request)
}

/// The golden response of a step for the provider under the protocol.
fn expected_for(step: &Value, protocol: EngineProtocol, provider: TestProvider) -> Option<Value> {
    let specific = format!("expected_{}", protocol_key(protocol));
    let expected = step.get("expected").or_else(|| step.get(&specific))?;
    expected
        .get("all")
        .or_else(|| expected.get(provider.name()))
        .cloned()
}

/// Replaces every occurrence of `from` in the strings of `value` (transaction ids in later messages).
fn replace_strings(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(text) if text.contains(from) => *text = text.replace(from, to),
        Value::Object(map) => map
            .values_mut()
            .for_each(|inner| replace_strings(inner, from, to)),
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| replace_strings(item, from, to)),
        _ => {}
    }
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
    if let Some(text) = expected.get("body_text") {
        let actual_text = match (actual.get("body_text"), actual.get("body")) {
            (Some(text), _) => text.clone(),
            (None, Some(body)) => Value::String(body.to_string()),
            (None, None) => Value::String(String::new()),
        };
        return *text == actual_text;
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
