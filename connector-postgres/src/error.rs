//! Turning PostgreSQL failures into [`DatabaseError`]s.
//!
//! Model queries get errors classified by meaning (SQLSTATE 23505 is a unique violation), so the engine
//! can answer with Prisma's codes. Raw queries get every failure as [`DatabaseError::Other`] with the code
//! and message Prisma 5.19 reports in its P2010 `meta`: for most errors the server's full text
//! (`ERROR: ...` plus `DETAIL`/`HINT` lines), for constraint violations the detail line and for missing
//! relations the bare message, as the recorded goldens show.

use engine_core::connector::{ConstraintRef, DatabaseError};
use tokio_postgres::error::{DbError, SqlState};

use crate::config::{ConfigError, PostgresConfig};
use crate::value::decode::DecodeError;
use crate::value::encode::ParamError;

/// Whether a statement is the engine's own or a user's raw SQL; errors and parameter types differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Model,
    Raw,
}

/// Everything that can go wrong running a statement, before classification.
#[derive(Debug, thiserror::Error)]
pub(crate) enum PgError {
    #[error(transparent)]
    Driver(#[from] tokio_postgres::Error),
    #[error("Your raw query had an incorrect number of parameters. Expected: `{expected}`, actual: `{actual}`.")]
    ParameterCount { expected: usize, actual: usize },
    #[error(transparent)]
    Decode(#[from] DecodeError),
}

impl PgError {
    /// Classifies the error for the engine.
    pub(crate) fn into_database_error(self, mode: Mode) -> DatabaseError {
        match self {
            PgError::Driver(err) => classify_driver_error(&err, mode),
            PgError::Decode(DecodeError::Mismatch {
                pg_type,
                expected,
                value,
            }) if mode == Mode::Model => DatabaseError::Conversion {
                expected,
                message: format!("cannot read {value} from a `{pg_type}` column"),
                column: None,
            },
            other => DatabaseError::Other {
                code: None,
                message: other.to_string(),
            },
        }
    }
}

fn classify_driver_error(err: &tokio_postgres::Error, mode: Mode) -> DatabaseError {
    if let Some(db) = err.as_db_error() {
        return match mode {
            Mode::Model => classify_db_error(db),
            Mode::Raw => DatabaseError::Other {
                code: Some(db.code().code().to_owned()),
                message: raw_message(db),
            },
        };
    }
    if let Some(param) = find_source::<ParamError>(err) {
        return match mode {
            Mode::Model => DatabaseError::ParameterConversion {
                index: param.index,
                message: param.error.to_string(),
            },
            Mode::Raw => DatabaseError::Other {
                code: None,
                message: param.error.to_string(),
            },
        };
    }
    if err.is_closed() {
        return DatabaseError::Other {
            code: None,
            message: "Server has closed the connection.".to_owned(),
        };
    }
    DatabaseError::Other {
        code: None,
        message: full_message(err),
    }
}

/// The message Prisma's P2010 shows for a server error.
fn raw_message(db: &DbError) -> String {
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION
        || *code == SqlState::FOREIGN_KEY_VIOLATION
        || *code == SqlState::NOT_NULL_VIOLATION
    {
        db.detail().unwrap_or(db.message()).to_owned()
    } else if *code == SqlState::UNDEFINED_TABLE || *code == SqlState::UNDEFINED_COLUMN {
        db.message().to_owned()
    } else {
        db.to_string()
    }
}

fn classify_db_error(db: &DbError) -> DatabaseError {
    let code = db.code();
    if *code == SqlState::UNIQUE_VIOLATION {
        let target = db
            .detail()
            .and_then(key_columns)
            .map(ConstraintRef::Columns)
            .or_else(|| {
                db.constraint()
                    .map(|name| ConstraintRef::Index(name.to_owned()))
            })
            .unwrap_or(ConstraintRef::Unknown);
        DatabaseError::UniqueViolation(target)
    } else if *code == SqlState::FOREIGN_KEY_VIOLATION {
        DatabaseError::ForeignKeyViolation(db.constraint().map_or(ConstraintRef::Unknown, |name| {
            ConstraintRef::Index(name.to_owned())
        }))
    } else if *code == SqlState::NOT_NULL_VIOLATION {
        DatabaseError::NullViolation(db.column().map_or(ConstraintRef::Unknown, |column| {
            ConstraintRef::Columns(vec![column.to_owned()])
        }))
    } else if *code == SqlState::STRING_DATA_RIGHT_TRUNCATION {
        DatabaseError::ValueTooLong {
            column: db.column().unwrap_or("(not available)").to_owned(),
        }
    } else if *code == SqlState::UNDEFINED_TABLE {
        DatabaseError::TableDoesNotExist {
            table: quoted_name(db.message()).unwrap_or_else(|| db.message().to_owned()),
        }
    } else if *code == SqlState::UNDEFINED_COLUMN {
        DatabaseError::ColumnDoesNotExist {
            column: quoted_name(db.message()).unwrap_or_else(|| db.message().to_owned()),
        }
    } else if *code == SqlState::T_R_SERIALIZATION_FAILURE
        || *code == SqlState::T_R_DEADLOCK_DETECTED
    {
        DatabaseError::TransactionConflict
    } else {
        // Includes 22003 and 22008: Prisma 5.19 does not classify them on PostgreSQL (no P2020 there), it
        // reports the server error as it is.
        DatabaseError::Other {
            code: Some(code.code().to_owned()),
            message: db.to_string(),
        }
    }
}

/// Maps a failure to open a connection, naming the server, database or user it was about.
pub(crate) fn classify_connect_error(
    err: &tokio_postgres::Error,
    config: &PostgresConfig,
) -> DatabaseError {
    if let Some(db) = err.as_db_error() {
        let code = db.code();
        if *code == SqlState::INVALID_CATALOG_NAME {
            return DatabaseError::DatabaseDoesNotExist {
                name: config.database.clone(),
            };
        }
        if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            return DatabaseError::AuthenticationFailed {
                user: config.user.clone(),
            };
        }
        return classify_db_error(db);
    }
    if find_source::<std::io::Error>(err).is_some() || full_message(err).contains("timeout") {
        return DatabaseError::Unreachable {
            host: config.host().to_owned(),
            port: config.port(),
        };
    }
    DatabaseError::Other {
        code: None,
        message: full_message(err),
    }
}

pub(crate) fn config_error(err: ConfigError) -> DatabaseError {
    DatabaseError::Other {
        code: None,
        message: err.to_string(),
    }
}

/// `Key (a, "b c")=(1, 2) already exists.` → `["a", "b c"]`.
pub(crate) fn key_columns(detail: &str) -> Option<Vec<String>> {
    let list = detail.strip_prefix("Key (")?;
    let mut columns = Vec::new();
    let mut current = String::new();
    let mut chars = list.chars().peekable();
    let mut quoted = false;
    let mut depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                current.push('"');
            }
            '"' => quoted = !quoted,
            '(' if !quoted => {
                depth += 1;
                current.push(c);
            }
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                current.push(c);
            }
            ')' if !quoted => {
                columns.push(current);
                return (chars.next() == Some('=')).then_some(columns);
            }
            ',' if !quoted && depth == 0 => {
                columns.push(std::mem::take(&mut current));
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            _ => current.push(c),
        }
    }
    None
}

/// The first `"quoted"` name in a server message (`relation "nope" does not exist`).
fn quoted_name(message: &str) -> Option<String> {
    let start = message.find('"')? + 1;
    let end = start + message[start..].find('"')?;
    Some(message[start..end].to_owned())
}

/// The error and its causes, e.g. `error connecting to server: Connection refused (os error 111)`.
fn full_message(err: &(dyn std::error::Error + 'static)) -> String {
    let mut message = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn find_source<'a, T: std::error::Error + 'static>(
    err: &'a (dyn std::error::Error + 'static),
) -> Option<&'a T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_columns_reads_the_unique_detail() {
        assert_eq!(
            key_columns("Key (email)=(a@x) already exists."),
            Some(vec!["email".into()])
        );
        assert_eq!(
            key_columns("Key (a, b)=(x, y) already exists."),
            Some(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            key_columns(r#"Key ("userId", "we""ird, name")=(1, 2) already exists."#),
            Some(vec!["userId".into(), r#"we"ird, name"#.into()])
        );
        assert_eq!(
            key_columns("Key (lower(email))=(a@x) already exists."),
            Some(vec!["lower(email)".into()])
        );
        assert_eq!(key_columns("Failing row contains (1)."), None);
    }

    #[test]
    fn quoted_name_takes_the_first_identifier() {
        assert_eq!(
            quoted_name(r#"relation "nope" does not exist"#).as_deref(),
            Some("nope")
        );
        assert_eq!(quoted_name("no quotes"), None);
    }
}
