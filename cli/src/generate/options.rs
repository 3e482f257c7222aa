//! The parameters of a generator's `generate` call (Prisma's GeneratorOptions), built from the validated
//! schema: each generator's configuration as get-config reports it, with its output directory resolved,
//! the datasources, the DMMF, the schema text, the engine hash and the paths of the engines it asked for.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

/// What the options need besides the schema itself.
pub struct Context<'a> {
    /// Absolute path of the schema file.
    pub schema_path: &'a Path,
    pub source: &'a str,
    /// The engine hash the generator checks (`version`).
    pub engine_hash: &'a str,
    /// The binary target `native` stands for.
    pub native_target: &'a str,
    pub dmmf: &'a Value,
}

/// Resolves a generator's `output`: a path written in the schema is relative to the schema's directory,
/// an `env("...")` one is read from the environment; without either the manifest's default is used.
/// Returns the absolute directory and whether it came from the schema (`isCustomOutput`).
pub fn resolve_output(
    written: Option<&Value>,
    schema_dir: &Path,
    default_output: Option<&str>,
) -> Option<(PathBuf, bool)> {
    let from_schema = written.and_then(|output| {
        output
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| {
                let var = output.get("fromEnvVar")?.as_str()?;
                std::env::var(var).ok().filter(|v| !v.is_empty())
            })
    });
    let (path, custom) = match from_schema {
        Some(path) => (schema_dir.join(path), true),
        None => (PathBuf::from(default_output?), false),
    };
    Some((std::path::absolute(&path).unwrap_or(path), custom))
}

/// A generator's get-config entry as `generate` sends it: output resolved, binary targets made concrete
/// (`native` when the schema lists none). The entry comes from get-config run with the schema's absolute
/// path, so its `sourceFilePath` is already what generators expect.
pub fn generator_config(
    config: &Value,
    output: Option<(&Path, bool)>,
    context: &Context<'_>,
) -> Value {
    let mut object = config.as_object().cloned().unwrap_or_default();
    if let Some((dir, custom)) = output {
        object.insert(
            "output".into(),
            json!({ "value": dir.display().to_string(), "fromEnvVar": null }),
        );
        object.insert("isCustomOutput".into(), json!(custom));
    }
    let targets = object
        .get("binaryTargets")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let targets: Vec<Value> = if targets.is_empty() {
        vec![json!({ "fromEnvVar": null, "value": context.native_target, "native": true })]
    } else {
        targets
            .into_iter()
            .map(|t| {
                let native = t.get("value").and_then(Value::as_str) == Some("native");
                if native {
                    json!({ "fromEnvVar": null, "value": context.native_target, "native": true })
                } else {
                    t
                }
            })
            .collect()
    };
    object.insert("binaryTargets".into(), Value::Array(targets));
    Value::Object(object)
}

/// The `generate` parameters for one generator. `datasources` are get-config's entries (with the absolute
/// `sourceFilePath`); `engines` maps each engine the generator requires to its path (`binaryPaths`, keyed by
/// binary target).
pub fn generate_params(
    generator: Value,
    others: Vec<Value>,
    datasources: &[Value],
    engines: &[(&str, &Path)],
    context: &Context<'_>,
) -> Value {
    let mut binary_paths = Map::new();
    for (engine, path) in engines {
        binary_paths.insert(
            (*engine).to_string(),
            json!({ context.native_target: path.display().to_string() }),
        );
    }
    json!({
        "generator": generator,
        "otherGenerators": others,
        "schemaPath": context.schema_path.display().to_string(),
        "dmmf": context.dmmf,
        "datasources": datasources,
        "datamodel": context.source,
        "version": context.engine_hash,
        "binaryPaths": Value::Object(binary_paths),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context<'a>(dmmf: &'a Value) -> Context<'a> {
        Context {
            schema_path: Path::new("/app/prisma/schema.prisma"),
            source: "model A { id Int @id }",
            engine_hash: "abc",
            native_target: "debian-openssl-3.0.x",
            dmmf,
        }
    }

    #[test]
    fn written_output_is_relative_to_the_schema_and_custom() {
        let written = json!({ "fromEnvVar": null, "value": "../generated" });
        let (dir, custom) = resolve_output(
            Some(&written),
            Path::new("/app/prisma"),
            Some("/site/prisma"),
        )
        .unwrap();
        assert_eq!(dir, PathBuf::from("/app/prisma/../generated"));
        assert!(custom);
        let (dir, custom) =
            resolve_output(None, Path::new("/app/prisma"), Some("/site/prisma")).unwrap();
        assert_eq!(dir, PathBuf::from("/site/prisma"));
        assert!(!custom);
        assert!(resolve_output(None, Path::new("/app"), None).is_none());
    }

    #[test]
    fn empty_binary_targets_become_native() {
        let dmmf = json!({});
        let ctx = context(&dmmf);
        let config = json!({
            "name": "client",
            "provider": { "fromEnvVar": null, "value": "prisma-client-py" },
            "output": null,
            "config": { "interface": "sync" },
            "binaryTargets": [],
            "previewFeatures": [],
            "sourceFilePath": "schema.prisma"
        });
        let out = generator_config(&config, Some((Path::new("/out"), false)), &ctx);
        assert_eq!(
            out["output"],
            json!({ "value": "/out", "fromEnvVar": null })
        );
        assert_eq!(out["isCustomOutput"], json!(false));
        assert_eq!(
            out["binaryTargets"],
            json!([{ "fromEnvVar": null, "value": "debian-openssl-3.0.x", "native": true }])
        );
        assert_eq!(out["config"], json!({ "interface": "sync" }));
    }

    #[test]
    fn params_carry_engine_paths_and_version() {
        let dmmf = json!({ "datamodel": {} });
        let ctx = context(&dmmf);
        let params = generate_params(
            json!({ "name": "client" }),
            vec![],
            &[json!({ "name": "db", "sourceFilePath": "schema.prisma" })],
            &[("queryEngine", Path::new("/bin/refract-query-engine"))],
            &ctx,
        );
        assert_eq!(
            params["binaryPaths"],
            json!({ "queryEngine": { "debian-openssl-3.0.x": "/bin/refract-query-engine" } })
        );
        assert_eq!(params["version"], json!("abc"));
        assert_eq!(params["schemaPath"], json!("/app/prisma/schema.prisma"));
        assert_eq!(
            params["datasources"][0]["sourceFilePath"],
            json!("schema.prisma")
        );
        assert_eq!(params["datamodel"], json!("model A { id Int @id }"));
        assert_eq!(params["dmmf"], dmmf);
    }
}
