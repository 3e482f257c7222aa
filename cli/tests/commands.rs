//! The `refract` binary end to end: exit codes, what it prints, and what it leaves on disk.

use std::path::Path;
use std::process::{Command, Output};

fn refract(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the refract binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const VALID: &str = r#"datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
"#;

const BROKEN: &str = r#"datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @uniq
  age   Int    @default("ten")
}
"#;

#[test]
fn validate_accepts_a_valid_schema() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), VALID).unwrap();
    let out = refract(&["validate"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is valid"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn validate_reports_every_error_with_location_and_caret() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), BROKEN).unwrap();
    let out = refract(&["validate"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error: Attribute not known: \"@uniq\"."),
        "{err}"
    );
    assert!(err.contains("  -->  schema.prisma:8:16"), "{err}");
    assert!(
        err.contains("error: Error parsing attribute \"@default\": Expected a Int value, but found `\"ten\"`."),
        "{err}"
    );
    assert!(err.contains("  -->  schema.prisma:9:16"), "{err}");
    assert!(err.contains("\n   |                ^^^^^\n"), "{err}");
    assert!(
        err.contains("\n   |                ^^^^^^^^^^^^^^^\n"),
        "{err}"
    );
    assert!(err.contains("Validation Error Count: 2"), "{err}");
}

#[test]
fn schema_path_defaults_to_the_prisma_folder() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("prisma")).unwrap();
    std::fs::write(dir.path().join("prisma/schema.prisma"), VALID).unwrap();
    let out = refract(&["validate"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("prisma/schema.prisma"));
}

#[test]
fn missing_schema_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = refract(&["validate"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Could not find a schema.prisma file"));
    let out = refract(&["validate", "--schema", "nope.prisma"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("nope.prisma"));
}

#[test]
fn format_rewrites_in_place_and_check_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("schema.prisma");
    let messy = VALID.replace("  email String @unique", "    email    String   @unique");
    std::fs::write(&path, &messy).unwrap();

    let check = refract(&["format", "--check"], dir.path());
    assert_eq!(check.status.code(), Some(1), "{}", text(&check.stdout));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        messy,
        "--check must not write"
    );

    let out = refract(&["format"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), VALID);

    let check = refract(&["format", "--check"], dir.path());
    assert!(check.status.success(), "{}", text(&check.stdout));
}

#[test]
fn dmmf_prints_the_datamodel() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), VALID).unwrap();
    let out = refract(&["dmmf"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    let dmmf: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let models = dmmf["datamodel"]["models"].as_array().unwrap();
    assert_eq!(models.len(), 2);
    assert_eq!(models[1]["fields"][1]["relationName"], "PostToUser");
    assert_eq!(models[1]["fields"][2]["isReadOnly"], true);
}

#[test]
fn dmmf_of_a_broken_schema_fails_with_p1012() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), BROKEN).unwrap();
    let out = refract(&["dmmf"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("P1012"));
}
