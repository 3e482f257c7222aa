//! The command line of Prisma's query engine, flag for flag (engine-binary.md §2): clients start the binary
//! with these flags and environment variables, so unknown-to-us flags must still be accepted.

use std::path::PathBuf;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Flags and environment fallbacks of `query-engine`.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "query-engine",
    about = "Prisma's query engine, rebuilt by Refract"
)]
pub struct QueryEngineArgs {
    /// The address to bind (must be an IP address).
    #[arg(short = 'H', long, default_value = "127.0.0.1")]
    pub host: String,

    /// The TCP port; 0 lets the operating system choose.
    #[arg(short = 'p', long, default_value_t = 4466)]
    pub port: u16,

    /// A Unix socket path (accepted for compatibility; the HTTP server listens on TCP).
    #[arg(short = 'u', long, env = "UNIX_PATH")]
    pub unix_path: Option<PathBuf>,

    /// Path of the Prisma schema.
    #[arg(long, env = "PRISMA_DML_PATH")]
    pub datamodel_path: Option<PathBuf>,

    /// The schema text, base64-encoded (raw text is accepted too). Takes precedence over the path.
    #[arg(long, env = "PRISMA_DML")]
    pub datamodel: Option<String>,

    /// JSON `[{"name": .., "url": ..}]` (base64 or raw) replacing datasource URLs.
    #[arg(long, env = "OVERWRITE_DATASOURCES")]
    pub overwrite_datasources: Option<String>,

    /// Exposes raw SQL operations (always available in this engine; accepted for compatibility).
    #[arg(short = 'r', long)]
    pub enable_raw_queries: bool,

    /// Serves a GraphQL playground on `GET /` and makes GraphQL the default protocol.
    #[arg(short = 'g', long)]
    pub enable_playground: bool,

    /// Debug mode: `POST /` answers debug responses instead of running queries.
    #[arg(short = 'd', long)]
    pub debug: bool,

    /// Enables `/metrics`.
    #[arg(short = 'm', long)]
    pub enable_metrics: bool,

    /// Enables metrics without the flag (accepted for compatibility).
    #[arg(long)]
    pub dataproxy_metric_override: bool,

    /// Logs every SQL statement.
    #[arg(short = 'o', long, env = "LOG_QUERIES", num_args = 0..=1, default_missing_value = "y")]
    pub log_queries: Option<String>,

    /// `devel` for human-readable logs, anything else for JSON lines.
    #[arg(long, env = "RUST_LOG_FORMAT")]
    pub log_format: Option<String>,

    /// Accepted for compatibility; no spans are exported.
    #[arg(long)]
    pub enable_open_telemetry: bool,

    /// Accepted for compatibility; responses carry no captured telemetry.
    #[arg(long)]
    pub enable_telemetry_in_response: bool,

    /// Accepted for compatibility.
    #[arg(long, default_value = "")]
    pub open_telemetry_endpoint: String,

    /// `json` or `graphql`; defaults to `json` (`graphql` with the playground).
    #[arg(long, env = "PRISMA_ENGINE_PROTOCOL")]
    pub engine_protocol: Option<String>,

    #[command(subcommand)]
    pub command: Option<EngineCommand>,
}

/// `query-engine cli ...`: one-shot commands that start no server.
#[derive(Debug, Clone, Subcommand)]
pub enum EngineCommand {
    /// One-shot commands.
    Cli {
        #[command(subcommand)]
        command: CliCommand,
    },
}

/// The `cli` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum CliCommand {
    /// Prints the DMMF of the schema.
    Dmmf,
    /// Prints the generators and datasources of the schema.
    GetConfig {
        #[arg(long = "ignoreEnvVarErrors")]
        ignore_env_var_errors: bool,
    },
    /// Runs one base64-encoded request and prints `Response: <base64 JSON>`.
    ExecuteRequest {
        /// The request body, base64-encoded.
        input: String,
    },
    /// Fails on purpose (the original panics; this one exits with an error).
    DebugPanic {
        #[arg(long)]
        message: Option<String>,
    },
}

impl QueryEngineArgs {
    /// Parses the process arguments; `--version` prints `query-engine <hash>` with the given hash.
    pub fn parse_with_version(hash: &str) -> Result<QueryEngineArgs, clap::Error> {
        Self::parse_from_with_version(std::env::args_os(), hash)
    }

    /// Parses `args` (the first is the program name); `--version` prints `query-engine <hash>`.
    pub fn parse_from_with_version<I, T>(
        args: I,
        hash: &str,
    ) -> Result<QueryEngineArgs, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let matches = Self::command()
            .version(hash.to_string())
            .try_get_matches_from(args)?;
        QueryEngineArgs::from_arg_matches(&matches)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pcp_invocation_parses() {
        let args = QueryEngineArgs::parse_from_with_version(
            [
                "/x/prisma-query-engine",
                "-p",
                "51234",
                "--enable-metrics",
                "--enable-raw-queries",
                "--enable-playground",
            ],
            "abc",
        )
        .unwrap();
        assert_eq!(args.port, 51234);
        assert!(args.enable_metrics && args.enable_raw_queries && args.enable_playground);
        assert_eq!(args.host, "127.0.0.1");
        assert!(args.command.is_none());
    }

    #[test]
    fn version_prints_the_hash() {
        let error =
            QueryEngineArgs::parse_from_with_version(["qe", "--version"], "abc123").unwrap_err();
        assert_eq!(error.kind(), clap::error::ErrorKind::DisplayVersion);
        assert_eq!(error.to_string(), "query-engine abc123\n");
    }

    #[test]
    fn cli_subcommands_parse() {
        let args =
            QueryEngineArgs::parse_from_with_version(["qe", "cli", "execute-request", "e30="], "h")
                .unwrap();
        assert!(matches!(
            args.command,
            Some(EngineCommand::Cli {
                command: CliCommand::ExecuteRequest { .. }
            })
        ));
    }
}
