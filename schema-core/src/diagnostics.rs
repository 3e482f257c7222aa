//! Errors and warnings about a schema, each tied to the span it is about.
//!
//! Parsing and validation never stop at the first problem: they push into [`Diagnostics`] and go on, so one
//! run reports everything that is wrong, as Prisma does.

use crate::span::{LineIndex, Span};
use std::fmt::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the schema. The message is the full text Prisma shows, prefix included
/// (for example `Error parsing attribute "@default": ...`), because users search for those texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub message: String,
    pub span: Span,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            span,
        }
    }

    pub fn warning(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            message: message.into(),
            span,
        }
    }

    /// `Error validating: <msg>`, Prisma's wording for problems that belong to no attribute or model.
    pub fn validation(message: impl std::fmt::Display, span: Span) -> Self {
        Diagnostic::error(format!("Error validating: {message}"), span)
    }

    /// `Error parsing attribute "@name": <msg>`.
    pub fn attribute(attribute: &str, message: impl std::fmt::Display, span: Span) -> Self {
        Diagnostic::error(
            format!("Error parsing attribute \"{attribute}\": {message}"),
            span,
        )
    }

    /// `Error validating model "M": <msg>`.
    pub fn model(model: &str, message: impl std::fmt::Display, span: Span) -> Self {
        Diagnostic::error(
            format!("Error validating model \"{model}\": {message}"),
            span,
        )
    }

    /// ``Error validating field `f` in model `M`: <msg>``.
    pub fn field(model: &str, field: &str, message: impl std::fmt::Display, span: Span) -> Self {
        Diagnostic::error(
            format!("Error validating field `{field}` in model `{model}`: {message}"),
            span,
        )
    }
}

/// An ordered collection of diagnostics: errors in the order found, warnings kept apart as Prisma lists them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        match diagnostic.severity {
            Severity::Error => self.errors.push(diagnostic),
            Severity::Warning => self.warnings.push(diagnostic),
        }
    }

    pub fn push_error(&mut self, message: impl Into<String>, span: Span) {
        self.push(Diagnostic::error(message, span));
    }

    pub fn push_warning(&mut self, message: impl Into<String>, span: Span) {
        self.push(Diagnostic::warning(message, span));
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
    }

    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Every error rendered with location and caret, then Prisma's closing count line.
    pub fn render_errors(&self, file_name: &str, source: &str) -> String {
        let index = LineIndex::new(source);
        let mut out = String::new();
        for diagnostic in &self.errors {
            out.push_str(&render_one(diagnostic, file_name, source, &index));
        }
        let _ = write!(out, "\nValidation Error Count: {}", self.errors.len());
        out
    }

    /// Every warning rendered with location and caret.
    pub fn render_warnings(&self, file_name: &str, source: &str) -> String {
        let index = LineIndex::new(source);
        self.warnings
            .iter()
            .map(|d| render_one(d, file_name, source, &index))
            .collect()
    }
}

/// Renders one diagnostic: the message, `file:line:col`, the line before for context, the spanned lines,
/// and a caret line under the span's first line.
pub fn render(diagnostic: &Diagnostic, file_name: &str, source: &str) -> String {
    render_one(diagnostic, file_name, source, &LineIndex::new(source))
}

fn render_one(diagnostic: &Diagnostic, file_name: &str, source: &str, index: &LineIndex) -> String {
    let label = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let span = diagnostic.span;
    let (start_line, start_col) = index.line_col(source, span.start);
    // A span that ends with its line's newline belongs to that line, not the next one.
    let last = if span.end > span.start {
        span.end - 1
    } else {
        span.start
    };
    let (end_line, _) = index.line_col(source, last);
    let gutter = (end_line + 1).to_string().len().max(2);
    let mut out = String::new();
    let _ = writeln!(out, "{label}: {}", diagnostic.message);
    let _ = writeln!(
        out,
        "{:w$}-->  {file_name}:{start_line}:{start_col}",
        "",
        w = gutter
    );
    let _ = writeln!(out, "{:w$} | ", "", w = gutter);
    if start_line > 1 {
        let prev = start_line - 1;
        let _ = writeln!(
            out,
            "{prev:>w$} | {}",
            index.line_text(source, prev),
            w = gutter
        );
    }
    for line in start_line..=end_line {
        let text = index.line_text(source, line);
        let _ = writeln!(out, "{line:>w$} | {text}", w = gutter);
        if line == start_line {
            let first_line_end = if end_line == start_line {
                let (_, last_col) = index.line_col(source, last);
                (last_col + 1).max(start_col + 1)
            } else {
                text.chars().count() + 1
            };
            let carets = "^".repeat(first_line_end.saturating_sub(start_col).max(1));
            let _ = writeln!(
                out,
                "{:w$} | {:pad$}{carets}",
                "",
                "",
                w = gutter,
                pad = start_col - 1
            );
        }
    }
    let _ = writeln!(out, "{:w$} | ", "", w = gutter);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_context_and_caret() {
        let src = "model A {\n  id Int @id\n  x Strin\n}\n";
        let start = src.find("Strin").unwrap();
        let d = Diagnostic::error("Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum.", Span::new(start, start + 5));
        let text = render(&d, "schema.prisma", src);
        assert_eq!(
            text,
            "error: Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum.\n  -->  schema.prisma:3:5\n   | \n 2 |   id Int @id\n 3 |   x Strin\n   |     ^^^^^\n   | \n"
        );
    }

    #[test]
    fn multi_line_span_shows_every_line() {
        let src = "model A {\n  id Int\n}\n";
        let d = Diagnostic::model("A", "no id", Span::new(0, src.len()));
        let text = render(&d, "schema.prisma", src);
        assert!(text.contains("1 | model A {\n"));
        assert!(text.contains("3 | }\n"));
        assert!(text.contains("  -->  schema.prisma:1:1"));
    }

    #[test]
    fn count_line_closes_error_report() {
        let mut ds = Diagnostics::new();
        ds.push_error("a", Span::new(0, 1));
        ds.push_warning("w", Span::new(0, 1));
        let text = ds.render_errors("schema.prisma", "x\n");
        assert!(text.ends_with("\nValidation Error Count: 1"));
        assert_eq!(ds.warnings().len(), 1);
    }
}
