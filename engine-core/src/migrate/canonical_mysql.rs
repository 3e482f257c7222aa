//! MySQL and MariaDB spellings made comparable: column types as `information_schema.COLUMNS.COLUMN_TYPE`
//! prints them (`int(11)`, `tinyint(1)`, `int(10) unsigned`, `enum('a','b')`) against Prisma's DDL
//! spelling (`INTEGER`, `BOOLEAN`, `INTEGER UNSIGNED`, `ENUM('a', 'b')`), and string literals written
//! with MySQL's backslash escapes.
//!
//! MySQL 8.0.19+ prints integer types without display widths (`int`, `tinyint(1)` only); MariaDB and
//! older MySQL print them (`int(11)`); both are read here, widths dropped.

use super::schema::mysql_string_literal;

/// A MySQL type in Prisma's DDL spelling: upper case, aliases resolved (`INT` is `INTEGER`, `BOOL` and
/// `TINYINT(1)` are `BOOLEAN`, `NUMERIC` is `DECIMAL`), integer display widths dropped, the implicit
/// arguments of `CHAR`, `BINARY`, `BIT`, `DECIMAL` made explicit, `UNSIGNED` kept, `ZEROFILL` dropped.
/// `ENUM` and `SET` keep their values' case and are spelled `ENUM('a', 'b')`. Unknown types are
/// upper-cased with their arguments kept.
pub(crate) fn canonical_mysql_type(written: &str) -> String {
    let written = written.trim();
    let lower = written.to_ascii_lowercase();
    for kind in ["enum", "set"] {
        if let Some(rest) = lower.strip_prefix(kind) {
            if rest.trim_start().starts_with('(') {
                let open = written.find('(').unwrap_or(0);
                if let Some(values) = parse_value_list(&written[open..]) {
                    let values: Vec<String> =
                        values.iter().map(|v| mysql_string_literal(v)).collect();
                    return format!("{}({})", kind.to_uppercase(), values.join(", "));
                }
            }
        }
    }
    let (base, args, modifiers) = match (written.find('('), written.rfind(')')) {
        (Some(open), Some(close)) if close > open => (
            written[..open].trim().to_uppercase(),
            written[open + 1..close]
                .split(',')
                .map(|a| a.trim().to_owned())
                .collect::<Vec<_>>(),
            written[close + 1..].to_uppercase(),
        ),
        _ => {
            let upper = written.to_uppercase();
            let mut words = upper.split_whitespace();
            let first = words.next().unwrap_or("").to_owned();
            let rest: Vec<&str> = words.collect();
            // `DOUBLE PRECISION` and `CHARACTER VARYING` are two-word names, not a name and modifiers.
            match (first.as_str(), rest.first()) {
                ("DOUBLE", Some(&"PRECISION")) | ("CHARACTER", Some(&"VARYING")) => (
                    format!("{first} {}", rest[0]),
                    Vec::new(),
                    rest[1..].join(" "),
                ),
                _ => (first, Vec::new(), rest.join(" ")),
            }
        }
    };
    let unsigned = modifiers.split_whitespace().any(|m| m == "UNSIGNED");
    let args: Vec<String> = args.into_iter().filter(|a| !a.is_empty()).collect();
    let (base, args): (&str, Vec<String>) = match base.as_str() {
        "TINYINT" if args == ["1"] && !unsigned => ("BOOLEAN", Vec::new()),
        "BOOL" | "BOOLEAN" => ("BOOLEAN", Vec::new()),
        "INT" | "INTEGER" | "INT4" => ("INTEGER", Vec::new()),
        "TINYINT" | "INT1" => ("TINYINT", Vec::new()),
        "SMALLINT" | "INT2" => ("SMALLINT", Vec::new()),
        "MEDIUMINT" | "INT3" | "MIDDLEINT" => ("MEDIUMINT", Vec::new()),
        "BIGINT" | "INT8" => ("BIGINT", Vec::new()),
        "YEAR" => ("YEAR", Vec::new()),
        "DECIMAL" | "DEC" | "NUMERIC" | "FIXED" => (
            "DECIMAL",
            match args.len() {
                0 => vec!["10".to_owned(), "0".to_owned()],
                1 => vec![args[0].clone(), "0".to_owned()],
                _ => args,
            },
        ),
        "DOUBLE" | "DOUBLE PRECISION" | "REAL" | "FLOAT8" => ("DOUBLE", args),
        "FLOAT4" => ("FLOAT", args),
        "CHARACTER VARYING" => ("VARCHAR", args),
        "CHAR" | "CHARACTER" | "BINARY" | "BIT" if args.is_empty() => {
            let base = if base == "CHARACTER" { "CHAR" } else { &base };
            return finish(base, &["1".to_owned()], unsigned);
        }
        "CHARACTER" => ("CHAR", args),
        // `TIME(0)` is `TIME`: zero fractional digits is the default precision.
        "TIME" | "DATETIME" | "TIMESTAMP" if args == ["0"] => return finish(&base, &[], unsigned),
        _ => return finish(&base, &args, unsigned),
    };
    finish(base, &args, unsigned)
}

fn finish(base: &str, args: &[String], unsigned: bool) -> String {
    let mut out = base.to_owned();
    if !args.is_empty() {
        out.push_str(&format!("({})", args.join(",")));
    }
    if unsigned {
        out.push_str(" UNSIGNED");
    }
    out
}

/// The values of `('a','b''c')`, each decoded as a MySQL string literal.
fn parse_value_list(text: &str) -> Option<Vec<String>> {
    let inner = text.trim().strip_prefix('(')?.strip_suffix(')')?;
    let mut values = Vec::new();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        let (value, len) = decode_literal_prefix(rest)?;
        values.push(value);
        rest = rest[len..].trim_start();
        match rest.strip_prefix(',') {
            Some(next) => rest = next.trim_start(),
            None if rest.is_empty() => {}
            None => return None,
        }
    }
    Some(values)
}

/// The text of a whole MySQL string literal (`'it''s'`, `'a\\b'`, `"x"`), escapes decoded; `None` when
/// the expression is anything else.
pub(crate) fn decode_mysql_literal(expression: &str) -> Option<String> {
    let expression = expression.trim();
    let (value, len) = decode_literal_prefix(expression)?;
    (len == expression.len()).then_some(value)
}

/// A string literal at the start of `text`: its decoded value and its length in bytes. MySQL's escapes
/// (`\n`, `\t`, `\0`, `\\`, `\'`, ...) and doubled quotes are both read, since MariaDB's catalog writes
/// backslashes doubled and quotes doubled.
fn decode_literal_prefix(text: &str) -> Option<(String, usize)> {
    let quote = text.chars().next().filter(|c| *c == '\'' || *c == '"')?;
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            let (_, escaped) = chars.next()?;
            // `\%` and `\_` keep their backslash outside `LIKE` patterns.
            if matches!(escaped, '%' | '_') {
                value.push('\\');
            }
            value.push(match escaped {
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                '0' => '\0',
                'b' => '\u{8}',
                'Z' => '\u{1a}',
                other => other,
            });
        } else if c == quote {
            if matches!(chars.peek(), Some((_, next)) if *next == quote) {
                chars.next();
                value.push(quote);
            } else {
                return Some((value, i + 1));
            }
        } else {
            value.push(c);
        }
    }
    None
}

/// The values of an `ENUM(...)` type, in order; `None` for other types.
pub(crate) fn enum_values(column_type: &str) -> Option<Vec<String>> {
    let trimmed = column_type.trim();
    let open = trimmed.find('(')?;
    if !trimmed[..open].trim().eq_ignore_ascii_case("enum") {
        return None;
    }
    parse_value_list(&trimmed[open..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_types_map_to_prisma_spelling() {
        for (written, canonical) in [
            ("int(11)", "INTEGER"),
            ("int", "INTEGER"),
            ("INTEGER", "INTEGER"),
            ("tinyint(1)", "BOOLEAN"),
            ("BOOLEAN", "BOOLEAN"),
            ("tinyint(4)", "TINYINT"),
            ("int(10) unsigned", "INTEGER UNSIGNED"),
            ("INTEGER UNSIGNED", "INTEGER UNSIGNED"),
            ("bigint(20)", "BIGINT"),
            ("smallint(6)", "SMALLINT"),
            ("decimal(65,30)", "DECIMAL(65,30)"),
            ("DECIMAL(5, 2)", "DECIMAL(5,2)"),
            ("decimal", "DECIMAL(10,0)"),
            ("double", "DOUBLE"),
            ("varchar(191)", "VARCHAR(191)"),
            ("char", "CHAR(1)"),
            ("datetime(3)", "DATETIME(3)"),
            ("time", "TIME"),
            ("TIME(0)", "TIME"),
            ("year(4)", "YEAR"),
            ("longtext", "LONGTEXT"),
            ("enum('USER','AD''MIN')", "ENUM('USER', 'AD''MIN')"),
            ("ENUM('a\\\\b', 'x')", "ENUM('a\\\\b', 'x')"),
        ] {
            assert_eq!(canonical_mysql_type(written), canonical, "{written}");
        }
        assert_ne!(
            canonical_mysql_type("enum('a','b')"),
            canonical_mysql_type("ENUM('A', 'b')")
        );
    }

    #[test]
    fn literals_decode_both_escape_styles() {
        assert_eq!(decode_mysql_literal("'it''s'").as_deref(), Some("it's"));
        assert_eq!(decode_mysql_literal("'it\\'s'").as_deref(), Some("it's"));
        assert_eq!(decode_mysql_literal("'a\\\\b'").as_deref(), Some("a\\b"));
        assert_eq!(decode_mysql_literal("'a' + 'b'"), None);
        assert_eq!(decode_mysql_literal("current_timestamp(3)"), None);
        assert_eq!(decode_mysql_literal("'unterminated"), None);
        assert_eq!(
            enum_values("enum('A','b''c')"),
            Some(vec!["A".to_owned(), "b'c".to_owned()])
        );
        assert_eq!(enum_values("varchar(3)"), None);
    }
}
