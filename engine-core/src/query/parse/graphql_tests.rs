//! Validation rules that only the GraphQL protocol has: `Json` inputs arrive as strings of JSON text.

use schema_core::Datamodel;

use super::{parse_operation_for_protocol, ParseContext};
use crate::protocol::{graphql, EngineProtocol, QueryDocument};
use crate::query::{Query, WriteQuery};
use crate::value::PrismaValue;

fn datamodel(provider: &str) -> Datamodel {
    let source = format!(
        "datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n}}\n\nmodel J {{\n  id Int @id\n  v  Json\n}}\n"
    );
    let validated = schema_core::validate(&source);
    assert!(validated.is_valid(), "{:?}", validated.diagnostics);
    validated.datamodel
}

/// The Json value a GraphQL `createOneJ` stores for the given JSON text.
fn stored_json(provider: &str, text: &str) -> PrismaValue {
    let dm = datamodel(provider);
    let query = format!(
        "mutation {{ createOneJ(data: {{id: 1, v: {}}}) {{ id }} }}",
        serde_json::Value::String(text.to_owned())
    );
    let QueryDocument::Single(operation) =
        graphql::parse_request_value(&serde_json::json!({"query": query, "variables": {}}))
            .unwrap()
    else {
        panic!("single operation expected")
    };
    let now = chrono::DateTime::parse_from_rfc3339("2024-05-01T12:00:00Z").unwrap();
    let parsed = parse_operation_for_protocol(
        &dm,
        &ParseContext { now },
        EngineProtocol::GraphQl,
        &operation,
    )
    .unwrap();
    let Query::Write(WriteQuery::CreateOne { data, .. }) = parsed else {
        panic!("createOne expected, got {parsed:?}")
    };
    let field = dm.find_field(dm.find_model("J").unwrap(), "v").unwrap();
    data.scalars
        .into_iter()
        .find(|(id, _)| *id == field)
        .map(|(_, value)| value)
        .unwrap()
}

#[test]
fn json_text_is_stored_as_prisma_writes_it_back() {
    // 22_writes_create_json_enum #3 and 65_hostile_json_values #1: Prisma stores (and so returns) the
    // document re-serialised, numbers with a fraction or exponent as floats, keys in document order.
    let cases = [
        ("1.5e3", "1500.0"),
        ("[ 1 , 2 ]", "[1,2]"),
        (
            r#"{"big":9007199254740993,"float":1.10,"exp":1e5,"neg":-0,"small":1e-7}"#,
            r#"{"big":9007199254740993,"float":1.1,"exp":100000.0,"neg":-0.0,"small":1e-7}"#,
        ),
        (
            r#"{"b": 1, "a": [true, null, "x"]}"#,
            r#"{"b":1,"a":[true,null,"x"]}"#,
        ),
        ("\"hello\"", "\"hello\""),
        ("null", "null"),
    ];
    // Json fields exist on PostgreSQL and MySQL (not on SQLite in Prisma 5.19).
    for provider in ["postgresql", "mysql"] {
        for (text, stored) in cases {
            assert_eq!(
                stored_json(provider, text),
                PrismaValue::Json(stored.to_owned()),
                "{text} on {provider}"
            );
        }
    }
}
