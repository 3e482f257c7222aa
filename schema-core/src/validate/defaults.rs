//! `@default(...)`: literals checked against the field type, and the generator functions (`autoincrement()`,
//! `now()`, `uuid()`, `cuid()`, `nanoid()`, `dbgenerated()`, `sequence()`, `auto()`) checked for the types
//! they may be used on and their arguments.

use super::args::{expect_string, render_expression, Args};
use super::context::Ctx;
use crate::ast::{Attribute, Expression};
use crate::datamodel::*;
use crate::diagnostics::Diagnostic;

const KNOWN_FUNCTIONS: &[&str] = &[
    "autoincrement",
    "sequence",
    "now",
    "uuid",
    "cuid",
    "nanoid",
    "dbgenerated",
    "auto",
];

/// Reads a field's `@default`, reporting anything the field's type does not allow.
pub(crate) fn parse(ctx: &mut Ctx<'_>, field: &Field, attr: &Attribute) -> Option<DefaultValue> {
    let mut args = Args::new(attr);
    let value = args.default_arg("value");
    let map = args
        .named("map")
        .and_then(|e| expect_string(e, "@default", &mut ctx.diags).map(str::to_owned));
    args.finish(&mut ctx.diags);
    let Some(value) = value else {
        ctx.push(Diagnostic::attribute(
            "@default",
            "Argument \"value\" is missing.",
            attr.span,
        ));
        return None;
    };
    let kind = match value {
        Expression::Function(name, fargs, _) => {
            DefaultKind::Function(function(ctx, field, name, fargs, attr)?)
        }
        _ => DefaultKind::Literal(literal_for_field(ctx, field, value, attr)?),
    };
    Some(DefaultValue {
        kind,
        map,
        span: attr.span,
    })
}

fn error(ctx: &mut Ctx<'_>, message: impl std::fmt::Display, attr: &Attribute) {
    ctx.push(Diagnostic::attribute("@default", message, attr.span));
}

fn type_name(ctx: &Ctx<'_>, field: &Field) -> String {
    match &field.field_type {
        FieldType::Scalar(s) => s.as_str().to_owned(),
        FieldType::Enum(e) => ctx.dm.enum_(*e).name.clone(),
        FieldType::Composite(c) => ctx.dm.composite_type(*c).name.clone(),
        FieldType::Relation(r) => ctx.dm.model(r.target).name.clone(),
        FieldType::Unsupported(_) => "Unsupported".to_owned(),
    }
}

fn function(
    ctx: &mut Ctx<'_>,
    field: &Field,
    name: &str,
    fargs: &crate::ast::ArgumentList,
    attr: &Attribute,
) -> Option<DefaultFunction> {
    if !KNOWN_FUNCTIONS.contains(&name) {
        error(
            ctx,
            format!("The function `{name}` is not a known function. You can read about the available functions here: https://pris.ly/d/attribute-functions"),
            attr,
        );
        return None;
    }
    let scalar = field.scalar_type();
    let allowed = match name {
        "autoincrement" | "sequence" => {
            matches!(scalar, Some(ScalarType::Int | ScalarType::BigInt))
        }
        "now" => scalar == Some(ScalarType::DateTime),
        "uuid" | "cuid" | "nanoid" => scalar == Some(ScalarType::String),
        _ => true,
    };
    if !allowed || (field.is_list() && name != "dbgenerated") {
        error(
            ctx,
            format!(
                "The function `{name}()` cannot be used on fields of type `{}`.",
                type_name(ctx, field)
            ),
            attr,
        );
        return None;
    }
    let values: Vec<&Expression> = fargs.arguments.iter().map(|a| &a.value).collect();
    let no_args = |ctx: &mut Ctx<'_>, f: DefaultFunction| {
        if values.is_empty() {
            Some(f)
        } else {
            error(ctx, format!("The `{name}` function does not take any argument. Consider changing this default to `{name}()`."), attr);
            None
        }
    };
    match name {
        "autoincrement" => no_args(ctx, DefaultFunction::Autoincrement),
        "now" => no_args(ctx, DefaultFunction::Now),
        "auto" => no_args(ctx, DefaultFunction::Auto),
        "sequence" => Some(DefaultFunction::Sequence),
        "uuid" => match values.as_slice() {
            [] => Some(DefaultFunction::Uuid(4)),
            [Expression::Numeric(n, _)] if n == "4" || n == "7" => {
                Some(DefaultFunction::Uuid(n.parse().unwrap_or(4)))
            }
            _ => {
                error(ctx, "`uuid()` takes a single Int argument.", attr);
                None
            }
        },
        "cuid" => match values.as_slice() {
            [] => Some(DefaultFunction::Cuid(1)),
            [Expression::Numeric(n, _)] if n == "1" || n == "2" => {
                Some(DefaultFunction::Cuid(n.parse().unwrap_or(1)))
            }
            _ => {
                error(ctx, "`cuid()` takes a single Int argument.", attr);
                None
            }
        },
        "nanoid" => {
            match values.as_slice() {
                [] => Some(DefaultFunction::Nanoid(None)),
                [Expression::Numeric(n, _)] => match n.parse::<u8>() {
                    Ok(len) if len >= 2 => Some(DefaultFunction::Nanoid(Some(len))),
                    _ => {
                        error(ctx, "`nanoid()` takes either no argument, or a single integer argument >= 2.", attr);
                        None
                    }
                },
                _ => {
                    error(
                        ctx,
                        "`nanoid()` takes either no argument, or a single integer argument >= 2.",
                        attr,
                    );
                    None
                }
            }
        }
        "dbgenerated" => {
            match values.as_slice() {
                [] => Some(DefaultFunction::DbGenerated(None)),
                [Expression::String(s, _)] if !s.trim().is_empty() => {
                    Some(DefaultFunction::DbGenerated(Some(s.clone())))
                }
                [Expression::String(..)] => {
                    error(ctx, "dbgenerated() takes either no argument, or a single nonempty string argument.", attr);
                    None
                }
                _ => {
                    error(ctx, "`dbgenerated()` takes a single String argument", attr);
                    None
                }
            }
        }
        _ => None,
    }
}

fn literal_for_field(
    ctx: &mut Ctx<'_>,
    field: &Field,
    value: &Expression,
    attr: &Attribute,
) -> Option<LiteralValue> {
    if let FieldType::Relation(_) | FieldType::Unsupported(_) = field.field_type {
        error(
            ctx,
            "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.",
            attr,
        );
        return None;
    }
    if field.is_list() {
        let Expression::Array(items, _) = value else {
            error(
                ctx,
                format!(
                    "The default value of a list field must be a list (found `{}`).",
                    render_expression(value)
                ),
                attr,
            );
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            out.push(literal(ctx, field, item, attr)?);
        }
        return Some(LiteralValue::List(out));
    }
    literal(ctx, field, value, attr)
}

fn literal(
    ctx: &mut Ctx<'_>,
    field: &Field,
    value: &Expression,
    attr: &Attribute,
) -> Option<LiteralValue> {
    let mismatch = |ctx: &mut Ctx<'_>, expected: &str| {
        error(
            ctx,
            format!(
                "Expected a {expected} value, but found `{}`.",
                render_expression(value)
            ),
            attr,
        );
        None
    };
    match &field.field_type {
        FieldType::Enum(id) => {
            let Some(name) = value.as_constant() else {
                return mismatch(ctx, "enum");
            };
            if ctx.dm.enum_(*id).values.iter().any(|v| v.name == name) {
                Some(LiteralValue::Enum(name.to_owned()))
            } else {
                error(
                    ctx,
                    format!("The defined default value `{name}` is not a valid value of the enum specified for the field."),
                    attr,
                );
                None
            }
        }
        FieldType::Composite(_) => {
            error(
                ctx,
                "Defaults on fields of type composite are not supported.",
                attr,
            );
            None
        }
        FieldType::Scalar(scalar) => {
            let scalar = *scalar;
            match (scalar, value) {
                (ScalarType::Int, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                    Ok(i) => Some(LiteralValue::Int(i)),
                    Err(_) => mismatch(ctx, "Int"),
                },
                (ScalarType::BigInt, Expression::Numeric(n, _)) => match n.parse::<i64>() {
                    Ok(i) => Some(LiteralValue::BigInt(i)),
                    Err(_) => mismatch(ctx, "BigInt"),
                },
                (ScalarType::Float | ScalarType::Decimal, Expression::Numeric(n, _)) => {
                    match n.parse::<f64>() {
                        Ok(f) => Some(LiteralValue::Float(f, n.clone())),
                        Err(_) => mismatch(ctx, scalar.as_str()),
                    }
                }
                (ScalarType::Decimal, Expression::String(s, _)) => match s.parse::<f64>() {
                    Ok(f) => Some(LiteralValue::Float(f, s.clone())),
                    Err(_) => mismatch(ctx, "Decimal"),
                },
                (ScalarType::String, Expression::String(s, _)) => {
                    Some(LiteralValue::String(s.clone()))
                }
                (ScalarType::Boolean, Expression::Constant(c, _))
                    if c == "true" || c == "false" =>
                {
                    Some(LiteralValue::Boolean(c == "true"))
                }
                (ScalarType::DateTime, Expression::String(s, _)) => match normalize_datetime(s) {
                    Some(dt) => Some(LiteralValue::DateTime(dt)),
                    None => {
                        error(
                            ctx,
                            format!("Expected a datetime value, but failed while parsing \"{s}\": input contains invalid characters."),
                            attr,
                        );
                        None
                    }
                },
                (ScalarType::Json, Expression::String(s, _)) => {
                    if serde_json::from_str::<serde_json::Value>(s).is_ok() {
                        Some(LiteralValue::Json(s.clone()))
                    } else {
                        error(
                            ctx,
                            format!("Expected a JSON value, but failed while parsing \"{s}\"."),
                            attr,
                        );
                        None
                    }
                }
                (ScalarType::Bytes, Expression::String(s, _)) => {
                    Some(LiteralValue::Bytes(s.clone()))
                }
                (scalar, _) => mismatch(ctx, scalar.as_str()),
            }
        }
        _ => mismatch(ctx, "scalar"),
    }
}

/// Checks an RFC 3339 timestamp and writes its offset as `+HH:MM`, as Prisma prints default dates.
fn normalize_datetime(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let is_digit_at = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let date_ok = s.len() >= 20
        && [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]
            .iter()
            .all(|&i| is_digit_at(i))
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't' | b' ')
        && bytes[13] == b':'
        && bytes[16] == b':';
    if !date_ok {
        return None;
    }
    if let Some(stripped) = s.strip_suffix(['Z', 'z']) {
        return Some(format!("{stripped}+00:00"));
    }
    let tail = s.get(s.len() - 6..)?.as_bytes();
    let offset_ok = matches!(tail[0], b'+' | b'-') && tail[3] == b':';
    offset_ok.then(|| s.to_owned())
}
