//! The blog example of Prisma Client Python's README, end to end on SQLite through the Rust API:
//! `db push` the schema into a fresh database file, then send the engine the JSON-protocol requests the
//! client would send for each query of the README, printing each answer.
//!
//! ```text
//! cargo run -q --example blog [-- path/to/database.db]
//! ```
//!
//! Without an argument the database is a fresh file in the system's temporary directory.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use connector_sqlite::SqliteDriver;
use engine_core::connector::SqlDriver;
use engine_core::migrate::{push, PushOptions};
use engine_core::protocol::EngineProtocol;
use engine_core::sql_connector::SqlConnector;
use engine_core::Engine;

const SCHEMA: &str = include_str!("../../examples/blog/schema.prisma");

/// Each step: what the README's Python does, and the request body the client sends for it.
const STEPS: &[(&str, &str)] = &[
    (
        "db.user.create(data={'name': 'Robert', 'email': 'robert@craigie.dev'})",
        r#"{"modelName":"User","action":"createOne","query":{"arguments":{"data":{"name":"Robert","email":"robert@craigie.dev"}},"selection":{"$scalars":true}}}"#,
    ),
    (
        "db.user.create(data={..., 'posts': {'create': {'title': 'My first post from Prisma!'}}})",
        r#"{"modelName":"User","action":"createOne","query":{"arguments":{"data":{"name":"Tegan","email":"tegan@example.com","posts":{"create":{"title":"My first post from Prisma!"}}}},"selection":{"$scalars":true,"posts":{"selection":{"$scalars":true}}}}}"#,
    ),
    (
        "db.user.find_many(include={'posts': True})",
        r#"{"modelName":"User","action":"findMany","query":{"selection":{"$scalars":true,"posts":{"selection":{"$scalars":true}}}}}"#,
    ),
    (
        "db.post.find_many(where={'OR': [{'title': {'contains': 'prisma'}}, {'content': {'contains': 'prisma'}}]})",
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"where":{"OR":[{"title":{"contains":"prisma"}},{"content":{"contains":"prisma"}}]}},"selection":{"$scalars":true}}}"#,
    ),
    (
        "db.post.update(where={'id': 1}, data={'views': {'increment': 1}})",
        r#"{"modelName":"Post","action":"updateOne","query":{"arguments":{"where":{"id":1},"data":{"views":{"increment":1}}},"selection":{"$scalars":true}}}"#,
    ),
];

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    let given = std::env::args().nth(1).map(PathBuf::from);
    let database = given.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!("refract-blog-{}.db", std::process::id()))
    });
    // A fresh database every run, so the ids and the output are the same every time.
    remove_database(&database);

    let validated = schema_core::validate(SCHEMA);
    if validated.diagnostics.has_errors() {
        return Err(validated
            .diagnostics
            .render_errors("examples/blog/schema.prisma", SCHEMA)
            .into());
    }
    let datamodel = Arc::new(validated.datamodel);

    let url = format!("file:{}", database.display());
    let driver: Box<dyn SqlDriver> = Box::new(SqliteDriver::open(&url, Path::new(".")).await?);
    let report = push(&*driver, &datamodel, PushOptions::default()).await?;
    println!(
        "db push: {} statements into {}",
        report.statements.len(),
        database.display()
    );

    let connector = Arc::new(SqlConnector::new(driver, datamodel.clone()));
    let engine = Engine::new(datamodel, connector);
    for (python, body) in STEPS {
        let response = engine.request(EngineProtocol::Json, body, None).await;
        println!("\n# {python}\n{}", response.body_text());
    }
    if given.is_none() {
        remove_database(&database);
    }
    Ok(())
}

/// Removes a SQLite database with its WAL files; a file that is not there is no error.
fn remove_database(database: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut file = database.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
}
