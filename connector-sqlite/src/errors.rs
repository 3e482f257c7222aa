//! Turning SQLite failures into [`DatabaseError`]s.
//!
//! Two modes, because Prisma reports the same failure two ways: a statement the engine built gets a
//! classified error (a unique violation becomes P2002 with its columns), while a user's raw query reports
//! every database failure as P2010 with SQLite's extended result code and message untouched
//! (`{"code": "1555", "message": "UNIQUE constraint failed: R.id"}`).

use engine_core::connector::{ConstraintRef, DatabaseError};
use rusqlite::ffi;

/// Whether a failure should be classified by meaning or passed through as SQLite reported it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorMode {
    Classify,
    Raw,
}

/// The message Prisma gives when the number of bound values does not match the placeholders.
pub(crate) const PARAMETER_COUNT_MESSAGE: &str = "N/A";
/// Prisma's message for `executeRaw` of a statement that returns rows.
pub(crate) const EXECUTE_RETURNED_RESULTS: &str =
    "Execute returned results, which is not allowed in SQLite.";
/// Prisma's message for a list bound as a parameter.
pub(crate) const ARRAYS_UNSUPPORTED: &str = "Arrays are not supported in SQLite.";

/// An error without a database code (Prisma's `"N/A"`).
pub(crate) fn uncoded(message: impl Into<String>) -> DatabaseError {
    DatabaseError::Other {
        code: None,
        message: message.into(),
    }
}

/// Maps a rusqlite error in the given mode.
pub(crate) fn from_sqlite(error: rusqlite::Error, mode: ErrorMode) -> DatabaseError {
    let (failure, message) = match error {
        rusqlite::Error::SqliteFailure(failure, message) => {
            let message = message.unwrap_or_else(|| failure.to_string());
            (failure, message)
        }
        // A statement that failed to prepare; `msg` is SQLite's own message, without rusqlite's additions.
        rusqlite::Error::SqlInputError { error, msg, .. } => (error, msg),
        rusqlite::Error::InvalidParameterCount(..) => return uncoded(PARAMETER_COUNT_MESSAGE),
        rusqlite::Error::ExecuteReturnedResults => return uncoded(EXECUTE_RETURNED_RESULTS),
        other => return uncoded(other.to_string()),
    };
    match mode {
        ErrorMode::Raw => DatabaseError::Other {
            code: Some(failure.extended_code.to_string()),
            message,
        },
        ErrorMode::Classify => classify(failure.extended_code, message),
    }
}

/// Classifies an SQLite failure by its extended result code, reading names out of the message where
/// SQLite puts them there.
fn classify(extended_code: i32, message: String) -> DatabaseError {
    match extended_code {
        ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
            DatabaseError::UniqueViolation(constraint_target(
                &message,
                "UNIQUE constraint failed: ",
            ))
        }
        ffi::SQLITE_CONSTRAINT_NOTNULL => DatabaseError::NullViolation(constraint_target(
            &message,
            "NOT NULL constraint failed: ",
        )),
        // SQLite never says which key failed. An immediate key check reports itself through the trigger
        // machinery SQLite implements it with, so the message is what identifies it.
        _ if extended_code == ffi::SQLITE_CONSTRAINT_FOREIGNKEY
            || (extended_code & 0xff == ffi::SQLITE_CONSTRAINT
                && message.starts_with("FOREIGN KEY constraint failed")) =>
        {
            DatabaseError::ForeignKeyViolation(ConstraintRef::Unknown)
        }
        _ if extended_code & 0xff == ffi::SQLITE_BUSY
            || extended_code & 0xff == ffi::SQLITE_LOCKED =>
        {
            DatabaseError::TransactionConflict
        }
        _ => {
            if let Some(table) = message.strip_prefix("no such table: ") {
                DatabaseError::TableDoesNotExist {
                    table: table.to_owned(),
                }
            } else if let Some(column) = message.strip_prefix("no such column: ") {
                DatabaseError::ColumnDoesNotExist {
                    column: column.to_owned(),
                }
            } else {
                DatabaseError::Other {
                    code: Some(extended_code.to_string()),
                    message,
                }
            }
        }
    }
}

/// Reads `prefix T.a, T.b` as the columns `a`, `b`, and `prefix index 'name'` (a unique index on
/// expressions) as that index.
fn constraint_target(message: &str, prefix: &str) -> ConstraintRef {
    let Some(list) = message.strip_prefix(prefix) else {
        return ConstraintRef::Unknown;
    };
    if let Some(index) = list
        .strip_prefix("index '")
        .and_then(|rest| rest.strip_suffix('\''))
    {
        return ConstraintRef::Index(index.to_owned());
    }
    let columns = list
        .split(", ")
        .map(|qualified| {
            qualified
                .split_once('.')
                .map_or(qualified, |(_, column)| column)
                .to_owned()
        })
        .collect();
    ConstraintRef::Columns(columns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constraint_targets_drop_the_table_prefix() {
        assert_eq!(
            constraint_target(
                "UNIQUE constraint failed: User.a, User.b",
                "UNIQUE constraint failed: "
            ),
            ConstraintRef::Columns(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            constraint_target(
                "UNIQUE constraint failed: index 'by_lower'",
                "UNIQUE constraint failed: "
            ),
            ConstraintRef::Index("by_lower".into())
        );
        assert_eq!(
            constraint_target("something else", "UNIQUE constraint failed: "),
            ConstraintRef::Unknown
        );
    }
}
