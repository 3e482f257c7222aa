//! Turning MySQL failures into [`DatabaseError`]s.
//!
//! Model queries get errors classified by meaning (1062 is a unique violation on the index the message
//! names), so the engine can answer with Prisma's codes. Raw queries get every server failure as
//! [`DatabaseError::Other`] with the server's code and message, which Prisma reports as P2010; failures
//! the driver raises itself (a parameter count that does not match, an unrepresentable value) carry no
//! code, as in Prisma (`Code: N/A`).

use engine_core::connector::{ConstraintRef, DatabaseError};
use mysql_async::{DriverError, Error as MyError, ServerError};

use crate::config::{ConfigError, MysqlConfig};
use crate::value::{Mode, ValueError};

/// The engine's text for a dropped connection (P1017).
pub(crate) const CONNECTION_CLOSED: &str = "Server has closed the connection.";

/// Everything that can go wrong running a statement, before classification.
#[derive(Debug, thiserror::Error)]
pub(crate) enum MyStatementError {
    #[error(transparent)]
    Driver(#[from] MyError),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error(
        "Socket timeout (the database failed to respond to a query within the configured timeout)."
    )]
    SocketTimeout,
}

impl MyStatementError {
    /// Classifies the error for the engine.
    pub(crate) fn into_database_error(self, mode: Mode) -> DatabaseError {
        match self {
            MyStatementError::Driver(err) => classify_driver_error(&err, mode),
            MyStatementError::Value(ValueError::ZeroDate { column }) if mode == Mode::Model => {
                DatabaseError::ValueOutOfRange {
                    message: ValueError::ZeroDate { column }.to_string(),
                }
            }
            MyStatementError::Value(ValueError::Mismatch {
                mysql_type,
                expected,
                value,
            }) if mode == Mode::Model => DatabaseError::Conversion {
                expected,
                message: format!("cannot read {value} from a `{mysql_type}` column"),
                column: None,
            },
            other => DatabaseError::Other {
                code: None,
                message: other.to_string(),
            },
        }
    }
}

fn classify_driver_error(err: &MyError, mode: Mode) -> DatabaseError {
    match err {
        MyError::Server(server) => match mode {
            Mode::Model => classify_server_error(server),
            Mode::Raw => DatabaseError::Other {
                code: Some(server.code.to_string()),
                message: server.message.clone(),
            },
        },
        // Prisma reports a parameter count that does not match the placeholders without any detail.
        MyError::Driver(DriverError::StmtParamsMismatch { .. }) => DatabaseError::Other {
            code: None,
            message: "N/A".to_owned(),
        },
        MyError::Driver(DriverError::ConnectionClosed) | MyError::Io(_) => DatabaseError::Other {
            code: None,
            message: CONNECTION_CLOSED.to_owned(),
        },
        other => DatabaseError::Other {
            code: None,
            message: other.to_string(),
        },
    }
}

/// Server error codes the engine gives a meaning to.
mod code {
    pub const DUPLICATE_KEY: u16 = 1062;
    pub const ROW_IS_REFERENCED: u16 = 1451;
    pub const NO_REFERENCED_ROW: u16 = 1452;
    pub const ROW_IS_REFERENCED_2: u16 = 1217;
    pub const NO_REFERENCED_ROW_2: u16 = 1216;
    pub const BAD_NULL: u16 = 1048;
    pub const NO_DEFAULT: u16 = 1364;
    pub const DATA_TOO_LONG: u16 = 1406;
    pub const OUT_OF_RANGE: u16 = 1264;
    pub const NO_SUCH_TABLE: u16 = 1146;
    pub const BAD_FIELD: u16 = 1054;
    pub const DEADLOCK: u16 = 1213;
    pub const LOCK_WAIT_TIMEOUT: u16 = 1205;
    pub const BAD_DB: u16 = 1049;
    pub const ACCESS_DENIED: u16 = 1045;
    pub const ACCESS_DENIED_DB: u16 = 1044;
}

/// The meaning of a server error of an engine-built statement.
pub(crate) fn classify_server_error(server: &ServerError) -> DatabaseError {
    let message = &server.message;
    match server.code {
        code::DUPLICATE_KEY => DatabaseError::UniqueViolation(
            duplicate_key_index(message).map_or(ConstraintRef::Unknown, ConstraintRef::Index),
        ),
        code::ROW_IS_REFERENCED
        | code::NO_REFERENCED_ROW
        | code::ROW_IS_REFERENCED_2
        | code::NO_REFERENCED_ROW_2 => DatabaseError::ForeignKeyViolation(
            foreign_key_columns(message)
                .map(ConstraintRef::Columns)
                .or_else(|| constraint_name(message).map(ConstraintRef::Index))
                .unwrap_or(ConstraintRef::Unknown),
        ),
        code::BAD_NULL | code::NO_DEFAULT => DatabaseError::NullViolation(
            first_quoted(message, '\'').map_or(ConstraintRef::Unknown, |column| {
                ConstraintRef::Columns(vec![column])
            }),
        ),
        code::DATA_TOO_LONG => DatabaseError::ValueTooLong {
            column: first_quoted(message, '\'').unwrap_or_else(|| "(not available)".to_owned()),
        },
        code::OUT_OF_RANGE => DatabaseError::ValueOutOfRange {
            message: message.clone(),
        },
        code::NO_SUCH_TABLE => DatabaseError::TableDoesNotExist {
            table: first_quoted(message, '\'').unwrap_or_else(|| message.clone()),
        },
        code::BAD_FIELD => DatabaseError::ColumnDoesNotExist {
            column: first_quoted(message, '\'').unwrap_or_else(|| message.clone()),
        },
        code::DEADLOCK | code::LOCK_WAIT_TIMEOUT => DatabaseError::TransactionConflict,
        code => DatabaseError::Other {
            code: Some(format!("{code}:{}", server.state)),
            message: message.clone(),
        },
    }
}

/// Maps a failure to open a connection, naming the server, database or user it was about.
pub(crate) fn classify_connect_error(err: &MyError, config: &MysqlConfig) -> DatabaseError {
    match err {
        MyError::Server(server) => match server.code {
            code::BAD_DB => DatabaseError::DatabaseDoesNotExist {
                name: config.database.clone(),
            },
            code::ACCESS_DENIED | code::ACCESS_DENIED_DB => DatabaseError::AuthenticationFailed {
                user: config.user.clone(),
            },
            _ => classify_server_error(server),
        },
        MyError::Io(_) | MyError::Driver(DriverError::ConnectionClosed) => {
            DatabaseError::Unreachable {
                host: config.host.clone(),
                port: config.port,
            }
        }
        other => DatabaseError::Other {
            code: None,
            message: other.to_string(),
        },
    }
}

pub(crate) fn config_error(err: ConfigError) -> DatabaseError {
    DatabaseError::Other {
        code: None,
        message: err.to_string(),
    }
}

/// `Duplicate entry 'a@x' for key 'User_email_key'` → `User_email_key`. MySQL 8 qualifies the key with
/// its table (`'User.User_email_key'`); MariaDB does not. The entry itself may contain quotes, so the key
/// is read from the end.
pub(crate) fn duplicate_key_index(message: &str) -> Option<String> {
    let key = message.rsplit_once(" for key '")?.1.strip_suffix('\'')?;
    let key = match key.split_once('.') {
        // MySQL 8's `table.index`; index names Prisma derives never contain a dot.
        Some((_, index)) if !index.is_empty() => index,
        _ => key,
    };
    Some(key.to_owned())
}

/// The columns of `FOREIGN KEY (`a`, `b`)` in a foreign key failure message.
pub(crate) fn foreign_key_columns(message: &str) -> Option<Vec<String>> {
    let start = message.find("FOREIGN KEY (")? + "FOREIGN KEY (".len();
    let rest = &message[start..];
    let mut columns = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        match chars.next()? {
            '`' => {
                let mut name = String::new();
                loop {
                    match chars.next()? {
                        '`' if chars.peek() == Some(&'`') => {
                            chars.next();
                            name.push('`');
                        }
                        '`' => break,
                        c => name.push(c),
                    }
                }
                columns.push(name);
            }
            ')' => return (!columns.is_empty()).then_some(columns),
            _ => {}
        }
    }
}

/// `CONSTRAINT `name`` in a foreign key failure message.
fn constraint_name(message: &str) -> Option<String> {
    let start = message.find("CONSTRAINT `")? + "CONSTRAINT ".len();
    first_quoted(&message[start..], '`')
}

/// The text between the first pair of `quote`s.
fn first_quoted(message: &str, quote: char) -> Option<String> {
    let start = message.find(quote)? + quote.len_utf8();
    let end = start + message[start..].find(quote)?;
    Some(message[start..end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(code: u16, message: &str) -> ServerError {
        ServerError {
            code,
            message: message.to_owned(),
            state: "23000".to_owned(),
        }
    }

    #[test]
    fn duplicate_keys_name_the_index() {
        assert_eq!(
            duplicate_key_index("Duplicate entry 'a@x' for key 'U_email_key'").as_deref(),
            Some("U_email_key")
        );
        assert_eq!(
            duplicate_key_index("Duplicate entry 'it's for key 'x'' for key 'PRIMARY'").as_deref(),
            Some("PRIMARY")
        );
        assert_eq!(
            duplicate_key_index("Duplicate entry '1' for key 'User.User_email_key'").as_deref(),
            Some("User_email_key")
        );
        assert_eq!(
            classify_server_error(&server(1062, "Duplicate entry '1-2' for key 'U_a_b_key'")),
            DatabaseError::UniqueViolation(ConstraintRef::Index("U_a_b_key".into()))
        );
    }

    #[test]
    fn foreign_key_failures_name_the_columns() {
        let message = "Cannot delete or update a parent row: a foreign key constraint fails (`db`.`Profile`, CONSTRAINT `Profile_userId_fkey` FOREIGN KEY (`userId`) REFERENCES `User` (`id`) ON UPDATE CASCADE)";
        assert_eq!(
            classify_server_error(&server(1451, message)),
            DatabaseError::ForeignKeyViolation(ConstraintRef::Columns(vec!["userId".into()]))
        );
        assert_eq!(
            foreign_key_columns("... FOREIGN KEY (`a`, `we``ird`) REFERENCES ..."),
            Some(vec!["a".into(), "we`ird".into()])
        );
    }

    #[test]
    fn other_classifications() {
        assert_eq!(
            classify_server_error(&server(1048, "Column 'name' cannot be null")),
            DatabaseError::NullViolation(ConstraintRef::Columns(vec!["name".into()]))
        );
        assert_eq!(
            classify_server_error(&server(1406, "Data too long for column 'short' at row 1")),
            DatabaseError::ValueTooLong {
                column: "short".into()
            }
        );
        assert_eq!(
            classify_server_error(&server(1264, "Out of range value for column 'n' at row 1")),
            DatabaseError::ValueOutOfRange {
                message: "Out of range value for column 'n' at row 1".into()
            }
        );
        assert_eq!(
            classify_server_error(&server(1146, "Table 'qgold.nope' doesn't exist")),
            DatabaseError::TableDoesNotExist {
                table: "qgold.nope".into()
            }
        );
        assert_eq!(
            classify_server_error(&server(1054, "Unknown column 'x' in 'field list'")),
            DatabaseError::ColumnDoesNotExist { column: "x".into() }
        );
        assert_eq!(
            classify_server_error(&server(1213, "Deadlock found")),
            DatabaseError::TransactionConflict
        );
        assert_eq!(
            classify_server_error(&server(4025, "CONSTRAINT `J.v` failed for `qgold`.`J`")),
            DatabaseError::Other {
                code: Some("4025:23000".into()),
                message: "CONSTRAINT `J.v` failed for `qgold`.`J`".into()
            }
        );
    }
}
