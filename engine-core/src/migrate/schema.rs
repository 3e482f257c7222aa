//! The database schema a [`Datamodel`] asks for, as plain data: what `prisma db push` would create on an
//! empty database.
//!
//! Everything a database needs to be told is decided here, once: table and column names (`@@map`/`@map`),
//! column types in the flavour's spelling, nullability, default expressions, primary keys, indexes and
//! foreign keys with Prisma's constraint names, enums and the join tables of implicit many-to-many
//! relations. Rendering ([`super::render`]) only spells it out, and a later live-schema diff can compare
//! two values of [`SqlSchema`] without knowing anything about Prisma schemas.

use std::str::FromStr;

use base64::Engine as _;
use bigdecimal::BigDecimal;
use schema_core::config::{ReferentialAction, RelationMode};
use schema_core::datamodel::{
    Arity, Datamodel, DefaultFunction, DefaultKind, Field, FieldId, FieldType, IndexKind,
    LiteralValue, ModelId, ModelKind, NativeType, RelationKind, ScalarType, SortOrder,
};

use super::Flavour;

/// A whole database schema, in creation order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlSchema {
    /// PostgreSQL extensions of the datasource's `extensions = [...]`, created first because types and
    /// functions of the tables may come from them.
    pub extensions: Vec<SqlExtension>,
    /// Database enum types (PostgreSQL `CREATE TYPE ... AS ENUM`); empty where enums are not types.
    pub enums: Vec<SqlEnum>,
    /// Model tables in schema order, then the join tables of implicit many-to-many relations.
    pub tables: Vec<Table>,
}

/// A PostgreSQL extension (`CREATE EXTENSION IF NOT EXISTS`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlExtension {
    /// `map:` or the name in the schema.
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
}

/// A database enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlEnum {
    /// `@@map` or the enum's name.
    pub name: String,
    /// The database schema (`@@schema`), when the datasource uses several.
    pub namespace: Option<String>,
    /// Database values (`@map` or the value's name), in schema order.
    pub values: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub name: String,
    /// The database schema (`@@schema`), when the datasource uses several.
    pub namespace: Option<String>,
    pub columns: Vec<Column>,
    pub primary_key: Option<PrimaryKey>,
    /// Unique and normal indexes, in Prisma's order (field-level uniques, then `@@index`, then `@@unique`).
    pub indexes: Vec<Index>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// A column's type: a type the database knows by name, or a user enum type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ColumnType {
    /// The type as the flavour spells it, arguments included (`TEXT`, `VARCHAR(5)`, `TIMESTAMP(3)`).
    Native(String),
    /// A database enum type, by its database name (rendered as a quoted identifier).
    Enum {
        name: String,
        namespace: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub column_type: ColumnType,
    /// A scalar list (PostgreSQL array).
    pub list: bool,
    /// Optional fields and lists are nullable; Prisma never declares lists `NOT NULL`.
    pub nullable: bool,
    /// The default expression in the flavour's SQL (`'text'`, `42`, `CURRENT_TIMESTAMP`, ...). Defaults the
    /// engine computes itself (`uuid()`, `cuid()`, `nanoid()`) have none.
    pub default: Option<String>,
    /// The database assigns values: `SERIAL`/`BIGSERIAL` on PostgreSQL, the rowid alias on SQLite (where
    /// Prisma declares every single-column `Int` primary key `AUTOINCREMENT`).
    pub autoincrement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrimaryKey {
    /// The constraint name (`<Table>_pkey` or `map:`); `None` where primary keys are unnamed (SQLite).
    pub name: Option<String>,
    pub columns: Vec<String>,
}

/// The [`Index::algorithm`] of a MySQL `FULLTEXT` index (`@@fulltext`).
pub const FULLTEXT: &str = "Fulltext";

/// Whether the index is a MySQL `FULLTEXT` index, which serves text search only (no foreign key).
pub(crate) fn is_fulltext(index: &Index) -> bool {
    index
        .algorithm
        .as_deref()
        .is_some_and(|a| a.eq_ignore_ascii_case(FULLTEXT))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Index {
    pub name: String,
    pub unique: bool,
    pub columns: Vec<IndexColumn>,
    /// `type:` of `@@index` on PostgreSQL (`Hash`, `Gin`, ...), [`FULLTEXT`] for `@@fulltext` on MySQL;
    /// `None` is the default B-tree.
    pub algorithm: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexColumn {
    pub name: String,
    pub sort: Option<SortOrder>,
    /// `ops:` operator class (PostgreSQL).
    pub operator_class: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForeignKey {
    pub name: String,
    pub columns: Vec<String>,
    pub referenced_table: String,
    pub referenced_namespace: Option<String>,
    pub referenced_columns: Vec<String>,
    pub on_delete: ReferentialAction,
    pub on_update: ReferentialAction,
}

/// The schema for the datamodel's own provider. Schemas without a datasource, or for a provider that has
/// no SQL flavour yet, are computed as PostgreSQL, the richest flavour, so callers always get a value.
pub fn sql_schema(datamodel: &Datamodel) -> SqlSchema {
    let flavour = datamodel
        .datasource
        .as_ref()
        .and_then(|d| Flavour::for_provider(d.provider))
        .unwrap_or(Flavour::Postgres);
    sql_schema_for(datamodel, flavour)
}

/// The schema for `flavour`, whatever provider the datamodel names (a push onto a driver decides the
/// flavour by the database it is connected to).
pub fn sql_schema_for(datamodel: &Datamodel, flavour: Flavour) -> SqlSchema {
    Calculator {
        dm: datamodel,
        flavour,
    }
    .schema()
}

struct Calculator<'a> {
    dm: &'a Datamodel,
    flavour: Flavour,
}

impl Calculator<'_> {
    fn relation_mode(&self) -> RelationMode {
        self.dm
            .datasource
            .as_ref()
            .map_or(RelationMode::ForeignKeys, |d| d.relation_mode)
    }

    fn multi_schema(&self) -> bool {
        self.flavour == Flavour::Postgres
            && self
                .dm
                .datasource
                .as_ref()
                .is_some_and(|d| !d.schemas.is_empty())
    }

    fn model_namespace(&self, model: ModelId) -> Option<String> {
        if self.multi_schema() {
            self.dm.model(model).schema.clone()
        } else {
            None
        }
    }

    fn tables_of_models(&self) -> impl Iterator<Item = (ModelId, &schema_core::datamodel::Model)> {
        self.dm
            .model_ids()
            .filter(|(_, m)| m.kind == ModelKind::Model)
    }

    fn schema(&self) -> SqlSchema {
        let enums = if self.flavour.has_enum_types() {
            self.dm
                .enums
                .iter()
                .map(|e| SqlEnum {
                    name: e.db_name.clone().unwrap_or_else(|| e.name.clone()),
                    namespace: if self.multi_schema() {
                        e.schema.clone()
                    } else {
                        None
                    },
                    values: e
                        .values
                        .iter()
                        .map(|v| v.db_name.clone().unwrap_or_else(|| v.name.clone()))
                        .collect(),
                })
                .collect()
        } else {
            Vec::new()
        };

        let mut tables: Vec<Table> = self
            .tables_of_models()
            .map(|(id, _)| self.model_table(id))
            .collect();
        tables.extend(self.join_tables());
        let extensions = match (&self.dm.datasource, self.flavour) {
            (Some(ds), Flavour::Postgres) => ds
                .extensions
                .iter()
                .map(|e| SqlExtension {
                    name: e.map.clone().unwrap_or_else(|| e.name.clone()),
                    schema: e.schema.clone(),
                    version: e.version.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        SqlSchema {
            extensions,
            enums,
            tables,
        }
    }

    fn model_table(&self, model_id: ModelId) -> Table {
        let dm = self.dm;
        let model = dm.model(model_id);
        let table_name = dm.model_db_name(model_id).to_owned();

        let pk_fields: Vec<FieldId> = model
            .primary_key
            .as_ref()
            .map(|pk| pk.fields.iter().map(|f| f.field).collect())
            .unwrap_or_default();

        let columns = dm
            .field_ids(model_id)
            .filter(|(_, f)| !f.is_relation() && !matches!(f.field_type, FieldType::Composite(_)))
            .map(|(id, f)| self.column(id, f, &pk_fields))
            .collect();

        let primary_key = model.primary_key.as_ref().map(|pk| PrimaryKey {
            name: self.flavour.named_primary_keys().then(|| {
                pk.map
                    .clone()
                    .unwrap_or_else(|| primary_key_name(&table_name, self.flavour))
            }),
            columns: pk
                .fields
                .iter()
                .map(|f| dm.field_db_name(f.field).to_owned())
                .collect(),
        });

        let indexes = model
            .indexes
            .iter()
            // Full-text indexes exist on MySQL only (the validator refuses them elsewhere).
            .filter(|i| i.kind != IndexKind::Fulltext || self.flavour == Flavour::Mysql)
            .map(|index| {
                let columns: Vec<String> = index
                    .fields
                    .iter()
                    .map(|f| dm.field_db_name(f.field).to_owned())
                    .collect();
                let unique = index.kind == IndexKind::Unique;
                let name = index.map.clone().unwrap_or_else(|| {
                    let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                    let suffix = if unique { "_key" } else { "_idx" };
                    index_name(&table_name, &refs, suffix, self.flavour)
                });
                Index {
                    name,
                    unique,
                    columns: index
                        .fields
                        .iter()
                        .map(|f| IndexColumn {
                            name: dm.field_db_name(f.field).to_owned(),
                            sort: f.sort,
                            operator_class: f.operator_class.as_deref().map(operator_class),
                        })
                        .collect(),
                    algorithm: if index.kind == IndexKind::Fulltext {
                        Some(FULLTEXT.to_owned())
                    } else {
                        index
                            .algorithm
                            .clone()
                            .filter(|a| self.flavour == Flavour::Postgres && a != "BTree")
                    },
                }
            })
            .collect();

        Table {
            name: table_name,
            namespace: self.model_namespace(model_id),
            columns,
            primary_key,
            indexes,
            foreign_keys: self.foreign_keys(model_id),
        }
    }

    /// Foreign keys of the relations whose `fields: [...]` side is on this model, in field order.
    fn foreign_keys(&self, model_id: ModelId) -> Vec<ForeignKey> {
        let dm = self.dm;
        if self.relation_mode() == RelationMode::Prisma {
            return Vec::new();
        }
        let table_name = dm.model_db_name(model_id);
        let mut out = Vec::new();
        for (field_id, field) in dm.field_ids(model_id) {
            let FieldType::Relation(rf) = &field.field_type else {
                continue;
            };
            let Some(relation) = rf.relation.map(|r| dm.relation(r)) else {
                continue;
            };
            if relation.referencing_field != Some(field_id)
                || rf.fields.is_empty()
                || rf.fields.len() != rf.references.len()
                || dm.models.get(rf.target.0 as usize).is_none()
                || dm.model(rf.target).kind != ModelKind::Model
            {
                continue;
            }
            let columns: Vec<String> = rf
                .fields
                .iter()
                .map(|f| dm.field_db_name(*f).to_owned())
                .collect();
            let name = rf.map.clone().unwrap_or_else(|| {
                let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
                index_name(table_name, &refs, "_fkey", self.flavour)
            });
            out.push(ForeignKey {
                name,
                referenced_table: dm.model_db_name(rf.target).to_owned(),
                referenced_namespace: self.model_namespace(rf.target),
                referenced_columns: rf
                    .references
                    .iter()
                    .map(|f| dm.field_db_name(*f).to_owned())
                    .collect(),
                columns,
                on_delete: relation.on_delete,
                on_update: relation.on_update,
            });
        }
        out
    }

    /// `_<Relation>` tables: `A` references the model of the relation's `field_a`, `B` the other one.
    fn join_tables(&self) -> Vec<Table> {
        let dm = self.dm;
        let foreign_keys = self.relation_mode() == RelationMode::ForeignKeys;
        let mut out = Vec::new();
        for (_, relation) in dm.relation_ids() {
            if relation.kind != RelationKind::ImplicitManyToMany {
                continue;
            }
            let (Some(a), Some(b)) = (
                self.join_side(relation.field_a.model),
                self.join_side(relation.field_b.model),
            ) else {
                continue;
            };
            let name = format!("_{}", relation.name);
            let namespace = self.model_namespace(relation.field_a.model);
            let side = |column: &str, side: &JoinSide| Column {
                name: column.to_owned(),
                column_type: side.column_type.clone(),
                list: false,
                nullable: false,
                default: None,
                autoincrement: false,
            };
            let fk = |column: &str, side: &JoinSide| ForeignKey {
                name: format!("{name}_{column}_fkey"),
                columns: vec![column.to_owned()],
                referenced_table: side.table.clone(),
                referenced_namespace: side.namespace.clone(),
                referenced_columns: vec![side.column.clone()],
                on_delete: ReferentialAction::Cascade,
                on_update: ReferentialAction::Cascade,
            };
            let plain = |column: &str| IndexColumn {
                name: column.to_owned(),
                sort: None,
                operator_class: None,
            };
            out.push(Table {
                columns: vec![side("A", &a), side("B", &b)],
                primary_key: None,
                indexes: vec![
                    Index {
                        name: format!("{name}_AB_unique"),
                        unique: true,
                        columns: vec![plain("A"), plain("B")],
                        algorithm: None,
                    },
                    Index {
                        name: format!("{name}_B_index"),
                        unique: false,
                        columns: vec![plain("B")],
                        algorithm: None,
                    },
                ],
                foreign_keys: if foreign_keys {
                    vec![fk("A", &a), fk("B", &b)]
                } else {
                    Vec::new()
                },
                name,
                namespace,
            });
        }
        out
    }

    /// The id column a join table references; implicit many-to-many needs a single-field id.
    fn join_side(&self, model_id: ModelId) -> Option<JoinSide> {
        let dm = self.dm;
        let model = dm.models.get(model_id.0 as usize)?;
        let pk = model.primary_key.as_ref()?;
        let [id] = pk.fields.as_slice() else {
            return None;
        };
        let field = dm.field(id.field);
        Some(JoinSide {
            table: dm.model_db_name(model_id).to_owned(),
            namespace: self.model_namespace(model_id),
            column: dm.field_db_name(id.field).to_owned(),
            column_type: self.column_type(field),
        })
    }

    fn column(&self, id: FieldId, field: &Field, pk_fields: &[FieldId]) -> Column {
        let column_type = self.column_type(field);
        let list = field.arity == Arity::List && self.flavour.scalar_lists();
        let autoincrement = match self.flavour {
            Flavour::Postgres | Flavour::Mysql => matches!(
                field.default.as_ref().map(|d| &d.kind),
                Some(DefaultKind::Function(DefaultFunction::Autoincrement))
            ),
            // Prisma declares every single-column `Int` primary key `AUTOINCREMENT` on SQLite: such a
            // column is the rowid whether or not the schema says `autoincrement()`.
            Flavour::Sqlite => {
                pk_fields == [id]
                    && field.scalar_type() == Some(ScalarType::Int)
                    && field.arity != Arity::List
            }
        };
        let default = field
            .default
            .as_ref()
            .and_then(|d| self.default_expression(&d.kind, field, &column_type, list))
            .filter(|d| !d.is_empty());
        Column {
            name: self.dm.field_db_name(id).to_owned(),
            column_type,
            list,
            nullable: field.arity != Arity::Required,
            default,
            autoincrement,
        }
    }

    fn column_type(&self, field: &Field) -> ColumnType {
        let native = |s: &str| ColumnType::Native(s.to_owned());
        match &field.field_type {
            FieldType::Scalar(scalar) => match self.flavour {
                Flavour::Postgres => match &field.native_type {
                    Some(nt) => ColumnType::Native(postgres_native_type(nt)),
                    None => native(postgres_default_type(*scalar)),
                },
                Flavour::Sqlite => native(sqlite_type(*scalar)),
                Flavour::Mysql => match &field.native_type {
                    Some(nt) => ColumnType::Native(mysql_native_type(nt)),
                    None => native(mysql_default_type(*scalar)),
                },
            },
            FieldType::Enum(id) => match self.dm.enums.get(id.0 as usize) {
                Some(e) if self.flavour.has_enum_types() => ColumnType::Enum {
                    name: e.db_name.clone().unwrap_or_else(|| e.name.clone()),
                    namespace: if self.multi_schema() {
                        e.schema.clone()
                    } else {
                        None
                    },
                },
                // MySQL declares an enum's values on the column itself.
                Some(e) if self.flavour == Flavour::Mysql => {
                    let values: Vec<String> = e
                        .values
                        .iter()
                        .map(|v| mysql_string_literal(v.db_name.as_deref().unwrap_or(&v.name)))
                        .collect();
                    ColumnType::Native(format!("ENUM({})", values.join(", ")))
                }
                _ => native("TEXT"),
            },
            FieldType::Unsupported(description) => ColumnType::Native(description.clone()),
            // Not columns; callers filter them out. A type keeps this total.
            FieldType::Relation(_) | FieldType::Composite(_) => native("TEXT"),
        }
    }

    fn default_expression(
        &self,
        kind: &DefaultKind,
        field: &Field,
        column_type: &ColumnType,
        list: bool,
    ) -> Option<String> {
        match kind {
            DefaultKind::Function(function) => match function {
                DefaultFunction::Now => Some(match (self.flavour, column_type) {
                    // MySQL wants the default's precision to be the column's: `DATETIME(3)` takes
                    // `CURRENT_TIMESTAMP(3)`.
                    (Flavour::Mysql, ColumnType::Native(t)) => match t.find('(') {
                        Some(open) => format!("CURRENT_TIMESTAMP{}", &t[open..]),
                        None => "CURRENT_TIMESTAMP".to_owned(),
                    },
                    _ => "CURRENT_TIMESTAMP".to_owned(),
                }),
                DefaultFunction::DbGenerated(Some(text)) => Some(text.clone()),
                DefaultFunction::Autoincrement
                | DefaultFunction::Sequence
                | DefaultFunction::Uuid(_)
                | DefaultFunction::Cuid(_)
                | DefaultFunction::Nanoid(_)
                | DefaultFunction::DbGenerated(None)
                | DefaultFunction::Auto => None,
            },
            DefaultKind::Literal(LiteralValue::List(values)) => {
                if self.flavour != Flavour::Postgres || !list {
                    return None;
                }
                let items: Vec<String> = values
                    .iter()
                    .filter_map(|v| self.literal(v, field))
                    .collect();
                let full_type = match column_type {
                    ColumnType::Native(t) => format!("{t}[]"),
                    ColumnType::Enum { name, namespace } => {
                        format!("{}[]", qualified(namespace.as_deref(), name))
                    }
                };
                Some(format!("ARRAY[{}]::{full_type}", items.join(", ")))
            }
            DefaultKind::Literal(value) => self.literal(value, field),
        }
    }

    fn literal(&self, value: &LiteralValue, field: &Field) -> Option<String> {
        let string_literal = |s: &str| match self.flavour {
            Flavour::Mysql => mysql_string_literal(s),
            Flavour::Postgres | Flavour::Sqlite => string_literal(s),
        };
        Some(match value {
            LiteralValue::String(s) => string_literal(s),
            LiteralValue::Int(i) | LiteralValue::BigInt(i) => i.to_string(),
            LiteralValue::Float(f, text) => BigDecimal::from_str(text)
                .map(|d| d.to_string())
                .unwrap_or_else(|_| f.to_string()),
            LiteralValue::Boolean(b) => b.to_string(),
            LiteralValue::DateTime(text) => string_literal(
                &chrono::DateTime::parse_from_rfc3339(text)
                    .map(|d| match self.flavour {
                        // MySQL's DATETIME literals have no offset; Prisma stores UTC.
                        Flavour::Mysql => d
                            .with_timezone(&chrono::Utc)
                            .format("%Y-%m-%d %H:%M:%S%.3f")
                            .to_string(),
                        Flavour::Postgres | Flavour::Sqlite => d.to_string(),
                    })
                    .unwrap_or_else(|_| text.clone()),
            ),
            LiteralValue::Json(text) => string_literal(text),
            LiteralValue::Bytes(b64) => {
                let bytes = base64::engine::general_purpose::STANDARD.decode(b64).ok()?;
                let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                match self.flavour {
                    Flavour::Postgres => format!("'\\x{hex}'"),
                    Flavour::Sqlite => format!("'{hex}'"),
                    Flavour::Mysql => format!("X'{hex}'"),
                }
            }
            LiteralValue::Enum(name) => {
                let db_name = match &field.field_type {
                    FieldType::Enum(id) => self
                        .dm
                        .enums
                        .get(id.0 as usize)
                        .and_then(|e| e.values.iter().find(|v| &v.name == name))
                        .and_then(|v| v.db_name.clone()),
                    _ => None,
                };
                string_literal(db_name.as_deref().unwrap_or(name))
            }
            LiteralValue::List(_) => return None,
        })
    }
}

struct JoinSide {
    table: String,
    namespace: Option<String>,
    column: String,
    column_type: ColumnType,
}

/// `'text'` with quotes doubled: both flavours use standard SQL string literals.
fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `'text'` for MySQL, where a backslash starts an escape sequence under the default SQL mode, so it is
/// doubled along with the quote.
pub(crate) fn mysql_string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

/// A quoted identifier in the flavour's spelling: backticks on MySQL, double quotes elsewhere.
pub(crate) fn quote_in(flavour: Flavour, ident: &str) -> String {
    match flavour {
        Flavour::Mysql => format!("`{}`", ident.replace('`', "``")),
        Flavour::Postgres | Flavour::Sqlite => quote(ident),
    }
}

/// `"name"` or `"namespace"."name"`, with inner quotes doubled.
pub(crate) fn qualified(namespace: Option<&str>, name: &str) -> String {
    match namespace {
        Some(ns) => format!("{}.{}", quote(ns), quote(name)),
        None => quote(name),
    }
}

/// A double-quoted identifier, as both flavours (and the SQL standard) write them.
pub(crate) fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn truncate_to(s: &mut String, max: usize) {
    if s.len() <= max {
        return;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
}

/// `<Table>_pkey`, the table name shortened so the whole fits the identifier limit.
pub(crate) fn primary_key_name(table: &str, flavour: Flavour) -> String {
    let mut out = table.to_owned();
    let limit = flavour.max_identifier_length().saturating_sub(5);
    if out.len() >= limit {
        truncate_to(&mut out, limit);
    }
    out.push_str("_pkey");
    out
}

/// `<Table>_<col>_<col><suffix>` (`_key`, `_idx`, `_fkey`), shortened before the suffix to fit the
/// identifier limit, as Prisma derives constraint names.
pub(crate) fn index_name(table: &str, columns: &[&str], suffix: &str, flavour: Flavour) -> String {
    let mut out = format!("{table}_{}", columns.join("_"));
    let limit = flavour.max_identifier_length().saturating_sub(suffix.len());
    if out.len() >= limit {
        truncate_to(&mut out, limit);
    }
    out.push_str(suffix);
    out
}

/// An `ops:` argument in PostgreSQL's spelling. Prisma's named classes are CamelCase (`JsonbPathOps`,
/// `Int4MinMaxMultiOps`) for `jsonb_path_ops`, `int4_minmax_multi_ops`; `raw("...")` text is kept as is.
fn operator_class(written: &str) -> String {
    let named = written.ends_with("Ops")
        && written.starts_with(|c: char| c.is_ascii_uppercase())
        && written.chars().all(|c| c.is_ascii_alphanumeric());
    if !named {
        return written.to_owned();
    }
    let joined = written
        .replace("MinMax", "Minmax")
        .replace("TimestampTz", "Timestamptz")
        .replace("TimeTz", "Timetz")
        .replace("VarBit", "Varbit");
    let mut out = String::with_capacity(joined.len() + 4);
    for (i, c) in joined.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Prisma's PostgreSQL column type for a scalar without `@db.*`.
fn postgres_default_type(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String => "TEXT",
        ScalarType::Int => "INTEGER",
        ScalarType::BigInt => "BIGINT",
        ScalarType::Float => "DOUBLE PRECISION",
        ScalarType::Decimal => "DECIMAL(65,30)",
        ScalarType::Boolean => "BOOLEAN",
        ScalarType::DateTime => "TIMESTAMP(3)",
        ScalarType::Json => "JSONB",
        ScalarType::Bytes => "BYTEA",
    }
}

/// Prisma's SQLite column types. Json has no SQLite column in Prisma 5 (the validator rejects it); TEXT
/// keeps this total.
fn sqlite_type(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String | ScalarType::Json => "TEXT",
        ScalarType::Int => "INTEGER",
        ScalarType::BigInt => "BIGINT",
        ScalarType::Float => "REAL",
        ScalarType::Decimal => "DECIMAL",
        ScalarType::Boolean => "BOOLEAN",
        ScalarType::DateTime => "DATETIME",
        ScalarType::Bytes => "BLOB",
    }
}

/// A `@db.X(args)` attribute in PostgreSQL's spelling: `@db.VarChar(5)` is `VARCHAR(5)`,
/// `@db.Decimal(5, 2)` is `DECIMAL(5,2)`.
fn postgres_native_type(nt: &NativeType) -> String {
    let base = match nt.name.as_str() {
        "SmallInt" => "SMALLINT",
        "Integer" => "INTEGER",
        "BigInt" => "BIGINT",
        "Decimal" => "DECIMAL",
        "Money" => "MONEY",
        "Inet" => "INET",
        "Oid" => "OID",
        "Citext" => "CITEXT",
        "Real" => "REAL",
        "DoublePrecision" => "DOUBLE PRECISION",
        "VarChar" => "VARCHAR",
        "Char" => "CHAR",
        "Text" => "TEXT",
        "ByteA" => "BYTEA",
        "Timestamp" => "TIMESTAMP",
        "Timestamptz" => "TIMESTAMPTZ",
        "Date" => "DATE",
        "Time" => "TIME",
        "Timetz" => "TIMETZ",
        "Boolean" => "BOOLEAN",
        "Bit" => "BIT",
        "VarBit" => "VARBIT",
        "Uuid" => "UUID",
        "Xml" => "XML",
        "Json" => "JSON",
        "JsonB" => "JSONB",
        other => return other.to_uppercase(),
    };
    if nt.args.is_empty() {
        base.to_owned()
    } else {
        let args: Vec<&str> = nt.args.iter().map(|a| a.trim()).collect();
        format!("{base}({})", args.join(","))
    }
}

/// Prisma's MySQL column type for a scalar without `@db.*`. `VARCHAR(191)` because 191 four-byte
/// characters are the longest `utf8mb4` string an InnoDB index of 767 bytes can hold.
fn mysql_default_type(scalar: ScalarType) -> &'static str {
    match scalar {
        ScalarType::String => "VARCHAR(191)",
        ScalarType::Int => "INTEGER",
        ScalarType::BigInt => "BIGINT",
        ScalarType::Float => "DOUBLE",
        ScalarType::Decimal => "DECIMAL(65,30)",
        ScalarType::Boolean => "BOOLEAN",
        ScalarType::DateTime => "DATETIME(3)",
        ScalarType::Json => "JSON",
        ScalarType::Bytes => "LONGBLOB",
    }
}

/// A `@db.X(args)` attribute in MySQL's spelling: `@db.VarChar(5)` is `VARCHAR(5)`, `@db.UnsignedInt` is
/// `INTEGER UNSIGNED`, `@db.Decimal(5, 2)` is `DECIMAL(5,2)`.
fn mysql_native_type(nt: &NativeType) -> String {
    let (base, unsigned) = match nt.name.as_str() {
        "Int" => ("INTEGER", false),
        "UnsignedInt" => ("INTEGER", true),
        "SmallInt" => ("SMALLINT", false),
        "UnsignedSmallInt" => ("SMALLINT", true),
        "TinyInt" => ("TINYINT", false),
        "UnsignedTinyInt" => ("TINYINT", true),
        "MediumInt" => ("MEDIUMINT", false),
        "UnsignedMediumInt" => ("MEDIUMINT", true),
        "BigInt" => ("BIGINT", false),
        "UnsignedBigInt" => ("BIGINT", true),
        "Decimal" => ("DECIMAL", false),
        "Float" => ("FLOAT", false),
        "Double" => ("DOUBLE", false),
        "Bit" => ("BIT", false),
        "Char" => ("CHAR", false),
        "VarChar" => ("VARCHAR", false),
        "Binary" => ("BINARY", false),
        "VarBinary" => ("VARBINARY", false),
        "TinyBlob" => ("TINYBLOB", false),
        "Blob" => ("BLOB", false),
        "MediumBlob" => ("MEDIUMBLOB", false),
        "LongBlob" => ("LONGBLOB", false),
        "TinyText" => ("TINYTEXT", false),
        "Text" => ("TEXT", false),
        "MediumText" => ("MEDIUMTEXT", false),
        "LongText" => ("LONGTEXT", false),
        "Date" => ("DATE", false),
        "Time" => ("TIME", false),
        "DateTime" => ("DATETIME", false),
        "Timestamp" => ("TIMESTAMP", false),
        "Year" => ("YEAR", false),
        "Json" => ("JSON", false),
        other => return other.to_uppercase(),
    };
    let mut out = base.to_owned();
    if !nt.args.is_empty() {
        let args: Vec<&str> = nt.args.iter().map(|a| a.trim()).collect();
        out.push_str(&format!("({})", args.join(",")));
    }
    if unsigned {
        out.push_str(" UNSIGNED");
    }
    out
}
