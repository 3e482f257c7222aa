//! Engine start-up: from spawning `refract-query-engine` the way Prisma Client Python does to `/status`
//! answering 200, on the seed document's two-model schema and on a generated 500-model schema. Prisma's
//! own engine needs hundreds of milliseconds on large schemas; the client polls `/status` every 100 ms, so
//! this is latency every Python process pays at `connect()`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};

const ENGINE: &str = env!("CARGO_BIN_EXE_refract-query-engine");

const SEED: &str = r#"datasource db {
  provider = "sqlite"
  url      = "file:database.db"
}

model Post {
  id        Int     @id @default(autoincrement())
  title     String
  content   String?
  views     Int     @default(0)
  published Boolean @default(false)
  author    User?   @relation(fields: [author_id], references: [id])
  author_id Int?
}

model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String?
  posts Post[]
}
"#;

/// `n` models in a chain, each with a handful of scalar types, a unique, an index and a relation to the
/// previous one: the shape of a large real schema.
fn large_schema(n: usize) -> String {
    let mut text = String::from(
        "datasource db {\n  provider = \"sqlite\"\n  url      = \"file:large.db\"\n}\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "\nmodel M{i} {{\n  id        Int      @id @default(autoincrement())\n  name      String   @unique\n  count     Int      @default(0)\n  ratio     Float?\n  createdAt DateTime @default(now())\n  note      String?\n"
        ));
        if i > 0 {
            text.push_str(&format!(
                "  parentId  Int?\n  parent    M{}?     @relation(fields: [parentId], references: [id])\n",
                i - 1
            ));
        }
        if i + 1 < n {
            text.push_str(&format!("  children  M{}[]\n", i + 1));
        }
        text.push_str("\n  @@index([count])\n}\n");
    }
    text
}

fn status_ok(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let request = "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

/// One start: spawn, read the port from the first log line, poll `/status` every millisecond, stop.
fn start_once(schema: &Path, db: &Path) -> Duration {
    let started = Instant::now();
    let mut child = Command::new(ENGINE)
        .args(["-p", "0", "--enable-metrics", "--enable-raw-queries"])
        .env("PRISMA_DML_PATH", schema)
        .env("RUST_LOG_FORMAT", "json")
        .env(
            "OVERWRITE_DATASOURCES",
            format!(r#"[{{"name":"db","url":"file:{}"}}]"#, db.display()),
        )
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the engine starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let value: serde_json::Value = serde_json::from_str(&line).expect("a JSON start line");
    let port: u16 = value["fields"]["port"].as_str().unwrap().parse().unwrap();
    while !status_ok(port) {
        std::thread::sleep(Duration::from_millis(1));
    }
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    elapsed
}

fn startup(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("engine_startup");
    group.sample_size(20);
    for (name, schema) in [
        ("seed", SEED.to_string()),
        ("500_models", large_schema(500)),
    ] {
        assert!(
            !schema_core::validate(&schema).diagnostics.has_errors(),
            "the {name} schema is valid"
        );
        let path = dir.path().join(format!("{name}.prisma"));
        std::fs::write(&path, schema).unwrap();
        let db = dir.path().join(format!("{name}.db"));
        group.bench_function(name, |b| {
            b.iter_custom(|iters| (0..iters).map(|_| start_once(&path, &db)).sum())
        });
    }
    group.finish();
}

criterion_group!(benches, startup);
criterion_main!(benches);
