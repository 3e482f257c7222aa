//! Splitting long value lists so each statement stays under the dialect's bind-parameter limit.
//!
//! Batched relation loading sends one `IN (..)` list per parent set; with thousands of parents one list
//! would overflow the limit, so it is split into several statements whose results are concatenated.

use super::dialect::Dialect;
use super::error::RenderError;

/// Splits `items` into chunks of at most `max_bind_values - reserved`, where `reserved` counts the other
/// parameters the statement carries besides the list. Order is kept; an empty input gives no chunks.
pub fn chunk_for_binds<T>(
    dialect: &dyn Dialect,
    items: Vec<T>,
    reserved: usize,
) -> Result<Vec<Vec<T>>, RenderError> {
    let max = dialect.max_bind_values();
    if reserved >= max {
        return Err(RenderError::TooManyParameters {
            count: reserved + 1,
            max,
            dialect: dialect.name(),
        });
    }
    Ok(chunk_by(items, max - reserved))
}

fn chunk_by<T>(items: Vec<T>, size: usize) -> Vec<Vec<T>> {
    let mut chunks = Vec::with_capacity(items.len().div_ceil(size));
    let mut current = Vec::with_capacity(size.min(items.len()));
    for item in items {
        if current.len() == size {
            chunks.push(std::mem::replace(&mut current, Vec::with_capacity(size)));
        }
        current.push(item);
    }
    if !current.is_empty() {
        chunks.push(current);
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::dialect::{Mssql, Mysql, Postgres, Sqlite};
    use crate::value::PrismaValue;

    fn ints(n: i64) -> Vec<PrismaValue> {
        (0..n).map(PrismaValue::Int).collect()
    }

    #[test]
    fn mssql_splits_at_2099_minus_reserved() {
        let chunks = chunk_for_binds(&Mssql, ints(5000), 1).unwrap();
        let sizes: Vec<usize> = chunks.iter().map(Vec::len).collect();
        assert_eq!(sizes, vec![2098, 2098, 804]);
        assert_eq!(chunks[1][0], PrismaValue::Int(2098));
        assert_eq!(chunks[2][803], PrismaValue::Int(4999));
    }

    #[test]
    fn small_lists_stay_whole_on_every_dialect() {
        for dialect in [&Postgres as &dyn Dialect, &Sqlite, &Mysql, &Mssql] {
            let chunks = chunk_for_binds(dialect, ints(3), 0).unwrap();
            assert_eq!(chunks, vec![ints(3)]);
        }
    }

    #[test]
    fn exact_multiple_has_no_empty_tail() {
        let chunks = chunk_for_binds(&Postgres, ints(32767 * 2), 0).unwrap();
        assert_eq!(chunks.len(), 2);
        assert!(chunks.iter().all(|c| c.len() == 32767));
    }

    #[test]
    fn limits_per_dialect() {
        assert_eq!(Postgres.max_bind_values(), 32767);
        assert_eq!(Sqlite.max_bind_values(), 32766);
        assert_eq!(Mysql.max_bind_values(), 65535);
        assert_eq!(Mssql.max_bind_values(), 2099);
        assert_eq!(chunk_for_binds(&Sqlite, ints(32767), 0).unwrap().len(), 2);
        assert_eq!(chunk_for_binds(&Mysql, ints(65535), 0).unwrap().len(), 1);
    }

    #[test]
    fn empty_input_gives_no_chunks() {
        assert!(chunk_for_binds(&Mysql, Vec::<PrismaValue>::new(), 10)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn reserving_the_whole_limit_is_an_error() {
        assert_eq!(
            chunk_for_binds(&Mssql, ints(1), 2099),
            Err(RenderError::TooManyParameters {
                count: 2100,
                max: 2099,
                dialect: "SQL Server"
            })
        );
    }
}
