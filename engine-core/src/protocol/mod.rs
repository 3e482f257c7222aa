//! Request protocols decoded into one query document, and response values encoded per protocol.
//!
//! Prisma's engine speaks two protocols on the same endpoint: the JSON protocol (Prisma 5's default, used by
//! Prisma Client JS) and the GraphQL protocol (used by Prisma Client Python). Each decoder turns a request
//! body into a [`QueryDocument`]; everything downstream works on that document alone, so the protocols
//! differ only in decoding and in how [`encode`] writes result values.

pub mod action;
pub mod document;
pub mod encode;
pub mod error;
pub mod graphql;
pub mod json;
pub mod json_text;
pub mod raw_parameters;

use std::fmt;
use std::str::FromStr;

use crate::value::PrismaValue;

pub use action::{Action, RootKind, UnknownAction};
pub use document::{
    ArgumentValue, Arguments, BatchTransaction, FieldSelection, Operation, QueryDocument,
    RootField, SelectedField, Selection,
};
pub use error::ProtocolError;

/// The protocol an engine instance speaks (`PRISMA_ENGINE_PROTOCOL`); it decides how requests are decoded
/// and how result values are encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum EngineProtocol {
    #[default]
    Json,
    GraphQl,
}

impl EngineProtocol {
    /// The name Prisma uses in messages (`Error parsing Graphql query. ...`).
    pub fn display_name(self) -> &'static str {
        match self {
            EngineProtocol::Json => "Json",
            EngineProtocol::GraphQl => "Graphql",
        }
    }

    /// Encodes a result value the way this protocol writes it.
    pub fn encode_value(self, value: &PrismaValue) -> serde_json::Value {
        match self {
            EngineProtocol::Json => encode::encode_json_protocol(value),
            EngineProtocol::GraphQl => encode::encode_graphql(value),
        }
    }
}

impl fmt::Display for EngineProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            EngineProtocol::Json => "json",
            EngineProtocol::GraphQl => "graphql",
        })
    }
}

/// A protocol name other than `json` / `graphql`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown engine protocol `{0}`, expected `json` or `graphql`")]
pub struct UnknownProtocol(pub String);

impl FromStr for EngineProtocol {
    type Err = UnknownProtocol;

    /// Parses the value of `--engine-protocol` / `PRISMA_ENGINE_PROTOCOL`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "json" => Ok(EngineProtocol::Json),
            "graphql" => Ok(EngineProtocol::GraphQl),
            other => Err(UnknownProtocol(other.to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_names_parse_and_print() {
        assert_eq!("json".parse::<EngineProtocol>(), Ok(EngineProtocol::Json));
        assert_eq!(
            "graphql".parse::<EngineProtocol>(),
            Ok(EngineProtocol::GraphQl)
        );
        assert!("GraphQL".parse::<EngineProtocol>().is_err());
        assert_eq!(EngineProtocol::GraphQl.to_string(), "graphql");
        assert_eq!(EngineProtocol::GraphQl.display_name(), "Graphql");
    }

    #[test]
    fn each_protocol_encodes_with_its_own_style() {
        let value = PrismaValue::BigInt(7);
        assert_eq!(
            EngineProtocol::Json.encode_value(&value),
            serde_json::json!({"$type": "BigInt", "value": "7"})
        );
        assert_eq!(
            EngineProtocol::GraphQl.encode_value(&value),
            serde_json::json!("7")
        );
    }
}
