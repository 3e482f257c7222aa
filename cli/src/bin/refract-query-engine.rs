//! `refract-query-engine`: Prisma's query-engine binary, rebuilt. Prisma Client Python starts it as it
//! starts Prisma's (`<engine> -p <port> --enable-metrics --enable-raw-queries`, schema in
//! `PRISMA_DML_PATH`, `PRISMA_ENGINE_PROTOCOL=graphql`), probes `GET /status`, sends queries and
//! interactive transactions over HTTP and stops it with SIGINT.
//!
//! `--version` prints `query-engine <hash>`: the Prisma 5.17 engine hash that Prisma Client Python 0.15
//! expects, or the value of `PRISMA_EXPECTED_ENGINE_VERSION` when the user told the client to expect
//! another one.

use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use base64::Engine as _;
use refract_cli::query_engine::args::{CliCommand, EngineCommand, QueryEngineArgs};
use refract_cli::query_engine::log::{Level, Logger};
use refract_cli::query_engine::startup::{self, StartupError};
use refract_cli::query_engine::{engine_hash, server, EngineSettings, QueryEngine};

fn main() -> ExitCode {
    let hash = engine_hash();
    let args = match QueryEngineArgs::parse_with_version(&hash) {
        Ok(args) => args,
        Err(error) => {
            // Prints help/version to stdout (exit 0) or the usage error to stderr (exit 2).
            let _ = error.print();
            return ExitCode::from(error.exit_code().clamp(0, 255) as u8);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("{}", StartupError::message(error.to_string()).to_line());
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(run(args, hash));
    // Requests still in flight are abandoned: shutdown must be prompt.
    runtime.shutdown_background();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error.to_line());
            ExitCode::FAILURE
        }
    }
}

async fn run(args: QueryEngineArgs, hash: String) -> Result<(), StartupError> {
    let logger = Logger::new(
        args.log_format.as_deref(),
        std::env::var("RUST_LOG").ok().as_deref(),
    );
    let schema = startup::load_schema(&args)?;
    if let Some(EngineCommand::Cli { command }) = &args.command {
        return run_cli(&args, &schema, command).await;
    }
    let protocol = startup::protocol(&args)?;
    let url = startup::datasource_url(&schema.datamodel, args.overwrite_datasources.as_deref())?;
    let engine = startup::open(&schema, &url).await?;
    let host: IpAddr = args.host.parse().map_err(|_| {
        StartupError::message(format!(
            "Invalid host `{}`: expected an IP address",
            args.host
        ))
    })?;
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(host, args.port))
        .await
        .map_err(|error| {
            StartupError::message(format!("Could not bind {host}:{}: {error}", args.port))
        })?;
    let address = listener
        .local_addr()
        .map_err(|error| StartupError::message(error.to_string()))?;
    let mut settings = EngineSettings::new(protocol);
    settings.enable_metrics =
        args.enable_metrics || args.dataproxy_metric_override || metrics_preview(&schema.source);
    settings.enable_playground = args.enable_playground;
    settings.debug = args.debug;
    settings.commit_hash = hash;
    if let Some(size) = std::env::var("CLOSED_TX_CACHE_SIZE")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        settings.closed_tx_cache_size = size;
    }
    let engine = Arc::new(QueryEngine::new(engine, settings));
    logger.log(
        Level::Info,
        &format!("Started query engine http server on http://{address}"),
        &[
            ("ip", address.ip().to_string()),
            ("port", address.port().to_string()),
        ],
    );
    server::serve(listener, engine, shutdown_signal()).await;
    Ok(())
}

/// Whether the schema's generator enables the `metrics` preview feature, which turns `/metrics` on.
fn metrics_preview(source: &str) -> bool {
    source.lines().any(|line| {
        line.trim_start().starts_with("previewFeatures") && line.contains("\"metrics\"")
    })
}

/// Completes on SIGINT (how Prisma Client Python stops the engine) or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match (
            signal(SignalKind::interrupt()),
            signal(SignalKind::terminate()),
        ) {
            (Ok(mut interrupt), Ok(mut terminate)) => {
                tokio::select! {
                    _ = interrupt.recv() => {}
                    _ = terminate.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `query-engine cli ...`.
async fn run_cli(
    args: &QueryEngineArgs,
    schema: &startup::LoadedSchema,
    command: &CliCommand,
) -> Result<(), StartupError> {
    match command {
        CliCommand::Dmmf => {
            let dmmf = engine_core::dmmf::full_dmmf(&schema.datamodel);
            println!("{dmmf}");
            Ok(())
        }
        CliCommand::GetConfig { .. } => {
            let validated = schema_core::validate(&schema.source);
            let path = schema
                .schema_path
                .as_ref()
                .map(|path| path.display().to_string())
                .unwrap_or_default();
            let config = schema_core::config_json::config_json(&validated, &schema.source, &path);
            println!("{}", config.get("config").unwrap_or(&config));
            Ok(())
        }
        CliCommand::ExecuteRequest { input } => {
            let body = startup::base64_or_raw(input);
            let protocol = startup::protocol(args)?;
            let url =
                startup::datasource_url(&schema.datamodel, args.overwrite_datasources.as_deref())?;
            let engine = startup::open(schema, &url).await?;
            let response = engine.request(protocol, &body, None).await;
            let encoded = base64::engine::general_purpose::STANDARD.encode(response.body_text());
            println!("Response: {encoded}");
            Ok(())
        }
        CliCommand::DebugPanic { message } => Err(StartupError::message(
            message
                .clone()
                .unwrap_or_else(|| "query-engine debug panic".to_string()),
        )),
    }
}
