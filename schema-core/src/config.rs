//! The `datasource` and `generator` blocks, as validated values.
//!
//! Environment variables are not resolved here: a schema whose `url = env("X")` names an unset variable is
//! still valid (`prisma generate` works without a database), so we keep the variable name and let whoever
//! connects resolve it.

use crate::span::Span;

/// The database a schema targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Provider {
    PostgreSql,
    MySql,
    Sqlite,
    SqlServer,
    CockroachDb,
    MongoDb,
}

impl Provider {
    pub const ALL: [Provider; 6] = [
        Provider::PostgreSql,
        Provider::MySql,
        Provider::Sqlite,
        Provider::SqlServer,
        Provider::CockroachDb,
        Provider::MongoDb,
    ];

    /// Reads a `provider = "..."` value; `postgres` is an accepted alias of `postgresql`.
    pub fn parse(name: &str) -> Option<Provider> {
        Some(match name {
            "postgresql" | "postgres" => Provider::PostgreSql,
            "mysql" => Provider::MySql,
            "sqlite" => Provider::Sqlite,
            "sqlserver" => Provider::SqlServer,
            "cockroachdb" => Provider::CockroachDb,
            "mongodb" => Provider::MongoDb,
            _ => return None,
        })
    }

    /// The canonical name (`activeProvider` in get-config output, and the name in connector messages).
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::PostgreSql => "postgresql",
            Provider::MySql => "mysql",
            Provider::Sqlite => "sqlite",
            Provider::SqlServer => "sqlserver",
            Provider::CockroachDb => "cockroachdb",
            Provider::MongoDb => "mongodb",
        }
    }
}

/// Who enforces relations: the database's foreign keys, or the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RelationMode {
    ForeignKeys,
    Prisma,
}

/// What happens to referencing rows when the referenced row is deleted or updated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferentialAction {
    Cascade,
    Restrict,
    NoAction,
    SetNull,
    SetDefault,
}

impl ReferentialAction {
    pub fn parse(name: &str) -> Option<ReferentialAction> {
        Some(match name {
            "Cascade" => ReferentialAction::Cascade,
            "Restrict" => ReferentialAction::Restrict,
            "NoAction" => ReferentialAction::NoAction,
            "SetNull" => ReferentialAction::SetNull,
            "SetDefault" => ReferentialAction::SetDefault,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReferentialAction::Cascade => "Cascade",
            ReferentialAction::Restrict => "Restrict",
            ReferentialAction::NoAction => "NoAction",
            ReferentialAction::SetNull => "SetNull",
            ReferentialAction::SetDefault => "SetDefault",
        }
    }
}

/// A config value written either as a literal or as `env("VAR")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StringFromEnv {
    Literal(String),
    /// The variable's name; its value is looked up by whoever needs it.
    Env(String),
}

impl StringFromEnv {
    /// The literal value, if written as one.
    pub fn literal(&self) -> Option<&str> {
        match self {
            StringFromEnv::Literal(s) => Some(s),
            StringFromEnv::Env(_) => None,
        }
    }

    /// The environment variable's name, if written as `env(...)`.
    pub fn env_var(&self) -> Option<&str> {
        match self {
            StringFromEnv::Env(s) => Some(s),
            StringFromEnv::Literal(_) => None,
        }
    }

    /// Resolves the value with the given environment lookup.
    pub fn resolve(&self, env: impl Fn(&str) -> Option<String>) -> Option<String> {
        match self {
            StringFromEnv::Literal(s) => Some(s.clone()),
            StringFromEnv::Env(var) => env(var),
        }
    }
}

/// A PostgreSQL extension listed in `extensions = [...]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extension {
    pub name: String,
    pub schema: Option<String>,
    pub version: Option<String>,
    pub map: Option<String>,
}

/// The validated `datasource` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Datasource {
    pub name: String,
    pub provider: Provider,
    /// The provider exactly as written (`postgres` stays `postgres`).
    pub provider_written: String,
    pub url: StringFromEnv,
    pub direct_url: Option<StringFromEnv>,
    pub shadow_database_url: Option<StringFromEnv>,
    pub relation_mode: RelationMode,
    /// Whether `relationMode` (or the older `referentialIntegrity`) was written.
    pub relation_mode_written: bool,
    pub schemas: Vec<String>,
    pub extensions: Vec<Extension>,
    pub documentation: Option<String>,
    pub span: Span,
}

/// A value of a generator's free-form config key, as get-config reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GeneratorConfigValue {
    String(String),
    List(Vec<String>),
}

/// A validated `generator` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Generator {
    pub name: String,
    pub provider: StringFromEnv,
    pub output: Option<StringFromEnv>,
    pub preview_features: Vec<PreviewFeature>,
    pub binary_targets: Vec<StringFromEnv>,
    /// Every other key, stringified, in schema order.
    pub config: Vec<(String, GeneratorConfigValue)>,
    pub documentation: Option<String>,
    pub span: Span,
}

/// A preview feature Prisma 5.19 knows, either current, hidden or deprecated (deprecated ones are accepted
/// with a warning because their functionality became generally available). Ordered as Prisma declares them,
/// which is the order get-config lists them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PreviewFeature(u8);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FeatureStatus {
    Active,
    Hidden,
    Deprecated,
}

use FeatureStatus::{Active, Deprecated, Hidden};

const FEATURES: &[(&str, FeatureStatus)] = &[
    ("aggregateApi", Deprecated),
    ("atomicNumberOperations", Deprecated),
    ("clientExtensions", Deprecated),
    ("cockroachdb", Deprecated),
    ("connectOrCreate", Deprecated),
    ("createMany", Deprecated),
    ("dataProxy", Deprecated),
    ("deno", Active),
    ("distinct", Deprecated),
    ("driverAdapters", Active),
    ("extendedIndexes", Deprecated),
    ("extendedWhereUnique", Deprecated),
    ("fieldReference", Deprecated),
    ("filteredRelationCount", Deprecated),
    ("filterJson", Deprecated),
    ("fullTextIndex", Active),
    ("fullTextSearch", Active),
    ("groupBy", Deprecated),
    ("improvedQueryRaw", Deprecated),
    ("interactiveTransactions", Deprecated),
    ("jsonProtocol", Deprecated),
    ("metrics", Active),
    ("microsoftSqlServer", Deprecated),
    ("middlewares", Deprecated),
    ("mongoDb", Deprecated),
    ("multiSchema", Active),
    ("namedConstraints", Deprecated),
    ("napi", Deprecated),
    ("nativeDistinct", Active),
    ("nativeTypes", Deprecated),
    ("orderByAggregateGroup", Deprecated),
    ("orderByNulls", Deprecated),
    ("orderByRelation", Deprecated),
    ("postgresqlExtensions", Active),
    ("referentialActions", Deprecated),
    ("referentialIntegrity", Deprecated),
    ("selectRelationCount", Deprecated),
    ("tracing", Active),
    ("transactionApi", Deprecated),
    ("uncheckedScalarInputs", Deprecated),
    ("views", Active),
    ("relationJoins", Active),
    ("reactNative", Hidden),
    ("prismaSchemaFolder", Active),
    ("omitApi", Active),
    ("typedSql", Hidden),
];

impl PreviewFeature {
    /// Looks a feature up by name, ignoring case as Prisma does.
    pub fn parse(name: &str) -> Option<PreviewFeature> {
        FEATURES
            .iter()
            .position(|(f, _)| f.eq_ignore_ascii_case(name))
            .map(|i| PreviewFeature(i as u8))
    }

    /// The canonical spelling.
    pub fn name(self) -> &'static str {
        FEATURES[self.0 as usize].0
    }

    /// Deprecated features still parse but produce a warning.
    pub fn is_deprecated(self) -> bool {
        FEATURES[self.0 as usize].1 == Deprecated
    }

    /// The current (not hidden, not deprecated) features, as listed when a feature is unknown.
    pub fn known_list() -> String {
        FEATURES
            .iter()
            .filter(|(_, status)| *status == Active)
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}
