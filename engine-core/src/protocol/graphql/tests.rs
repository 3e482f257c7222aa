use serde_json::json;

use super::*;
use crate::error::EngineError;
use crate::protocol::action::{Action, RootKind};
use crate::protocol::document::{
    ArgumentValue, FieldSelection, RootField, SelectedField, Selection,
};
use crate::protocol::EngineProtocol;
use crate::value::PrismaValue;

fn single(query: &str) -> Operation {
    match parse_request_value(&json!({"query": query, "variables": {}})).unwrap() {
        QueryDocument::Single(operation) => operation,
        other => panic!("not a single operation: {other:?}"),
    }
}

fn error(query: &str) -> ProtocolError {
    parse_request_value(&json!({"query": query, "variables": {}})).unwrap_err()
}

fn message(query: &str) -> String {
    error(query)
        .into_engine_error(EngineProtocol::GraphQl)
        .to_string()
}

fn int(value: i64) -> ArgumentValue {
    ArgumentValue::Scalar(PrismaValue::Int(value))
}

fn where_name(query: &str) -> ArgumentValue {
    single(query)
        .arguments
        .get("where")
        .unwrap()
        .get("name")
        .unwrap()
        .clone()
}

fn field_names(selection: &Selection) -> Vec<&str> {
    selection
        .fields
        .iter()
        .map(|field| field.name.as_str())
        .collect()
}

#[test]
fn pcp_find_unique_with_alias() {
    let operation = single("query {\n  result: findUniqueUser\n  (\n    where: {\n      email: \"a@b.io\"\n    }\n  )\n  {\n    id\n    email\n  }\n}");
    assert_eq!(operation.model.as_deref(), Some("User"));
    assert_eq!(operation.action, Action::FindUnique);
    assert_eq!(operation.alias.as_deref(), Some("result"));
    assert_eq!(operation.response_key(), "result");
    assert_eq!(
        operation.arguments.get("where"),
        Some(&ArgumentValue::Object(vec![(
            "email".into(),
            ArgumentValue::string("a@b.io")
        )]))
    );
    assert_eq!(
        operation.selection,
        Selection {
            fields: vec![
                SelectedField::default_content("id"),
                SelectedField::default_content("email")
            ],
            ..Selection::default()
        }
    );
}

#[test]
fn without_alias_the_field_name_is_the_response_key() {
    let operation = single("{ findManyItem { id } }");
    assert_eq!(operation.alias, None);
    assert_eq!(operation.response_key(), "findManyItem");
}

#[test]
fn every_operation_kind_resolves() {
    let cases = [
        ("query", "findUniqueUser", Action::FindUnique),
        ("query", "findUniqueUserOrThrow", Action::FindUniqueOrThrow),
        ("query", "findFirstUser", Action::FindFirst),
        ("query", "findFirstUserOrThrow", Action::FindFirstOrThrow),
        ("query", "findManyUser", Action::FindMany),
        ("query", "aggregateUser", Action::Aggregate),
        ("query", "groupByUser", Action::GroupBy),
        ("mutation", "createOneUser", Action::CreateOne),
        ("mutation", "createManyUser", Action::CreateMany),
        (
            "mutation",
            "createManyUserAndReturn",
            Action::CreateManyAndReturn,
        ),
        ("mutation", "updateOneUser", Action::UpdateOne),
        ("mutation", "updateManyUser", Action::UpdateMany),
        ("mutation", "upsertOneUser", Action::UpsertOne),
        ("mutation", "deleteOneUser", Action::DeleteOne),
        ("mutation", "deleteManyUser", Action::DeleteMany),
    ];
    for (root, field, action) in cases {
        let operation = single(&format!("{root} {{ result: {field} {{ id }} }}"));
        assert_eq!(operation.action, action, "{field}");
        assert_eq!(operation.model.as_deref(), Some("User"), "{field}");
        assert_eq!(operation.schema_field_name(), field);
    }
}

#[test]
fn raw_operations_decode_their_parameters() {
    let operation = single(
        r#"mutation { result: queryRaw(query: "SELECT $1, $2", parameters: "[\"ADMIN\", 5, 1.5, null]") }"#,
    );
    assert_eq!(operation.model, None);
    assert_eq!(operation.action, Action::QueryRaw);
    assert_eq!(
        operation.arguments.get("query"),
        Some(&ArgumentValue::string("SELECT $1, $2"))
    );
    let parameters = operation
        .arguments
        .get("parameters")
        .unwrap()
        .as_list()
        .unwrap();
    assert_eq!(parameters[0], ArgumentValue::string("ADMIN"));
    assert_eq!(parameters[1], int(5));
    assert!(matches!(
        parameters[2],
        ArgumentValue::Scalar(PrismaValue::Decimal(_))
    ));
    assert!(parameters[3].is_null());
    assert!(operation.selection.is_empty());
}

#[test]
fn raw_parameters_default_to_none() {
    let operation = single(r#"mutation { executeRaw(query: "DELETE FROM t") }"#);
    assert_eq!(operation.action, Action::ExecuteRaw);
    assert_eq!(
        operation.arguments.get("parameters"),
        Some(&ArgumentValue::List(vec![]))
    );
}

#[test]
fn raw_parameters_of_another_type_than_text_are_invalid_argument_types() {
    // 56_raw_raw_sqlite #9: `parameters: [7]` is InvalidArgumentType with inferredType `(Int)`.
    let cases = [
        (
            r#"mutation { queryRaw(query: "x", parameters: [7]) }"#,
            "queryRaw",
            "(Int)",
        ),
        (
            r#"mutation { executeRaw(query: "x", parameters: [1, "a", [2.5]]) }"#,
            "executeRaw",
            "(Int, String, (Float))",
        ),
        (
            r#"mutation { queryRaw(query: "x", parameters: 5) }"#,
            "queryRaw",
            "Int",
        ),
        (
            r#"mutation { queryRaw(query: "x", parameters: {a: 1}) }"#,
            "queryRaw",
            "Object",
        ),
    ];
    for (query, operation, inferred) in cases {
        let error = error(query);
        assert_eq!(
            error,
            ProtocolError::RawParametersType {
                operation: operation.into(),
                inferred_type: inferred.into()
            },
            "{query}"
        );
        let EngineError::Validation(validation) = error.into_engine_error(EngineProtocol::GraphQl)
        else {
            panic!("raw parameter errors are validation errors");
        };
        assert_eq!(validation.code(), "P2009");
        assert_eq!(validation.kind(), "InvalidArgumentType");
        assert_eq!(
            validation.to_string(),
            "Invalid argument type. `parameters` should be of any of the following types: `Json`"
        );
    }
}

#[test]
fn raw_parameters_that_are_not_json_are_rejected() {
    for parameters in [r#""[1,""#, r#""{}""#, "null"] {
        let query = format!(r#"mutation {{ queryRaw(query: "x", parameters: {parameters}) }}"#);
        let rejected = error(&query);
        assert!(
            matches!(rejected, ProtocolError::InvalidRawParameters { .. }),
            "{query}: {rejected:?}"
        );
    }
}

#[test]
fn literals_map_to_generic_values() {
    let operation = single(
        r#"mutation { createOneT(data: {i: -42, f: 1.5, e: 1e+20, s: "x", t: true, n: null, r: ADMIN, l: [1 2], o: {k: []}}) { id } }"#,
    );
    let data = operation.arguments.get("data").unwrap();
    assert_eq!(data.get("i"), Some(&int(-42)));
    assert_eq!(
        data.get("f"),
        Some(&ArgumentValue::Scalar(PrismaValue::Float(1.5)))
    );
    assert_eq!(
        data.get("e"),
        Some(&ArgumentValue::Scalar(PrismaValue::Float(1e20)))
    );
    assert_eq!(data.get("s"), Some(&ArgumentValue::string("x")));
    assert_eq!(
        data.get("t"),
        Some(&ArgumentValue::Scalar(PrismaValue::Boolean(true)))
    );
    assert!(data.get("n").unwrap().is_null());
    assert_eq!(
        data.get("r"),
        Some(&ArgumentValue::Scalar(PrismaValue::Enum("ADMIN".into())))
    );
    assert_eq!(
        data.get("l"),
        Some(&ArgumentValue::List(vec![int(1), int(2)]))
    );
    assert_eq!(
        data.get("o"),
        Some(&ArgumentValue::Object(vec![(
            "k".into(),
            ArgumentValue::List(vec![])
        )]))
    );
}

#[test]
fn typed_strings_stay_strings_for_validation_to_coerce() {
    let operation = single(
        r#"mutation { createOneT(data: {at: "2024-05-01T12:30:00+00:00", big: "9007199254740993", dec: "12.50", json: "{\"a\": 1}"}) { id } }"#,
    );
    let data = operation.arguments.get("data").unwrap();
    assert_eq!(
        data.get("at"),
        Some(&ArgumentValue::string("2024-05-01T12:30:00+00:00"))
    );
    assert_eq!(data.get("json"), Some(&ArgumentValue::string("{\"a\": 1}")));
    assert_eq!(data.get("dec"), Some(&ArgumentValue::string("12.50")));
}

#[test]
fn extreme_integers() {
    let operation =
        single("{ findManyT(where: {a: 9223372036854775807, b: -9223372036854775808}) { id } }");
    let filter = operation.arguments.get("where").unwrap();
    assert_eq!(filter.get("a"), Some(&int(i64::MAX)));
    assert_eq!(filter.get("b"), Some(&int(i64::MIN)));
    assert_eq!(
        error("{ findManyT(take: -9223372036854775809) { id } }"),
        ProtocolError::IntegerOverflow
    );
    assert!(matches!(
        error("{ findManyT(take: 9223372036854775808) { id } }")
            .into_engine_error(EngineProtocol::GraphQl),
        EngineError::IntegerOverflow
    ));
}

#[test]
fn string_escapes_follow_json() {
    assert_eq!(
        where_name(r#"{ findManyT(where: {name: "q\" b\\ s\/ \b\f\n\r\t"}) { id } }"#),
        ArgumentValue::string("q\" b\\ s/ \u{8}\u{c}\n\r\t")
    );
    assert_eq!(
        where_name(r#"{ findManyT(where: {name: "\u0061\u00e9\uFFFF"}) { id } }"#),
        ArgumentValue::string("aé\u{ffff}")
    );
}

#[test]
fn raw_unicode_is_kept() {
    assert_eq!(
        where_name("{ findManyT(where: {name: \"😀 مرحبا\"}) { id } }"),
        ArgumentValue::string("😀 مرحبا")
    );
}

#[test]
fn a_lone_backslash_string_lexes_correctly() {
    // 59_hostile_like_escaping "contains '\'".
    let operation = single(
        r#"query { findManyS(where: {v: {contains: "\\"}}, orderBy: [{id: "asc"}]) { id } }"#,
    );
    assert_eq!(
        operation
            .arguments
            .get("where")
            .unwrap()
            .get("v")
            .unwrap()
            .get("contains"),
        Some(&ArgumentValue::string("\\"))
    );
    assert!(operation.arguments.contains("orderBy"));
}

#[test]
fn bad_escapes_are_syntax_errors() {
    assert_eq!(
        message(r#"{ a(x: "\q") }"#),
        "Error parsing GraphQL query: query parse error: Parse error at 1:8\nUnexpected `bad escaped char 'q'`\n"
    );
    assert_eq!(
        message(r#"{ a(x: "\u12") }"#),
        "Error parsing GraphQL query: query parse error: Parse error at 1:8\nUnexpected `\\u must have 4 characters after it, only found '12'`\n"
    );
}

#[test]
fn block_strings_are_read_like_the_reference_parser() {
    // 45_errors_graphql_document_errors #23: `"""a"""` does not find the item named `a`.
    let block = |text: &str| {
        where_name(&format!(
            "{{ findManyT(where: {{name: \"\"\"{text}\"\"\"}}) {{ id }} }}"
        ))
    };
    assert_eq!(block("a"), ArgumentValue::string("a\n"));
    assert_eq!(block("  a  "), ArgumentValue::string("a\n"));
    assert_eq!(
        block("\n    Hello,\n      World!\n\n    \\\"\"\" end\n  "),
        ArgumentValue::string("Hello,\n  World!\n\n\"\"\" end\n")
    );
    // Only the last line is dropped when blank; earlier blank lines stay.
    assert_eq!(block("a\n\n\n"), ArgumentValue::string("a\n\n"));
    assert_eq!(block("  \n "), ArgumentValue::string(""));
    assert_eq!(block(""), ArgumentValue::string(""));
    // The first line keeps an escaped triple quote as written; later lines lose the common indentation.
    assert_eq!(
        block("x\\\"\"\"\n  y\n z\n"),
        ArgumentValue::string("x\\\"\"\"\n y\nz\n")
    );
}

#[test]
fn block_string_indentation_of_multi_byte_whitespace_does_not_split_characters() {
    // The second line's indentation is one byte; the third line starts with a three-byte space.
    let value = super::syntax::unquote_block_string("\"\"\"a\n b\n\u{3000}c\n\"\"\"");
    assert_eq!(value, "a\nb\nc\n");
}

#[test]
fn nested_selections_keep_their_arguments() {
    let operation = single(
        "query { result: findManyUser(take: 5) { id posts(take: 2, orderBy: [{views: \"desc\"}]) { id title } _count { posts comments(where: {ok: true}) } } }",
    );
    assert_eq!(field_names(&operation.selection), ["id", "posts", "_count"]);
    let FieldSelection::Nested {
        arguments,
        selection,
    } = &operation.selection.fields[1].selection
    else {
        panic!("posts is nested");
    };
    assert_eq!(arguments.get("take"), Some(&int(2)));
    assert_eq!(field_names(selection), ["id", "title"]);
    let FieldSelection::Nested {
        arguments,
        selection,
    } = &operation.selection.fields[2].selection
    else {
        panic!("_count is nested");
    };
    assert!(arguments.is_empty());
    assert_eq!(selection.fields[0], SelectedField::default_content("posts"));
    assert!(matches!(
        selection.fields[1].selection,
        FieldSelection::Nested { .. }
    ));
}

#[test]
fn a_field_with_arguments_but_no_selection_is_nested() {
    let operation = single("{ findManyUser { _count { posts(where: {a: 1}) } } }");
    let FieldSelection::Nested { selection, .. } = &operation.selection.fields[0].selection else {
        panic!("nested");
    };
    let FieldSelection::Nested {
        arguments,
        selection,
    } = &selection.fields[0].selection
    else {
        panic!("posts with arguments is nested");
    };
    assert_eq!(arguments.len(), 1);
    assert!(selection.is_empty());
}

#[test]
fn aggregate_and_group_by_selections() {
    let operation = single("query { result: groupByPost(by: [\"authorId\"]) { authorId _sum { views } _count { _all } } }");
    assert_eq!(operation.action, Action::GroupBy);
    assert_eq!(
        field_names(&operation.selection),
        ["authorId", "_sum", "_count"]
    );
    assert_eq!(
        operation.arguments.get("by"),
        Some(&ArgumentValue::List(vec![ArgumentValue::string(
            "authorId"
        )]))
    );
}

#[test]
fn identical_duplicate_selections_are_merged() {
    let operation = single("{ findManyItem { id id name posts { id } posts { id } } }");
    assert_eq!(field_names(&operation.selection), ["id", "name", "posts"]);
}

#[test]
fn only_the_last_root_field_runs() {
    let operation =
        single("query { first: findManyItem(take: 1) { id } last: findManyItem { name } }");
    assert_eq!(operation.alias.as_deref(), Some("last"));
    assert!(operation.arguments.is_empty());
}

#[test]
fn operation_name_selects_a_definition() {
    let body = json!({"query": "query A { findManyItem { id } } query B { findManyItem { name } }", "variables": {}, "operationName": "B"});
    let QueryDocument::Single(operation) = parse_request_value(&body).unwrap() else {
        panic!()
    };
    assert_eq!(field_names(&operation.selection), ["name"]);
    let body =
        json!({"query": "query A { findManyItem { id } }", "variables": {}, "operationName": "Z"});
    let error = parse_request_value(&body).unwrap_err();
    assert_eq!(
        error.into_engine_error(EngineProtocol::GraphQl).to_string(),
        "Operation 'Z' does not match any query."
    );
}

#[test]
fn snake_case_operation_name_is_ignored() {
    let body = json!({"query": "mutation { result: deleteManyItem { count } }", "variables": {}, "operation_name": "query"});
    let QueryDocument::Single(operation) = parse_request_value(&body).unwrap() else {
        panic!()
    };
    assert_eq!(operation.action, Action::DeleteMany);
}

#[test]
fn named_operations_variable_definitions_and_directives_are_accepted() {
    let operation = single("query Named($x: [Int!]! = [1]) @dir { findManyItem(take: 1) @skip(if: true) { id @include(if: false) } }");
    assert_eq!(operation.action, Action::FindMany);
    assert_eq!(field_names(&operation.selection), ["id"]);
}

#[test]
fn fragment_definitions_alone_are_not_operations() {
    assert_eq!(
        error("fragment F on Item { id }"),
        ProtocolError::NoGraphQlOperation
    );
}

#[test]
fn root_fields_keep_their_name_and_root_for_validation() {
    // Whether the root type has the field is decided in validation (40_errors_validation_unknown_names
    // #17-#20): the decoder keeps every root field, readable or not.
    for (query, name, root) in [
        (
            "query { findAllItems { id } }",
            "findAllItems",
            RootKind::Query,
        ),
        (
            "query { createOneUser(data: {}) { id } }",
            "createOneUser",
            RootKind::Query,
        ),
        (
            "mutation { findManyUser { id } }",
            "findManyUser",
            RootKind::Mutation,
        ),
        (
            "query { r: queryRaw(query: \"x\", parameters: [1]) }",
            "queryRaw",
            RootKind::Query,
        ),
    ] {
        let operation = single(query);
        assert_eq!(
            operation.root_field,
            Some(RootField {
                name: name.into(),
                root
            }),
            "{query}"
        );
        assert_eq!(operation.action.root_kind(), root, "{query}");
    }
    let unreadable = single("query { findAllItems { id } }");
    assert_eq!(unreadable.model, None);
    assert_eq!(unreadable.response_key(), "findAllItems");
    let readable = single("mutation { createManyUserAndReturn(data: []) { id } }");
    assert_eq!(readable.model.as_deref(), Some("User"));
    assert_eq!(readable.action, Action::CreateManyAndReturn);
}

#[test]
fn nested_aliases_are_rejected() {
    assert_eq!(
        message("query { findManyItem { key: id } }"),
        "Unsupported feature: Field alias. Alias 'key' for field 'id', at position 1:24."
    );
}

#[test]
fn unsupported_features_inside_nested_selections_and_values() {
    assert_eq!(
        message("{ findManyItem { posts { ...P } } }"),
        "Unsupported feature: Fragment spread. Fragment 'P', at position 1:29."
    );
    assert_eq!(
        message("{ findManyItem(where: {id: {in: [$a]}}) { id } }"),
        "Unsupported feature: Variable usage. Variable 'a'."
    );
    assert_eq!(
        message("{ ... { findManyItem { id } } }"),
        "Unsupported feature: Inline fragment. At position 1:7."
    );
}

#[test]
fn syntax_errors_name_the_unexpected_token() {
    assert_eq!(
        message("query { findManyItem(take: ) { id } }"),
        "Error parsing GraphQL query: query parse error: Parse error at 1:28\nUnexpected `)[Punctuator]`\nExpected `$`, `[`, `{`, `Name`, `IntValue`, `FloatValue`, `StringValue` or `BlockString`\n"
    );
    assert_eq!(
        message("where a > 1"),
        "Error parsing GraphQL query: query parse error: Parse error at 1:1\nUnexpected `where[Name]`\nExpected `{`, `query`, `mutation`, `subscription` or `fragment`\n"
    );
    assert_eq!(
        message("{ a }\n  }"),
        "Error parsing GraphQL query: query parse error: Parse error at 2:3\nUnexpected `}[Punctuator]`\nExpected `{`, `query`, `mutation`, `subscription`, `fragment` or `end of input`\n"
    );
    assert_eq!(
        message("{ a % }"),
        "Error parsing GraphQL query: query parse error: Parse error at 1:5\nUnexpected `unexpected character '%'`\n"
    );
    assert_eq!(
        message("{ }"),
        "Error parsing GraphQL query: query parse error: Parse error at 1:3\nUnexpected `}[Punctuator]`\nExpected `Name`\n"
    );
    assert_eq!(
        message("{ a(x 1) }"),
        "Error parsing GraphQL query: query parse error: Parse error at 1:7\nUnexpected `1[IntValue]`\nExpected `:`\n"
    );
}

#[test]
fn syntax_errors_are_unknown_shape_errors() {
    let engine_error = error("query {").into_engine_error(EngineProtocol::GraphQl);
    assert_eq!(engine_error.code(), None);
    assert_eq!(engine_error.http_status(), 200);
}

#[test]
fn batches_decode_each_document() {
    let body = json!({
        "batch": [
            {"query": "mutation { result: createOneUser(data: {email: \"a\"}) { id } }", "variables": {}},
            {"query": "mutation { result: deleteManyPost { count } }", "variables": {}}
        ],
        "transaction": true,
        "isolationLevel": "Serializable"
    });
    let QueryDocument::Batch {
        operations,
        transaction,
    } = parse_request_value(&body).unwrap()
    else {
        panic!("batch");
    };
    assert_eq!(operations.len(), 2);
    assert_eq!(operations[1].action, Action::DeleteMany);
    assert_eq!(
        transaction.unwrap().isolation_level.as_deref(),
        Some("Serializable")
    );
}

#[test]
fn non_transactional_batches_have_no_transaction() {
    let body = json!({"batch": [{"query": "{ findManyA { id } }", "variables": {}}], "transaction": false, "isolationLevel": "Serializable"});
    let QueryDocument::Batch { transaction, .. } = parse_request_value(&body).unwrap() else {
        panic!()
    };
    assert_eq!(transaction, None);
}

#[test]
fn malformed_bodies_are_422() {
    for body in [
        json!([]),
        json!({"query": "{ a }"}),
        json!({"query": "{ a }", "variables": {"t": 1}}),
        json!({"query": 5, "variables": {}}),
        json!({"batch": [{"query": "{ findManyA { id } }", "variables": {}}]}),
        json!({"batch": [{"query": "{ findManyA { id } }"}], "transaction": true}),
        json!({"batch": {}, "transaction": true}),
        json!({"nothing": true}),
    ] {
        let error = parse_request_value(&body).unwrap_err();
        assert!(
            matches!(
                error,
                ProtocolError::MalformedRequest {
                    body_type: "GraphqlBody",
                    ..
                }
            ),
            "{body}: {error:?}"
        );
        assert_eq!(
            error
                .into_engine_error(EngineProtocol::GraphQl)
                .http_status(),
            422
        );
    }
}

#[test]
fn text_bodies_must_be_json() {
    assert!(matches!(
        parse_request("{"),
        Err(ProtocolError::InvalidJson(_))
    ));
    assert!(parse_request(r#"{"query": "{ findManyA { id } }", "variables": {}}"#).is_ok());
}

#[test]
fn a_failing_batch_item_fails_the_request() {
    let body = json!({"batch": [{"query": "{ findManyA { id } }", "variables": {}}, {"query": "{ findManyA { id ", "variables": {}}], "transaction": false});
    assert!(matches!(
        parse_request_value(&body),
        Err(ProtocolError::GraphQlSyntax(_))
    ));
}

#[test]
fn comments_are_insignificant() {
    let operation = single("# leading\nquery { # after brace\n result: findManyItem # here\n { id # x\n } }\n# trailing");
    assert_eq!(field_names(&operation.selection), ["id"]);
}
