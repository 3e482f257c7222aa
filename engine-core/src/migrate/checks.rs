//! What a migration would destroy or cannot do, judged against the data actually in the database.
//!
//! Each step that may lose data names what it needs to know (rows in a table, non-null values in a
//! column, duplicate values under a new unique index); those counts are read from the live database, and
//! only steps that would really lose something produce a warning. The wording is Prisma's, so users and
//! scripts that know Prisma's messages recognise them.

use std::collections::HashMap;

use super::canonical_mysql::enum_values;
use super::describe::{literal, Row};
use super::diff::{display_type, Step, TableChange, TableRef};
use super::schema::{qualified, quote, quote_in, Column, ColumnType, Table};
use super::Flavour;
use crate::connector::{ColumnTypes, DatabaseError, SqlQueryable};
use crate::sql::Rendered;

/// The outcome of checking a migration against the data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckResults {
    /// Data would be lost; the migration runs only when the user accepts it.
    pub warnings: Vec<String>,
    /// The migration would fail on the data there is; it never runs.
    pub unexecutable: Vec<String>,
}

/// Counts read from the database, each at most once.
struct Inspector<'a> {
    connection: &'a dyn SqlQueryable,
    flavour: Flavour,
    /// Table names as they are now, for tables the migration renames first.
    renamed_from: HashMap<TableRef, TableRef>,
    rows: HashMap<TableRef, i64>,
}

impl Inspector<'_> {
    fn live(&self, table: &TableRef) -> String {
        let t = self.renamed_from.get(table).unwrap_or(table);
        match self.flavour {
            Flavour::Sqlite => quote(&t.name),
            Flavour::Mysql => quote_in(Flavour::Mysql, &t.name),
            Flavour::Postgres => qualified(t.namespace.as_deref(), &t.name),
        }
    }

    fn column(&self, name: &str) -> String {
        quote_in(self.flavour, name)
    }

    async fn count(&self, sql: String) -> Result<i64, DatabaseError> {
        let result = self
            .connection
            .query(
                &Rendered {
                    sql,
                    params: vec![],
                },
                ColumnTypes::Infer,
            )
            .await?;
        Ok(result.rows.first().and_then(|r| Row(r).int(0)).unwrap_or(0))
    }

    async fn row_count(&mut self, table: &TableRef) -> Result<i64, DatabaseError> {
        if let Some(n) = self.rows.get(table) {
            return Ok(*n);
        }
        let n = self
            .count(format!("SELECT COUNT(*) FROM {}", self.live(table)))
            .await?;
        self.rows.insert(table.clone(), n);
        Ok(n)
    }

    async fn non_null_count(
        &mut self,
        table: &TableRef,
        column: &str,
    ) -> Result<i64, DatabaseError> {
        if self.row_count(table).await? == 0 {
            return Ok(0);
        }
        self.count(format!(
            "SELECT COUNT({}) FROM {}",
            self.column(column),
            self.live(table)
        ))
        .await
    }

    /// Groups of rows that share values in all `columns` (none null): what a new unique index refuses.
    async fn duplicates(
        &mut self,
        table: &TableRef,
        columns: &[String],
    ) -> Result<i64, DatabaseError> {
        if self.row_count(table).await? < 2 {
            return Ok(0);
        }
        let cols: Vec<String> = columns.iter().map(|c| self.column(c)).collect();
        let not_null: Vec<String> = cols.iter().map(|c| format!("{c} IS NOT NULL")).collect();
        self.count(format!(
            "SELECT COUNT(*) FROM (SELECT 1 AS one FROM {} WHERE {} GROUP BY {} HAVING COUNT(*) > 1) AS duplicates",
            self.live(table),
            not_null.join(" AND "),
            cols.join(", ")
        ))
        .await
    }
}

/// Checks `steps` against the data the database holds now.
pub async fn check_steps(
    connection: &dyn SqlQueryable,
    flavour: Flavour,
    steps: &[Step],
) -> Result<CheckResults, DatabaseError> {
    let mut inspector = Inspector {
        connection,
        flavour,
        renamed_from: steps
            .iter()
            .filter_map(|s| match s {
                Step::RenameTable { from, to } => Some((to.clone(), from.clone())),
                _ => None,
            })
            .collect(),
        rows: HashMap::new(),
    };
    let mut out = CheckResults::default();
    for step in steps {
        match step {
            Step::DropTable { table } => {
                let rows = inspector.row_count(table).await?;
                if rows > 0 {
                    out.warnings.push(format!(
                        "You are about to drop the `{}` table, which is not empty ({rows} rows).",
                        table.name
                    ));
                }
            }
            Step::AlterTable { table, changes } => {
                for change in changes {
                    check_change(&mut inspector, &mut out, table, change).await?;
                }
            }
            Step::RedefineTable { from, to } => {
                let table = TableRef::of(to);
                for change in redefine_changes(from, to) {
                    check_change(&mut inspector, &mut out, &table, &change).await?;
                }
                for index in to.indexes.iter().filter(|i| i.unique) {
                    let existed = from
                        .indexes
                        .iter()
                        .any(|e| e.unique && e.columns == index.columns);
                    let columns: Vec<String> =
                        index.columns.iter().map(|c| c.name.clone()).collect();
                    if !existed && columns.iter().all(|c| from.column(c).is_some()) {
                        unique_check(&mut inspector, &mut out, &table, &columns).await?;
                    }
                }
            }
            Step::CreateIndex { table, index } if index.unique => {
                let exists = steps.iter().any(|s| matches!(s, Step::CreateTable(t) if &TableRef::of(t) == table))
                    || steps.iter().any(|s| matches!(s, Step::RedefineTable { to, .. } if &TableRef::of(to) == table));
                if !exists {
                    let columns: Vec<String> =
                        index.columns.iter().map(|c| c.name.clone()).collect();
                    let added: Vec<&str> = steps
                        .iter()
                        .filter_map(|s| match s {
                            Step::AlterTable { table: t, changes } if t == table => Some(changes),
                            _ => None,
                        })
                        .flatten()
                        .filter_map(|c| match c {
                            TableChange::AddColumn { column } => Some(column.name.as_str()),
                            _ => None,
                        })
                        .collect();
                    if !columns.iter().any(|c| added.contains(&c.as_str())) {
                        unique_check(&mut inspector, &mut out, table, &columns).await?;
                    }
                }
            }
            Step::RecreateEnum { to, removed, .. } if !removed.is_empty() => {
                out.warnings.push(format!(
                    "The values [{}] on the enum `{}` will be removed. If these variants are still used in the database, this will fail.",
                    removed.join(","),
                    to.name
                ));
            }
            _ => {}
        }
    }
    Ok(out)
}

/// A SQLite rebuild as the changes it stands for.
fn redefine_changes(from: &Table, to: &Table) -> Vec<TableChange> {
    let mut out = Vec::new();
    if from.primary_key.as_ref().map(|p| &p.columns) != to.primary_key.as_ref().map(|p| &p.columns)
        && from.primary_key.is_some()
    {
        out.push(TableChange::DropPrimaryKey { name: None });
    }
    for column in &from.columns {
        match to.column(&column.name) {
            None => out.push(TableChange::DropColumn {
                column: column.clone(),
            }),
            Some(wanted) if wanted != column => out.push(TableChange::AlterColumn {
                from: column.clone(),
                to: wanted.clone(),
            }),
            Some(_) => {}
        }
    }
    for column in &to.columns {
        if from.column(&column.name).is_none() {
            out.push(TableChange::AddColumn {
                column: column.clone(),
            });
        }
    }
    out
}

async fn unique_check(
    inspector: &mut Inspector<'_>,
    out: &mut CheckResults,
    table: &TableRef,
    columns: &[String],
) -> Result<(), DatabaseError> {
    if inspector.duplicates(table, columns).await? > 0 {
        out.warnings.push(format!(
            "A unique constraint covering the columns `[{}]` on the table `{}` will be added. If there are existing duplicate values, this will fail.",
            columns.join(","),
            table.name
        ));
    }
    Ok(())
}

async fn check_change(
    inspector: &mut Inspector<'_>,
    out: &mut CheckResults,
    table: &TableRef,
    change: &TableChange,
) -> Result<(), DatabaseError> {
    let flavour = inspector.flavour;
    match change {
        TableChange::DropColumn { column } => {
            let values = inspector.non_null_count(table, &column.name).await?;
            if values > 0 {
                out.warnings.push(format!(
                    "You are about to drop the column `{}` on the `{}` table, which still contains {values} non-null values.",
                    column.name, table.name
                ));
            }
        }
        TableChange::AddColumn { column } => {
            if !column.nullable && column.default.is_none() && !column.autoincrement {
                let rows = inspector.row_count(table).await?;
                if rows > 0 {
                    out.unexecutable.push(format!(
                        "Added the required column `{}` to the `{}` table without a default value. There are {rows} rows in this table, it is not possible to execute this step.",
                        column.name, table.name
                    ));
                }
            }
        }
        TableChange::AlterColumn { from, to } => {
            if !from.list && to.list {
                let values = inspector.non_null_count(table, &from.name).await?;
                if values > 0 {
                    out.unexecutable.push(format!(
                        "Changed the column `{}` on the `{}` table from a scalar field to a list field. There are {values} existing non-null values in that column, this step cannot be executed.",
                        to.name, table.name
                    ));
                }
            } else if let Some(removed) = removed_mysql_enum_values(from, to, flavour) {
                // MySQL enums live on their column; Prisma names them `<table>_<column>`.
                if !removed.is_empty() {
                    out.warnings.push(format!(
                        "The values [{}] on the enum `{}_{}` will be removed. If these variants are still used in the database, this will fail.",
                        removed.join(","),
                        table.name,
                        to.name
                    ));
                }
            } else if !safe_cast(from, to, flavour) {
                let values = inspector.non_null_count(table, &from.name).await?;
                if values > 0 {
                    out.warnings.push(format!(
                        "You are about to alter the column `{}` on the `{}` table, which contains {values} non-null values. The data in that column will be cast from `{}` to `{}`.",
                        to.name,
                        table.name,
                        display_type(from, flavour),
                        display_type(to, flavour)
                    ));
                }
            }
            if from.nullable && !to.nullable {
                let rows = inspector.row_count(table).await?;
                let values = inspector.non_null_count(table, &from.name).await?;
                let nulls = rows - values;
                if nulls > 0 {
                    out.unexecutable.push(format!(
                        "Made the column `{}` on table `{}` required, but there are {nulls} existing NULL values.",
                        to.name, table.name
                    ));
                }
            }
        }
        TableChange::DropPrimaryKey { .. } => {
            if inspector.row_count(table).await? > 0 {
                out.warnings.push(format!(
                    "The primary key for the `{}` table will be changed. If it partially fails, the table could be left without primary key constraint.",
                    table.name
                ));
            }
        }
        TableChange::AddPrimaryKey(_) => {}
    }
    Ok(())
}

/// For a MySQL column that is an `ENUM` before and after: the values it loses (empty when it only gains
/// some). `None` for anything else.
fn removed_mysql_enum_values(from: &Column, to: &Column, flavour: Flavour) -> Option<Vec<String>> {
    if flavour != Flavour::Mysql {
        return None;
    }
    let (ColumnType::Native(a), ColumnType::Native(b)) = (&from.column_type, &to.column_type)
    else {
        return None;
    };
    let (before, after) = (enum_values(a)?, enum_values(b)?);
    Some(before.into_iter().filter(|v| !after.contains(v)).collect())
}

/// Whether every value of `from`'s type survives conversion to `to`'s: the same type, a wider number,
/// a longer or unbounded text, more time precision, or anything to text.
fn safe_cast(from: &Column, to: &Column, flavour: Flavour) -> bool {
    let (a, b) = (display_type(from, flavour), display_type(to, flavour));
    if a == b {
        return true;
    }
    let split = |t: &str| -> (String, Vec<u32>) {
        let base = t.split('(').next().unwrap_or("").trim().to_owned();
        let args = t
            .split_once('(')
            .map(|(_, rest)| {
                rest.trim_end_matches(')')
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect()
            })
            .unwrap_or_default();
        (base, args)
    };
    let ((base_a, args_a), (base_b, args_b)) = (split(&a), split(&b));
    if from.list != to.list {
        return false;
    }
    if flavour == Flavour::Mysql {
        return mysql_safe_cast((&base_a, &args_a), (&base_b, &args_b));
    }
    let rank = |t: &str| match t {
        "SMALLINT" => Some(1),
        "INTEGER" => Some(2),
        "BIGINT" => Some(3),
        _ => None,
    };
    match (base_a.as_str(), base_b.as_str()) {
        (_, "TEXT") => true,
        (x, y) if rank(x).is_some() && rank(y).is_some() => rank(x) <= rank(y),
        (x, "DECIMAL" | "DOUBLE PRECISION" | "REAL") if rank(x).is_some() => true,
        ("REAL", "DOUBLE PRECISION") => true,
        ("VARCHAR" | "CHAR", "VARCHAR") => {
            args_b.is_empty() || (!args_a.is_empty() && args_a <= args_b)
        }
        ("TIMESTAMP", "TIMESTAMP")
        | ("TIMESTAMPTZ", "TIMESTAMPTZ")
        | ("TIMESTAMP", "TIMESTAMPTZ") => {
            args_b.is_empty() || args_a.first().unwrap_or(&6) <= args_b.first().unwrap_or(&6)
        }
        ("DECIMAL", "DECIMAL") => args_b.is_empty(),
        ("JSON", "JSONB") => true,
        _ if flavour == Flavour::Sqlite => matches!(
            (base_a.as_str(), base_b.as_str()),
            (
                "INTEGER" | "BIGINT",
                "INTEGER" | "BIGINT" | "REAL" | "DECIMAL"
            )
        ),
        _ => false,
    }
}

/// [`safe_cast`] for MySQL's types (canonical spelling, `UNSIGNED` part of the base): wider integers of
/// the same signedness, longer strings, bigger text and blob types, more fractional seconds.
fn mysql_safe_cast(from: (&str, &[u32]), to: (&str, &[u32])) -> bool {
    let ((base_a, args_a), (base_b, args_b)) = (from, to);
    let integer = |t: &str| -> Option<(u8, bool)> {
        let unsigned = t.ends_with(" UNSIGNED");
        let rank = match t.trim_end_matches(" UNSIGNED") {
            "BOOLEAN" | "TINYINT" => 1,
            "SMALLINT" => 2,
            "MEDIUMINT" => 3,
            "INTEGER" => 4,
            "BIGINT" => 5,
            _ => return None,
        };
        Some((rank, unsigned))
    };
    let text = |t: &str| match t {
        "TINYTEXT" => Some(1),
        "TEXT" => Some(2),
        "MEDIUMTEXT" => Some(3),
        "LONGTEXT" => Some(4),
        _ => None,
    };
    let blob = |t: &str| match t {
        "TINYBLOB" => Some(1),
        "BLOB" => Some(2),
        "MEDIUMBLOB" => Some(3),
        "LONGBLOB" => Some(4),
        _ => None,
    };
    match (integer(base_a), integer(base_b)) {
        // An unsigned integer fits a signed one of a bigger rank; a signed one never fits unsigned.
        (Some((ra, ua)), Some((rb, ub))) => {
            return (ua == ub && ra <= rb) || (ua && !ub && ra < rb)
        }
        (Some(_), None) => return matches!(base_b, "DECIMAL" | "DOUBLE") || text(base_b).is_some(),
        _ => {}
    }
    match (base_a, base_b) {
        ("VARCHAR" | "CHAR", "VARCHAR") => args_a <= args_b,
        ("VARCHAR" | "CHAR", t) if text(t).is_some() => true,
        (a, b) if text(a).is_some() && text(b).is_some() => text(a) <= text(b),
        (a, b) if blob(a).is_some() && blob(b).is_some() => blob(a) <= blob(b),
        ("VARBINARY" | "BINARY", b) if blob(b).is_some() => true,
        ("FLOAT", "DOUBLE") => true,
        ("DATETIME", "DATETIME") | ("TIME", "TIME") | ("TIMESTAMP", "DATETIME") => {
            args_a.first().unwrap_or(&0) <= args_b.first().unwrap_or(&0)
        }
        ("DATE", "DATETIME") => true,
        _ => false,
    }
}

/// Quoting for catalog literals, re-exported for the push's namespace queries.
pub(crate) fn sql_literal(s: &str) -> String {
    literal(s)
}
