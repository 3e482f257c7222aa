//! Validates every schema of the shared Prisma 5.19 corpus against Prisma's own outputs: valid schemas give no
//! errors, the same DMMF `datamodel`, the same get-config output and the same warnings; invalid schemas give
//! exactly Prisma's error messages, in order.

use serde_json::Value;
use std::path::{Path, PathBuf};

fn shared_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("REFRACT_SHARED_DIR") {
        return PathBuf::from(dir);
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

fn schemas(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".prisma") && !name.ends_with(".formatted.prisma")
        })
        .collect();
    out.sort();
    out
}

fn sibling(schema: &Path, suffix: &str) -> PathBuf {
    let s = schema.to_string_lossy();
    PathBuf::from(format!("{}{suffix}", s.trim_end_matches(".prisma")))
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("bad JSON in {}: {e}", path.display()))
}

/// JSON equality where numbers compare by value (`0.0` equals `0`) and object key order is ignored.
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// The first place two JSON values differ, as a path and both values.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => {
            for (i, (a, b)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(&format!("{path}[{i}]"), a, b) {
                    return Some(d);
                }
            }
            (x.len() != y.len())
                .then(|| format!("{path}: length {} vs expected {}", x.len(), y.len()))
        }
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in y {
                match x.get(k) {
                    None => return Some(format!("{path}.{k}: missing, expected {v}")),
                    Some(w) => {
                        if let Some(d) = first_difference(&format!("{path}.{k}"), w, v) {
                            return Some(d);
                        }
                    }
                }
            }
            x.keys()
                .find(|k| !y.contains_key(*k))
                .map(|k| format!("{path}.{k}: unexpected key"))
        }
        _ => (!same_json(a, b)).then(|| format!("{path}: got {a}, expected {b}")),
    }
}

fn lint_messages(path: &Path, warnings: bool) -> Vec<(String, usize, usize)> {
    read_json(path)
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|e| e["is_warning"].as_bool() == Some(warnings))
        .map(|e| {
            (
                e["text"].as_str().unwrap_or_default().to_owned(),
                e["start"].as_u64().unwrap_or(0) as usize,
                e["end"].as_u64().unwrap_or(0) as usize,
            )
        })
        .collect()
}

/// Converts a byte offset into UTF-16 code units, the unit of lint offsets.
fn utf16_offset(source: &str, byte: usize) -> usize {
    source
        .get(..byte.min(source.len()))
        .map(|s| s.encode_utf16().count())
        .unwrap_or(0)
}

fn ours(source: &str, diagnostics: &[schema_core::Diagnostic]) -> Vec<(String, usize, usize)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d.message.clone(),
                utf16_offset(source, d.span.start),
                utf16_offset(source, d.span.end),
            )
        })
        .collect()
}

fn compare_messages(
    what: &str,
    got: &[(String, usize, usize)],
    expected: &[(String, usize, usize)],
) -> Option<String> {
    if got == expected {
        return None;
    }
    for i in 0..got.len().max(expected.len()) {
        if got.get(i) != expected.get(i) {
            return Some(format!(
                "{what} #{i}: got {:?}, expected {:?}",
                got.get(i),
                expected.get(i)
            ));
        }
    }
    None
}

/// The first `max` lines where two texts differ, for a readable failure.
fn first_differences(actual: &str, expected: &str, max: usize) -> String {
    let a: Vec<&str> = actual.split('\n').collect();
    let e: Vec<&str> = expected.split('\n').collect();
    let mut report = String::new();
    let mut shown = 0;
    for i in 0..a.len().max(e.len()) {
        let (got, want) = (a.get(i), e.get(i));
        if got != want {
            report.push_str(&format!(
                "    line {}:\n      expected: {:?}\n      actual:   {:?}\n",
                i + 1,
                want.copied().unwrap_or("<end of file>"),
                got.copied().unwrap_or("<end of file>")
            ));
            shown += 1;
            if shown == max {
                break;
            }
        }
    }
    report
}

#[test]
fn corpus_matches_prisma() {
    let shared = shared_dir();
    let root = shared.join("schemas");
    assert!(
        root.is_dir(),
        "corpus not found at {} (set REFRACT_SHARED_DIR to the shared directory)",
        root.display()
    );
    let mut misses: Vec<String> = Vec::new();
    let (mut valid_ok, mut dmmf_ok, mut config_ok, mut format_ok, mut invalid_ok) = (0, 0, 0, 0, 0);
    let valid = schemas(&root.join("valid"));
    let invalid = schemas(&root.join("invalid"));
    assert!(!valid.is_empty() && !invalid.is_empty(), "empty corpus");
    for path in &valid {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let source = std::fs::read_to_string(path).expect("readable schema");
        let schema = schema_core::validate(&source);
        let mut file_misses = Vec::new();
        let errors = schema.diagnostics.errors();
        let warnings = ours(&source, schema.diagnostics.warnings());
        let expected_warnings = lint_messages(&sibling(path, ".lint.json"), true);
        if errors.is_empty() {
            match compare_messages("warning", &warnings, &expected_warnings) {
                None => valid_ok += 1,
                Some(d) => file_misses.push(d),
            }
        } else {
            file_misses.push(format!("unexpected error: {:?}", errors[0]));
        }
        let dmmf = schema_core::dmmf::datamodel_json(&schema.datamodel);
        let expected = read_json(&sibling(path, ".dmmf.json"));
        match first_difference("datamodel", &dmmf, &expected) {
            None => dmmf_ok += 1,
            Some(d) => file_misses.push(format!("dmmf {d}")),
        }
        let config = schema_core::config_json(&schema, &source, "schema.prisma");
        let expected = read_json(&sibling(path, ".config.json"));
        match first_difference("config", &config, &expected) {
            None => config_ok += 1,
            Some(d) => file_misses.push(format!("config {d}")),
        }
        let golden =
            std::fs::read_to_string(sibling(path, ".formatted.prisma")).expect("formatted golden");
        let formatted = schema_core::format::format_schema(&source);
        let reformatted = schema_core::format::format_schema(&golden);
        if formatted == golden && reformatted == golden {
            format_ok += 1;
        } else if formatted != golden {
            file_misses.push(format!(
                "format\n{}",
                first_differences(&formatted, &golden, 5)
            ));
        } else {
            file_misses.push(format!(
                "format is not idempotent\n{}",
                first_differences(&reformatted, &golden, 5)
            ));
        }
        for m in file_misses {
            misses.push(format!("{name}: {m}"));
        }
    }
    for path in &invalid {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let source = std::fs::read_to_string(path).expect("readable schema");
        let schema = schema_core::validate(&source);
        let got: Vec<String> = schema
            .diagnostics
            .errors()
            .iter()
            .map(|d| d.message.clone())
            .collect();
        let expected: Vec<String> = lint_messages(&sibling(path, ".lint.json"), false)
            .into_iter()
            .map(|(m, _, _)| m)
            .collect();
        if got == expected {
            invalid_ok += 1;
        } else {
            misses.push(format!("{name}: errors {got:#?}\n  expected {expected:#?}"));
        }
        let spans = ours(&source, schema.diagnostics.errors());
        let expected_spans = lint_messages(&sibling(path, ".lint.json"), false);
        if got == expected {
            if let Some(d) = compare_messages("error span", &spans, &expected_spans) {
                misses.push(format!("{name}: {d}"));
            }
        }
    }
    println!(
        "valid {valid_ok}/{}, dmmf {dmmf_ok}/{}, format {format_ok}/{}, config {config_ok}/{}, invalid {invalid_ok}/{}",
        valid.len(),
        valid.len(),
        valid.len(),
        valid.len(),
        invalid.len()
    );
    for m in &misses {
        println!("MISS {m}");
    }
    assert!(misses.is_empty(), "{} corpus differences", misses.len());
}
