//! Matching argument values against input types, as Prisma's query parser does.
//!
//! Every value is tried against each allowed type in order; the first that fits wins. When none fits, a
//! single failure is reported as is and several as a `Union` of all of them, in type order. Objects check
//! missing required fields (and fill defaults) before the given fields, then their count constraints. The
//! result is a tree of [`Parsed`] values whose objects remember which input type they matched, which is what
//! the later conversion into the query IR reads.

use std::str::FromStr;

use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use bigdecimal::BigDecimal;
use chrono::{DateTime, FixedOffset};
use schema_core::datamodel::{DefaultFunction, DefaultKind, FieldId, LiteralValue, ScalarType};

use super::generators;
use super::schema::{Base, En, FieldDefault, InField, It, Obj, ObjDef, Sc, Schema};
use crate::error::{ArgumentDescription, FieldCountConstraints, ValidationError};
use crate::protocol::json_text::to_json_text;
use crate::protocol::ArgumentValue;
use crate::value::PrismaValue;

/// A value that matched an input type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Parsed {
    Value(PrismaValue),
    List(Vec<Parsed>),
    Object(Obj, Vec<(String, Parsed)>),
}

impl Parsed {
    pub fn as_value(&self) -> Option<&PrismaValue> {
        match self {
            Parsed::Value(value) => Some(value),
            _ => None,
        }
    }
}

pub(crate) type VResult<T> = Result<T, ValidationError>;

/// The parser of one operation: the schema, the request timestamp and the selection path being parsed.
pub(crate) struct ValueParser<'a> {
    pub schema: &'a Schema<'a>,
    pub now: DateTime<FixedOffset>,
    /// Match attempts left. Unions are tried exhaustively on failure, so a deeply nested invalid input
    /// could otherwise take exponential time; real requests stay far below the limit.
    pub budget: std::cell::Cell<usize>,
    /// GraphQL protocol: `Json` inputs are strings of JSON text, not documents.
    pub json_text_inputs: bool,
}

/// The number of type-match attempts one operation may make.
pub(crate) const MATCH_BUDGET: usize = 200_000;

const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The name Prisma infers for a value in `InvalidArgumentType` errors.
pub(crate) fn inferred_type(value: &ArgumentValue) -> String {
    match value {
        ArgumentValue::Scalar(scalar) => scalar_type_name(scalar),
        ArgumentValue::Object(_) | ArgumentValue::Raw(_) => "Object".into(),
        ArgumentValue::List(items) => format!(
            "({})",
            items
                .iter()
                .map(inferred_type)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ArgumentValue::FieldRef { .. } => "FieldRef".into(),
    }
}

fn scalar_type_name(value: &PrismaValue) -> String {
    match value {
        PrismaValue::String(_) => "String".into(),
        PrismaValue::Boolean(_) => "Boolean".into(),
        PrismaValue::Enum(_) => "Enum".into(),
        PrismaValue::Int(_) => "Int".into(),
        PrismaValue::List(items) => format!(
            "({})",
            items
                .iter()
                .map(scalar_type_name)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        PrismaValue::Json(_) => "JSON".into(),
        PrismaValue::Object(_) => "Object".into(),
        PrismaValue::Null => "Null".into(),
        PrismaValue::DateTime(_) => "DateTime".into(),
        PrismaValue::Float(_) | PrismaValue::Decimal(_) => "Float".into(),
        PrismaValue::BigInt(_) => "BigInt".into(),
        PrismaValue::Bytes(_) => "Bytes".into(),
    }
}

/// A float in plain decimal notation from its shortest round-trip digits (`9.223372036854776e18` →
/// `9223372036854776000`), as Prisma prints the floats it converts.
pub(crate) fn plain_float(value: f64) -> String {
    let scientific = format!("{value:e}");
    let Some((mantissa, exponent)) = scientific.split_once('e') else {
        return scientific;
    };
    let Ok(exponent) = exponent.parse::<i64>() else {
        return scientific;
    };
    let (negative, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let point = 1 + exponent; // position of the decimal point within `digits`
    let mut text = if point <= 0 {
        format!("0.{}{}", "0".repeat((-point) as usize), digits)
    } else if point as usize >= digits.len() {
        format!("{}{}", digits, "0".repeat(point as usize - digits.len()))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    if negative {
        text.insert(0, '-');
    }
    text
}

fn decimal_from_f64(value: f64) -> Option<BigDecimal> {
    BigDecimal::from_str(&plain_float(value)).ok()
}

impl<'a> ValueParser<'a> {
    fn invalid_type(
        &self,
        sel: &[String],
        path: &[String],
        typ: &It,
        value: &ArgumentValue,
    ) -> ValidationError {
        ValidationError::InvalidArgumentType {
            selection_path: sel.to_vec(),
            argument_path: path.to_vec(),
            argument: ArgumentDescription::new(
                path.last().cloned().unwrap_or_default(),
                [self.schema.type_name(typ)],
            ),
            inferred_type: inferred_type(value),
        }
    }

    fn invalid_value(
        &self,
        sel: &[String],
        path: &[String],
        value: String,
        expected: &str,
        underlying: Option<String>,
    ) -> ValidationError {
        ValidationError::InvalidArgumentValue {
            selection_path: sel.to_vec(),
            argument_path: path.to_vec(),
            argument: ArgumentDescription::new(
                path.last().cloned().unwrap_or_default(),
                [expected],
            ),
            value,
            underlying_error: underlying,
        }
    }

    /// Parses a value against the allowed types of an argument or input field.
    pub fn parse(
        &self,
        sel: &[String],
        path: &[String],
        value: &ArgumentValue,
        types: &[It],
    ) -> VResult<Parsed> {
        let mut failures = Vec::new();
        for typ in types {
            match self.parse_one(sel, path, value, typ) {
                Ok(parsed) => return Ok(parsed),
                Err(error) => failures.push(error),
            }
        }
        if failures.len() == 1 {
            Err(failures.remove(0))
        } else if failures.is_empty() {
            Err(ValidationError::UnexpectedRuntimeError {
                message: format!("`{}`: no input type accepts a value here", path.join(".")),
            })
        } else {
            Err(ValidationError::Union { errors: failures })
        }
    }

    fn parse_one(
        &self,
        sel: &[String],
        path: &[String],
        value: &ArgumentValue,
        typ: &It,
    ) -> VResult<Parsed> {
        let left = self.budget.get();
        if left == 0 {
            return Err(ValidationError::UnexpectedRuntimeError {
                message: "The query is too complex to validate.".into(),
            });
        }
        self.budget.set(left - 1);
        // JSON inputs take any untagged value as the document itself (JSON protocol).
        if *typ == It::Scalar(Sc::Json) && !self.json_text_inputs && can_be_json(value) {
            let text = to_json_text(&crate::protocol::json::encode_argument(value));
            return Ok(Parsed::Value(PrismaValue::Json(text)));
        }
        match (value, typ) {
            (ArgumentValue::Scalar(PrismaValue::Null), It::Scalar(Sc::Null)) => {
                Ok(Parsed::Value(PrismaValue::Null))
            }
            (ArgumentValue::Scalar(PrismaValue::Null), _) => {
                Err(ValidationError::RequiredArgumentMissing {
                    selection_path: sel.to_vec(),
                    argument_path: path.to_vec(),
                    input_types: vec![self.schema.describe_type(typ)],
                })
            }
            (ArgumentValue::Scalar(scalar), It::Scalar(sc)) => self
                .parse_scalar(sel, path, scalar, *sc, value, typ)
                .map(Parsed::Value),
            (
                ArgumentValue::Scalar(
                    scalar @ (PrismaValue::Enum(_)
                    | PrismaValue::String(_)
                    | PrismaValue::Boolean(_)),
                ),
                It::Enum(en),
            ) => self.parse_enum(sel, path, scalar, *en),
            (ArgumentValue::List(items), It::List(inner)) => items
                .iter()
                .map(|item| self.parse(sel, path, item, std::slice::from_ref(inner.as_ref())))
                .collect::<VResult<Vec<_>>>()
                .map(Parsed::List),
            (ArgumentValue::Object(entries), It::Object(obj)) => {
                self.parse_object(sel, path, entries, obj)
            }
            (ArgumentValue::FieldRef { field, container }, It::Object(obj)) => {
                let entries = vec![
                    ("_ref".to_owned(), ArgumentValue::string(field.clone())),
                    (
                        "_container".to_owned(),
                        ArgumentValue::string(container.clone()),
                    ),
                ];
                self.parse_object(sel, path, &entries, obj)
            }
            _ => Err(self.invalid_type(sel, path, typ, value)),
        }
    }

    fn parse_scalar(
        &self,
        sel: &[String],
        path: &[String],
        scalar: &PrismaValue,
        sc: Sc,
        original: &ArgumentValue,
        typ: &It,
    ) -> VResult<PrismaValue> {
        use PrismaValue as P;
        Ok(match (scalar, sc) {
            (P::String(s), Sc::String) => P::String(s.clone()),
            (P::Boolean(b), Sc::Boolean) => P::Boolean(*b),
            (P::Json(j), Sc::Json) => P::Json(j.clone()),
            (P::Bytes(b), Sc::Bytes) => P::Bytes(b.clone()),
            (P::BigInt(i), Sc::BigInt) => P::BigInt(*i),
            (P::DateTime(d), Sc::DateTime) => P::DateTime(*d),
            (P::Decimal(d), Sc::Decimal) => P::Decimal(d.clone()),
            (P::Decimal(d), Sc::Float) => P::Float(d.to_string().parse().unwrap_or(f64::NAN)),
            (P::String(s), Sc::Bytes) => match LENIENT_BASE64.decode(s) {
                Ok(bytes) => P::Bytes(bytes),
                Err(error) => {
                    return Err(self.invalid_value(
                        sel,
                        path,
                        s.clone(),
                        "base64 String",
                        Some(error.to_string()),
                    ))
                }
            },
            (P::String(s), Sc::Decimal) => match BigDecimal::from_str(s) {
                Ok(decimal) => P::Decimal(decimal),
                Err(error) => {
                    return Err(self.invalid_value(
                        sel,
                        path,
                        s.clone(),
                        "decimal String",
                        Some(error.to_string()),
                    ))
                }
            },
            (P::String(s), Sc::BigInt) => match s.parse::<i64>() {
                Ok(int) => P::BigInt(int),
                Err(error) => {
                    return Err(self.invalid_value(
                        sel,
                        path,
                        s.clone(),
                        "big integer String",
                        Some(error.to_string()),
                    ))
                }
            },
            // GraphQL: JSON text is read into a document and written back compactly, as Prisma stores it
            // (`[ 1 , 2 ]` → `[1,2]`; numbers with a fraction or exponent become floats: `1.5e3` → `1500.0`,
            // `-0` → `-0.0`), the same text the JSON protocol stores for the same input.
            (P::String(s), Sc::Json) => match serde_json::from_str::<serde_json::Value>(s) {
                Ok(document) => P::Json(to_json_text(&document)),
                Err(error) => {
                    return Err(self.invalid_value(
                        sel,
                        path,
                        s.clone(),
                        "JSON String",
                        Some(error.to_string()),
                    ))
                }
            },
            (P::String(s), Sc::DateTime) => match DateTime::parse_from_rfc3339(s) {
                Ok(at) => P::DateTime(at),
                Err(error) => {
                    return Err(self.invalid_value(
                        sel,
                        path,
                        s.clone(),
                        "ISO-8601 DateTime",
                        Some(error.to_string()),
                    ))
                }
            },
            (P::Int(i), Sc::Int) => P::Int(*i),
            (P::Int(i), Sc::Float) => P::Float(*i as f64),
            (P::Int(i), Sc::Decimal) => P::Decimal(BigDecimal::from(*i)),
            (P::Int(i), Sc::BigInt) => P::BigInt(*i),
            (P::Float(f), Sc::Float) => P::Float(*f),
            (P::Float(f), Sc::Decimal) => match decimal_from_f64(*f) {
                Some(decimal) => P::Decimal(decimal),
                None => return Err(self.invalid_type(sel, path, typ, original)),
            },
            (P::Float(f), Sc::Int) => {
                let truncated = f.trunc();
                // i64::MAX as f64 rounds up to 2^63, which does not fit.
                if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&truncated) {
                    P::Int(truncated as i64)
                } else {
                    return Err(ValidationError::ValueTooLarge {
                        selection_path: sel.to_vec(),
                        argument_path: path.to_vec(),
                        argument: ArgumentDescription::new(
                            path.last().cloned().unwrap_or_default(),
                            ["BigInt"],
                        ),
                        value: plain_float(*f),
                    });
                }
            }
            _ => return Err(self.invalid_type(sel, path, typ, original)),
        })
    }

    fn parse_enum(
        &self,
        sel: &[String],
        path: &[String],
        scalar: &PrismaValue,
        en: En,
    ) -> VResult<Parsed> {
        let raw = match scalar {
            PrismaValue::Enum(s) | PrismaValue::String(s) => s.clone(),
            PrismaValue::Boolean(b) => b.to_string(),
            _ => String::new(),
        };
        if self.schema.enum_values(en).contains(&raw) {
            Ok(Parsed::Value(PrismaValue::Enum(raw)))
        } else {
            Err(self.invalid_value(sel, path, raw, &self.schema.enum_name(en), None))
        }
    }

    /// Parses an input object: missing fields first (defaults, or errors for required ones), then the given
    /// fields in the client's order, then the count constraints.
    pub fn parse_object(
        &self,
        sel: &[String],
        path: &[String],
        entries: &[(String, ArgumentValue)],
        obj: &Obj,
    ) -> VResult<Parsed> {
        let def = self.schema.object_shared(obj);
        let mut defaults = Vec::new();
        for field in &def.fields {
            if entries.iter().any(|(key, _)| *key == field.name) {
                continue;
            }
            let mut field_path = path.to_vec();
            field_path.push(field.name.clone());
            match &field.default {
                Some(default) => {
                    if let Some(value) = self.default_value(default) {
                        let value = match value {
                            PrismaValue::List(items) => ArgumentValue::List(
                                items.into_iter().map(ArgumentValue::Scalar).collect(),
                            ),
                            other => ArgumentValue::Scalar(other),
                        };
                        let parsed = self.parse(sel, &field_path, &value, &field.types)?;
                        defaults.push((field.name.clone(), parsed));
                    }
                }
                None if field.required => {
                    return Err(ValidationError::RequiredArgumentMissing {
                        selection_path: sel.to_vec(),
                        argument_path: field_path,
                        input_types: field
                            .types
                            .iter()
                            .map(|t| self.schema.describe_type(t))
                            .collect(),
                    })
                }
                None => {}
            }
        }
        let mut out = Vec::with_capacity(entries.len() + defaults.len());
        for (key, value) in entries {
            let mut field_path = path.to_vec();
            field_path.push(key.clone());
            let Some(field) = def.find(key) else {
                return Err(ValidationError::UnknownInputField {
                    selection_path: sel.to_vec(),
                    argument_path: field_path,
                    input_type: self.schema.describe_object(&def),
                });
            };
            out.push((
                key.clone(),
                self.parse(sel, &field_path, value, &field.types)?,
            ));
        }
        out.extend(defaults);
        self.check_constraints(sel, path, &def, &out)?;
        Ok(Parsed::Object(obj.clone(), out))
    }

    fn check_constraints(
        &self,
        sel: &[String],
        path: &[String],
        def: &ObjDef,
        map: &[(String, Parsed)],
    ) -> VResult<()> {
        let given = match &def.constrained {
            Some(fields) => fields
                .iter()
                .filter(|f| map.iter().any(|(k, _)| k == *f))
                .count(),
            None => map.len(),
        };
        let constraints = || FieldCountConstraints {
            min_field_count: def.min,
            max_field_count: def.max,
            required_fields: def.constrained.clone(),
        };
        if def.max.is_some_and(|max| given > max) {
            return Err(ValidationError::TooManyFieldsGiven {
                selection_path: sel.to_vec(),
                argument_path: path.to_vec(),
                input_type: self.schema.describe_object(def),
                constraints: constraints(),
                given,
            });
        }
        if def.min.is_some_and(|min| given < min) {
            return Err(ValidationError::SomeFieldsMissing {
                selection_path: sel.to_vec(),
                argument_path: path.to_vec(),
                input_type: self.schema.describe_object(def),
                constraints: constraints(),
                given,
            });
        }
        Ok(())
    }

    /// The value a missing field with a default takes; `None` when the database computes it.
    fn default_value(&self, default: &FieldDefault) -> Option<PrismaValue> {
        match default {
            FieldDefault::QueryModeDefault => Some(PrismaValue::Enum("default".into())),
            FieldDefault::Model(field) => self.model_default(*field),
        }
    }

    fn model_default(&self, id: FieldId) -> Option<PrismaValue> {
        let field = self.schema.dm.field(id);
        let default = field.default.as_ref()?;
        match &default.kind {
            DefaultKind::Literal(literal) => Some(literal_value(literal, self.schema.base(id))),
            DefaultKind::Function(function) => match function {
                DefaultFunction::Now => Some(PrismaValue::DateTime(self.now)),
                DefaultFunction::Uuid(_) => Some(PrismaValue::String(generators::uuid_v4())),
                DefaultFunction::Cuid(_) => Some(PrismaValue::String(generators::cuid())),
                DefaultFunction::Nanoid(length) => Some(PrismaValue::String(generators::nanoid(
                    length.map(usize::from).unwrap_or(21),
                ))),
                DefaultFunction::Autoincrement
                | DefaultFunction::Sequence
                | DefaultFunction::DbGenerated(_)
                | DefaultFunction::Auto => None,
            },
        }
    }

    /// Parses the arguments of a field against its schema arguments: unknown names first, then each schema
    /// argument in order.
    pub fn parse_arguments(
        &self,
        sel: &[String],
        schema_args: &[InField],
        given: &crate::protocol::Arguments,
    ) -> VResult<Vec<(String, Parsed)>> {
        for (name, _) in given.iter() {
            if !schema_args.iter().any(|arg| arg.name == name) {
                return Err(ValidationError::UnknownArgument {
                    selection_path: sel.to_vec(),
                    argument_path: vec![name.to_owned()],
                    valid_arguments: schema_args
                        .iter()
                        .map(|arg| {
                            ArgumentDescription::new(
                                arg.name.clone(),
                                arg.types.iter().map(|t| self.schema.type_name(t)),
                            )
                        })
                        .collect(),
                });
            }
        }
        let mut out = Vec::new();
        for arg in schema_args {
            let path = vec![arg.name.clone()];
            match given.get(&arg.name) {
                Some(value) => {
                    out.push((arg.name.clone(), self.parse(sel, &path, value, &arg.types)?))
                }
                None if arg.required => {
                    return Err(ValidationError::RequiredArgumentMissing {
                        selection_path: sel.to_vec(),
                        argument_path: path,
                        input_types: arg
                            .types
                            .iter()
                            .map(|t| self.schema.describe_type(t))
                            .collect(),
                    })
                }
                None => {}
            }
        }
        Ok(out)
    }
}

fn can_be_json(value: &ArgumentValue) -> bool {
    match value {
        ArgumentValue::Object(_) | ArgumentValue::List(_) => true,
        ArgumentValue::Scalar(scalar) => {
            !matches!(scalar, PrismaValue::Enum(_) | PrismaValue::Json(_))
        }
        ArgumentValue::FieldRef { .. } | ArgumentValue::Raw(_) => false,
    }
}

/// A literal `@default` as the value of its field's type.
fn literal_value(literal: &LiteralValue, base: Option<Base>) -> PrismaValue {
    let scalar = match base {
        Some(Base::Scalar(scalar)) => Some(scalar),
        _ => None,
    };
    match literal {
        LiteralValue::String(s) => PrismaValue::String(s.clone()),
        LiteralValue::Int(i) => match scalar {
            Some(ScalarType::BigInt) => PrismaValue::BigInt(*i),
            Some(ScalarType::Float) => PrismaValue::Float(*i as f64),
            Some(ScalarType::Decimal) => PrismaValue::Decimal(BigDecimal::from(*i)),
            _ => PrismaValue::Int(*i),
        },
        LiteralValue::BigInt(i) => PrismaValue::BigInt(*i),
        LiteralValue::Float(f, text) => match scalar {
            Some(ScalarType::Decimal) => BigDecimal::from_str(text)
                .map(PrismaValue::Decimal)
                .unwrap_or(PrismaValue::Float(*f)),
            _ => PrismaValue::Float(*f),
        },
        LiteralValue::Boolean(b) => PrismaValue::Boolean(*b),
        LiteralValue::DateTime(text) => DateTime::parse_from_rfc3339(text)
            .map(PrismaValue::DateTime)
            .unwrap_or_else(|_| PrismaValue::String(text.clone())),
        LiteralValue::Json(text) => PrismaValue::Json(text.clone()),
        LiteralValue::Bytes(text) => LENIENT_BASE64
            .decode(text)
            .map(PrismaValue::Bytes)
            .unwrap_or_else(|_| PrismaValue::String(text.clone())),
        LiteralValue::Enum(name) => PrismaValue::Enum(name.clone()),
        LiteralValue::List(items) => {
            PrismaValue::List(items.iter().map(|item| literal_value(item, base)).collect())
        }
    }
}
