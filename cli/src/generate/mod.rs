//! `refract generate`: runs every generator block of the schema (or the ones named with `--generator`) over
//! Prisma's generator protocol, so Prisma Client Python's generator (or any other) runs without Prisma's
//! Node CLI. Each generator is asked for its manifest, its output directory is resolved, and it receives
//! the full DMMF, the datasources and the path of our query engine as the engine it requires.
//! `refract db push` runs the same step afterwards unless `--skip-generate` is given.

mod host;
mod options;
mod platform;
mod watch;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use serde_json::Value;

use crate::commands::load_valid;
use crate::schema_file::{SchemaFile, SchemaFileError};
use host::{GeneratorProcess, HostError};
use options::Context;
use refract_cli::query_engine::engine_hash;
use schema_core::validate::ValidatedSchema;

/// Why generation stopped.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    #[error(transparent)]
    Host(#[from] HostError),
    #[error("The generator{s} {names} specified via `--generator` {verb} not exist in your Prisma schema", s = if .0.len() > 1 { "s" } else { "" }, names = .0.join(", "), verb = if .0.len() > 1 { "do" } else { "does" })]
    UnknownGenerators(Vec<String>),
    #[error("Output path for generator \"{0}\" is required: add `output = \"...\"` to its block")]
    NoOutput(String),
    #[error("Generator \"{name}\": its provider is read from the environment variable {var}, which is not set")]
    ProviderEnvMissing { name: String, var: String },
    #[error("Generator \"{name}\" requires the query engine, but {reason}")]
    EngineMissing { name: String, reason: String },
    #[error("Could not read {path}: {source}")]
    SchemaPath {
        path: String,
        source: std::io::Error,
    },
}

/// `refract generate [--schema] [--watch] [--generator NAME...]`.
pub fn run(
    schema: Option<&Path>,
    watch: bool,
    only: &[String],
) -> Result<ExitCode, SchemaFileError> {
    let once = || -> Result<bool, SchemaFileError> {
        let Some((file, validated)) = load_valid(schema)? else {
            return Ok(false);
        };
        if validated.datamodel.generators.is_empty() {
            eprintln!("{}", no_generator_hint());
            return Ok(false);
        }
        match generate(&file, &validated, only) {
            Ok(()) => Ok(true),
            Err(err) => {
                eprintln!("Error: {err}");
                Ok(false)
            }
        }
    };
    if !watch {
        return Ok(if once()? {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        });
    }
    let path = crate::schema_file::locate(schema)?;
    watch::run(&path, || {
        // A broken schema or a failing generator is reported and the watch goes on.
        if let Err(err) = once() {
            eprintln!("Error: {err}");
        }
    });
    Ok(ExitCode::SUCCESS)
}

fn no_generator_hint() -> &'static str {
    "This schema has no generator block, so there is nothing to generate. For Prisma Client Python add:\n\ngenerator client {\n  provider = \"prisma-client-py\"\n}"
}

/// Runs the schema's generators (all, or those named in `only`), one after the other, printing one line
/// per generated client.
pub fn generate(
    file: &SchemaFile,
    validated: &ValidatedSchema,
    only: &[String],
) -> Result<(), GenerateError> {
    let dm = &validated.datamodel;
    let unknown: Vec<String> = only
        .iter()
        .filter(|name| !dm.generators.iter().any(|g| &g.name == *name))
        .cloned()
        .collect();
    if !unknown.is_empty() {
        return Err(GenerateError::UnknownGenerators(unknown));
    }
    let schema_path =
        std::path::absolute(&file.path).map_err(|source| GenerateError::SchemaPath {
            path: file.path.display().to_string(),
            source,
        })?;
    let schema_dir = schema_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let config = schema_core::config_json::config_json(
        validated,
        &file.source,
        &schema_path.display().to_string(),
    );
    let configs: Vec<Value> = config["config"]["generators"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let datasources: Vec<Value> = config["config"]["datasources"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let dmmf = engine_core::dmmf::full_dmmf(dm);
    let hash = engine_hash();
    let native = platform::native_target();
    let context = Context {
        schema_path: &schema_path,
        source: &file.source,
        engine_hash: &hash,
        native_target: &native,
        dmmf: &dmmf,
    };

    for (index, generator) in dm.generators.iter().enumerate() {
        if !only.is_empty() && !only.contains(&generator.name) {
            continue;
        }
        let started = Instant::now();
        let provider = generator
            .provider
            .resolve(|var| std::env::var(var).ok())
            .ok_or_else(|| GenerateError::ProviderEnvMissing {
                name: generator.name.clone(),
                var: generator.provider.env_var().unwrap_or_default().to_string(),
            })?;
        let own = &configs[index];
        let mut process = GeneratorProcess::spawn(&provider)?;
        let manifest = process.call("getManifest", own.clone())?;
        let manifest = manifest.get("manifest").cloned().unwrap_or(Value::Null);
        let output = options::resolve_output(
            own.get("output").filter(|o| !o.is_null()),
            &schema_dir,
            manifest.get("defaultOutput").and_then(Value::as_str),
        )
        .ok_or_else(|| GenerateError::NoOutput(generator.name.clone()))?;
        let engine = requires_query_engine(&manifest)
            .then(|| {
                platform::query_engine_path().map_err(|reason| GenerateError::EngineMissing {
                    name: generator.name.clone(),
                    reason,
                })
            })
            .transpose()?;
        let engines: Vec<(&str, &Path)> = engine
            .as_deref()
            .map(|path| vec![("queryEngine", path)])
            .unwrap_or_default();
        let this = options::generator_config(own, Some((&output.0, output.1)), &context);
        let others: Vec<Value> = configs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != index)
            .map(|(_, c)| options::generator_config(c, None, &context))
            .collect();
        let params = options::generate_params(this, others, &datasources, &engines, &context);
        process.call("generate", params)?;
        process.finish();
        let name = manifest
            .get("prettyName")
            .and_then(Value::as_str)
            .unwrap_or(&generator.name);
        println!(
            "✔ Generated {name} to {} in {}ms",
            output.0.display(),
            started.elapsed().as_millis()
        );
    }
    Ok(())
}

/// Prisma hosts provide the engines a generator's manifest lists under `requiresEngines`.
fn requires_query_engine(manifest: &Value) -> bool {
    manifest
        .get("requiresEngines")
        .and_then(Value::as_array)
        .is_some_and(|engines| engines.iter().any(|e| e == "queryEngine"))
}
