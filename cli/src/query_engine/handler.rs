//! Every route of Prisma's query-engine HTTP API, independent of the transport: a request in, the status,
//! headers and body Prisma's engine would answer out (engine-binary.md §5).
//!
//! Nothing here panics on client input: undecodable bodies, bad transaction ids, hostile headers and
//! unknown paths all get an answer.

use std::time::Instant;

use engine_core::error::EngineError;
use engine_core::protocol::{json_text, EngineProtocol};
use engine_core::transaction::{TransactionManager, TransactionOptions};
use engine_core::{Engine, Response};
use serde_json::{json, Map, Value};

use super::metrics::Metrics;

/// A request as the transport received it.
#[derive(Debug, Clone, Default)]
pub struct HttpRequest {
    pub method: String,
    /// The path with its query string (`/metrics?format=json`).
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpRequest {
    /// A request without headers.
    pub fn new(method: &str, path: &str, body: impl Into<Vec<u8>>) -> HttpRequest {
        HttpRequest {
            method: method.to_string(),
            path: path.to_string(),
            headers: Vec::new(),
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> HttpRequest {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// An answer: status, headers (content type included) and body bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpReply {
    fn new(status: u16, content_type: Option<&str>, body: Vec<u8>) -> HttpReply {
        let mut headers = Vec::new();
        if let Some(content_type) = content_type {
            headers.push(("content-type".to_string(), content_type.to_string()));
        }
        HttpReply {
            status,
            headers,
            body,
        }
    }

    /// A JSON answer, written as Prisma writes JSON, with `QE-Content-Length`.
    fn json(status: u16, body: &Value) -> HttpReply {
        HttpReply::json_text(status, json_text::to_json_text(body))
    }

    /// A JSON reply from text already written in Prisma's notation.
    fn json_text(status: u16, text: String) -> HttpReply {
        let mut reply = HttpReply::new(status, Some("application/json"), text.into_bytes());
        reply.headers.push((
            "QE-Content-Length".to_string(),
            reply.body.len().to_string(),
        ));
        reply
    }

    /// An answer with an empty body.
    pub fn from_status(status: u16) -> HttpReply {
        HttpReply::new(status, None, Vec::new())
    }

    /// The body as text (lossy for non-UTF-8 bytes, which this engine never sends).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON, if it is JSON.
    pub fn body_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }

    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// How the engine was started: the flags that change what the routes answer.
#[derive(Debug, Clone)]
pub struct EngineSettings {
    pub protocol: EngineProtocol,
    pub enable_metrics: bool,
    pub enable_playground: bool,
    pub debug: bool,
    /// The hash `/server_info` reports as `commit`.
    pub commit_hash: String,
    /// How many closed transaction ids are remembered (`CLOSED_TX_CACHE_SIZE`).
    pub closed_tx_cache_size: usize,
}

impl EngineSettings {
    /// Settings as Prisma's defaults have them, for the given protocol.
    pub fn new(protocol: EngineProtocol) -> EngineSettings {
        EngineSettings {
            protocol,
            enable_metrics: false,
            enable_playground: false,
            debug: false,
            commit_hash: super::DEFAULT_ENGINE_HASH.to_string(),
            closed_tx_cache_size: engine_core::transaction::DEFAULT_CLOSED_CACHE_SIZE,
        }
    }
}

/// What a debug-mode request asks the process to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebugAction {
    /// `x-debug-fatal`: exit with code 1 after answering nothing.
    Exit,
}

/// A running query engine: the engine, its interactive transactions, its metrics and settings.
pub struct QueryEngine {
    engine: Engine,
    transactions: TransactionManager,
    metrics: Metrics,
    settings: EngineSettings,
    /// Built on the first `GET /dmmf`: the full DMMF of a large schema is megabytes, and start-up must not
    /// pay for a route the client rarely asks for.
    dmmf: std::sync::OnceLock<Value>,
    sdl: String,
}

impl QueryEngine {
    pub fn new(engine: Engine, settings: EngineSettings) -> QueryEngine {
        let transactions =
            TransactionManager::new(engine.connector().clone(), settings.closed_tx_cache_size);
        let sdl = super::startup::sdl(engine.datamodel());
        QueryEngine {
            engine,
            transactions,
            metrics: Metrics::new(),
            settings,
            dmmf: std::sync::OnceLock::new(),
            sdl,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    pub fn transactions(&self) -> &TransactionManager {
        &self.transactions
    }

    pub fn settings(&self) -> &EngineSettings {
        &self.settings
    }

    /// Whether a request is a debug-mode request that asks the process to exit.
    pub fn debug_action(&self, request: &HttpRequest) -> Option<DebugAction> {
        (self.settings.debug
            && request.method == "POST"
            && split_query(&request.path).0 == "/"
            && request.header("x-debug-fatal").is_some())
        .then_some(DebugAction::Exit)
    }

    /// Answers one request.
    pub async fn handle(&self, request: &HttpRequest) -> HttpReply {
        let started = Instant::now();
        let (path, query) = split_query(&request.path);
        let method = request.method.as_str();
        if method == "POST" && path.starts_with("/transaction") {
            return self.transaction_route(path, &request.body).await;
        }
        if self.settings.enable_metrics
            && path.starts_with("/metrics")
            && (method == "GET" || method == "POST")
        {
            return self.metrics_route(query, &request.body);
        }
        let mut reply = match (method, path) {
            ("GET", "/status") => HttpReply::json(200, &json!({"status": "ok"})),
            ("POST", "/") if self.settings.debug => self.debug_route(request),
            ("POST", "/") => self.query_route(request).await,
            ("GET", "/") if self.settings.enable_playground => {
                HttpReply::new(200, Some("text/html"), PLAYGROUND_HTML.as_bytes().to_vec())
            }
            ("GET", "/sdl") => {
                HttpReply::new(200, Some("application/text"), self.sdl.clone().into_bytes())
            }
            ("GET", "/dmmf") => HttpReply::json(
                200,
                self.dmmf
                    .get_or_init(|| engine_core::dmmf::full_dmmf(self.engine.datamodel())),
            ),
            ("GET", "/server_info") => HttpReply::json(
                200,
                &json!({
                    "commit": self.settings.commit_hash,
                    "version": "0.1.0",
                    "primary_connector": self.primary_connector(),
                }),
            ),
            _ => HttpReply::from_status(404),
        };
        reply.headers.push((
            "x-elapsed".to_string(),
            started.elapsed().as_micros().to_string(),
        ));
        reply
    }

    fn primary_connector(&self) -> &'static str {
        self.engine
            .datamodel()
            .datasource
            .as_ref()
            .map(|datasource| datasource.provider.as_str())
            .unwrap_or("unknown")
    }

    /// `POST /`: one request of the engine's protocol, inside the interactive transaction named by
    /// `X-transaction-id` if there is one.
    async fn query_route(&self, request: &HttpRequest) -> HttpReply {
        let protocol = self.settings.protocol;
        let body = match std::str::from_utf8(&request.body) {
            Ok(body) => body,
            Err(error) => {
                let error = EngineError::UndecodableRequest {
                    protocol,
                    detail: format!("invalid UTF-8 in the request body: {error}"),
                };
                return response_reply(&Response::from_error(&error));
            }
        };
        self.metrics.start_query();
        let started = Instant::now();
        let response = match request.header("x-transaction-id") {
            Some(id) => {
                self.engine
                    .request_in_transaction(&self.transactions, id.trim(), protocol, body)
                    .await
            }
            None => self.engine.request(protocol, body, None).await,
        };
        self.metrics.finish_query(started.elapsed());
        response_reply(&response)
    }

    /// `POST /` in debug mode: no queries, only the debug answers.
    fn debug_route(&self, request: &HttpRequest) -> HttpReply {
        if request.header("x-debug-non-fatal").is_some() {
            return HttpReply::json(
                200,
                &json!({"is_panic": true, "message": "Debug panic", "backtrace": null}),
            );
        }
        HttpReply::from_status(200)
    }

    /// `POST /transaction/start`, `/transaction/{id}/commit`, `/transaction/{id}/rollback`.
    async fn transaction_route(&self, path: &str, body: &[u8]) -> HttpReply {
        let segments: Vec<&str> = path.split('/').collect();
        let result = match segments.as_slice() {
            [_, _, "start"] => match parse_start_body(body) {
                Ok(options) => self
                    .transactions
                    .start(options)
                    .await
                    .map(|id| json!({ "id": id })),
                Err(StartBodyError::Invalid(message)) => {
                    return HttpReply::json(
                        400,
                        &json!({"is_panic": false, "message": message, "backtrace": null}),
                    )
                }
                Err(StartBodyError::Engine(error)) => Err(*error),
            },
            [_, _, id, "commit"] => self.transactions.commit(id).await.map(|()| json!({})),
            [_, _, id, "rollback"] => self.transactions.rollback(id).await.map(|()| json!({})),
            _ => {
                return HttpReply::new(
                    400,
                    Some("text/plain"),
                    format!("wrong transaction handler path: {path}").into_bytes(),
                )
            }
        };
        match result {
            Ok(body) => HttpReply::json(200, &body),
            Err(error) => {
                let status = match &error {
                    EngineError::Transaction { failure } => failure.http_status(),
                    _ => 500,
                };
                HttpReply::json(status, &error.to_user_facing())
            }
        }
    }

    /// `/metrics`: JSON when the query string asks for it, else Prometheus text; a JSON object of strings
    /// in the body adds global labels.
    fn metrics_route(&self, query: &str, body: &[u8]) -> HttpReply {
        let labels: Map<String, Value> = serde_json::from_slice::<Value>(body)
            .ok()
            .and_then(|value| match value {
                Value::Object(map) if map.values().all(Value::is_string) => Some(map),
                _ => None,
            })
            .unwrap_or_default();
        if query.contains("format=json") {
            HttpReply::json(200, &self.metrics.to_json(&labels))
        } else {
            HttpReply::new(
                200,
                Some("text/plain; version=0.0.4"),
                self.metrics.to_prometheus(&labels).into_bytes(),
            )
        }
    }
}

/// Splits `/path?query` into the path and the query string.
fn split_query(path: &str) -> (&str, &str) {
    path.split_once('?').unwrap_or((path, ""))
}

fn response_reply(response: &Response) -> HttpReply {
    HttpReply::json_text(response.status, response.body_text())
}

enum StartBodyError {
    /// The body is not `{"max_wait": ms, "timeout": ms, ...}` (Prisma's engine crashes here; 400 instead).
    Invalid(String),
    Engine(Box<EngineError>),
}

/// Reads `{"max_wait": ms, "timeout": ms, "isolation_level": "..."}`; other keys are ignored, as in
/// Prisma (a camel-cased `isolationLevel` has no effect).
fn parse_start_body(body: &[u8]) -> Result<TransactionOptions, StartBodyError> {
    let invalid =
        |detail: &str| StartBodyError::Invalid(format!("Invalid transaction start body: {detail}"));
    let value: Value = serde_json::from_slice(body).map_err(|error| invalid(&error.to_string()))?;
    let object = value
        .as_object()
        .ok_or_else(|| invalid("expected a JSON object"))?;
    let millis = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid(&format!("`{key}` must be a non-negative integer")))
    };
    let max_wait = millis("max_wait")?;
    let timeout = millis("timeout")?;
    let isolation_level = match object.get("isolation_level") {
        None | Some(Value::Null) => None,
        Some(Value::String(level)) => Some(level.as_str()),
        Some(_) => return Err(invalid("`isolation_level` must be a string")),
    };
    TransactionOptions::from_millis(max_wait, timeout, isolation_level)
        .map_err(|error| StartBodyError::Engine(Box::new(error)))
}

/// A minimal GraphQL playground page for `--enable-playground`: a form that posts queries to `/`.
const PLAYGROUND_HTML: &str = r#"<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Refract query engine playground</title></head>
<body>
<h1>Query engine playground</h1>
<textarea id="q" rows="16" cols="100">query { }</textarea><br>
<button onclick="run()">Run</button>
<pre id="out"></pre>
<script>
async function run() {
  const response = await fetch("/", {method: "POST", body: JSON.stringify({query: document.getElementById("q").value, variables: {}})});
  document.getElementById("out").textContent = JSON.stringify(await response.json(), null, 2);
}
</script>
</body>
</html>
"#;
