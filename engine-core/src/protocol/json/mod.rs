//! The JSON protocol decoder (json-protocol.md): request bodies into a [`QueryDocument`].
//!
//! A body is either one operation
//! `{"modelName": "User", "action": "findMany", "query": {"arguments": {..}, "selection": {..}}}` or a batch
//! `{"batch": [<operation>, ..], "transaction": {"isolationLevel": ..}}`. Structural problems (missing keys,
//! wrong JSON types, unknown actions) are [`ProtocolError::MalformedRequest`]-like errors answered with
//! HTTP 422; a tagged argument value with a bad `value` is [`ProtocolError::UnconvertibleValue`], answered
//! inside a normal error envelope as Prisma does.

mod values;

use serde_json::{Map, Value};

use super::action::Action;
use super::document::{
    ArgumentValue, Arguments, BatchTransaction, FieldSelection, Operation, QueryDocument,
    SelectedField, Selection,
};
use super::error::ProtocolError;
use super::raw_parameters::decode_raw_parameters;

pub use values::{decode_argument, encode_argument};

/// Prisma's name for the request body type, which its deserializer quotes in 422 messages.
const BODY_TYPE: &str = "JsonBody";

/// Decodes a request body given as text.
pub fn parse_request(body: &str) -> Result<QueryDocument, ProtocolError> {
    let value: Value = serde_json::from_str(body)
        .map_err(|error| ProtocolError::InvalidJson(error.to_string()))?;
    parse_request_value(&value)
}

/// Decodes a request body that is already parsed JSON.
pub fn parse_request_value(body: &Value) -> Result<QueryDocument, ProtocolError> {
    let object = body
        .as_object()
        .ok_or_else(|| malformed("the body must be a JSON object"))?;
    if object.contains_key("batch") {
        parse_batch(object)
    } else {
        parse_operation(object).map(QueryDocument::Single)
    }
}

fn parse_batch(object: &Map<String, Value>) -> Result<QueryDocument, ProtocolError> {
    let items = object
        .get("batch")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("`batch` must be an array of operations"))?;
    let operations = items
        .iter()
        .map(|item| {
            let item = item
                .as_object()
                .ok_or_else(|| malformed("every `batch` item must be an object"))?;
            parse_operation(item)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let transaction = match object.get("transaction") {
        None | Some(Value::Null) => None,
        Some(Value::Object(settings)) => Some(BatchTransaction {
            isolation_level: optional_string(
                settings,
                "isolationLevel",
                "`transaction.isolationLevel`",
            )?,
        }),
        Some(_) => return Err(malformed("`transaction` must be an object or null")),
    };
    Ok(QueryDocument::Batch {
        operations,
        transaction,
    })
}

fn parse_operation(object: &Map<String, Value>) -> Result<Operation, ProtocolError> {
    let action_name = object
        .get("action")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("`action` must be a string"))?;
    let action: Action = action_name
        .parse()
        .map_err(|_| ProtocolError::UnknownAction(action_name.to_owned()))?;
    let model = optional_string(object, "modelName", "`modelName`")?;
    let query = object
        .get("query")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`query` must be an object"))?;
    let (mut arguments, selection) = parse_field_query(query)?;
    if action.is_raw_sql() {
        decode_raw_sql_parameters(&action.schema_field_name(None), &mut arguments, query)?;
    }
    Ok(Operation {
        model,
        action,
        alias: None,
        arguments,
        selection,
        root_field: None,
    })
}

/// `parameters` of raw SQL become a list of bind values; absent parameters mean none.
fn decode_raw_sql_parameters(
    operation: &str,
    arguments: &mut Arguments,
    query: &Map<String, Value>,
) -> Result<(), ProtocolError> {
    let given = query
        .get("arguments")
        .and_then(|arguments| arguments.get("parameters"));
    let values = match given {
        Some(parameters) => decode_raw_parameters(parameters).map_err(|source| {
            ProtocolError::InvalidRawParameters {
                operation: operation.to_owned(),
                source,
            }
        })?,
        None => Vec::new(),
    };
    let list = values.into_iter().map(Into::into).collect();
    arguments.insert("parameters", ArgumentValue::List(list));
    Ok(())
}

/// A `{"arguments": {..}, "selection": {..}}` pair: the operation's own query or a nested field's.
fn parse_field_query(query: &Map<String, Value>) -> Result<(Arguments, Selection), ProtocolError> {
    let arguments = match query.get("arguments") {
        None | Some(Value::Null) => Arguments::new(),
        Some(Value::Object(arguments)) => arguments
            .iter()
            .map(|(name, value)| Ok((name.clone(), decode_argument(value)?)))
            .collect::<Result<Arguments, ProtocolError>>()?,
        Some(_) => return Err(malformed("`arguments` must be an object")),
    };
    let selection = query
        .get("selection")
        .and_then(Value::as_object)
        .ok_or_else(|| malformed("`selection` must be an object"))?;
    Ok((arguments, parse_selection(selection)?))
}

fn parse_selection(entries: &Map<String, Value>) -> Result<Selection, ProtocolError> {
    let mut selection = Selection::default();
    for (name, entry) in entries {
        match (name.as_str(), entry) {
            ("$scalars", Value::Bool(flag)) => selection.all_scalars = *flag,
            ("$composites", Value::Bool(flag)) => selection.all_composites = *flag,
            ("$scalars" | "$composites", _) => {
                return Err(malformed(&format!("`{name}` must be a boolean")));
            }
            (_, Value::Bool(true)) => selection.fields.push(SelectedField::default_content(name)),
            (_, Value::Bool(false)) => selection.exclusions.push(name.clone()),
            (_, Value::Object(query)) => {
                let (arguments, nested) = parse_field_query(query)?;
                selection.fields.push(SelectedField {
                    name: name.clone(),
                    selection: FieldSelection::Nested {
                        arguments,
                        selection: nested,
                    },
                });
            }
            _ => {
                return Err(malformed(&format!(
                    "selection entry `{name}` must be a boolean or an object"
                )));
            }
        }
    }
    Ok(selection)
}

fn optional_string(
    object: &Map<String, Value>,
    key: &str,
    what: &str,
) -> Result<Option<String>, ProtocolError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(malformed(&format!("{what} must be a string"))),
    }
}

fn malformed(reason: &str) -> ProtocolError {
    ProtocolError::MalformedRequest {
        body_type: BODY_TYPE,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod tests;
