//! From classified database errors to Prisma's errors, naming the model's fields where the database named
//! columns or constraints.
//!
//! Drivers classify failures by meaning ([`DatabaseError`]) but only know table and column names; the
//! datamodel is what turns a column or an index name back into the field names clients see in
//! `meta.target`. Which shape a target takes follows Prisma 5.19 per database: PostgreSQL and SQLite list
//! fields, MySQL and SQL Server name the constraint.

use schema_core::datamodel::{FieldId, IndexKind, ModelId};
use schema_core::Datamodel;

use super::SqlContext;
use crate::connector::{ConstraintRef, DatabaseError, TypeIdentifier};
use crate::error::{ConstraintTarget, EngineError};

/// PostgreSQL's limit on identifier length, which Prisma's default constraint names are cut to.
const MAX_CONSTRAINT_NAME: usize = 63;

/// The message PostgreSQL's driver gives a raw query whose parameters do not match its placeholders; it
/// becomes P1016 rather than P2010.
const PARAMETER_COUNT_PREFIX: &str = "Your raw query had an incorrect number of parameters.";

/// The driver's text for a connection the server dropped (P1017).
const CONNECTION_CLOSED: &str = "Server has closed the connection.";

/// An error taking a connection or managing a transaction.
pub(crate) fn connection_error(error: DatabaseError) -> EngineError {
    match error {
        DatabaseError::Other { code, message } => other_connection_error(code, message),
        classified => classify(None, None, classified),
    }
}

/// An error of a statement the engine built.
pub(crate) fn query_error(ctx: &SqlContext<'_>, error: DatabaseError) -> EngineError {
    model_error(ctx, None, error)
}

/// An error of a statement the engine built on `model`'s table, so columns the database names are looked
/// up among that model's fields first.
pub(crate) fn model_error(
    ctx: &SqlContext<'_>,
    model: Option<ModelId>,
    error: DatabaseError,
) -> EngineError {
    match error {
        DatabaseError::Other { code, message } => other_query_error(ctx, code, message),
        classified => classify(Some(ctx), model, classified),
    }
}

/// An error of a user's raw query: P2010 with the database's own code and message (`N/A` where it gave
/// none), or P1016 when the driver counted placeholders and parameters apart.
pub(crate) fn raw_error(error: DatabaseError) -> EngineError {
    match error {
        DatabaseError::Other { code, message } => {
            if let Some((expected, actual)) = parameter_counts(&message) {
                return EngineError::RawParameterCountMismatch { expected, actual };
            }
            if code.is_none() && message == CONNECTION_CLOSED {
                return EngineError::ConnectionClosed;
            }
            EngineError::RawQueryFailed {
                code: code.unwrap_or_else(|| "N/A".to_owned()),
                message,
            }
        }
        // Connection-level failures keep their own codes even inside a raw query.
        error @ (DatabaseError::Unreachable { .. }
        | DatabaseError::AuthenticationFailed { .. }
        | DatabaseError::DatabaseDoesNotExist { .. }
        | DatabaseError::PoolTimeout { .. }) => connection_error(error),
        // A driver that classified a raw failure lost the database's code; keep its description.
        classified => EngineError::RawQueryFailed {
            code: "N/A".to_owned(),
            message: classified.to_string(),
        },
    }
}

/// An error of a statement whose result columns hold `fields` (`None` for computed columns such as
/// counts): a value that does not convert is reported with the name of the field it was read for, the way
/// Prisma words P2023; everything else as [`model_error`].
pub(crate) fn read_error(
    ctx: &SqlContext<'_>,
    model: Option<ModelId>,
    fields: &[Option<FieldId>],
    error: DatabaseError,
) -> EngineError {
    match error {
        DatabaseError::Conversion {
            expected,
            message,
            column: Some(column),
        } => match fields.get(column).copied().flatten() {
            Some(field) => conversion_error(&message, &ctx.datamodel.field(field).name, expected),
            None => model_error(
                ctx,
                model,
                DatabaseError::Conversion {
                    expected,
                    message,
                    column: None,
                },
            ),
        },
        other => model_error(ctx, model, other),
    }
}

/// P2023 for a stored value that does not read as its field's type, in Prisma's words.
fn conversion_error(value: &str, field_name: &str, expected: TypeIdentifier) -> EngineError {
    EngineError::InconsistentColumnData {
        message: format!(
            "Could not convert value {value} of the field `{field_name}` to type `{}`.",
            type_name(expected)
        ),
    }
}

fn type_name(ty: TypeIdentifier) -> String {
    match ty {
        TypeIdentifier::List(element) => format!("{element:?}[]"),
        other => format!("{other:?}"),
    }
}

/// Maps every classified kind; `ctx` (absent for connection-level calls) resolves names to fields.
fn classify(
    ctx: Option<&SqlContext<'_>>,
    model: Option<ModelId>,
    error: DatabaseError,
) -> EngineError {
    match error {
        DatabaseError::Unreachable { host, port } => EngineError::DatabaseUnreachable {
            database_host: host,
            database_port: port,
        },
        DatabaseError::AuthenticationFailed { user } => EngineError::AuthenticationFailed {
            database_user: user,
            database_host: "(not available)".to_owned(),
        },
        DatabaseError::DatabaseDoesNotExist { name } => database_missing(name),
        DatabaseError::PoolTimeout {
            limit,
            timeout_secs,
        } => EngineError::PoolTimeout {
            connection_limit: u64::try_from(limit).unwrap_or(u64::MAX),
            timeout: timeout_secs,
        },
        DatabaseError::UniqueViolation(constraint) => EngineError::UniqueConstraintViolation {
            target: constraint_target(ctx, model, constraint),
        },
        DatabaseError::NullViolation(constraint) => EngineError::NullConstraintViolation {
            constraint: constraint_target(ctx, model, constraint),
        },
        DatabaseError::ForeignKeyViolation(constraint) => EngineError::ForeignKeyViolation {
            field_name: match constraint {
                ConstraintRef::Index(name) => format!("{name} (index)"),
                ConstraintRef::Columns(columns) => columns.join(","),
                ConstraintRef::Unknown => "foreign key".to_owned(),
            },
        },
        DatabaseError::ValueTooLong { column } => EngineError::ValueTooLong {
            column_name: column,
        },
        DatabaseError::ValueOutOfRange { message } => {
            EngineError::ValueOutOfRange { details: message }
        }
        DatabaseError::TableDoesNotExist { table } => EngineError::TableNotFound { table },
        DatabaseError::ColumnDoesNotExist { column } => EngineError::ColumnNotFound { column },
        DatabaseError::TransactionConflict => EngineError::WriteConflict,
        DatabaseError::Conversion {
            expected, message, ..
        } => EngineError::InconsistentColumnData {
            message: format!(
                "Could not convert value {message} to type `{}`.",
                type_name(expected)
            ),
        },
        DatabaseError::ParameterConversion { index, message } => EngineError::Unknown {
            message: query_execution_failed(&parameter_conversion_debug(index, &message)),
        },
        DatabaseError::Other { code, message } => match ctx {
            Some(ctx) => other_query_error(ctx, code, message),
            None => other_connection_error(code, message),
        },
    }
}

/// Prisma's wording of an unclassified failure of an engine-built statement: the driver error, in Rust
/// debug notation, inside its connector error.
fn query_execution_failed(inner: &str) -> String {
    format!(
        "Error occurred during query execution:\nConnectorError(ConnectorError {{ user_facing_error: None, kind: QueryError({inner}), transient: false }})"
    )
}

/// `Error { kind: ToSql(2), cause: Some(Error { kind: ConversionError(".."), .. }) }`: a parameter the
/// driver could not encode, as Prisma 5.19 prints it on PostgreSQL.
fn parameter_conversion_debug(index: usize, message: &str) -> String {
    format!(
        "Error {{ kind: ToSql({index}), cause: Some(Error {{ kind: ConversionError({message:?}), original_code: None, original_message: None }}) }}"
    )
}

/// P1003 in its SQLite form (a file path) or its server form (a database name).
fn database_missing(name: String) -> EngineError {
    if name.contains('/') || name.contains('\\') {
        let file_name = std::path::Path::new(&name)
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_else(|| name.clone());
        EngineError::DatabaseFileMissing {
            database_file_name: file_name,
            database_file_path: name,
        }
    } else {
        EngineError::DatabaseMissing {
            database_name: name,
            database_host: "(not available)".to_owned(),
            database_port: "(not available)".to_owned(),
        }
    }
}

/// An unclassified failure around connections and transactions: Prisma reports these without a code, a
/// database error with its code (SQLite refusing an isolation level: `Error code 1: ..`).
fn other_connection_error(code: Option<String>, message: String) -> EngineError {
    if code.is_none() && message == CONNECTION_CLOSED {
        return EngineError::ConnectionClosed;
    }
    let message = match code {
        Some(code) => {
            format!("Error in connector: Error querying the database: Error code {code}: {message}")
        }
        None => format!("Error in connector: {message}"),
    };
    EngineError::Unknown { message }
}

/// An unclassified failure of an engine-built statement. Prisma 5.19 reports these without a code, with
/// the driver's error in Rust debug notation; for PostgreSQL that text is rebuilt from the server's
/// fields so it reads the same.
fn other_query_error(ctx: &SqlContext<'_>, code: Option<String>, message: String) -> EngineError {
    if code.is_none() && message == CONNECTION_CLOSED {
        return EngineError::ConnectionClosed;
    }
    let inner = match (&code, ctx.dialect.name()) {
        (Some(code), "PostgreSQL") => postgres_debug(code, &message),
        (Some(code), "MySQL") => mysql_debug(code, &message),
        (Some(code), _) => format!("Error {{ code: {code:?}, message: {message:?} }}"),
        (None, _) => format!("Error {{ message: {message:?} }}"),
    };
    EngineError::Unknown {
        message: query_execution_failed(&inner),
    }
}

/// `PostgresError { code, message, severity, detail, column, hint }` from the server's
/// `SEVERITY: message\nDETAIL: ..\nHINT: ..` text.
fn postgres_debug(code: &str, text: &str) -> String {
    let mut lines = text.split('\n');
    let first = lines.next().unwrap_or_default();
    let (severity, message) = match first.split_once(": ") {
        Some((severity, message))
            if !severity.is_empty() && severity.chars().all(|c| c.is_ascii_uppercase()) =>
        {
            (severity, message)
        }
        _ => ("ERROR", first),
    };
    let mut message = message.to_owned();
    let mut detail = None;
    let mut hint = None;
    for line in lines {
        if let Some(d) = line.strip_prefix("DETAIL: ") {
            detail = Some(d.to_owned());
        } else if let Some(h) = line.strip_prefix("HINT: ") {
            hint = Some(h.to_owned());
        } else if let Some(h) = hint.as_mut() {
            h.push('\n');
            h.push_str(line);
        } else if let Some(d) = detail.as_mut() {
            d.push('\n');
            d.push_str(line);
        } else {
            message.push('\n');
            message.push_str(line);
        }
    }
    format!(
        "PostgresError {{ code: {code:?}, message: {message:?}, severity: {severity:?}, detail: {detail:?}, column: None, hint: {hint:?} }}"
    )
}

/// `Server(MysqlError { code, message, state })`. The MySQL driver reports an unclassified server error's
/// code as `<code>:<SQLSTATE>`, since Prisma's text names both.
fn mysql_debug(code: &str, message: &str) -> String {
    let (number, state) = code.split_once(':').unwrap_or((code, ""));
    format!("Server(MysqlError {{ code: {number}, message: {message:?}, state: {state:?} }})")
}

/// `Expected: `2`, actual: `1`.` out of the driver's parameter-count message.
fn parameter_counts(message: &str) -> Option<(usize, usize)> {
    let rest = message.strip_prefix(PARAMETER_COUNT_PREFIX)?;
    let number_after = |text: &str, label: &str| -> Option<(usize, usize)> {
        let start = text.find(label)? + label.len();
        let tail = &text[start..];
        let end = tail.find('`')?;
        Some((tail[..end].parse().ok()?, start + end))
    };
    let (expected, used) = number_after(rest, "Expected: `")?;
    let (actual, _) = number_after(&rest[used..], "actual: `")?;
    Some((expected, actual))
}

/// The target of a unique or NOT NULL violation in the shape the database family reports.
fn constraint_target(
    ctx: Option<&SqlContext<'_>>,
    model: Option<ModelId>,
    constraint: ConstraintRef,
) -> ConstraintTarget {
    let names_fields = ctx.is_none_or(|ctx| matches!(ctx.dialect.name(), "PostgreSQL" | "SQLite"));
    match constraint {
        ConstraintRef::Columns(columns) => ConstraintTarget::Fields(match ctx {
            Some(ctx) => columns
                .iter()
                .map(|column| field_name_of_column(ctx.datamodel, model, column))
                .collect(),
            None => columns,
        }),
        ConstraintRef::Index(name) if names_fields => ctx
            .and_then(|ctx| fields_of_constraint(ctx.datamodel, model, &name))
            .map(ConstraintTarget::Fields)
            .unwrap_or(ConstraintTarget::Index(name)),
        ConstraintRef::Index(name) => ConstraintTarget::Index(name),
        ConstraintRef::Unknown => ConstraintTarget::NotAvailable,
    }
}

/// The field stored in `column`: looked up in `model` when known, otherwise in every model as long as the
/// answer is unambiguous; the column name itself when no field claims it.
fn field_name_of_column(dm: &Datamodel, model: Option<ModelId>, column: &str) -> String {
    let scalar_named = |id: FieldId| {
        let field = dm.field(id);
        (!field.is_relation() && dm.field_db_name(id) == column).then(|| field.name.clone())
    };
    if let Some(model) = model {
        if let Some(name) = dm.field_ids(model).find_map(|(id, _)| scalar_named(id)) {
            return name;
        }
    }
    let mut found: Option<String> = None;
    for (model, _) in dm.model_ids() {
        for (id, _) in dm.field_ids(model) {
            if let Some(name) = scalar_named(id) {
                match &found {
                    Some(existing) if *existing != name => return column.to_owned(),
                    _ => found = Some(name),
                }
            }
        }
    }
    found.unwrap_or_else(|| column.to_owned())
}

/// The fields of the unique index or primary key named `name` (its `map:` or Prisma's default name),
/// searching `model` first.
fn fields_of_constraint(dm: &Datamodel, model: Option<ModelId>, name: &str) -> Option<Vec<String>> {
    let models = model.into_iter().chain(
        dm.model_ids()
            .map(|(id, _)| id)
            .filter(|id| Some(*id) != model),
    );
    for id in models {
        let m = dm.model(id);
        let table = dm.model_db_name(id);
        let names = |fields: &[FieldId]| fields.iter().map(|f| dm.field(*f).name.clone()).collect();
        if let Some(pk) = &m.primary_key {
            let fields: Vec<FieldId> = pk.fields.iter().map(|f| f.field).collect();
            let default = constraint_name(table, &[], "pkey");
            if pk.map.as_deref() == Some(name) || (pk.map.is_none() && default == name) {
                return Some(names(&fields));
            }
        }
        for index in m.indexes.iter().filter(|i| i.kind == IndexKind::Unique) {
            let fields: Vec<FieldId> = index.fields.iter().map(|f| f.field).collect();
            let columns: Vec<&str> = fields.iter().map(|f| dm.field_db_name(*f)).collect();
            let default = constraint_name(table, &columns, "key");
            if index.map.as_deref() == Some(name) || (index.map.is_none() && default == name) {
                return Some(names(&fields));
            }
        }
    }
    None
}

/// Prisma's default constraint name, `Table_col1_col2_suffix`, cut to the identifier limit before the
/// suffix.
fn constraint_name(table: &str, columns: &[&str], suffix: &str) -> String {
    let mut base = table.to_owned();
    for column in columns {
        base.push('_');
        base.push_str(column);
    }
    let room = MAX_CONSTRAINT_NAME.saturating_sub(suffix.len() + 1);
    if base.len() > room {
        let mut cut = room;
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        base.truncate(cut);
    }
    format!("{base}_{suffix}")
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
