//! Output object types of the DMMF: `Query`, `Mutation`, the model types and the aggregate types.
//!
//! The fields of the model and aggregate types come from the validation schema
//! ([`crate::query::parse::schema::Schema::output_fields`]), which already has Prisma's field order and
//! arguments; this module adds what only the DMMF shows: nullability and structured type references. The root
//! fields come from [`super::roots`].

use serde_json::{json, Map, Value};

use crate::protocol::RootKind;
use crate::query::parse::schema::{Base, En, InField, OutField, OutMeaning, OutType, Sc};
use crate::query::AggregateKind;
use schema_core::datamodel::{FieldId, ModelId, ScalarType};

use super::render::{type_ref, EnumNode, Location, Render, MODEL, PRISMA};

/// An output object type of the DMMF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum OutNode {
    Query,
    Mutation,
    Std(OutType),
    /// `CreateMany{M}AndReturnOutputType`: the scalars and to-one relations `createManyAndReturn` returns.
    CreateManyAndReturn(ModelId),
}

impl OutNode {
    pub(super) fn namespace(&self) -> &'static str {
        match self {
            OutNode::Std(OutType::Model(_)) | OutNode::CreateManyAndReturn(_) => MODEL,
            _ => PRISMA,
        }
    }
}

/// What an output field returns.
pub(super) enum Output {
    Scalar(&'static str, bool),
    Enum(EnumNode, bool),
    Object(OutNode, bool),
}

impl<'s, 'a> Render<'s, 'a> {
    /// The rendered fields of an output type.
    pub(super) fn output_fields(&mut self, node: &OutNode) -> Vec<Value> {
        match node {
            OutNode::Query | OutNode::Mutation => {
                let root = if *node == OutNode::Mutation {
                    RootKind::Mutation
                } else {
                    RootKind::Query
                };
                let roots = super::roots::root_fields(self.schema, root);
                let mut out = Vec::new();
                for root in roots {
                    out.push(self.output_field(&root.name, &root.args, root.nullable, root.output));
                    let model = root.model.map(|m| self.schema.model_name(m).to_owned());
                    self.mappings.add(model, root.action, root.name);
                }
                out
            }
            OutNode::Std(out) => {
                let mut fields = self.schema.output_fields(out);
                if let OutType::AggregateGroup(
                    model,
                    kind @ (AggregateKind::Avg | AggregateKind::Sum),
                ) = out
                {
                    fields = super::adjust::aggregate_fields(self.schema, *model, *kind)
                        .into_iter()
                        .map(|f| OutField {
                            name: self.schema.name(f).to_owned(),
                            type_name: String::new(),
                            is_relation: false,
                            meaning: OutMeaning::AggregateField(f),
                            target: None,
                            arguments: Vec::new(),
                        })
                        .collect();
                }
                fields
                    .iter()
                    .map(|f| {
                        let (output, nullable) = self.std_output(out, f);
                        self.output_field(&f.name, &f.arguments, nullable, output)
                    })
                    .collect()
            }
            OutNode::CreateManyAndReturn(model) => {
                let fields = self.schema.output_fields(&OutType::Model(*model));
                fields
                    .iter()
                    .filter(|f| match f.meaning {
                        OutMeaning::Relation(id) => self.schema.is_inlined(id),
                        OutMeaning::Count => false,
                        _ => true,
                    })
                    .map(|f| {
                        let (output, nullable) = self.std_output(&OutType::Model(*model), f);
                        self.output_field(&f.name, &f.arguments, nullable, output)
                    })
                    .collect()
            }
        }
    }

    fn output_field(
        &mut self,
        name: &str,
        args: &[InField],
        nullable: bool,
        output: Output,
    ) -> Value {
        let args: Vec<Value> = args.iter().map(|a| self.input_field(a)).collect();
        let output_type = match output {
            Output::Scalar(name, list) => type_ref(name, None, Location::Scalar, list),
            Output::Enum(en, list) => self.enum_ref(en, list),
            Output::Object(node, list) => self.output_ref(node, list),
        };
        let mut out = Map::new();
        out.insert("name".into(), json!(name));
        out.insert("args".into(), Value::Array(args));
        out.insert("isNullable".into(), json!(nullable));
        out.insert("outputType".into(), output_type);
        Value::Object(out)
    }

    /// The output and nullability of a field of a validation output type.
    fn std_output(&self, owner: &OutType, field: &OutField) -> (Output, bool) {
        let schema = self.schema;
        let value_of = |f: FieldId, base_override: Option<ScalarType>| {
            let list = schema.is_list(f);
            match (base_override, schema.base(f)) {
                (Some(scalar), _) => Output::Scalar(Sc::of(scalar).name(), false),
                (None, Some(Base::Scalar(scalar))) => Output::Scalar(Sc::of(scalar).name(), list),
                (None, Some(Base::Enum(id))) => Output::Enum(EnumNode::Std(En::Model(id)), list),
                (None, None) => Output::Scalar("Null", false),
            }
        };
        match field.meaning {
            OutMeaning::Scalar(f) => {
                let nullable = !schema.is_required(f);
                (value_of(f, None), nullable)
            }
            OutMeaning::Relation(f) => {
                let target = schema.related_model(f).unwrap_or(f.model);
                let list = schema.is_list(f);
                (
                    Output::Object(OutNode::Std(OutType::Model(target)), list),
                    list || !schema.is_required(f),
                )
            }
            OutMeaning::Count => {
                let model = match owner {
                    OutType::Model(m) => *m,
                    _ => return (Output::Scalar("Int", false), false),
                };
                (
                    Output::Object(OutNode::Std(OutType::Count(model)), false),
                    false,
                )
            }
            OutMeaning::RelationCount(_) | OutMeaning::AggregateAll | OutMeaning::AffectedCount => {
                (Output::Scalar("Int", false), false)
            }
            OutMeaning::Aggregate(kind) => {
                let model = match owner {
                    OutType::Aggregate(m) | OutType::GroupBy(m) => *m,
                    _ => return (Output::Scalar("Null", false), true),
                };
                (
                    Output::Object(OutNode::Std(OutType::AggregateGroup(model, kind)), false),
                    true,
                )
            }
            OutMeaning::AggregateField(f) => {
                let kind = match owner {
                    OutType::AggregateGroup(_, kind) => *kind,
                    _ => AggregateKind::Count,
                };
                match kind {
                    AggregateKind::Count => (Output::Scalar("Int", false), false),
                    AggregateKind::Avg => {
                        let avg = if schema.base(f) == Some(Base::Scalar(ScalarType::Decimal)) {
                            ScalarType::Decimal
                        } else {
                            ScalarType::Float
                        };
                        (value_of(f, Some(avg)), true)
                    }
                    _ => (value_of(f, None), true),
                }
            }
        }
    }
}
