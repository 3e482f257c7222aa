//! SQLite's schema from `sqlite_master` and the table-valued pragmas.
//!
//! Two things the pragmas do not say are read from the `CREATE TABLE` text SQLite keeps verbatim: the
//! names of foreign key constraints and whether the rowid alias was declared `AUTOINCREMENT`.

use schema_core::datamodel::SortOrder;

use super::{is_ignored_table, literal, referential_action, rows, DescribeError, Row};
use crate::connector::SqlQueryable;
use crate::migrate::schema::{
    Column, ColumnType, ForeignKey, Index, IndexColumn, PrimaryKey, SqlSchema, Table,
};

pub(super) async fn describe(connection: &dyn SqlQueryable) -> Result<SqlSchema, DescribeError> {
    let tables = rows(
        connection,
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name"
            .to_owned(),
    )
    .await?;
    let mut out = SqlSchema::default();
    for row in &tables.rows {
        let row = Row(row);
        let name = row.str(0);
        if name.is_empty() || is_ignored_table(&name) {
            continue;
        }
        let sql = row.str(1);
        out.tables
            .push(describe_table(connection, name, &sql).await?);
    }
    Ok(out)
}

async fn describe_table(
    connection: &dyn SqlQueryable,
    name: String,
    sql: &str,
) -> Result<Table, DescribeError> {
    let tokens = tokens(sql);
    let autoincrement = tokens
        .iter()
        .any(|t| matches!(t, Token::Word(w) if w.eq_ignore_ascii_case("AUTOINCREMENT")));

    let info = rows(
        connection,
        format!(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info({}) ORDER BY cid",
            literal(&name)
        ),
    )
    .await?;
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut columns = Vec::new();
    for row in &info.rows {
        let row = Row(row);
        let column = row.str(0);
        let position = row.int(4).unwrap_or(0);
        if position > 0 {
            pk.push((position, column.clone()));
        }
        columns.push(Column {
            name: column,
            column_type: ColumnType::Native(row.str(1).trim().to_uppercase()),
            list: false,
            nullable: !row.bool(2),
            default: row.text(3).filter(|d| !d.eq_ignore_ascii_case("NULL")),
            autoincrement: false,
        });
    }
    pk.sort();
    if let [(_, only)] = pk.as_slice() {
        if autoincrement {
            if let Some(column) = columns.iter_mut().find(|c| &c.name == only) {
                column.autoincrement = true;
            }
        }
    }
    let primary_key = (!pk.is_empty()).then(|| PrimaryKey {
        name: None,
        columns: pk.into_iter().map(|(_, c)| c).collect(),
    });

    let mut indexes = Vec::new();
    let list = rows(
        connection,
        format!(
            "SELECT name, \"unique\", origin FROM pragma_index_list({}) ORDER BY name",
            literal(&name)
        ),
    )
    .await?;
    for row in &list.rows {
        let row = Row(row);
        // Only indexes made by CREATE INDEX: the automatic ones behind inline UNIQUE and PRIMARY KEY
        // clauses belong to the table definition.
        if row.str(2) != "c" {
            continue;
        }
        let index_name = row.str(0);
        let parts = rows(
            connection,
            format!(
                "SELECT name, \"desc\" FROM pragma_index_xinfo({}) WHERE key = 1 ORDER BY seqno",
                literal(&index_name)
            ),
        )
        .await?;
        let mut index_columns = Vec::new();
        let mut expression = false;
        for part in &parts.rows {
            let part = Row(part);
            match part.text(0) {
                Some(column) => index_columns.push(IndexColumn {
                    name: column,
                    sort: part.bool(1).then_some(SortOrder::Desc),
                    operator_class: None,
                }),
                None => expression = true,
            }
        }
        if expression || index_columns.is_empty() {
            continue;
        }
        indexes.push(Index {
            name: index_name,
            unique: row.bool(1),
            columns: index_columns,
            algorithm: None,
        });
    }

    let names = foreign_key_names(&tokens);
    let fk_rows = rows(
        connection,
        format!(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete \
             FROM pragma_foreign_key_list({}) ORDER BY id, seq",
            literal(&name)
        ),
    )
    .await?;
    let mut foreign_keys: Vec<(i64, ForeignKey)> = Vec::new();
    for row in &fk_rows.rows {
        let row = Row(row);
        let id = row.int(0).unwrap_or(-1);
        let column = row.str(2);
        let referenced = row.text(3).unwrap_or_default();
        match foreign_keys.last_mut() {
            Some((last, fk)) if *last == id => {
                fk.columns.push(column);
                fk.referenced_columns.push(referenced);
            }
            _ => foreign_keys.push((
                id,
                ForeignKey {
                    name: String::new(),
                    columns: vec![column],
                    referenced_table: row.str(1),
                    referenced_namespace: None,
                    referenced_columns: vec![referenced],
                    on_delete: referential_action(&row.str(5)),
                    on_update: referential_action(&row.str(4)),
                },
            )),
        }
    }
    let mut foreign_keys: Vec<ForeignKey> = foreign_keys.into_iter().map(|(_, fk)| fk).collect();
    for fk in &mut foreign_keys {
        if let Some((n, _)) = names.iter().find(|(_, cols)| cols == &fk.columns) {
            fk.name = n.clone();
        }
    }
    // Declaration order, which is the order the names were written in.
    foreign_keys.sort_by_key(|fk| {
        names
            .iter()
            .position(|(n, _)| n == &fk.name)
            .unwrap_or(usize::MAX)
    });

    Ok(Table {
        name,
        namespace: None,
        columns,
        primary_key,
        indexes,
        foreign_keys,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// A bare word or a quoted identifier, unquoted.
    Word(String),
    Quoted(String),
    Punct(char),
}

/// Just enough of SQLite's lexer to find `CONSTRAINT name FOREIGN KEY (cols)`: identifiers in any of the
/// four quoting styles, string literals skipped, comments skipped.
fn tokens(sql: &str) -> Vec<Token> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && chars.get(i + 1) == Some(&'-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && chars.get(i + 1) == Some(&'*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if matches!(c, '"' | '`' | '\'' | '[') {
            let close = if c == '[' { ']' } else { c };
            let mut text = String::new();
            i += 1;
            while i < chars.len() {
                if chars[i] == close {
                    if close != ']' && chars.get(i + 1) == Some(&close) {
                        text.push(close);
                        i += 2;
                        continue;
                    }
                    break;
                }
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
            if c != '\'' {
                out.push(Token::Quoted(text));
            }
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || matches!(chars[i], '_' | '$')) {
                i += 1;
            }
            out.push(Token::Word(chars[start..i].iter().collect()));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

fn ident(token: Option<&Token>) -> Option<String> {
    match token? {
        Token::Word(w) | Token::Quoted(w) => Some(w.clone()),
        Token::Punct(_) => None,
    }
}

fn is_word(token: Option<&Token>, word: &str) -> bool {
    matches!(token, Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
}

/// `(name, columns)` of every named table-level foreign key, in declaration order.
fn foreign_key_names(tokens: &[Token]) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if is_word(tokens.get(i), "CONSTRAINT")
            && is_word(tokens.get(i + 2), "FOREIGN")
            && is_word(tokens.get(i + 3), "KEY")
            && tokens.get(i + 4) == Some(&Token::Punct('('))
        {
            if let Some(name) = ident(tokens.get(i + 1)) {
                let mut columns = Vec::new();
                let mut j = i + 5;
                while let Some(token) = tokens.get(j) {
                    match token {
                        Token::Punct(')') => break,
                        Token::Punct(_) => {}
                        Token::Word(w) | Token::Quoted(w) => columns.push(w.clone()),
                    }
                    j += 1;
                }
                out.push((name, columns));
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_key_names_are_read_from_any_quoting() {
        let sql = "CREATE TABLE \"Post\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \
                   \"a\" TEXT DEFAULT 'CONSTRAINT \"x\" FOREIGN KEY (\"y\")',\n    \
                   CONSTRAINT \"Post_a_b_fkey\" FOREIGN KEY (\"a\", [b]) REFERENCES \"User\" (\"id\") -- note\n, \
                   CONSTRAINT `we\"ird` FOREIGN KEY (c) REFERENCES U (id)\n)";
        assert_eq!(
            foreign_key_names(&tokens(sql)),
            vec![
                (
                    "Post_a_b_fkey".to_owned(),
                    vec!["a".to_owned(), "b".to_owned()]
                ),
                ("we\"ird".to_owned(), vec!["c".to_owned()]),
            ]
        );
    }
}
