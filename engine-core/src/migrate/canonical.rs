//! One spelling for things databases write several ways, so a described schema and a computed one compare
//! equal exactly when the database would behave the same.
//!
//! PostgreSQL answers `character varying(5)` for `VARCHAR(5)`, `timestamp(3) without time zone` for
//! `TIMESTAMP(3)`, and keeps defaults as parsed expressions (`'admin'::role`, `'-1'::integer`,
//! `'2000-01-02 03:04:05'::timestamp without time zone`); SQLite keeps both as written. The functions here
//! map both sides to one form; [`normalize`] applies them to a whole schema.

use std::str::FromStr;

use bigdecimal::BigDecimal;
use schema_core::config::ReferentialAction;
use schema_core::datamodel::SortOrder;

use super::canonical_mysql::{canonical_mysql_type, decode_mysql_literal};
use super::schema::{Column, ColumnType, ForeignKey, Index, SqlSchema};
use super::Flavour;

/// A PostgreSQL type (as `format_type` prints it, or as Prisma writes it) in Prisma's DDL spelling:
/// upper case, aliases resolved, arguments without spaces, the implicit `(1)` of `CHAR` and `BIT` made
/// explicit. Types it does not know are upper-cased with their arguments kept.
pub fn canonical_postgres_type(written: &str) -> String {
    let written = written.trim();
    let (base, args) = match (written.find('('), written.rfind(')')) {
        (Some(open), Some(close)) if close > open => {
            let args: String = written[open..=close]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let base = format!("{} {}", &written[..open], &written[close + 1..]);
            (base, args)
        }
        _ => (written.to_owned(), String::new()),
    };
    let base = base
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    let base = match base.as_str() {
        "INT" | "INT4" | "SERIAL" | "SERIAL4" => "INTEGER",
        "INT8" | "BIGSERIAL" | "SERIAL8" => "BIGINT",
        "INT2" | "SMALLSERIAL" | "SERIAL2" => "SMALLINT",
        "NUMERIC" => "DECIMAL",
        "FLOAT8" | "FLOAT" => "DOUBLE PRECISION",
        "FLOAT4" => "REAL",
        "BOOL" => "BOOLEAN",
        "CHARACTER VARYING" => "VARCHAR",
        "CHARACTER" | "BPCHAR" => "CHAR",
        "TIMESTAMP WITHOUT TIME ZONE" => "TIMESTAMP",
        "TIMESTAMP WITH TIME ZONE" => "TIMESTAMPTZ",
        "TIME WITHOUT TIME ZONE" => "TIME",
        "TIME WITH TIME ZONE" => "TIMETZ",
        "BIT VARYING" => "VARBIT",
        other => other,
    }
    .to_owned();
    let args = if args.is_empty() && matches!(base.as_str(), "CHAR" | "BIT") {
        "(1)".to_owned()
    } else {
        args
    };
    format!("{base}{args}")
}

/// The column's type as compared: enums by name, native types canonical for the flavour.
pub(crate) fn canonical_type(column: &Column, flavour: Flavour) -> String {
    let base = match &column.column_type {
        ColumnType::Enum { name, namespace } => match namespace {
            Some(ns) => format!("enum {ns}.{name}"),
            None => format!("enum {name}"),
        },
        ColumnType::Native(t) => canonical_native_type(t, flavour),
    };
    if column.list {
        format!("{base}[]")
    } else {
        base
    }
}

/// A native type in the flavour's canonical spelling; SQLite's is its text upper-cased.
fn canonical_native_type(written: &str, flavour: Flavour) -> String {
    match flavour {
        Flavour::Postgres => canonical_postgres_type(written),
        Flavour::Mysql => canonical_mysql_type(written),
        Flavour::Sqlite => written.trim().to_uppercase(),
    }
}

/// What kind of value a column holds, for comparing default literals by value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    Number,
    Boolean,
    /// Date and time, with whether the offset matters (`TIMESTAMPTZ`), and which part is kept.
    Temporal(Temporal),
    Json,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Temporal {
    /// An instant: compared in UTC.
    Instant,
    /// Wall-clock date and time: the offset is ignored, as PostgreSQL ignores it for `timestamp`.
    Local,
    Date,
    Time,
}

fn value_kind(column: &Column, flavour: Flavour) -> ValueKind {
    let ColumnType::Native(t) = &column.column_type else {
        return ValueKind::Other;
    };
    let t = canonical_native_type(t, flavour);
    let base = t.split('(').next().unwrap_or("").trim();
    if flavour == Flavour::Mysql {
        // `INTEGER UNSIGNED` is a number too; MySQL has no time zone types.
        let first = base.split_whitespace().next().unwrap_or("");
        return match first {
            "TINYINT" | "SMALLINT" | "MEDIUMINT" | "INTEGER" | "BIGINT" | "DECIMAL" | "FLOAT"
            | "DOUBLE" | "YEAR" => ValueKind::Number,
            "BOOLEAN" => ValueKind::Boolean,
            "DATETIME" | "TIMESTAMP" => ValueKind::Temporal(Temporal::Local),
            "DATE" => ValueKind::Temporal(Temporal::Date),
            "TIME" => ValueKind::Temporal(Temporal::Time),
            "JSON" => ValueKind::Json,
            _ => ValueKind::Other,
        };
    }
    match base {
        "INTEGER" | "BIGINT" | "SMALLINT" | "DECIMAL" | "REAL" | "DOUBLE PRECISION" | "OID"
        | "INT" | "NUMERIC" | "FLOAT" | "DOUBLE" => ValueKind::Number,
        "BOOLEAN" | "BOOL" => ValueKind::Boolean,
        "TIMESTAMPTZ" => ValueKind::Temporal(Temporal::Instant),
        "TIMESTAMP" => ValueKind::Temporal(Temporal::Local),
        "DATE" => ValueKind::Temporal(Temporal::Date),
        "TIME" | "TIMETZ" => ValueKind::Temporal(Temporal::Time),
        "JSON" | "JSONB" => ValueKind::Json,
        _ => ValueKind::Other,
    }
}

/// The default as compared: casts of literals dropped, numbers, booleans, date-times and JSON compared
/// by value, other expressions by their text with whitespace collapsed. `NULL` is no default.
pub(crate) fn canonical_default(column: &Column, flavour: Flavour) -> Option<String> {
    let expression = column.default.as_deref()?.trim();
    if expression.is_empty() || expression.eq_ignore_ascii_case("NULL") {
        return None;
    }
    let kind = value_kind(column, flavour);
    if flavour == Flavour::Mysql {
        // MySQL literals may carry backslash escapes; compare their value in the standard spelling.
        if let Some(value) = decode_mysql_literal(expression) {
            return Some(canonical_expression(
                &format!("'{}'", value.replace('\'', "''")),
                kind,
            ));
        }
        if let Some(now) = mysql_current_timestamp(expression) {
            return Some(now);
        }
    }
    Some(canonical_expression(expression, kind))
}

fn canonical_expression(expression: &str, kind: ValueKind) -> String {
    let expression = expression.trim();
    if let Some(inner) = array_elements(expression) {
        let items: Vec<String> = inner
            .iter()
            .map(|e| canonical_expression(e, kind))
            .collect();
        return format!("ARRAY[{}]", items.join(", "));
    }
    let (value, quoted) = match literal_value(expression) {
        Some(value) => (value, true),
        None => {
            let stripped = strip_parens(expression);
            if stripped != expression {
                return canonical_expression(stripped, kind);
            }
            (expression.to_owned(), false)
        }
    };
    match kind {
        ValueKind::Number => {
            if let Ok(number) = BigDecimal::from_str(value.trim()) {
                return number.normalized().to_string();
            }
        }
        ValueKind::Boolean => {
            let lower = value.trim().to_lowercase();
            match lower.as_str() {
                "true" | "t" | "1" => return "true".to_owned(),
                "false" | "f" | "0" => return "false".to_owned(),
                _ => {}
            }
        }
        ValueKind::Temporal(temporal) if quoted => {
            if let Some(canonical) = canonical_temporal(&value, temporal) {
                return canonical;
            }
        }
        ValueKind::Json if quoted => {
            if let Ok(json) = serde_json::from_str::<serde_json::Value>(&value) {
                return format!("json {}", sorted_json(json));
            }
        }
        _ => {}
    }
    if quoted {
        format!("'{}'", value.replace('\'', "''"))
    } else {
        let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
        // Unquoted names are case-insensitive (`CLOCK_TIMESTAMP()` is `clock_timestamp()`); quoted
        // strings and identifiers keep their case. `CURRENT_TIMESTAMP` and `now()` stay apart on purpose:
        // PostgreSQL keeps each as written.
        lower_unquoted(&collapsed)
    }
}

/// MySQL's names for the current time (`CURRENT_TIMESTAMP`, `NOW()`, `LOCALTIMESTAMP`, with or without
/// parentheses) as one spelling, precision 0 being no precision: MariaDB answers `current_timestamp()`
/// for a column created with `CURRENT_TIMESTAMP(0)`.
fn mysql_current_timestamp(expression: &str) -> Option<String> {
    let lower = strip_parens(expression.trim()).to_ascii_lowercase();
    let (name, rest) = match lower.find('(') {
        Some(open) => (&lower[..open], Some(&lower[open..])),
        None => (lower.as_str(), None),
    };
    if !matches!(
        name.trim(),
        "current_timestamp" | "now" | "localtimestamp" | "localtime"
    ) {
        return None;
    }
    let precision = match rest {
        None => "",
        Some(args) => args.strip_prefix('(')?.strip_suffix(')')?.trim(),
    };
    if !precision.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(match precision.trim_start_matches('0') {
        "" => "current_timestamp".to_owned(),
        digits => format!("current_timestamp({digits})"),
    })
}

/// Lower case outside `'...'` and `"..."`.
fn lower_unquoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => {
                out.extend(c.to_lowercase());
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// JSON with object keys sorted at every level: `jsonb` stores keys in its own order, which is no
/// difference in value.
fn sorted_json(value: serde_json::Value) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            serde_json::Value::Object(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, sorted_json(v)))
                    .collect(),
            )
        }
        serde_json::Value::Array(items) => {
            serde_json::Value::Array(items.into_iter().map(sorted_json).collect())
        }
        other => other,
    }
}

/// Operator classes that are their access method's default for the type, which PostgreSQL reports as
/// no class at all.
const DEFAULT_OPERATOR_CLASSES: &[&str] = &["jsonb_ops", "array_ops", "tsvector_ops"];

/// `(x)` to `x` when the parentheses enclose the whole expression.
fn strip_parens(expression: &str) -> &str {
    let Some(inner) = expression
        .strip_prefix('(')
        .and_then(|e| e.strip_suffix(')'))
    else {
        return expression;
    };
    let mut depth = 0i32;
    let mut in_string = false;
    for c in inner.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => {
                depth -= 1;
                if depth < 0 {
                    return expression;
                }
            }
            _ => {}
        }
    }
    if depth == 0 {
        inner.trim()
    } else {
        expression
    }
}

/// The text of a string literal, when the expression is one, optionally followed by casts
/// (`'x'::text`, `'a'::"Role"`, `'1'::character varying(5)[]`).
fn literal_value(expression: &str) -> Option<String> {
    let mut chars = expression.char_indices().peekable();
    if chars.next()?.1 != '\'' {
        return None;
    }
    let mut value = String::new();
    let mut end = None;
    while let Some((i, c)) = chars.next() {
        if c == '\'' {
            if matches!(chars.peek(), Some((_, '\''))) {
                chars.next();
                value.push('\'');
                continue;
            }
            end = Some(i + 1);
            break;
        }
        value.push(c);
    }
    let rest = expression.get(end?..)?.trim();
    if rest.is_empty() || is_cast_chain(rest) {
        Some(value)
    } else {
        None
    }
}

/// `::type` one or more times, types possibly quoted, with arguments or array brackets.
fn is_cast_chain(rest: &str) -> bool {
    rest.starts_with("::")
        && !rest.contains('\'')
        && rest
            .chars()
            .all(|c| c.is_alphanumeric() || " _:\"[](),.".contains(c))
}

/// The elements of `ARRAY[a, b]` (optionally cast), split at top-level commas.
fn array_elements(expression: &str) -> Option<Vec<String>> {
    let rest = expression.strip_prefix("ARRAY[")?;
    let mut depth = 0i32;
    let mut in_string = false;
    let mut items = Vec::new();
    let mut current = String::new();
    let mut close = None;
    for (i, c) in rest.char_indices() {
        match c {
            '\'' => {
                in_string = !in_string;
                current.push(c);
            }
            '[' | '(' if !in_string => {
                depth += 1;
                current.push(c);
            }
            ']' if !in_string && depth == 0 => {
                close = Some(i);
                break;
            }
            ']' | ')' if !in_string => {
                depth -= 1;
                current.push(c);
            }
            ',' if !in_string && depth == 0 => items.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    let close = close?;
    let tail = rest.get(close + 1..)?.trim();
    if !(tail.is_empty() || is_cast_chain(tail)) {
        return None;
    }
    if !current.trim().is_empty() || !items.is_empty() {
        items.push(current);
    }
    Some(items.into_iter().map(|s| s.trim().to_owned()).collect())
}

fn canonical_temporal(value: &str, temporal: Temporal) -> Option<String> {
    use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};
    let value = value.trim();
    let with_offset = ["%Y-%m-%d %H:%M:%S%.f %:z", "%Y-%m-%d %H:%M:%S%.f%#z"]
        .iter()
        .find_map(|f| DateTime::parse_from_str(value, f).ok())
        .or_else(|| DateTime::parse_from_rfc3339(value).ok());
    let naive = with_offset.map(|d| d.naive_local()).or_else(|| {
        ["%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S%.f"]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(value, f).ok())
    });
    match temporal {
        Temporal::Instant => Some(match with_offset {
            Some(d) => d.naive_utc().format("%Y-%m-%d %H:%M:%S%.f").to_string(),
            None => naive?.format("%Y-%m-%d %H:%M:%S%.f").to_string(),
        }),
        Temporal::Local => Some(naive?.format("%Y-%m-%d %H:%M:%S%.f").to_string()),
        Temporal::Date => Some(
            naive
                .map(|n| n.date())
                .or_else(|| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok())?
                .to_string(),
        ),
        Temporal::Time => {
            let time = naive.map(|n| n.time()).or_else(|| {
                let plain = value.split(['+', '-']).next().unwrap_or(value);
                NaiveTime::parse_from_str(plain.trim(), "%H:%M:%S%.f").ok()
            })?;
            Some(time.format("%H:%M:%S%.f").to_string())
        }
    }
}

/// An index MySQL created by itself for a foreign key that no other index could serve: named as the key,
/// not unique, over exactly the key's columns. It comes and goes with the key (MySQL drops it silently
/// when a user index that can serve the key is created), so it is no part of the compared schema.
pub(crate) fn is_implicit_foreign_key_index(index: &Index, foreign_keys: &[ForeignKey]) -> bool {
    !index.unique
        && foreign_keys.iter().any(|fk| {
            fk.name == index.name
                && fk.columns.len() == index.columns.len()
                && fk
                    .columns
                    .iter()
                    .zip(&index.columns)
                    .all(|(f, i)| *f == i.name)
        })
}

/// The schema with every type, default and ordering in canonical form: tables and enums sorted by name,
/// indexes and foreign keys by name, ascending index columns unmarked (it is the default), SQLite
/// foreign keys compared without their names, which SQLite cannot change in place anyway. Extensions are
/// left out: they belong to the whole database, and `db push` only ever adds the missing ones.
///
/// A database created by [`super::create_statements`] describes back to a schema whose normal form
/// equals the normal form of the schema it was created from; that is what makes a second push a no-op.
pub fn normalize(schema: &SqlSchema, flavour: Flavour) -> SqlSchema {
    let mut out = schema.clone();
    out.extensions.clear();
    out.enums
        .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    out.tables
        .sort_by(|a, b| (&a.namespace, &a.name).cmp(&(&b.namespace, &b.name)));
    for table in &mut out.tables {
        for column in &mut table.columns {
            let canonical = canonical_default(column, flavour);
            column.column_type = match &column.column_type {
                ColumnType::Native(_) => ColumnType::Native(canonical_type(
                    &Column {
                        list: false,
                        ..column.clone()
                    },
                    flavour,
                )),
                other => other.clone(),
            };
            column.default = canonical;
        }
        for index in &mut table.indexes {
            for column in &mut index.columns {
                if column.sort == Some(SortOrder::Asc) {
                    column.sort = None;
                }
                column.operator_class = column
                    .operator_class
                    .as_ref()
                    .map(|c| c.to_lowercase())
                    .filter(|c| !DEFAULT_OPERATOR_CLASSES.contains(&c.as_str()));
            }
            index.algorithm = index
                .algorithm
                .as_ref()
                .map(|a| a.to_lowercase())
                .filter(|a| a != "btree");
        }
        if flavour == Flavour::Mysql {
            let foreign_keys = &table.foreign_keys;
            table
                .indexes
                .retain(|i| !is_implicit_foreign_key_index(i, foreign_keys));
            // InnoDB does not implement `SET DEFAULT`: MariaDB keeps such a key as `RESTRICT` (MySQL 8
            // refuses it), so asking for it again would change nothing.
            for fk in &mut table.foreign_keys {
                for action in [&mut fk.on_delete, &mut fk.on_update] {
                    if *action == ReferentialAction::SetDefault {
                        *action = ReferentialAction::Restrict;
                    }
                }
            }
        }
        table.indexes.sort_by(|a, b| a.name.cmp(&b.name));
        if flavour == Flavour::Sqlite {
            for fk in &mut table.foreign_keys {
                fk.name.clear();
            }
            table.foreign_keys.sort_by(|a, b| {
                (&a.columns, &a.referenced_table).cmp(&(&b.columns, &b.referenced_table))
            });
        } else {
            table.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(t: &str, default: &str) -> Column {
        Column {
            name: "c".into(),
            column_type: ColumnType::Native(t.into()),
            list: false,
            nullable: false,
            default: Some(default.into()),
            autoincrement: false,
        }
    }

    /// An assertion that the two defaults of a column of type `t` compare equal under the flavour.
    fn same_default(flavour: Flavour) -> impl Fn(&str, &str, &str) {
        move |t, a, b| {
            assert_eq!(
                canonical_default(&column(t, a), flavour),
                canonical_default(&column(t, b), flavour),
                "{a} vs {b}"
            )
        }
    }

    #[test]
    fn mysql_catalog_defaults_equal_written_ones() {
        let my = Flavour::Mysql;
        let same = same_default(my);
        same("tinyint(1)", "1", "true");
        same("BOOLEAN", "0", "false");
        same("decimal(65,30)", "2.500000000000000000000000000000", "2.5");
        same("varchar(191)", "'it''s \\\\ x'", "'it\\'s \\\\ x'");
        same("TIMESTAMP", "current_timestamp()", "CURRENT_TIMESTAMP(0)");
        same(
            "DATETIME(3)",
            "current_timestamp(3)",
            "CURRENT_TIMESTAMP(3)",
        );
        same(
            "datetime(3)",
            "'2020-01-01 00:00:00.000'",
            "'2020-01-01 00:00:00'",
        );
        same("int(11)", "'5'", "5");
        same(
            "DATETIME",
            "current_timestamp() + interval 30 day",
            "(CURRENT_TIMESTAMP() + INTERVAL 30 DAY)",
        );
        assert_ne!(
            canonical_default(&column("DATETIME(3)", "CURRENT_TIMESTAMP(3)"), my),
            canonical_default(&column("DATETIME(3)", "CURRENT_TIMESTAMP"), my)
        );
    }

    #[test]
    fn postgres_types_map_to_prisma_spelling() {
        for (written, canonical) in [
            ("character varying(5)", "VARCHAR(5)"),
            ("VARCHAR(5)", "VARCHAR(5)"),
            ("timestamp(3) without time zone", "TIMESTAMP(3)"),
            ("numeric(65, 30)", "DECIMAL(65,30)"),
            ("character", "CHAR(1)"),
            ("CHAR", "CHAR(1)"),
            ("double precision", "DOUBLE PRECISION"),
            ("geometry(Point, 4326)", "GEOMETRY(Point,4326)"),
            ("integer", "INTEGER"),
        ] {
            assert_eq!(canonical_postgres_type(written), canonical, "{written}");
        }
    }

    #[test]
    fn described_defaults_equal_written_ones() {
        let pg = Flavour::Postgres;
        let same = same_default(pg);
        same("TEXT", "'it''s'::text", "'it''s'");
        same("INTEGER", "'-1'::integer", "-1");
        same("DECIMAL(65,30)", "2.50", "2.5");
        same(
            "TIMESTAMP(3)",
            "'2000-01-02 03:04:05'::timestamp without time zone",
            "'2000-01-02 03:04:05 +00:00'",
        );
        same(
            "TIMESTAMPTZ(3)",
            "'2000-01-02 05:04:05+02'::timestamp with time zone",
            "'2000-01-02 03:04:05 +00:00'",
        );
        same("JSONB", "'{\"a\": 1}'::jsonb", "'{\"a\":1}'");
        same(
            "TEXT",
            "ARRAY['a'::text, 'b'::text]",
            "ARRAY['a', 'b']::TEXT[]",
        );
        same("BOOLEAN", "true", "TRUE");
        assert_ne!(
            canonical_default(&column("TEXT", "'a'"), pg),
            canonical_default(&column("TEXT", "'b'"), pg)
        );
    }
}
