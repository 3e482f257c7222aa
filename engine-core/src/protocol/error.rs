//! Why a request body could not be turned into a query document.

use serde_json::Value;

use crate::error::{ArgumentDescription, EngineError, ValidationError};

use super::raw_parameters::RawParametersError;
use super::EngineProtocol;

/// A request that could not be decoded. Some of these are answered like Prisma answers an undecodable body
/// (HTTP 422), others like a failed query (HTTP 200 with an error envelope); see
/// [`ProtocolError::into_engine_error`].
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProtocolError {
    /// The body is not JSON at all; the text is the JSON parser's message.
    #[error("{0}")]
    InvalidJson(String),

    /// The body is JSON but not a request. The message mirrors what Prisma's deserializer says
    /// (`data did not match any variant of untagged enum JsonBody`); `reason` says precisely what was wrong,
    /// for logs.
    #[error("data did not match any variant of untagged enum {body_type}")]
    MalformedRequest {
        body_type: &'static str,
        reason: String,
    },

    /// The `action` string names no known action.
    #[error("unknown action `{0}`")]
    UnknownAction(String),

    /// A tagged value whose `value` does not fit its tag; holds the whole tagged object.
    #[error("Could not convert argument value {0:?} to ArgumentValue.")]
    UnconvertibleValue(Value),

    /// The `parameters` of a raw SQL operation are not a JSON array of usable values.
    #[error("invalid raw query parameters for `{operation}`: {source}")]
    InvalidRawParameters {
        operation: String,
        source: RawParametersError,
    },

    /// A GraphQL document that does not parse; the text is the parser's message (`query parse error: ...`).
    #[error("Error parsing GraphQL query: {0}")]
    GraphQlSyntax(String),

    /// A GraphQL feature the engine does not support (variables, fragments, subscriptions); the text says
    /// which and where (`Fragment spread. Fragment 'F', at position 1:27.`).
    #[error("Unsupported feature: {0}")]
    UnsupportedGraphQlFeature(String),

    /// A GraphQL integer literal beyond i64 (P2033).
    #[error("integer literal beyond 64 bits")]
    IntegerOverflow,

    /// The `operationName` of a GraphQL request names no operation of the document.
    #[error("Operation '{0}' does not match any query.")]
    UnknownGraphQlOperation(String),

    /// A GraphQL document without any operation definition (only fragments).
    #[error("The GraphQL document contains no operation.")]
    NoGraphQlOperation,

    /// GraphQL raw SQL `parameters` given as a literal other than a string of JSON text (`parameters: [7]`);
    /// `inferred_type` names what was given, as P2009 `InvalidArgumentType` reports it.
    #[error("`parameters` of `{operation}` must be a string of JSON text, got {inferred_type}")]
    RawParametersType {
        operation: String,
        inferred_type: String,
    },
}

impl ProtocolError {
    /// The engine error to answer with, given the protocol the request came in.
    pub fn into_engine_error(self, protocol: EngineProtocol) -> EngineError {
        match self {
            ProtocolError::InvalidJson(_)
            | ProtocolError::MalformedRequest { .. }
            | ProtocolError::UnknownAction(_) => EngineError::UndecodableRequest {
                protocol,
                detail: self.to_string(),
            },
            ProtocolError::UnconvertibleValue(value) => EngineError::ArgumentConversion { value },
            ProtocolError::InvalidRawParameters { operation, source } => {
                EngineError::Validation(ValidationError::InvalidArgumentValue {
                    selection_path: vec![operation],
                    argument_path: vec!["parameters".to_owned()],
                    argument: ArgumentDescription::new("parameters", ["JSON array"]),
                    value: source.rendered_value().to_owned(),
                    underlying_error: source.underlying_error(),
                })
            }
            ProtocolError::RawParametersType {
                operation,
                inferred_type,
            } => EngineError::Validation(ValidationError::InvalidArgumentType {
                selection_path: vec![operation],
                argument_path: vec!["parameters".to_owned()],
                argument: ArgumentDescription::new("parameters", ["Json"]),
                inferred_type,
            }),
            ProtocolError::IntegerOverflow => EngineError::IntegerOverflow,
            ProtocolError::UnknownGraphQlOperation(name) => EngineError::UnknownOperation {
                action: name,
                model: None,
            },
            ProtocolError::GraphQlSyntax(_)
            | ProtocolError::UnsupportedGraphQlFeature(_)
            | ProtocolError::NoGraphQlOperation => EngineError::Unknown {
                message: self.to_string(),
            },
        }
    }
}
