//! Migration steps in MySQL's spelling, as Prisma's MySQL migration files write them: backtick
//! identifiers, `MODIFY` with the whole column definition, `DROP INDEX ... ON`, `DROP FOREIGN KEY`,
//! `ALTER TABLE` clauses joined by a comma and a new line.
//!
//! MySQL has no enum types, no constraint renames and no table rebuilds; the differ produces none of
//! those steps for it, so they render as nothing here.

use super::diff::{Step, TableChange, TableRef};
use super::render::{create_index, foreign_key, mysql_column, mysql_create_table};
use super::schema::quote_in;
use super::steps::table_stub;
use super::Flavour;

fn ident(name: &str) -> String {
    quote_in(Flavour::Mysql, name)
}

fn table_name(table: &TableRef) -> String {
    ident(&table.name)
}

/// The statements of one step on MySQL.
pub(crate) fn render_mysql_step(step: &Step) -> Vec<String> {
    match step {
        Step::DropForeignKey { table, foreign_key } => vec![format!(
            "ALTER TABLE {} DROP FOREIGN KEY {}",
            table_name(table),
            ident(&foreign_key.name)
        )],
        Step::DropIndex { table, index } => vec![format!(
            "DROP INDEX {} ON {}",
            ident(&index.name),
            table_name(table)
        )],
        Step::RenameTable { from, to } => vec![format!(
            "RENAME TABLE {} TO {}",
            table_name(from),
            table_name(to)
        )],
        // MySQL 5.7+ and MariaDB 10.5.2+.
        Step::RenameIndex { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME INDEX {} TO {}",
            table_name(table),
            ident(from),
            ident(to)
        )],
        Step::AlterTable { table, changes } => alter(table, changes),
        Step::DropTable { table } => vec![format!("DROP TABLE {}", table_name(table))],
        Step::CreateTable(table) => vec![mysql_create_table(table)],
        Step::CreateIndex { table, index } => {
            vec![create_index(&table_stub(table), index, Flavour::Mysql)]
        }
        Step::AddForeignKey {
            table,
            foreign_key: fk,
        } => vec![format!(
            "ALTER TABLE {} ADD {}",
            table_name(table),
            foreign_key(fk, Flavour::Mysql)
        )],
        Step::CreateExtension(_)
        | Step::CreateEnum(_)
        | Step::AddEnumValues { .. }
        | Step::RenameConstraint { .. }
        | Step::RedefineTable { .. }
        | Step::RecreateEnum { .. }
        | Step::DropEnum(_) => Vec::new(),
    }
}

/// One `ALTER TABLE` with all the table's changes: MySQL checks the table as it is after the whole
/// statement, so a new `AUTO_INCREMENT` column and the primary key it needs can come together.
fn alter(table: &TableRef, changes: &[TableChange]) -> Vec<String> {
    let clauses: Vec<String> = changes
        .iter()
        .map(|change| match change {
            TableChange::DropPrimaryKey { .. } => "DROP PRIMARY KEY".to_owned(),
            TableChange::DropColumn { column } => format!("DROP COLUMN {}", ident(&column.name)),
            TableChange::AddColumn { column } => format!("ADD COLUMN {}", mysql_column(column)),
            TableChange::AlterColumn { to, .. } => format!("MODIFY {}", mysql_column(to)),
            TableChange::AddPrimaryKey(pk) => {
                let columns: Vec<String> = pk.columns.iter().map(|c| ident(c)).collect();
                format!("ADD PRIMARY KEY ({})", columns.join(", "))
            }
        })
        .collect();
    if clauses.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "ALTER TABLE {} {}",
        table_name(table),
        clauses.join(",\n    ")
    )]
}
