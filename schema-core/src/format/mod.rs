//! The schema formatter, byte-for-byte equal to `prisma format` (Prisma 5.19, two-space indentation).
//!
//! Users run the formatter on save and in CI (`prisma format --check`), so any difference from Prisma's output
//! shows up as churn in their diffs. The rules, each implemented in its own module:
//! - [`blocks`]: block bodies: indentation, blank lines, block attributes moved to the end and sorted;
//! - [`table`]: column alignment of fields, enum values and `key = value` lines, per blank-line section;
//! - [`expression`]: canonical spacing of attribute arguments, arrays and function calls;
//! - [`ordering`]: the canonical order of field and block attributes;
//! - this module: the top level: one blank line after every block, comments between blocks kept, a single
//!   final newline, `\n` line endings (CRLF input is normalised).
//!
//! A schema with syntax errors is returned unchanged, as Prisma does when it cannot read its input: rewriting
//! text the parser could only partly understand could lose the user's lines.

mod blocks;
mod expression;
mod ordering;
mod table;

use crate::ast::{Comment, SchemaAst, Top};
use crate::diagnostics::Diagnostics;
use crate::parser::parse_schema;
use expression::Writer;

/// Formats a whole schema file the way `prisma format` does.
///
/// Returns the input unchanged when it has syntax errors. Formatting is idempotent:
/// `format_schema(&format_schema(s)) == format_schema(s)`.
pub fn format_schema(source: &str) -> String {
    let mut diagnostics = Diagnostics::new();
    let ast = parse_schema(source, &mut diagnostics);
    if diagnostics.has_errors() {
        return source.to_string();
    }
    render_schema(source, &ast)
}

/// A top-level item as laid out: blocks are rendered whole, comments are single lines.
enum TopItem<'a> {
    Block(&'a Top),
    Comment(&'a Comment),
    Blank,
}

fn render_schema(source: &str, ast: &SchemaAst) -> String {
    let w = Writer::new(source);
    let items: Vec<TopItem<'_>> = ast
        .tops
        .iter()
        .map(|top| match top {
            Top::Comment(c) => TopItem::Comment(c),
            Top::EmptyLine(_) => TopItem::Blank,
            block => TopItem::Block(block),
        })
        .collect();

    let mut out = String::with_capacity(source.len());
    // What separates the previous written item from the next one: nothing yet, a line break, or a blank line.
    let mut wrote_any = false;
    let mut blank_pending = false;
    let mut after_block = false;
    for item in &items {
        match item {
            TopItem::Blank => {
                blank_pending = true;
                continue;
            }
            TopItem::Comment(_) | TopItem::Block(_) => {
                if wrote_any && (blank_pending || after_block) {
                    out.push('\n');
                }
            }
        }
        blank_pending = false;
        wrote_any = true;
        match item {
            TopItem::Comment(c) => {
                out.push_str(&blocks::comment_text(c));
                out.push('\n');
                after_block = false;
            }
            TopItem::Block(top) => {
                write_top_block(&w, top, &mut out);
                after_block = true;
            }
            TopItem::Blank => {}
        }
    }
    out
}

fn write_top_block(w: &Writer<'_>, top: &Top, out: &mut String) {
    let docs = match top {
        Top::Model(m) => &m.documentation,
        Top::Enum(e) => &e.documentation,
        Top::Source(b) | Top::Generator(b) => &b.documentation,
        Top::Comment(_) | Top::EmptyLine(_) => return,
    };
    for doc in docs {
        out.push_str(&blocks::comment_text(doc));
        out.push('\n');
    }
    match top {
        Top::Model(m) => blocks::write_model(w, m, out),
        Top::Enum(e) => blocks::write_enum(w, e, out),
        Top::Source(b) => blocks::write_config(w, "datasource", b, out),
        Top::Generator(b) => blocks::write_config(w, "generator", b, out),
        Top::Comment(_) | Top::EmptyLine(_) => {}
    }
}

#[cfg(test)]
mod tests;
