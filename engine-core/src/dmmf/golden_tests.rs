//! Prisma 5.19's `get_dmmf` output for every valid schema of the corpus (`../shared/schemas/valid`) as the
//! specification of [`super::full_dmmf_string`].
//!
//! Each golden is compared byte for byte; on a mismatch the first differing JSON path is printed. Schemas
//! whose DMMF is known to differ are listed with the reason: the test fails when one of them starts to match
//! (so the list only shrinks) or when any other schema differs.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Corpus schemas whose DMMF does not match yet, with the reason.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "011_Brendonovich__prisma-client-rust__tests__database__mongodb__prisma__schema",
        COMPOSITES,
    ),
    (
        "075_keonik__prisma-erd-generator__prisma__composite-types",
        COMPOSITES,
    ),
    (
        "076_keonik__prisma-erd-generator__prisma__issues__73",
        COMPOSITES,
    ),
    (
        "085_MichalLytek__typegraphql-prisma__experiments__mongodb__prisma__schema",
        COMPOSITES,
    ),
];

/// MongoDB composite types (`type X { ... }`) have no query-schema types yet (composite filters, envelopes,
/// equality and order-by inputs, composite output types); Prisma Client Python rejects them anyway.
const COMPOSITES: &str = "MongoDB composite types";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/schemas/valid")
}

/// Gunzipped golden text (through the system `gzip`, to keep the crate free of a compression dependency).
fn gunzip(path: &Path) -> String {
    let output = Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .output()
        .expect("gzip is needed to read the DMMF goldens");
    assert!(output.status.success(), "gzip failed on {}", path.display());
    String::from_utf8(output.stdout).expect("golden is UTF-8")
}

fn label(value: &Value, index: usize) -> String {
    match value.get("name").and_then(Value::as_str) {
        Some(name) => format!("[{index}:{name}]"),
        None => match value.get("model").and_then(Value::as_str) {
            Some(model) => format!("[{index}:{model}]"),
            None => format!("[{index}]"),
        },
    }
}

fn short(value: Option<&Value>) -> String {
    let text = value.map_or_else(|| "<absent>".to_owned(), Value::to_string);
    if text.len() > 160 {
        format!(
            "{}…",
            &text[..text.char_indices().nth(160).map_or(text.len(), |(i, _)| i)]
        )
    } else {
        text
    }
}

/// The first path where two JSON values differ (key order included), with both sides.
fn first_difference(expected: &Value, got: &Value, path: &str) -> Option<String> {
    match (expected, got) {
        (Value::Object(e), Value::Object(g)) => {
            let e_keys: Vec<&String> = e.keys().collect();
            let g_keys: Vec<&String> = g.keys().collect();
            for key in &e_keys {
                let child = format!("{path}.{key}");
                match g.get(*key) {
                    Some(g_value) => {
                        if let Some(diff) = first_difference(&e[*key], g_value, &child) {
                            return Some(diff);
                        }
                    }
                    None => {
                        return Some(format!(
                            "{child}: expected {} got <absent>",
                            short(e.get(*key))
                        ))
                    }
                }
            }
            if let Some(extra) = g_keys.iter().find(|k| !e.contains_key(**k)) {
                return Some(format!(
                    "{path}.{extra}: expected <absent> got {}",
                    short(g.get(*extra))
                ));
            }
            (e_keys != g_keys)
                .then(|| format!("{path}: key order expected {e_keys:?} got {g_keys:?}"))
        }
        (Value::Array(e), Value::Array(g)) => {
            for (index, e_value) in e.iter().enumerate() {
                let Some(g_value) = g.get(index) else {
                    return Some(format!(
                        "{path}{}: expected {} got <absent> (length {} vs {})",
                        label(e_value, index),
                        short(Some(e_value)),
                        e.len(),
                        g.len()
                    ));
                };
                let child = format!("{path}{}", label(e_value, index));
                if let Some(diff) = first_difference(e_value, g_value, &child) {
                    return Some(diff);
                }
            }
            (g.len() > e.len()).then(|| {
                format!(
                    "{path}[{}]: expected <absent> got {}",
                    e.len(),
                    short(g.get(e.len()))
                )
            })
        }
        _ => (expected != got).then(|| {
            format!(
                "{path}: expected {} got {}",
                short(Some(expected)),
                short(Some(got))
            )
        }),
    }
}

/// Our DMMF for one corpus schema, compared with its golden: `None` when byte-exact, else the difference.
fn compare(name: &str) -> Option<String> {
    let dir = corpus_dir();
    let source = std::fs::read_to_string(dir.join(format!("{name}.prisma"))).expect("schema");
    let validated = schema_core::validate(&source);
    if validated.diagnostics.has_errors() {
        return Some("the schema does not validate".into());
    }
    let expected_text = gunzip(&dir.join(format!("{name}.dmmf.full.json.gz")));
    let got_text = super::full_dmmf_string(&validated.datamodel);
    if got_text == expected_text {
        return None;
    }
    let expected: Value = serde_json::from_str(&expected_text).expect("golden is JSON");
    let got: Value = serde_json::from_str(&got_text).expect("our DMMF is JSON");
    Some(
        first_difference(&expected, &got, "")
            .unwrap_or_else(|| "same JSON, different text (number or escape formatting)".into()),
    )
}

fn corpus_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("schema corpus directory")
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file = entry.file_name().into_string().ok()?;
            file.strip_suffix(".dmmf.full.json.gz").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn full_dmmf_matches_prisma_for_the_corpus() {
    let names = corpus_names();
    assert!(!names.is_empty(), "no DMMF goldens found");
    let mut matched = 0;
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for name in &names {
        let known = KNOWN_DIFFERENCES.iter().find(|(n, _)| n == name);
        match (compare(name), known) {
            (None, None) => matched += 1,
            (None, Some(_)) => {
                matched += 1;
                fixed.push(name.clone());
            }
            (Some(diff), Some((_, reason))) => println!("known  {name} ({reason}): {diff}"),
            (Some(diff), None) => {
                println!("DIFF   {name}: {diff}");
                unexpected.push(name.clone());
            }
        }
    }
    println!(
        "DMMF goldens matched byte for byte: {matched}/{}",
        names.len()
    );
    assert!(
        fixed.is_empty(),
        "now matching, remove from KNOWN_DIFFERENCES: {fixed:?}"
    );
    assert!(
        unexpected.is_empty(),
        "unexpected differences: {unexpected:?}"
    );
}

#[test]
fn first_difference_names_the_path() {
    let expected: Value = serde_json::from_str(r#"{"a":[{"name":"X","v":1}],"b":2}"#).unwrap();
    let got: Value = serde_json::from_str(r#"{"a":[{"name":"X","v":3}],"b":2}"#).unwrap();
    assert_eq!(
        first_difference(&expected, &got, "").as_deref(),
        Some(".a[0:X].v: expected 1 got 3")
    );
    let reordered: Value = serde_json::from_str(r#"{"b":2,"a":[{"name":"X","v":1}]}"#).unwrap();
    assert!(first_difference(&expected, &reordered, "")
        .unwrap()
        .contains("key order"));
    assert_eq!(first_difference(&expected, &expected, ""), None);
}
