//! The GraphQL protocol decoder (graphql-protocol.md): request bodies into a [`QueryDocument`].
//!
//! Prisma Client Python sends `{"query": "<document>", "variables": {}}`, or a batch
//! `{"batch": [<request>, ..], "transaction": bool, "isolationLevel": ..}`. The document is parsed by a small
//! hand-written [`lexer`] and [`syntax`] parser for the subset the engine accepts, then [`convert`]ed into the
//! same [`Operation`] the JSON protocol yields, with the root field's alias kept as the response key.
//!
//! Errors: a body that is not a request of this protocol is [`ProtocolError::MalformedRequest`] (HTTP 422,
//! as Prisma's `GraphqlBody` deserializer answers); document problems are the GraphQL variants of
//! [`ProtocolError`] (syntax errors, unsupported features, P2033 integer overflow, unknown operation names),
//! answered inside a normal error envelope.

pub mod convert;
pub mod lexer;
pub mod root_field;
pub mod syntax;

use serde_json::{Map, Value};

use super::document::{BatchTransaction, Operation, QueryDocument};
use super::error::ProtocolError;

/// Prisma's name for the request body type, which its deserializer quotes in 422 messages.
const BODY_TYPE: &str = "GraphqlBody";

/// Decodes a request body given as text.
pub fn parse_request(body: &str) -> Result<QueryDocument, ProtocolError> {
    let value: Value = serde_json::from_str(body)
        .map_err(|error| ProtocolError::InvalidJson(error.to_string()))?;
    parse_request_value(&value)
}

/// Decodes a request body that is already parsed JSON. Unknown keys are ignored (Prisma Client Python sends
/// `operation_name`, which has no effect).
pub fn parse_request_value(body: &Value) -> Result<QueryDocument, ProtocolError> {
    let object = body
        .as_object()
        .ok_or_else(|| malformed("the body must be a JSON object"))?;
    // Like Prisma's untagged body enum, a body that is a valid single request is one, whatever else it holds.
    if let Some(request) = single_request(object) {
        return parse_single(request?).map(QueryDocument::Single);
    }
    parse_batch(object)
}

/// Parses one GraphQL document (with an optional operation name) into its operation.
pub fn parse_document(
    query: &str,
    operation_name: Option<&str>,
) -> Result<Operation, ProtocolError> {
    let document = syntax::parse_document(query)
        .map_err(|error| ProtocolError::GraphQlSyntax(format!("query parse error: {error}")))?;
    convert::document_operation(&document, operation_name)
}

/// The parts of a single request.
struct SingleRequest<'a> {
    query: &'a str,
    operation_name: Option<&'a str>,
}

/// `None` when the object is not shaped like a single request (no `query`), so it may be a batch.
fn single_request(object: &Map<String, Value>) -> Option<Result<SingleRequest<'_>, ProtocolError>> {
    if !object.contains_key("query")
        || object.contains_key("batch") && !object.contains_key("variables")
    {
        return None;
    }
    Some(single_request_fields(object))
}

fn single_request_fields(object: &Map<String, Value>) -> Result<SingleRequest<'_>, ProtocolError> {
    let query = object
        .get("query")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("`query` must be a string"))?;
    match object.get("variables") {
        Some(Value::Object(variables)) if variables.values().all(Value::is_string) => {}
        Some(_) => return Err(malformed("`variables` must be an object of strings")),
        None => return Err(malformed("`variables` is required")),
    }
    let operation_name = match object.get("operationName") {
        None | Some(Value::Null) => None,
        Some(Value::String(name)) => Some(name.as_str()),
        Some(_) => return Err(malformed("`operationName` must be a string")),
    };
    Ok(SingleRequest {
        query,
        operation_name,
    })
}

fn parse_single(request: SingleRequest<'_>) -> Result<Operation, ProtocolError> {
    parse_document(request.query, request.operation_name)
}

/// `{"batch": [..], "transaction": bool, "isolationLevel": ..}`. The body shape is checked completely before
/// any document is parsed, so a malformed body is a 422 even when a document is also broken.
fn parse_batch(object: &Map<String, Value>) -> Result<QueryDocument, ProtocolError> {
    let items = object
        .get("batch")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed("`batch` must be an array of requests"))?;
    let transactional = object
        .get("transaction")
        .and_then(Value::as_bool)
        .ok_or_else(|| malformed("`transaction` must be a boolean"))?;
    let isolation_level = match object.get("isolationLevel") {
        None | Some(Value::Null) => None,
        Some(Value::String(level)) => Some(level.clone()),
        Some(_) => return Err(malformed("`isolationLevel` must be a string")),
    };
    let requests = items
        .iter()
        .map(|item| {
            let item = item
                .as_object()
                .ok_or_else(|| malformed("every `batch` item must be an object"))?;
            single_request_fields(item)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let operations = requests
        .into_iter()
        .map(parse_single)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(QueryDocument::Batch {
        operations,
        transaction: transactional.then_some(BatchTransaction { isolation_level }),
    })
}

fn malformed(reason: &str) -> ProtocolError {
    ProtocolError::MalformedRequest {
        body_type: BODY_TYPE,
        reason: reason.to_owned(),
    }
}

#[cfg(test)]
mod golden_tests;
#[cfg(test)]
mod tests;
