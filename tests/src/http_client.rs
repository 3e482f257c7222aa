//! A minimal HTTP/1.1 client for the recorded scenarios: one request per connection (`Connection: close`),
//! so each step crosses the same hyper transport a client of `refract-query-engine` goes through.

use std::net::SocketAddr;

use refract_cli::query_engine::HttpRequest;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `request` to `addr`; returns the status and the body.
pub async fn send(addr: SocketAddr, request: &HttpRequest) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr).await?;
    let mut head = format!(
        "{} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        request.method,
        request.path,
        request.body.len()
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(&request.body).await?;
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await?;
    parse(&response).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "not an HTTP response: {}",
                String::from_utf8_lossy(&response)
            ),
        )
    })
}

/// Status and body of a complete response (`Content-Length` bodies; the server never chunks whole bodies).
fn parse(response: &[u8]) -> Option<(u16, Vec<u8>)> {
    let split = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&response[..split]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = &response[split + 4..];
    let length = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok())
        .unwrap_or(body.len());
    Some((status, body.get(..length)?.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_status_and_body_by_length() {
        let raw = b"HTTP/1.1 422 Unprocessable Entity\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(parse(raw), Some((422, b"{}".to_vec())));
        assert_eq!(parse(b"garbage"), None);
    }
}
