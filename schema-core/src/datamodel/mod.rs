//! The validated schema: an arena of models, enums, composite types and relations, addressed by typed ids.
//!
//! Validation builds this once; the query engine, migrations and DMMF export then read it through ids and the
//! accessors in [`walkers`], never by looking names up again. Everything is resolved: field types point at
//! enums and models by id, relations know both sides, and defaults Prisma fills in (relation names,
//! referential actions) are already applied.

pub mod walkers;

use crate::config::{Datasource, Generator, ReferentialAction};
use crate::span::Span;

/// Index of a model (or view) in [`Datamodel::models`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModelId(pub u32);

/// A model's field: the model and the field's position in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldId {
    pub model: ModelId,
    pub index: u32,
}

/// Index of an enum in [`Datamodel::enums`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnumId(pub u32);

/// Index of a composite type in [`Datamodel::composite_types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CompositeTypeId(pub u32);

/// A composite type's field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CompositeFieldId {
    pub composite_type: CompositeTypeId,
    pub index: u32,
}

/// Index of a relation in [`Datamodel::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId(pub u32);

/// The whole validated schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Datamodel {
    /// Models and views, in schema order.
    pub models: Vec<Model>,
    pub enums: Vec<Enum>,
    pub composite_types: Vec<CompositeType>,
    pub relations: Vec<Relation>,
    /// The first datasource block (Prisma allows only one).
    pub datasource: Option<Datasource>,
    pub generators: Vec<Generator>,
}

/// `model` or `view`: both are queried the same way, but views are read-only in migrations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Model,
    View,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub name: String,
    pub kind: ModelKind,
    /// `@@map("...")`.
    pub db_name: Option<String>,
    pub fields: Vec<Field>,
    pub primary_key: Option<PrimaryKey>,
    /// Uniques (field-level and `@@unique`), `@@index` and `@@fulltext`, in Prisma's order: field-level
    /// uniques in field order, then `@@index`, `@@unique`, `@@fulltext` each in schema order.
    pub indexes: Vec<Index>,
    /// `@@schema("...")`.
    pub schema: Option<String>,
    /// `@@ignore`.
    pub is_ignored: bool,
    pub documentation: Option<String>,
    pub span: Span,
}

/// How many values a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Required,
    Optional,
    List,
}

/// Prisma's built-in scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScalarType {
    Int,
    BigInt,
    Float,
    Decimal,
    String,
    Boolean,
    DateTime,
    Json,
    Bytes,
}

impl ScalarType {
    pub fn parse(name: &str) -> Option<ScalarType> {
        Some(match name {
            "Int" => ScalarType::Int,
            "BigInt" => ScalarType::BigInt,
            "Float" => ScalarType::Float,
            "Decimal" => ScalarType::Decimal,
            "String" => ScalarType::String,
            "Boolean" => ScalarType::Boolean,
            "DateTime" => ScalarType::DateTime,
            "Json" => ScalarType::Json,
            "Bytes" => ScalarType::Bytes,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ScalarType::Int => "Int",
            ScalarType::BigInt => "BigInt",
            ScalarType::Float => "Float",
            ScalarType::Decimal => "Decimal",
            ScalarType::String => "String",
            ScalarType::Boolean => "Boolean",
            ScalarType::DateTime => "DateTime",
            ScalarType::Json => "Json",
            ScalarType::Bytes => "Bytes",
        }
    }
}

/// What a field's type resolved to.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    Scalar(ScalarType),
    Enum(EnumId),
    /// A relation to another model; the details live in the field's [`RelationField`].
    Relation(Box<RelationField>),
    Composite(CompositeTypeId),
    /// `Unsupported("...")`: a column Prisma cannot read, kept so migrations preserve it.
    Unsupported(String),
}

/// The `@relation` side of a relation field.
#[derive(Debug, Clone, PartialEq)]
pub struct RelationField {
    pub target: ModelId,
    /// The resolved relation, once both sides are paired (`None` only while validating).
    pub relation: Option<RelationId>,
    /// The name given in `@relation("...")` or `name:`.
    pub explicit_name: Option<String>,
    /// `fields: [...]` on this side.
    pub fields: Vec<FieldId>,
    /// `references: [...]` on this side (fields of the target model).
    pub references: Vec<FieldId>,
    /// `onDelete:` as written.
    pub on_delete: Option<ReferentialAction>,
    /// `onUpdate:` as written.
    pub on_update: Option<ReferentialAction>,
    /// `map:` (foreign key constraint name).
    pub map: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    /// `@map("...")`.
    pub db_name: Option<String>,
    pub field_type: FieldType,
    pub arity: Arity,
    pub default: Option<DefaultValue>,
    /// `@updatedAt`.
    pub is_updated_at: bool,
    /// `@ignore`.
    pub is_ignored: bool,
    /// `@db.Name(args)`.
    pub native_type: Option<NativeType>,
    pub documentation: Option<String>,
    pub span: Span,
}

/// A `@db.X(args)` attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NativeType {
    pub name: String,
    /// Arguments as written (numbers and `max` as text; strings keep their quotes).
    pub args: Vec<String>,
    /// The `@db.X(...)` attribute.
    pub span: Span,
}

/// A `@default(...)` value.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValue {
    pub kind: DefaultKind,
    /// `map:` (SQL Server default constraint name).
    pub map: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DefaultKind {
    Literal(LiteralValue),
    Function(DefaultFunction),
}

/// A literal default, already checked against the field's type.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    String(String),
    Int(i64),
    BigInt(i64),
    /// Float or Decimal, with the text as written (Decimal needs it exactly).
    Float(f64, String),
    Boolean(bool),
    /// RFC 3339 text.
    DateTime(String),
    /// JSON text.
    Json(String),
    /// Base64 text.
    Bytes(String),
    /// An enum value's name.
    Enum(String),
    List(Vec<LiteralValue>),
}

/// A generated default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultFunction {
    Autoincrement,
    Sequence,
    Now,
    /// `uuid()` is version 4.
    Uuid(u8),
    /// `cuid()` is version 1.
    Cuid(u8),
    Nanoid(Option<u8>),
    DbGenerated(Option<String>),
    Auto,
}

/// Sort order of an index or key field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortOrder {
    Asc,
    Desc,
}

/// A field in a key or index, with its per-field options.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexField {
    pub field: FieldId,
    /// Into composite types: `address.street` is `field = address` and `path = [street]`.
    pub path: Vec<CompositeFieldId>,
    pub sort: Option<SortOrder>,
    pub length: Option<u32>,
    /// `ops:` operator class (PostgreSQL), as written (`raw("x")` gives `x`).
    pub operator_class: Option<String>,
}

/// `@id` or `@@id`.
#[derive(Debug, Clone, PartialEq)]
pub struct PrimaryKey {
    pub fields: Vec<IndexField>,
    /// `name:` (the client-side name of a compound id).
    pub name: Option<String>,
    /// `map:` (the constraint name).
    pub map: Option<String>,
    pub clustered: Option<bool>,
    /// Written as `@id` on a field rather than `@@id`.
    pub defined_on_field: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKind {
    Unique,
    Normal,
    Fulltext,
}

/// `@unique`, `@@unique`, `@@index` or `@@fulltext`.
#[derive(Debug, Clone, PartialEq)]
pub struct Index {
    pub kind: IndexKind,
    pub fields: Vec<IndexField>,
    pub name: Option<String>,
    pub map: Option<String>,
    /// `type:` (PostgreSQL index algorithm: BTree, Hash, Gist, Gin, SpGist, Brin).
    pub algorithm: Option<String>,
    pub clustered: Option<bool>,
    pub defined_on_field: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: String,
    pub db_name: Option<String>,
    pub values: Vec<EnumValue>,
    pub schema: Option<String>,
    pub documentation: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: String,
    pub db_name: Option<String>,
    pub documentation: Option<String>,
}

/// A MongoDB embedded document type.
#[derive(Debug, Clone, PartialEq)]
pub struct CompositeType {
    pub name: String,
    pub fields: Vec<Field>,
    pub documentation: Option<String>,
    pub span: Span,
}

/// The shape of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationKind {
    OneToOne,
    OneToMany,
    /// Both sides are lists and Prisma manages the join table.
    ImplicitManyToMany,
    /// Both sides are lists and each stores the other side's ids in a scalar list (MongoDB).
    TwoWayEmbeddedManyToMany,
}

/// A relation between two models, resolved on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    /// The explicit name, or Prisma's default `AToB` (model names sorted).
    pub name: String,
    pub kind: RelationKind,
    /// The side whose model name sorts first (for self relations, the first field in schema order).
    pub field_a: FieldId,
    pub field_b: FieldId,
    /// The side holding `fields`/`references` (none for implicit many-to-many).
    pub referencing_field: Option<FieldId>,
    /// Effective actions: as written, or Prisma's defaults for the arity and relation mode.
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

impl Relation {
    pub fn is_self_relation(&self) -> bool {
        self.field_a.model == self.field_b.model
    }
}

/// Prisma's name for an unnamed relation: both model names, sorted, joined by `To` (`PostToUser`).
pub fn default_relation_name(a: &str, b: &str) -> String {
    if a <= b {
        format!("{a}To{b}")
    } else {
        format!("{b}To{a}")
    }
}
