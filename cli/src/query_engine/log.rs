//! The engine's log lines on stdout, in the shape of Prisma's tracing output: JSON lines by default,
//! human text with `RUST_LOG_FORMAT=devel`, filtered by the level in `RUST_LOG`. Tools that wait for the
//! engine's startup line read these.

use serde_json::{json, Map, Value};

/// Log levels, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        }
    }

    fn parse(text: &str) -> Option<Option<Level>> {
        Some(match text.trim().to_ascii_lowercase().as_str() {
            "off" => None,
            "error" => Some(Level::Error),
            "warn" => Some(Level::Warn),
            "info" => Some(Level::Info),
            "debug" => Some(Level::Debug),
            "trace" => Some(Level::Trace),
            _ => return None,
        })
    }
}

/// Where and how log lines are written.
#[derive(Debug, Clone)]
pub struct Logger {
    json: bool,
    max_level: Option<Level>,
}

impl Logger {
    /// A logger for the given `RUST_LOG_FORMAT` and `RUST_LOG` values. Without `RUST_LOG` the engine logs
    /// at INFO, like Prisma's; otherwise the most verbose level named by any directive (`error`,
    /// `query_engine=debug,hyper=error`) applies.
    pub fn new(format: Option<&str>, filter: Option<&str>) -> Logger {
        let max_level = match filter {
            None => Some(Level::Info),
            Some(filter) => filter
                .split(',')
                .filter_map(|directive| {
                    let level = directive.rsplit('=').next().unwrap_or(directive);
                    Level::parse(level)
                })
                .max()
                .unwrap_or(Some(Level::Info)),
        };
        Logger {
            json: format != Some("devel"),
            max_level,
        }
    }

    /// Whether lines of `level` are written.
    pub fn enabled(&self, level: Level) -> bool {
        self.max_level.is_some_and(|max| level <= max)
    }

    /// One log line with its fields.
    pub fn format_line(&self, level: Level, message: &str, fields: &[(&str, String)]) -> String {
        if self.json {
            let mut all = Map::new();
            all.insert("message".into(), Value::String(message.to_string()));
            for (name, value) in fields {
                all.insert((*name).to_string(), Value::String(value.clone()));
            }
            json!({
                "timestamp": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                "level": level.name(),
                "fields": all,
                "target": "query_engine::server",
            })
            .to_string()
        } else {
            let extra: Vec<String> = fields
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            format!(
                "{} {} query_engine::server: {message} {}",
                chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                level.name(),
                extra.join(" ")
            )
            .trim_end()
            .to_string()
        }
    }

    /// Writes one line to stdout if its level is enabled.
    pub fn log(&self, level: Level, message: &str, fields: &[(&str, String)]) {
        if self.enabled(level) {
            println!("{}", self.format_line(level, message, fields));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_rust_log() {
        assert!(Logger::new(None, None).enabled(Level::Info));
        assert!(!Logger::new(None, Some("error")).enabled(Level::Info));
        assert!(Logger::new(None, Some("error")).enabled(Level::Error));
        assert!(Logger::new(None, Some("hyper=error,query_engine=debug")).enabled(Level::Debug));
        assert!(!Logger::new(None, Some("off")).enabled(Level::Error));
    }

    #[test]
    fn json_lines_carry_message_and_fields() {
        let line = Logger::new(Some("json"), None).format_line(
            Level::Info,
            "Started query engine http server on http://127.0.0.1:1",
            &[("ip", "127.0.0.1".into()), ("port", "1".into())],
        );
        let value: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["level"], "INFO");
        assert_eq!(value["fields"]["port"], "1");
        assert_eq!(value["target"], "query_engine::server");
    }
}
