//! Reading attribute arguments: the unnamed default argument, named ones, and reporting the rest.

use crate::ast::{Argument, Attribute, Expression};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The arguments of one attribute, tracking which were read so leftovers can be reported.
pub(crate) struct Args<'a> {
    attribute: &'a Attribute,
    used: Vec<bool>,
}

impl<'a> Args<'a> {
    pub fn new(attribute: &'a Attribute) -> Self {
        Args {
            attribute,
            used: vec![false; attribute.arguments.arguments.len()],
        }
    }

    fn arguments(&self) -> &'a [Argument] {
        &self.attribute.arguments.arguments
    }

    /// The argument named `name`, or else the first unnamed argument (Prisma's "default argument").
    pub fn default_arg(&mut self, name: &str) -> Option<&'a Expression> {
        if let Some(e) = self.named(name) {
            return Some(e);
        }
        let args = self.arguments();
        let i = args.iter().position(|a| a.name.is_none())?;
        self.used[i] = true;
        Some(&args[i].value)
    }

    /// The argument named `name`.
    pub fn named(&mut self, name: &str) -> Option<&'a Expression> {
        let args = self.arguments();
        let i = args
            .iter()
            .position(|a| a.name.as_ref().is_some_and(|n| n.name == name))?;
        self.used[i] = true;
        Some(&args[i].value)
    }

    /// Reports arguments nobody read, and duplicated names.
    pub fn finish(self, diags: &mut Diagnostics) {
        let mut seen: Vec<&str> = Vec::new();
        for (arg, used) in self.arguments().iter().zip(&self.used) {
            if let Some(name) = &arg.name {
                if seen.contains(&name.name.as_str()) {
                    diags.push(Diagnostic::error(
                        format!("Argument \"{}\" is already specified.", name.name),
                        arg.span,
                    ));
                    continue;
                }
                seen.push(&name.name);
            }
            if !used {
                diags.push(Diagnostic::error("No such argument.", arg.span));
            }
        }
    }
}

/// An expression as Prisma prints it in messages: strings quoted, functions with their arguments.
pub(crate) fn render_expression(e: &Expression) -> String {
    match e {
        Expression::Numeric(text, _) | Expression::Constant(text, _) => text.clone(),
        Expression::String(s, _) => format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")),
        Expression::Function(name, args, _) => {
            let inner: Vec<String> = args
                .arguments
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{}: {}", n.name, render_expression(&a.value)),
                    None => render_expression(&a.value),
                })
                .collect();
            format!("{name}({})", inner.join(", "))
        }
        Expression::Array(items, _) => {
            let inner: Vec<String> = items.iter().map(render_expression).collect();
            format!("[{}]", inner.join(", "))
        }
    }
}

/// Prisma's word for a kind of value in "but received ... value" messages.
pub(crate) fn value_kind(e: &Expression) -> &'static str {
    match e {
        Expression::Constant(..) => "literal",
        other => other.describe(),
    }
}

/// A string argument, or an attribute error saying what was found instead.
pub(crate) fn expect_string<'e>(
    e: &'e Expression,
    attribute: &str,
    diags: &mut Diagnostics,
) -> Option<&'e str> {
    match e {
        Expression::String(s, _) => Some(s),
        other => {
            diags.push(Diagnostic::attribute(
                attribute,
                format!(
                    "Expected a string value, but received {} value `{}`.",
                    value_kind(other),
                    render_expression(other)
                ),
                other.span(),
            ));
            None
        }
    }
}

/// A `true`/`false` constant argument.
pub(crate) fn expect_bool(
    e: &Expression,
    attribute: &str,
    diags: &mut Diagnostics,
) -> Option<bool> {
    match e.as_constant() {
        Some("true") => Some(true),
        Some("false") => Some(false),
        _ => {
            diags.push(Diagnostic::attribute(
                attribute,
                format!(
                    "Expected a boolean value, but received {} value `{}`.",
                    value_kind(e),
                    render_expression(e)
                ),
                e.span(),
            ));
            None
        }
    }
}
