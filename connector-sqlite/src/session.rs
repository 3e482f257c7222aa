//! Running one statement on a connection, on its connection thread.

use crate::errors::{from_sqlite, uncoded, ErrorMode, PARAMETER_COUNT_MESSAGE};
use crate::values::{decode_known, decode_raw, infer_raw_type, DeclaredType};
use engine_core::connector::{DatabaseError, ResultSet, TypeIdentifier};
use rusqlite::types::Value;
use rusqlite::{Connection, Statement};

/// How to decode result columns: the owned form of [`ColumnTypes`](engine_core::connector::ColumnTypes),
/// so it can travel to the connection thread.
#[derive(Debug, Clone)]
pub(crate) enum Decoding {
    Known(Vec<TypeIdentifier>),
    Infer,
}

impl Decoding {
    /// Raw queries are the ones that infer; their errors are reported as SQLite gave them.
    pub(crate) fn error_mode(&self) -> ErrorMode {
        match self {
            Decoding::Known(_) => ErrorMode::Classify,
            Decoding::Infer => ErrorMode::Raw,
        }
    }
}

/// Runs a statement that returns rows. Only the first statement of `sql` runs, as with Prisma.
pub(crate) fn query(
    connection: &Connection,
    sql: &str,
    params: &[Value],
    decoding: &Decoding,
) -> Result<ResultSet, DatabaseError> {
    let mode = decoding.error_mode();
    let sqlite = |e| from_sqlite(e, mode);
    let before = WriteMarker::take(connection);

    let mut statement = connection.prepare_cached(sql).map_err(sqlite)?;
    bind(&mut statement, params, mode)?;
    let columns: Vec<String> = statement
        .column_names()
        .into_iter()
        .map(String::from)
        .collect();
    let declared: Vec<DeclaredType> = statement
        .columns()
        .iter()
        .map(|c| DeclaredType::parse(c.decl_type()))
        .collect();
    if let Decoding::Known(types) = decoding {
        if types.len() != columns.len() {
            return Err(uncoded(format!(
                "The statement returns {} columns but {} column types were given.",
                columns.len(),
                types.len()
            )));
        }
    }

    let mut rows = Vec::new();
    let mut cursor = statement.raw_query();
    while let Some(row) = cursor.next().map_err(sqlite)? {
        let mut values = Vec::with_capacity(columns.len());
        for index in 0..columns.len() {
            let value = row.get_ref(index).map_err(sqlite)?;
            let decoded = match decoding {
                Decoding::Known(types) => decode_known(value, types[index]),
                Decoding::Infer => decode_raw(value, declared[index]),
            };
            values.push(decoded.map_err(|e| e.in_column(index))?);
        }
        rows.push(values);
    }
    drop(cursor);
    drop(statement);

    let raw_types = match decoding {
        Decoding::Known(_) => Vec::new(),
        Decoding::Infer => declared
            .iter()
            .enumerate()
            .map(|(index, declared)| infer_raw_type(*declared, rows.iter().map(|row| &row[index])))
            .collect(),
    };
    Ok(ResultSet {
        columns,
        rows,
        raw_types,
        last_insert_id: before.inserted_id(connection),
    })
}

/// Runs a statement for its effect and returns the number of rows it changed. A statement that returns
/// rows is refused, as Prisma refuses it.
pub(crate) fn execute(
    connection: &Connection,
    sql: &str,
    params: &[Value],
    mode: ErrorMode,
) -> Result<u64, DatabaseError> {
    let before = WriteMarker::take(connection);
    let mut statement = connection
        .prepare_cached(sql)
        .map_err(|e| from_sqlite(e, mode))?;
    bind(&mut statement, params, mode)?;
    let changed = statement.raw_execute().map_err(|e| from_sqlite(e, mode))?;
    // `sqlite3_changes` keeps the count of the last INSERT, UPDATE or DELETE, so a statement that changed
    // nothing (DDL, a PRAGMA) would repeat an earlier count; the total tells them apart.
    Ok(if connection.total_changes() == before.total_changes {
        0
    } else {
        changed as u64
    })
}

/// Runs a statement the driver itself needs (`BEGIN`, `COMMIT`, a pragma). Its failures are classified:
/// a deferred foreign key failing at `COMMIT` is still a foreign key violation.
pub(crate) fn control(connection: &Connection, sql: &str) -> Result<(), DatabaseError> {
    connection
        .execute_batch(sql)
        .map_err(|e| from_sqlite(e, ErrorMode::Classify))
}

/// Rolls back a transaction left open, so the next user of the connection starts clean.
pub(crate) fn reset(connection: &Connection) {
    if !connection.is_autocommit() {
        let _ = connection.execute_batch("ROLLBACK");
    }
}

fn bind(
    statement: &mut Statement<'_>,
    params: &[Value],
    mode: ErrorMode,
) -> Result<(), DatabaseError> {
    if statement.parameter_count() != params.len() {
        return Err(uncoded(PARAMETER_COUNT_MESSAGE));
    }
    for (index, value) in params.iter().enumerate() {
        statement
            .raw_bind_parameter(index + 1, value)
            .map_err(|e| from_sqlite(e, mode))?;
    }
    Ok(())
}

/// What the connection looked like before a statement, to tell afterwards whether it inserted a row.
struct WriteMarker {
    total_changes: u64,
    rowid: i64,
}

impl WriteMarker {
    fn take(connection: &Connection) -> Self {
        WriteMarker {
            total_changes: connection.total_changes(),
            rowid: connection.last_insert_rowid(),
        }
    }

    /// The rowid of the row the statement inserted. SQLite keeps the last rowid per connection, so it
    /// counts only if the statement changed rows and the rowid moved; an insert that happens to reuse the
    /// previous rowid of the connection is reported as `None`.
    fn inserted_id(&self, connection: &Connection) -> Option<u64> {
        let rowid = connection.last_insert_rowid();
        let wrote = connection.total_changes() != self.total_changes;
        (wrote && rowid != self.rowid)
            .then_some(rowid)
            .and_then(|id| u64::try_from(id).ok())
    }
}
