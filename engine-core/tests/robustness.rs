//! Property tests of the JSON protocol decoder: no body, however malformed, makes `parse_request` panic;
//! well-formed requests decode, and a tagged value with a bad payload is an error, never a panic.
//!
//! Case counts are kept small so the whole file runs in a few seconds in a debug build.

use engine_core::protocol::json::{parse_request, parse_request_value};
use engine_core::protocol::{
    Action, ArgumentValue, FieldSelection, ProtocolError, QueryDocument, Selection,
};
use engine_core::value::PrismaValue;
use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{json, Map, Value};

/// `cases` cases (or `PROPTEST_CASES` when set, for a longer local run), and no regression files written
/// next to the sources.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Decodes `body` both as text and as a parsed value; the two must succeed or fail alike (the documents may
/// differ in the last bit of a float, which JSON text does not always round-trip).
fn decode(body: &Value) -> Result<QueryDocument, ProtocolError> {
    let from_value = parse_request_value(body);
    let from_text = parse_request(&body.to_string());
    assert_eq!(
        from_value
            .as_ref()
            .map(|_| ())
            .map_err(std::mem::discriminant),
        from_text
            .as_ref()
            .map(|_| ())
            .map_err(std::mem::discriminant),
        "text and value decoding differ for {body}: {from_value:?} / {from_text:?}"
    );
    from_value
}

// ----- arbitrary input ----------------------------------------------------------------------------------

const KEYS: &[&str] = &[
    "modelName",
    "action",
    "query",
    "arguments",
    "selection",
    "batch",
    "transaction",
    "isolationLevel",
    "$scalars",
    "$composites",
    "$type",
    "value",
    "parameters",
    "prisma__type",
    "prisma__value",
    "_ref",
    "_container",
    "where",
    "data",
    "id",
];

const STRINGS: &[&str] = &[
    "findMany",
    "findUnique",
    "createOne",
    "queryRaw",
    "executeRaw",
    "runCommandRaw",
    "aggregateRaw",
    "User",
    "DateTime",
    "BigInt",
    "Decimal",
    "Bytes",
    "Json",
    "Enum",
    "FieldRef",
    "Raw",
    "date",
    "bigint",
    "decimal",
    "bytes",
    "2024-01-01T00:00:00Z",
    "9223372036854775808",
    "1e9223372036854775807",
    "1e-9223372036854775808",
    "AAAA",
    "[1, 2]",
    "{",
    "",
    "é😀\u{0}",
];

fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => select(KEYS).prop_map(String::from),
        1 => "[a-z$_]{0,6}",
    ]
}

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        select(STRINGS).prop_map(Value::from),
        any::<String>().prop_map(Value::String),
    ]
}

/// Any JSON value, biased towards the protocol's own keys and strings.
fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((json_key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

/// A request-shaped body whose parts are arbitrary values.
fn request_shaped() -> impl Strategy<Value = Value> {
    (
        prop::option::of(json_value()),
        prop_oneof![
            select(Action::ALL.map(Action::as_str).to_vec()).prop_map(Value::from),
            json_value()
        ],
        json_value(),
        json_value(),
        any::<bool>(),
        json_value(),
    )
        .prop_map(
            |(model, action, arguments, selection, batch, transaction)| {
                let mut operation = Map::new();
                if let Some(model) = model {
                    operation.insert("modelName".into(), model);
                }
                operation.insert("action".into(), action);
                operation.insert(
                    "query".into(),
                    json!({"arguments": arguments, "selection": selection}),
                );
                let operation = Value::Object(operation);
                if batch {
                    json!({"batch": [operation.clone(), operation], "transaction": transaction})
                } else {
                    operation
                }
            },
        )
}

/// Text that is almost JSON: JSON tokens glued at random.
fn json_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        select(
            &[
                "{",
                "}",
                "[",
                "]",
                ":",
                ",",
                "\"",
                "\"modelName\"",
                "\"action\"",
                "\"query\"",
                "\"findMany\"",
                "\"$type\"",
                "\"value\"",
                "1",
                "-0",
                "1e999",
                "true",
                "null",
                "\\u",
                "\\ud800",
                " ",
                "\n",
            ][..],
        ),
        0..60,
    )
    .prop_map(|tokens| tokens.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_json_values_never_panic(body in json_value()) {
        let _ = decode(&body);
    }

    #[test]
    fn request_shaped_values_never_panic(body in request_shaped()) {
        let _ = decode(&body);
    }

    #[test]
    fn arbitrary_text_never_panics(body in any::<String>()) {
        let _ = parse_request(&body);
    }

    #[test]
    fn arbitrary_bytes_as_lossy_utf8_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_request(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn json_token_soup_never_panics(body in json_soup()) {
        let _ = parse_request(&body);
    }
}

proptest! {
    #![proptest_config(config(32))]

    /// Deeply nested bodies (arrays, objects, selections): the JSON parser's depth limit turns them into an
    /// error before any recursion in the decoder can overflow the stack.
    #[test]
    fn deeply_nested_text_is_an_error_or_decodes(kind in 0u8..3, depth in 1usize..20_000) {
        let body = match kind {
            0 => "[".repeat(depth),
            1 => format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth)),
            _ => format!(
                "{{\"action\":\"findMany\",\"query\":{}{{\"selection\":{{}}}}{}}}",
                "{\"selection\":{\"f\":".repeat(depth),
                "}}".repeat(depth)
            ),
        };
        let result = parse_request(&body);
        if depth > 200 {
            prop_assert!(matches!(result, Err(ProtocolError::InvalidJson(_))), "{:?}", result);
        }
    }
}

// ----- well-formed requests -----------------------------------------------------------------------------

/// A tagged value `{"$type": tag, "value": payload}` and whether the payload fits the tag.
#[derive(Debug, Clone)]
struct Tagged {
    json: Value,
    valid: bool,
}

fn rfc3339() -> impl Strategy<Value = String> {
    (
        1i32..=9999,
        1u32..=12,
        1u32..=28,
        0u32..24,
        0u32..60,
        0u32..60,
        prop::option::of(0u32..1_000_000_000),
        prop_oneof![
            Just("Z".to_string()),
            Just("z".to_string()),
            (select(&['+', '-'][..]), 0u32..24, 0u32..60)
                .prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
        ],
        select(&['T', 't', ' '][..]),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, offset, sep)| {
            let frac = frac.map(|f| format!(".{f:09}")).unwrap_or_default();
            format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{frac}{offset}")
        })
}

fn decimal_text() -> impl Strategy<Value = String> {
    (
        select(&["", "-", "+"][..]),
        "[0-9]{1,30}",
        prop::option::of("[0-9]{1,20}"),
        prop::option::of((
            select(&["e", "E"][..]),
            select(&["", "-", "+"][..]),
            0u32..300,
        )),
    )
        .prop_map(|(sign, int, frac, exp)| {
            let mut text = format!("{sign}{int}");
            if let Some(frac) = frac {
                text.push('.');
                text.push_str(&frac);
            }
            if let Some((e, s, n)) = exp {
                text.push_str(&format!("{e}{s}{n}"));
            }
            text
        })
}

fn base64(bytes: &[u8], pad: bool) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        let symbols = chunk.len() + 1;
        for i in 0..4 {
            if i < symbols {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else if pad {
                out.push('=');
            }
        }
    }
    out
}

fn tagged(
    tag: &'static str,
    payload: impl Strategy<Value = Value> + 'static,
    valid: bool,
) -> BoxedStrategy<Tagged> {
    payload
        .prop_map(move |payload| Tagged {
            json: json!({"$type": tag, "value": payload}),
            valid,
        })
        .boxed()
}

fn valid_tagged() -> impl Strategy<Value = Tagged> {
    prop_oneof![
        tagged("DateTime", rfc3339().prop_map(Value::from), true),
        tagged(
            "BigInt",
            any::<i64>().prop_map(|n| Value::from(n.to_string())),
            true
        ),
        tagged("Decimal", decimal_text().prop_map(Value::from), true),
        tagged(
            "Bytes",
            (prop::collection::vec(any::<u8>(), 0..40), any::<bool>())
                .prop_map(|(b, pad)| Value::from(base64(&b, pad))),
            true
        ),
        tagged(
            "Json",
            json_value().prop_map(|v| Value::from(v.to_string())),
            true
        ),
        tagged(
            "Enum",
            "[A-Za-z_][A-Za-z0-9_]{0,10}".prop_map(Value::from),
            true
        ),
        ("[a-z]{1,8}", "[A-Z][a-z]{0,8}").prop_map(|(field, model)| Tagged {
            json: json!({"$type": "FieldRef", "value": {"_ref": field, "_container": model}}),
            valid: true,
        }),
    ]
}

/// Payloads that do not fit their tag, including hostile ones (huge exponents, overflowing integers).
fn invalid_tagged() -> impl Strategy<Value = Tagged> {
    let not_a_string = prop_oneof![
        Just(Value::Null),
        any::<i64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::Bool),
        Just(json!([])),
        Just(json!({})),
    ];
    prop_oneof![
        tagged(
            "DateTime",
            select(
                &[
                    "",
                    "now",
                    "2024-13-01T00:00:00Z",
                    "2024-02-30T00:00:00Z",
                    "2024-01-01",
                    "2024-01-01T25:00:00Z",
                    "99999-01-01T00:00:00Z",
                    "2024-01-01T00:00:00"
                ][..]
            )
            .prop_map(Value::from),
            false
        ),
        tagged(
            "BigInt",
            prop_oneof![
                select(
                    &[
                        "",
                        "1.5",
                        "12a",
                        "0x10",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "1e3",
                        " 1"
                    ][..]
                )
                .prop_map(String::from),
                "[1-9][0-9]{19,39}",
            ]
            .prop_map(Value::from),
            false
        ),
        tagged(
            "Decimal",
            select(&["", "abc", "1.2.3", "--1", "1e", "e5", ".", "1,5", "0x10"][..])
                .prop_map(Value::from),
            false
        ),
        tagged(
            "Bytes",
            select(&["!!!!", "A", "AAAAA", "====", "A=A=", "é"][..]).prop_map(Value::from),
            false
        ),
        tagged(
            "Json",
            select(&["", "{", "[1,", "1e400", "{'a': 1}", "undefined"][..]).prop_map(Value::from),
            false
        ),
        tagged("DateTime", not_a_string.clone(), false),
        tagged("BigInt", not_a_string.clone(), false),
        tagged("Decimal", not_a_string.clone(), false),
        tagged("Bytes", not_a_string.clone(), false),
        tagged("Json", not_a_string.clone(), false),
        tagged("Enum", not_a_string, false),
        Just(Tagged {
            json: json!({"$type": "DateTime"}),
            valid: false
        }),
        Just(Tagged {
            json: json!({"$type": "FieldRef", "value": {"_ref": "a"}}),
            valid: false
        }),
    ]
}

/// Decimal texts with extreme exponents and lengths, which are valid or invalid depending on the parser's
/// range: the decoder must answer either way.
fn extreme_decimal() -> impl Strategy<Value = Tagged> {
    (
        decimal_text(),
        select(&["e", "E"][..]),
        prop_oneof![
            any::<i64>().prop_map(|n| n.to_string()),
            Just(i64::MIN.to_string()),
            Just(i64::MAX.to_string()),
            Just("99999999999999999999999".to_string()),
        ],
    )
        .prop_map(|(base, e, exp)| {
            let base = base.split(['e', 'E']).next().unwrap_or("1").to_string();
            Tagged {
                json: json!({"$type": "Decimal", "value": format!("{base}{e}{exp}")}),
                valid: true,
            }
        })
}

/// An argument value, and whether all its tagged values are valid.
#[derive(Debug, Clone)]
struct Arg {
    json: Value,
    valid: bool,
}

fn plain_key() -> impl Strategy<Value = String> {
    prop_oneof![
        select(
            &[
                "where", "data", "orderBy", "take", "skip", "cursor", "equals", "in", "gt", "not",
                "AND", "set"
            ][..]
        )
        .prop_map(String::from),
        "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
    ]
}

fn argument(tags: BoxedStrategy<Tagged>) -> impl Strategy<Value = Arg> {
    let leaf = prop_oneof![
        3 => json_leaf()
            .prop_filter("plain leaves only", |v| !v.is_object())
            .prop_map(|json| Arg { json, valid: true }),
        2 => tags.prop_map(|t| Arg { json: t.json, valid: t.valid }),
        // An object with a `$type` that is no tag stays a plain object.
        1 => Just(Arg { json: json!({"$type": "Unknown", "value": 1}), valid: true }),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|items| Arg {
                valid: items.iter().all(|a| a.valid),
                json: Value::Array(items.into_iter().map(|a| a.json).collect()),
            }),
            prop::collection::vec((plain_key(), inner), 0..5).prop_map(|entries| {
                let mut object = Map::new();
                let mut valid = true;
                // Later duplicates replace earlier ones in JSON, so validity is judged on what is kept.
                for (key, arg) in entries {
                    object.insert(key, arg.json);
                }
                for value in object.values() {
                    valid &= tags_valid(value);
                }
                Arg {
                    json: Value::Object(object),
                    valid,
                }
            }),
        ]
    })
}

/// Whether every tagged value inside `value` fits its tag, judged from the generators' own lists.
fn tags_valid(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.iter().all(tags_valid),
        Value::Object(object) => match object.get("$type").and_then(Value::as_str) {
            Some("DateTime" | "BigInt" | "Decimal" | "Bytes" | "Json" | "Enum" | "FieldRef") => {
                INVALID_MARK.with(|marks| !marks.borrow().contains(&value.to_string()))
            }
            _ => object.values().all(tags_valid),
        },
        _ => true,
    }
}

thread_local! {
    /// Texts of tagged values generated as invalid, for `tags_valid`.
    static INVALID_MARK: std::cell::RefCell<std::collections::HashSet<String>> = Default::default();
}

/// A selection and the facts the decoder must reproduce.
#[derive(Debug, Clone)]
struct Sel {
    json: Value,
    valid: bool,
}

/// Whether every argument inside a selection (at any depth) holds only valid tagged values.
fn selection_valid(selection: &Value) -> bool {
    selection.as_object().is_some_and(|object| {
        object.values().all(|entry| match entry {
            Value::Object(query) => {
                let arguments_valid = match query.get("arguments") {
                    Some(arguments) => tags_valid(arguments),
                    None => true,
                };
                arguments_valid && query.get("selection").is_some_and(selection_valid)
            }
            _ => true,
        })
    })
}

/// A selection: `$scalars` / `$composites` flags, fields selected (`true`) or excluded (`false`), and fields
/// with their own arguments and nested selection, several levels deep.
fn selection(tags: BoxedStrategy<Tagged>) -> impl Strategy<Value = Sel> {
    let flat = (
        prop::option::of(any::<bool>()),
        prop::option::of(any::<bool>()),
        prop::collection::vec(("[a-z][a-zA-Z0-9_]{0,8}", any::<bool>()), 0..5),
    )
        .prop_map(|(scalars, composites, fields)| {
            let mut object = Map::new();
            if let Some(flag) = scalars {
                object.insert("$scalars".into(), Value::Bool(flag));
            }
            if let Some(flag) = composites {
                object.insert("$composites".into(), Value::Bool(flag));
            }
            for (name, flag) in fields {
                object.insert(name, Value::Bool(flag));
            }
            Value::Object(object)
        });
    let nested = flat.clone().prop_recursive(3, 24, 3, move |inner| {
        (
            flat.clone(),
            prop::collection::vec(
                (
                    "[a-z][a-zA-Z0-9_]{0,8}",
                    prop::option::of(prop::collection::vec(
                        (plain_key(), argument(tags.clone())),
                        0..3,
                    )),
                    inner,
                ),
                0..3,
            ),
        )
            .prop_map(|(base, nested)| {
                let mut object = base.as_object().cloned().unwrap_or_default();
                for (name, arguments, selection) in nested {
                    let mut query = Map::new();
                    if let Some(arguments) = arguments {
                        let args: Map<String, Value> =
                            arguments.into_iter().map(|(k, a)| (k, a.json)).collect();
                        query.insert("arguments".into(), Value::Object(args));
                    }
                    query.insert("selection".into(), selection);
                    object.insert(name, Value::Object(query));
                }
                Value::Object(object)
            })
    });
    // Validity is judged on the final JSON, after later keys have replaced earlier ones.
    nested.prop_map(|json| Sel {
        valid: selection_valid(&json),
        json,
    })
}

/// A single-operation request body and whether it is valid.
#[derive(Debug, Clone)]
struct Request {
    body: Value,
    valid: bool,
}

fn request(tags: BoxedStrategy<Tagged>) -> impl Strategy<Value = Request> {
    (
        prop::option::of("[A-Z][a-zA-Z0-9_]{0,10}"),
        select(Action::ALL.map(Action::as_str).to_vec()),
        prop::collection::vec((plain_key(), argument(tags.clone())), 0..4),
        selection(tags),
    )
        .prop_map(|(model, action, arguments, selection)| {
            let mut args = Map::new();
            for (key, arg) in arguments {
                // Raw SQL decodes `parameters` on its own terms; leave it to the arbitrary-input properties.
                if key != "parameters" {
                    args.insert(key, arg.json);
                }
            }
            let valid = args.values().all(tags_valid) && selection.valid;
            let mut body = json!({"action": action, "query": {"arguments": args, "selection": selection.json}});
            if let Some(model) = model {
                body["modelName"] = Value::from(model);
            }
            Request { body, valid }
        })
}

/// Records the invalid tagged values so `tags_valid` can recognise them once they are inside a body.
fn remember_invalid(strategy: impl Strategy<Value = Tagged> + 'static) -> BoxedStrategy<Tagged> {
    strategy
        .prop_map(|t| {
            if !t.valid {
                INVALID_MARK.with(|marks| marks.borrow_mut().insert(t.json.to_string()));
            }
            t
        })
        .boxed()
}

fn any_tagged() -> BoxedStrategy<Tagged> {
    remember_invalid(prop_oneof![3 => valid_tagged(), 1 => invalid_tagged()])
}

/// Checks the decoded selection against the JSON it came from.
fn check_selection(decoded: &Selection, json: &Value) -> Result<(), TestCaseError> {
    let object = json.as_object().expect("selections are objects");
    prop_assert_eq!(
        decoded.all_scalars,
        object.get("$scalars") == Some(&Value::Bool(true))
    );
    prop_assert_eq!(
        decoded.all_composites,
        object.get("$composites") == Some(&Value::Bool(true))
    );
    let excluded: Vec<&str> = object
        .iter()
        .filter(|(k, v)| !k.starts_with('$') && **v == Value::Bool(false))
        .map(|(k, _)| k.as_str())
        .collect();
    prop_assert_eq!(
        decoded
            .exclusions
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
        excluded
    );
    let selected: Vec<&str> = object
        .iter()
        .filter(|(k, v)| !k.starts_with('$') && (v.is_object() || **v == Value::Bool(true)))
        .map(|(k, _)| k.as_str())
        .collect();
    prop_assert_eq!(
        decoded
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        selected
    );
    for field in &decoded.fields {
        match (&field.selection, &object[&field.name]) {
            (FieldSelection::Default, Value::Bool(true)) => {}
            (
                FieldSelection::Nested {
                    arguments,
                    selection,
                },
                Value::Object(query),
            ) => {
                let names: Vec<&str> = arguments.iter().map(|(n, _)| n).collect();
                let expected: Vec<&str> = query
                    .get("arguments")
                    .and_then(Value::as_object)
                    .map(|a| a.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                prop_assert_eq!(names, expected);
                check_selection(selection, &query["selection"])?;
            }
            (decoded, json) => prop_assert!(
                false,
                "field {} decoded as {:?} from {}",
                field.name,
                decoded,
                json
            ),
        }
    }
    Ok(())
}

/// Checks that each tagged value decoded to the matching typed value.
fn check_argument(decoded: &ArgumentValue, json: &Value) -> Result<(), TestCaseError> {
    match (json, decoded) {
        (Value::Array(items), ArgumentValue::List(values)) => {
            prop_assert_eq!(items.len(), values.len());
            for (item, value) in items.iter().zip(values) {
                check_argument(value, item)?;
            }
        }
        (Value::Object(object), _) => match object.get("$type").and_then(Value::as_str) {
            Some(tag @ ("DateTime" | "BigInt" | "Decimal" | "Bytes" | "Json" | "Enum")) => {
                let ok = matches!(
                    (tag, decoded),
                    ("DateTime", ArgumentValue::Scalar(PrismaValue::DateTime(_)))
                        | ("BigInt", ArgumentValue::Scalar(PrismaValue::BigInt(_)))
                        | ("Decimal", ArgumentValue::Scalar(PrismaValue::Decimal(_)))
                        | ("Bytes", ArgumentValue::Scalar(PrismaValue::Bytes(_)))
                        | ("Json", ArgumentValue::Scalar(PrismaValue::Json(_)))
                        | ("Enum", ArgumentValue::Scalar(PrismaValue::Enum(_)))
                );
                prop_assert!(ok, "{} decoded as {:?}", json, decoded);
            }
            Some("FieldRef") => {
                let is_ref = matches!(decoded, ArgumentValue::FieldRef { .. });
                prop_assert!(is_ref, "{} decoded as {:?}", json, decoded);
            }
            _ => {
                let ArgumentValue::Object(entries) = decoded else {
                    return Err(TestCaseError::fail(format!(
                        "{json} decoded as {decoded:?}"
                    )));
                };
                prop_assert_eq!(entries.len(), object.len());
                for ((key, value), (json_key, json_value)) in entries.iter().zip(object) {
                    prop_assert_eq!(key, json_key);
                    check_argument(value, json_value)?;
                }
            }
        },
        (_, ArgumentValue::Scalar(_)) => {}
        _ => prop_assert!(false, "{} decoded as {:?}", json, decoded),
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Requests with only valid tagged values decode completely, and faithfully.
    #[test]
    fn valid_requests_decode(request in request(remember_invalid(valid_tagged()))) {
        prop_assert!(request.valid);
        let body = &request.body;
        let document = decode(body);
        let operation = match document {
            Ok(QueryDocument::Single(operation)) => operation,
            other => return Err(TestCaseError::fail(format!("{body} decoded as {other:?}"))),
        };
        prop_assert_eq!(operation.action.as_str(), body["action"].as_str().unwrap());
        prop_assert_eq!(operation.model.as_deref(), body.get("modelName").and_then(Value::as_str));
        let arguments = body["query"]["arguments"].as_object().unwrap();
        let mut names: Vec<&str> = operation.arguments.iter().map(|(n, _)| n).collect();
        if operation.action.is_raw_sql() {
            // Raw SQL always gets its (here empty) `parameters`.
            prop_assert_eq!(names.pop(), Some("parameters"));
        }
        prop_assert_eq!(names, arguments.keys().map(String::as_str).collect::<Vec<_>>());
        for (name, json) in arguments {
            check_argument(operation.arguments.get(name).unwrap(), json)?;
        }
        check_selection(&operation.selection, &body["query"]["selection"])?;
    }

    /// Requests with some invalid tagged values (anywhere: arguments, nested selections) are errors.
    #[test]
    fn requests_with_bad_payloads_are_errors(request in request(any_tagged())) {
        let result = decode(&request.body);
        if request.valid {
            prop_assert!(result.is_ok(), "{} gave {:?}", request.body, result);
        } else {
            prop_assert!(
                matches!(result, Err(ProtocolError::UnconvertibleValue(_))),
                "{} gave {:?}",
                request.body,
                result
            );
        }
    }

    /// The same operations in a batch: valid batches decode, one bad payload fails the whole batch.
    #[test]
    fn batches_decode_or_fail_as_a_whole(requests in prop::collection::vec(request(any_tagged()), 1..4), isolation in prop::option::of(select(&["Serializable", "ReadCommitted"][..]))) {
        let valid = requests.iter().all(|r| r.valid);
        let mut body = json!({"batch": requests.iter().map(|r| r.body.clone()).collect::<Vec<_>>()});
        if let Some(level) = isolation {
            body["transaction"] = json!({"isolationLevel": level});
        }
        match decode(&body) {
            Ok(QueryDocument::Batch { operations, transaction }) => {
                prop_assert!(valid, "{} decoded although a payload is bad", body);
                prop_assert_eq!(operations.len(), requests.len());
                let level = transaction.and_then(|t| t.isolation_level);
                prop_assert_eq!(level.as_deref(), isolation);
            }
            Ok(other) => prop_assert!(false, "{} decoded as {:?}", body, other),
            Err(error) => {
                prop_assert!(!valid, "{} gave {:?}", body, error);
                prop_assert!(matches!(error, ProtocolError::UnconvertibleValue(_)), "{:?}", error);
            }
        }
    }

    /// Decimal payloads with extreme exponents: decoded or refused, never a panic.
    #[test]
    fn extreme_decimals_never_panic(tagged in extreme_decimal()) {
        let body = json!({"action": "findMany", "query": {"arguments": {"where": tagged.json}, "selection": {"$scalars": true}}});
        let result = decode(&body);
        prop_assert!(
            matches!(result, Ok(_) | Err(ProtocolError::UnconvertibleValue(_))),
            "{:?}",
            result
        );
    }
}
