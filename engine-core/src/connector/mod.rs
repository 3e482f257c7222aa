//! The boundary between the engine and the databases.
//!
//! SQL databases implement [`sql_driver::SqlDriver`]: run rendered statements and decode rows. Errors come
//! back as [`DatabaseError`], already classified by meaning (a unique violation, a missing table) so the
//! engine can turn them into Prisma's codes with the model and field names only it knows.

pub mod record;
pub mod sql_driver;

pub use sql_driver::{
    ColumnTypes, ResultSet, SqlConnection, SqlDriver, SqlQueryable, SqlTransaction,
};

use std::fmt;

/// The schema-level type of a column, which is what decoding a database value needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TypeIdentifier {
    Int,
    BigInt,
    Float,
    Decimal,
    String,
    Boolean,
    DateTime,
    Json,
    Bytes,
    /// A user enum; decoded as its database name, mapped back to the schema name by the engine.
    Enum,
    /// A scalar list (PostgreSQL arrays) of the given element type.
    List(ListElement),
}

/// Element types of scalar lists; a list of lists does not exist in Prisma.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListElement {
    Int,
    BigInt,
    Float,
    Decimal,
    String,
    Boolean,
    DateTime,
    Json,
    Bytes,
    Enum,
}

/// Column types as raw query results report them (`"types": [...]` of `queryRaw`). They are finer than
/// [`TypeIdentifier`] because a raw result keeps what the database said (`date` and `time` apart from
/// `datetime`, `uuid`, `xml`), and their values are encoded accordingly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RawType {
    Int,
    BigInt,
    Float,
    Double,
    String,
    Enum,
    Bytes,
    Bool,
    Char,
    Decimal,
    Json,
    Xml,
    Uuid,
    DateTime,
    Date,
    Time,
    /// A database array of the element type; `element` is never itself an array.
    Array(RawElement),
    Null,
    Unknown,
}

/// Element types raw arrays can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RawElement {
    Int,
    BigInt,
    Float,
    Double,
    String,
    Bytes,
    Bool,
    Char,
    Decimal,
    Json,
    Xml,
    Uuid,
    DateTime,
    Date,
    Time,
}

impl RawElement {
    pub fn name(self) -> &'static str {
        match self {
            RawElement::Int => "int",
            RawElement::BigInt => "bigint",
            RawElement::Float => "float",
            RawElement::Double => "double",
            RawElement::String => "string",
            RawElement::Bytes => "bytes",
            RawElement::Bool => "bool",
            RawElement::Char => "char",
            RawElement::Decimal => "decimal",
            RawElement::Json => "json",
            RawElement::Xml => "xml",
            RawElement::Uuid => "uuid",
            RawElement::DateTime => "datetime",
            RawElement::Date => "date",
            RawElement::Time => "time",
        }
    }
}

impl From<RawElement> for RawType {
    /// The type of one element of an array, so elements are written as values of that type would be.
    fn from(element: RawElement) -> RawType {
        match element {
            RawElement::Int => RawType::Int,
            RawElement::BigInt => RawType::BigInt,
            RawElement::Float => RawType::Float,
            RawElement::Double => RawType::Double,
            RawElement::String => RawType::String,
            RawElement::Bytes => RawType::Bytes,
            RawElement::Bool => RawType::Bool,
            RawElement::Char => RawType::Char,
            RawElement::Decimal => RawType::Decimal,
            RawElement::Json => RawType::Json,
            RawElement::Xml => RawType::Xml,
            RawElement::Uuid => RawType::Uuid,
            RawElement::DateTime => RawType::DateTime,
            RawElement::Date => RawType::Date,
            RawElement::Time => RawType::Time,
        }
    }
}

impl RawType {
    /// The name `queryRaw` reports, e.g. `"bigint"` or `"int-array"`.
    pub fn name(self) -> String {
        match self {
            RawType::Int => "int".into(),
            RawType::BigInt => "bigint".into(),
            RawType::Float => "float".into(),
            RawType::Double => "double".into(),
            RawType::String => "string".into(),
            RawType::Enum => "enum".into(),
            RawType::Bytes => "bytes".into(),
            RawType::Bool => "bool".into(),
            RawType::Char => "char".into(),
            RawType::Decimal => "decimal".into(),
            RawType::Json => "json".into(),
            RawType::Xml => "xml".into(),
            RawType::Uuid => "uuid".into(),
            RawType::DateTime => "datetime".into(),
            RawType::Date => "date".into(),
            RawType::Time => "time".into(),
            RawType::Array(element) => format!("{}-array", element.name()),
            RawType::Null => "null".into(),
            RawType::Unknown => "unknown".into(),
        }
    }
}

/// Transaction isolation levels as Prisma names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IsolationLevel {
    ReadUncommitted,
    ReadCommitted,
    RepeatableRead,
    Snapshot,
    Serializable,
}

impl IsolationLevel {
    /// Parses Prisma's spelling (`"RepeatableRead"`), the one clients send.
    pub fn from_prisma_name(name: &str) -> Option<Self> {
        Some(match name {
            "ReadUncommitted" => IsolationLevel::ReadUncommitted,
            "ReadCommitted" => IsolationLevel::ReadCommitted,
            "RepeatableRead" => IsolationLevel::RepeatableRead,
            "Snapshot" => IsolationLevel::Snapshot,
            "Serializable" => IsolationLevel::Serializable,
            _ => return None,
        })
    }

    /// The SQL spelling, for `SET TRANSACTION ISOLATION LEVEL ...`.
    pub fn sql_name(self) -> &'static str {
        match self {
            IsolationLevel::ReadUncommitted => "READ UNCOMMITTED",
            IsolationLevel::ReadCommitted => "READ COMMITTED",
            IsolationLevel::RepeatableRead => "REPEATABLE READ",
            IsolationLevel::Snapshot => "SNAPSHOT",
            IsolationLevel::Serializable => "SERIALIZABLE",
        }
    }
}

/// Which constraint a violation was about, as precisely as the database told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintRef {
    /// By constraint or index name (PostgreSQL, MySQL, SQL Server).
    Index(String),
    /// By column names (SQLite reports `table.column` lists).
    Columns(Vec<String>),
    /// The database did not say.
    Unknown,
}

impl fmt::Display for ConstraintRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstraintRef::Index(name) => f.write_str(name),
            ConstraintRef::Columns(columns) => f.write_str(&columns.join(", ")),
            ConstraintRef::Unknown => f.write_str("(not available)"),
        }
    }
}

/// A database failure, classified by meaning. The engine maps each kind to a Prisma error code.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DatabaseError {
    #[error("Can't reach database server at `{host}:{port}`")]
    Unreachable { host: String, port: u16 },
    #[error("Authentication failed for user `{user}`")]
    AuthenticationFailed { user: String },
    #[error("Database `{name}` does not exist")]
    DatabaseDoesNotExist { name: String },
    #[error("Timed out fetching a new connection from the connection pool (limit {limit}, timeout {timeout_secs}s)")]
    PoolTimeout { limit: usize, timeout_secs: u64 },
    #[error("Unique constraint failed on the {0}")]
    UniqueViolation(ConstraintRef),
    #[error("Foreign key constraint failed on the field: `{0}`")]
    ForeignKeyViolation(ConstraintRef),
    #[error("Null constraint violation on the {0}")]
    NullViolation(ConstraintRef),
    #[error(
        "The provided value for the column is too long for the column's type. Column: {column}"
    )]
    ValueTooLong { column: String },
    #[error("Value out of range for the type. {message}")]
    ValueOutOfRange { message: String },
    #[error("The table `{table}` does not exist in the current database.")]
    TableDoesNotExist { table: String },
    #[error("The column `{column}` does not exist in the current database.")]
    ColumnDoesNotExist { column: String },
    #[error(
        "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"
    )]
    TransactionConflict,
    /// A stored value that does not read as the type the engine asked for. `column` is the index of the
    /// result column it came from, when the driver knows it, so the engine can name the field (Prisma's
    /// P2023 says ``of the field `by` ``).
    #[error("A value read from the database could not be decoded as {expected:?}: {message}")]
    Conversion {
        expected: TypeIdentifier,
        message: String,
        column: Option<usize>,
    },
    /// A parameter the driver could not encode for the type the database expects (an `Int` too large for
    /// a PostgreSQL `int2`), caught before the statement ran. `index` is the zero-based position of the
    /// parameter in the statement, which Prisma's error text names.
    #[error("error serializing parameter {index}: {message}")]
    ParameterConversion { index: usize, message: String },
    /// Anything else, with the database's own code and message, as raw queries report it.
    #[error("{message}")]
    Other {
        code: Option<String>,
        message: String,
    },
}

impl DatabaseError {
    /// Records which result column a [`DatabaseError::Conversion`] came from; other errors pass unchanged.
    /// Drivers call it where they decode a row, since only they know the index.
    pub fn in_column(self, index: usize) -> DatabaseError {
        match self {
            DatabaseError::Conversion {
                expected, message, ..
            } => DatabaseError::Conversion {
                expected,
                message,
                column: Some(index),
            },
            other => other,
        }
    }
}
