//! Migration steps as SQL, spelled as Prisma's migration files spell them (`ALTER TABLE "User" ADD COLUMN
//!     "bio" TEXT`, the SQLite `new_<Table>` rebuild), so a push reads like the migration Prisma would
//! write. MySQL's spelling is in [`super::steps_mysql`].

use super::diff::{Step, TableChange, TableRef};
use super::render::{
    column_type, create_index, foreign_key, postgres_column, postgres_create_table,
    sqlite_create_table,
};
use super::schema::{qualified, quote, Column, ColumnType, Table};
use super::steps_mysql::render_mysql_step;
use super::Flavour;

/// The statements of all steps, in order.
pub fn render_steps(steps: &[Step], flavour: Flavour) -> Vec<String> {
    steps.iter().flat_map(|s| render_step(s, flavour)).collect()
}

fn table_name(table: &TableRef, flavour: Flavour) -> String {
    match flavour {
        Flavour::Sqlite => quote(&table.name),
        _ => qualified(table.namespace.as_deref(), &table.name),
    }
}

/// An index or constraint name, qualified by the table's schema where indexes live in schemas.
fn index_ref(table: &TableRef, name: &str, flavour: Flavour) -> String {
    match flavour {
        Flavour::Sqlite => quote(name),
        _ => qualified(table.namespace.as_deref(), name),
    }
}

/// A table with only its name, for renderers that take a [`Table`] where a step has a [`TableRef`].
pub(super) fn table_stub(table: &TableRef) -> Table {
    Table {
        name: table.name.clone(),
        namespace: table.namespace.clone(),
        columns: Vec::new(),
        primary_key: None,
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
    }
}

/// The statements of one step.
pub fn render_step(step: &Step, flavour: Flavour) -> Vec<String> {
    if flavour == Flavour::Mysql {
        return render_mysql_step(step);
    }
    match step {
        Step::CreateExtension(ext) => {
            let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", quote(&ext.name));
            if let Some(schema) = &ext.schema {
                sql.push_str(&format!(" WITH SCHEMA {}", quote(schema)));
            }
            vec![sql]
        }
        Step::CreateEnum(e) => vec![format!(
            "CREATE TYPE {} AS ENUM ({})",
            qualified(e.namespace.as_deref(), &e.name),
            values(&e.values)
        )],
        Step::AddEnumValues { target, values } => values
            .iter()
            .map(|v| {
                format!(
                    "ALTER TYPE {} ADD VALUE '{}'",
                    qualified(target.namespace.as_deref(), &target.name),
                    v.replace('\'', "''")
                )
            })
            .collect(),
        Step::DropForeignKey { table, foreign_key } => vec![format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            table_name(table, flavour),
            quote(&foreign_key.name)
        )],
        Step::DropIndex { table, index } => {
            vec![format!(
                "DROP INDEX {}",
                index_ref(table, &index.name, flavour)
            )]
        }
        Step::RenameTable { from, to } => vec![format!(
            "ALTER TABLE {} RENAME TO {}",
            table_name(from, flavour),
            quote(&to.name)
        )],
        Step::RenameConstraint { table, from, to } => vec![format!(
            "ALTER TABLE {} RENAME CONSTRAINT {} TO {}",
            table_name(table, flavour),
            quote(from),
            quote(to)
        )],
        Step::RenameIndex { table, from, to } => vec![format!(
            "ALTER INDEX {} RENAME TO {}",
            index_ref(table, from, flavour),
            quote(to)
        )],
        Step::AlterTable { table, changes } => match flavour {
            Flavour::Sqlite => sqlite_alter(table, changes),
            _ => postgres_alter(table, changes),
        },
        Step::RedefineTable { from, to } => redefine(from, to),
        Step::RecreateEnum { to, columns, .. } => {
            let enum_name = qualified(to.namespace.as_deref(), &to.name);
            let new_name = format!("{}_new", to.name);
            let new_ref = qualified(to.namespace.as_deref(), &new_name);
            let mut out = vec![format!(
                "CREATE TYPE {new_ref} AS ENUM ({})",
                values(&to.values)
            )];
            for (table, column) in columns {
                let t = table_name(table, flavour);
                let c = quote(&column.name);
                if column.default.is_some() {
                    out.push(format!("ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT"));
                }
                let (target_type, via) = if column.list {
                    (format!("{new_ref}[]"), "text[]")
                } else {
                    (new_ref.clone(), "text")
                };
                out.push(format!(
                    "ALTER TABLE {t} ALTER COLUMN {c} TYPE {target_type} USING ({c}::{via}::{target_type})"
                ));
            }
            out.push(format!(
                "ALTER TYPE {enum_name} RENAME TO {}",
                quote(&format!("{}_old", to.name))
            ));
            out.push(format!(
                "ALTER TYPE {new_ref} RENAME TO {}",
                quote(&to.name)
            ));
            out.push(format!(
                "DROP TYPE {}",
                qualified(to.namespace.as_deref(), &format!("{}_old", to.name))
            ));
            for (table, column) in columns {
                if let Some(default) = &column.default {
                    out.push(format!(
                        "ALTER TABLE {} ALTER COLUMN {} SET DEFAULT {default}",
                        table_name(table, flavour),
                        quote(&column.name)
                    ));
                }
            }
            out
        }
        Step::DropTable { table } => vec![format!("DROP TABLE {}", table_name(table, flavour))],
        Step::CreateTable(table) => vec![match flavour {
            Flavour::Sqlite => sqlite_create_table(table),
            _ => postgres_create_table(table),
        }],
        Step::CreateIndex { table, index } => {
            vec![create_index(&table_stub(table), index, flavour)]
        }
        Step::AddForeignKey {
            table,
            foreign_key: fk,
        } => vec![format!(
            "ALTER TABLE {} ADD {}",
            table_name(table, flavour),
            foreign_key(fk, flavour)
        )],
        Step::DropEnum(e) => vec![format!(
            "DROP TYPE {}",
            qualified(e.namespace.as_deref(), &e.name)
        )],
    }
}

fn values(values: &[String]) -> String {
    values
        .iter()
        .map(|v| format!("'{}'", v.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// SQLite alters in place only by adding columns; the differ sends everything else to [`redefine`].
fn sqlite_alter(table: &TableRef, changes: &[TableChange]) -> Vec<String> {
    changes
        .iter()
        .filter_map(|change| match change {
            TableChange::AddColumn { column } => {
                let mut sql = format!(
                    "ALTER TABLE {} ADD COLUMN {} {}",
                    quote(&table.name),
                    quote(&column.name),
                    column_type(column, Flavour::Sqlite)
                );
                if !column.nullable {
                    sql.push_str(" NOT NULL");
                }
                if let Some(default) = &column.default {
                    sql.push_str(" DEFAULT ");
                    sql.push_str(default);
                }
                Some(sql)
            }
            _ => None,
        })
        .collect()
}

/// One `ALTER TABLE` with its clauses joined, as Prisma writes it; sequences for columns that become
/// autoincrement come before it.
fn postgres_alter(table: &TableRef, changes: &[TableChange]) -> Vec<String> {
    let t = table_name(table, Flavour::Postgres);
    let mut before = Vec::new();
    let mut clauses = Vec::new();
    let mut after = Vec::new();
    for change in changes {
        match change {
            TableChange::DropPrimaryKey { name } => {
                let name = name
                    .clone()
                    .unwrap_or_else(|| format!("{}_pkey", table.name));
                clauses.push(format!("DROP CONSTRAINT {}", quote(&name)));
            }
            TableChange::DropColumn { column } => {
                clauses.push(format!("DROP COLUMN {}", quote(&column.name)))
            }
            TableChange::AddColumn { column } => {
                // Prisma's spelling: the column definition keeps its indent after `ADD COLUMN`.
                clauses.push(format!("ADD COLUMN {}", postgres_column(column)))
            }
            TableChange::AlterColumn { from, to } => {
                let c = quote(&to.name);
                let full_type = |column: &Column| {
                    let base = match &column.column_type {
                        ColumnType::Native(t) => t.clone(),
                        ColumnType::Enum { name, namespace } => {
                            qualified(namespace.as_deref(), name)
                        }
                    };
                    if column.list {
                        format!("{base}[]")
                    } else {
                        base
                    }
                };
                let type_changed = full_type(from).to_uppercase() != full_type(to).to_uppercase()
                    || from.list != to.list;
                if type_changed {
                    if from.default.is_some() {
                        clauses.push(format!("ALTER COLUMN {c} DROP DEFAULT"));
                    }
                    let new_type = full_type(to);
                    let via = match (&from.column_type, from.list) {
                        (ColumnType::Enum { .. }, false) => "::text",
                        (ColumnType::Enum { .. }, true) => "::text[]",
                        _ => "",
                    };
                    clauses.push(format!(
                        "ALTER COLUMN {c} SET DATA TYPE {new_type} USING ({c}{via}::{new_type})"
                    ));
                }
                if from.nullable != to.nullable {
                    clauses.push(format!(
                        "ALTER COLUMN {c} {} NOT NULL",
                        if to.nullable { "DROP" } else { "SET" }
                    ));
                }
                if from.autoincrement != to.autoincrement {
                    if to.autoincrement {
                        let sequence = format!("{}_{}_seq", table.name, to.name);
                        let sequence_ref = qualified(table.namespace.as_deref(), &sequence);
                        before.push(format!("CREATE SEQUENCE {sequence_ref}"));
                        clauses.push(format!(
                            "ALTER COLUMN {c} SET DEFAULT nextval('{}')",
                            sequence_ref.replace('\'', "''")
                        ));
                        after.push(format!("ALTER SEQUENCE {sequence_ref} OWNED BY {t}.{c}"));
                    } else {
                        clauses.push(format!("ALTER COLUMN {c} DROP DEFAULT"));
                    }
                } else if type_changed || from.default != to.default {
                    match &to.default {
                        Some(default) => {
                            clauses.push(format!("ALTER COLUMN {c} SET DEFAULT {default}"))
                        }
                        None if !type_changed && from.default.is_some() => {
                            clauses.push(format!("ALTER COLUMN {c} DROP DEFAULT"))
                        }
                        None => {}
                    }
                }
            }
            TableChange::AddPrimaryKey(pk) => {
                let cols: Vec<String> = pk.columns.iter().map(|c| quote(c)).collect();
                let name = pk
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("{}_pkey", table.name));
                clauses.push(format!(
                    "ADD CONSTRAINT {} PRIMARY KEY ({})",
                    quote(&name),
                    cols.join(",")
                ));
            }
        }
    }
    let mut out = before;
    if !clauses.is_empty() {
        out.push(format!("ALTER TABLE {t} {}", clauses.join(",\n")));
    }
    out.extend(after);
    out
}

/// SQLite's table rebuild: create `new_<Table>` as wanted, copy the columns both versions have, drop the
/// old table and rename the new one. Indexes are created afterwards by their own steps. Foreign keys are
/// switched off around the transaction by the caller, and checked before it commits.
fn redefine(from: &Table, to: &Table) -> Vec<String> {
    let temporary = format!("new_{}", to.name);
    let mut new_table = to.clone();
    new_table.name = temporary.clone();
    let copied: Vec<String> = to
        .columns
        .iter()
        .filter(|c| from.column(&c.name).is_some())
        .map(|c| quote(&c.name))
        .collect();
    let mut out = vec![sqlite_create_table(&new_table)];
    if !copied.is_empty() {
        out.push(format!(
            "INSERT INTO {} ({}) SELECT {} FROM {}",
            quote(&temporary),
            copied.join(", "),
            copied.join(", "),
            quote(&from.name)
        ));
    }
    out.push(format!("DROP TABLE {}", quote(&from.name)));
    out.push(format!(
        "ALTER TABLE {} RENAME TO {}",
        quote(&temporary),
        quote(&to.name)
    ));
    out
}
