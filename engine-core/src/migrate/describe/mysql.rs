//! MySQL's and MariaDB's schema from `information_schema`, for the connection's current database.
//!
//! The two servers differ in what the catalog says, and both are read:
//! - Defaults: MariaDB (10.2.7+) writes `COLUMN_DEFAULT` as SQL (`'text'` quoted, `42`, `current_timestamp(3)`,
//!   and the text `NULL` for a nullable column without a default); MySQL 8 writes literals unquoted
//!   (`text`) and marks expressions with `DEFAULT_GENERATED` in `EXTRA`, so its literals are quoted here.
//! - JSON: MariaDB's `JSON` is an alias of `LONGTEXT` with a `CHECK (json_valid(col))` constraint, read
//!   back as `JSON`; MySQL 8 has a real `json` type (and `CHECK_CONSTRAINTS` there has no table column,
//!   so it is only queried on MariaDB).
//! - Integer display widths (`int(11)`) are printed by MariaDB only; [`canonical_mysql_type`] drops them.
//!
//! Full-text indexes are read with the [`FULLTEXT`] algorithm. Spatial indexes and MySQL 8 functional
//! indexes are left out: the computed schema has none of them, so nothing could be compared.

use std::collections::HashMap;

use schema_core::datamodel::SortOrder;

use super::{is_ignored_table, referential_action, rows, DescribeError, Row};
use crate::connector::SqlQueryable;
use crate::migrate::canonical_mysql::canonical_mysql_type;
use crate::migrate::schema::{
    mysql_string_literal, Column, ColumnType, ForeignKey, Index, IndexColumn, PrimaryKey,
    SqlSchema, Table, FULLTEXT,
};

pub(super) async fn describe(connection: &dyn SqlQueryable) -> Result<SqlSchema, DescribeError> {
    let version = rows(connection, "SELECT VERSION()".to_owned()).await?;
    let mariadb = version
        .rows
        .first()
        .map(|r| Row(r).str(0))
        .is_some_and(|v| v.to_ascii_lowercase().contains("mariadb"));

    let mut schema = SqlSchema::default();
    let tables = rows(
        connection,
        "SELECT TABLE_NAME FROM information_schema.TABLES \
         WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME"
            .to_owned(),
    )
    .await?;
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for row in &tables.rows {
        let name = Row(row).str(0);
        if is_ignored_table(&name) {
            continue;
        }
        by_name.insert(name.clone(), schema.tables.len());
        schema.tables.push(Table {
            name,
            namespace: None,
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
        });
    }

    // (table, column) pairs whose values MariaDB checks with `json_valid`: its JSON columns.
    let mut json_columns: Vec<(String, String)> = Vec::new();
    if mariadb {
        let checks = rows(
            connection,
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS \
             WHERE CONSTRAINT_SCHEMA = DATABASE()"
                .to_owned(),
        )
        .await?;
        for row in &checks.rows {
            let row = Row(row);
            let column = row.str(1);
            let clause = row.str(2).replace(' ', "").to_ascii_lowercase();
            let expected = format!("json_valid(`{}`)", column.replace('`', "``")).to_lowercase();
            if clause == expected {
                json_columns.push((row.str(0), column));
            }
        }
    }

    let columns = rows(
        connection,
        "SELECT TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, IS_NULLABLE, COLUMN_DEFAULT, EXTRA \
         FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
         ORDER BY TABLE_NAME, ORDINAL_POSITION"
            .to_owned(),
    )
    .await?;
    for row in &columns.rows {
        let row = Row(row);
        let table_name = row.str(0);
        let Some(&t) = by_name.get(&table_name) else {
            continue;
        };
        let name = row.str(1);
        let written = row.str(2);
        let is_json = json_columns
            .iter()
            .any(|(tn, cn)| *tn == table_name && *cn == name)
            && written.eq_ignore_ascii_case("longtext");
        let column_type = if is_json {
            "JSON".to_owned()
        } else {
            canonical_mysql_type(&written)
        };
        let extra = row.str(5).to_ascii_lowercase();
        let default = row
            .text(4)
            .map(|d| catalog_default(d, mariadb, &extra))
            .filter(|d| !d.eq_ignore_ascii_case("NULL"));
        schema.tables[t].columns.push(Column {
            name,
            column_type: ColumnType::Native(column_type),
            list: false,
            nullable: row.str(3).eq_ignore_ascii_case("YES"),
            default,
            autoincrement: extra.contains("auto_increment"),
        });
    }

    let indexes = rows(
        connection,
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, COLUMN_NAME, COLLATION, INDEX_TYPE \
         FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() \
         ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX"
            .to_owned(),
    )
    .await?;
    // Indexes that cannot be compared, dropped once all their rows are read.
    let mut skipped: Vec<(usize, String)> = Vec::new();
    for row in &indexes.rows {
        let row = Row(row);
        let Some(&t) = by_name.get(&row.str(0)) else {
            continue;
        };
        let name = row.str(1);
        let index_type = row.str(5).to_ascii_uppercase();
        let Some(column) = row
            .text(3)
            .filter(|_| matches!(index_type.as_str(), "BTREE" | "HASH" | "FULLTEXT"))
        else {
            skipped.push((t, name));
            continue;
        };
        let table = &mut schema.tables[t];
        if name == "PRIMARY" {
            table
                .primary_key
                .get_or_insert_with(|| PrimaryKey {
                    name: None,
                    columns: Vec::new(),
                })
                .columns
                .push(column);
            continue;
        }
        let index_column = IndexColumn {
            name: column,
            sort: (row.str(4) == "D").then_some(SortOrder::Desc),
            operator_class: None,
        };
        match table.indexes.last_mut() {
            Some(index) if index.name == name => index.columns.push(index_column),
            _ => table.indexes.push(Index {
                name,
                unique: row.int(2) == Some(0),
                columns: vec![index_column],
                algorithm: (index_type == "FULLTEXT").then(|| FULLTEXT.to_owned()),
            }),
        }
    }
    for (t, name) in skipped {
        schema.tables[t].indexes.retain(|i| i.name != name);
    }

    let foreign_keys = rows(
        connection,
        "SELECT k.TABLE_NAME, k.CONSTRAINT_NAME, k.COLUMN_NAME, k.REFERENCED_TABLE_NAME, \
                k.REFERENCED_COLUMN_NAME, r.DELETE_RULE, r.UPDATE_RULE \
         FROM information_schema.KEY_COLUMN_USAGE k \
         JOIN information_schema.REFERENTIAL_CONSTRAINTS r \
           ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME \
          AND r.TABLE_NAME = k.TABLE_NAME \
         WHERE k.TABLE_SCHEMA = DATABASE() AND k.REFERENCED_TABLE_NAME IS NOT NULL \
         ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION"
            .to_owned(),
    )
    .await?;
    for row in &foreign_keys.rows {
        let row = Row(row);
        let Some(&t) = by_name.get(&row.str(0)) else {
            continue;
        };
        let name = row.str(1);
        let fks = &mut schema.tables[t].foreign_keys;
        match fks.last_mut() {
            Some(fk) if fk.name == name => {
                fk.columns.push(row.str(2));
                fk.referenced_columns.push(row.str(4));
            }
            _ => fks.push(ForeignKey {
                name,
                columns: vec![row.str(2)],
                referenced_table: row.str(3),
                referenced_namespace: None,
                referenced_columns: vec![row.str(4)],
                on_delete: referential_action(&row.str(5)),
                on_update: referential_action(&row.str(6)),
            }),
        }
    }
    Ok(schema)
}

/// A `COLUMN_DEFAULT` as SQL. MariaDB's already is; MySQL 8 writes literals as their bare text and
/// expressions (flagged `DEFAULT_GENERATED`, or `CURRENT_TIMESTAMP`) as written.
fn catalog_default(default: String, mariadb: bool, extra: &str) -> String {
    if mariadb
        || extra.contains("default_generated")
        || default
            .to_ascii_uppercase()
            .starts_with("CURRENT_TIMESTAMP")
    {
        default
    } else {
        mysql_string_literal(&default)
    }
}

#[cfg(test)]
mod tests {
    use schema_core::config::ReferentialAction;

    use super::*;

    #[test]
    fn mysql8_literal_defaults_are_quoted_and_expressions_kept() {
        assert_eq!(catalog_default("USER".into(), false, ""), "'USER'");
        assert_eq!(catalog_default("it's".into(), false, ""), "'it''s'");
        assert_eq!(
            catalog_default("(uuid())".into(), false, "default_generated"),
            "(uuid())"
        );
        assert_eq!(
            catalog_default("CURRENT_TIMESTAMP(3)".into(), false, ""),
            "CURRENT_TIMESTAMP(3)"
        );
        assert_eq!(catalog_default("'USER'".into(), true, ""), "'USER'");
    }

    #[test]
    fn referential_rules_map_to_actions() {
        assert_eq!(referential_action("SET NULL"), ReferentialAction::SetNull);
        assert_eq!(referential_action("NO ACTION"), ReferentialAction::NoAction);
        assert_eq!(referential_action("CASCADE"), ReferentialAction::Cascade);
    }
}
