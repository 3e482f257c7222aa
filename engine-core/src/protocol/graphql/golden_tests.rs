//! Tests against the recorded scenarios in `shared/queries`.
//!
//! * Every document error of `45_errors_graphql_document_errors` is reproduced: message, shape and status.
//! * Every step that has both a `json` and a `graphql` body decodes under both protocols, and the documents
//!   coincide where the protocols are meant to: the same document kind and number of operations, and per
//!   operation the same model, action and argument names (in order), the same raw-SQL bind values, and
//!   selections with the same field names recursively. A JSON selection with `$scalars: true` lists only
//!   some fields explicitly, so there the JSON fields must be a subset of the GraphQL ones; argument values
//!   are not compared, because the protocols type them differently (tagged values vs. strings).

use std::path::PathBuf;

use serde_json::Value;

use crate::protocol::document::{FieldSelection, Operation, QueryDocument, Selection};
use crate::protocol::{json, EngineProtocol};

fn shared_dir() -> PathBuf {
    let dir = std::env::var_os("REFRACT_SHARED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    assert!(
        dir.join("queries").is_dir(),
        "shared directory not found at {} (set REFRACT_SHARED_DIR to the folder holding queries/)",
        dir.display()
    );
    dir
}

fn scenarios() -> Vec<(String, Value)> {
    let mut entries: Vec<_> = std::fs::read_dir(shared_dir().join("queries"))
        .expect("queries directory is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path().join("scenario.json"))
        .filter(|path| path.is_file())
        .collect();
    entries.sort();
    entries
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("scenario is readable");
            (
                path.display().to_string(),
                serde_json::from_str(&text).expect("scenario is JSON"),
            )
        })
        .collect()
}

fn steps(scenario: &Value) -> &[Value] {
    scenario["steps"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
}

#[test]
fn document_errors_match_the_45_goldens() {
    let (_, scenario) = scenarios()
        .into_iter()
        .find(|(path, _)| path.contains("45_errors_graphql_document_errors"))
        .expect("scenario 45 is present");
    let mut checked = 0;
    for step in steps(&scenario) {
        let Some(expected) = step["expected_graphql"]["all"].as_object() else {
            continue;
        };
        let Some(errors) = expected
            .get("body")
            .and_then(|body| body.get("errors"))
            .cloned()
        else {
            continue;
        };
        let error = match super::parse_request_value(&step["graphql"]) {
            Err(error) => error.into_engine_error(EngineProtocol::GraphQl),
            Ok(_) => {
                // The remaining error goldens come from validation against the schema (P2009 and kin).
                let message = errors[0]["error"].as_str().unwrap_or_default();
                assert!(
                    message.starts_with("Error in query graph construction"),
                    "{}: decoded although Prisma rejected the document: {message}",
                    step["name"]
                );
                continue;
            }
        };
        assert_eq!(
            error.http_status(),
            expected["status"].as_u64().unwrap() as u16,
            "{}",
            step["name"]
        );
        assert_eq!(error.to_envelope(), expected["body"], "{}", step["name"]);
        checked += 1;
    }
    assert!(checked >= 9, "only {checked} document errors checked");
}

#[test]
fn batch_without_transaction_is_a_422_like_the_golden() {
    let (_, scenario) = scenarios()
        .into_iter()
        .find(|(path, _)| path.contains("45_errors_graphql_document_errors"))
        .expect("scenario 45 is present");
    let step = steps(&scenario)
        .iter()
        .find(|step| step["name"] == "GraphQL batch without transaction key -> 422")
        .expect("the 422 step is recorded");
    let error = super::parse_request_value(&step["graphql"])
        .unwrap_err()
        .into_engine_error(EngineProtocol::GraphQl);
    let expected = &step["expected_graphql"]["all"];
    assert_eq!(error.http_status(), 422);
    assert_eq!(error.to_envelope(), expected["body"]);
}

#[test]
fn every_recorded_request_decodes_like_its_json_counterpart() {
    let mut compared = 0;
    for (path, scenario) in scenarios() {
        for step in steps(&scenario) {
            let (Some(json_body), Some(graphql_body)) = (step.get("json"), step.get("graphql"))
            else {
                continue;
            };
            if json_body.is_null() || graphql_body.is_null() {
                continue;
            }
            let context = format!("{path} / {}", step["name"]);
            let Ok(from_json) = json::parse_request_value(json_body) else {
                // Steps that exercise JSON decoding errors have no GraphQL document to compare.
                continue;
            };
            let from_graphql = match super::parse_request_value(graphql_body) {
                Ok(document) => document,
                Err(error) => {
                    // Only documents Prisma also rejected may fail (`{ }`, a list literal as raw parameters).
                    let expected = step
                        .get("expected_graphql")
                        .or(step.get("expected"))
                        .unwrap_or(&Value::Null);
                    assert!(
                        expected.to_string().contains("\"errors\""),
                        "{context}: {error}"
                    );
                    continue;
                }
            };
            assert_documents_coincide(&from_json, &from_graphql, &context);
            compared += 1;
        }
    }
    assert!(compared > 300, "only {compared} steps compared");
}

fn assert_documents_coincide(
    from_json: &QueryDocument,
    from_graphql: &QueryDocument,
    context: &str,
) {
    match (from_json, from_graphql) {
        (QueryDocument::Single(a), QueryDocument::Single(b)) => {
            assert_operations_coincide(a, b, context)
        }
        (
            QueryDocument::Batch {
                operations: a,
                transaction: ta,
            },
            QueryDocument::Batch {
                operations: b,
                transaction: tb,
            },
        ) => {
            assert_eq!(a.len(), b.len(), "{context}: batch sizes");
            assert_eq!(ta.is_some(), tb.is_some(), "{context}: transactional");
            for (a, b) in a.iter().zip(b) {
                assert_operations_coincide(a, b, context);
            }
        }
        _ => panic!("{context}: single vs batch"),
    }
}

fn assert_operations_coincide(from_json: &Operation, from_graphql: &Operation, context: &str) {
    assert_eq!(from_json.model, from_graphql.model, "{context}: model");
    assert_eq!(from_json.action, from_graphql.action, "{context}: action");
    let names = |operation: &Operation| {
        operation
            .arguments
            .iter()
            .map(|(name, _)| name.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        names(from_json),
        names(from_graphql),
        "{context}: argument names"
    );
    if from_json.action.is_raw_sql() {
        assert_eq!(
            from_json.arguments.get("parameters"),
            from_graphql.arguments.get("parameters"),
            "{context}: raw parameters"
        );
    }
    assert_selections_coincide(&from_json.selection, &from_graphql.selection, context);
}

fn assert_selections_coincide(from_json: &Selection, from_graphql: &Selection, context: &str) {
    let graphql_names: Vec<&str> = from_graphql
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    let json_names: Vec<&str> = from_json.fields.iter().map(|f| f.name.as_str()).collect();
    if from_json.all_scalars {
        for name in &json_names {
            assert!(
                graphql_names.contains(name),
                "{context}: `{name}` not selected in GraphQL"
            );
        }
    } else {
        let mut a = json_names.clone();
        let mut b = graphql_names.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "{context}: selected fields");
    }
    for field in &from_json.fields {
        let Some(other) = from_graphql.field(&field.name) else {
            continue;
        };
        if let (
            FieldSelection::Nested { selection: a, .. },
            FieldSelection::Nested { selection: b, .. },
        ) = (&field.selection, &other.selection)
        {
            assert_selections_coincide(a, b, context);
        }
    }
}
