//! The slice of Prisma's query schema that validation needs: input object types with their fields, accepted
//! types and count constraints, and the output types of selections.
//!
//! Prisma validates a request by matching every value against an ordered list of allowed input types, and its
//! error messages quote those types (names, fields, type names, constraints) in full. Reproducing the errors
//! byte for byte therefore needs the same types, built the same way: same names, same field order, same
//! alternatives in the same order. Types are described by a key ([`Obj`]) and built on demand from the
//! datamodel, so no schema is materialized up front.

use schema_core::capabilities::Capabilities;
use schema_core::config::Provider;
use schema_core::datamodel::{
    Arity, DefaultFunction, DefaultKind, EnumId, FieldId, FieldType, IndexKind, ModelId,
    RelationKind, ScalarType,
};
use schema_core::Datamodel;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, PoisonError, RwLock};

use crate::error::{
    InputFieldDescription, InputTypeDescription, OutputFieldDescription, OutputTypeDescription,
};
use crate::query::AggregateKind;

/// Built-in scalar input types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Sc {
    String,
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    DateTime,
    Json,
    Bytes,
    Null,
}

impl Sc {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Sc::String => "String",
            Sc::Int => "Int",
            Sc::BigInt => "BigInt",
            Sc::Float => "Float",
            Sc::Decimal => "Decimal",
            Sc::Boolean => "Boolean",
            Sc::DateTime => "DateTime",
            Sc::Json => "Json",
            Sc::Bytes => "Bytes",
            Sc::Null => "Null",
        }
    }

    pub(crate) fn of(scalar: ScalarType) -> Sc {
        match scalar {
            ScalarType::Int => Sc::Int,
            ScalarType::BigInt => Sc::BigInt,
            ScalarType::Float => Sc::Float,
            ScalarType::Decimal => Sc::Decimal,
            ScalarType::String => Sc::String,
            ScalarType::Boolean => Sc::Boolean,
            ScalarType::DateTime => Sc::DateTime,
            ScalarType::Json => Sc::Json,
            ScalarType::Bytes => Sc::Bytes,
        }
    }
}

/// Enum input types: the schema's enums and the ones the query schema defines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum En {
    Model(EnumId),
    SortOrder,
    NullsOrder,
    QueryMode,
    /// `{Model}ScalarFieldEnum` (`distinct`, `by`).
    ScalarField(ModelId),
    /// `JsonNullValueFilter`: DbNull, JsonNull, AnyNull.
    JsonNullFilter,
    /// `JsonNullValueInput`: JsonNull.
    JsonNullInput,
    /// `NullableJsonNullValueInput`: DbNull, JsonNull.
    NullableJsonNullInput,
    /// `RelationLoadStrategy` (preview `relationJoins`).
    RelationLoadStrategy,
    /// `{Model}OrderByRelevanceFieldEnum`: the string fields full-text relevance can rank by (DMMF only).
    RelevanceField(ModelId),
}

/// The value type of a scalar field: a built-in scalar or a schema enum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Base {
    Scalar(ScalarType),
    Enum(EnumId),
}

/// An input type, as Prisma's query schema has it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum It {
    Scalar(Sc),
    Enum(En),
    List(Box<It>),
    Object(Obj),
}

impl It {
    fn list(inner: It) -> It {
        It::List(Box::new(inner))
    }
}

/// Input object types, by what they are built from. The key is also what validation later reads to know what a
/// parsed object means.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Obj {
    Where(ModelId),
    WhereUnique(ModelId),
    /// `{M}ScalarWhereInput` / `{M}ScalarWhereWithAggregatesInput`.
    ScalarWhere(ModelId, bool),
    /// A compound `@@id` / `@@unique` of a where-unique input; the index is into [`Schema::compound_uniques`].
    CompoundUnique(ModelId, usize),
    Filter {
        base: Base,
        nullable: bool,
        nested: bool,
        aggregates: bool,
    },
    ListFilter(Base),
    /// `{Type}FieldRefInput`: a reference to another field, for the given allowed type.
    FieldRef(Box<It>),
    ToManyFilter(ModelId),
    ToOneFilter(ModelId, bool),
    /// `{M}OrderByWithRelationInput` (false) / `{M}OrderByWithAggregationInput` (true).
    OrderBy(ModelId, bool),
    OrderByRelationAggregate(ModelId),
    SortOrderInput,
    OrderByAggregate(ModelId, AggregateKind),
    Create {
        model: ModelId,
        unchecked: bool,
        without: Option<FieldId>,
    },
    CreateMany {
        model: ModelId,
        without: Option<FieldId>,
    },
    CreateManyEnvelope {
        model: ModelId,
        without: FieldId,
    },
    CreateList(FieldId),
    UpdateList(FieldId),
    /// The nested-create envelope of a relation field of the parent model.
    NestedCreate {
        field: FieldId,
        unchecked: bool,
    },
    /// The nested-update envelope of a relation field of the parent model.
    NestedUpdate {
        field: FieldId,
        unchecked: bool,
    },
    CreateOrConnect(FieldId),
    UpsertMany(FieldId),
    UpsertOne(FieldId),
    UpdateWhereUnique(FieldId),
    UpdateToOneWhere(FieldId),
    UpdateManyWhere(FieldId),
    Update {
        model: ModelId,
        unchecked: bool,
        without: Option<FieldId>,
    },
    UpdateManyMutation(ModelId),
    UpdateManyUnchecked {
        model: ModelId,
        without: Option<FieldId>,
    },
    UpdateOps {
        base: Base,
        nullable: bool,
    },
    /// `{M}OrderByRelevanceInput` (preview full-text search). Only the DMMF lists it; validation does not
    /// accept `_relevance` yet.
    OrderByRelevance(ModelId),
    /// `[Nested]Uuid[Nullable][WithAggregates]Filter`: the filter Prisma gives `@db.Uuid` strings (a string
    /// filter without the text operators). Only the DMMF lists it; validation filters them as strings.
    UuidFilter {
        nullable: bool,
        nested: bool,
        aggregates: bool,
    },
}

/// A default an input field fills in when it is not given.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum FieldDefault {
    /// Prisma's default for `mode`.
    QueryModeDefault,
    /// The `@default` of a model field (literal or engine-generated).
    Model(FieldId),
}

/// One field of an input object.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct InField {
    pub name: String,
    pub types: Vec<It>,
    pub required: bool,
    pub default: Option<FieldDefault>,
}

fn field(name: impl Into<String>, types: Vec<It>) -> InField {
    InField {
        name: name.into(),
        types,
        required: false,
        default: None,
    }
}

fn required(name: impl Into<String>, types: Vec<It>) -> InField {
    InField {
        required: true,
        ..field(name, types)
    }
}

/// An input object type, built.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ObjDef {
    pub name: String,
    pub fields: Vec<InField>,
    pub min: Option<usize>,
    pub max: Option<usize>,
    /// The fields the counts apply to, when not all.
    pub constrained: Option<Vec<String>>,
}

impl ObjDef {
    pub fn find(&self, name: &str) -> Option<&InField> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// Input object types already built for one datamodel, shared by every request an [`crate::Engine`] validates.
/// Building a type is pure in the datamodel and the type's key, so a built type stays valid for the
/// datamodel's lifetime; the set of keys is finite per schema, so the cache is bounded.
#[derive(Debug, Default)]
pub struct ValidationCache {
    objects: RwLock<HashMap<Obj, Arc<ObjDef>>>,
    outputs: RwLock<HashMap<OutType, Arc<Vec<OutField>>>>,
}

impl ValidationCache {
    /// Whether no type was built yet.
    pub fn is_empty(&self) -> bool {
        read(&self.objects).is_empty() && read(&self.outputs).is_empty()
    }
}

/// A lock's map even if a panicking request poisoned it: entries are only ever inserted whole.
fn read<K, V>(map: &RwLock<HashMap<K, V>>) -> std::sync::RwLockReadGuard<'_, HashMap<K, V>> {
    map.read().unwrap_or_else(PoisonError::into_inner)
}

/// The value for `key` in `map`, built by `build` and kept on first use.
fn shared<K: Hash + Eq + Clone, V>(
    map: &RwLock<HashMap<K, Arc<V>>>,
    key: &K,
    build: impl FnOnce() -> V,
) -> Arc<V> {
    if let Some(value) = read(map).get(key) {
        return value.clone();
    }
    let value = Arc::new(build());
    let mut map = map.write().unwrap_or_else(PoisonError::into_inner);
    map.entry(key.clone()).or_insert(value).clone()
}

/// What the connector can do, in the terms of the query schema.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Caps {
    pub insensitive: bool,
    pub scalar_lists: bool,
    pub advanced_json: bool,
    /// JSON paths as a string (MySQL) rather than a list of keys.
    pub json_path_string: bool,
    pub json_filtering: bool,
    pub json_alphanumeric: bool,
    pub json_alphanumeric_field_ref: bool,
    pub skip_duplicates: bool,
    pub full_text: bool,
    pub list_push: bool,
    pub nulls_order: bool,
    pub create_many: bool,
    pub create_many_and_return: bool,
    pub relation_joins: bool,
}

impl Caps {
    fn new(datamodel: &Datamodel) -> Caps {
        let provider = datamodel
            .datasource
            .as_ref()
            .map(|d| d.provider)
            .unwrap_or(Provider::Sqlite);
        let capabilities: &Capabilities = Capabilities::for_provider(provider);
        let preview = |name: &str| {
            datamodel.generators.iter().any(|generator| {
                generator
                    .preview_features
                    .iter()
                    .any(|feature| feature.name().eq_ignore_ascii_case(name))
            })
        };
        use Provider::*;
        Caps {
            insensitive: capabilities.insensitive_filters,
            scalar_lists: capabilities.scalar_lists,
            advanced_json: matches!(provider, PostgreSql | CockroachDb | MySql),
            json_path_string: provider == MySql,
            json_filtering: matches!(provider, PostgreSql | CockroachDb | MySql),
            json_alphanumeric: matches!(provider, PostgreSql | MySql),
            json_alphanumeric_field_ref: provider == PostgreSql,
            skip_duplicates: matches!(provider, PostgreSql | CockroachDb | MySql),
            full_text: capabilities.fulltext_search
                && (preview("fullTextSearch") || preview("fullTextSearchPostgres")),
            list_push: matches!(provider, PostgreSql | MongoDb),
            nulls_order: !matches!(provider, MongoDb),
            create_many: capabilities.create_many,
            create_many_and_return: matches!(provider, PostgreSql | CockroachDb | Sqlite),
            relation_joins: preview("relationJoins") && matches!(provider, PostgreSql | MySql),
        }
    }
}

/// The query schema of one datamodel.
pub(crate) struct Schema<'a> {
    pub dm: &'a Datamodel,
    pub caps: Caps,
    pub(crate) cache: Option<&'a ValidationCache>,
}

/// A compound unique criterion of a model: its where-unique key name, client alias and fields.
pub(crate) struct Compound {
    pub name: String,
    pub alias: Option<String>,
    pub fields: Vec<FieldId>,
}

pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

impl<'a> Schema<'a> {
    pub fn new(dm: &'a Datamodel) -> Schema<'a> {
        Schema {
            dm,
            caps: Caps::new(dm),
            cache: None,
        }
    }

    /// A schema whose built input objects are kept in `cache` for later requests on the same datamodel.
    pub fn with_cache(dm: &'a Datamodel, cache: &'a ValidationCache) -> Schema<'a> {
        Schema {
            cache: Some(cache),
            ..Schema::new(dm)
        }
    }

    /// The input object `obj`, built once per cache: every request validating against the same type
    /// (`{M}WhereUniqueInput` for each findUnique, say) would otherwise rebuild its fields and names.
    pub fn object_shared(&self, obj: &Obj) -> Arc<ObjDef> {
        match self.cache {
            Some(cache) => shared(&cache.objects, obj, || self.object(obj)),
            None => Arc::new(self.object(obj)),
        }
    }

    // ---- model facts -------------------------------------------------------------------------------

    /// The fields the query schema shows for a model: scalars (and enums, lists) in schema order, then
    /// relations, leaving out ignored and unsupported fields.
    pub fn fields(&self, model: ModelId) -> Vec<FieldId> {
        let visible = |id: &FieldId| {
            let field = self.dm.field(*id);
            !field.is_ignored
                && !matches!(field.field_type, FieldType::Unsupported(_))
                && match &field.field_type {
                    FieldType::Relation(relation) => !self.dm.model(relation.target).is_ignored,
                    _ => true,
                }
        };
        let ids: Vec<FieldId> = self
            .dm
            .field_ids(model)
            .map(|(id, _)| id)
            .filter(visible)
            .collect();
        let (relations, scalars): (Vec<FieldId>, Vec<FieldId>) =
            ids.into_iter().partition(|id| self.is_relation(*id));
        scalars.into_iter().chain(relations).collect()
    }

    pub fn scalar_fields(&self, model: ModelId) -> Vec<FieldId> {
        self.fields(model)
            .into_iter()
            .filter(|id| self.base(*id).is_some())
            .collect()
    }

    pub fn is_relation(&self, id: FieldId) -> bool {
        self.dm.field(id).is_relation()
    }

    pub fn name(&self, id: FieldId) -> &'a str {
        &self.dm.field(id).name
    }

    pub fn model_name(&self, id: ModelId) -> &'a str {
        &self.dm.model(id).name
    }

    pub fn base(&self, id: FieldId) -> Option<Base> {
        match &self.dm.field(id).field_type {
            FieldType::Scalar(scalar) => Some(Base::Scalar(*scalar)),
            FieldType::Enum(enum_id) => Some(Base::Enum(*enum_id)),
            _ => None,
        }
    }

    pub fn is_list(&self, id: FieldId) -> bool {
        self.dm.field(id).arity == Arity::List
    }

    pub fn is_required(&self, id: FieldId) -> bool {
        self.dm.field(id).arity == Arity::Required
    }

    pub fn is_json(&self, id: FieldId) -> bool {
        self.base(id) == Some(Base::Scalar(ScalarType::Json))
    }

    /// The model a relation field points to.
    pub fn related_model(&self, id: FieldId) -> Option<ModelId> {
        self.dm.relation_field(id).map(|relation| relation.target)
    }

    /// The relation field on the other side.
    pub fn opposite(&self, id: FieldId) -> Option<FieldId> {
        self.dm.opposite_field(id)
    }

    /// A relation field that holds the foreign key (`fields: [...]`) on its own model.
    pub fn is_inlined(&self, id: FieldId) -> bool {
        self.dm
            .relation_field(id)
            .is_some_and(|relation| !relation.fields.is_empty())
    }

    pub fn linking_fields(&self, id: FieldId) -> Vec<FieldId> {
        self.dm
            .relation_field(id)
            .map(|relation| relation.fields.clone())
            .unwrap_or_default()
    }

    fn is_many_to_many(&self, id: FieldId) -> bool {
        self.dm.relation_of(id).is_some_and(|relation| {
            matches!(
                relation.kind,
                RelationKind::ImplicitManyToMany | RelationKind::TwoWayEmbeddedManyToMany
            )
        })
    }

    fn has_default(&self, id: FieldId) -> bool {
        self.dm.field(id).default.is_some()
    }

    fn is_autoincrement(&self, id: FieldId) -> bool {
        matches!(
            self.dm.field(id).default.as_ref().map(|d| &d.kind),
            Some(DefaultKind::Function(DefaultFunction::Autoincrement))
        )
    }

    fn is_id(&self, id: FieldId) -> bool {
        self.dm
            .model(id.model)
            .primary_key
            .as_ref()
            .is_some_and(|pk| pk.fields.iter().any(|f| f.field == id))
    }

    fn is_auto_generated_int_id(&self, id: FieldId) -> bool {
        self.is_id(id)
            && self.base(id) == Some(Base::Scalar(ScalarType::Int))
            && self.is_autoincrement(id)
    }

    /// A single-field `@id` or `@unique`.
    pub fn is_unique(&self, id: FieldId) -> bool {
        self.dm.is_single_id(id) || self.dm.is_single_unique(id)
    }

    /// Compound `@@unique`s (in index order), then a compound `@@id`.
    pub fn compound_uniques(&self, model: ModelId) -> Vec<Compound> {
        let m = self.dm.model(model);
        let mut out = Vec::new();
        let plain = |fields: &[schema_core::datamodel::IndexField]| {
            fields.iter().all(|f| f.path.is_empty())
        };
        for index in &m.indexes {
            if index.kind == IndexKind::Unique && index.fields.len() > 1 && plain(&index.fields) {
                let fields: Vec<FieldId> = index.fields.iter().map(|f| f.field).collect();
                out.push(Compound {
                    name: index.name.clone().unwrap_or_else(|| self.joined(&fields)),
                    alias: index.name.clone(),
                    fields,
                });
            }
        }
        if let Some(pk) = &m.primary_key {
            if pk.fields.len() > 1 {
                let fields: Vec<FieldId> = pk.fields.iter().map(|f| f.field).collect();
                out.push(Compound {
                    name: pk.name.clone().unwrap_or_else(|| self.joined(&fields)),
                    alias: pk.name.clone(),
                    fields,
                });
            }
        }
        out
    }

    fn joined(&self, fields: &[FieldId]) -> String {
        fields
            .iter()
            .map(|f| self.name(*f))
            .collect::<Vec<_>>()
            .join("_")
    }

    pub fn is_numeric(&self, id: FieldId) -> bool {
        !self.is_list(id)
            && matches!(
                self.base(id),
                Some(Base::Scalar(
                    ScalarType::Int | ScalarType::BigInt | ScalarType::Float | ScalarType::Decimal
                ))
            )
    }

    pub fn is_non_list_non_json(&self, id: FieldId) -> bool {
        !self.is_list(id) && self.base(id).is_some() && !self.is_json(id)
    }

    // ---- input types -------------------------------------------------------------------------------

    /// The input type of a base value (`String`, `Int`, an enum).
    pub fn base_type(&self, base: Base) -> It {
        match base {
            Base::Scalar(scalar) => It::Scalar(Sc::of(scalar)),
            Base::Enum(id) => It::Enum(En::Model(id)),
        }
    }

    /// The input type of a scalar field's value (a list for list fields).
    pub fn field_type(&self, id: FieldId) -> Option<It> {
        let base = self.base_type(self.base(id)?);
        Some(if self.is_list(id) {
            It::list(base)
        } else {
            base
        })
    }

    fn with_ref(&self, typ: It) -> Vec<It> {
        vec![typ.clone(), It::Object(Obj::FieldRef(Box::new(typ)))]
    }

    fn list_union(&self, typ: It, list: bool) -> Vec<It> {
        if list {
            vec![typ.clone(), It::list(typ)]
        } else {
            vec![typ]
        }
    }

    pub fn enum_name(&self, en: En) -> String {
        match en {
            En::Model(id) => self.dm.enum_(id).name.clone(),
            En::SortOrder => "SortOrder".into(),
            En::NullsOrder => "NullsOrder".into(),
            En::QueryMode => "QueryMode".into(),
            En::ScalarField(model) => {
                format!("{}ScalarFieldEnum", capitalize(self.model_name(model)))
            }
            En::JsonNullFilter => "JsonNullValueFilter".into(),
            En::JsonNullInput => "JsonNullValueInput".into(),
            En::NullableJsonNullInput => "NullableJsonNullValueInput".into(),
            En::RelationLoadStrategy => "RelationLoadStrategy".into(),
            En::RelevanceField(model) => {
                format!("{}OrderByRelevanceFieldEnum", self.model_name(model))
            }
        }
    }

    /// The values an enum accepts.
    pub fn enum_values(&self, en: En) -> Vec<String> {
        let owned = |values: &[&str]| values.iter().map(|v| v.to_string()).collect();
        match en {
            En::Model(id) => self
                .dm
                .enum_(id)
                .values
                .iter()
                .map(|v| v.name.clone())
                .collect(),
            En::SortOrder => owned(&["asc", "desc"]),
            En::NullsOrder => owned(&["first", "last"]),
            En::QueryMode => owned(&["default", "insensitive"]),
            En::ScalarField(model) => self
                .scalar_fields(model)
                .into_iter()
                .map(|f| self.name(f).to_owned())
                .collect(),
            En::JsonNullFilter => owned(&["DbNull", "JsonNull", "AnyNull"]),
            En::JsonNullInput => owned(&["JsonNull"]),
            En::NullableJsonNullInput => owned(&["DbNull", "JsonNull"]),
            En::RelationLoadStrategy => owned(&["query", "join"]),
            En::RelevanceField(model) => self
                .relevance_fields(model)
                .into_iter()
                .map(|f| self.name(f).to_owned())
                .collect(),
        }
    }

    fn base_name(&self, base: Base) -> String {
        match base {
            Base::Scalar(ScalarType::Boolean) => "Bool".to_owned(),
            Base::Scalar(scalar) => scalar.as_str().to_owned(),
            Base::Enum(id) => format!("Enum{}", self.dm.enum_(id).name),
        }
    }

    /// The simplified name of an input type, as error metas list it (`String`, `UserWhereInput[]`).
    pub fn type_name(&self, typ: &It) -> String {
        match typ {
            It::Scalar(scalar) => scalar.name().to_owned(),
            It::Enum(en) => self.enum_name(*en),
            It::List(inner) => format!("{}[]", self.type_name(inner)),
            It::Object(obj) => self.object_name(obj),
        }
    }

    fn field_ref_name(&self, typ: &It) -> String {
        match typ {
            It::List(inner) => format!("List{}", self.field_ref_name(inner)),
            It::Enum(En::Model(id)) => format!("Enum{}FieldRefInput", self.dm.enum_(*id).name),
            other => format!("{}FieldRefInput", self.type_name(other)),
        }
    }

    pub fn object_name(&self, obj: &Obj) -> String {
        let m = |id: ModelId| self.model_name(id).to_owned();
        let opp_name = |field: FieldId| {
            self.opposite(field)
                .map(|o| capitalize(self.name(o)))
                .unwrap_or_default()
        };
        let related = |field: FieldId| self.related_model(field).map(m).unwrap_or_default();
        match obj {
            Obj::Where(model) => format!("{}WhereInput", m(*model)),
            Obj::WhereUnique(model) => format!("{}WhereUniqueInput", m(*model)),
            Obj::ScalarWhere(model, aggregates) => format!(
                "{}ScalarWhere{}Input",
                m(*model),
                if *aggregates { "WithAggregates" } else { "" }
            ),
            Obj::CompoundUnique(model, index) => {
                let compounds = self.compound_uniques(*model);
                let part = compounds
                    .get(*index)
                    .map(|c| match &c.alias {
                        Some(alias) => capitalize(alias),
                        None => c.fields.iter().map(|f| capitalize(self.name(*f))).collect(),
                    })
                    .unwrap_or_default();
                format!("{}{}CompoundUniqueInput", m(*model), part)
            }
            Obj::Filter {
                base,
                nullable,
                nested,
                aggregates,
            } => format!(
                "{}{}{}{}Filter",
                if *nested { "Nested" } else { "" },
                self.base_name(*base),
                if *nullable { "Nullable" } else { "" },
                if *aggregates { "WithAggregates" } else { "" }
            ),
            Obj::ListFilter(base) => format!("{}NullableListFilter", self.base_name(*base)),
            Obj::FieldRef(typ) => self.field_ref_name(typ),
            Obj::ToManyFilter(model) => format!("{}ListRelationFilter", capitalize(&m(*model))),
            Obj::ToOneFilter(model, nullable) => format!(
                "{}{}RelationFilter",
                capitalize(&m(*model)),
                if *nullable { "Nullable" } else { "" }
            ),
            Obj::OrderBy(model, aggregation) => format!(
                "{}OrderBy{}Input",
                m(*model),
                if *aggregation {
                    "WithAggregation"
                } else {
                    "WithRelation"
                }
            ),
            Obj::OrderByRelationAggregate(model) => {
                format!("{}OrderByRelationAggregateInput", m(*model))
            }
            Obj::SortOrderInput => "SortOrderInput".into(),
            Obj::OrderByAggregate(model, kind) => {
                format!(
                    "{}{}OrderByAggregateInput",
                    m(*model),
                    aggregate_suffix(*kind)
                )
            }
            Obj::Create {
                model,
                unchecked,
                without,
            } => {
                let unchecked = if *unchecked { "Unchecked" } else { "" };
                match without {
                    Some(f) => format!(
                        "{}{unchecked}CreateWithout{}Input",
                        m(*model),
                        capitalize(self.name(*f))
                    ),
                    None => format!("{}{unchecked}CreateInput", m(*model)),
                }
            }
            Obj::CreateMany { model, without } => match without {
                Some(f) => format!("{}CreateMany{}Input", m(*model), capitalize(self.name(*f))),
                None => format!("{}CreateManyInput", m(*model)),
            },
            Obj::CreateManyEnvelope { model, without } => format!(
                "{}Envelope",
                self.object_name(&Obj::CreateMany {
                    model: *model,
                    without: Some(*without)
                })
            ),
            Obj::CreateList(f) => format!("{}Create{}Input", m(f.model), self.name(*f)),
            Obj::UpdateList(f) => format!("{}Update{}Input", m(f.model), self.name(*f)),
            Obj::NestedCreate { field, unchecked } => format!(
                "{}{}CreateNested{}Without{}Input",
                related(*field),
                if *unchecked { "Unchecked" } else { "" },
                if self.is_list(*field) { "Many" } else { "One" },
                opp_name(*field)
            ),
            Obj::NestedUpdate { field, unchecked } => format!(
                "{}{}Update{}Without{}NestedInput",
                related(*field),
                if *unchecked { "Unchecked" } else { "" },
                match (self.is_list(*field), self.is_required(*field)) {
                    (true, _) => "Many",
                    (false, true) => "OneRequired",
                    (false, false) => "One",
                },
                opp_name(*field)
            ),
            Obj::CreateOrConnect(f) => {
                format!("{}CreateOrConnectWithout{}Input", related(*f), opp_name(*f))
            }
            Obj::UpsertMany(f) => format!(
                "{}UpsertWithWhereUniqueWithout{}Input",
                related(*f),
                opp_name(*f)
            ),
            Obj::UpsertOne(f) => format!("{}UpsertWithout{}Input", related(*f), opp_name(*f)),
            Obj::UpdateWhereUnique(f) => format!(
                "{}UpdateWithWhereUniqueWithout{}Input",
                related(*f),
                opp_name(*f)
            ),
            Obj::UpdateToOneWhere(f) => format!(
                "{}UpdateToOneWithWhereWithout{}Input",
                related(*f),
                opp_name(*f)
            ),
            Obj::UpdateManyWhere(f) => format!(
                "{}UpdateManyWithWhereWithout{}Input",
                related(*f),
                opp_name(*f)
            ),
            Obj::Update {
                model,
                unchecked,
                without,
            } => {
                let unchecked = if *unchecked { "Unchecked" } else { "" };
                match without {
                    Some(f) => format!(
                        "{}{unchecked}UpdateWithout{}Input",
                        m(*model),
                        capitalize(self.name(*f))
                    ),
                    None => format!("{}{unchecked}UpdateInput", m(*model)),
                }
            }
            Obj::UpdateManyMutation(model) => format!("{}UpdateManyMutationInput", m(*model)),
            Obj::UpdateManyUnchecked { model, without } => match without {
                Some(f) => format!(
                    "{}UncheckedUpdateManyWithout{}Input",
                    m(*model),
                    capitalize(self.name(*f))
                ),
                None => format!("{}UncheckedUpdateManyInput", m(*model)),
            },
            Obj::UpdateOps { base, nullable } => {
                let prefix = self.base_name(*base);
                format!(
                    "{}{prefix}FieldUpdateOperationsInput",
                    if *nullable { "Nullable" } else { "" }
                )
            }
            Obj::OrderByRelevance(model) => format!("{}OrderByRelevanceInput", m(*model)),
            Obj::UuidFilter {
                nullable,
                nested,
                aggregates,
            } => format!(
                "{}Uuid{}{}Filter",
                if *nested { "Nested" } else { "" },
                if *nullable { "Nullable" } else { "" },
                if *aggregates { "WithAggregates" } else { "" }
            ),
        }
    }

    /// Builds an input object type.
    pub fn object(&self, obj: &Obj) -> ObjDef {
        let mut def = ObjDef {
            name: self.object_name(obj),
            fields: Vec::new(),
            min: None,
            max: None,
            constrained: None,
        };
        let exactly_one = |def: &mut ObjDef| {
            def.min = Some(1);
            def.max = Some(1);
        };
        match obj {
            Obj::Where(model) => {
                def.fields = self.combinators(It::Object(obj.clone()));
                for f in self.fields(*model) {
                    def.fields.push(self.filter_field(f, false));
                }
            }
            Obj::ScalarWhere(model, aggregates) => {
                def.fields = self.combinators(It::Object(obj.clone()));
                for f in self.fields(*model) {
                    if !self.is_relation(f) {
                        def.fields.push(self.filter_field(f, *aggregates));
                    }
                }
            }
            Obj::WhereUnique(model) => {
                let fields = self.fields(*model);
                let mut keys = Vec::new();
                for f in &fields {
                    if !self.is_relation(*f) && self.is_unique(*f) {
                        if let Some(typ) = self.field_type(*f) {
                            def.fields.push(field(self.name(*f), vec![typ]));
                            keys.push(self.name(*f).to_owned());
                        }
                    }
                }
                for (index, compound) in self.compound_uniques(*model).into_iter().enumerate() {
                    def.fields.push(field(
                        compound.name.clone(),
                        vec![It::Object(Obj::CompoundUnique(*model, index))],
                    ));
                    keys.push(compound.name);
                }
                def.fields
                    .extend(self.combinators(It::Object(Obj::Where(*model))));
                for f in fields {
                    if self.is_relation(f) || !self.is_unique(f) {
                        def.fields.push(self.filter_field(f, false));
                    }
                }
                def.min = Some(1);
                def.constrained = Some(keys);
            }
            Obj::CompoundUnique(model, index) => {
                if let Some(compound) = self.compound_uniques(*model).into_iter().nth(*index) {
                    for f in compound.fields {
                        if let Some(typ) = self.field_type(f) {
                            def.fields.push(required(self.name(f), vec![typ]));
                        }
                    }
                }
            }
            Obj::Filter {
                base,
                nullable,
                nested,
                aggregates,
            } => def.fields = self.scalar_filter_fields(*base, *nullable, *nested, *aggregates),
            Obj::ListFilter(base) => {
                let element = self.base_type(*base);
                let list = It::list(element.clone());
                let mut equals = self.with_ref(list.clone());
                equals.push(It::Scalar(Sc::Null));
                let mut has = self.with_ref(element);
                has.push(It::Scalar(Sc::Null));
                def.fields = vec![
                    field("equals", equals),
                    field("has", has),
                    field("hasEvery", self.with_ref(list.clone())),
                    field("hasSome", self.with_ref(list)),
                    field("isEmpty", vec![It::Scalar(Sc::Boolean)]),
                ];
                exactly_one(&mut def);
            }
            Obj::FieldRef(_) => {
                def.fields = vec![
                    required("_ref", vec![It::Scalar(Sc::String)]),
                    required("_container", vec![It::Scalar(Sc::String)]),
                ];
            }
            Obj::ToManyFilter(model) => {
                let inner = It::Object(Obj::Where(*model));
                def.fields = vec![
                    field("every", vec![inner.clone()]),
                    field("some", vec![inner.clone()]),
                    field("none", vec![inner]),
                ];
            }
            Obj::ToOneFilter(model, nullable) => {
                let mut inner = vec![It::Object(Obj::Where(*model))];
                if *nullable {
                    inner.push(It::Scalar(Sc::Null));
                }
                def.fields = vec![field("is", inner.clone()), field("isNot", inner)];
            }
            Obj::OrderBy(model, aggregation) => {
                for f in self.fields(*model) {
                    if self.is_relation(f) {
                        if *aggregation {
                            continue;
                        }
                        let Some(target) = self.related_model(f) else {
                            continue;
                        };
                        let typ = if self.is_list(f) {
                            Obj::OrderByRelationAggregate(target)
                        } else {
                            Obj::OrderBy(target, false)
                        };
                        def.fields.push(field(self.name(f), vec![It::Object(typ)]));
                    } else {
                        let mut types = vec![It::Enum(En::SortOrder)];
                        if self.caps.nulls_order && !self.is_required(f) && !self.is_list(f) {
                            types.push(It::Object(Obj::SortOrderInput));
                        }
                        def.fields.push(field(self.name(f), types));
                    }
                }
                if *aggregation {
                    for kind in [
                        AggregateKind::Count,
                        AggregateKind::Avg,
                        AggregateKind::Max,
                        AggregateKind::Min,
                        AggregateKind::Sum,
                    ] {
                        if !self.aggregate_fields(*model, kind).is_empty() {
                            def.fields.push(field(
                                kind.key(),
                                vec![It::Object(Obj::OrderByAggregate(*model, kind))],
                            ));
                        }
                    }
                }
                def.min = Some(0);
                def.max = Some(1);
            }
            Obj::OrderByRelationAggregate(_) => {
                def.fields = vec![field("_count", vec![It::Enum(En::SortOrder)])];
                exactly_one(&mut def);
            }
            Obj::SortOrderInput => {
                def.fields = vec![
                    required("sort", vec![It::Enum(En::SortOrder)]),
                    field("nulls", vec![It::Enum(En::NullsOrder)]),
                ];
            }
            Obj::OrderByAggregate(model, kind) => {
                for f in self.aggregate_fields(*model, *kind) {
                    def.fields
                        .push(field(self.name(f), vec![It::Enum(En::SortOrder)]));
                }
                exactly_one(&mut def);
            }
            Obj::Create {
                model,
                unchecked,
                without,
            } => def.fields = self.create_fields(*model, *unchecked, *without),
            Obj::CreateMany { model, without } => {
                let linking = self.parent_links(*without);
                for f in self.fields(*model) {
                    if !self.is_relation(f) && !linking.contains(&f) {
                        def.fields.push(self.create_scalar(f));
                    }
                }
            }
            Obj::CreateManyEnvelope { model, without } => {
                let inner = It::Object(Obj::CreateMany {
                    model: *model,
                    without: Some(*without),
                });
                def.fields = vec![required("data", self.list_union(inner, true))];
                if self.caps.skip_duplicates {
                    def.fields
                        .push(field("skipDuplicates", vec![It::Scalar(Sc::Boolean)]));
                }
            }
            Obj::CreateList(f) => {
                let typ = self.field_type(*f).into_iter().collect();
                def.fields = vec![required("set", typ)];
                exactly_one(&mut def);
            }
            Obj::UpdateList(f) => {
                let list: Vec<It> = self.field_type(*f).into_iter().collect();
                def.fields = vec![field("set", list.clone())];
                if self.caps.list_push {
                    if let Some(base) = self.base(*f) {
                        let mut types = vec![self.base_type(base)];
                        types.extend(list);
                        def.fields.push(field("push", types));
                    }
                }
                exactly_one(&mut def);
            }
            Obj::NestedCreate { field: f, .. } => def.fields = self.nested_create_fields(*f),
            Obj::NestedUpdate { field: f, .. } => def.fields = self.nested_update_fields(*f),
            Obj::CreateOrConnect(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        required("where", vec![It::Object(Obj::WhereUnique(target))]),
                        required("create", self.create_types(target, Some(opp))),
                    ];
                }
            }
            Obj::UpsertMany(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        required("where", vec![It::Object(Obj::WhereUnique(target))]),
                        required("update", self.update_types(target, Some(opp))),
                        required("create", self.create_types(target, Some(opp))),
                    ];
                }
            }
            Obj::UpsertOne(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        required("update", self.update_types(target, Some(opp))),
                        required("create", self.create_types(target, Some(opp))),
                        field("where", vec![It::Object(Obj::Where(target))]),
                    ];
                }
            }
            Obj::UpdateWhereUnique(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        required("where", vec![It::Object(Obj::WhereUnique(target))]),
                        required("data", self.update_types(target, Some(opp))),
                    ];
                }
            }
            Obj::UpdateToOneWhere(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        field("where", vec![It::Object(Obj::Where(target))]),
                        required("data", self.update_types(target, Some(opp))),
                    ];
                }
            }
            Obj::UpdateManyWhere(f) => {
                if let (Some(target), Some(opp)) = (self.related_model(*f), self.opposite(*f)) {
                    def.fields = vec![
                        required("where", vec![It::Object(Obj::ScalarWhere(target, false))]),
                        required("data", self.update_many_types(target, Some(opp))),
                    ];
                }
            }
            Obj::Update {
                model,
                unchecked,
                without,
            } => {
                def.fields = self
                    .update_field_ids(*model, *unchecked, *without)
                    .into_iter()
                    .map(|f| self.update_field(f, *unchecked))
                    .collect()
            }
            Obj::UpdateManyMutation(model) => {
                def.fields = self
                    .update_field_ids(*model, false, None)
                    .into_iter()
                    .filter(|f| !self.is_relation(*f))
                    .map(|f| self.update_field(f, false))
                    .collect()
            }
            Obj::UpdateManyUnchecked { model, without } => {
                def.fields = self
                    .update_field_ids(*model, true, *without)
                    .into_iter()
                    .filter(|f| !self.is_relation(*f))
                    .map(|f| self.update_field(f, true))
                    .collect()
            }
            Obj::UpdateOps { base, nullable } => {
                let typ = self.base_type(*base);
                let mut set = vec![typ.clone()];
                if *nullable {
                    set.push(It::Scalar(Sc::Null));
                }
                def.fields = vec![field("set", set)];
                if matches!(
                    base,
                    Base::Scalar(
                        ScalarType::Int
                            | ScalarType::BigInt
                            | ScalarType::Float
                            | ScalarType::Decimal
                    )
                ) {
                    for op in ["increment", "decrement", "multiply", "divide"] {
                        def.fields.push(field(op, vec![typ.clone()]));
                    }
                }
                exactly_one(&mut def);
            }
            Obj::OrderByRelevance(model) => {
                let en = It::Enum(En::RelevanceField(*model));
                def.fields = vec![
                    required("fields", vec![en.clone(), It::list(en)]),
                    required("sort", vec![It::Enum(En::SortOrder)]),
                    required("search", vec![It::Scalar(Sc::String)]),
                ];
            }
            Obj::UuidFilter {
                nullable,
                nested,
                aggregates,
            } => def.fields = self.uuid_filter_fields(*nullable, *nested, *aggregates),
        }
        def
    }

    /// The string fields of a model that full-text relevance can rank by.
    pub fn relevance_fields(&self, model: ModelId) -> Vec<FieldId> {
        self.scalar_fields(model)
            .into_iter()
            .filter(|f| self.base(*f) == Some(Base::Scalar(ScalarType::String)))
            .collect()
    }

    /// A string filter without the text operators, whose `not` nests the uuid filter again.
    fn uuid_filter_fields(&self, nullable: bool, nested: bool, aggregates: bool) -> Vec<InField> {
        let string = Base::Scalar(ScalarType::String);
        let mut fields = self.scalar_filter_fields(string, nullable, nested, aggregates);
        fields.retain(|f| {
            !matches!(
                f.name.as_str(),
                "contains" | "startsWith" | "endsWith" | "search"
            )
        });
        for f in fields.iter_mut().filter(|f| f.name == "not") {
            for typ in f.types.iter_mut() {
                if matches!(typ, It::Object(Obj::Filter { .. })) {
                    *typ = It::Object(Obj::UuidFilter {
                        nullable,
                        nested: true,
                        aggregates,
                    });
                }
            }
        }
        fields
    }

    fn combinators(&self, own: It) -> Vec<InField> {
        vec![
            field("AND", vec![own.clone(), It::list(own.clone())]),
            field("OR", vec![It::list(own.clone())]),
            field("NOT", vec![own.clone(), It::list(own)]),
        ]
    }

    /// The fields an aggregate of `kind` applies to.
    pub fn aggregate_fields(&self, model: ModelId, kind: AggregateKind) -> Vec<FieldId> {
        self.scalar_fields(model)
            .into_iter()
            .filter(|f| match kind {
                AggregateKind::Count => true,
                AggregateKind::Avg | AggregateKind::Sum => self.is_numeric(*f),
                AggregateKind::Min | AggregateKind::Max => self.is_non_list_non_json(*f),
            })
            .collect()
    }

    /// The where-input field of a model field.
    fn filter_field(&self, f: FieldId, aggregates: bool) -> InField {
        let mut types = Vec::new();
        let nullable = !self.is_required(f) && !self.is_list(f) && !self.is_json(f);
        if self.is_relation(f) {
            if let Some(target) = self.related_model(f) {
                if self.is_list(f) {
                    types.push(It::Object(Obj::ToManyFilter(target)));
                } else {
                    types.push(It::Object(Obj::ToOneFilter(target, !self.is_required(f))));
                    types.push(It::Object(Obj::Where(target)));
                }
            }
        } else if let Some(base) = self.base(f) {
            if self.is_list(f) {
                types.push(It::Object(Obj::ListFilter(base)));
            } else {
                types.push(It::Object(Obj::Filter {
                    base,
                    nullable: !self.is_required(f),
                    nested: false,
                    aggregates,
                }));
                if !self.is_json(f) {
                    types.push(self.base_type(base));
                }
            }
        }
        if nullable {
            types.push(It::Scalar(Sc::Null));
        }
        field(self.name(f), types)
    }

    fn scalar_filter_fields(
        &self,
        base: Base,
        nullable: bool,
        nested: bool,
        aggregates: bool,
    ) -> Vec<InField> {
        let typ = self.base_type(base);
        let null = |mut types: Vec<It>, add: bool| {
            if add {
                types.push(It::Scalar(Sc::Null));
            }
            types
        };
        let equality = || field("equals", null(self.with_ref(typ.clone()), nullable));
        let inclusion = || {
            let list = It::list(typ.clone());
            let types = if self.caps.scalar_lists {
                self.with_ref(list)
            } else {
                vec![list]
            };
            vec![
                field("in", null(types.clone(), nullable)),
                field("notIn", null(types, nullable)),
            ]
        };
        let alphanumeric = |types: Vec<It>| {
            ["lt", "lte", "gt", "gte"]
                .into_iter()
                .map(|name| field(name, types.clone()))
                .collect::<Vec<_>>()
        };
        let mut fields = Vec::new();
        let json = base == Base::Scalar(ScalarType::Json);
        match base {
            Base::Scalar(ScalarType::String) => {
                fields.push(equality());
                fields.extend(inclusion());
                fields.extend(alphanumeric(self.with_ref(typ.clone())));
                for name in ["contains", "startsWith", "endsWith"] {
                    fields.push(field(name, self.with_ref(typ.clone())));
                }
                if self.caps.full_text {
                    fields.push(field("search", vec![typ.clone()]));
                }
                if !nested && self.caps.insensitive {
                    fields.push(InField {
                        default: Some(FieldDefault::QueryModeDefault),
                        ..field("mode", vec![It::Enum(En::QueryMode)])
                    });
                }
            }
            Base::Scalar(
                ScalarType::Int
                | ScalarType::BigInt
                | ScalarType::Float
                | ScalarType::Decimal
                | ScalarType::DateTime,
            ) => {
                fields.push(equality());
                fields.extend(inclusion());
                fields.extend(alphanumeric(self.with_ref(typ.clone())));
            }
            Base::Scalar(ScalarType::Json) => {
                if self.caps.advanced_json {
                    let mut types = self.with_ref(typ.clone());
                    types.push(It::Enum(En::JsonNullFilter));
                    fields.push(field("equals", types));
                } else {
                    fields.push(equality());
                }
                if self.caps.json_filtering {
                    let path = if self.caps.json_path_string {
                        It::Scalar(Sc::String)
                    } else {
                        It::list(It::Scalar(Sc::String))
                    };
                    fields.push(field("path", vec![path]));
                    let string = self.with_ref(It::Scalar(Sc::String));
                    for name in ["string_contains", "string_starts_with", "string_ends_with"] {
                        fields.push(field(name, string.clone()));
                    }
                    let json_types = null(self.with_ref(It::Scalar(Sc::Json)), true);
                    for name in ["array_contains", "array_starts_with", "array_ends_with"] {
                        fields.push(field(name, json_types.clone()));
                    }
                    if self.caps.json_alphanumeric {
                        let types = if self.caps.json_alphanumeric_field_ref {
                            self.with_ref(typ.clone())
                        } else {
                            vec![typ.clone()]
                        };
                        fields.extend(alphanumeric(types));
                    }
                }
            }
            Base::Scalar(ScalarType::Boolean) => fields.push(equality()),
            Base::Scalar(ScalarType::Bytes) | Base::Enum(_) => {
                fields.push(equality());
                fields.extend(inclusion());
            }
        }
        // `not`
        if json {
            if self.caps.advanced_json {
                let mut types = self.with_ref(typ.clone());
                types.push(It::Enum(En::JsonNullFilter));
                fields.push(field("not", types));
            } else {
                fields.push(field("not", null(self.with_ref(typ.clone()), nullable)));
            }
        } else {
            let nested_filter = It::Object(Obj::Filter {
                base,
                nullable,
                nested: true,
                aggregates,
            });
            fields.push(field(
                "not",
                null(vec![typ.clone(), nested_filter], nullable),
            ));
        }
        if aggregates {
            let aggregate = |name: &str, base: Base| {
                field(
                    name,
                    vec![It::Object(Obj::Filter {
                        base,
                        nullable,
                        nested: true,
                        aggregates: false,
                    })],
                )
            };
            fields.push(aggregate("_count", Base::Scalar(ScalarType::Int)));
            if let Base::Scalar(
                scalar @ (ScalarType::Int
                | ScalarType::BigInt
                | ScalarType::Float
                | ScalarType::Decimal),
            ) = base
            {
                let avg = match scalar {
                    ScalarType::Decimal => ScalarType::Decimal,
                    _ => ScalarType::Float,
                };
                fields.push(aggregate("_avg", Base::Scalar(avg)));
                fields.push(aggregate("_sum", base));
            }
            fields.push(aggregate("_min", base));
            fields.push(aggregate("_max", base));
        }
        fields
    }

    /// FK fields of the relation field `without` points back through, when that side holds them.
    fn parent_links(&self, without: Option<FieldId>) -> Vec<FieldId> {
        match without {
            Some(child) if self.is_inlined(child) => self.linking_fields(child),
            _ => Vec::new(),
        }
    }

    pub fn create_types(&self, model: ModelId, without: Option<FieldId>) -> Vec<It> {
        vec![
            It::Object(Obj::Create {
                model,
                unchecked: false,
                without,
            }),
            It::Object(Obj::Create {
                model,
                unchecked: true,
                without,
            }),
        ]
    }

    pub fn update_types(&self, model: ModelId, without: Option<FieldId>) -> Vec<It> {
        vec![
            It::Object(Obj::Update {
                model,
                unchecked: false,
                without,
            }),
            It::Object(Obj::Update {
                model,
                unchecked: true,
                without,
            }),
        ]
    }

    pub fn update_many_types(&self, model: ModelId, without: Option<FieldId>) -> Vec<It> {
        vec![
            It::Object(Obj::UpdateManyMutation(model)),
            It::Object(Obj::UpdateManyUnchecked { model, without }),
        ]
    }

    fn create_fields(
        &self,
        model: ModelId,
        unchecked: bool,
        without: Option<FieldId>,
    ) -> Vec<InField> {
        let linking = self.parent_links(without);
        let mut out = Vec::new();
        for f in self.fields(model) {
            if self.is_relation(f) {
                if Some(f) == without || (unchecked && self.is_inlined(f)) {
                    continue;
                }
                let all_defaults = self
                    .linking_fields(f)
                    .iter()
                    .all(|link| self.has_default(*link));
                let typ = It::Object(Obj::NestedCreate {
                    field: f,
                    unchecked,
                });
                out.push(InField {
                    required: self.is_required(f) && !all_defaults,
                    ..field(self.name(f), vec![typ])
                });
            } else {
                let keep = if unchecked {
                    !linking.contains(&f)
                } else {
                    !self.is_auto_generated_int_id(f) && !self.dm.is_foreign_key(f)
                };
                if keep {
                    out.push(self.create_scalar(f));
                }
            }
        }
        out
    }

    fn create_scalar(&self, f: FieldId) -> InField {
        let Some(typ) = self.field_type(f) else {
            return field(self.name(f), Vec::new());
        };
        let default = self.has_default(f).then_some(FieldDefault::Model(f));
        let model_field = self.dm.field(f);
        if self.is_list(f) {
            return InField {
                default,
                ..field(self.name(f), vec![It::Object(Obj::CreateList(f)), typ])
            };
        }
        let optional =
            !self.is_required(f) || model_field.default.is_some() || model_field.is_updated_at;
        let types = if self.is_json(f) && self.caps.advanced_json {
            let en = if self.is_required(f) {
                En::JsonNullInput
            } else {
                En::NullableJsonNullInput
            };
            vec![It::Enum(en), typ]
        } else if !self.is_required(f) {
            vec![typ, It::Scalar(Sc::Null)]
        } else {
            vec![typ]
        };
        InField {
            name: self.name(f).to_owned(),
            types,
            required: !optional,
            default,
        }
    }

    fn update_field_ids(
        &self,
        model: ModelId,
        unchecked: bool,
        without: Option<FieldId>,
    ) -> Vec<FieldId> {
        let linking = self.parent_links(without);
        self.fields(model)
            .into_iter()
            .filter(|f| {
                if self.is_relation(*f) {
                    Some(*f) != without && !(unchecked && self.is_inlined(*f))
                } else if unchecked {
                    !linking.contains(f)
                } else {
                    let autoinc_unique = self.base(*f) == Some(Base::Scalar(ScalarType::Int))
                        && self.is_unique(*f)
                        && self.is_autoincrement(*f);
                    !self.dm.is_foreign_key(*f)
                        && !self.is_auto_generated_int_id(*f)
                        && !autoinc_unique
                }
            })
            .collect()
    }

    fn update_field(&self, f: FieldId, unchecked: bool) -> InField {
        if self.is_relation(f) {
            return field(
                self.name(f),
                vec![It::Object(Obj::NestedUpdate {
                    field: f,
                    unchecked,
                })],
            );
        }
        let (Some(base), Some(typ)) = (self.base(f), self.field_type(f)) else {
            return field(self.name(f), Vec::new());
        };
        if self.is_list(f) {
            return field(self.name(f), vec![It::Object(Obj::UpdateList(f)), typ]);
        }
        let nullable = !self.is_required(f);
        if self.is_json(f) {
            if self.caps.advanced_json {
                let en = if nullable {
                    En::NullableJsonNullInput
                } else {
                    En::JsonNullInput
                };
                return field(self.name(f), vec![It::Enum(en), typ]);
            }
            let mut types = vec![typ.clone(), typ];
            if nullable {
                types.push(It::Scalar(Sc::Null));
            }
            return field(self.name(f), types);
        }
        let mut types = vec![typ, It::Object(Obj::UpdateOps { base, nullable })];
        if nullable {
            types.push(It::Scalar(Sc::Null));
        }
        field(self.name(f), types)
    }

    fn nested_create_fields(&self, f: FieldId) -> Vec<InField> {
        let (Some(target), Some(opp)) = (self.related_model(f), self.opposite(f)) else {
            return Vec::new();
        };
        let list = self.is_list(f);
        let mut out = vec![self.nested_create_field(f, target, opp)];
        out.push(field(
            "connectOrCreate",
            self.list_union(It::Object(Obj::CreateOrConnect(f)), list),
        ));
        if let Some(create_many) = self.nested_create_many(f, target, opp) {
            out.push(create_many);
        }
        out.push(field(
            "connect",
            self.list_union(It::Object(Obj::WhereUnique(target)), list),
        ));
        out
    }

    fn nested_create_field(&self, f: FieldId, target: ModelId, opp: FieldId) -> InField {
        let list = self.is_list(f);
        let types = self
            .create_types(target, Some(opp))
            .into_iter()
            .flat_map(|typ| self.list_union(typ, list))
            .collect();
        field("create", types)
    }

    fn nested_create_many(&self, f: FieldId, target: ModelId, opp: FieldId) -> Option<InField> {
        (self.caps.create_many
            && self.is_list(f)
            && !self.is_inlined(f)
            && !self.is_many_to_many(f))
        .then(|| {
            field(
                "createMany",
                vec![It::Object(Obj::CreateManyEnvelope {
                    model: target,
                    without: opp,
                })],
            )
        })
    }

    fn nested_update_fields(&self, f: FieldId) -> Vec<InField> {
        let (Some(target), Some(opp)) = (self.related_model(f), self.opposite(f)) else {
            return Vec::new();
        };
        let list = self.is_list(f);
        let unique = It::Object(Obj::WhereUnique(target));
        let mut out = vec![self.nested_create_field(f, target, opp)];
        out.push(field(
            "connectOrCreate",
            self.list_union(It::Object(Obj::CreateOrConnect(f)), list),
        ));
        let upsert = if list {
            Obj::UpsertMany(f)
        } else {
            Obj::UpsertOne(f)
        };
        out.push(field("upsert", self.list_union(It::Object(upsert), list)));
        if let Some(create_many) = self.nested_create_many(f, target, opp) {
            out.push(create_many);
        }
        if list {
            out.push(field("set", self.list_union(unique.clone(), true)));
        }
        let to_one_optional = vec![It::Scalar(Sc::Boolean), It::Object(Obj::Where(target))];
        for name in ["disconnect", "delete"] {
            if list {
                out.push(field(name, self.list_union(unique.clone(), true)));
            } else if !self.is_required(f) {
                out.push(field(name, to_one_optional.clone()));
            }
        }
        out.push(field("connect", self.list_union(unique, list)));
        if list {
            out.push(field(
                "update",
                self.list_union(It::Object(Obj::UpdateWhereUnique(f)), true),
            ));
            out.push(field(
                "updateMany",
                self.list_union(It::Object(Obj::UpdateManyWhere(f)), true),
            ));
            out.push(field(
                "deleteMany",
                self.list_union(It::Object(Obj::ScalarWhere(target, false)), true),
            ));
        } else {
            let mut types = vec![It::Object(Obj::UpdateToOneWhere(f))];
            types.extend(self.update_types(target, Some(opp)));
            out.push(field("update", types));
        }
        out
    }

    // ---- descriptions ------------------------------------------------------------------------------

    pub fn describe_type(&self, typ: &It) -> InputTypeDescription {
        match typ {
            It::Scalar(scalar) => InputTypeDescription::Scalar {
                name: scalar.name().to_owned(),
            },
            It::Enum(en) => InputTypeDescription::Enum {
                name: self.enum_name(*en),
            },
            It::List(inner) => InputTypeDescription::List {
                element_type: Box::new(self.describe_type(inner)),
            },
            It::Object(obj) => self.describe_object(&self.object(obj)),
        }
    }

    pub fn describe_object(&self, def: &ObjDef) -> InputTypeDescription {
        InputTypeDescription::Object {
            name: def.name.clone(),
            fields: def
                .fields
                .iter()
                .map(|f| InputFieldDescription {
                    name: f.name.clone(),
                    type_names: f.types.iter().map(|t| self.type_name(t)).collect(),
                    required: f.required,
                })
                .collect(),
        }
    }

    pub fn describe_output(&self, out: &OutType) -> OutputTypeDescription {
        OutputTypeDescription {
            name: self.output_name(out),
            fields: self
                .output_fields(out)
                .into_iter()
                .map(|f| OutputFieldDescription {
                    name: f.name,
                    type_name: f.type_name,
                    is_relation: f.is_relation,
                })
                .collect(),
        }
    }

    // ---- output types ------------------------------------------------------------------------------

    pub fn output_name(&self, out: &OutType) -> String {
        match out {
            OutType::Model(model) => self.model_name(*model).to_owned(),
            OutType::Count(model) => {
                format!("{}CountOutputType", capitalize(self.model_name(*model)))
            }
            OutType::Aggregate(model) => {
                format!("Aggregate{}", capitalize(self.model_name(*model)))
            }
            OutType::AggregateGroup(model, kind) => format!(
                "{}{}AggregateOutputType",
                capitalize(self.model_name(*model)),
                aggregate_suffix(*kind)
            ),
            OutType::GroupBy(model) => {
                format!("{}GroupByOutputType", capitalize(self.model_name(*model)))
            }
            OutType::AffectedRows => "AffectedRowsOutput".into(),
        }
    }

    fn output_scalar_name(&self, f: FieldId) -> String {
        let name = match self.base(f) {
            Some(Base::Scalar(scalar)) => scalar.as_str().to_owned(),
            Some(Base::Enum(id)) => self.dm.enum_(id).name.clone(),
            None => String::new(),
        };
        if self.is_list(f) {
            format!("{name}[]")
        } else {
            name
        }
    }

    pub fn to_many_relations(&self, model: ModelId) -> Vec<FieldId> {
        self.fields(model)
            .into_iter()
            .filter(|f| self.is_relation(*f) && self.is_list(*f))
            .collect()
    }

    /// The fields of an output type, with what each means and the arguments it takes.
    /// The fields of an output type, built once per cache: every selection is resolved against them.
    pub fn output_fields_shared(&self, out: &OutType) -> Arc<Vec<OutField>> {
        match self.cache {
            Some(cache) => shared(&cache.outputs, out, || self.output_fields(out)),
            None => Arc::new(self.output_fields(out)),
        }
    }

    pub fn output_fields(&self, out: &OutType) -> Vec<OutField> {
        let scalar = |f: FieldId, meaning: OutMeaning, type_name: String| OutField {
            name: self.name(f).to_owned(),
            type_name,
            is_relation: false,
            meaning,
            target: None,
            arguments: Vec::new(),
        };
        match out {
            OutType::Model(model) => {
                let mut fields = Vec::new();
                for f in self.fields(*model) {
                    if self.is_relation(f) {
                        let Some(target) = self.related_model(f) else {
                            continue;
                        };
                        let list = self.is_list(f);
                        let target_name = self.model_name(target);
                        let arguments = if list {
                            self.many_arguments(target, true)
                        } else if !self.is_required(f) {
                            vec![field("where", vec![It::Object(Obj::Where(target))])]
                        } else {
                            Vec::new()
                        };
                        fields.push(OutField {
                            name: self.name(f).to_owned(),
                            type_name: if list {
                                format!("{target_name}[]")
                            } else {
                                target_name.to_owned()
                            },
                            is_relation: true,
                            meaning: OutMeaning::Relation(f),
                            target: Some(OutType::Model(target)),
                            arguments,
                        });
                    } else {
                        fields.push(scalar(f, OutMeaning::Scalar(f), self.output_scalar_name(f)));
                    }
                }
                if !self.to_many_relations(*model).is_empty() {
                    fields.push(OutField {
                        name: "_count".into(),
                        type_name: self.output_name(&OutType::Count(*model)),
                        is_relation: false,
                        meaning: OutMeaning::Count,
                        target: Some(OutType::Count(*model)),
                        arguments: Vec::new(),
                    });
                }
                fields
            }
            OutType::Count(model) => self
                .to_many_relations(*model)
                .into_iter()
                .map(|f| {
                    let target = self.related_model(f);
                    OutField {
                        arguments: target
                            .map(|t| vec![field("where", vec![It::Object(Obj::Where(t))])])
                            .unwrap_or_default(),
                        ..scalar(f, OutMeaning::RelationCount(f), "Int".into())
                    }
                })
                .collect(),
            OutType::Aggregate(model) => self.aggregate_out_fields(*model),
            OutType::GroupBy(model) => {
                let mut fields: Vec<OutField> = self
                    .scalar_fields(*model)
                    .into_iter()
                    .map(|f| scalar(f, OutMeaning::Scalar(f), self.output_scalar_name(f)))
                    .collect();
                fields.extend(self.aggregate_out_fields(*model));
                fields
            }
            OutType::AggregateGroup(model, kind) => {
                let mut fields: Vec<OutField> = self
                    .aggregate_fields(*model, *kind)
                    .into_iter()
                    .map(|f| {
                        let type_name = match kind {
                            AggregateKind::Count => "Int".to_owned(),
                            AggregateKind::Avg => {
                                if self.base(f) == Some(Base::Scalar(ScalarType::Decimal)) {
                                    "Decimal".to_owned()
                                } else {
                                    "Float".to_owned()
                                }
                            }
                            _ => self.output_scalar_name(f),
                        };
                        scalar(f, OutMeaning::AggregateField(f), type_name)
                    })
                    .collect();
                if *kind == AggregateKind::Count {
                    fields.push(OutField {
                        name: "_all".into(),
                        type_name: "Int".into(),
                        is_relation: false,
                        meaning: OutMeaning::AggregateAll,
                        target: None,
                        arguments: Vec::new(),
                    });
                }
                fields
            }
            OutType::AffectedRows => vec![OutField {
                name: "count".into(),
                type_name: "Int".into(),
                is_relation: false,
                meaning: OutMeaning::AffectedCount,
                target: None,
                arguments: Vec::new(),
            }],
        }
    }

    fn aggregate_out_fields(&self, model: ModelId) -> Vec<OutField> {
        [
            AggregateKind::Count,
            AggregateKind::Avg,
            AggregateKind::Sum,
            AggregateKind::Min,
            AggregateKind::Max,
        ]
        .into_iter()
        .filter(|kind| !self.aggregate_fields(model, *kind).is_empty())
        .map(|kind| {
            let target = OutType::AggregateGroup(model, kind);
            OutField {
                name: kind.key().to_owned(),
                type_name: self.output_name(&target),
                is_relation: false,
                meaning: OutMeaning::Aggregate(kind),
                target: Some(target),
                arguments: Vec::new(),
            }
        })
        .collect()
    }

    /// `where orderBy cursor take skip [distinct]` of reads of many records.
    pub fn many_arguments(&self, model: ModelId, distinct: bool) -> Vec<InField> {
        let order = It::Object(Obj::OrderBy(model, false));
        let mut args = vec![
            field("where", vec![It::Object(Obj::Where(model))]),
            field("orderBy", vec![It::list(order.clone()), order]),
            field("cursor", vec![It::Object(Obj::WhereUnique(model))]),
            field("take", vec![It::Scalar(Sc::Int)]),
            field("skip", vec![It::Scalar(Sc::Int)]),
        ];
        if distinct {
            let en = It::Enum(En::ScalarField(model));
            args.push(field("distinct", vec![en.clone(), It::list(en)]));
        }
        args
    }

    pub fn relation_load_strategy(&self) -> Option<InField> {
        self.caps.relation_joins.then(|| {
            field(
                "relationLoadStrategy",
                vec![It::Enum(En::RelationLoadStrategy)],
            )
        })
    }

    pub fn group_by_arguments(&self, model: ModelId) -> Vec<InField> {
        let order = It::Object(Obj::OrderBy(model, true));
        let en = It::Enum(En::ScalarField(model));
        vec![
            field("where", vec![It::Object(Obj::Where(model))]),
            field("orderBy", vec![It::list(order.clone()), order]),
            required("by", vec![It::list(en.clone()), en]),
            field("having", vec![It::Object(Obj::ScalarWhere(model, true))]),
            field("take", vec![It::Scalar(Sc::Int)]),
            field("skip", vec![It::Scalar(Sc::Int)]),
        ]
    }

    /// Whether `createOne{M}` needs `data`: some required field has no default.
    pub fn create_needs_data(&self, model: ModelId) -> bool {
        self.fields(model)
            .into_iter()
            .any(|f| self.is_required(f) && (self.is_relation(f) || !self.has_default(f)))
    }

    pub fn unique_argument(&self, model: ModelId) -> InField {
        required("where", vec![It::Object(Obj::WhereUnique(model))])
    }

    pub fn where_argument(&self, model: ModelId) -> InField {
        field("where", vec![It::Object(Obj::Where(model))])
    }

    pub fn arg(&self, name: &str, types: Vec<It>, is_required: bool) -> InField {
        InField {
            required: is_required,
            ..field(name, types)
        }
    }
}

fn aggregate_suffix(kind: AggregateKind) -> &'static str {
    match kind {
        AggregateKind::Count => "Count",
        AggregateKind::Avg => "Avg",
        AggregateKind::Sum => "Sum",
        AggregateKind::Min => "Min",
        AggregateKind::Max => "Max",
    }
}

/// Output object types.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum OutType {
    Model(ModelId),
    Count(ModelId),
    Aggregate(ModelId),
    AggregateGroup(ModelId, AggregateKind),
    GroupBy(ModelId),
    AffectedRows,
}

/// What an output field stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutMeaning {
    Scalar(FieldId),
    Relation(FieldId),
    Count,
    RelationCount(FieldId),
    Aggregate(AggregateKind),
    AggregateField(FieldId),
    AggregateAll,
    AffectedCount,
}

/// A field of an output type.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutField {
    pub name: String,
    pub type_name: String,
    pub is_relation: bool,
    pub meaning: OutMeaning,
    pub target: Option<OutType>,
    pub arguments: Vec<InField>,
}
