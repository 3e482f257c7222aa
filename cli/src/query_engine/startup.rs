//! From the command line to a running engine: load the schema (`PRISMA_DML` or `PRISMA_DML_PATH`), apply
//! datasource overrides, open the database and check one connection, as Prisma's engine does before it
//! listens. Failures become one JSON error object for stderr (engine-binary.md §4), never a panic.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use base64::Engine as _;
use engine_core::protocol::EngineProtocol;
use engine_core::Engine;
use schema_core::datamodel::{Arity, FieldType};
use schema_core::Datamodel;
use serde_json::{json, Value};

use super::args::QueryEngineArgs;
use crate::connect;

/// Why the engine could not start: the user-facing error object Prisma prints on stderr.
#[derive(Debug, Clone, PartialEq)]
pub struct StartupError(pub Value);

impl StartupError {
    /// An error without a code.
    pub fn message(message: impl Into<String>) -> StartupError {
        StartupError(json!({"is_panic": false, "message": message.into(), "backtrace": null}))
    }

    /// The line for stderr.
    pub fn to_line(&self) -> String {
        self.0.to_string()
    }
}

/// A validated schema with where it came from.
pub struct LoadedSchema {
    pub source: String,
    pub datamodel: Arc<Datamodel>,
    /// The directory relative SQLite paths are resolved against.
    pub schema_dir: PathBuf,
    pub schema_path: Option<PathBuf>,
}

/// Decodes base64 text, falling back to the text itself, as Prisma does for `PRISMA_DML` and
/// `OVERWRITE_DATASOURCES`.
pub fn base64_or_raw(text: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .decode(text.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_else(|| text.to_string())
}

/// Reads and validates the schema; invalid schemas fail with P1012 and Prisma's rendered diagnostics.
pub fn load_schema(args: &QueryEngineArgs) -> Result<LoadedSchema, StartupError> {
    let (source, schema_path) =
        match (&args.datamodel, &args.datamodel_path) {
            (Some(text), _) => (base64_or_raw(text), None),
            (None, Some(path)) => match std::fs::read_to_string(path) {
                Ok(text) => (text, Some(path.clone())),
                Err(error) => {
                    return Err(StartupError::message(format!(
                        "Could not read the schema at {}: {error}",
                        path.display()
                    )))
                }
            },
            (None, None) => return Err(StartupError::message(
                "Configuration error: no schema given. Set PRISMA_DML_PATH or PRISMA_DML (or pass \
                 --datamodel-path / --datamodel).",
            )),
        };
    let validated = schema_core::validate(&source);
    if validated.diagnostics.has_errors() {
        let file_name = schema_path
            .as_deref()
            .and_then(Path::file_name)
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_else(|| "schema.prisma".to_string());
        let full_error = validated.diagnostics.render_errors(&file_name, &source);
        return Err(StartupError(json!({
            "is_panic": false,
            "message": full_error,
            "meta": {"full_error": full_error},
            "error_code": "P1012",
        })));
    }
    let schema_dir = schema_path
        .as_deref()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .filter(|dir| !dir.as_os_str().is_empty())
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    Ok(LoadedSchema {
        source,
        datamodel: Arc::new(validated.datamodel),
        schema_dir,
        schema_path,
    })
}

/// The datasource URL: an `OVERWRITE_DATASOURCES` entry for the datasource's name if there is one, else the
/// schema's `url` with `env()` resolved.
pub fn datasource_url(
    datamodel: &Datamodel,
    overrides: Option<&str>,
) -> Result<String, StartupError> {
    let Some(datasource) = datamodel.datasource.as_ref() else {
        return Err(StartupError::message(
            "Configuration error: the schema has no datasource block.",
        ));
    };
    if let Some(overrides) = overrides {
        let text = base64_or_raw(overrides);
        let entries: Value = serde_json::from_str(&text).map_err(|error| {
            StartupError::message(format!("Invalid OVERWRITE_DATASOURCES: {error}"))
        })?;
        let Some(entries) = entries.as_array() else {
            return Err(StartupError::message(
                "Invalid OVERWRITE_DATASOURCES: expected a JSON array of {\"name\", \"url\"} objects",
            ));
        };
        for entry in entries {
            if entry["name"].as_str() == Some(datasource.name.as_str()) {
                if let Some(url) = entry["url"].as_str() {
                    return Ok(url.to_string());
                }
            }
        }
    }
    connect::datasource_url(datamodel).map_err(|error| StartupError::message(error.to_string()))
}

/// The protocol from `--engine-protocol` / `PRISMA_ENGINE_PROTOCOL`, `json` by default (`graphql` with the
/// playground).
pub fn protocol(args: &QueryEngineArgs) -> Result<EngineProtocol, StartupError> {
    match args.engine_protocol.as_deref() {
        None | Some("") if args.enable_playground => Ok(EngineProtocol::GraphQl),
        None | Some("") => Ok(EngineProtocol::Json),
        Some(name) => name
            .parse()
            .map_err(|error: engine_core::protocol::UnknownProtocol| {
                StartupError::message(format!("Configuration error: {error}"))
            }),
    }
}

/// Opens the engine on the schema's database and checks that one connection can be made.
pub async fn open(schema: &LoadedSchema, url: &str) -> Result<Engine, StartupError> {
    let (engine, _) = connect::open_engine(schema.datamodel.clone(), url, &schema.schema_dir)
        .await
        .map_err(|error| StartupError::message(error.to_string()))?;
    engine
        .connector()
        .connection()
        .await
        .map_err(|error| StartupError(error.to_user_facing()))?;
    Ok(engine)
}

/// A GraphQL SDL sketch of the schema for `GET /sdl`: the model and enum types with their fields. Root
/// operations and input types are not listed; no client this engine serves reads them.
pub fn sdl(datamodel: &Datamodel) -> String {
    let mut out = String::new();
    for model in &datamodel.models {
        out.push_str(&format!("type {} {{\n", model.name));
        for field in &model.fields {
            let type_name = match &field.field_type {
                FieldType::Scalar(scalar) => scalar.as_str().to_string(),
                FieldType::Enum(id) => datamodel
                    .enums
                    .get(id.0 as usize)
                    .map(|e| e.name.clone())
                    .unwrap_or_else(|| "String".into()),
                FieldType::Relation(relation) => datamodel
                    .models
                    .get(relation.target.0 as usize)
                    .map(|m| m.name.clone())
                    .unwrap_or_else(|| "Json".into()),
                FieldType::Composite(_) | FieldType::Unsupported(_) => "Json".to_string(),
            };
            let written = match field.arity {
                Arity::Required => format!("{type_name}!"),
                Arity::Optional => type_name,
                Arity::List => format!("[{type_name}!]!"),
            };
            out.push_str(&format!("  {}: {written}\n", field.name));
        }
        out.push_str("}\n\n");
    }
    for enumeration in &datamodel.enums {
        out.push_str(&format!("enum {} {{\n", enumeration.name));
        for value in &enumeration.values {
            out.push_str(&format!("  {}\n", value.name));
        }
        out.push_str("}\n\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = "datasource db {\n  provider = \"sqlite\"\n  url = \"file:dev.db\"\n}\n\nmodel User {\n  id Int @id\n  name String?\n}\n";

    #[test]
    fn base64_falls_back_to_raw() {
        assert_eq!(base64_or_raw("aGVsbG8="), "hello");
        assert_eq!(base64_or_raw("model X {}"), "model X {}");
    }

    #[test]
    fn overrides_replace_the_named_datasource() {
        let validated = schema_core::validate(SCHEMA);
        let overrides = r#"[{"name":"db","url":"file:/tmp/other.db"}]"#;
        assert_eq!(
            datasource_url(&validated.datamodel, Some(overrides)).unwrap(),
            "file:/tmp/other.db"
        );
        let encoded = base64::engine::general_purpose::STANDARD.encode(overrides);
        assert_eq!(
            datasource_url(&validated.datamodel, Some(&encoded)).unwrap(),
            "file:/tmp/other.db"
        );
        assert_eq!(
            datasource_url(&validated.datamodel, Some(r#"[{"name":"x","url":"y"}]"#)).unwrap(),
            "file:dev.db"
        );
        assert!(datasource_url(&validated.datamodel, Some("{")).is_err());
    }

    #[test]
    fn invalid_schemas_are_p1012() {
        let args = QueryEngineArgs::parse_from_with_version(["qe", "--datamodel", "model {"], "h")
            .unwrap();
        let error = load_schema(&args).err().unwrap();
        assert_eq!(error.0["error_code"], "P1012");
    }

    #[test]
    fn sdl_lists_models() {
        let validated = schema_core::validate(SCHEMA);
        let text = sdl(&validated.datamodel);
        assert!(text.contains("type User {\n  id: Int!\n  name: String\n}"));
    }
}
