use std::str::FromStr;

use bigdecimal::BigDecimal;
use chrono::DateTime;
use serde_json::{json, Value};

use super::*;
use crate::error::EngineError;
use crate::protocol::EngineProtocol;
use crate::value::PrismaValue;

fn single(body: Value) -> Operation {
    match parse_request_value(&body).unwrap() {
        QueryDocument::Single(operation) => operation,
        other => panic!("expected a single operation, got {other:?}"),
    }
}

/// Decodes `value` as the only argument of a findMany.
fn argument(value: Value) -> Result<ArgumentValue, ProtocolError> {
    let body = json!({"modelName": "T", "action": "findMany", "query": {"arguments": {"where": value}, "selection": {"$scalars": true}}});
    parse_request_value(&body).map(|document| match document {
        QueryDocument::Single(mut operation) => operation.arguments.remove("where").unwrap(),
        other => panic!("unexpected {other:?}"),
    })
}

fn scalar(value: Value) -> PrismaValue {
    match argument(value).unwrap() {
        ArgumentValue::Scalar(scalar) => scalar,
        other => panic!("expected a scalar, got {other:?}"),
    }
}

fn conversion_message(value: Value) -> String {
    let error = argument(value).unwrap_err();
    assert!(
        matches!(error, ProtocolError::UnconvertibleValue(_)),
        "{error:?}"
    );
    error.into_engine_error(EngineProtocol::Json).message()
}

#[test]
fn the_specification_example_decodes_completely() {
    let operation = single(json!({
        "modelName": "User",
        "action": "findMany",
        "query": {
            "arguments": {
                "where": {"email": {"endsWith": "@b.io"}, "createdAt": {"gt": {"$type": "DateTime", "value": "2024-01-01T00:00:00.000Z"}}},
                "orderBy": [{"createdAt": "desc"}],
                "take": 10
            },
            "selection": {
                "$scalars": true,
                "posts": {"arguments": {"where": {"views": {"gt": 10}}}, "selection": {"$scalars": true}},
                "_count": {"selection": {"posts": true}}
            }
        }
    }));
    assert_eq!(operation.model.as_deref(), Some("User"));
    assert_eq!(operation.action, Action::FindMany);
    assert_eq!(operation.response_key(), "findManyUser");
    let names: Vec<&str> = operation.arguments.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["where", "orderBy", "take"]);
    assert_eq!(
        operation.arguments.get("take"),
        Some(&ArgumentValue::Scalar(PrismaValue::Int(10)))
    );
    let created_at = operation
        .arguments
        .get("where")
        .unwrap()
        .get("createdAt")
        .unwrap()
        .get("gt")
        .unwrap();
    assert_eq!(
        created_at,
        &ArgumentValue::Scalar(PrismaValue::DateTime(
            DateTime::parse_from_rfc3339("2024-01-01T00:00:00Z").unwrap()
        ))
    );
    assert_eq!(
        operation.arguments.get("orderBy"),
        Some(&ArgumentValue::List(vec![ArgumentValue::Object(vec![(
            "createdAt".into(),
            ArgumentValue::string("desc")
        )])]))
    );

    let selection = &operation.selection;
    assert!(selection.all_scalars && !selection.all_composites);
    let FieldSelection::Nested {
        arguments,
        selection: posts,
    } = &selection.field("posts").unwrap().selection
    else {
        panic!("posts is nested");
    };
    assert!(arguments.contains("where"));
    assert!(posts.all_scalars);
    let FieldSelection::Nested {
        arguments,
        selection: count,
    } = &selection.field("_count").unwrap().selection
    else {
        panic!("_count is nested");
    };
    assert!(arguments.is_empty());
    assert_eq!(count.fields, vec![SelectedField::default_content("posts")]);
}

#[test]
fn plain_numbers_become_int_or_float() {
    assert_eq!(scalar(json!(42)), PrismaValue::Int(42));
    assert_eq!(scalar(json!(-7)), PrismaValue::Int(-7));
    assert_eq!(scalar(json!(i64::MIN)), PrismaValue::Int(i64::MIN));
    assert_eq!(scalar(json!(1.25)), PrismaValue::Float(1.25));
    // Written with a fraction: a float, which validation may still accept for an Int field.
    assert_eq!(scalar(json!(3.0)), PrismaValue::Float(3.0));
    // 45_errors_graphql_document_errors: beyond i64 becomes a float.
    let body = r#"{"modelName":"Item","action":"findMany","query":{"arguments":{"take":9223372036854775808},"selection":{"$scalars":true}}}"#;
    let QueryDocument::Single(operation) = parse_request(body).unwrap() else {
        panic!()
    };
    assert_eq!(
        operation.arguments.get("take"),
        Some(&ArgumentValue::Scalar(PrismaValue::Float(
            9.223372036854776e18
        )))
    );
}

#[test]
fn plain_strings_booleans_nulls_and_lists() {
    assert_eq!(scalar(json!("text")), PrismaValue::String("text".into()));
    assert_eq!(scalar(json!(true)), PrismaValue::Boolean(true));
    assert_eq!(scalar(json!(null)), PrismaValue::Null);
    assert_eq!(
        argument(json!([1, "a", null])).unwrap(),
        ArgumentValue::List(vec![
            PrismaValue::Int(1).into(),
            ArgumentValue::string("a"),
            ArgumentValue::null()
        ])
    );
}

#[test]
fn datetime_tags_accept_rfc3339_variants() {
    // 63_hostile_datetime_edges: lowercase separators, a space, a leap second and nanoseconds are accepted.
    for text in [
        "2024-05-01T12:30:00.123Z",
        "2024-03-01t10:00:00z",
        "2024-03-01 10:00:00Z",
        "2016-12-31T23:59:60.000Z",
        "2024-01-01T00:00:00.123456789Z",
        "2024-01-01T00:00:00.000+14:00",
        "0001-01-01T00:00:00.000Z",
    ] {
        let value = scalar(json!({"$type": "DateTime", "value": text}));
        assert!(matches!(value, PrismaValue::DateTime(_)), "{text}");
    }
    let PrismaValue::DateTime(at) =
        scalar(json!({"$type": "DateTime", "value": "2024-05-01T18:00:00.000+05:30"}))
    else {
        panic!()
    };
    assert_eq!(
        at.offset().local_minus_utc(),
        5 * 3600 + 30 * 60,
        "the offset is kept until the response"
    );
}

#[test]
fn malformed_datetime_tags_match_goldens() {
    // 07_reads_filter_bool_datetime and 63_hostile_datetime_edges.
    for text in [
        "2024-01-01",
        "2024-01-01T00:00:00",
        "2023-02-29T00:00:00.000Z",
        "+10000-01-01T00:00:00.000Z",
        "2024-01-01T00:00:00+0200",
    ] {
        assert_eq!(
            conversion_message(json!({"$type": "DateTime", "value": text})),
            format!("Could not convert argument value Object {{\"$type\": String(\"DateTime\"), \"value\": String(\"{text}\")}} to ArgumentValue.")
        );
    }
}

#[test]
fn bigint_tags() {
    assert_eq!(
        scalar(json!({"$type": "BigInt", "value": "9007199254740993"})),
        PrismaValue::BigInt(9_007_199_254_740_993)
    );
    assert_eq!(
        scalar(json!({"$type": "BigInt", "value": "-9223372036854775808"})),
        PrismaValue::BigInt(i64::MIN)
    );
    for bad in [
        json!("9223372036854775808"),
        json!("1.5"),
        json!("abc"),
        json!(5),
    ] {
        let message = conversion_message(json!({"$type": "BigInt", "value": bad}));
        assert!(
            message.starts_with(
                "Could not convert argument value Object {\"$type\": String(\"BigInt\")"
            ),
            "{message}"
        );
    }
}

#[test]
fn decimal_tags_keep_the_exact_value() {
    let decimal = |text: &str| PrismaValue::Decimal(BigDecimal::from_str(text).unwrap());
    assert_eq!(
        scalar(json!({"$type": "Decimal", "value": "10.50"})),
        decimal("10.50")
    );
    assert_eq!(
        scalar(json!({"$type": "Decimal", "value": "1.5e3"})),
        decimal("1500")
    );
    assert_eq!(
        scalar(json!({"$type": "Decimal", "value": "1234567890.123456789"})),
        decimal("1234567890.123456789")
    );
    assert_eq!(
        conversion_message(json!({"$type": "Decimal", "value": "twelve"})),
        r#"Could not convert argument value Object {"$type": String("Decimal"), "value": String("twelve")} to ArgumentValue."#
    );
}

#[test]
fn bytes_tags_are_base64_with_optional_padding() {
    assert_eq!(
        scalar(json!({"$type": "Bytes", "value": "AQID"})),
        PrismaValue::Bytes(vec![1, 2, 3])
    );
    assert_eq!(
        scalar(json!({"$type": "Bytes", "value": ""})),
        PrismaValue::Bytes(vec![])
    );
    assert_eq!(
        scalar(json!({"$type": "Bytes", "value": "AQI="})),
        PrismaValue::Bytes(vec![1, 2])
    );
    assert_eq!(
        scalar(json!({"$type": "Bytes", "value": "AQI"})),
        PrismaValue::Bytes(vec![1, 2])
    );
    conversion_message(json!({"$type": "Bytes", "value": "not base64!"}));
}

#[test]
fn json_tags_are_normalized_to_compact_text() {
    // 65_hostile_json_values: whitespace goes, key order stays, numbers print as serde_json prints them.
    assert_eq!(
        scalar(json!({"$type": "Json", "value": "  [ 1 ,\n 2 ]  "})),
        PrismaValue::Json("[1,2]".into())
    );
    assert_eq!(
        scalar(
            json!({"$type": "Json", "value": "{\"b\":1,\"a\":2,\"c\":{\"z\":1,\"y\":[3,2,1]}}"})
        ),
        PrismaValue::Json("{\"b\":1,\"a\":2,\"c\":{\"z\":1,\"y\":[3,2,1]}}".into())
    );
    assert_eq!(
        scalar(
            json!({"$type": "Json", "value": "{\"big\":9007199254740993,\"float\":1.10,\"exp\":1e5,\"neg\":-0,\"small\":1e-7}"})
        ),
        PrismaValue::Json(
            "{\"big\":9007199254740993,\"float\":1.1,\"exp\":100000.0,\"neg\":-0.0,\"small\":1e-7}"
                .into()
        )
    );
    assert_eq!(
        scalar(json!({"$type": "Json", "value": "\"\\u00e9\\ud83d\\ude00\""})),
        PrismaValue::Json("\"é😀\"".into())
    );
    assert_eq!(
        scalar(json!({"$type": "Json", "value": "null"})),
        PrismaValue::Json("null".into())
    );
}

#[test]
fn unparsable_json_tags_are_errors_not_crashes() {
    // 65_hostile_json_values: the reference engine panics on these; an error is the better answer.
    conversion_message(json!({"$type": "Json", "value": "{\"huge\":1e400}"}));
    conversion_message(json!({"$type": "Json", "value": "{not json"}));
    conversion_message(json!({"$type": "Json", "value": {"a": 1}}));
}

#[test]
fn enum_field_ref_and_raw_tags() {
    // 10_reads_filter_json's null sentinels and 22_writes_create_json_enum's enum values.
    assert_eq!(
        scalar(json!({"$type": "Enum", "value": "JsonNull"})),
        PrismaValue::Enum("JsonNull".into())
    );
    assert_eq!(
        argument(json!({"$type": "FieldRef", "value": {"_ref": "likes", "_container": "Post"}}))
            .unwrap(),
        ArgumentValue::FieldRef {
            field: "likes".into(),
            container: "Post".into()
        }
    );
    assert_eq!(
        argument(json!({"$type": "Raw", "value": {"$match": {}}})).unwrap(),
        ArgumentValue::Raw(json!({"$match": {}}))
    );
    conversion_message(json!({"$type": "Enum", "value": 3}));
    conversion_message(json!({"$type": "FieldRef", "value": {"_ref": "likes"}}));
    conversion_message(json!({"$type": "DateTime"}));
}

#[test]
fn objects_with_unknown_type_tags_stay_objects() {
    assert_eq!(
        argument(json!({"$type": "Param", "value": "x"})).unwrap(),
        ArgumentValue::Object(vec![
            ("$type".into(), ArgumentValue::string("Param")),
            ("value".into(), ArgumentValue::string("x"))
        ])
    );
}

#[test]
fn tags_inside_nested_objects_and_lists_are_decoded() {
    let value =
        argument(json!({"OR": [{"id": {"in": [{"$type": "BigInt", "value": "1"}]}}]})).unwrap();
    let id_in = value.get("OR").unwrap().as_list().unwrap()[0]
        .get("id")
        .unwrap()
        .get("in")
        .unwrap();
    assert_eq!(
        id_in,
        &ArgumentValue::List(vec![PrismaValue::BigInt(1).into()])
    );
}

#[test]
fn encode_argument_inverts_decoding() {
    let original = json!({
        "a": 1, "b": 1.5, "c": "s", "d": null, "e": [true, false],
        "f": {"$type": "BigInt", "value": "5"},
        "g": {"$type": "Enum", "value": "ADMIN"},
        "h": {"$type": "FieldRef", "value": {"_ref": "likes", "_container": "Post"}},
        "i": {"$type": "Raw", "value": {"$match": {"x": 1}}},
        "j": {"$type": "Json", "value": "{\"k\":[1,2]}"},
        "k": {"$type": "Bytes", "value": "AQID"},
        "l": {"$type": "Decimal", "value": "10.50"}
    });
    let decoded = decode_argument(&original).unwrap();
    assert_eq!(
        decode_argument(&encode_argument(&decoded)).unwrap(),
        decoded
    );
    assert_eq!(
        encode_argument(&decoded)["f"],
        json!({"$type": "BigInt", "value": "5"})
    );
    let at =
        decode_argument(&json!({"$type": "DateTime", "value": "2024-05-01T18:00:00.123456+05:30"}))
            .unwrap();
    assert_eq!(
        decode_argument(&encode_argument(&at)).unwrap(),
        at,
        "precision and offset survive"
    );
}

#[test]
fn selections_have_exclusions_and_markers() {
    let operation = single(json!({
        "modelName": "User", "action": "findFirst",
        "query": {"selection": {"$scalars": true, "$composites": true, "email": false, "posts": true, "password": false}}
    }));
    let selection = operation.selection;
    assert!(selection.all_scalars && selection.all_composites);
    assert_eq!(selection.exclusions, ["email", "password"]);
    assert!(selection.excludes("password") && !selection.excludes("posts"));
    assert_eq!(
        selection.fields,
        vec![SelectedField::default_content("posts")]
    );
    assert!(operation.arguments.is_empty(), "absent arguments are empty");
}

#[test]
fn deeply_nested_selections_with_arguments() {
    let operation = single(json!({
        "modelName": "User", "action": "findMany",
        "query": {"arguments": null, "selection": {
            "posts": {"arguments": {"take": 2}, "selection": {
                "title": true,
                "comments": {"arguments": {"where": {"approved": true}}, "selection": {"$scalars": true, "body": false}}
            }}
        }}
    }));
    let expected_comments = SelectedField::nested(
        "comments",
        [(
            "where".to_owned(),
            ArgumentValue::Object(vec![("approved".into(), PrismaValue::Boolean(true).into())]),
        )]
        .into_iter()
        .collect(),
        Selection {
            all_scalars: true,
            exclusions: vec!["body".into()],
            ..Selection::default()
        },
    );
    let expected_posts = SelectedField::nested(
        "posts",
        [("take".to_owned(), PrismaValue::Int(2).into())]
            .into_iter()
            .collect(),
        Selection {
            fields: vec![SelectedField::default_content("title"), expected_comments],
            ..Selection::default()
        },
    );
    assert_eq!(operation.selection.fields, vec![expected_posts]);
    assert!(!operation.selection.is_empty());
}

#[test]
fn an_empty_selection_is_decoded_for_validation_to_judge() {
    let operation =
        single(json!({"modelName": "User", "action": "findMany", "query": {"selection": {}}}));
    assert!(operation.selection.is_empty());
}

#[test]
fn transactional_batches_carry_the_isolation_level() {
    let body = json!({
        "batch": [
            {"modelName": "User", "action": "findUnique", "query": {"arguments": {"where": {"id": "u1"}}, "selection": {"$scalars": true}}},
            {"modelName": "User", "action": "findUnique", "query": {"arguments": {"where": {"id": "u2"}}, "selection": {"$scalars": true}}}
        ],
        "transaction": {"isolationLevel": "Serializable"}
    });
    let QueryDocument::Batch {
        operations,
        transaction,
    } = parse_request_value(&body).unwrap()
    else {
        panic!()
    };
    assert_eq!(operations.len(), 2);
    assert_eq!(
        operations[1]
            .arguments
            .get("where")
            .unwrap()
            .get("id")
            .unwrap()
            .as_str(),
        Some("u2")
    );
    assert_eq!(
        transaction,
        Some(BatchTransaction {
            isolation_level: Some("Serializable".into())
        })
    );
}

#[test]
fn batch_transaction_forms() {
    let batch = |transaction: Option<Value>| {
        let mut body = json!({"batch": [{"modelName": "Acct", "action": "aggregate", "query": {"selection": {"_count": {"selection": {"_all": true}}}}}]});
        if let Some(transaction) = transaction {
            body["transaction"] = transaction;
        }
        match parse_request_value(&body) {
            Ok(QueryDocument::Batch { transaction, .. }) => Ok(transaction),
            Ok(other) => panic!("{other:?}"),
            Err(error) => Err(error),
        }
    };
    assert_eq!(batch(None), Ok(None));
    assert_eq!(batch(Some(Value::Null)), Ok(None));
    assert_eq!(
        batch(Some(json!({}))),
        Ok(Some(BatchTransaction::default()))
    );
    assert!(matches!(
        batch(Some(json!(true))),
        Err(ProtocolError::MalformedRequest { .. })
    ));
    // 48_tx_batch_non_transactional, "empty non-transactional batch".
    assert_eq!(
        parse_request(r#"{"batch": []}"#),
        Ok(QueryDocument::Batch {
            operations: vec![],
            transaction: None
        })
    );
}

#[test]
fn raw_parameters_given_as_text_become_bind_values() {
    // 56_raw_raw_sqlite, "queryRaw parameter literals".
    let operation = single(
        json!({"action": "queryRaw", "query": {"arguments": {"query": "SELECT ? AS i, ? AS s, ? AS f, ? AS t, ? AS n", "parameters": "[1,\"x\",1.5,true,null]"}, "selection": {}}}),
    );
    assert_eq!(operation.model, None);
    assert_eq!(operation.response_key(), "queryRaw");
    assert_eq!(
        operation.arguments.get("query").unwrap().as_str(),
        Some("SELECT ? AS i, ? AS s, ? AS f, ? AS t, ? AS n")
    );
    assert_eq!(
        operation.arguments.get("parameters"),
        Some(&ArgumentValue::List(vec![
            PrismaValue::Int(1).into(),
            ArgumentValue::string("x"),
            PrismaValue::Decimal(BigDecimal::from_str("1.5").unwrap()).into(),
            PrismaValue::Boolean(true).into(),
            ArgumentValue::null(),
        ]))
    );
}

#[test]
fn raw_parameters_given_as_an_array_or_not_at_all() {
    // 56_raw_raw_sqlite, "queryRaw with parameters as a JSON array (JSON protocol only)".
    let operation = single(
        json!({"action": "queryRaw", "query": {"arguments": {"query": "SELECT ? AS a", "parameters": [7]}, "selection": {}}}),
    );
    assert_eq!(
        operation.arguments.get("parameters"),
        Some(&ArgumentValue::List(vec![PrismaValue::Int(7).into()]))
    );
    let operation = single(
        json!({"action": "executeRaw", "query": {"arguments": {"query": "DELETE FROM R"}, "selection": {}}}),
    );
    assert_eq!(
        operation.arguments.get("parameters"),
        Some(&ArgumentValue::List(vec![]))
    );
}

#[test]
fn raw_parameters_that_are_not_an_array_match_golden() {
    // 56_raw_raw_sqlite, "error: parameters not a JSON array".
    let body = json!({"action": "queryRaw", "query": {"arguments": {"query": "SELECT 1", "parameters": "{\"a\":1}"}, "selection": {}}});
    let error = parse_request_value(&body)
        .unwrap_err()
        .into_engine_error(EngineProtocol::Json);
    let golden: Value = serde_json::from_str(r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: InvalidArgumentValue, message: \"Invalid argument agument value. `{\\\"a\\\":1}` is not a valid `JSON array`\", meta: Some(Object {\"argumentPath\": Array [String(\"parameters\")], \"argument\": Object {\"name\": String(\"parameters\"), \"typeNames\": Array [String(\"JSON array\")]}, \"selectionPath\": Array [String(\"queryRaw\")], \"underlyingError\": Null}) })","user_facing_error":{"is_panic":false,"message":"Invalid argument agument value. `{\"a\":1}` is not a valid `JSON array`","meta":{"kind":"InvalidArgumentValue","argumentPath":["parameters"],"argument":{"name":"parameters","typeNames":["JSON array"]},"selectionPath":["queryRaw"],"underlyingError":null},"error_code":"P2009"}}]}"#).unwrap();
    assert_eq!(error.to_envelope().to_string(), golden.to_string());
}

#[test]
fn mongo_raw_actions_keep_their_arguments() {
    let operation = single(
        json!({"modelName": "User", "action": "aggregateRaw", "query": {"arguments": {"pipeline": [{"$type": "Raw", "value": {"$match": {}}}]}, "selection": {}}}),
    );
    assert_eq!(operation.response_key(), "aggregateUserRaw");
    assert_eq!(
        operation.arguments.get("pipeline"),
        Some(&ArgumentValue::List(vec![ArgumentValue::Raw(
            json!({"$match": {}})
        )]))
    );
    assert!(!operation.arguments.contains("parameters"));
}

#[test]
fn unknown_actions_are_rejected_cleanly() {
    let error =
        parse_request(r#"{"modelName": "User", "action": "findAll", "query": {"selection": {}}}"#)
            .unwrap_err();
    assert_eq!(error, ProtocolError::UnknownAction("findAll".into()));
    let engine_error = error.into_engine_error(EngineProtocol::Json);
    assert_eq!(engine_error.http_status(), 422);
    assert_eq!(
        engine_error.message(),
        "Error parsing Json query. Ensure that engine protocol of the client and the engine matches. unknown action `findAll`"
    );
}

#[test]
fn structurally_wrong_bodies_are_422_with_prismas_wording() {
    for body in [
        json!({"modelName": "User", "query": {"selection": {}}}),
        json!({"modelName": "User", "action": "findMany"}),
        json!({"modelName": "User", "action": "findMany", "query": {"arguments": {}}}),
        json!({"modelName": "User", "action": "findMany", "query": {"selection": {"id": 1}}}),
        json!({"modelName": "User", "action": "findMany", "query": {"selection": {"$scalars": "yes"}}}),
        json!({"modelName": "User", "action": "findMany", "query": {"selection": {"posts": {"arguments": {}}}}}),
        json!({"modelName": "User", "action": "findMany", "query": {"arguments": [], "selection": {}}}),
        json!({"modelName": 5, "action": "findMany", "query": {"selection": {}}}),
        json!({"batch": {}}),
        json!([1, 2]),
    ] {
        let error = parse_request_value(&body).unwrap_err();
        assert!(
            matches!(error, ProtocolError::MalformedRequest { .. }),
            "{body}: {error:?}"
        );
        let engine_error = error.into_engine_error(EngineProtocol::Json);
        assert_eq!(engine_error.http_status(), 422);
        assert_eq!(
            engine_error.to_envelope(),
            json!({"is_panic": false, "message": "Error parsing Json query. Ensure that engine protocol of the client and the engine matches. data did not match any variant of untagged enum JsonBody", "backtrace": null})
        );
    }
}

#[test]
fn bodies_that_are_not_json_report_the_parser_error() {
    let error = parse_request("{\"action\": ").unwrap_err();
    assert_eq!(
        error,
        ProtocolError::InvalidJson("EOF while parsing a value at line 1 column 11".into())
    );
    assert!(matches!(
        error.into_engine_error(EngineProtocol::Json),
        EngineError::UndecodableRequest { .. }
    ));
    assert!(matches!(
        parse_request(""),
        Err(ProtocolError::InvalidJson(_))
    ));
}

#[test]
fn arguments_can_be_edited_in_place() {
    let mut arguments: Arguments = [
        ("b".to_owned(), ArgumentValue::null()),
        ("a".to_owned(), ArgumentValue::string("x")),
    ]
    .into_iter()
    .collect();
    arguments.insert("b", ArgumentValue::string("y"));
    let names: Vec<&str> = arguments.iter().map(|(name, _)| name).collect();
    assert_eq!(names, ["b", "a"], "replacing keeps the position");
    assert_eq!(arguments.remove("a"), Some(ArgumentValue::string("x")));
    assert_eq!(arguments.len(), 1);
}
