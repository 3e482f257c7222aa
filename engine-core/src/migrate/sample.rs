//! One sample row per table, for smoke-testing a pushed schema: if every table takes a row whose foreign
//! keys point at the other sample rows, the types, defaults and constraints were created as meant.
//!
//! Values are SQL literals chosen by column type, so the statements need no parameter binding and read
//! well in a failure message.

use super::schema::{qualified, quote, Column, ColumnType, SqlSchema, Table};
use super::Flavour;

/// `INSERT` statements, one per table, ordered so referenced rows exist before the rows pointing at
/// them. A foreign key whose target has no row yet (a self relation, a cycle) is left `NULL` when its
/// columns allow it.
pub fn sample_inserts(schema: &SqlSchema, flavour: Flavour) -> Vec<String> {
    let mut done: Vec<(usize, Vec<(String, String)>)> = Vec::new();
    let mut remaining: Vec<usize> = (0..schema.tables.len()).collect();

    while !remaining.is_empty() {
        // A table is ready when each required foreign key points at a table that already has its row.
        let ready = remaining.iter().position(|&t| {
            let table = &schema.tables[t];
            table.foreign_keys.iter().all(|fk| {
                let optional = fk
                    .columns
                    .iter()
                    .any(|c| table.column(c).is_some_and(|c| c.nullable));
                optional
                    || done.iter().any(|(d, _)| {
                        schema.tables[*d].name == fk.referenced_table
                            && schema.tables[*d].namespace == fk.referenced_namespace
                    })
            })
        });
        // A cycle of required foreign keys cannot be satisfied; emit the rest in order and let the database
        // say which one failed.
        let index = ready.unwrap_or(0);
        let t = remaining.remove(index);
        let table = &schema.tables[t];
        let row = sample_row(schema, table, &done, flavour);
        done.push((t, row));
    }

    done.iter()
        .map(|(t, row)| {
            let table = &schema.tables[*t];
            let columns: Vec<String> = row.iter().map(|(c, _)| quote(c)).collect();
            let values: Vec<&str> = row.iter().map(|(_, v)| v.as_str()).collect();
            format!(
                "INSERT INTO {} ({}) VALUES ({})",
                qualified(table.namespace.as_deref(), &table.name),
                columns.join(", "),
                values.join(", ")
            )
        })
        .collect()
}

fn sample_row(
    schema: &SqlSchema,
    table: &Table,
    done: &[(usize, Vec<(String, String)>)],
    flavour: Flavour,
) -> Vec<(String, String)> {
    table
        .columns
        .iter()
        .map(|column| {
            let from_fk = table.foreign_keys.iter().find_map(|fk| {
                let position = fk.columns.iter().position(|c| c == &column.name)?;
                let referenced = fk.referenced_columns.get(position)?;
                let value = done
                    .iter()
                    .find(|(d, _)| {
                        schema.tables[*d].name == fk.referenced_table
                            && schema.tables[*d].namespace == fk.referenced_namespace
                    })
                    .and_then(|(_, row)| row.iter().find(|(c, _)| c == referenced))
                    .map(|(_, v)| v.clone());
                // No row to point at: NULL makes the whole key unchecked (MATCH SIMPLE), and a
                // required column of a composite key still gets a value of its own.
                Some(value.unwrap_or_else(|| {
                    if column.nullable {
                        "NULL".to_owned()
                    } else {
                        sample_value(schema, column, flavour)
                    }
                }))
            });
            let value = from_fk.unwrap_or_else(|| sample_value(schema, column, flavour));
            (column.name.clone(), value)
        })
        .collect()
}

fn sample_value(schema: &SqlSchema, column: &Column, flavour: Flavour) -> String {
    if column.list {
        return "'{}'".to_owned();
    }
    let native = match &column.column_type {
        ColumnType::Enum { name, namespace } => {
            return schema
                .enums
                .iter()
                .find(|e| &e.name == name && &e.namespace == namespace)
                .and_then(|e| e.values.first())
                .map_or_else(
                    || "NULL".to_owned(),
                    |v| format!("'{}'", v.replace('\'', "''")),
                );
        }
        ColumnType::Native(t) => t.to_uppercase(),
    };
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| native.starts_with(p));
    if starts(&["INT", "SMALLINT", "BIGINT", "SERIAL", "OID"]) {
        "1".into()
    } else if starts(&["DECIMAL", "NUMERIC", "MONEY", "REAL", "DOUBLE", "FLOAT"]) {
        "1.5".into()
    } else if starts(&["BOOL"]) {
        "true".into()
    } else if starts(&["TIMESTAMP", "DATETIME"]) {
        "'2020-01-01 00:00:00'".into()
    } else if starts(&["DATE"]) {
        "'2020-01-01'".into()
    } else if starts(&["TIME"]) {
        "'12:00:00'".into()
    } else if starts(&["JSON"]) {
        "'{}'".into()
    } else if starts(&["BYTEA"]) {
        "'\\x01'".into()
    } else if starts(&["BLOB"]) {
        "x'01'".into()
    } else if starts(&["UUID"]) {
        "'00000000-0000-0000-0000-000000000001'".into()
    } else if starts(&["INET"]) {
        "'127.0.0.1'".into()
    } else if starts(&["XML"]) {
        "'<a/>'".into()
    } else if starts(&["BIT", "VARBIT"]) {
        "B'1'".into()
    } else if starts(&["TEXT", "VARCHAR", "CHAR", "CITEXT"]) || flavour == Flavour::Sqlite {
        "'a'".into()
    } else if column.nullable {
        "NULL".into()
    } else {
        "'a'".into()
    }
}
