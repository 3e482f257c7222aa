//! The DMMF `datamodel` section, exactly as Prisma 5.19 writes it: generators read it to produce clients,
//! so key order, key presence and number shapes (integers written through f64) all follow Prisma.

use crate::datamodel::*;
use serde_json::{json, Map, Value};

/// `{"enums", "models", "types", "indexes"}` for a validated datamodel.
pub fn datamodel_json(dm: &Datamodel) -> Value {
    let visible = |kind: ModelKind| {
        dm.model_ids()
            .filter(move |(_, m)| m.kind == kind && !m.is_ignored)
            .map(|(id, _)| id)
    };
    let model_order: Vec<ModelId> = visible(ModelKind::Model)
        .chain(visible(ModelKind::View))
        .collect();
    let mut root = Map::new();
    root.insert("enums".into(), dm.enums.iter().map(enum_json).collect());
    root.insert(
        "models".into(),
        model_order.iter().map(|&id| model_json(dm, id)).collect(),
    );
    root.insert(
        "types".into(),
        dm.composite_types
            .iter()
            .map(|ct| composite_json(dm, ct))
            .collect(),
    );
    root.insert(
        "indexes".into(),
        model_order
            .iter()
            .flat_map(|&id| indexes_json(dm, id))
            .collect(),
    );
    Value::Object(root)
}

fn enum_json(e: &Enum) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(e.name));
    out.insert(
        "values".into(),
        e.values
            .iter()
            .map(|v| {
                let mut value = Map::new();
                value.insert("name".into(), json!(v.name));
                value.insert("dbName".into(), json!(v.db_name));
                if let Some(doc) = &v.documentation {
                    value.insert("documentation".into(), json!(doc));
                }
                Value::Object(value)
            })
            .collect(),
    );
    out.insert("dbName".into(), json!(e.db_name));
    if let Some(doc) = &e.documentation {
        out.insert("documentation".into(), json!(doc));
    }
    Value::Object(out)
}

/// A field's path in an index: the field name, then `.`-joined composite field names.
fn index_field_name(dm: &Datamodel, f: &IndexField) -> String {
    let mut name = dm.field(f.field).name.clone();
    for part in &f.path {
        name.push('.');
        name.push_str(&dm.composite_field(*part).name);
    }
    name
}

fn model_json(dm: &Datamodel, id: ModelId) -> Value {
    let m = dm.model(id);
    let mut out = Map::new();
    out.insert("name".into(), json!(m.name));
    out.insert("dbName".into(), json!(m.db_name));
    out.insert(
        "fields".into(),
        dm.field_ids(id)
            .filter(|(_, f)| !f.is_ignored && !matches!(f.field_type, FieldType::Unsupported(_)))
            .map(|(fid, f)| field_json(dm, f, Some(fid)))
            .collect(),
    );
    let primary_key = match &m.primary_key {
        Some(pk) if !pk.defined_on_field => json!({
            "name": pk.name,
            "fields": pk.fields.iter().map(|f| index_field_name(dm, f)).collect::<Vec<_>>(),
        }),
        _ => Value::Null,
    };
    out.insert("primaryKey".into(), primary_key);
    let block_uniques: Vec<&Index> = m
        .indexes
        .iter()
        .filter(|i| i.kind == IndexKind::Unique && !i.defined_on_field)
        .collect();
    out.insert(
        "uniqueFields".into(),
        block_uniques
            .iter()
            .map(|i| {
                i.fields
                    .iter()
                    .map(|f| index_field_name(dm, f))
                    .collect::<Vec<_>>()
            })
            .collect(),
    );
    out.insert(
        "uniqueIndexes".into(),
        block_uniques
            .iter()
            .map(|i| {
                json!({
                    "name": i.name,
                    "fields": i.fields.iter().map(|f| index_field_name(dm, f)).collect::<Vec<_>>(),
                })
            })
            .collect(),
    );
    out.insert("isGenerated".into(), json!(false));
    if let Some(doc) = &m.documentation {
        out.insert("documentation".into(), json!(doc));
    }
    Value::Object(out)
}

fn composite_json(dm: &Datamodel, ct: &CompositeType) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(ct.name));
    out.insert("dbName".into(), Value::Null);
    out.insert(
        "fields".into(),
        ct.fields
            .iter()
            .filter(|f| !matches!(f.field_type, FieldType::Unsupported(_)))
            .map(|f| field_json(dm, f, None))
            .collect(),
    );
    out.insert("primaryKey".into(), Value::Null);
    out.insert("uniqueFields".into(), json!([]));
    out.insert("uniqueIndexes".into(), json!([]));
    if let Some(doc) = &ct.documentation {
        out.insert("documentation".into(), json!(doc));
    }
    Value::Object(out)
}

/// One field; `id` is `None` for composite type fields, which lack the model-only keys.
fn field_json(dm: &Datamodel, f: &Field, id: Option<FieldId>) -> Value {
    let mut out = Map::new();
    out.insert("name".into(), json!(f.name));
    if let Some(db_name) = &f.db_name {
        out.insert("dbName".into(), json!(db_name));
    }
    let (kind, type_name) = match &f.field_type {
        FieldType::Scalar(s) => ("scalar", s.as_str().to_owned()),
        FieldType::Enum(e) => ("enum", dm.enum_(*e).name.clone()),
        FieldType::Relation(r) => ("object", dm.model(r.target).name.clone()),
        FieldType::Composite(c) => ("object", dm.composite_type(*c).name.clone()),
        FieldType::Unsupported(native) => ("unsupported", native.clone()),
    };
    out.insert("kind".into(), json!(kind));
    out.insert("isList".into(), json!(f.is_list()));
    out.insert("isRequired".into(), json!(!f.is_optional()));
    out.insert(
        "isUnique".into(),
        json!(id.is_some_and(|id| dm.is_single_unique(id) && !dm.is_single_id(id))),
    );
    out.insert(
        "isId".into(),
        json!(id.is_some_and(|id| dm.is_single_id(id))),
    );
    out.insert(
        "isReadOnly".into(),
        json!(id.is_some_and(|id| dm.is_foreign_key(id))),
    );
    out.insert("hasDefaultValue".into(), json!(f.default.is_some()));
    out.insert("type".into(), json!(type_name));
    if let Some(default) = &f.default {
        out.insert("default".into(), default_json(&default.kind));
    }
    if let (FieldType::Relation(r), Some(fid)) = (&f.field_type, id) {
        let relation = r.relation.map(|rid| dm.relation(rid));
        let name = relation.map(|rel| rel.name.clone()).unwrap_or_else(|| {
            r.explicit_name.clone().unwrap_or_else(|| {
                default_relation_name(&dm.model(fid.model).name, &dm.model(r.target).name)
            })
        });
        out.insert("relationName".into(), json!(name));
        let names = |ids: &[FieldId]| {
            ids.iter()
                .map(|&i| dm.field(i).name.clone())
                .collect::<Vec<_>>()
        };
        out.insert("relationFromFields".into(), json!(names(&r.fields)));
        out.insert("relationToFields".into(), json!(names(&r.references)));
        if let Some(action) = r.on_delete {
            out.insert("relationOnDelete".into(), json!(action.as_str()));
        }
    }
    if id.is_some() {
        out.insert("isGenerated".into(), json!(false));
        out.insert("isUpdatedAt".into(), json!(f.is_updated_at));
    }
    if let Some(doc) = &f.documentation {
        out.insert("documentation".into(), json!(doc));
    }
    Value::Object(out)
}

fn default_json(kind: &DefaultKind) -> Value {
    match kind {
        DefaultKind::Literal(value) => literal_json(value),
        DefaultKind::Function(function) => {
            let (name, args): (String, Vec<Value>) = match function {
                DefaultFunction::Autoincrement => ("autoincrement".into(), vec![]),
                DefaultFunction::Sequence => ("sequence".into(), vec![]),
                DefaultFunction::Now => ("now".into(), vec![]),
                DefaultFunction::Uuid(v) => (format!("uuid({v})"), vec![]),
                DefaultFunction::Cuid(1) => ("cuid".into(), vec![]),
                DefaultFunction::Cuid(v) => (format!("cuid({v})"), vec![]),
                DefaultFunction::Nanoid(None) => ("nanoid()".into(), vec![]),
                DefaultFunction::Nanoid(Some(n)) => (format!("nanoid({n})"), vec![json!(n)]),
                DefaultFunction::DbGenerated(None) => ("dbgenerated".into(), vec![]),
                DefaultFunction::DbGenerated(Some(s)) => ("dbgenerated".into(), vec![json!(s)]),
                DefaultFunction::Auto => ("auto".into(), vec![]),
            };
            json!({ "name": name, "args": args })
        }
    }
}

/// Literal defaults: Int and Float through f64 (Prisma's serializer writes `5.0`), BigInt as a string.
fn literal_json(value: &LiteralValue) -> Value {
    match value {
        LiteralValue::String(s)
        | LiteralValue::DateTime(s)
        | LiteralValue::Json(s)
        | LiteralValue::Bytes(s)
        | LiteralValue::Enum(s) => json!(s),
        LiteralValue::Int(i) => json!(*i as f64),
        LiteralValue::BigInt(i) => json!(i.to_string()),
        LiteralValue::Float(f, _) => json!(f),
        LiteralValue::Boolean(b) => json!(b),
        LiteralValue::List(items) => Value::Array(items.iter().map(literal_json).collect()),
    }
}

fn indexes_json(dm: &Datamodel, id: ModelId) -> Vec<Value> {
    let m = dm.model(id);
    let mut out = Vec::new();
    if let Some(pk) = &m.primary_key {
        out.push(index_json(
            dm,
            &m.name,
            "id",
            pk.defined_on_field,
            pk.name.as_ref(),
            pk.map.as_ref(),
            None,
            pk.clustered,
            &pk.fields,
        ));
    }
    for index in &m.indexes {
        let kind = match index.kind {
            IndexKind::Unique => "unique",
            IndexKind::Normal => "normal",
            IndexKind::Fulltext => "fulltext",
        };
        out.push(index_json(
            dm,
            &m.name,
            kind,
            index.defined_on_field,
            index.name.as_ref(),
            index.map.as_ref(),
            index.algorithm.as_ref(),
            index.clustered,
            &index.fields,
        ));
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn index_json(
    dm: &Datamodel,
    model: &str,
    kind: &str,
    defined_on_field: bool,
    name: Option<&String>,
    map: Option<&String>,
    algorithm: Option<&String>,
    clustered: Option<bool>,
    fields: &[IndexField],
) -> Value {
    let mut out = Map::new();
    out.insert("model".into(), json!(model));
    out.insert("type".into(), json!(kind));
    out.insert("isDefinedOnField".into(), json!(defined_on_field));
    if let Some(name) = name {
        out.insert("name".into(), json!(name));
    }
    if let Some(map) = map {
        out.insert("dbName".into(), json!(map));
    }
    if let Some(algorithm) = algorithm {
        out.insert("algorithm".into(), json!(algorithm));
    }
    if let Some(clustered) = clustered {
        out.insert("clustered".into(), json!(clustered));
    }
    out.insert(
        "fields".into(),
        fields
            .iter()
            .map(|f| {
                let mut field = Map::new();
                field.insert("name".into(), json!(index_field_name(dm, f)));
                if let Some(sort) = f.sort {
                    let s = match sort {
                        SortOrder::Asc => "asc",
                        SortOrder::Desc => "desc",
                    };
                    field.insert("sortOrder".into(), json!(s));
                }
                if let Some(length) = f.length {
                    field.insert("length".into(), json!(length));
                }
                if let Some(ops) = &f.operator_class {
                    field.insert("operatorClass".into(), json!(ops));
                }
                Value::Object(field)
            })
            .collect(),
    );
    Value::Object(out)
}
