//! Canonical text of values, attributes and field types.
//!
//! Spacing is normalised (`name: value`, `, ` between arguments and array items, no spaces inside brackets,
//! trailing commas and line breaks dropped), while literals are written exactly as in the source: string
//! escapes and number spellings are the user's, and `prisma format` never rewrites them.

use crate::ast::{ArgumentList, Arity, Attribute, Expression, Field, FieldType};
use crate::span::Span;

/// Renders syntax nodes, reading literal text back from the source they were parsed from.
pub(crate) struct Writer<'a> {
    source: &'a str,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(source: &'a str) -> Self {
        Writer { source }
    }

    fn raw(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// A value: literals verbatim, functions and arrays with normalised spacing.
    pub(crate) fn expression(&self, expr: &Expression, out: &mut String) {
        match expr {
            Expression::Numeric(text, _) | Expression::Constant(text, _) => out.push_str(text),
            Expression::String(_, span) => out.push_str(self.raw(*span)),
            Expression::Function(name, args, _) => {
                out.push_str(name);
                self.arguments(args, out);
            }
            Expression::Array(items, _) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    self.expression(item, out);
                }
                out.push(']');
            }
        }
    }

    /// `(a, name: b)`. Named arguments left without a value (`name: `) keep their place and their `: `; the AST
    /// keeps them apart, so both kinds are merged back by source position.
    pub(crate) fn arguments(&self, args: &ArgumentList, out: &mut String) {
        let mut parts: Vec<(usize, String)> = Vec::new();
        for arg in &args.arguments {
            let mut text = String::new();
            if let Some(name) = &arg.name {
                text.push_str(&name.name);
                text.push_str(": ");
            }
            self.expression(&arg.value, &mut text);
            parts.push((arg.span.start, text));
        }
        for name in &args.empty_arguments {
            parts.push((name.span.start, format!("{}: ", name.name)));
        }
        parts.sort_by_key(|(start, _)| *start);
        out.push('(');
        for (i, (_, text)) in parts.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(text);
        }
        out.push(')');
    }

    /// `@name(args)` or `@@name(args)`; written parentheses are kept even when empty (`@id()`).
    pub(crate) fn attribute(&self, marker: &str, attr: &Attribute) -> String {
        let mut out = String::new();
        out.push_str(marker);
        out.push_str(&attr.name.name);
        if attr.arguments.has_parens {
            self.arguments(&attr.arguments, &mut out);
        }
        out
    }

    /// The type column of a field: `Type`, `Type?`, `Type[]` or `Unsupported("...")` with its arity.
    pub(crate) fn field_type(&self, field: &Field) -> String {
        let mut out = match &field.field_type {
            FieldType::Named(ident) => ident.name.clone(),
            FieldType::Unsupported { span, .. } => {
                let text = self.raw(*span);
                let inner = text
                    .find('(')
                    .zip(text.rfind(')'))
                    .and_then(|(open, close)| text.get(open + 1..close))
                    .unwrap_or("")
                    .trim();
                format!("Unsupported({inner})")
            }
        };
        match field.arity {
            Arity::Required => {}
            Arity::Optional => out.push('?'),
            Arity::List => out.push_str("[]"),
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ast::{ModelItem, Top};
    use crate::diagnostics::Diagnostics;
    use crate::parser::parse_schema;

    /// Parses a one-field model and renders its type and attributes.
    fn field_parts(field_line: &str) -> (String, Vec<String>) {
        let src = format!("model A {{\n  {field_line}\n}}\n");
        let mut d = Diagnostics::new();
        let ast = parse_schema(&src, &mut d);
        assert!(!d.has_errors(), "{d:?}");
        let Top::Model(m) = &ast.tops[0] else {
            panic!("no model")
        };
        let Some(ModelItem::Field(f)) = m.items.first() else {
            panic!("no field")
        };
        let w = Writer::new(&src);
        (
            w.field_type(f),
            f.attributes.iter().map(|a| w.attribute("@", a)).collect(),
        )
    }

    #[test]
    fn normalises_argument_spacing() {
        let (_, attrs) = field_parts(
            "a B @relation( \"n\" ,fields:[x,y] , references :[ id ],onDelete:Cascade)",
        );
        assert_eq!(
            attrs,
            vec![r#"@relation("n", fields: [x, y], references: [id], onDelete: Cascade)"#]
        );
    }

    #[test]
    fn strings_and_numbers_are_kept_as_written() {
        let (_, attrs) = field_parts(r#"a String @default("a\"b\u00e9") @db.Decimal(10, -2.50)"#);
        assert_eq!(
            attrs,
            vec![r#"@default("a\"b\u00e9")"#, "@db.Decimal(10, -2.50)"]
        );
    }

    #[test]
    fn functions_arrays_and_empty_parentheses() {
        let (_, attrs) =
            field_parts("a Int @id() @default(dbgenerated( \"x\" )) @x([ a (sort:Desc) , b ])");
        assert_eq!(
            attrs,
            vec![
                "@id()",
                r#"@default(dbgenerated("x"))"#,
                "@x([a(sort: Desc), b])"
            ]
        );
    }

    #[test]
    fn multi_line_arrays_become_one_line() {
        let (_, attrs) = field_parts("a Int @x([\n    a,\n    b,\n  ])");
        assert_eq!(attrs, vec!["@x([a, b])"]);
    }

    #[test]
    fn field_types_with_arity() {
        assert_eq!(field_parts("a Int?").0, "Int?");
        assert_eq!(field_parts("a Int[]").0, "Int[]");
        assert_eq!(
            field_parts(r#"a Unsupported("circle")?"#).0,
            r#"Unsupported("circle")?"#
        );
    }
}
