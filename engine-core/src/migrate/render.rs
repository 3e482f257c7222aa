//! [`SqlSchema`] as DDL statements, spelled the way Prisma's schema engine spells them.
//!
//! Matching Prisma's text (not just its effect) keeps the door open for comparing against `migrate diff`
//! output, and makes the snapshot tests readable against Prisma's own migration files.

use schema_core::config::ReferentialAction;
use schema_core::datamodel::SortOrder;

use super::schema::{
    is_fulltext, qualified, quote, quote_in, Column, ColumnType, ForeignKey, Index, SqlSchema,
    Table,
};
use super::Flavour;

/// Prisma indents column definitions with four spaces.
const INDENT: &str = "    ";

/// The statements that create `schema` on an empty database, in an order that runs: on PostgreSQL
/// extensions, enums,
/// tables, indexes, then foreign keys (so tables may reference each other in any order); on SQLite
/// tables with their foreign keys inline (SQLite cannot add them later), then indexes.
pub fn create_statements(schema: &SqlSchema, flavour: Flavour) -> Vec<String> {
    let mut out = Vec::new();
    match flavour {
        Flavour::Postgres => {
            for ext in &schema.extensions {
                let mut sql = format!("CREATE EXTENSION IF NOT EXISTS {}", quote(&ext.name));
                if ext.schema.is_some() || ext.version.is_some() {
                    sql.push_str(" WITH");
                }
                if let Some(schema) = &ext.schema {
                    sql.push_str(&format!(" SCHEMA {}", quote(schema)));
                }
                if let Some(version) = &ext.version {
                    sql.push_str(&format!(" VERSION {}", quote(version)));
                }
                out.push(sql);
            }
            for e in &schema.enums {
                let values: Vec<String> = e
                    .values
                    .iter()
                    .map(|v| format!("'{}'", v.replace('\'', "''")))
                    .collect();
                out.push(format!(
                    "CREATE TYPE {} AS ENUM ({})",
                    qualified(e.namespace.as_deref(), &e.name),
                    values.join(", ")
                ));
            }
            out.extend(schema.tables.iter().map(postgres_create_table));
            for table in &schema.tables {
                out.extend(
                    table
                        .indexes
                        .iter()
                        .map(|i| create_index(table, i, flavour)),
                );
            }
            for table in &schema.tables {
                out.extend(table.foreign_keys.iter().map(|fk| {
                    format!(
                        "ALTER TABLE {} ADD {}",
                        qualified(table.namespace.as_deref(), &table.name),
                        foreign_key(fk, flavour)
                    )
                }));
            }
        }
        Flavour::Mysql => {
            out.extend(schema.tables.iter().map(mysql_create_table));
            for table in &schema.tables {
                out.extend(table.foreign_keys.iter().map(|fk| {
                    format!(
                        "ALTER TABLE {} ADD {}",
                        quote_in(flavour, &table.name),
                        foreign_key(fk, flavour)
                    )
                }));
            }
        }
        Flavour::Sqlite => {
            out.extend(schema.tables.iter().map(sqlite_create_table));
            for table in &schema.tables {
                out.extend(
                    table
                        .indexes
                        .iter()
                        .map(|i| create_index(table, i, flavour)),
                );
            }
        }
    }
    out
}

pub(crate) fn column_type(column: &Column, flavour: Flavour) -> String {
    let base = match &column.column_type {
        ColumnType::Native(t) if column.autoincrement && flavour == Flavour::Postgres => {
            match t.as_str() {
                "INTEGER" => "SERIAL".to_owned(),
                "BIGINT" => "BIGSERIAL".to_owned(),
                "SMALLINT" => "SMALLSERIAL".to_owned(),
                other => other.to_owned(),
            }
        }
        ColumnType::Native(t) => t.clone(),
        ColumnType::Enum { name, namespace } => qualified(namespace.as_deref(), name),
    };
    if column.list {
        format!("{base}[]")
    } else {
        base
    }
}

pub(crate) fn postgres_column(column: &Column) -> String {
    let mut out = format!(
        "{INDENT}{} {}",
        quote(&column.name),
        column_type(column, Flavour::Postgres)
    );
    if !column.nullable {
        out.push_str(" NOT NULL");
    }
    if let Some(default) = &column.default {
        out.push_str(" DEFAULT ");
        out.push_str(default);
    }
    out
}

pub(crate) fn postgres_create_table(table: &Table) -> String {
    let columns: Vec<String> = table.columns.iter().map(postgres_column).collect();
    let mut out = format!(
        "CREATE TABLE {} (\n{}",
        qualified(table.namespace.as_deref(), &table.name),
        columns.join(",\n")
    );
    if let Some(pk) = &table.primary_key {
        let cols: Vec<String> = pk.columns.iter().map(|c| quote(c)).collect();
        out.push_str(",\n\n");
        out.push_str(INDENT);
        if let Some(name) = &pk.name {
            out.push_str(&format!("CONSTRAINT {} ", quote(name)));
        }
        // Prisma joins primary key columns without a space on PostgreSQL.
        out.push_str(&format!("PRIMARY KEY ({})", cols.join(",")));
    }
    out.push_str("\n)");
    out
}

pub(crate) fn sqlite_create_table(table: &Table) -> String {
    let single_pk = table
        .primary_key
        .as_ref()
        .and_then(|pk| match pk.columns.as_slice() {
            [only] => Some(only.as_str()),
            _ => None,
        });
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|column| {
            let mut out = format!(
                "{INDENT}{} {}",
                quote(&column.name),
                column_type(column, Flavour::Sqlite)
            );
            if !column.nullable {
                out.push_str(" NOT NULL");
            }
            if single_pk == Some(column.name.as_str()) {
                out.push_str(" PRIMARY KEY");
                if column.autoincrement {
                    out.push_str(" AUTOINCREMENT");
                }
            }
            if let Some(default) = &column.default {
                out.push_str(" DEFAULT ");
                out.push_str(default);
            }
            out
        })
        .collect();
    let mut out = format!(
        "CREATE TABLE {} (\n{}",
        quote(&table.name),
        columns.join(",\n")
    );
    if let Some(pk) = table.primary_key.as_ref().filter(|_| single_pk.is_none()) {
        let cols: Vec<String> = pk.columns.iter().map(|c| quote(c)).collect();
        out.push_str(&format!(",\n\n{INDENT}PRIMARY KEY ({})", cols.join(", ")));
    }
    for fk in &table.foreign_keys {
        out.push_str(&format!(",\n{INDENT}{}", foreign_key(fk, Flavour::Sqlite)));
    }
    out.push_str("\n)");
    out
}

pub(crate) fn create_index(table: &Table, index: &Index, flavour: Flavour) -> String {
    let table_ref = match flavour {
        Flavour::Postgres => qualified(table.namespace.as_deref(), &table.name),
        Flavour::Sqlite | Flavour::Mysql => quote_in(flavour, &table.name),
    };
    let using = match index.algorithm.as_deref() {
        Some(algorithm) if flavour == Flavour::Postgres => {
            format!(" USING {} ", algorithm.to_uppercase())
        }
        _ => String::new(),
    };
    format!(
        "CREATE {}INDEX {} ON {table_ref}{using}({})",
        index_kind(index),
        quote_in(flavour, &index.name),
        index_columns(index, flavour)
    )
}

/// The index's columns as its DDL lists them: quoted, with the operator class (PostgreSQL) and the
/// ordering when one was given.
fn index_columns(index: &Index, flavour: Flavour) -> String {
    index
        .columns
        .iter()
        .map(|c| {
            let mut out = quote_in(flavour, &c.name);
            if let Some(ops) = c
                .operator_class
                .as_ref()
                .filter(|_| flavour == Flavour::Postgres)
            {
                out.push(' ');
                out.push_str(ops);
            }
            match c.sort {
                Some(SortOrder::Asc) => out.push_str(" ASC"),
                Some(SortOrder::Desc) => out.push_str(" DESC"),
                None => {}
            }
            out
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `CONSTRAINT "name" FOREIGN KEY (...) REFERENCES "table"(...) ON DELETE ... ON UPDATE ...`; SQLite
/// puts a space between the referenced table and its columns, as Prisma writes it.
pub(crate) fn foreign_key(fk: &ForeignKey, flavour: Flavour) -> String {
    let columns: Vec<String> = fk.columns.iter().map(|c| quote_in(flavour, c)).collect();
    let referenced: Vec<String> = fk
        .referenced_columns
        .iter()
        .map(|c| quote_in(flavour, c))
        .collect();
    let (table, gap) = match flavour {
        Flavour::Postgres => (
            qualified(fk.referenced_namespace.as_deref(), &fk.referenced_table),
            "",
        ),
        Flavour::Sqlite => (quote(&fk.referenced_table), " "),
        Flavour::Mysql => (quote_in(flavour, &fk.referenced_table), ""),
    };
    format!(
        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {table}{gap}({}) ON DELETE {} ON UPDATE {}",
        quote_in(flavour, &fk.name),
        columns.join(", "),
        referenced.join(", "),
        action(fk.on_delete),
        action(fk.on_update)
    )
}

/// A MySQL column definition (`` `bio` VARCHAR(191) NULL ``), as `CREATE TABLE`, `ADD COLUMN` and
/// `MODIFY` take it.
pub(crate) fn mysql_column(column: &Column) -> String {
    let flavour = Flavour::Mysql;
    let mut out = format!(
        "{} {}",
        quote_in(flavour, &column.name),
        column_type(column, flavour)
    );
    // Nullable columns say so: MySQL would otherwise make a `TIMESTAMP` column `NOT NULL`.
    out.push_str(if column.nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    if column.autoincrement {
        out.push_str(" AUTO_INCREMENT");
    }
    if let Some(default) = &column.default {
        out.push_str(" DEFAULT ");
        out.push_str(default);
    }
    out
}

/// `CREATE TABLE` as Prisma writes it for MySQL: columns, then the indexes and the primary key inside the
/// statement, then the table's character set and collation, which decide how strings compare and sort.
pub(crate) fn mysql_create_table(table: &Table) -> String {
    let flavour = Flavour::Mysql;
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|column| format!("{INDENT}{}", mysql_column(column)))
        .collect();
    let mut keys: Vec<String> = table
        .indexes
        .iter()
        .map(|index| {
            format!(
                "{INDENT}{}INDEX {}({})",
                index_kind(index),
                quote_in(flavour, &index.name),
                index_columns(index, flavour)
            )
        })
        .collect();
    if let Some(pk) = &table.primary_key {
        let cols: Vec<String> = pk.columns.iter().map(|c| quote_in(flavour, c)).collect();
        keys.push(format!("{INDENT}PRIMARY KEY ({})", cols.join(", ")));
    }
    if !keys.is_empty() {
        lines.push(String::new());
        lines.extend(keys);
    }
    let body = lines.join(",\n").replace("\n,\n", "\n\n");
    format!(
        "CREATE TABLE {} (\n{body}\n) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        quote_in(flavour, &table.name)
    )
}

/// `UNIQUE `, `FULLTEXT ` (MySQL) or nothing, before `INDEX` in the DDL.
pub(crate) fn index_kind(index: &Index) -> &'static str {
    if index.unique {
        "UNIQUE "
    } else if is_fulltext(index) {
        "FULLTEXT "
    } else {
        ""
    }
}

fn action(action: ReferentialAction) -> &'static str {
    match action {
        ReferentialAction::Cascade => "CASCADE",
        ReferentialAction::Restrict => "RESTRICT",
        ReferentialAction::NoAction => "NO ACTION",
        ReferentialAction::SetNull => "SET NULL",
        ReferentialAction::SetDefault => "SET DEFAULT",
    }
}
