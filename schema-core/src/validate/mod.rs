//! Validation: from the syntax tree to a resolved [`Datamodel`], with every problem Prisma would report.
//!
//! The phases follow Prisma's, because which errors appear together depends on them:
//! 1. parsing (syntax errors never stop the later phases);
//! 2. names: duplicates and reserved names;
//! 3. types: every field type resolves, or nothing after this phase runs (unknown types make every later
//!    check meaningless);
//! 4. attributes (`@id`, `@default`, `@@index`, ...) and relation pairing;
//! 5. the datasource and generator blocks (their diagnostics come after the model ones);
//! 6. only when everything so far is clean: provider-specific and cross-model checks (capabilities, native
//!    types, relation consistency, unique criteria).

mod args;
mod attributes;
mod config_blocks;
mod context;
mod defaults;
mod indexes;
mod names;
mod native_types;
mod pipeline;
mod relations;
mod types;

#[cfg(test)]
mod tests;

use crate::ast::SchemaAst;
use crate::datamodel::Datamodel;
use crate::diagnostics::Diagnostics;
use context::Ctx;

/// A schema after validation: the tree it was read from, the datamodel built from it, and every error and
/// warning. The datamodel is complete only when `diagnostics` has no errors.
#[derive(Debug, Clone)]
pub struct ValidatedSchema {
    pub ast: SchemaAst,
    pub datamodel: Datamodel,
    pub diagnostics: Diagnostics,
}

impl ValidatedSchema {
    pub fn is_valid(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Parses and validates a schema. Never panics and never stops at the first problem.
pub fn validate(source: &str) -> ValidatedSchema {
    let mut diagnostics = Diagnostics::new();
    let ast = crate::parser::parse_schema(source, &mut diagnostics);
    let (datamodel, diagnostics) = validate_ast(&ast, diagnostics);
    ValidatedSchema {
        ast,
        datamodel,
        diagnostics,
    }
}

fn validate_ast(ast: &SchemaAst, diagnostics: Diagnostics) -> (Datamodel, Diagnostics) {
    let config = config_blocks::read(ast);
    let mut ctx = Ctx::new(ast, diagnostics, &config);
    names::check(&mut ctx);
    let errors_before_types = ctx.diags.errors().len();
    types::resolve(&mut ctx);
    if ctx.diags.errors().len() == errors_before_types {
        attributes::resolve(&mut ctx);
        relations::infer(&mut ctx);
    }
    ctx.diags.extend(config.diagnostics.clone());
    if !ctx.diags.has_errors() {
        pipeline::check(&mut ctx);
    }
    ctx.finish()
}
