//! `refract query`: JSON-protocol requests in, one per line; Prisma-shaped responses out, one per line.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use engine_core::protocol::EngineProtocol;
use refract_cli::connect;

use crate::schema_file::{self, SchemaFileError};

pub fn run(schema: Option<&Path>) -> Result<ExitCode, SchemaFileError> {
    let file = schema_file::read(schema)?;
    let validated = schema_core::validate(&file.source);
    if validated.diagnostics.has_errors() {
        eprintln!("Error: Prisma schema validation");
        eprintln!("Error code: P1012");
        eprintln!(
            "{}",
            validated
                .diagnostics
                .render_errors(&file.path.display().to_string(), &file.source)
        );
        return Ok(ExitCode::FAILURE);
    }
    let schema_dir = file
        .path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let datamodel = Arc::new(validated.datamodel);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("Error: could not start the async runtime: {error}");
            return Ok(ExitCode::FAILURE);
        }
    };
    runtime.block_on(async move {
        let url = match connect::datasource_url(&datamodel) {
            Ok(url) => url,
            Err(error) => {
                eprintln!("Error: {error}");
                return Ok(ExitCode::FAILURE);
            }
        };
        let (engine, _) = match connect::open_engine(datamodel, &url, &schema_dir).await {
            Ok(engine) => engine,
            Err(error) => {
                eprintln!("Error: {error}");
                return Ok(ExitCode::FAILURE);
            }
        };
        let stdin = std::io::stdin();
        let mut stdout = std::io::stdout().lock();
        for line in stdin.lock().lines() {
            let line = line.map_err(|source| SchemaFileError::Unreadable {
                path: "<stdin>".into(),
                source,
            })?;
            if line.trim().is_empty() {
                continue;
            }
            let response = engine.request(EngineProtocol::Json, &line, None).await;
            let written = writeln!(stdout, "{}", response.body_text()).and_then(|_| stdout.flush());
            if written.is_err() {
                break;
            }
        }
        Ok(ExitCode::SUCCESS)
    })
}
