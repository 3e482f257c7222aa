//! Formats every valid schema of the shared corpus and compares with `prisma format`'s output
//! (`<name>.formatted.prisma`), then checks that formatting the golden gives the golden (idempotence).
//!
//! The corpus lives in the shared directory, `$CARGO_MANIFEST_DIR/../../shared` by default; set
//! `REFRACT_SHARED_DIR` to point elsewhere.

use schema_core::format::format_schema;
use std::path::PathBuf;

fn shared_dir() -> PathBuf {
    match std::env::var_os("REFRACT_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

/// The first lines where `actual` and `expected` differ, for the failure report.
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
fn corpus_format_matches_prisma() {
    let valid = shared_dir().join("schemas").join("valid");
    assert!(
        valid.is_dir(),
        "schema corpus not found at {}: set REFRACT_SHARED_DIR to the shared directory (the one holding schemas/valid)",
        valid.display()
    );
    let mut originals: Vec<PathBuf> = std::fs::read_dir(&valid)
        .expect("read corpus directory")
        .map(|e| e.expect("directory entry").path())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            name.ends_with(".prisma") && !name.ends_with(".formatted.prisma")
        })
        .collect();
    originals.sort();
    assert!(!originals.is_empty(), "no schemas in {}", valid.display());

    let mut passed = 0;
    let mut failures = String::new();
    for original in &originals {
        let name = original.file_stem().unwrap().to_string_lossy().to_string();
        let golden_path = valid.join(format!("{name}.formatted.prisma"));
        let source = std::fs::read_to_string(original).expect("read schema");
        let golden = std::fs::read_to_string(&golden_path)
            .unwrap_or_else(|e| panic!("missing golden {}: {e}", golden_path.display()));

        let formatted = format_schema(&source);
        let reformatted = format_schema(&golden);
        let mut ok = true;
        if formatted != golden {
            ok = false;
            failures.push_str(&format!(
                "{name}: differs from golden\n{}",
                first_differences(&formatted, &golden, 5)
            ));
        }
        if reformatted != golden {
            ok = false;
            failures.push_str(&format!(
                "{name}: formatting the golden changes it (not idempotent)\n{}",
                first_differences(&reformatted, &golden, 5)
            ));
        }
        if ok {
            passed += 1;
        }
    }
    println!("format {passed}/{}", originals.len());
    assert!(
        failures.is_empty(),
        "format {passed}/{}\n{failures}",
        originals.len()
    );
}
