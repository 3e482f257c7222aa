//! The get-config output (`{"config": {generators, datasources, warnings}, "errors": [...]}`), which the CLI
//! uses to find generators and the datasource without building the whole datamodel.

use crate::config::{GeneratorConfigValue, StringFromEnv};
use crate::diagnostics::{render, Diagnostic};
use crate::validate::ValidatedSchema;
use serde_json::{json, Map, Value};

/// get-config's JSON for a validated schema. `source_file_path` is echoed as `sourceFilePath`; `source` is the
/// schema text, needed to render errors. Only configuration errors are listed, as get-config reports them.
pub fn config_json(schema: &ValidatedSchema, source: &str, source_file_path: &str) -> Value {
    let dm = &schema.datamodel;
    let generators: Vec<Value> = dm
        .generators
        .iter()
        .map(|g| {
            let mut out = Map::new();
            out.insert("name".into(), json!(g.name));
            out.insert("provider".into(), from_env(&g.provider));
            out.insert(
                "output".into(),
                g.output.as_ref().map(from_env).unwrap_or(Value::Null),
            );
            let config: Map<String, Value> = g
                .config
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        GeneratorConfigValue::String(s) => json!(s),
                        GeneratorConfigValue::List(items) => json!(items),
                    };
                    (k.clone(), value)
                })
                .collect();
            out.insert("config".into(), Value::Object(config));
            out.insert(
                "binaryTargets".into(),
                g.binary_targets.iter().map(from_env).collect(),
            );
            out.insert(
                "previewFeatures".into(),
                g.preview_features.iter().map(|f| json!(f.name())).collect(),
            );
            if let Some(doc) = &g.documentation {
                out.insert("documentation".into(), json!(doc));
            }
            out.insert("sourceFilePath".into(), json!(source_file_path));
            Value::Object(out)
        })
        .collect();
    let datasources: Vec<Value> = dm
        .datasource
        .iter()
        .map(|d| {
            let mut out = Map::new();
            out.insert("name".into(), json!(d.name));
            out.insert("provider".into(), json!(d.provider_written));
            out.insert("activeProvider".into(), json!(d.provider.as_str()));
            out.insert("url".into(), from_env(&d.url));
            if let Some(direct) = &d.direct_url {
                out.insert("directUrl".into(), from_env(direct));
            }
            out.insert("schemas".into(), json!(d.schemas));
            if let Some(doc) = &d.documentation {
                out.insert("documentation".into(), json!(doc));
            }
            out.insert("sourceFilePath".into(), json!(source_file_path));
            Value::Object(out)
        })
        .collect();
    let warnings: Vec<Value> = schema
        .diagnostics
        .warnings()
        .iter()
        .map(|w| json!(w.message))
        .collect();
    let errors: Vec<Value> = schema
        .diagnostics
        .errors()
        .iter()
        .filter(|e| is_config_error(schema, e))
        .map(|e| {
            json!({
                "file_name": source_file_path,
                "message": render(e, source_file_path, source),
            })
        })
        .collect();
    json!({
        "config": {
            "generators": generators,
            "datasources": datasources,
            "warnings": warnings,
        },
        "errors": errors,
    })
}

/// Errors located in a datasource or generator block, or syntax errors: what get-config reports.
fn is_config_error(schema: &ValidatedSchema, e: &Diagnostic) -> bool {
    use crate::ast::Top;
    let in_config_block = schema.ast.tops.iter().any(|t| match t {
        Top::Source(b) | Top::Generator(b) => {
            b.span.start <= e.span.start && e.span.end <= b.span.end
        }
        _ => false,
    });
    in_config_block || e.message.starts_with("Error validating: This line is")
}

fn from_env(value: &StringFromEnv) -> Value {
    match value {
        StringFromEnv::Literal(s) => json!({ "fromEnvVar": null, "value": s }),
        StringFromEnv::Env(var) => json!({ "fromEnvVar": var, "value": null }),
    }
}
