//! The full DMMF (`{datamodel, schema, mappings}`), as Prisma 5.19's `get_dmmf` writes it.
//!
//! Generators (Prisma Client Python among them) receive this document from `refract generate`, and
//! `refract dmmf` prints it. The `datamodel` section comes from `schema_core::dmmf`; the `schema` section is
//! rendered from the same query schema validation uses ([`crate::query::parse`]), so the names, fields and
//! alternatives a client is generated against are the ones the engine later accepts; `mappings` is collected
//! while the root types are written.

mod adjust;
mod mappings;
mod output_types;
mod render;
mod roots;

#[cfg(test)]
mod golden_tests;
#[cfg(test)]
mod tests;

use schema_core::config::Provider;
use schema_core::datamodel::{ModelId, ModelKind};
use schema_core::Datamodel;
use serde_json::{Map, Value};

use crate::query::parse::schema::{Caps, Schema};
use output_types::OutNode;
use render::{EnumNode, Render};

/// The full DMMF of a validated datamodel: `{"datamodel": ..., "schema": ..., "mappings": ...}`.
pub fn full_dmmf(datamodel: &Datamodel) -> Value {
    let (schema, mappings) = schema_and_mappings(datamodel);
    let mut out = Map::new();
    out.insert(
        "datamodel".into(),
        schema_core::dmmf::datamodel_json(datamodel),
    );
    out.insert("schema".into(), schema);
    out.insert("mappings".into(), mappings);
    Value::Object(out)
}

/// The full DMMF as compact JSON text, byte for byte what `get_dmmf` returns for the same schema.
pub fn full_dmmf_string(datamodel: &Datamodel) -> String {
    full_dmmf(datamodel).to_string()
}

/// The `schema` and `mappings` sections.
pub fn schema_and_mappings(datamodel: &Datamodel) -> (Value, Value) {
    let schema = query_schema(datamodel);
    let mut render = Render::new(&schema);
    if has_datasource(&schema) && !is_mongo(&schema) {
        render.write_enum_now(EnumNode::TransactionIsolationLevel);
    }
    render.output_ref(OutNode::Query, false);
    render.output_ref(OutNode::Mutation, false);
    render.drain();
    let mut sections = Map::new();
    sections.insert("inputObjectTypes".into(), render.input_types.into_json());
    sections.insert("outputObjectTypes".into(), render.output_types.into_json());
    sections.insert("enumTypes".into(), render.enum_types.into_json());
    sections.insert("fieldRefTypes".into(), render.field_ref_types.into_json());
    (Value::Object(sections), render.mappings.into_json())
}

/// The query schema the DMMF describes. Without a datasource there is no connector, so no capability: the
/// engine's validation falls back to SQLite's there, but Prisma's DMMF lists only what every connector has.
fn query_schema(datamodel: &Datamodel) -> Schema<'_> {
    if datamodel.datasource.is_some() {
        return Schema::new(datamodel);
    }
    Schema {
        caps: Caps {
            insensitive: false,
            scalar_lists: false,
            advanced_json: false,
            json_path_string: false,
            json_filtering: false,
            json_alphanumeric: false,
            json_alphanumeric_field_ref: false,
            skip_duplicates: false,
            full_text: false,
            list_push: false,
            nulls_order: false,
            create_many: false,
            create_many_and_return: false,
            relation_joins: false,
        },
        ..Schema::new(datamodel)
    }
}

/// The models with operations: models, then views, each in schema order (ignored ones have none).
fn query_models(schema: &Schema) -> Vec<ModelId> {
    let of_kind = |kind: ModelKind| {
        schema
            .dm
            .model_ids()
            .filter(move |(_, model)| model.kind == kind && !model.is_ignored)
            .map(|(id, _)| id)
    };
    of_kind(ModelKind::Model)
        .chain(of_kind(ModelKind::View))
        .collect()
}

fn provider(schema: &Schema) -> Option<Provider> {
    schema.dm.datasource.as_ref().map(|d| d.provider)
}

fn has_datasource(schema: &Schema) -> bool {
    provider(schema).is_some()
}

fn is_mongo(schema: &Schema) -> bool {
    provider(schema) == Some(Provider::MongoDb)
}

/// The values of `TransactionIsolationLevel` for the connector.
fn isolation_levels(schema: &Schema) -> Vec<String> {
    let levels: &[&str] = match provider(schema) {
        Some(Provider::PostgreSql | Provider::MySql) => &[
            "ReadUncommitted",
            "ReadCommitted",
            "RepeatableRead",
            "Serializable",
        ],
        Some(Provider::SqlServer) => &[
            "ReadUncommitted",
            "ReadCommitted",
            "RepeatableRead",
            "Serializable",
            "Snapshot",
        ],
        Some(Provider::Sqlite | Provider::CockroachDb) => &["Serializable"],
        Some(Provider::MongoDb) | None => &[],
    };
    levels.iter().map(|level| level.to_string()).collect()
}
