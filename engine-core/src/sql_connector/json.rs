//! Json filters: PostgreSQL's `jsonb` operators (`#>` path, `#>>` path as text, `@>` containment), MySQL's
//! JSON functions. SQLite has no Json filters in Prisma.
//!
//! Comparisons (`gt`, `lt`, ..) and the string and array conditions also check the JSON type of the value at
//! the path, so a number is never compared with a string and `string_contains` never matches an object.

// `EngineError` is large by design (it carries Prisma's error metadata); boxing it here alone would not help.

use schema_core::datamodel::FieldId;

use super::SqlContext;
use crate::error::EngineError;
use crate::query::{JsonCondition, JsonFilterValue};
use crate::sql::{escape_like, BinaryOp, CompareOp, Expr, Function};
use crate::value::PrismaValue;

/// The escape character of the `LIKE`s that Json string filters write.
const LIKE_ESCAPE: char = '\\';

/// The condition a Json filter puts on `field` of the row aliased `alias`.
pub(crate) fn json_condition(
    ctx: &SqlContext<'_>,
    alias: &str,
    field: FieldId,
    path: Option<&[String]>,
    condition: &JsonCondition,
) -> Result<Expr, EngineError> {
    let column = Expr::qcol(alias, ctx.column(field));
    match ctx.dialect.name() {
        "PostgreSQL" => Ok(postgres(column, path, condition)),
        "MySQL" => mysql(column, path, condition),
        other => Err(EngineError::UnsupportedFeature {
            feature: format!("Json filters on {other}"),
        }),
    }
}

fn json_param(text: &str) -> Expr {
    Expr::param(PrismaValue::Json(text.to_owned()))
}

fn text_param(text: &str) -> Expr {
    Expr::param(PrismaValue::String(text.to_owned()))
}

/// The JSON type of a document text: `number`, `string`, `array`, `object`, `boolean` or `null` (PostgreSQL's
/// `jsonb_typeof` names).
fn json_kind(text: &str) -> &'static str {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Number(_)) => "number",
        Ok(serde_json::Value::String(_)) => "string",
        Ok(serde_json::Value::Array(_)) => "array",
        Ok(serde_json::Value::Object(_)) => "object",
        Ok(serde_json::Value::Bool(_)) => "boolean",
        Ok(serde_json::Value::Null) | Err(_) => "null",
    }
}

/// The elements of a JSON array text, or the value itself as the only element.
fn json_elements(text: &str) -> Vec<String> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Array(items)) if !items.is_empty() => {
            items.iter().map(|v| v.to_string()).collect()
        }
        _ => vec![text.to_owned()],
    }
}

fn like_pattern(condition: &JsonCondition, text: &str) -> String {
    let escaped = escape_like(text, LIKE_ESCAPE);
    match condition {
        JsonCondition::StringStartsWith(_) => format!("{escaped}%"),
        JsonCondition::StringEndsWith(_) => format!("%{escaped}"),
        _ => format!("%{escaped}%"),
    }
}

fn compare(op: CompareOp, left: Expr, right: Expr) -> Expr {
    match op {
        CompareOp::Eq => left.equals(right),
        CompareOp::Ne => left.not_equals(right),
        CompareOp::Lt => left.less_than(right),
        CompareOp::Le => left.less_or_equal(right),
        CompareOp::Gt => left.greater_than(right),
        CompareOp::Ge => left.greater_or_equal(right),
    }
}

fn null_condition(
    target: Expr,
    value: &JsonFilterValue,
    json_null: Expr,
    negated: bool,
) -> Option<Expr> {
    let is_json_null = target.clone().equals(json_null.clone());
    let not_json_null = target.clone().not_equals(json_null);
    Some(match (value, negated) {
        (JsonFilterValue::DbNull, false) => target.is_null(),
        (JsonFilterValue::DbNull, true) => target.is_not_null(),
        (JsonFilterValue::JsonNull, false) => is_json_null,
        (JsonFilterValue::JsonNull, true) => not_json_null,
        (JsonFilterValue::AnyNull, false) => Expr::or(vec![target.is_null(), is_json_null]),
        (JsonFilterValue::AnyNull, true) => Expr::and(vec![target.is_not_null(), not_json_null]),
        (JsonFilterValue::Json(_), _) => return None,
    })
}

fn postgres(column: Expr, path: Option<&[String]>, condition: &JsonCondition) -> Expr {
    let path_param = |p: &[String]| {
        Expr::param(PrismaValue::List(
            p.iter().cloned().map(PrismaValue::String).collect(),
        ))
    };
    let target = match path {
        Some(p) => column.clone().binary(BinaryOp::JsonPath, path_param(p)),
        None => column.clone(),
    };
    let at = |index: String| {
        target
            .clone()
            .binary(BinaryOp::JsonPath, path_param(&[index]))
    };
    let kind_is = |kind: &str| {
        Expr::call(Function::JsonbTypeof, vec![target.clone()]).equals(text_param(kind))
    };
    let ordered = |op: CompareOp, text: &str| {
        Expr::and(vec![
            kind_is(json_kind(text)),
            compare(op, target.clone(), json_param(text)),
        ])
    };
    match condition {
        JsonCondition::Equals(value) | JsonCondition::NotEquals(value) => {
            let negated = matches!(condition, JsonCondition::NotEquals(_));
            if let Some(expr) = null_condition(target.clone(), value, json_param("null"), negated) {
                return expr;
            }
            let JsonFilterValue::Json(text) = value else {
                return Expr::or(vec![]);
            };
            compare(
                if negated {
                    CompareOp::Ne
                } else {
                    CompareOp::Eq
                },
                target,
                json_param(text),
            )
        }
        JsonCondition::Lt(text) => ordered(CompareOp::Lt, text),
        JsonCondition::Lte(text) => ordered(CompareOp::Le, text),
        JsonCondition::Gt(text) => ordered(CompareOp::Gt, text),
        JsonCondition::Gte(text) => ordered(CompareOp::Ge, text),
        JsonCondition::StringContains(text)
        | JsonCondition::StringStartsWith(text)
        | JsonCondition::StringEndsWith(text) => {
            let as_text = column.binary(BinaryOp::JsonPathText, path_param(path.unwrap_or(&[])));
            Expr::and(vec![
                kind_is("string"),
                as_text.like(text_param(&like_pattern(condition, text)), LIKE_ESCAPE),
            ])
        }
        JsonCondition::ArrayContains(text) => Expr::and(vec![
            kind_is("array"),
            target.clone().binary(BinaryOp::Contains, json_param(text)),
        ]),
        JsonCondition::ArrayStartsWith(text) => {
            let mut conditions = vec![kind_is("array")];
            for (i, element) in json_elements(text).iter().enumerate() {
                conditions.push(at(i.to_string()).equals(json_param(element)));
            }
            Expr::and(conditions)
        }
        JsonCondition::ArrayEndsWith(text) => {
            let elements = json_elements(text);
            let n = elements.len();
            let mut conditions = vec![kind_is("array")];
            for (i, element) in elements.iter().enumerate() {
                // Negative indexes count from the end of a jsonb array.
                conditions.push(at(format!("-{}", n - i)).equals(json_param(element)));
            }
            Expr::and(conditions)
        }
    }
}

/// MySQL's JSON functions, spelled so they also run on MariaDB, which has no `JSON` cast and stores
/// documents as text: two documents are equal when each contains the other (`JSON_CONTAINS` both ways,
/// so key order and whitespace do not matter), and an ordering compares a number at the path with a
/// number and a string with a string.
fn mysql(
    column: Expr,
    path: Option<&[String]>,
    condition: &JsonCondition,
) -> Result<Expr, EngineError> {
    let path_text = match path {
        None => None,
        Some([single]) => Some(single.clone()),
        Some(_) => {
            return Err(EngineError::InputError {
                details: "MySQL takes a Json filter path as one JSON path string".into(),
            })
        }
    };
    let extract =
        |p: String| Expr::call(Function::JsonExtract, vec![column.clone(), text_param(&p)]);
    let target = match &path_text {
        Some(p) => extract(p.clone()),
        None => column.clone(),
    };
    let base_path = path_text.clone().unwrap_or_else(|| "$".to_owned());
    let json_type = || Expr::call(Function::JsonType, vec![target.clone()]);
    let type_is = |kind: &str| json_type().equals(text_param(kind));
    let json_equal = |left: Expr, text: &str| {
        Expr::and(vec![
            Expr::call(Function::JsonContains, vec![left.clone(), text_param(text)]),
            Expr::call(Function::JsonContains, vec![text_param(text), left]),
        ])
    };
    let ordered = |op: CompareOp, text: &str| match serde_json::from_str::<serde_json::Value>(text)
    {
        Ok(serde_json::Value::Number(number)) => Expr::and(vec![
            json_type().in_list(
                ["INTEGER", "UNSIGNED INTEGER", "DOUBLE", "DECIMAL"]
                    .iter()
                    .map(|kind| text_param(kind))
                    .collect(),
            ),
            compare(
                op,
                target.clone(),
                Expr::param(match number.as_i64() {
                    Some(n) => PrismaValue::BigInt(n),
                    None => PrismaValue::Float(number.as_f64().unwrap_or_default()),
                }),
            ),
        ]),
        Ok(serde_json::Value::String(string)) => Expr::and(vec![
            type_is("STRING"),
            compare(
                op,
                Expr::call(Function::JsonUnquote, vec![target.clone()]),
                text_param(&string),
            ),
        ]),
        _ => compare(op, target.clone(), text_param(text)),
    };
    Ok(match condition {
        JsonCondition::Equals(value) | JsonCondition::NotEquals(value) => {
            let negated = matches!(condition, JsonCondition::NotEquals(_));
            let is_json_null = json_equal(target.clone(), "null");
            match value {
                JsonFilterValue::DbNull if negated => target.is_not_null(),
                JsonFilterValue::DbNull => target.is_null(),
                JsonFilterValue::JsonNull if negated => !is_json_null,
                JsonFilterValue::JsonNull => is_json_null,
                JsonFilterValue::AnyNull if negated => {
                    Expr::and(vec![target.clone().is_not_null(), !is_json_null])
                }
                JsonFilterValue::AnyNull => Expr::or(vec![target.is_null(), is_json_null]),
                JsonFilterValue::Json(text) if negated => !json_equal(target, text),
                JsonFilterValue::Json(text) => json_equal(target, text),
            }
        }
        JsonCondition::Lt(text) => ordered(CompareOp::Lt, text),
        JsonCondition::Lte(text) => ordered(CompareOp::Le, text),
        JsonCondition::Gt(text) => ordered(CompareOp::Gt, text),
        JsonCondition::Gte(text) => ordered(CompareOp::Ge, text),
        JsonCondition::StringContains(text)
        | JsonCondition::StringStartsWith(text)
        | JsonCondition::StringEndsWith(text) => Expr::and(vec![
            type_is("STRING"),
            Expr::call(Function::JsonUnquote, vec![target.clone()])
                .like(text_param(&like_pattern(condition, text)), LIKE_ESCAPE),
        ]),
        JsonCondition::ArrayContains(text) => Expr::and(vec![
            type_is("ARRAY"),
            Expr::call(
                Function::JsonContains,
                vec![target.clone(), text_param(text)],
            ),
        ]),
        JsonCondition::ArrayStartsWith(text) => {
            let mut conditions = vec![type_is("ARRAY")];
            for (i, element) in json_elements(text).iter().enumerate() {
                conditions.push(json_equal(extract(format!("{base_path}[{i}]")), element));
            }
            Expr::and(conditions)
        }
        JsonCondition::ArrayEndsWith(text) => {
            let elements = json_elements(text);
            let n = elements.len();
            let mut conditions = vec![type_is("ARRAY")];
            // The index is computed from `JSON_LENGTH` rather than written `[last]`: MariaDB 10.11
            // resolves `last` once per statement, against the first row's array.
            let length = Expr::call(
                Function::JsonLength,
                vec![column.clone(), text_param(&base_path)],
            );
            for (i, element) in elements.iter().enumerate() {
                let from_end = i64::try_from(n - i).unwrap_or(i64::MAX);
                let element_path = Expr::call(
                    Function::Concat,
                    vec![
                        text_param(&format!("{base_path}[")),
                        length.clone() - Expr::param(PrismaValue::BigInt(from_end)),
                        text_param("]"),
                    ],
                );
                let at = Expr::call(Function::JsonExtract, vec![column.clone(), element_path]);
                conditions.push(json_equal(at, element));
            }
            Expr::and(conditions)
        }
    })
}
