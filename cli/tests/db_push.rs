//! `refract db push` end to end on SQLite: what it prints, what it refuses, what it leaves on disk.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn refract(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_refract"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("the refract binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn schema(models: &str) -> String {
    format!(
        "datasource db {{\n  provider = \"sqlite\"\n  url      = \"file:./dev.db\"\n}}\n\n{models}"
    )
}

const V1: &str = "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n  bio   String?\n}\n";
const V2: &str =
    "model User {\n  id    Int     @id @default(autoincrement())\n  email String  @unique\n}\n";

/// Runs one JSON-protocol request through `refract query`.
fn request(dir: &Path, body: &str) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_refract"))
        .arg("query")
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{body}\n").as_bytes())
        .unwrap();
    text(&child.wait_with_output().unwrap().stdout)
}

#[test]
fn first_push_creates_the_file_and_second_push_is_a_no_op() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), schema(V1)).unwrap();
    let out = refract(&["db", "push", "--skip-generate"], dir.path());
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.starts_with(
            "Prisma schema loaded from schema.prisma\nDatasource \"db\": SQLite database \"dev.db\" at \"file:./dev.db\"\n\nSQLite database dev.db created at file:./dev.db\n\n🚀  Your database is now in sync with your Prisma schema. Done in "
        ),
        "{stdout}"
    );
    assert!(dir.path().join("dev.db").is_file());

    let out = refract(&["db", "push"], dir.path());
    assert!(out.status.success());
    assert_eq!(
        text(&out.stdout),
        "Prisma schema loaded from schema.prisma\nDatasource \"db\": SQLite database \"dev.db\" at \"file:./dev.db\"\n\nThe database is already in sync with the Prisma schema.\n"
    );
}

#[test]
fn data_loss_is_refused_until_accepted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), schema(V1)).unwrap();
    assert!(refract(&["db", "push"], dir.path()).status.success());
    let created = request(
        dir.path(),
        r#"{"modelName":"User","action":"createOne","query":{"arguments":{"data":{"email":"a@x.io","bio":"hi"}},"selection":{"$scalars":true}}}"#,
    );
    assert!(created.contains("a@x.io"), "{created}");

    std::fs::write(dir.path().join("schema.prisma"), schema(V2)).unwrap();
    let out = refract(&["db", "push"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains("\n⚠️  There might be data loss when applying the changes:\n\n  • You are about to drop the column `bio` on the `User` table, which still contains 1 non-null values.\n\n"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains(
            "Error: Use the --accept-data-loss flag to ignore the data loss warnings like refract db push --accept-data-loss"
        ),
        "{}",
        text(&out.stderr)
    );

    let out = refract(&["db", "push", "--accept-data-loss"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("🚀  Your database is now in sync with your Prisma schema."));
    let found = request(
        dir.path(),
        r#"{"modelName":"User","action":"findMany","query":{"selection":{"$scalars":true}}}"#,
    );
    assert!(
        found.contains("a@x.io") && !found.contains("bio"),
        "{found}"
    );
}

#[test]
fn force_reset_empties_the_database() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.prisma"), schema(V1)).unwrap();
    assert!(refract(&["db", "push"], dir.path()).status.success());
    request(
        dir.path(),
        r#"{"modelName":"User","action":"createOne","query":{"arguments":{"data":{"email":"a@x.io"}},"selection":{"$scalars":true}}}"#,
    );
    let out = refract(&["db", "push", "--force-reset"], dir.path());
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(
            "\nThe SQLite database \"dev.db\" at \"file:./dev.db\" was successfully reset.\n"
        ),
        "{}",
        text(&out.stdout)
    );
    let found = request(
        dir.path(),
        r#"{"modelName":"User","action":"findMany","query":{"selection":{"$scalars":true}}}"#,
    );
    assert!(!found.contains("a@x.io"), "{found}");
}

#[test]
fn schema_errors_are_refused_before_the_database_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.prisma"),
        schema("model User {\n  id Int @id\n  email String @uniq\n}\n"),
    )
    .unwrap();
    let out = refract(&["db", "push"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("Error code: P1012"), "{err}");
    assert!(err.contains("Attribute not known: \"@uniq\""), "{err}");
    assert!(!dir.path().join("dev.db").exists());
}

#[test]
fn a_missing_environment_variable_is_named() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.prisma"),
        "datasource db {\n  provider = \"sqlite\"\n  url      = env(\"REFRACT_TEST_MISSING_URL\")\n}\n\nmodel A {\n  id Int @id\n}\n",
    )
    .unwrap();
    let out = refract(&["db", "push"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("Environment variable not found: REFRACT_TEST_MISSING_URL."),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_unreachable_server_is_p1001_with_host_and_port() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.prisma"),
        "datasource db {\n  provider = \"postgresql\"\n  url      = \"postgresql://u@127.0.0.1:9/db?connect_timeout=2\"\n}\n\nmodel A {\n  id Int @id\n}\n",
    )
    .unwrap();
    let out = refract(&["db", "push"], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).contains(
            "Datasource \"db\": PostgreSQL database \"db\", schema \"public\" at \"127.0.0.1:9\""
        ),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("Error: P1001: Can't reach database server at `127.0.0.1:9`"),
        "{}",
        text(&out.stderr)
    );
}
