//! A parsed GraphQL document turned into one [`Operation`] (graphql-protocol.md §2–§5).
//!
//! The operation is picked by `operationName` (or is the first one); of its top-level fields only the last is
//! executed, as in Prisma. Fields map onto [`SelectedField`]s: a leaf is selected with its default content,
//! a field with arguments or a sub-selection is [`FieldSelection::Nested`]. Literals become generic values;
//! schema types (DateTime, Decimal, Json, ...) are coerced later by validation.

use crate::protocol::action::{Action, RootKind};
use crate::protocol::document::{
    ArgumentValue, Arguments, FieldSelection, Operation, RootField, SelectedField, Selection,
};
use crate::protocol::error::ProtocolError;
use crate::protocol::raw_parameters::{decode_raw_parameters_text, RawParametersError};
use crate::query::parse::inferred_type;
use crate::value::PrismaValue;

use super::root_field;
use super::syntax::{self, Definition, Document, OperationDefinition, OperationKind, Value};

/// The operation a document asks for; `operation_name` is the request's `operationName`, if any.
pub fn document_operation(
    document: &Document,
    operation_name: Option<&str>,
) -> Result<Operation, ProtocolError> {
    let mut operations = document
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            Definition::Operation(operation) => Some(operation),
            Definition::Fragment { .. } => None,
        });
    let definition = match operation_name {
        Some(wanted) => operations
            .find(|operation| operation.name.as_deref() == Some(wanted))
            .ok_or_else(|| ProtocolError::UnknownGraphQlOperation(wanted.to_owned()))?,
        None => operations.next().ok_or(ProtocolError::NoGraphQlOperation)?,
    };
    convert_definition(definition)
}

fn convert_definition(definition: &OperationDefinition) -> Result<Operation, ProtocolError> {
    let root = match definition.kind {
        OperationKind::Query => RootKind::Query,
        OperationKind::Mutation => RootKind::Mutation,
        OperationKind::Subscription => {
            return Err(ProtocolError::UnsupportedGraphQlFeature(format!(
                "Subscription query. At position {}.",
                definition.pos
            )))
        }
    };
    let mut last = None;
    for selection in &definition.selections {
        last = Some(convert_root_field(selection_field(selection)?, root)?);
    }
    // The grammar requires at least one selection, and fragments were rejected above.
    last.ok_or(ProtocolError::NoGraphQlOperation)
}

/// The field of a selection; fragments are unsupported.
fn selection_field(selection: &syntax::Selection) -> Result<&syntax::Field, ProtocolError> {
    match selection {
        syntax::Selection::Field(field) => Ok(field),
        syntax::Selection::FragmentSpread { name, pos } => {
            Err(ProtocolError::UnsupportedGraphQlFeature(format!(
                "Fragment spread. Fragment '{name}', at position {pos}."
            )))
        }
        syntax::Selection::InlineFragment { pos } => Err(ProtocolError::UnsupportedGraphQlFeature(
            format!("Inline fragment. At position {pos}."),
        )),
    }
}

fn convert_root_field(field: &syntax::Field, root: RootKind) -> Result<Operation, ProtocolError> {
    // Whether the root type has this field is decided in validation, which knows the models and the
    // connector (as in Prisma, an unknown field fails per operation with P2009). Here the name is only read
    // as an action on a model; a name of no action of this root gets the root's neutral reading, which
    // validation never uses because it rejects the field first.
    let (model, action) = root_field::resolve(&field.name)
        .filter(|(_, action)| action.root_kind() == root)
        .unwrap_or_else(|| root_field::unresolved_reading(root));
    let mut arguments = convert_arguments(&field.arguments)?;
    if action.is_raw_sql() {
        decode_raw_sql_parameters(action, &mut arguments)?;
    }
    Ok(Operation {
        model,
        action,
        alias: field.alias.clone(),
        arguments,
        selection: convert_selections(&field.selections)?,
        root_field: Some(RootField {
            name: field.name.clone(),
            root,
        }),
    })
}

fn convert_arguments(arguments: &[(String, Value)]) -> Result<Arguments, ProtocolError> {
    arguments
        .iter()
        .map(|(name, value)| Ok((name.clone(), convert_value(value)?)))
        .collect()
}

/// `parameters` (a string holding a JSON array) becomes the list of bind values; absent means none.
fn decode_raw_sql_parameters(
    action: Action,
    arguments: &mut Arguments,
) -> Result<(), ProtocolError> {
    let invalid = |source| ProtocolError::InvalidRawParameters {
        operation: action.as_str().to_owned(),
        source,
    };
    let values = match arguments.get("parameters") {
        None => Vec::new(),
        Some(ArgumentValue::Scalar(PrismaValue::String(text))) => {
            decode_raw_parameters_text(text).map_err(invalid)?
        }
        Some(null @ ArgumentValue::Scalar(PrismaValue::Null)) => {
            return Err(invalid(RawParametersError::NotAnArray {
                rendered: crate::protocol::json::encode_argument(null).to_string(),
            }))
        }
        // `parameters` is a `Json` argument, which the GraphQL protocol takes only as a string of JSON
        // text: any other literal is P2009 `InvalidArgumentType` naming its inferred type (`(Int)` for `[7]`).
        Some(other) => {
            return Err(ProtocolError::RawParametersType {
                operation: action.as_str().to_owned(),
                inferred_type: inferred_type(other),
            })
        }
    };
    let list = values.into_iter().map(ArgumentValue::Scalar).collect();
    arguments.insert("parameters", ArgumentValue::List(list));
    Ok(())
}

/// A literal as a generic argument value. Integers beyond i64 are P2033; variables are unsupported.
fn convert_value(value: &Value) -> Result<ArgumentValue, ProtocolError> {
    let scalar = |value| Ok(ArgumentValue::Scalar(value));
    match value {
        Value::Variable(name) => Err(ProtocolError::UnsupportedGraphQlFeature(format!(
            "Variable usage. Variable '{name}'."
        ))),
        Value::Int(text) => text
            .parse::<i64>()
            .map(|integer| ArgumentValue::Scalar(PrismaValue::Int(integer)))
            .map_err(|_| ProtocolError::IntegerOverflow),
        Value::Float(float) => scalar(PrismaValue::Float(*float)),
        Value::String(text) => scalar(PrismaValue::String(text.clone())),
        Value::Boolean(flag) => scalar(PrismaValue::Boolean(*flag)),
        Value::Null => scalar(PrismaValue::Null),
        Value::Enum(name) => scalar(PrismaValue::Enum(name.clone())),
        Value::List(items) => Ok(ArgumentValue::List(
            items.iter().map(convert_value).collect::<Result<_, _>>()?,
        )),
        Value::Object(entries) => Ok(ArgumentValue::Object(
            entries
                .iter()
                .map(|(key, value)| Ok((key.clone(), convert_value(value)?)))
                .collect::<Result<_, ProtocolError>>()?,
        )),
    }
}

/// A sub-selection. Identical repeated fields are merged; aliases below the root are unsupported (Prisma's
/// engine crashes on them, so there is no answer to reproduce).
fn convert_selections(selections: &[syntax::Selection]) -> Result<Selection, ProtocolError> {
    let mut selection = Selection::default();
    for item in selections {
        let field = selection_field(item)?;
        if let Some(alias) = &field.alias {
            return Err(ProtocolError::UnsupportedGraphQlFeature(format!(
                "Field alias. Alias '{alias}' for field '{}', at position {}.",
                field.name, field.pos
            )));
        }
        let content = if field.arguments.is_empty() && field.selections.is_empty() {
            FieldSelection::Default
        } else {
            FieldSelection::Nested {
                arguments: convert_arguments(&field.arguments)?,
                selection: convert_selections(&field.selections)?,
            }
        };
        let converted = SelectedField {
            name: field.name.clone(),
            selection: content,
        };
        if !selection.fields.contains(&converted) {
            selection.fields.push(converted);
        }
    }
    Ok(selection)
}
