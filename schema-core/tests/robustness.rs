//! Property tests: no schema text, however broken, makes the parser or the formatter panic, and formatting a
//! well-formed schema is idempotent and keeps its syntax tree (modulo spans and layout) and its comments.
//!
//! Case counts are kept small so the whole file runs in a few seconds in a debug build.

use std::path::PathBuf;
use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::sample::select;
use schema_core::ast::{
    ArgumentList, Arity, Attribute, Comment, ConfigItem, EnumItem, Expression, FieldType,
    ModelItem, SchemaAst, Top,
};
use schema_core::format::format_schema;
use schema_core::{parse_schema, validate, Diagnostics};

// ----- helpers ------------------------------------------------------------------------------------------

/// `cases` cases (or `PROPTEST_CASES` when set, for a longer local run), and no regression files written
/// next to the sources.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn parse(source: &str) -> (SchemaAst, Diagnostics) {
    let mut diagnostics = Diagnostics::new();
    let ast = parse_schema(source, &mut diagnostics);
    (ast, diagnostics)
}

/// Runs every entry point on `source`; any panic fails the calling property.
fn exercise(source: &str) {
    let (_ast, diagnostics) = parse(source);
    // Rendering the diagnostics walks the spans back into the source: it must not panic either.
    let _ = diagnostics.render_errors("schema.prisma", source);
    let formatted = format_schema(source);
    if diagnostics.has_errors() {
        assert_eq!(formatted, source, "a schema with errors is returned as is");
    }
    let validated = validate(source);
    let _ = validated.diagnostics.render_errors("schema.prisma", source);
    if diagnostics.has_errors() {
        assert!(!validated.is_valid(), "syntax errors make a schema invalid");
    }
}

/// The corpus of valid schemas, read once.
fn corpus() -> &'static [(String, String)] {
    static CORPUS: OnceLock<Vec<(String, String)>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let shared = std::env::var_os("REFRACT_SHARED_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
        let dir = shared.join("schemas/valid");
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|error| {
            panic!(
                "cannot read the schema corpus at {}: {error}. Put the shared/ folder beside the \
                 repository or point REFRACT_SHARED_DIR at it.",
                dir.display()
            )
        });
        let mut files: Vec<(String, String)> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "prisma"))
            .map(|path| {
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
                (path.display().to_string(), text)
            })
            .collect();
        files.sort();
        assert!(
            !files.is_empty(),
            "no .prisma file in {}: the schema corpus is missing",
            dir.display()
        );
        files
    })
}

// ----- normalised view of a syntax tree -----------------------------------------------------------------

/// An expression without spans: literals by value, the rest by structure.
fn expr_text(expr: &Expression) -> String {
    match expr {
        Expression::Numeric(text, _) => format!("num:{text}"),
        Expression::String(value, _) => format!("str:{value:?}"),
        Expression::Constant(text, _) => format!("const:{text}"),
        Expression::Function(name, args, _) => format!("{name}{}", args_text(args)),
        Expression::Array(items, _) => format!(
            "[{}]",
            items.iter().map(expr_text).collect::<Vec<_>>().join(", ")
        ),
    }
}

fn args_text(args: &ArgumentList) -> String {
    if !args.has_parens {
        return String::new();
    }
    let mut parts: Vec<String> = args
        .arguments
        .iter()
        .map(|arg| match &arg.name {
            Some(name) => format!("{}: {}", name.name, expr_text(&arg.value)),
            None => expr_text(&arg.value),
        })
        .collect();
    parts.extend(
        args.empty_arguments
            .iter()
            .map(|name| format!("{}: <empty>", name.name)),
    );
    format!("({})", parts.join(", "))
}

fn attribute_text(marker: &str, attr: &Attribute) -> String {
    format!("{marker}{}{}", attr.name.name, args_text(&attr.arguments))
}

/// Attributes as a sorted list: the formatter puts them in canonical order.
fn attributes_text(marker: &str, attrs: &[Attribute]) -> Vec<String> {
    let mut texts: Vec<String> = attrs.iter().map(|a| attribute_text(marker, a)).collect();
    texts.sort();
    texts
}

fn docs_text(docs: &[Comment]) -> Vec<String> {
    docs.iter().map(|c| c.text.clone()).collect()
}

fn trailing_text(comment: &Option<Comment>) -> Option<(bool, String)> {
    comment.as_ref().map(|c| (c.doc, c.text.clone()))
}

/// What formatting must keep: blocks in order with their names and documentation; fields and enum values in
/// order with types, arities, attributes (as a set) and comments on their lines; config properties; block
/// attributes as a set. Free-standing comments, blank lines and spans are left out (see `all_comments`).
fn normalise(ast: &SchemaAst) -> Vec<String> {
    let mut out = Vec::new();
    for top in &ast.tops {
        match top {
            Top::Model(model) => {
                out.push(format!(
                    "{} {} docs={:?} header={:?}",
                    model.kind.keyword(),
                    model.name.name,
                    docs_text(&model.documentation),
                    trailing_text(&model.header_comment)
                ));
                let mut block_attributes = Vec::new();
                for item in &model.items {
                    match item {
                        ModelItem::Field(field) => {
                            let ty = match &field.field_type {
                                FieldType::Named(ident) => ident.name.clone(),
                                FieldType::Unsupported { native, .. } => {
                                    format!("Unsupported({native:?})")
                                }
                            };
                            let arity = match field.arity {
                                Arity::Required => "",
                                Arity::Optional => "?",
                                Arity::List => "[]",
                            };
                            out.push(format!(
                                "  field {} {ty}{arity} {:?} docs={:?} trailing={:?}",
                                field.name.name,
                                attributes_text("@", &field.attributes),
                                docs_text(&field.documentation),
                                trailing_text(&field.trailing_comment)
                            ));
                        }
                        ModelItem::Attribute(attr) => block_attributes.push(format!(
                            "  {} docs={:?} trailing={:?}",
                            attribute_text("@@", &attr.attribute),
                            docs_text(&attr.documentation),
                            trailing_text(&attr.trailing_comment)
                        )),
                        ModelItem::Comment(_) | ModelItem::EmptyLine(_) => {}
                    }
                }
                block_attributes.sort();
                out.extend(block_attributes);
            }
            Top::Enum(en) => {
                out.push(format!(
                    "enum {} docs={:?} header={:?}",
                    en.name.name,
                    docs_text(&en.documentation),
                    trailing_text(&en.header_comment)
                ));
                let mut block_attributes = Vec::new();
                for item in &en.items {
                    match item {
                        EnumItem::Value(value) => out.push(format!(
                            "  value {} {:?} docs={:?} trailing={:?}",
                            value.name.name,
                            attributes_text("@", &value.attributes),
                            docs_text(&value.documentation),
                            trailing_text(&value.trailing_comment)
                        )),
                        EnumItem::Attribute(attr) => block_attributes.push(format!(
                            "  {} docs={:?}",
                            attribute_text("@@", &attr.attribute),
                            docs_text(&attr.documentation)
                        )),
                        EnumItem::Comment(_) | EnumItem::EmptyLine(_) => {}
                    }
                }
                block_attributes.sort();
                out.extend(block_attributes);
            }
            Top::Source(block) | Top::Generator(block) => {
                let keyword = if matches!(top, Top::Source(_)) {
                    "datasource"
                } else {
                    "generator"
                };
                out.push(format!(
                    "{keyword} {} docs={:?} header={:?}",
                    block.name.name,
                    docs_text(&block.documentation),
                    trailing_text(&block.header_comment)
                ));
                for item in &block.items {
                    if let ConfigItem::Property(p) = item {
                        out.push(format!(
                            "  {} = {:?} docs={:?} trailing={:?}",
                            p.key.name,
                            p.value.as_ref().map(expr_text),
                            docs_text(&p.documentation),
                            trailing_text(&p.trailing_comment)
                        ));
                    }
                }
            }
            Top::Comment(_) | Top::EmptyLine(_) => {}
        }
    }
    out
}

/// Every comment of the tree, wherever it sits, as `(doc, text)`, sorted.
fn all_comments(ast: &SchemaAst) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut push = |c: &Comment| out.push((c.doc, c.text.clone()));
    for top in &ast.tops {
        match top {
            Top::Comment(c) => push(c),
            Top::EmptyLine(_) => {}
            Top::Model(m) => {
                m.documentation.iter().for_each(&mut push);
                m.header_comment.iter().for_each(&mut push);
                for item in &m.items {
                    match item {
                        ModelItem::Field(f) => {
                            f.documentation.iter().for_each(&mut push);
                            f.trailing_comment.iter().for_each(&mut push);
                        }
                        ModelItem::Attribute(a) => {
                            a.documentation.iter().for_each(&mut push);
                            a.trailing_comment.iter().for_each(&mut push);
                        }
                        ModelItem::Comment(c) => push(c),
                        ModelItem::EmptyLine(_) => {}
                    }
                }
            }
            Top::Enum(e) => {
                e.documentation.iter().for_each(&mut push);
                e.header_comment.iter().for_each(&mut push);
                for item in &e.items {
                    match item {
                        EnumItem::Value(v) => {
                            v.documentation.iter().for_each(&mut push);
                            v.trailing_comment.iter().for_each(&mut push);
                        }
                        EnumItem::Attribute(a) => {
                            a.documentation.iter().for_each(&mut push);
                            a.trailing_comment.iter().for_each(&mut push);
                        }
                        EnumItem::Comment(c) => push(c),
                        EnumItem::EmptyLine(_) => {}
                    }
                }
            }
            Top::Source(b) | Top::Generator(b) => {
                b.documentation.iter().for_each(&mut push);
                b.header_comment.iter().for_each(&mut push);
                for item in &b.items {
                    match item {
                        ConfigItem::Property(p) => {
                            p.documentation.iter().for_each(&mut push);
                            p.trailing_comment.iter().for_each(&mut push);
                        }
                        ConfigItem::Comment(c) => push(c),
                        ConfigItem::EmptyLine(_) => {}
                    }
                }
            }
        }
    }
    out.sort();
    out
}

// ----- arbitrary text -----------------------------------------------------------------------------------

/// Pieces of schema syntax, glued together at random.
const TOKENS: &[&str] = &[
    "model",
    "view",
    "type",
    "enum",
    "datasource",
    "generator",
    "db",
    "client",
    "provider",
    "url",
    "=",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "[]",
    "?",
    ",",
    ":",
    ".",
    "@",
    "@@",
    "@id",
    "@unique",
    "@default",
    "@map",
    "@relation",
    "@db.VarChar",
    "@@id",
    "@@index",
    "@@unique",
    "@@map",
    "Int",
    "String",
    "DateTime",
    "Unsupported",
    "autoincrement()",
    "env(\"URL\")",
    "fields:",
    "references:",
    "\"",
    "\"text\"",
    "\"a\\\"b\"",
    "\"\\u00e9\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "\"\\u12\"",
    "\"\\",
    "\\",
    "0",
    "-1",
    "1.5e10",
    "-",
    "--1",
    "//",
    "// comment",
    "///",
    "/// doc",
    "/",
    "\n",
    "\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "\u{feff}",
    "é",
    "日本",
    "😀",
    "\u{0}",
    "\u{2028}",
    "A",
    "_x",
    "a-b",
];

fn token_soup() -> impl Strategy<Value = String> {
    prop::collection::vec(select(TOKENS), 0..80).prop_flat_map(|tokens| {
        let n = tokens.len();
        (
            Just(tokens),
            prop::collection::vec(select(&["", " ", "\n", ""][..]), n),
        )
            .prop_map(|(tokens, seps)| {
                tokens
                    .iter()
                    .zip(seps)
                    .flat_map(|(t, s)| [*t, s])
                    .collect::<String>()
            })
    })
}

fn lossy_bytes() -> impl Strategy<Value = String> {
    prop::collection::vec(any::<u8>(), 0..400)
        .prop_map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_unicode_text_never_panics(source in any::<String>()) {
        exercise(&source);
    }

    #[test]
    fn arbitrary_bytes_as_lossy_utf8_never_panic(source in lossy_bytes()) {
        exercise(&source);
    }

    #[test]
    fn schema_like_token_soup_never_panics(source in token_soup()) {
        exercise(&source);
    }

    /// The formatter promises idempotence for every input, not only for well-formed ones, and never turns a
    /// schema it could read into one it cannot.
    #[test]
    fn formatting_token_soup_is_idempotent(source in token_soup()) {
        let once = format_schema(&source);
        let (_, before) = parse(&source);
        if !before.has_errors() {
            let (_, after) = parse(&once);
            prop_assert!(
                !after.has_errors(),
                "formatting made a readable schema unreadable: {:?}\n--- formatted ---\n{}",
                after.errors(),
                once
            );
        }
        let twice = format_schema(&once);
        prop_assert_eq!(&twice, &once);
    }
}

// ----- well-formed schemas ------------------------------------------------------------------------------

/// A line's words, joined by random (horizontal) whitespace.
fn spaced(words: Vec<String>, gaps: &[&'static str]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push_str(gaps[i % gaps.len()]);
        }
        out.push_str(word);
    }
    out
}

fn gap() -> impl Strategy<Value = &'static str> {
    select(&[" ", " ", "  ", "\t", "   \t "][..])
}

fn gaps() -> impl Strategy<Value = Vec<&'static str>> {
    prop::collection::vec(gap(), 1..4)
}

fn indent() -> impl Strategy<Value = &'static str> {
    select(&["  ", "  ", "", "    ", "\t", " \t "][..])
}

/// Text after `//`: no newline, and not starting with `/` (that would make it a doc comment).
fn comment_body() -> impl Strategy<Value = String> {
    "( [a-zA-Z0-9 .,:;!?'\"(){}\\[\\]@=*-]{0,20}| é日本😀 \\u{feff}x| TODO: fix @id|)"
}

/// A trailing `// ...` or `/// ...` comment, or none.
fn trailing_comment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => comment_body().prop_map(|c| format!("//{c}")),
        1 => comment_body().prop_map(|c| format!("///{c}")),
    ]
}

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-zA-Z0-9_]{0,10}",
        "_[a-zA-Z0-9_]{0,6}",
        select(&["id", "model", "type", "enum", "é", "naïve", "日本"][..]).prop_map(String::from),
    ]
}

fn type_name() -> impl Strategy<Value = String> {
    "[A-Z][a-zA-Z0-9_]{0,10}"
}

/// A string literal as written, escapes included.
fn string_literal() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => "[a-zA-Z0-9 _:./-]{1,6}",
            1 => select(&["\\\"", "\\\\", "\\n", "\\t", "\\u00e9", "\\ud83d\\ude00", "é", "😀", "//", "@@", "{", "}"][..]).prop_map(String::from),
        ],
        0..5,
    )
    .prop_map(|parts| format!("\"{}\"", parts.concat()))
}

fn number_literal() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i32>().prop_map(|n| n.to_string()),
        (any::<i16>(), 0u16..1000).prop_map(|(a, b)| format!("{a}.{b}")),
        Just("0".to_string()),
    ]
}

/// A value inside attribute arguments, with random spacing (and line breaks, which are allowed there).
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        string_literal(),
        number_literal(),
        select(
            &[
                "true",
                "false",
                "Cascade",
                "Desc",
                "now()",
                "autoincrement()",
                "uuid()",
                "cuid()",
                "dbgenerated()"
            ][..]
        )
        .prop_map(String::from),
        ident(),
    ];
    leaf.prop_recursive(3, 12, 4, |inner| {
        prop_oneof![
            (
                prop::collection::vec(inner.clone(), 0..4),
                select(&[", ", ",", " , ", ",\n    "][..]),
                any::<bool>()
            )
                .prop_map(|(items, sep, trailing)| {
                    let mut text = format!("[{}", items.join(sep));
                    if trailing && !items.is_empty() {
                        text.push(',');
                    }
                    text.push(']');
                    text
                }),
            (ident(), inner.clone(), select(&["", " "][..]))
                .prop_map(|(name, v, sp)| format!("{name}({sp}{v}{sp})")),
            (ident(), inner).prop_map(|(name, v)| format!("{name}(sort: {v})")),
        ]
    })
}

/// `(args)` with positional and named arguments, random spacing.
fn argument_list() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::option::of(ident()),
            value(),
            select(&[":", ": ", " : ", ":\n  "][..]),
        ),
        0..3,
    )
    .prop_flat_map(|args| {
        (
            Just(args),
            select(&[", ", ",", " ,  ", ",\n  "][..]),
            select(&["", " ", "\n  "][..]),
        )
    })
    .prop_map(|(args, sep, pad)| {
        let args: Vec<String> = args
            .into_iter()
            .map(|(name, value, colon)| match name {
                Some(name) => format!("{name}{colon}{value}"),
                None => value,
            })
            .collect();
        format!("({pad}{}{pad})", args.join(sep))
    })
}

fn field_attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        select(
            &[
                "@id",
                "@unique",
                "@updatedAt",
                "@ignore",
                "@default(autoincrement())",
                "@default(now())",
                "@id()"
            ][..]
        )
        .prop_map(String::from),
        string_literal().prop_map(|s| format!("@default({s})")),
        number_literal().prop_map(|n| format!("@default({n})")),
        string_literal().prop_map(|s| format!("@map({s})")),
        string_literal().prop_map(|s| format!("@map(name: {s})")),
        (1u32..1000).prop_map(|n| format!("@db.VarChar({n})")),
        (
            prop::collection::vec(ident(), 1..3),
            select(&["Cascade", "SetNull", "Restrict"][..])
        )
            .prop_map(|(fields, action)| {
                format!(
                    "@relation(fields: [{}], references: [id], onDelete: {action})",
                    fields.join(", ")
                )
            }),
        (ident(), argument_list()).prop_map(|(name, args)| format!("@{name}{args}")),
    ]
}

fn block_attribute() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(ident(), 1..3).prop_map(|f| format!("@@id([{}])", f.join(", "))),
        prop::collection::vec(ident(), 1..3).prop_map(|f| format!("@@unique([{}])", f.join(","))),
        (ident(), string_literal())
            .prop_map(|(f, s)| format!("@@index([{f}(sort: Desc)], map: {s})")),
        string_literal().prop_map(|s| format!("@@map({s})")),
        Just("@@ignore".to_string()),
        (ident(), argument_list()).prop_map(|(name, args)| format!("@@{name}{args}")),
    ]
}

fn field_type() -> impl Strategy<Value = String> {
    let base = prop_oneof![
        4 => select(&["String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"][..]).prop_map(String::from),
        1 => type_name(),
        1 => string_literal().prop_map(|s| format!("Unsupported({s})")),
    ];
    (base, select(&["", "", "?", "[]"][..])).prop_map(|(t, arity)| format!("{t}{arity}"))
}

/// `///` lines above an entry.
fn doc_lines() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(comment_body().prop_map(|c| format!("///{c}")), 0..2)
}

/// One body line (or a few: docs above an entry) of a model, already indented, each ending in `\n`; true for
/// a block attribute.
fn model_line() -> impl Strategy<Value = (bool, String)> {
    let field = (
        doc_lines(),
        ident(),
        field_type(),
        prop::collection::vec(field_attribute(), 0..3),
        trailing_comment(),
        gaps(),
        indent(),
    )
        .prop_map(|(docs, name, ty, attrs, comment, gaps, ind)| {
            let mut words = vec![name, ty];
            words.extend(attrs);
            if !comment.is_empty() {
                words.push(comment);
            }
            let mut text: String = docs.iter().map(|d| format!("{ind}{d}\n")).collect();
            text.push_str(ind);
            text.push_str(&spaced(words, &gaps));
            text.push('\n');
            text
        });
    let attribute = (doc_lines(), block_attribute(), trailing_comment(), indent()).prop_map(
        |(docs, attr, comment, ind)| {
            let mut text: String = docs.iter().map(|d| format!("{ind}{d}\n")).collect();
            text.push_str(&format!("{ind}{attr}"));
            if !comment.is_empty() {
                text.push_str(&format!(" {comment}"));
            }
            text.push('\n');
            text
        },
    );
    prop_oneof![
        6 => field.prop_map(|t| (false, t)),
        2 => attribute.prop_map(|t| (true, t)),
        1 => (indent(), comment_body()).prop_map(|(ind, c)| (false, format!("{ind}//{c}\n"))),
        1 => (indent(), comment_body()).prop_map(|(ind, c)| (false, format!("{ind}///{c}\n"))),
        2 => select(&["\n", "  \n", "\t\n"][..]).prop_map(|t| (false, t.to_string())),
    ]
}

fn header_comment() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just(String::new()),
        1 => comment_body().prop_map(|c| format!(" //{c}")),
    ]
}

/// Joins body lines; with `attributes_last`, block attribute lines are moved after all the other lines.
fn body(mut lines: Vec<(bool, String)>, attributes_last: bool) -> String {
    if attributes_last {
        lines.sort_by_key(|(is_attribute, _)| *is_attribute);
    }
    lines.into_iter().map(|(_, text)| text).collect()
}

fn model_block(attributes_last: bool) -> impl Strategy<Value = String> {
    (
        doc_lines(),
        select(&["model", "model", "view", "type"][..]),
        type_name(),
        header_comment(),
        prop::collection::vec(model_line(), 0..8),
        gap(),
    )
        .prop_map(move |(docs, keyword, name, header, lines, gap)| {
            let mut text: String = docs.iter().map(|d| format!("{d}\n")).collect();
            text.push_str(&format!("{keyword}{gap}{name}{gap}{{{header}\n"));
            text.push_str(&body(lines, attributes_last));
            text.push_str("}\n");
            text
        })
}

fn enum_block(attributes_last: bool) -> impl Strategy<Value = String> {
    let line = prop_oneof![
        4 => (doc_lines(), "[A-Z][A-Z0-9_]{0,8}", prop::option::of(string_literal()), trailing_comment(), indent())
            .prop_map(|(docs, name, map, comment, ind)| {
                let mut text: String = docs.iter().map(|d| format!("{ind}{d}\n")).collect();
                text.push_str(ind);
                text.push_str(&name);
                if let Some(map) = map {
                    text.push_str(&format!(" @map({map})"));
                }
                if !comment.is_empty() {
                    text.push_str(&format!("  {comment}"));
                }
                text.push('\n');
                (false, text)
            }),
        1 => string_literal().prop_map(|s| (true, format!("  @@map({s})\n"))),
        1 => comment_body().prop_map(|c| (false, format!("  //{c}\n"))),
        1 => Just((false, "\n".to_string())),
    ];
    (
        doc_lines(),
        type_name(),
        header_comment(),
        prop::collection::vec(line, 0..6),
    )
        .prop_map(move |(docs, name, header, lines)| {
            let mut text: String = docs.iter().map(|d| format!("{d}\n")).collect();
            text.push_str(&format!("enum {name} {{{header}\n"));
            text.push_str(&body(lines, attributes_last));
            text.push_str("}\n");
            text
        })
}

fn datasource_block() -> impl Strategy<Value = String> {
    (
        select(&["sqlite", "postgresql", "mysql"][..]),
        select(
            &[
                "env(\"DATABASE_URL\")",
                "\"file:./dev.db\"",
                "env( \"DB\" )",
            ][..],
        ),
        trailing_comment(),
        gaps(),
        indent(),
        any::<bool>(),
    )
        .prop_map(|(provider, url, comment, gaps, ind, blank)| {
            let mut text = String::from("datasource db {\n");
            text.push_str(&format!(
                "{ind}{}\n",
                spaced(
                    vec![
                        "provider".into(),
                        "=".into(),
                        format!("\"{provider}\""),
                        comment
                    ],
                    &gaps
                )
            ));
            if blank {
                text.push('\n');
            }
            text.push_str(&format!(
                "{ind}{}\n",
                spaced(vec!["url".into(), "=".into(), url.to_string()], &gaps)
            ));
            text.push_str("}\n");
            text
        })
}

fn generator_block() -> impl Strategy<Value = String> {
    (any::<bool>(), comment_body()).prop_map(|(features, c)| {
        let mut text = format!("generator client {{\n  provider = \"prisma-client-py\" //{c}\n");
        if features {
            text.push_str("  previewFeatures = [\"views\", \"fullTextIndex\"]\n");
        }
        text.push_str("}\n");
        text
    })
}

/// A whole schema: a datasource, maybe a generator, models and enums, with comments and blank lines
/// between them; sometimes with CRLF line endings. With `attributes_last`, block attributes come after the
/// fields and values of their block.
fn schema(attributes_last: bool) -> impl Strategy<Value = String> {
    let block = prop_oneof![
        4 => model_block(attributes_last),
        1 => enum_block(attributes_last),
        1 => comment_body().prop_map(|c| format!("//{c}\n")),
        1 => select(&["\n", "\n\n", "  \n"][..]).prop_map(String::from),
    ];
    (
        datasource_block(),
        prop::option::of(generator_block()),
        prop::collection::vec(block, 0..6),
        prop::collection::vec(select(&["", "\n", "\n\n"][..]), 8),
        any::<bool>(),
        0usize..8,
    )
        .prop_map(|(datasource, generator, blocks, seps, crlf, ds_pos)| {
            let mut parts: Vec<String> = blocks;
            let ds_pos = ds_pos.min(parts.len());
            parts.insert(ds_pos, datasource);
            if let Some(generator) = generator {
                parts.insert(0, generator);
            }
            let mut text = String::new();
            for (i, part) in parts.iter().enumerate() {
                text.push_str(part);
                text.push_str(seps[i % seps.len()]);
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

fn check_idempotent(source: &str) -> Result<(), TestCaseError> {
    let once = format_schema(source);
    let twice = format_schema(&once);
    prop_assert_eq!(&twice, &once, "\n--- input ---\n{}", source);
    Ok(())
}

fn check_tree_kept(source: &str) -> Result<(), TestCaseError> {
    let (before, _) = parse(source);
    let formatted = format_schema(source);
    let (after, diagnostics) = parse(&formatted);
    prop_assert!(
        !diagnostics.has_errors(),
        "formatted schema does not parse: {:?}\n--- formatted ---\n{}",
        diagnostics.errors(),
        formatted
    );
    prop_assert_eq!(
        normalise(&before),
        normalise(&after),
        "\n--- input ---\n{}\n--- formatted ---\n{}",
        source,
        formatted
    );
    Ok(())
}

fn check_comments_kept(source: &str) -> Result<(), TestCaseError> {
    let (before, _) = parse(source);
    let formatted = format_schema(source);
    let (after, _) = parse(&formatted);
    let comments = all_comments(&before);
    for (doc, text) in &comments {
        let written = format!("{}{text}", if *doc { "///" } else { "//" });
        prop_assert!(
            formatted.contains(&written),
            "lost comment {:?}\n--- input ---\n{}\n--- formatted ---\n{}",
            written,
            source,
            formatted
        );
    }
    prop_assert_eq!(
        comments,
        all_comments(&after),
        "\n--- input ---\n{}\n--- formatted ---\n{}",
        source,
        formatted
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// The generator itself: its schemas parse without a syntax error.
    #[test]
    fn generated_schemas_parse_cleanly(source in schema(false)) {
        let (_, diagnostics) = parse(&source);
        prop_assert!(!diagnostics.has_errors(), "{:?}\n--- schema ---\n{}", diagnostics.errors(), source);
    }

    #[test]
    fn validating_generated_schemas_never_panics(source in schema(false)) {
        let validated = validate(&source);
        let _ = validated.diagnostics.render_errors("schema.prisma", &source);
    }

    /// Formatting changes layout only, so validation says the same about the schema before and after (the
    /// messages compared as sorted lists, since their order follows attribute order, which formatting sets).
    #[test]
    fn formatting_does_not_change_validation(source in schema(true)) {
        let formatted = format_schema(&source);
        let messages = |text: &str| {
            let validated = validate(text);
            let mut messages: Vec<String> = validated
                .diagnostics
                .errors()
                .iter()
                .chain(validated.diagnostics.warnings())
                .map(|d| d.message.clone())
                .collect();
            messages.sort();
            messages
        };
        prop_assert_eq!(messages(&source), messages(&formatted), "\n--- input ---\n{}\n--- formatted ---\n{}", source, formatted);
    }

    #[test]
    fn formatting_keeps_every_comment(source in schema(false)) {
        check_comments_kept(&source)?;
    }

    /// Runs on schemas whose block attributes follow the fields; see `formatting_is_idempotent` for why.
    #[test]
    fn formatting_is_idempotent_with_block_attributes_last(source in schema(true)) {
        check_idempotent(&source)?;
    }

    /// Runs on schemas whose block attributes follow the fields; see `formatting_keeps_the_tree` for why.
    #[test]
    fn formatting_keeps_the_tree_with_block_attributes_last(source in schema(true)) {
        check_tree_kept(&source)?;
    }

    /// BUG (schema-core/src/format/blocks.rs, `layout`): a blank line after a block attribute that comes
    /// before the first field is kept as a blank line at the start of the formatted body, which the next
    /// run removes. Minimal failing input:
    ///     "model A {\n  @@id([a])\n\n  a String\n}\n"
    /// first run:  "model A {\n\n  a String\n\n  @@id([a])\n}\n"
    /// second run: "model A {\n  a String\n\n  @@id([a])\n}\n"
    /// (same with a comment instead of the field, "model A {\n  @@id([a])\n\n  // c\n}\n", and for enums:
    /// "enum E {\n  @@map(\"x\")\n\n  A\n}\n").
    #[test]
    #[ignore = "formatter bug: not idempotent when a blank line follows a leading block attribute"]
    fn formatting_is_idempotent(source in schema(false)) {
        check_idempotent(&source)?;
    }

    /// BUG (schema-core/src/format/blocks.rs, `layout`): a free-standing `///` comment separated from a block
    /// attribute by a blank line loses that blank line when the attribute moves to the end, so the comment
    /// lands right above the next field and becomes its documentation (changing DMMF `documentation`).
    /// Minimal failing input:
    ///     "model A {\n  /// d\n\n  @@id([a])\n  a String\n}\n"
    /// formatted:  "model A {\n  /// d\n  a String\n\n  @@id([a])\n}\n"   (field `a` now documented "d")
    #[test]
    #[ignore = "formatter bug: a free `///` comment becomes a field's documentation"]
    fn formatting_keeps_the_tree(source in schema(false)) {
        check_tree_kept(&source)?;
    }
}

/// The two minimal inputs of the ignored properties above, as plain regression tests.
#[test]
#[ignore = "formatter bug, see formatting_is_idempotent"]
fn leading_block_attribute_then_blank_line_formats_idempotently() {
    for source in [
        "model A {\n  @@id([a])\n\n  a String\n}\n",
        "model A {\n  @@id([a])\n\n  // c\n}\n",
        "enum E {\n  @@map(\"x\")\n\n  A\n}\n",
    ] {
        let once = format_schema(source);
        assert_eq!(format_schema(&once), once, "input: {source:?}");
    }
}

#[test]
#[ignore = "formatter bug, see formatting_keeps_the_tree"]
fn free_doc_comment_does_not_become_documentation() {
    let source = "model A {\n  /// d\n\n  @@id([a])\n  a String\n}\n";
    let formatted = format_schema(source);
    assert_eq!(
        normalise(&parse(source).0),
        normalise(&parse(&formatted).0),
        "formatted: {formatted:?}"
    );
}

// ----- semantically plausible schemas -------------------------------------------------------------------

/// A scalar field of a plausible schema: its type and an attribute that fits it.
fn plausible_field(provider: &'static str, enums: usize) -> impl Strategy<Value = String> {
    let mut types = vec![
        "String", "Int", "BigInt", "Float", "Boolean", "DateTime", "Decimal", "Bytes",
    ];
    if provider != "sqlite" {
        types.push("Json");
    }
    let enum_types: Vec<String> = if provider == "sqlite" {
        Vec::new()
    } else {
        (0..enums).map(|i| format!("E{i}")).collect()
    };
    let ty = prop_oneof![
        4 => select(types).prop_map(String::from),
        1 => if enum_types.is_empty() { Just("String".to_string()).boxed() } else { select(enum_types).boxed() },
    ];
    let arities: &'static [&'static str] = if provider == "postgresql" {
        &["", "?", "[]"]
    } else {
        &["", "?"]
    };
    (
        ty,
        select(arities),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(ty, arity, unique, default, map)| {
            let mut attrs = Vec::new();
            if unique && arity != "[]" && !matches!(ty.as_str(), "Json" | "Bytes") {
                attrs.push("@unique".to_string());
            }
            if default && arity != "[]" {
                let value = match ty.as_str() {
                    "String" => Some("\"x\"".to_string()),
                    "Int" | "BigInt" => Some("3".to_string()),
                    "Float" | "Decimal" => Some("1.5".to_string()),
                    "Boolean" => Some("true".to_string()),
                    "DateTime" => Some("now()".to_string()),
                    "Json" => Some("\"{}\"".to_string()),
                    t if t.starts_with('E') => Some("V0".to_string()),
                    _ => None,
                };
                if let Some(value) = value {
                    attrs.push(format!("@default({value})"));
                }
            }
            (ty, arity, attrs, map)
        })
        .prop_map(|(ty, arity, mut attrs, map)| {
            if map {
                attrs.push("@map(\"col\")".to_string());
            }
            format!("{ty}{arity} {}", attrs.join(" "))
        })
}

/// A schema meant to pass validation: unique names, types that exist, attributes that fit, one-to-many
/// relations with matching foreign keys, indexes on existing fields. Validation runs all its phases on these.
fn plausible_schema() -> impl Strategy<Value = String> {
    (select(&["sqlite", "postgresql", "mysql"][..]), 0usize..3, 1usize..5).prop_flat_map(|(provider, enums, models)| {
        let model = (
            select(&["Int @id @default(autoincrement())", "String @id @default(uuid())", "String @id @default(cuid())", "Int @id"][..]),
            prop::collection::vec(plausible_field(provider, enums), 0..6),
            prop::option::of(0usize..8),
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
        );
        (Just(provider), Just(enums), prop::collection::vec(model, models), prop::collection::vec(1usize..4, enums))
    })
    .prop_map(|(provider, enums, models, enum_sizes)| {
        let mut text = format!("datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n}}\n\n");
        // SQLite has no enums.
        let enums = if provider == "sqlite" { 0 } else { enums };
        for (i, size) in enum_sizes.iter().enumerate().take(enums) {
            text.push_str(&format!("enum E{i} {{\n"));
            for v in 0..*size {
                text.push_str(&format!("  V{v}\n"));
            }
            text.push_str("}\n\n");
        }
        let id_types: Vec<&str> = models.iter().map(|m| m.0.split(' ').next().unwrap_or("Int")).collect();
        // Model i > 0 may point at an earlier model; the earlier one gets the back relation.
        let parents: Vec<Option<usize>> = models
            .iter()
            .enumerate()
            .map(|(i, m)| if i > 0 { m.2.map(|p| p % i) } else { None })
            .collect();
        for (i, (id, fields, _, index, unique, map)) in models.iter().enumerate() {
            text.push_str(&format!("model M{i} {{\n  id {id}\n"));
            for (j, field) in fields.iter().enumerate() {
                text.push_str(&format!("  f{j} {field}\n"));
            }
            if let Some(parent) = parents[i] {
                text.push_str(&format!("  parentId {}?\n", id_types[parent]));
                text.push_str(&format!("  parent M{parent}? @relation(fields: [parentId], references: [id])\n"));
            }
            for (child, p) in parents.iter().enumerate() {
                if *p == Some(i) {
                    text.push_str(&format!("  children{child} M{child}[]\n"));
                }
            }
            let scalar_fields: Vec<String> = fields
                .iter()
                .enumerate()
                .filter(|(_, f)| !f.contains("[]") && !f.starts_with("Json") && !f.starts_with("Bytes"))
                .map(|(j, _)| format!("f{j}"))
                .collect();
            if *index && !scalar_fields.is_empty() {
                text.push_str(&format!("\n  @@index([{}])\n", scalar_fields[0]));
            }
            if *unique && scalar_fields.len() >= 2 {
                text.push_str(&format!("  @@unique([{}, {}])\n", scalar_fields[0], scalar_fields[1]));
            }
            if *map {
                text.push_str(&format!("  @@map(\"table_{i}\")\n"));
            }
            text.push_str("}\n\n");
        }
        text
    })
}

proptest! {
    #![proptest_config(config(128))]

    /// Every phase of validation runs on these schemas: none may panic, they are valid, and they stay valid
    /// once formatted.
    #[test]
    fn plausible_schemas_validate_before_and_after_formatting(source in plausible_schema()) {
        let validated = validate(&source);
        let _ = validated.diagnostics.render_errors("schema.prisma", &source);
        let formatted = format_schema(&source);
        let again = validate(&formatted);
        prop_assert!(validated.is_valid(), "{:?}\n--- schema ---\n{}", validated.diagnostics.errors(), source);
        prop_assert!(again.is_valid(), "{:?}\n--- formatted ---\n{}", again.diagnostics.errors(), formatted);
    }
}

// ----- mutations of the real corpus ---------------------------------------------------------------------

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    Truncate(usize),
    Insert(usize, char),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let inserted = prop_oneof![
        select(
            &[
                '{', '}', '(', ')', '[', ']', '"', '@', '/', '\\', '\n', '\r', ',', ':', '=', '?',
                '.', ' ', 'é', '😀', '\u{0}'
            ][..]
        ),
        any::<char>(),
    ];
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), inserted).prop_map(|(at, c)| Mutation::Insert(at, c)),
    ]
}

/// The largest char boundary at or before `at`.
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match *mutation {
        Mutation::DeleteLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            lines
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, l)| *l)
                .collect()
        }
        Mutation::DuplicateLine(i) if !lines.is_empty() => {
            let i = i % lines.len();
            let mut out = String::new();
            for (j, line) in lines.iter().enumerate() {
                out.push_str(line);
                if j == i {
                    out.push_str(line);
                }
            }
            out
        }
        Mutation::Truncate(at) => text[..boundary(text, at % (text.len() + 1))].to_string(),
        Mutation::Insert(at, c) => {
            let at = boundary(text, at % (text.len() + 1));
            let mut out = text.to_string();
            out.insert(at, c);
            out
        }
        _ => text.to_string(),
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutated_corpus_schemas_never_panic(file in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let files = corpus();
        let (_name, text) = &files[file.index(files.len())];
        let mut mutated = text.clone();
        for m in &mutations {
            mutated = apply(&mutated, m);
        }
        exercise(&mutated);
    }

    /// Real schemas, slightly broken or not: formatting them twice gives what formatting once gives.
    #[test]
    fn mutated_corpus_schemas_format_idempotently(file in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 0..3)) {
        let files = corpus();
        let (name, text) = &files[file.index(files.len())];
        let mut mutated = text.clone();
        for m in &mutations {
            mutated = apply(&mutated, m);
        }
        let once = format_schema(&mutated);
        prop_assert_eq!(format_schema(&once), once, "{} mutated by {:?}", name, mutations);
    }
}

// ----- deep nesting -------------------------------------------------------------------------------------

/// `@default(` followed by `depth` nested values: unterminated `[`, balanced `[...]` or nested calls `f(...)`.
fn deeply_nested(kind: u8, depth: usize) -> String {
    let value = match kind {
        0 => "[".repeat(depth),
        1 => format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        _ => format!("{}{}", "f(".repeat(depth), ")".repeat(depth)),
    };
    format!("model A {{\n  a Int @default({value})\n}}\n")
}

proptest! {
    #![proptest_config(config(16))]

    /// Moderate nesting is fine.
    #[test]
    fn moderately_nested_values_never_panic(kind in 0u8..3, depth in 1usize..200) {
        exercise(&deeply_nested(kind, depth));
    }

    /// Nesting far beyond any real schema is rejected as an invalid line, not by exhausting the stack.
    #[test]
    fn deeply_nested_values_are_rejected_without_crashing(kind in 0u8..3, depth in 1_000usize..100_000) {
        exercise(&deeply_nested(kind, depth));
    }
}

#[test]
fn corpus_is_found() {
    assert!(!corpus().is_empty());
}
