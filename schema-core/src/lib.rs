//! Prisma schema language: lexer, recovering parser, validation into a `Datamodel`, DMMF export and formatter.
//!
//! Everything downstream (the query engine, `db push`, generators) starts from what this crate accepts, so it
//! must accept exactly what Prisma accepts and say why it rejects the rest.

pub mod ast;
pub mod diagnostics;
pub mod format;
pub mod lexer;
pub mod parser;
pub mod span;

pub use diagnostics::{Diagnostic, Diagnostics, Severity};
pub use parser::parse_schema;
pub use span::Span;
