//! What each database provider can do.
//!
//! Validation reads these to reject schemas a provider cannot store (enums on SQLite, scalar lists outside
//! PostgreSQL/CockroachDB/MongoDB, ...), and the query planner reads the same values later to decide how to
//! run a query (`RETURNING`, `DISTINCT ON`, native upserts, bind-parameter limits). Keeping both in one
//! table means the two can never disagree.

use crate::config::{Provider, ReferentialAction, RelationMode};

/// The capabilities of one provider. One `'static` value exists per provider; get it with
/// [`Capabilities::for_provider`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capabilities {
    pub provider: Provider,
    /// `enum` blocks are allowed.
    pub enums: bool,
    /// Enums are stored as a database enum type (as opposed to a checked string).
    pub native_enums: bool,
    /// `String[]`, `Int[]`, ... fields are allowed.
    pub scalar_lists: bool,
    /// `Json` fields are allowed.
    pub json: bool,
    /// Lists of `Json` values are allowed.
    pub json_lists: bool,
    /// `mode: insensitive` string filters.
    pub insensitive_filters: bool,
    /// `@default(autoincrement())` may be used on a field that is not the id.
    pub autoincrement_on_non_id: bool,
    /// `@default(autoincrement())` may be used on a field that has no index.
    pub autoincrement_on_non_indexed: bool,
    /// `@default(autoincrement())` may be used more than once per model.
    pub autoincrement_multiple_per_model: bool,
    /// `@default(autoincrement())` is supported at all.
    pub autoincrement: bool,
    /// `type` blocks (embedded documents).
    pub composite_types: bool,
    /// Implicit many-to-many relations (a join table managed by Prisma).
    pub implicit_many_to_many: bool,
    /// Foreign keys can be given a name with `map:`.
    pub named_foreign_keys: bool,
    /// Primary keys can be given a name with `map:`.
    pub named_primary_keys: bool,
    /// Default-value constraints can be named with `@default(..., map:)` (SQL Server).
    pub named_default_values: bool,
    /// `length:` on index and key fields (MySQL prefix indexes).
    pub index_length_prefix: bool,
    /// `sort:` on index fields.
    pub index_sort_order: bool,
    /// `sort:` on primary key and unique fields.
    pub primary_key_sort_order: bool,
    /// `@@index(..., type: ...)` index algorithms (PostgreSQL).
    pub index_algorithms: bool,
    /// `ops:` operator classes on index fields (PostgreSQL).
    pub operator_classes: bool,
    /// `clustered:` on keys and indexes (SQL Server).
    pub clustering: bool,
    /// `@@fulltext` indexes.
    pub fulltext_index: bool,
    /// Full-text search filters.
    pub fulltext_search: bool,
    /// `@@schema` and the datasource `schemas` list.
    pub multi_schema: bool,
    /// The datasource `extensions` list (PostgreSQL extensions).
    pub extensions: bool,
    /// `INSERT ... RETURNING` (or equivalent) returns written rows in one statement.
    pub returning: bool,
    /// `SELECT DISTINCT ON (...)`.
    pub distinct_on: bool,
    /// A native single-statement upsert (`ON CONFLICT` / `ON DUPLICATE KEY` / `MERGE`).
    pub native_upsert: bool,
    /// `createMany`.
    pub create_many: bool,
    /// Relations are enforced with foreign keys unless `relationMode = "prisma"`.
    pub foreign_keys: bool,
    /// `@db.X` native type attributes.
    pub native_types: bool,
    /// `@default(dbgenerated(...))`.
    pub dbgenerated: bool,
    /// `@default(sequence())` (CockroachDB).
    pub sequence_default: bool,
    /// `@default(auto())` (MongoDB object ids).
    pub auto_default: bool,
    /// The id field must be mapped to `_id` (MongoDB).
    pub id_must_map_to_underscore_id: bool,
    /// Views (`view` blocks).
    pub views: bool,
    /// The largest number of bind parameters in one statement, if limited.
    pub max_bind_values: Option<usize>,
    /// The longest identifier the database accepts for constraint names.
    pub max_identifier_length: usize,
    /// Referential actions allowed when relations are enforced by foreign keys.
    pub foreign_key_actions: &'static [ReferentialAction],
}

use ReferentialAction::*;

const ALL_ACTIONS: &[ReferentialAction] = &[Cascade, Restrict, NoAction, SetNull, SetDefault];
const SQL_SERVER_ACTIONS: &[ReferentialAction] = &[Cascade, NoAction, SetNull, SetDefault];
/// With `relationMode = "prisma"` the engine emulates these, on every provider.
const EMULATED_ACTIONS: &[ReferentialAction] = &[Cascade, Restrict, NoAction, SetNull];
const MONGODB_ACTIONS: &[ReferentialAction] = &[Cascade, Restrict, NoAction, SetNull];

const BASE: Capabilities = Capabilities {
    provider: Provider::PostgreSql,
    enums: true,
    native_enums: true,
    scalar_lists: false,
    json: true,
    json_lists: false,
    insensitive_filters: false,
    autoincrement_on_non_id: true,
    autoincrement_on_non_indexed: true,
    autoincrement_multiple_per_model: true,
    autoincrement: true,
    composite_types: false,
    implicit_many_to_many: true,
    named_foreign_keys: true,
    named_primary_keys: true,
    named_default_values: false,
    index_length_prefix: false,
    index_sort_order: true,
    primary_key_sort_order: false,
    index_algorithms: false,
    operator_classes: false,
    clustering: false,
    fulltext_index: false,
    fulltext_search: false,
    multi_schema: false,
    extensions: false,
    returning: false,
    distinct_on: false,
    native_upsert: false,
    create_many: true,
    foreign_keys: true,
    native_types: true,
    dbgenerated: true,
    sequence_default: false,
    auto_default: false,
    id_must_map_to_underscore_id: false,
    views: true,
    max_bind_values: None,
    max_identifier_length: 63,
    foreign_key_actions: ALL_ACTIONS,
};

static POSTGRESQL: Capabilities = Capabilities {
    provider: Provider::PostgreSql,
    scalar_lists: true,
    json_lists: true,
    insensitive_filters: true,
    index_algorithms: true,
    operator_classes: true,
    fulltext_search: true,
    multi_schema: true,
    extensions: true,
    returning: true,
    distinct_on: true,
    native_upsert: true,
    max_bind_values: Some(32767),
    max_identifier_length: 63,
    ..BASE
};

static COCKROACHDB: Capabilities = Capabilities {
    provider: Provider::CockroachDb,
    scalar_lists: true,
    json_lists: true,
    insensitive_filters: true,
    index_algorithms: true,
    multi_schema: true,
    returning: true,
    distinct_on: true,
    native_upsert: true,
    autoincrement_on_non_indexed: false,
    sequence_default: true,
    max_bind_values: Some(32767),
    max_identifier_length: 63,
    ..BASE
};

static MYSQL: Capabilities = Capabilities {
    provider: Provider::MySql,
    native_enums: true,
    autoincrement_on_non_indexed: false,
    autoincrement_multiple_per_model: false,
    named_primary_keys: false,
    index_length_prefix: true,
    primary_key_sort_order: true,
    fulltext_index: true,
    fulltext_search: true,
    native_upsert: true,
    max_bind_values: Some(65535),
    max_identifier_length: 64,
    ..BASE
};

static SQLITE: Capabilities = Capabilities {
    provider: Provider::Sqlite,
    enums: false,
    native_enums: false,
    json: false,
    autoincrement_on_non_id: false,
    autoincrement_multiple_per_model: false,
    named_foreign_keys: false,
    named_primary_keys: false,
    returning: true,
    native_upsert: true,
    create_many: true,
    native_types: false,
    dbgenerated: true,
    max_bind_values: Some(999),
    max_identifier_length: 10000,
    ..BASE
};

static SQLSERVER: Capabilities = Capabilities {
    provider: Provider::SqlServer,
    enums: false,
    native_enums: false,
    json: false,
    autoincrement_multiple_per_model: false,
    named_default_values: true,
    primary_key_sort_order: true,
    clustering: true,
    multi_schema: true,
    returning: true,
    native_upsert: true,
    max_bind_values: Some(2099),
    max_identifier_length: 128,
    foreign_key_actions: SQL_SERVER_ACTIONS,
    ..BASE
};

static MONGODB: Capabilities = Capabilities {
    provider: Provider::MongoDb,
    native_enums: false,
    scalar_lists: true,
    json_lists: true,
    insensitive_filters: true,
    autoincrement: false,
    autoincrement_on_non_id: false,
    autoincrement_on_non_indexed: false,
    autoincrement_multiple_per_model: false,
    composite_types: true,
    implicit_many_to_many: false,
    named_foreign_keys: false,
    named_primary_keys: false,
    index_sort_order: true,
    fulltext_index: true,
    fulltext_search: false,
    foreign_keys: false,
    dbgenerated: false,
    auto_default: true,
    id_must_map_to_underscore_id: true,
    views: false,
    create_many: true,
    max_bind_values: None,
    max_identifier_length: 127,
    foreign_key_actions: MONGODB_ACTIONS,
    ..BASE
};

impl Capabilities {
    /// The capabilities of a provider; `'static` so the planner can keep them without lifetimes.
    pub fn for_provider(provider: Provider) -> &'static Capabilities {
        match provider {
            Provider::PostgreSql => &POSTGRESQL,
            Provider::CockroachDb => &COCKROACHDB,
            Provider::MySql => &MYSQL,
            Provider::Sqlite => &SQLITE,
            Provider::SqlServer => &SQLSERVER,
            Provider::MongoDb => &MONGODB,
        }
    }

    /// The referential actions a relation may name under the given relation mode.
    pub fn referential_actions(&self, mode: RelationMode) -> &'static [ReferentialAction] {
        match mode {
            RelationMode::ForeignKeys => self.foreign_key_actions,
            RelationMode::Prisma if self.provider == Provider::MongoDb => MONGODB_ACTIONS,
            RelationMode::Prisma => EMULATED_ACTIONS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_provider_has_its_own_table() {
        for p in Provider::ALL {
            assert_eq!(Capabilities::for_provider(p).provider, p);
        }
    }

    #[test]
    fn key_differences_between_providers() {
        let sqlite = Capabilities::for_provider(Provider::Sqlite);
        assert!(!sqlite.enums && !sqlite.scalar_lists);
        let pg = Capabilities::for_provider(Provider::PostgreSql);
        assert!(pg.scalar_lists && pg.distinct_on && pg.insensitive_filters);
        let mongo = Capabilities::for_provider(Provider::MongoDb);
        assert!(mongo.composite_types && !mongo.implicit_many_to_many);
        let mssql = Capabilities::for_provider(Provider::SqlServer);
        assert!(!mssql
            .referential_actions(RelationMode::ForeignKeys)
            .contains(&ReferentialAction::Restrict));
        assert!(mssql
            .referential_actions(RelationMode::Prisma)
            .contains(&ReferentialAction::Restrict));
    }
}
