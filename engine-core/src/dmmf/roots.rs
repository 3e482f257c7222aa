//! The fields of `Query` and `Mutation`: per model (models, then views) the operations the connector offers,
//! in Prisma's order, then the model-less raw operations. The per-model actions, their order and their
//! arguments are validation's own ([`crate::query::parse::roots`]); only outputs and nullability are added here.

use crate::protocol::{Action, RootKind};
use crate::query::parse::roots;
use crate::query::parse::schema::{InField, It, OutType, Sc, Schema};
use schema_core::datamodel::ModelId;

use super::output_types::{OutNode, Output};

/// A root operation: its DMMF name, mapping key, arguments, output and nullability.
pub(super) struct RootField {
    pub name: String,
    pub action: &'static str,
    pub model: Option<ModelId>,
    pub args: Vec<InField>,
    pub output: Output,
    pub nullable: bool,
}

fn json_arg(schema: &Schema, name: &str, list: bool, required: bool) -> InField {
    let typ = It::Scalar(Sc::Json);
    let types = if list {
        vec![It::List(Box::new(typ))]
    } else {
        vec![typ]
    };
    schema.arg(name, types, required)
}

/// The fields of `Mutation` (or `Query`), in Prisma's order.
pub(super) fn root_fields(schema: &Schema, root: RootKind) -> Vec<RootField> {
    let mut out = Vec::new();
    for model in super::query_models(schema) {
        out.extend(model_fields(schema, model, root));
    }
    let mongo = super::is_mongo(schema);
    if root == RootKind::Mutation {
        if mongo {
            out.push(RootField {
                name: "runCommandRaw".into(),
                action: "runCommandRaw",
                model: None,
                args: vec![json_arg(schema, "command", false, true)],
                output: Output::Scalar("Json", false),
                nullable: false,
            });
        } else if super::has_datasource(schema) {
            for name in ["executeRaw", "queryRaw"] {
                out.push(RootField {
                    name: name.into(),
                    action: name,
                    model: None,
                    args: vec![
                        schema.arg("query", vec![It::Scalar(Sc::String)], true),
                        json_arg(schema, "parameters", false, false),
                    ],
                    output: Output::Scalar("Json", false),
                    nullable: false,
                });
            }
        }
    }
    out
}

/// The root fields of `model`: the actions validation accepts on it ([`roots::model_actions`]), less the
/// creating ones when a required unsupported field makes the model uncreatable, then on MongoDB its raw reads.
fn model_fields(schema: &Schema, model: ModelId, root: RootKind) -> Vec<RootField> {
    let creatable = super::adjust::can_create(schema, model);
    let creates = |action: Action| {
        matches!(
            action,
            Action::CreateOne
                | Action::UpsertOne
                | Action::CreateMany
                | Action::CreateManyAndReturn
        )
    };
    let mut fields: Vec<RootField> = roots::model_actions(root)
        .iter()
        .copied()
        .filter(|action| roots::is_available(schema, *action) && (creatable || !creates(*action)))
        .map(|action| model_field(schema, model, action))
        .collect();
    if root == RootKind::Query && super::is_mongo(schema) {
        fields.push(mongo_raw_field(
            schema,
            model,
            Action::FindRaw,
            ["filter", "options"],
        ));
        fields.push(mongo_raw_field(
            schema,
            model,
            Action::AggregateRaw,
            ["pipeline", "options"],
        ));
    }
    fields
}

/// The root field of a model action, with the arguments validation parses it against.
fn model_field(schema: &Schema, model: ModelId, action: Action) -> RootField {
    let object = |out: OutType, list: bool| Output::Object(OutNode::Std(out), list);
    let (output, nullable) = match action {
        Action::FindFirst
        | Action::FindFirstOrThrow
        | Action::FindUnique
        | Action::FindUniqueOrThrow
        | Action::DeleteOne
        | Action::UpdateOne => (object(OutType::Model(model), false), true),
        Action::FindMany => (object(OutType::Model(model), true), false),
        Action::Aggregate => (object(OutType::Aggregate(model), false), false),
        Action::GroupBy => (object(OutType::GroupBy(model), true), false),
        Action::CreateMany | Action::UpdateMany | Action::DeleteMany => {
            (object(OutType::AffectedRows, false), false)
        }
        Action::CreateManyAndReturn => (
            Output::Object(OutNode::CreateManyAndReturn(model), true),
            false,
        ),
        _ => (object(OutType::Model(model), false), false),
    };
    RootField {
        name: action.schema_field_name(Some(schema.model_name(model))),
        action: action.as_str(),
        model: Some(model),
        args: roots::model_arguments(schema, model, action),
        output,
        nullable,
    }
}

/// MongoDB's `find{M}Raw` / `aggregate{M}Raw`: two optional Json arguments (the pipeline a list), Json out.
fn mongo_raw_field(schema: &Schema, model: ModelId, action: Action, args: [&str; 2]) -> RootField {
    RootField {
        name: action.schema_field_name(Some(schema.model_name(model))),
        action: action.as_str(),
        model: Some(model),
        args: args
            .into_iter()
            .map(|name| json_arg(schema, name, name == "pipeline", false))
            .collect(),
        output: Output::Scalar("Json", false),
        nullable: false,
    }
}
