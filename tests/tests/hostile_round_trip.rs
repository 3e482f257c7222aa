//! Hostile strings round-trip unchanged through every text position: create values, `equals` filters, and
//! raw query parameters (`queryRaw` and `executeRaw`), on SQLite and on PostgreSQL when `TEST_POSTGRES_URL`
//! is set. PostgreSQL `text` cannot hold NUL: there the value with a NUL must fail with a clean error
//! (an error response, no panic) and write nothing.

use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use refract_tests::database::{fresh_database, with_provider, TestProvider};
use serde_json::{json, Value};

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id   Int    @id @default(autoincrement())
  text String
}
"#;

fn hostile() -> Vec<(&'static str, String)> {
    vec![
        ("single quotes", "it's 'quoted' ''".to_owned()),
        ("double quotes", "say \"hi\" \"\"".to_owned()),
        ("backslashes", r"C:\path\to\ \\ \' \0 \n".to_owned()),
        ("sql injection", r#"'; DROP TABLE "User"; --"#.to_owned()),
        (
            "sql injection 2",
            "\"; DROP TABLE User; -- ') OR 1=1 --".to_owned(),
        ),
        ("placeholders", "$1 ? ?1 :name @p1 %s {}".to_owned()),
        ("emoji", "👩‍👩‍👧‍👦 🏳️‍🌈 😀 \u{1F600}".to_owned()),
        (
            "right to left",
            "مرحبا بالعالم שלום \u{202E}txt.exe".to_owned(),
        ),
        (
            "combining",
            "e\u{0301} a\u{0308} Z\u{0351}\u{0324}\u{035B}".to_owned(),
        ),
        ("control", "tab\tnewline\ncr\r\u{7}\u{1b}[0m".to_owned()),
        (
            "json-like",
            r#"{"$type":"DateTime","value":"x"}"#.to_owned(),
        ),
        ("empty", String::new()),
        ("whitespace", "  leading and trailing  ".to_owned()),
        ("10k", "ab'\"\\é😀".repeat(1_430)),
        ("nul", "before\0after".to_owned()),
    ]
}

async fn request(engine: &Engine, body: Value) -> (u16, Value) {
    let response = engine
        .request(EngineProtocol::Json, &body.to_string(), None)
        .await;
    (response.status, response.body())
}

/// The first error's message, if the response is an error.
fn error(body: &Value) -> Option<String> {
    let errors = body.get("errors")?.as_array()?;
    Some(errors.first()?.to_string())
}

async fn run(provider: TestProvider, name: &str) {
    let Some(server_url) = provider.server_url() else {
        return;
    };
    let schema = with_provider(SCHEMA, provider);
    let database = fresh_database(&schema, provider, &server_url, name)
        .await
        .unwrap_or_else(|error| panic!("{}: {error}", provider.name()));
    let engine = &database.engine;
    let postgres = provider == TestProvider::Postgres;
    let p = |n: usize| {
        if postgres {
            format!("${n}")
        } else {
            "?".to_owned()
        }
    };
    // The tests use a large string; check it really is big.
    assert!(hostile().iter().any(|(_, s)| s.chars().count() >= 10_000));

    for (label, value) in hostile() {
        let rejects_nul = postgres && value.contains('\0');

        // 1. A create value, read back in the response.
        let (status, body) = request(
            engine,
            json!({"modelName": "User", "action": "createOne", "query": {
                "arguments": {"data": {"text": value}}, "selection": {"$scalars": true}}}),
        )
        .await;
        if rejects_nul {
            let message = error(&body)
                .unwrap_or_else(|| panic!("{label}: PostgreSQL must reject NUL: {body}"));
            assert!(
                status < 500 || !message.contains("panic"),
                "{label}: {body}"
            );
            assert!(!message.contains("\"is_panic\":true"), "{label}: {body}");
            let (_, raw) = request(
                engine,
                json!({"action": "executeRaw", "query": {"arguments": {
                    "query": format!("INSERT INTO \"User\" (\"text\") VALUES ({})", p(1)),
                    "parameters": json!([value]).to_string()}, "selection": {}}}),
            )
            .await;
            let message =
                error(&raw).unwrap_or_else(|| panic!("{label}: raw NUL must be rejected: {raw}"));
            assert!(!message.contains("\"is_panic\":true"), "{label}: {raw}");
            let (_, count) = request(
                engine,
                json!({"modelName": "User", "action": "findMany", "query": {
                    "arguments": {"where": {"text": {"contains": "before"}}},
                    "selection": {"$scalars": true}}}),
            )
            .await;
            assert_eq!(count["data"]["findManyUser"], json!([]), "{label}: {count}");
            eprintln!("{}: {label}: rejected cleanly: {message}", provider.name());
            continue;
        }
        assert_eq!(status, 200, "{label}: {body}");
        let created = &body["data"]["createOneUser"];
        assert_eq!(created["text"], json!(value), "{label}: create: {body}");
        let id = created["id"].as_i64().expect("id");

        // 2. An equals filter finds exactly that row (and the injection text dropped nothing).
        let (status, body) = request(
            engine,
            json!({"modelName": "User", "action": "findMany", "query": {
                "arguments": {"where": {"text": {"equals": value}}},
                "selection": {"$scalars": true}}}),
        )
        .await;
        assert_eq!(status, 200, "{label}: {body}");
        assert_eq!(
            body["data"]["findManyUser"],
            json!([{"id": id, "text": value}]),
            "{label}: equals filter"
        );
        let (_, body) = request(
            engine,
            json!({"modelName": "User", "action": "findMany", "query": {
                "arguments": {"where": {"text": value}}, "selection": {"id": true}}}),
        )
        .await;
        assert_eq!(
            body["data"]["findManyUser"],
            json!([{"id": id}]),
            "{label}: shorthand filter"
        );

        // 3. Raw parameters: as a filter in queryRaw, returned in the row.
        let (status, body) = request(
            engine,
            json!({"action": "queryRaw", "query": {"arguments": {
                "query": format!("SELECT \"id\", \"text\", {} AS \"echo\" FROM \"User\" WHERE \"text\" = {}",
                                 if postgres { "$2::text".to_owned() } else { p(2) }, p(1)),
                "parameters": json!([value, value]).to_string()}, "selection": {}}}),
        )
        .await;
        assert_eq!(status, 200, "{label}: {body}");
        let raw = &body["data"]["queryRaw"];
        let rows = raw["rows"]
            .as_array()
            .unwrap_or_else(|| panic!("{label}: {body}"));
        assert_eq!(rows.len(), 1, "{label}: raw filter: {body}");
        assert_eq!(rows[0][1], json!(value), "{label}: raw column");
        assert_eq!(rows[0][2], json!(value), "{label}: raw echo");

        // 4. executeRaw with the value as a parameter, then read back through the model API.
        let (status, body) = request(
            engine,
            json!({"action": "executeRaw", "query": {"arguments": {
                "query": format!("UPDATE \"User\" SET \"text\" = {} || {} WHERE \"id\" = {}", p(1), p(2), p(3)),
                "parameters": json!([value, value, id]).to_string()}, "selection": {}}}),
        )
        .await;
        assert_eq!(status, 200, "{label}: {body}");
        assert_eq!(body["data"]["executeRaw"], json!(1), "{label}: {body}");
        let doubled = format!("{value}{value}");
        let (_, body) = request(
            engine,
            json!({"modelName": "User", "action": "findUnique", "query": {
                "arguments": {"where": {"id": id}}, "selection": {"text": true}}}),
        )
        .await;
        assert_eq!(
            body["data"]["findUniqueUser"]["text"],
            json!(doubled),
            "{label}: executeRaw"
        );
    }

    // Every row is still there: the injection strings dropped no table.
    let accepted = hostile()
        .iter()
        .filter(|(_, v)| !(postgres && v.contains('\0')))
        .count();
    let (_, body) = request(
        engine,
        json!({"modelName": "User", "action": "aggregate", "query": {
            "selection": {"_count": {"selection": {"_all": true}}}}}),
    )
    .await;
    assert_eq!(
        body["data"]["aggregateUser"]["_count"]["_all"],
        json!(accepted),
        "{body}"
    );
}

#[tokio::test]
async fn sqlite_hostile_strings_round_trip() {
    run(TestProvider::Sqlite, "hostile_round_trip").await;
}

#[tokio::test]
async fn postgres_hostile_strings_round_trip() {
    run(TestProvider::Postgres, "refract_hostile_round_trip").await;
}
