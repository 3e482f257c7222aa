//! End to end: the real `refract-query-engine` binary started the way Prisma Client Python starts it, on a
//! SQLite schema, answering over HTTP (status probe, GraphQL query, an interactive transaction) and
//! stopping on SIGINT.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const ENGINE: &str = env!("CARGO_BIN_EXE_refract-query-engine");

const SCHEMA: &str = r#"datasource db {
  provider = "sqlite"
  url      = "file:./dev.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"#;

/// One HTTP/1.1 exchange over a fresh connection: the status and the body.
fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream =
        TcpStream::connect(("127.0.0.1", port)).expect("the engine accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    request.push_str(body);
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or(0);
    (status, body.to_string())
}

fn json_of(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

/// Kills the engine if the test fails half-way.
struct Engine(Child);

impl Drop for Engine {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn create_tables(dir: &Path) {
    let validated = schema_core::validate(SCHEMA);
    let datamodel = validated.datamodel;
    let url = format!("file:{}", dir.join("dev.db").display());
    let driver = refract_cli::connect::open_driver(&datamodel, &url, dir)
        .await
        .unwrap();
    engine_core::migrate::reset_and_push(driver.as_ref(), &datamodel)
        .await
        .unwrap();
}

#[test]
fn version_prints_the_expected_hash() {
    let output = Command::new(ENGINE)
        .arg("--version")
        .env_remove("PRISMA_EXPECTED_ENGINE_VERSION")
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "query-engine 393aa359c9ad4a4bb28630fb5613f9c281cde053\n"
    );
    let output = Command::new(ENGINE)
        .arg("--version")
        .env(
            "PRISMA_EXPECTED_ENGINE_VERSION",
            "5fe21811a6ba0b952a3bc71400666511fe3b902f",
        )
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "query-engine 5fe21811a6ba0b952a3bc71400666511fe3b902f\n"
    );
}

#[test]
fn an_invalid_schema_fails_startup_with_p1012_on_stderr() {
    let output = Command::new(ENGINE)
        .args(["-p", "0"])
        .env("PRISMA_DML", "model {")
        .env_remove("PRISMA_DML_PATH")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let line = String::from_utf8_lossy(&output.stderr);
    let error = json_of(line.lines().next().unwrap_or_default());
    assert_eq!(error["error_code"], "P1012");
}

#[tokio::test(flavor = "multi_thread")]
async fn serves_queries_and_interactive_transactions_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("schema.prisma");
    std::fs::write(&schema_path, SCHEMA).unwrap();
    create_tables(dir.path()).await;

    // As Prisma Client Python starts it (an OS-chosen port instead of a probed free one).
    let url = format!("file:{}", dir.path().join("dev.db").display());
    let (mut engine, port, started) = start_engine(&schema_path, &url);
    assert_eq!(started["level"], "INFO");
    assert!(started["fields"]["message"]
        .as_str()
        .unwrap()
        .starts_with("Started query engine http server on http://127.0.0.1:"));
    let (status, body) = http(port, "GET", "/status", &[], "");
    assert_eq!((status, json_of(&body)), (200, json!({"status": "ok"})));

    let create = r#"{"query":"mutation { result: createOneUser(data: {email: \"a@b.io\"}) { id email } }","variables":{}}"#;
    let (status, body) = http(port, "POST", "/", &[], create);
    assert_eq!(status, 200);
    assert_eq!(
        json_of(&body),
        json!({"data": {"result": {"id": 1, "email": "a@b.io"}}})
    );

    // An interactive transaction: a write inside it, visible after commit.
    let (status, body) = http(
        port,
        "POST",
        "/transaction/start",
        &[],
        r#"{"timeout": 5000, "max_wait": 2000}"#,
    );
    assert_eq!(status, 200, "{body}");
    let tx_id = json_of(&body)["id"].as_str().unwrap().to_string();
    assert_eq!(tx_id.len(), 25);
    let create_in_tx = r#"{"query":"mutation { result: createOneUser(data: {email: \"c@d.io\"}) { id } }","variables":{}}"#;
    let (status, body) = http(
        port,
        "POST",
        "/",
        &[("X-transaction-id", &tx_id)],
        create_in_tx,
    );
    assert_eq!(
        (status, json_of(&body)),
        (200, json!({"data": {"result": {"id": 2}}}))
    );
    let (status, body) = http(
        port,
        "POST",
        &format!("/transaction/{tx_id}/commit"),
        &[],
        "",
    );
    assert_eq!((status, json_of(&body)), (200, json!({})));
    let (status, body) = http(
        port,
        "POST",
        &format!("/transaction/{tx_id}/commit"),
        &[],
        "",
    );
    assert_eq!(status, 422);
    assert_eq!(json_of(&body)["error_code"], "P2028");

    let count = r#"{"query":"query { result: aggregateUser { _count { _all } } }","variables":{}}"#;
    let (_, body) = http(port, "POST", "/", &[], count);
    assert_eq!(
        json_of(&body),
        json!({"data": {"result": {"_count": {"_all": 2}}}})
    );

    // Hostile input gets answers, not crashes.
    let (status, _) = http(port, "POST", "/", &[], "{not json");
    assert_eq!(status, 422);
    let (status, body) = http(port, "POST", "/", &[("X-transaction-id", "x")], count);
    assert_eq!(status, 200);
    assert_eq!(
        json_of(&body)["errors"][0]["user_facing_error"]["error_code"],
        "P2028"
    );
    let (status, _) = http(port, "POST", "/transaction/start", &[], "[]");
    assert_eq!(status, 400);
    let (status, body) = http(port, "GET", "/metrics?format=json", &[], "");
    assert_eq!(status, 200);
    assert!(json_of(&body)["counters"].is_array());

    // SIGINT stops it promptly.
    let pid = engine.0.id().to_string();
    let sent = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(sent.success());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = engine.0.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the engine did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Starts the engine on `schema_path` with `url` as the datasource, the way Prisma Client Python does, and
/// waits until `/status` answers. Returns the process guard, the port, and the engine's first log line.
fn start_engine(schema_path: &Path, url: &str) -> (Engine, u16, Value) {
    let child = Command::new(ENGINE)
        .args(["-p", "0", "--enable-metrics", "--enable-raw-queries"])
        .env("PRISMA_DML_PATH", schema_path)
        .env("PRISMA_ENGINE_PROTOCOL", "graphql")
        .env("RUST_LOG_FORMAT", "json")
        .env_remove("RUST_LOG")
        .env_remove("PRISMA_DML")
        .env(
            "OVERWRITE_DATASOURCES",
            json!([{"name": "db", "url": url}]).to_string(),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut engine = Engine(child);
    let mut stdout = BufReader::new(engine.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let started = json_of(&line);
    let port: u16 = started["fields"]["port"].as_str().unwrap().parse().unwrap();
    // Keep draining the log so the engine never blocks on a full pipe.
    std::thread::spawn(move || for _ in stdout.lines() {});
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if TcpStream::connect(("127.0.0.1", port)).is_ok()
            && http(port, "GET", "/status", &[], "").0 == 200
        {
            return (engine, port, started);
        }
        assert!(Instant::now() < deadline, "no /status within 10 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_operations_are_answered_and_the_server_keeps_serving() {
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("schema.prisma");
    std::fs::write(&schema_path, SCHEMA).unwrap();
    create_tables(dir.path()).await;
    let url = format!("file:{}", dir.path().join("dev.db").display());
    let (_engine, port, _) = start_engine(&schema_path, &url);

    let unknown = r#"{"query":"query { result: frobnicateUser { id } }","variables":{}}"#;
    let (status, body) = http(port, "POST", "/", &[], unknown);
    assert_eq!(status, 200, "{body}");
    let error = &json_of(&body)["errors"][0]["user_facing_error"];
    assert_eq!(error["error_code"], "P2009", "{body}");
    assert_eq!(error["meta"]["kind"], "UnknownSelectionField", "{body}");

    let wrong_root = r#"{"query":"query { result: createOneUser(data: {email: \"x\"}) { id } }","variables":{}}"#;
    let (_, body) = http(port, "POST", "/", &[], wrong_root);
    assert_eq!(
        json_of(&body)["errors"][0]["user_facing_error"]["error_code"],
        "P2009"
    );

    let not_graphql = r#"{"query":"this is not { graphql","variables":{}}"#;
    let (status, body) = http(port, "POST", "/", &[], not_graphql);
    assert!(
        status == 200 || status == 400 || status == 422,
        "{status} {body}"
    );
    assert!(json_of(&body)["errors"].is_array(), "{body}");

    let (status, body) = http(port, "POST", "/transaction/not-a-tx/commit", &[], "");
    assert_eq!(status, 404, "{body}");
    assert_eq!(json_of(&body)["error_code"], "P2028");

    // After all of that, a normal query still works.
    let create = r#"{"query":"mutation { result: createOneUser(data: {email: \"ok@x.io\"}) { email } }","variables":{}}"#;
    let (status, body) = http(port, "POST", "/", &[], create);
    assert_eq!(
        (status, json_of(&body)),
        (200, json!({"data": {"result": {"email": "ok@x.io"}}}))
    );
}

/// The database disappears under a running engine (its PostgreSQL database is dropped with the engine's
/// connections terminated): requests get Prisma-shaped errors, `/status` still answers, and once the
/// database is back the same engine serves again. Needs `TEST_POSTGRES_URL`.
#[tokio::test(flavor = "multi_thread")]
async fn a_database_that_goes_away_gets_errors_not_a_crash() {
    let Ok(base) = std::env::var("TEST_POSTGRES_URL") else {
        eprintln!("notice: TEST_POSTGRES_URL is unset; the database-went-away test is skipped");
        return;
    };
    let name = format!("refract_gone_{}", std::process::id());
    let admin = |sql: String| {
        let base = base.clone();
        async move {
            let (client, connection) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            client.batch_execute(&sql).await.unwrap();
        }
    };
    admin(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    admin(format!("CREATE DATABASE {name}")).await;
    let url = with_database(&base, &name);
    let schema = SCHEMA.replace("\"sqlite\"", "\"postgresql\"");
    let dir = tempfile::tempdir().unwrap();
    let schema_path = dir.path().join("schema.prisma");
    std::fs::write(&schema_path, &schema).unwrap();
    let datamodel = schema_core::validate(&schema).datamodel;
    let driver = refract_cli::connect::open_driver(&datamodel, &url, dir.path())
        .await
        .unwrap();
    engine_core::migrate::reset_and_push(driver.as_ref(), &datamodel)
        .await
        .unwrap();
    drop(driver);

    let (_engine, port, _) = start_engine(&schema_path, &url);
    let create = r#"{"query":"mutation { result: createOneUser(data: {email: \"a@b.io\"}) { id } }","variables":{}}"#;
    let (status, _) = http(port, "POST", "/", &[], create);
    assert_eq!(status, 200);

    admin(format!("DROP DATABASE {name} WITH (FORCE)")).await;
    let count = r#"{"query":"query { result: aggregateUser { _count { _all } } }","variables":{}}"#;
    for _ in 0..3 {
        let (status, body) = http(port, "POST", "/", &[], count);
        let body = json_of(&body);
        assert!(status == 200 || status == 500, "{status} {body}");
        let code = body["errors"][0]["user_facing_error"]["error_code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(code.starts_with('P'), "a Prisma error code, got {body}");
        assert_eq!(http(port, "GET", "/status", &[], "").0, 200);
    }

    // The database comes back (empty): the same engine reconnects and answers.
    admin(format!("CREATE DATABASE {name}")).await;
    let driver = refract_cli::connect::open_driver(&datamodel, &url, dir.path())
        .await
        .unwrap();
    engine_core::migrate::reset_and_push(driver.as_ref(), &datamodel)
        .await
        .unwrap();
    drop(driver);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (status, body) = http(port, "POST", "/", &[], count);
        if status == 200 && json_of(&body)["data"]["result"]["_count"]["_all"] == 0 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the engine never recovered: {body}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    admin(format!("DROP DATABASE {name} WITH (FORCE)")).await;
}

fn with_database(base: &str, name: &str) -> String {
    let (head, query) = base.split_once('?').unwrap_or((base, ""));
    let root = head.rsplit_once('/').map(|(root, _)| root).unwrap_or(head);
    if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    }
}
