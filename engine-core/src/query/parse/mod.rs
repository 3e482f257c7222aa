//! Validation of a request's operations against the datamodel: from [`Operation`] to [`Query`].
//!
//! Validation follows Prisma's query parser closely because clients see its errors verbatim: the arguments
//! and selection of an operation are matched against the query schema ([`schema`]) by a generic value
//! parser ([`values`]) that reports Prisma's P2009/P2012 errors with the same paths, type descriptions and
//! union structure; the parsed values are then converted into the query IR ([`convert`]).

// Validation errors carry full type descriptions by design (clients read them), and the entry point's
// signature returns `EngineError`; boxing them internally would only move the allocation around.

mod convert;
mod generators;
pub(crate) mod roots;
pub(crate) mod schema;
mod values;

#[cfg(test)]
mod golden_tests;
#[cfg(test)]
mod graphql_tests;
#[cfg(test)]
mod tests;

use chrono::{DateTime, FixedOffset};
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use self::convert::Converter;
pub use self::schema::ValidationCache;
use self::schema::{InField, It, Obj, OutField, OutMeaning, OutType, Sc, Schema};
use self::values::{Parsed, VResult, ValueParser};
use super::{
    AggregateField, AggregateQuery, AggregateSelection, FieldSelection, GroupByQuery,
    GroupBySelection, Query, QueryArgs, RawQuery, ReadQuery, RecordQuery, RelationCount,
    RelationSelection, SelectedField, UpsertData, WriteQuery,
};
use crate::error::{ArgumentDescription, EngineError, ValidationError};
use crate::protocol::{
    Action, ArgumentValue, Arguments, EngineProtocol, FieldSelection as WireSelection, Operation,
    Selection,
};
use crate::query::{AggregateKind, Filter, OrderTarget};
use crate::value::PrismaValue;

/// The type name Prisma infers for a value in `InvalidArgumentType` errors; the GraphQL decoder reports
/// raw `parameters` of the wrong kind with it.
pub(crate) use self::values::inferred_type;

/// Per-request inputs of validation: `now()` is one timestamp for the whole request.
#[derive(Debug, Clone, Copy)]
pub struct ParseContext {
    pub now: DateTime<FixedOffset>,
}

/// Validates one operation of a JSON-protocol request and resolves it against the datamodel.
pub fn parse_operation(
    datamodel: &Datamodel,
    context: &ParseContext,
    operation: &Operation,
) -> Result<Query, EngineError> {
    parse_operation_for_protocol(datamodel, context, EngineProtocol::Json, operation)
}

/// Validates one operation and resolves it against the datamodel, with the input rules of the protocol the
/// request came in: a `Json` field takes any untagged value as the document in the JSON protocol, but only
/// a string of JSON text in the GraphQL protocol (where `null` is no JSON value either).
pub fn parse_operation_for_protocol(
    datamodel: &Datamodel,
    context: &ParseContext,
    protocol: EngineProtocol,
    operation: &Operation,
) -> Result<Query, EngineError> {
    validate(&Schema::new(datamodel), context, protocol, operation)
}

/// [`parse_operation_for_protocol`] with the input types built by earlier requests on the same datamodel
/// taken from `cache` (and the ones built now kept there): what a long-lived engine validates with.
pub fn parse_operation_cached(
    datamodel: &Datamodel,
    cache: &ValidationCache,
    context: &ParseContext,
    protocol: EngineProtocol,
    operation: &Operation,
) -> Result<Query, EngineError> {
    validate(
        &Schema::with_cache(datamodel, cache),
        context,
        protocol,
        operation,
    )
}

fn validate(
    schema: &Schema<'_>,
    context: &ParseContext,
    protocol: EngineProtocol,
    operation: &Operation,
) -> Result<Query, EngineError> {
    let parser = OperationParser {
        values: ValueParser {
            schema,
            now: context.now,
            budget: std::cell::Cell::new(values::MATCH_BUDGET),
            json_text_inputs: protocol == EngineProtocol::GraphQl,
        },
        convert: Converter {
            schema,
            now: context.now,
        },
        schema,
    };
    parser.operation(operation)
}

/// A selection resolved against an output type: the field, its parsed arguments and its sub-selection.
struct Resolved {
    field: OutField,
    arguments: Vec<(String, Parsed)>,
    nested: Vec<Resolved>,
}

impl Resolved {
    fn argument(&self, name: &str) -> Option<&Parsed> {
        self.arguments
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
    }
}

struct OperationParser<'a> {
    values: ValueParser<'a>,
    convert: Converter<'a>,
    schema: &'a Schema<'a>,
}

fn arg<'p>(arguments: &'p [(String, Parsed)], name: &str) -> Option<&'p Parsed> {
    arguments.iter().find(|(k, _)| k == name).map(|(_, v)| v)
}

fn unknown_operation(operation: &Operation) -> EngineError {
    EngineError::UnknownOperation {
        action: operation.action.as_str().to_owned(),
        model: Some(operation.model.clone().unwrap_or_else(|| "None".to_owned())),
    }
}

impl<'a> OperationParser<'a> {
    fn operation(&self, operation: &Operation) -> Result<Query, EngineError> {
        let target = match &operation.root_field {
            Some(field) => roots::resolve_root_field(self.schema, field.root, &field.name)?,
            None => self.json_target(operation)?,
        };
        let (model, action) = match target {
            (_, action) if action.is_raw_sql() => return self.raw(operation).map(Query::Raw),
            (Some(model), action) => (model, action),
            (None, _) => return Err(unknown_operation(operation)),
        };
        let root = action.schema_field_name(Some(self.schema.model_name(model)));
        let sel = vec![root];
        let (arguments, output) = self.root_signature(action, model);
        let parsed = self
            .values
            .parse_arguments(&sel, &arguments, &operation.arguments)?;
        let nested = self.selection(&sel, &output, &operation.selection)?;
        self.build(action, model, &parsed, nested)
    }

    /// The model and action a JSON-protocol operation names (no model for raw SQL); an unknown model, or an
    /// action the connector does not offer, is Prisma's "does not match any query".
    fn json_target(&self, operation: &Operation) -> Result<(Option<ModelId>, Action), EngineError> {
        if operation.action.is_raw_sql() {
            return Ok((None, operation.action));
        }
        let model = operation
            .model
            .as_deref()
            .and_then(|name| self.schema.dm.find_model(name))
            .filter(|id| !self.schema.dm.model(*id).is_ignored)
            .ok_or_else(|| unknown_operation(operation))?;
        let supported = !matches!(
            operation.action,
            Action::RunCommandRaw | Action::FindRaw | Action::AggregateRaw
        ) && roots::is_available(self.schema, operation.action);
        if !supported {
            return Err(unknown_operation(operation));
        }
        Ok((Some(model), operation.action))
    }

    /// The arguments and the output type of an operation's schema field.
    fn root_signature(&self, action: Action, model: ModelId) -> (Vec<InField>, OutType) {
        let output = match action {
            Action::Aggregate => OutType::Aggregate(model),
            Action::GroupBy => OutType::GroupBy(model),
            Action::CreateMany
            | Action::UpdateMany
            | Action::DeleteMany
            | Action::ExecuteRaw
            | Action::QueryRaw
            | Action::RunCommandRaw
            | Action::FindRaw
            | Action::AggregateRaw => OutType::AffectedRows,
            _ => OutType::Model(model),
        };
        (roots::model_arguments(self.schema, model, action), output)
    }

    // ---- selection ---------------------------------------------------------------------------------

    /// The default sub-selection of a field selected with `true`.
    fn default_selection(&self, out: &OutType) -> Vec<(String, Option<(Arguments, Selection)>)> {
        let fields = self.schema.output_fields_shared(out);
        let pick = |keep: &dyn Fn(&OutField) -> bool| {
            fields
                .iter()
                .filter(|f| keep(f))
                .map(|f| (f.name.clone(), None))
                .collect()
        };
        match out {
            OutType::Model(_) => pick(&|f| f.target.is_none()),
            OutType::AggregateGroup(_, AggregateKind::Count) => {
                pick(&|f| f.meaning == OutMeaning::AggregateAll)
            }
            _ => pick(&|_| true),
        }
    }

    /// Resolves a client selection against an output type, in Prisma's order of checks.
    fn selection(
        &self,
        sel: &[String],
        out: &OutType,
        selection: &Selection,
    ) -> VResult<Vec<Resolved>> {
        let mut items: Vec<(String, Option<(Arguments, Selection)>)> = Vec::new();
        if selection.all_scalars {
            items.extend(
                self.schema
                    .output_fields_shared(out)
                    .iter()
                    .filter(|f| f.target.is_none())
                    .map(|f| (f.name.clone(), None)),
            );
        }
        for field in &selection.fields {
            let content = match &field.selection {
                WireSelection::Default => None,
                WireSelection::Nested {
                    arguments,
                    selection,
                } => Some((arguments.clone(), selection.clone())),
            };
            if content.is_none() && items.iter().any(|(name, _)| *name == field.name) {
                continue;
            }
            items.push((field.name.clone(), content));
        }
        items.retain(|(name, _)| !selection.excludes(name));
        if items.is_empty() {
            return Err(ValidationError::EmptySelection {
                selection_path: sel.to_vec(),
                output_type: self.schema.describe_output(out),
            });
        }
        let fields = self.schema.output_fields_shared(out);
        let mut resolved = Vec::new();
        for (name, content) in items {
            let mut path = sel.to_vec();
            path.push(name.clone());
            let Some(field) = fields.iter().find(|f| f.name == name) else {
                return Err(ValidationError::UnknownSelectionField {
                    selection_path: path,
                    output_type: self.schema.describe_output(out),
                });
            };
            let empty = Arguments::new();
            let given = content.as_ref().map(|(a, _)| a).unwrap_or(&empty);
            let arguments = self
                .values
                .parse_arguments(&path, &field.arguments, given)?;
            let nested = match (&field.target, content) {
                (None, Some((_, sub))) if !sub.is_empty() => {
                    return Err(ValidationError::SelectionSetOnScalar {
                        selection_path: path,
                        field_name: name,
                    })
                }
                (None, _) => Vec::new(),
                (Some(target), Some((_, sub))) => self.selection(&path, target, &sub)?,
                (Some(target), None) => {
                    let defaults = self.default_selection(target);
                    let sub = Selection {
                        fields: defaults
                            .into_iter()
                            .map(|(n, _)| crate::protocol::SelectedField::default_content(n))
                            .collect(),
                        ..Selection::default()
                    };
                    self.selection(&path, target, &sub)?
                }
            };
            resolved.push(Resolved {
                field: field.clone(),
                arguments,
                nested,
            });
        }
        Ok(resolved)
    }

    fn query_args(
        &self,
        model: ModelId,
        arguments: &[(String, Parsed)],
    ) -> Result<QueryArgs, EngineError> {
        let convert = &self.convert;
        let mut args = QueryArgs::default();
        if let Some(filter) = arg(arguments, "where") {
            args.filter = Some(convert.filter(model, filter));
        }
        if let Some(order) = arg(arguments, "orderBy") {
            args.order_by = convert.order_by(model, order);
        }
        if let Some(cursor) = arg(arguments, "cursor") {
            args.cursor = Some(convert.cursor(model, cursor));
        }
        if let Some(Parsed::Value(PrismaValue::Int(take))) = arg(arguments, "take") {
            args.take = Some(*take);
        }
        if let Some(Parsed::Value(PrismaValue::Int(skip))) = arg(arguments, "skip") {
            if *skip < 0 {
                return Err(EngineError::Unknown {
                    message: format!(
                        "Error in query graph construction: AssertionError(\"Invalid value for skip argument: Value can only be positive, found: {skip}\")"
                    ),
                });
            }
            args.skip = Some(*skip as u64);
        }
        if let Some(distinct) = arg(arguments, "distinct") {
            args.distinct = convert.field_enum(model, distinct);
        }
        Ok(args)
    }

    fn record_selection(
        &self,
        model: ModelId,
        resolved: &[Resolved],
    ) -> Result<FieldSelection, EngineError> {
        let mut fields = Vec::new();
        for entry in resolved {
            match entry.field.meaning {
                OutMeaning::Scalar(field) => fields.push(SelectedField::Scalar(field)),
                OutMeaning::Relation(field) => {
                    let Some(target) = self.schema.related_model(field) else {
                        continue;
                    };
                    fields.push(SelectedField::Relation(RelationSelection {
                        field,
                        args: self.query_args(target, &entry.arguments)?,
                        selection: self.record_selection(target, &entry.nested)?,
                    }));
                }
                OutMeaning::Count => {
                    let counts = entry
                        .nested
                        .iter()
                        .filter_map(|count| match count.field.meaning {
                            OutMeaning::RelationCount(field) => Some(RelationCount {
                                field,
                                filter: count.argument("where").and_then(|w| {
                                    self.schema
                                        .related_model(field)
                                        .map(|target| self.convert.filter(target, w))
                                }),
                            }),
                            _ => None,
                        })
                        .collect();
                    fields.push(SelectedField::Count(counts));
                }
                _ => {}
            }
        }
        Ok(FieldSelection { model, fields })
    }

    fn aggregate_selection(entry: &Resolved) -> Option<AggregateSelection> {
        let OutMeaning::Aggregate(kind) = entry.field.meaning else {
            return None;
        };
        let fields = entry
            .nested
            .iter()
            .filter_map(|f| match f.field.meaning {
                OutMeaning::AggregateField(field) => Some(AggregateField::Field(field)),
                OutMeaning::AggregateAll => Some(AggregateField::All),
                _ => None,
            })
            .collect();
        Some(AggregateSelection { kind, fields })
    }

    fn build(
        &self,
        action: Action,
        model: ModelId,
        arguments: &[(String, Parsed)],
        resolved: Vec<Resolved>,
    ) -> Result<Query, EngineError> {
        let convert = &self.convert;
        let record = |args: QueryArgs| -> Result<RecordQuery, EngineError> {
            Ok(RecordQuery {
                model,
                args,
                selection: self.record_selection(model, &resolved)?,
            })
        };
        let unique_filter = || {
            arg(arguments, "where")
                .map(|w| convert.filter(model, w))
                .unwrap_or(Filter::And(Vec::new()))
        };
        let where_filter = || arg(arguments, "where").map(|w| convert.filter(model, w));
        let selection = || self.record_selection(model, &resolved);
        Ok(match action {
            Action::FindUnique | Action::FindUniqueOrThrow => Query::Read(ReadQuery::FindUnique {
                query: record(self.query_args(model, arguments)?)?,
                or_throw: action == Action::FindUniqueOrThrow,
            }),
            Action::FindFirst | Action::FindFirstOrThrow => Query::Read(ReadQuery::FindFirst {
                query: record(self.query_args(model, arguments)?)?,
                or_throw: action == Action::FindFirstOrThrow,
            }),
            Action::FindMany => Query::Read(ReadQuery::FindMany(record(
                self.query_args(model, arguments)?,
            )?)),
            Action::Aggregate => Query::Read(ReadQuery::Aggregate(AggregateQuery {
                model,
                args: self.query_args(model, arguments)?,
                selections: resolved
                    .iter()
                    .filter_map(Self::aggregate_selection)
                    .collect(),
            })),
            Action::GroupBy => Query::Read(ReadQuery::GroupBy(
                self.group_by(model, arguments, &resolved)?,
            )),
            Action::CreateOne => {
                let data = match arg(arguments, "data") {
                    Some(data) => convert.create_data(model, data),
                    None => {
                        let empty = self.values.parse_object(
                            &[],
                            &["data".to_owned()],
                            &[],
                            &Obj::Create {
                                model,
                                unchecked: false,
                                without: None,
                            },
                        )?;
                        convert.create_data(model, &empty)
                    }
                };
                Query::Write(WriteQuery::CreateOne {
                    model,
                    data,
                    selection: selection()?,
                })
            }
            Action::CreateMany | Action::CreateManyAndReturn => {
                let rows = match arg(arguments, "data") {
                    Some(Parsed::List(rows)) => {
                        rows.iter().map(|r| convert.create_data(model, r)).collect()
                    }
                    Some(row) => vec![convert.create_data(model, row)],
                    None => Vec::new(),
                };
                Query::Write(WriteQuery::CreateMany {
                    model,
                    rows,
                    skip_duplicates: matches!(
                        arg(arguments, "skipDuplicates"),
                        Some(Parsed::Value(PrismaValue::Boolean(true)))
                    ),
                    selection: if action == Action::CreateManyAndReturn {
                        Some(selection()?)
                    } else {
                        None
                    },
                })
            }
            Action::UpdateOne => Query::Write(WriteQuery::UpdateOne {
                model,
                filter: unique_filter(),
                data: arg(arguments, "data")
                    .map(|d| convert.update_data(model, d))
                    .unwrap_or_default(),
                selection: selection()?,
            }),
            Action::UpdateMany => Query::Write(WriteQuery::UpdateMany {
                model,
                filter: where_filter(),
                data: arg(arguments, "data")
                    .map(|d| convert.update_data(model, d))
                    .unwrap_or_default(),
            }),
            Action::UpsertOne => Query::Write(WriteQuery::Upsert {
                model,
                filter: unique_filter(),
                data: UpsertData {
                    create: arg(arguments, "create")
                        .map(|c| convert.create_data(model, c))
                        .unwrap_or_default(),
                    update: arg(arguments, "update")
                        .map(|u| convert.update_data(model, u))
                        .unwrap_or_default(),
                },
                selection: selection()?,
            }),
            Action::DeleteOne => Query::Write(WriteQuery::DeleteOne {
                model,
                filter: unique_filter(),
                selection: selection()?,
            }),
            Action::DeleteMany => Query::Write(WriteQuery::DeleteMany {
                model,
                filter: where_filter(),
            }),
            Action::ExecuteRaw
            | Action::QueryRaw
            | Action::RunCommandRaw
            | Action::FindRaw
            | Action::AggregateRaw => {
                return Err(EngineError::Unknown {
                    message: format!("Operation '{}' does not match any query.", action.as_str()),
                })
            }
        })
    }

    fn group_by(
        &self,
        model: ModelId,
        arguments: &[(String, Parsed)],
        resolved: &[Resolved],
    ) -> Result<GroupByQuery, EngineError> {
        let by = arg(arguments, "by")
            .map(|b| self.convert.field_enum(model, b))
            .unwrap_or_default();
        let input_error = |details: String| EngineError::InputError { details };
        if by.is_empty() {
            return Err(input_error(
                "At least one selection is required for the `by` argument.".into(),
            ));
        }
        let names = |fields: Vec<FieldId>| {
            fields
                .into_iter()
                .map(|f| self.schema.name(f))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut selections = Vec::new();
        let mut missing = Vec::new();
        for entry in resolved {
            match entry.field.meaning {
                OutMeaning::Scalar(field) => {
                    if !by.contains(&field) {
                        missing.push(field);
                    }
                    selections.push(GroupBySelection::Field(field));
                }
                _ => selections
                    .extend(Self::aggregate_selection(entry).map(GroupBySelection::Aggregate)),
            }
        }
        if !missing.is_empty() {
            return Err(input_error(format!(
                "Every selected scalar field that is not part of an aggregation must be included in the by-arguments of the query. Missing fields: {}",
                names(missing)
            )));
        }
        let args = self.query_args(model, arguments)?;
        let mut unordered: Vec<FieldId> = args
            .order_by
            .iter()
            .filter_map(|o| match o.target {
                OrderTarget::Field(f) if !by.contains(&f) => Some(f),
                _ => None,
            })
            .collect();
        // Paginating without an order means "by primary key" in Prisma, and that key must be grouped too.
        if args.order_by.is_empty() && (args.take.is_some() || args.skip.is_some()) {
            unordered.extend(
                crate::plan::primary_identifier(self.schema.dm, model)
                    .into_iter()
                    .filter(|f| !by.contains(f)),
            );
        }
        if !unordered.is_empty() {
            return Err(input_error(format!(
                "Every field used for orderBy must be included in the by-arguments of the query. Missing fields: {}",
                names(unordered)
            )));
        }
        let having = arg(arguments, "having").map(|h| self.convert.filter(model, h));
        if let Some(having) = &having {
            let mut plain = Vec::new();
            collect_scalar_fields(having, &mut plain);
            plain.retain(|f| !by.contains(f));
            plain.dedup();
            if !plain.is_empty() {
                return Err(input_error(format!(
                    "Every field used in `having` filters must either be an aggregation filter or be included in the selection of the query. Missing fields: {}",
                    names(plain)
                )));
            }
        }
        Ok(GroupByQuery {
            model,
            by,
            args,
            having,
            selections,
        })
    }

    // ---- raw ---------------------------------------------------------------------------------------

    fn raw(&self, operation: &Operation) -> Result<RawQuery, EngineError> {
        let sel = vec![operation.schema_field_name()];
        let schema_args = [("query", "String"), ("parameters", "Json")];
        for (name, _) in operation.arguments.iter() {
            if !schema_args.iter().any(|(n, _)| *n == name) {
                return Err(ValidationError::UnknownArgument {
                    selection_path: sel.clone(),
                    argument_path: vec![name.to_owned()],
                    valid_arguments: schema_args
                        .iter()
                        .map(|(n, t)| ArgumentDescription::new(*n, [*t]))
                        .collect(),
                }
                .into());
            }
        }
        let sql = match operation.arguments.get("query") {
            Some(ArgumentValue::Scalar(PrismaValue::String(sql))) => sql.clone(),
            Some(other) => {
                return Err(ValidationError::InvalidArgumentType {
                    selection_path: sel,
                    argument_path: vec!["query".into()],
                    argument: ArgumentDescription::new("query", ["String"]),
                    inferred_type: inferred_type(other),
                }
                .into())
            }
            None => {
                return Err(ValidationError::RequiredArgumentMissing {
                    selection_path: sel,
                    argument_path: vec!["query".into()],
                    input_types: vec![self.schema.describe_type(&It::Scalar(Sc::String))],
                }
                .into())
            }
        };
        let parameters = match operation.arguments.get("parameters") {
            Some(ArgumentValue::List(items)) => items
                .iter()
                .map(|item| match item {
                    ArgumentValue::Scalar(value) => value.clone(),
                    other => PrismaValue::Json(crate::protocol::json_text::to_json_text(
                        &crate::protocol::json::encode_argument(other),
                    )),
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(RawQuery {
            sql,
            parameters,
            returns_rows: operation.action == Action::QueryRaw,
        })
    }
}

/// The fields of plain (non-aggregate) scalar conditions in a filter.
fn collect_scalar_fields(filter: &Filter, out: &mut Vec<FieldId>) {
    match filter {
        Filter::And(items) | Filter::Or(items) => {
            items.iter().for_each(|f| collect_scalar_fields(f, out))
        }
        Filter::Not(inner) => collect_scalar_fields(inner, out),
        Filter::Scalar { field, .. } | Filter::List { field, .. } | Filter::Json { field, .. } => {
            out.push(*field)
        }
        _ => {}
    }
}
