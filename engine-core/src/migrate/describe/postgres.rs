//! PostgreSQL's schema from `pg_catalog`.
//!
//! `pg_catalog` rather than `information_schema` because only it says what `db push` needs: index access
//! methods, sort options and operator classes, enum value order, array element types with their type
//! modifiers, and which defaults are sequences.

use std::collections::HashMap;

use schema_core::config::ReferentialAction;
use schema_core::datamodel::SortOrder;

use super::{is_ignored_table, literal, rows, DescribeError, DescribeScope, Row};
use crate::connector::SqlQueryable;
use crate::migrate::canonical::canonical_postgres_type;
use crate::migrate::schema::{
    Column, ColumnType, ForeignKey, Index, IndexColumn, PrimaryKey, SqlEnum, SqlExtension,
    SqlSchema, Table,
};

pub(super) async fn describe(
    connection: &dyn SqlQueryable,
    scope: &DescribeScope,
) -> Result<SqlSchema, DescribeError> {
    let namespaces = if scope.namespaces.is_empty() {
        vec!["public".to_owned()]
    } else {
        scope.namespaces.clone()
    };
    let in_list = namespaces
        .iter()
        .map(|n| literal(n))
        .collect::<Vec<_>>()
        .join(", ");
    let ns = |name: String| scope.qualified.then_some(name);

    let mut schema = SqlSchema::default();

    let extensions = rows(
        connection,
        "SELECT e.extname::text, n.nspname::text, e.extversion::text FROM pg_extension e \
         JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql' ORDER BY 1"
            .to_owned(),
    )
    .await?;
    for row in &extensions.rows {
        let row = Row(row);
        schema.extensions.push(SqlExtension {
            name: row.str(0),
            schema: row.text(1),
            version: row.text(2),
        });
    }

    let enums = rows(
        connection,
        format!(
            "SELECT n.nspname::text, t.typname::text, e.enumlabel::text FROM pg_type t \
             JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid \
             WHERE n.nspname IN ({in_list}) ORDER BY 1, 2, e.enumsortorder"
        ),
    )
    .await?;
    for row in &enums.rows {
        let row = Row(row);
        let (namespace, name, value) = (ns(row.str(0)), row.str(1), row.str(2));
        match schema.enums.last_mut() {
            Some(e) if e.name == name && e.namespace == namespace => e.values.push(value),
            _ => schema.enums.push(SqlEnum {
                name,
                namespace,
                values: vec![value],
            }),
        }
    }

    let tables = rows(
        connection,
        format!(
            "SELECT n.nspname::text, c.relname::text FROM pg_class c \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             WHERE n.nspname IN ({in_list}) AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
             ORDER BY 1, 2"
        ),
    )
    .await?;
    // Tables by (namespace as read, name).
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    for row in &tables.rows {
        let row = Row(row);
        let (nsp, name) = (row.str(0), row.str(1));
        if is_ignored_table(&name) {
            continue;
        }
        by_key.insert((nsp.clone(), name.clone()), schema.tables.len());
        schema.tables.push(Table {
            name,
            namespace: ns(nsp),
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
        });
    }

    let columns = rows(
        connection,
        format!(
            "SELECT n.nspname::text, c.relname::text, a.attname::text, \
                    format_type(a.atttypid, a.atttypmod)::text, t.typtype::text, t.typname::text, \
                    tn.nspname::text, (et.oid IS NOT NULL)::bool, \
                    format_type(et.oid, a.atttypmod)::text, et.typtype::text, et.typname::text, \
                    etn.nspname::text, a.attnotnull::bool, pg_get_expr(d.adbin, d.adrelid)::text, \
                    (a.attidentity <> '')::bool \
             FROM pg_attribute a \
             JOIN pg_class c ON c.oid = a.attrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_type t ON t.oid = a.atttypid \
             JOIN pg_namespace tn ON tn.oid = t.typnamespace \
             LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' \
             LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace \
             LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum \
             WHERE n.nspname IN ({in_list}) AND c.relkind IN ('r', 'p') AND a.attnum > 0 \
                   AND NOT a.attisdropped \
             ORDER BY 1, 2, a.attnum"
        ),
    )
    .await?;
    for row in &columns.rows {
        let row = Row(row);
        let Some(&t) = by_key.get(&(row.str(0), row.str(1))) else {
            continue;
        };
        let list = row.bool(7);
        let (formatted, typtype, typname, typns) = if list {
            (row.str(8), row.str(9), row.str(10), row.str(11))
        } else {
            (row.str(3), row.str(4), row.str(5), row.str(6))
        };
        let column_type = if typtype == "e" {
            ColumnType::Enum {
                name: typname,
                namespace: ns(typns),
            }
        } else {
            ColumnType::Native(canonical_postgres_type(&formatted))
        };
        let mut default = row.text(13);
        let mut autoincrement = row.bool(14);
        if default.as_deref().is_some_and(is_sequence_default) {
            default = None;
            autoincrement = true;
        }
        schema.tables[t].columns.push(Column {
            name: row.str(2),
            column_type,
            list,
            nullable: !row.bool(12),
            default,
            autoincrement,
        });
    }

    let primary_keys = rows(
        connection,
        format!(
            "SELECT n.nspname::text, c.relname::text, con.conname::text, a.attname::text \
             FROM pg_constraint con \
             JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
             WHERE con.contype = 'p' AND n.nspname IN ({in_list}) \
             ORDER BY 1, 2, k.ord"
        ),
    )
    .await?;
    for row in &primary_keys.rows {
        let row = Row(row);
        let Some(&t) = by_key.get(&(row.str(0), row.str(1))) else {
            continue;
        };
        let pk = schema.tables[t]
            .primary_key
            .get_or_insert_with(|| PrimaryKey {
                name: Some(row.str(2)),
                columns: Vec::new(),
            });
        pk.columns.push(row.str(3));
    }

    let foreign_keys = rows(
        connection,
        format!(
            "SELECT n.nspname::text, c.relname::text, con.conname::text, rn.nspname::text, \
                    rc.relname::text, a.attname::text, ra.attname::text, \
                    con.confdeltype::text, con.confupdtype::text \
             FROM pg_constraint con \
             JOIN pg_class c ON c.oid = con.conrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_class rc ON rc.oid = con.confrelid \
             JOIN pg_namespace rn ON rn.oid = rc.relnamespace \
             CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, rattnum, ord) \
             JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
             JOIN pg_attribute ra ON ra.attrelid = rc.oid AND ra.attnum = k.rattnum \
             WHERE con.contype = 'f' AND n.nspname IN ({in_list}) \
             ORDER BY 1, 2, 3, k.ord"
        ),
    )
    .await?;
    for row in &foreign_keys.rows {
        let row = Row(row);
        let Some(&t) = by_key.get(&(row.str(0), row.str(1))) else {
            continue;
        };
        let name = row.str(2);
        let fks = &mut schema.tables[t].foreign_keys;
        match fks.last_mut() {
            Some(fk) if fk.name == name => {
                fk.columns.push(row.str(5));
                fk.referenced_columns.push(row.str(6));
            }
            _ => fks.push(ForeignKey {
                name,
                columns: vec![row.str(5)],
                referenced_table: row.str(4),
                referenced_namespace: ns(row.str(3)),
                referenced_columns: vec![row.str(6)],
                on_delete: action(&row.str(7)),
                on_update: action(&row.str(8)),
            }),
        }
    }

    let indexes = rows(
        connection,
        format!(
            "SELECT n.nspname::text, c.relname::text, ic.relname::text, i.indisunique::bool, \
                    am.amname::text, a.attname::text, ((k.option & 1) = 1)::bool, \
                    opc.opcname::text, opc.opcdefault::bool \
             FROM pg_index i \
             JOIN pg_class c ON c.oid = i.indrelid \
             JOIN pg_namespace n ON n.oid = c.relnamespace \
             JOIN pg_class ic ON ic.oid = i.indexrelid \
             JOIN pg_am am ON am.oid = ic.relam \
             CROSS JOIN LATERAL unnest(i.indkey::int2[], i.indclass::oid[], i.indoption::int2[]) \
                  WITH ORDINALITY AS k(attnum, opclass, option, ord) \
             LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum AND k.attnum > 0 \
             LEFT JOIN pg_opclass opc ON opc.oid = k.opclass \
             WHERE NOT i.indisprimary AND n.nspname IN ({in_list}) AND k.ord <= i.indnkeyatts \
             ORDER BY 1, 2, 3, k.ord"
        ),
    )
    .await?;
    let mut expression_indexes: Vec<(usize, String)> = Vec::new();
    for row in &indexes.rows {
        let row = Row(row);
        let Some(&t) = by_key.get(&(row.str(0), row.str(1))) else {
            continue;
        };
        let name = row.str(2);
        let Some(column) = row.text(5) else {
            expression_indexes.push((t, name));
            continue;
        };
        let index_column = IndexColumn {
            name: column,
            sort: row.bool(6).then_some(SortOrder::Desc),
            operator_class: (!row.bool(8)).then(|| row.str(7)).filter(|c| !c.is_empty()),
        };
        let list = &mut schema.tables[t].indexes;
        match list.last_mut() {
            Some(index) if index.name == name => index.columns.push(index_column),
            _ => list.push(Index {
                name,
                unique: row.bool(3),
                columns: vec![index_column],
                algorithm: algorithm(&row.str(4)),
            }),
        }
    }
    for (t, name) in expression_indexes {
        schema.tables[t].indexes.retain(|i| i.name != name);
    }

    Ok(schema)
}

/// `nextval('"User_id_seq"'::regclass)`: the column is a serial.
fn is_sequence_default(expression: &str) -> bool {
    let e = expression.trim();
    e.starts_with("nextval(") && e.ends_with("::regclass)")
}

fn action(code: &str) -> ReferentialAction {
    match code {
        "c" => ReferentialAction::Cascade,
        "r" => ReferentialAction::Restrict,
        "n" => ReferentialAction::SetNull,
        "d" => ReferentialAction::SetDefault,
        _ => ReferentialAction::NoAction,
    }
}

/// The `type:` argument of `@@index` for an access method; B-tree is the default and has none.
fn algorithm(amname: &str) -> Option<String> {
    Some(
        match amname {
            "btree" => return None,
            "hash" => "Hash",
            "gin" => "Gin",
            "gist" => "Gist",
            "spgist" => "SpGist",
            "brin" => "Brin",
            other => other,
        }
        .to_owned(),
    )
}
