//! Prisma schema language: lexer, recovering parser, validation into a `Datamodel`, DMMF export and formatter.
//!
//! Everything downstream (the query engine, `db push`, generators) starts from what this crate accepts, so it
//! must accept exactly what Prisma accepts and say why it rejects the rest.

pub mod ast;
pub mod capabilities;
pub mod config;
pub mod config_json;
pub mod datamodel;
pub mod diagnostics;
pub mod dmmf;
pub mod format;
pub mod lexer;
pub mod parser;
pub mod span;
pub mod validate;

pub use capabilities::Capabilities;
pub use config_json::config_json;
pub use datamodel::Datamodel;
pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use parser::parse_schema;
pub use span::Span;
pub use validate::{validate, ValidatedSchema};
