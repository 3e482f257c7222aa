//! The HTTP transport: hyper connections (HTTP/1.1, and prior-knowledge HTTP/2 as the original accepts)
//! carrying requests to [`QueryEngine::handle`], until a shutdown signal. On shutdown the listener closes
//! and open interactive transactions are rolled back, so the process can exit promptly.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tokio::net::TcpListener;

use super::handler::{DebugAction, HttpReply, HttpRequest, QueryEngine};

/// Serves `listener` until `shutdown` completes, then rolls back open transactions.
pub async fn serve(
    listener: TcpListener,
    engine: Arc<QueryEngine>,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or a connection reset before accept: keep serving.
                    tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let engine = engine.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let engine = engine.clone();
                        async move { Ok::<_, Infallible>(answer(&engine, request).await) }
                    });
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    engine.transactions().shutdown().await;
}

/// Reads a hyper request fully, answers it, and converts the reply.
async fn answer(
    engine: &QueryEngine,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return to_hyper(HttpReply::from_status(400)),
    };
    let headers = parts
        .headers
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_string(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let path = parts
        .uri
        .path_and_query()
        .map(|path| path.as_str().to_string())
        .unwrap_or_else(|| parts.uri.path().to_string());
    let request = HttpRequest {
        method: parts.method.as_str().to_string(),
        path,
        headers,
        body,
    };
    if engine.debug_action(&request) == Some(DebugAction::Exit) {
        std::process::exit(1);
    }
    to_hyper(engine.handle(&request).await)
}

fn to_hyper(reply: HttpReply) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in reply.headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(&value),
        ) {
            response.headers_mut().append(name, value);
        }
    }
    response
}
