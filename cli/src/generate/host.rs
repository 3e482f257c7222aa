//! Hosting one generator process over Prisma's generator protocol: JSON-RPC 2.0, one request per line on the
//! generator's stdin, responses on its stderr (stdout stays free for the generator's own output).
//!
//! Generators also write log text to stderr; every line that is not a response to our request is kept so
//! that a failing generator's own words reach the user.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStderr, ChildStdin, Command, Stdio};

use serde_json::{json, Value};

/// Why talking to a generator failed.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("Generator \"{provider}\" could not be started: {source}")]
    Spawn {
        provider: String,
        source: std::io::Error,
    },
    #[error("Generator \"{provider}\" failed:\n\n{log}")]
    Exited { provider: String, log: String },
    #[error("Generator \"{provider}\" answered `{method}` with an error:\n\n{message}")]
    Rejected {
        provider: String,
        method: &'static str,
        message: String,
    },
    #[error("Generator \"{provider}\": could not send `{method}`: {source}")]
    Write {
        provider: String,
        method: &'static str,
        source: std::io::Error,
    },
}

/// A running generator: the child process and the two pipes the protocol uses.
pub struct GeneratorProcess {
    provider: String,
    child: Child,
    stdin: Option<ChildStdin>,
    stderr: BufReader<ChildStderr>,
    next_id: u64,
    /// Log lines the generator wrote so far, for error reports.
    log: Vec<String>,
}

impl GeneratorProcess {
    /// Starts `provider` the way Prisma's CLI does: as a shell command line (so `python -m prisma` works as
    /// well as a console script on `PATH`), with `PRISMA_GENERATOR_INVOCATION=true` so the generator knows
    /// it is being hosted rather than run by hand.
    pub fn spawn(provider: &str) -> Result<GeneratorProcess, HostError> {
        let mut command = shell_command(provider);
        command
            .env("PRISMA_GENERATOR_INVOCATION", "true")
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .stdout(Stdio::inherit());
        let mut child = command.spawn().map_err(|source| HostError::Spawn {
            provider: provider.to_string(),
            source,
        })?;
        let stdin = child.stdin.take();
        let stderr = BufReader::new(child.stderr.take().expect("stderr is piped"));
        Ok(GeneratorProcess {
            provider: provider.to_string(),
            child,
            stdin,
            stderr,
            next_id: 1,
            log: Vec::new(),
        })
    }

    /// Sends one request and waits for its response; `Ok(result)` or the generator's error message.
    pub fn call(&mut self, method: &'static str, params: Value) -> Result<Value, HostError> {
        let id = self.next_id;
        self.next_id += 1;
        let request = json!({ "jsonrpc": "2.0", "method": method, "params": params, "id": id });
        let line = format!("{request}\n");
        let sent = match self.stdin.as_mut() {
            Some(stdin) => stdin
                .write_all(line.as_bytes())
                .and_then(|()| stdin.flush()),
            None => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe)),
        };
        if let Err(source) = sent {
            // A generator that died before reading explains itself on stderr.
            if source.kind() == std::io::ErrorKind::BrokenPipe {
                self.drain_log();
                return Err(self.exited());
            }
            return Err(HostError::Write {
                provider: self.provider.clone(),
                method,
                source,
            });
        }
        loop {
            let mut text = String::new();
            match self.stderr.read_line(&mut text) {
                Ok(0) | Err(_) => return Err(self.exited()),
                Ok(_) => {}
            }
            match parse_response(&text, id) {
                Some(Response::Result(result)) => return Ok(result),
                Some(Response::Error(message)) => {
                    return Err(HostError::Rejected {
                        provider: self.provider.clone(),
                        method,
                        message,
                    })
                }
                None => self.log.push(text.trim_end().to_string()),
            }
        }
    }

    /// Closes the generator's stdin (its loop ends on end of input) and waits for it to exit.
    pub fn finish(mut self) {
        self.stdin.take();
        let _ = self.child.wait();
    }

    fn drain_log(&mut self) {
        let mut rest = String::new();
        while matches!(self.stderr.read_line(&mut rest), Ok(n) if n > 0) {}
        self.log
            .extend(rest.lines().map(|line| line.trim_end().to_string()));
    }

    fn exited(&mut self) -> HostError {
        let _ = self.child.wait();
        HostError::Exited {
            provider: self.provider.clone(),
            log: self.log.join("\n"),
        }
    }
}

impl Drop for GeneratorProcess {
    fn drop(&mut self) {
        // A generator that never answered must not outlive the command that started it.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[cfg(unix)]
fn shell_command(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.arg("-c").arg(line);
    command
}

#[cfg(windows)]
fn shell_command(line: &str) -> Command {
    let mut command = Command::new("cmd");
    command.arg("/C").arg(line);
    command
}

/// What a stderr line means for the pending request.
#[derive(Debug, PartialEq)]
enum Response {
    Result(Value),
    Error(String),
}

/// A line is a response to request `id` when it is a JSON object with `jsonrpc` and that numeric `id`;
/// anything else is log text.
fn parse_response(line: &str, id: u64) -> Option<Response> {
    let value: Value = serde_json::from_str(line.trim()).ok()?;
    let object = value.as_object()?;
    object.get("jsonrpc")?;
    if object.get("id")?.as_u64()? != id {
        return None;
    }
    if let Some(error) = object.get("error") {
        let message = error
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| error.to_string());
        return Some(Response::Error(message));
    }
    Some(Response::Result(
        object.get("result").cloned().unwrap_or(Value::Null),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn responses_are_told_from_log_lines() {
        assert_eq!(
            parse_response(r#"{"jsonrpc":"2.0","id":2,"result":null}"#, 2),
            Some(Response::Result(Value::Null))
        );
        assert_eq!(
            parse_response(
                r#"{"jsonrpc":"2.0","id":1,"result":{"manifest":{"prettyName":"x"}}}"#,
                1
            ),
            Some(Response::Result(json!({"manifest": {"prettyName": "x"}})))
        );
        assert_eq!(
            parse_response(
                r#"{"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"boom","data":{}}}"#,
                2
            ),
            Some(Response::Error("boom".into()))
        );
        // Another id, plain text, JSON without `jsonrpc`: log lines.
        assert_eq!(
            parse_response(r#"{"jsonrpc":"2.0","id":1,"result":null}"#, 2),
            None
        );
        assert_eq!(
            parse_response("Traceback (most recent call last):", 1),
            None
        );
        assert_eq!(parse_response(r#"{"id":1,"result":null}"#, 1), None);
        assert_eq!(parse_response("", 1), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_generator_that_dies_reports_its_stderr() {
        let mut process = GeneratorProcess::spawn("echo 'no such module' >&2; exit 3").unwrap();
        let err = process.call("getManifest", json!({})).unwrap_err();
        let text = err.to_string();
        assert!(text.starts_with("Generator \"echo"), "{text}");
        assert!(text.contains("no such module"), "{text}");
    }
}
