//! The root types of the query schema (`Query`, `Mutation`) and their fields.
//!
//! The GraphQL protocol names an operation by a field of a root type (`query { findManyUser }`), so a name
//! that is no field of the root it was selected under (an unknown model, a write under `query`, an action the
//! connector lacks) is answered like any unknown selection: P2009 `UnknownSelectionField` describing the
//! root type with all its fields, in the order Prisma's query schema lists them.

use schema_core::datamodel::ModelId;

use super::schema::{capitalize, InField, It, Obj, OutType, Sc, Schema};
use crate::error::{OutputFieldDescription, OutputTypeDescription, ValidationError};
use crate::protocol::{Action, RootKind};

/// Per model, the actions of each root type in the query schema's order (before any connector filter). The DMMF's
/// `Query` and `Mutation` ([`crate::dmmf`]) list the same actions in the same order.
const QUERY_ACTIONS: [Action; 7] = [
    Action::FindFirst,
    Action::FindFirstOrThrow,
    Action::FindMany,
    Action::Aggregate,
    Action::GroupBy,
    Action::FindUnique,
    Action::FindUniqueOrThrow,
];

const MUTATION_ACTIONS: [Action; 8] = [
    Action::CreateOne,
    Action::UpsertOne,
    Action::CreateMany,
    Action::CreateManyAndReturn,
    Action::DeleteOne,
    Action::UpdateOne,
    Action::UpdateMany,
    Action::DeleteMany,
];

/// The model-free fields that close the `Mutation` type (raw SQL is always enabled in this engine).
const MUTATION_RAW_ACTIONS: [Action; 2] = [Action::ExecuteRaw, Action::QueryRaw];

/// One field of a root type: the operation it stands for and how `outputType` meta describes it.
pub(crate) struct RootEntry {
    /// `None` for the model-free raw operations.
    pub model: Option<ModelId>,
    pub action: Action,
    pub description: OutputFieldDescription,
}

/// Every operation field the datamodel and the connector give a root type, in the query schema's order.
pub(crate) fn root_entries(schema: &Schema<'_>, root: RootKind) -> Vec<RootEntry> {
    let per_model = model_actions(root);
    let mut entries: Vec<RootEntry> = schema
        .dm
        .model_ids()
        .filter(|(_, model)| !model.is_ignored)
        .flat_map(|(model, _)| {
            per_model
                .iter()
                .filter(|action| is_available(schema, **action))
                .map(move |action| RootEntry {
                    model: Some(model),
                    action: *action,
                    description: model_field(schema, model, *action),
                })
        })
        .collect();
    if root == RootKind::Mutation {
        entries.extend(MUTATION_RAW_ACTIONS.iter().map(|action| RootEntry {
            model: None,
            action: *action,
            description: OutputFieldDescription {
                name: action.schema_field_name(None),
                type_name: "Json".to_owned(),
                is_relation: false,
            },
        }));
    }
    entries
}

/// The per-model actions of `root`, in the query schema's order; [`is_available`] says which the connector has.
pub(crate) fn model_actions(root: RootKind) -> &'static [Action] {
    match root {
        RootKind::Query => &QUERY_ACTIONS,
        RootKind::Mutation => &MUTATION_ACTIONS,
    }
}

/// The arguments of `action`'s root field on `model`, in the query schema's order: validation parses a request
/// against them and the DMMF prints them. The model-free and MongoDB raw actions have none here.
pub(crate) fn model_arguments(schema: &Schema<'_>, model: ModelId, action: Action) -> Vec<InField> {
    let with_load = |mut args: Vec<InField>| {
        args.extend(schema.relation_load_strategy());
        args
    };
    let create_many = || {
        let inner = It::Object(Obj::CreateMany {
            model,
            without: None,
        });
        let mut args =
            vec![schema.arg("data", vec![inner.clone(), It::List(Box::new(inner))], true)];
        if schema.caps.skip_duplicates {
            args.push(schema.arg("skipDuplicates", vec![It::Scalar(Sc::Boolean)], false));
        }
        args
    };
    match action {
        Action::FindUnique | Action::FindUniqueOrThrow | Action::DeleteOne => {
            with_load(vec![schema.unique_argument(model)])
        }
        Action::FindFirst | Action::FindFirstOrThrow | Action::FindMany => {
            with_load(schema.many_arguments(model, true))
        }
        Action::Aggregate => schema.many_arguments(model, false),
        Action::GroupBy => schema.group_by_arguments(model),
        Action::CreateOne => with_load(vec![schema.arg(
            "data",
            schema.create_types(model, None),
            schema.create_needs_data(model),
        )]),
        Action::CreateMany | Action::CreateManyAndReturn => create_many(),
        Action::UpdateOne => with_load(vec![
            schema.arg("data", schema.update_types(model, None), true),
            schema.unique_argument(model),
        ]),
        Action::UpdateMany => vec![
            schema.arg("data", schema.update_many_types(model, None), true),
            schema.where_argument(model),
        ],
        Action::UpsertOne => with_load(vec![
            schema.unique_argument(model),
            schema.arg("create", schema.create_types(model, None), true),
            schema.arg("update", schema.update_types(model, None), true),
        ]),
        Action::DeleteMany => vec![schema.where_argument(model)],
        Action::ExecuteRaw
        | Action::QueryRaw
        | Action::RunCommandRaw
        | Action::FindRaw
        | Action::AggregateRaw => Vec::new(),
    }
}

/// The operation a GraphQL root field names, or the P2009 `UnknownSelectionField` error Prisma answers
/// when the root type it was selected under has no such field.
pub(crate) fn resolve_root_field(
    schema: &Schema<'_>,
    root: RootKind,
    name: &str,
) -> Result<(Option<ModelId>, Action), ValidationError> {
    let entries = root_entries(schema, root);
    if let Some(entry) = entries.iter().find(|entry| entry.description.name == name) {
        return Ok((entry.model, entry.action));
    }
    Err(ValidationError::UnknownSelectionField {
        selection_path: vec![name.to_owned()],
        output_type: OutputTypeDescription {
            name: root.type_name().to_owned(),
            fields: entries.into_iter().map(|entry| entry.description).collect(),
        },
    })
}

/// Whether the connector offers a model action at all (`createMany` and `createManyAndReturn` depend on it).
pub(crate) fn is_available(schema: &Schema<'_>, action: Action) -> bool {
    match action {
        Action::CreateMany => schema.caps.create_many,
        Action::CreateManyAndReturn => {
            schema.caps.create_many && schema.caps.create_many_and_return
        }
        _ => true,
    }
}

/// The root field of `action` on `model`, with the output type Prisma names for it.
fn model_field(schema: &Schema<'_>, model: ModelId, action: Action) -> OutputFieldDescription {
    let model_name = schema.model_name(model);
    let (type_name, is_relation) = match action {
        Action::FindMany => (format!("{model_name}[]"), true),
        Action::Aggregate => (schema.output_name(&OutType::Aggregate(model)), true),
        Action::GroupBy => (
            format!("{}[]", schema.output_name(&OutType::GroupBy(model))),
            true,
        ),
        Action::CreateMany | Action::UpdateMany | Action::DeleteMany => {
            (schema.output_name(&OutType::AffectedRows), false)
        }
        Action::CreateManyAndReturn => (
            format!("CreateMany{}AndReturnOutputType[]", capitalize(model_name)),
            true,
        ),
        _ => (model_name.to_owned(), true),
    };
    OutputFieldDescription {
        name: action.schema_field_name(Some(model_name)),
        type_name,
        is_relation,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::Value;

    use super::super::{parse_operation_for_protocol, ParseContext};
    use crate::protocol::{graphql, EngineProtocol, QueryDocument};

    /// The recorded scenario `name`: its schema text and steps.
    fn scenario(name: &str) -> (String, Vec<Value>) {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/queries")
            .join(name);
        let schema = std::fs::read_to_string(dir.join("schema.prisma")).unwrap();
        let steps: Value =
            serde_json::from_str(&std::fs::read_to_string(dir.join("scenario.json")).unwrap())
                .unwrap();
        (schema, steps["steps"].as_array().unwrap().clone())
    }

    fn with_provider(schema: &str, provider: &str) -> String {
        schema
            .lines()
            .map(|line| {
                if line.trim_start().starts_with("provider") && line.contains("sqlite") {
                    format!("  provider = \"{provider}\"")
                } else {
                    line.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Validates the GraphQL request of every listed step on every provider and compares the error envelope
    /// with Prisma's recorded one (steps whose recording is a success must validate).
    fn check(scenario_name: &str, step_indexes: &[usize]) -> usize {
        let (schema, steps) = scenario(scenario_name);
        let now = chrono::DateTime::parse_from_rfc3339("2024-05-01T12:00:00Z").unwrap();
        let mut compared = 0;
        for provider in ["sqlite", "postgresql", "mysql"] {
            let validated = schema_core::validate(&with_provider(&schema, provider));
            assert!(validated.is_valid(), "{:?}", validated.diagnostics);
            for index in step_indexes {
                let step = &steps[*index];
                let expected = &step["expected_graphql"];
                let expected = expected.get(provider).unwrap_or(&expected["all"]);
                let QueryDocument::Single(operation) =
                    graphql::parse_request_value(&step["graphql"]).unwrap()
                else {
                    panic!("single operation expected")
                };
                let result = parse_operation_for_protocol(
                    &validated.datamodel,
                    &ParseContext { now },
                    EngineProtocol::GraphQl,
                    &operation,
                );
                let context = format!("{scenario_name} #{index} on {provider}");
                match (result, expected["body"].get("errors")) {
                    (Err(error), Some(_)) => {
                        assert_eq!(error.to_envelope(), expected["body"], "{context}");
                        compared += 1;
                    }
                    (Ok(_), None) => {}
                    (result, _) => panic!("{context}: {result:?} vs {}", expected["body"]),
                }
            }
        }
        compared
    }

    #[test]
    fn unknown_and_misplaced_root_fields_match_the_recordings() {
        // #17 unknown model, #18 write under `query`, #19 read under `mutation`, #20 createManyAndReturn
        // (a field only where the connector supports it: an error on MySQL alone).
        assert_eq!(
            check("40_errors_validation_unknown_names", &[17, 18, 19, 20]),
            3 * 3 + 1
        );
        assert_eq!(check("45_errors_graphql_document_errors", &[26]), 3);
    }
}
