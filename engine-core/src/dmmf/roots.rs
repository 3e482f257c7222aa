//! The fields of `Query` and `Mutation`: per model (models, then views) the operations the connector offers,
//! in Prisma's order, then the model-less raw operations.

use crate::query::parse::schema::{InField, It, Obj, OutType, Sc, Schema};
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
pub(super) fn root_fields(schema: &Schema, mutation: bool) -> Vec<RootField> {
    let mut out = Vec::new();
    for model in super::query_models(schema) {
        if mutation {
            out.extend(mutation_fields(schema, model));
        } else {
            out.extend(query_fields(schema, model));
        }
    }
    let mongo = super::is_mongo(schema);
    if mutation {
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

fn query_fields(schema: &Schema, model: ModelId) -> Vec<RootField> {
    let m = schema.model_name(model);
    let load = schema.relation_load_strategy();
    let with_load = |mut args: Vec<InField>| {
        args.extend(load.clone());
        args
    };
    let model_out = |list: bool| Output::Object(OutNode::Std(OutType::Model(model)), list);
    let mut fields = vec![
        RootField {
            name: format!("findFirst{m}"),
            action: "findFirst",
            model: Some(model),
            args: with_load(schema.many_arguments(model, true)),
            output: model_out(false),
            nullable: true,
        },
        RootField {
            name: format!("findFirst{m}OrThrow"),
            action: "findFirstOrThrow",
            model: Some(model),
            args: with_load(schema.many_arguments(model, true)),
            output: model_out(false),
            nullable: true,
        },
        RootField {
            name: format!("findMany{m}"),
            action: "findMany",
            model: Some(model),
            args: with_load(schema.many_arguments(model, true)),
            output: model_out(true),
            nullable: false,
        },
        RootField {
            name: format!("aggregate{m}"),
            action: "aggregate",
            model: Some(model),
            args: schema.many_arguments(model, false),
            output: Output::Object(OutNode::Std(OutType::Aggregate(model)), false),
            nullable: false,
        },
        RootField {
            name: format!("groupBy{m}"),
            action: "groupBy",
            model: Some(model),
            args: schema.group_by_arguments(model),
            output: Output::Object(OutNode::Std(OutType::GroupBy(model)), true),
            nullable: false,
        },
        RootField {
            name: format!("findUnique{m}"),
            action: "findUnique",
            model: Some(model),
            args: with_load(vec![schema.unique_argument(model)]),
            output: model_out(false),
            nullable: true,
        },
        RootField {
            name: format!("findUnique{m}OrThrow"),
            action: "findUniqueOrThrow",
            model: Some(model),
            args: with_load(vec![schema.unique_argument(model)]),
            output: model_out(false),
            nullable: true,
        },
    ];
    if super::is_mongo(schema) {
        fields.push(RootField {
            name: format!("find{m}Raw"),
            action: "findRaw",
            model: Some(model),
            args: vec![
                json_arg(schema, "filter", false, false),
                json_arg(schema, "options", false, false),
            ],
            output: Output::Scalar("Json", false),
            nullable: false,
        });
        fields.push(RootField {
            name: format!("aggregate{m}Raw"),
            action: "aggregateRaw",
            model: Some(model),
            args: vec![
                json_arg(schema, "pipeline", true, false),
                json_arg(schema, "options", false, false),
            ],
            output: Output::Scalar("Json", false),
            nullable: false,
        });
    }
    fields
}

fn mutation_fields(schema: &Schema, model: ModelId) -> Vec<RootField> {
    let m = schema.model_name(model);
    let load = schema.relation_load_strategy();
    let with_load = |mut args: Vec<InField>| {
        args.extend(load.clone());
        args
    };
    let model_out = || Output::Object(OutNode::Std(OutType::Model(model)), false);
    let affected = || Output::Object(OutNode::Std(OutType::AffectedRows), false);
    let create_many_args = || {
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
    let creatable = super::adjust::can_create(schema, model);
    let mut fields = Vec::new();
    if creatable {
        fields.extend([
            RootField {
                name: format!("createOne{m}"),
                action: "createOne",
                model: Some(model),
                args: with_load(vec![schema.arg(
                    "data",
                    schema.create_types(model, None),
                    schema.create_needs_data(model),
                )]),
                output: model_out(),
                nullable: false,
            },
            RootField {
                name: format!("upsertOne{m}"),
                action: "upsertOne",
                model: Some(model),
                args: with_load(vec![
                    schema.unique_argument(model),
                    schema.arg("create", schema.create_types(model, None), true),
                    schema.arg("update", schema.update_types(model, None), true),
                ]),
                output: model_out(),
                nullable: false,
            },
        ]);
    }
    if creatable && schema.caps.create_many {
        fields.push(RootField {
            name: format!("createMany{m}"),
            action: "createMany",
            model: Some(model),
            args: create_many_args(),
            output: affected(),
            nullable: false,
        });
        if schema.caps.create_many_and_return {
            fields.push(RootField {
                name: format!("createMany{m}AndReturn"),
                action: "createManyAndReturn",
                model: Some(model),
                args: create_many_args(),
                output: Output::Object(OutNode::CreateManyAndReturn(model), true),
                nullable: false,
            });
        }
    }
    fields.extend([
        RootField {
            name: format!("deleteOne{m}"),
            action: "deleteOne",
            model: Some(model),
            args: with_load(vec![schema.unique_argument(model)]),
            output: model_out(),
            nullable: true,
        },
        RootField {
            name: format!("updateOne{m}"),
            action: "updateOne",
            model: Some(model),
            args: with_load(vec![
                schema.arg("data", schema.update_types(model, None), true),
                schema.unique_argument(model),
            ]),
            output: model_out(),
            nullable: true,
        },
        RootField {
            name: format!("updateMany{m}"),
            action: "updateMany",
            model: Some(model),
            args: vec![
                schema.arg("data", schema.update_many_types(model, None), true),
                schema.where_argument(model),
            ],
            output: affected(),
            nullable: false,
        },
        RootField {
            name: format!("deleteMany{m}"),
            action: "deleteMany",
            model: Some(model),
            args: vec![schema.where_argument(model)],
            output: affected(),
            nullable: false,
        },
    ]);
    fields
}
