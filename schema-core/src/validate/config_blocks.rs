//! Reads the `datasource` and `generator` blocks into [`Datasource`] and [`Generator`] values.
//!
//! This runs first (attribute validation needs the provider, the datasource name for `@db.` attributes and
//! the preview features), but its diagnostics are kept apart and reported after the model diagnostics, in
//! Prisma's order.

use super::args::render_expression;
use crate::ast::{self, ConfigBlock, Expression, Top};
use crate::config::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use std::collections::HashSet;

/// The configuration blocks, read.
#[derive(Debug, Clone, Default)]
pub(crate) struct ConfigResult {
    pub datasource: Option<Datasource>,
    /// The first datasource block's name, even when its provider was invalid (for `@db.` prefixes).
    pub datasource_name: Option<String>,
    pub generators: Vec<Generator>,
    pub diagnostics: Diagnostics,
}

impl ConfigResult {
    pub fn relation_mode(&self) -> RelationMode {
        self.datasource
            .as_ref()
            .map(|d| d.relation_mode)
            .unwrap_or(RelationMode::ForeignKeys)
    }

    /// Whether any generator enables this preview feature.
    pub fn has_preview(&self, name: &str) -> bool {
        self.generators
            .iter()
            .flat_map(|g| &g.preview_features)
            .any(|f| f.name() == name)
    }
}

pub(crate) fn read(ast: &ast::SchemaAst) -> ConfigResult {
    let mut out = ConfigResult::default();
    let sources: Vec<&ConfigBlock> = ast
        .tops
        .iter()
        .filter_map(|t| match t {
            Top::Source(b) => Some(b),
            _ => None,
        })
        .collect();
    for top in &ast.tops {
        if let Top::Generator(block) = top {
            check_duplicate_keys(block, "generator", &mut out.diagnostics);
            if let Some(g) = generator(block, &mut out.diagnostics) {
                out.generators.push(g);
            }
        }
    }
    if sources.len() > 1 {
        for s in &sources {
            out.diagnostics.push(Diagnostic::validation(
                "You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet.",
                s.span,
            ));
        }
    }
    if let Some(block) = sources.first() {
        check_duplicate_keys(block, "datasource", &mut out.diagnostics);
        out.datasource_name = Some(block.name.name.clone());
        let preview: Vec<PreviewFeature> = out
            .generators
            .iter()
            .flat_map(|g| g.preview_features.iter().copied())
            .collect();
        out.datasource = datasource(block, &preview, &mut out.diagnostics);
    }
    out
}

fn check_duplicate_keys(block: &ConfigBlock, kind: &str, diags: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for p in block.properties() {
        if !seen.insert(p.key.name.as_str()) {
            diags.push(Diagnostic::error(
                format!(
                    "Key \"{}\" is already defined in {kind} \"{}\".",
                    p.key.name, block.name.name
                ),
                p.key.span,
            ));
        }
    }
}

/// A string or `env("VAR")`; anything else is reported.
fn string_from_env(value: &Expression, diags: &mut Diagnostics) -> Result<StringFromEnv, ()> {
    match value {
        Expression::String(s, _) => Ok(StringFromEnv::Literal(s.clone())),
        Expression::Function(name, args, span) if name == "env" => {
            match args.arguments.first().map(|a| &a.value) {
                Some(Expression::String(var, _)) if args.arguments.len() == 1 => {
                    Ok(StringFromEnv::Env(var.clone()))
                }
                _ => {
                    diags.push(Diagnostic::validation(
                        "The `env` function takes a single string argument.",
                        *span,
                    ));
                    Err(())
                }
            }
        }
        other => {
            diags.push(Diagnostic::error(
                format!(
                    "Expected a String value, but received {} value `{}`.",
                    describe(other),
                    render_expression(other)
                ),
                other.span(),
            ));
            Err(())
        }
    }
}

fn describe(e: &Expression) -> &'static str {
    match e {
        Expression::Constant(..) => "literal",
        other => other.describe(),
    }
}

fn datasource(
    block: &ConfigBlock,
    preview: &[PreviewFeature],
    diags: &mut Diagnostics,
) -> Option<Datasource> {
    let name = &block.name.name;
    let mut ok = true;
    let provider_prop = block.property("provider");
    let (provider, provider_written) = match provider_prop.and_then(|p| p.value.as_ref()) {
        None => {
            diags.push(Diagnostic::error(
                format!("Argument \"provider\" is missing in data source block \"{name}\"."),
                block.span,
            ));
            return None;
        }
        Some(value) => match string_from_env(value, diags) {
            Ok(StringFromEnv::Literal(p)) => match Provider::parse(&p) {
                Some(provider) => (provider, p),
                None => {
                    diags.push(Diagnostic::error(
                        format!("Datasource provider not known: \"{p}\"."),
                        value.span(),
                    ));
                    return None;
                }
            },
            Ok(StringFromEnv::Env(_)) => {
                diags.push(Diagnostic::error(
                    "A datasource must not use the env() function in the provider argument.",
                    value.span(),
                ));
                return None;
            }
            Err(()) => return None,
        },
    };
    let mut url_of = |key: &str, diags: &mut Diagnostics| -> Option<StringFromEnv> {
        let value = block.property(key)?.value.as_ref()?;
        match string_from_env(value, diags) {
            Ok(v) => Some(v),
            Err(()) => {
                ok = false;
                None
            }
        }
    };
    let url = url_of("url", diags);
    let direct_url = url_of("directUrl", diags);
    let shadow_database_url = url_of("shadowDatabaseUrl", diags);
    let url = match url {
        Some(url) => url,
        None => {
            if block.property("url").is_none() {
                diags.push(Diagnostic::error(
                    format!("Argument \"url\" is missing in data source block \"{name}\"."),
                    block.span,
                ));
            }
            return None;
        }
    };

    let mut relation_mode = RelationMode::ForeignKeys;
    let mut relation_mode_written = false;
    for key in ["relationMode", "referentialIntegrity"] {
        let Some(prop) = block.property(key) else {
            continue;
        };
        relation_mode_written = true;
        match prop.value.as_ref().and_then(|v| v.as_string()) {
            Some("prisma") => relation_mode = RelationMode::Prisma,
            Some("foreignKeys") => relation_mode = RelationMode::ForeignKeys,
            other => {
                let shown = other
                    .map(str::to_owned)
                    .or_else(|| prop.value.as_ref().map(render_expression))
                    .unwrap_or_default();
                diags.push(Diagnostic::error(
                    format!("Error validating datasource `{key}`: Invalid relation mode setting: \"{shown}\". Supported values: \"prisma\", \"foreignKeys\""),
                    block.span,
                ));
                ok = false;
            }
        }
        if key == "referentialIntegrity" {
            diags.push(Diagnostic::warning(
                "The `referentialIntegrity` attribute is deprecated. Please use `relationMode` instead. Learn more at https://pris.ly/d/relation-mode",
                prop.span,
            ));
        }
    }
    if provider == Provider::MongoDb {
        relation_mode = RelationMode::Prisma;
    }

    let schemas = match block.property("schemas").and_then(|p| p.value.as_ref()) {
        None => Vec::new(),
        Some(Expression::Array(items, span)) => {
            let names: Vec<String> = items
                .iter()
                .filter_map(|i| i.as_string().map(str::to_owned))
                .collect();
            if names.len() != items.len() {
                diags.push(Diagnostic::error(
                    "Expected an array of strings as the `schemas` property.",
                    *span,
                ));
                ok = false;
            }
            names
        }
        Some(other) => {
            diags.push(Diagnostic::error(
                format!(
                    "Expected a array value, but received {} value `{}`.",
                    describe(other),
                    render_expression(other)
                ),
                other.span(),
            ));
            ok = false;
            Vec::new()
        }
    };

    let extensions = match block.property("extensions").and_then(|p| p.value.as_ref()) {
        None => Vec::new(),
        Some(value) => {
            if !preview.iter().any(|f| f.name() == "postgresqlExtensions") {
                diags.push(Diagnostic::error(
                    "The `extensions` property is only available with the `postgresqlExtensions` preview feature.",
                    value.span(),
                ));
                ok = false;
            }
            extension_list(value)
        }
    };

    for prop in block.properties() {
        let known = [
            "provider",
            "url",
            "directUrl",
            "shadowDatabaseUrl",
            "relationMode",
            "referentialIntegrity",
            "schemas",
            "extensions",
        ];
        if !known.contains(&prop.key.name.as_str()) {
            diags.push(Diagnostic::error(
                format!("Property not known: \"{}\".", prop.key.name),
                prop.span,
            ));
            ok = false;
        }
    }

    if let (Some(StringFromEnv::Literal(shadow)), StringFromEnv::Literal(main)) =
        (&shadow_database_url, &url)
    {
        if shadow == main {
            diags.push(Diagnostic::error(
                format!("shadowDatabaseUrl is the same as url for datasource \"{name}\". Please specify a different database as shadow database."),
                block.span,
            ));
            ok = false;
        }
    }

    ok.then(|| Datasource {
        name: name.clone(),
        provider,
        provider_written,
        url,
        direct_url,
        shadow_database_url,
        relation_mode,
        relation_mode_written,
        schemas,
        extensions,
        documentation: block_doc(block),
        span: block.span,
    })
}

/// `extensions = [citext, postgis(version: "3.1", schema: "x", map: "y")]`.
fn extension_list(value: &Expression) -> Vec<Extension> {
    let Expression::Array(items, _) = value else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match item {
            Expression::Constant(name, _) => Some(Extension {
                name: name.clone(),
                schema: None,
                version: None,
                map: None,
            }),
            Expression::Function(name, args, _) => {
                let named = |key: &str| {
                    args.arguments
                        .iter()
                        .find(|a| a.name.as_ref().is_some_and(|n| n.name == key))
                        .and_then(|a| a.value.as_string())
                        .map(str::to_owned)
                };
                Some(Extension {
                    name: name.clone(),
                    schema: named("schema"),
                    version: named("version"),
                    map: named("map"),
                })
            }
            _ => None,
        })
        .collect()
}

fn block_doc(block: &ConfigBlock) -> Option<String> {
    if block.documentation.is_empty() {
        return None;
    }
    Some(
        block
            .documentation
            .iter()
            .map(|c| c.text.trim())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn generator(block: &ConfigBlock, diags: &mut Diagnostics) -> Option<Generator> {
    let name = &block.name.name;
    let Some(provider_value) = block.property("provider").and_then(|p| p.value.as_ref()) else {
        diags.push(Diagnostic::error(
            format!("Argument \"provider\" is missing in generator block \"{name}\"."),
            block.span,
        ));
        return None;
    };
    let provider = string_from_env(provider_value, diags).ok()?;
    let output = match block.property("output").and_then(|p| p.value.as_ref()) {
        Some(v) => Some(string_from_env(v, diags).ok()?),
        None => None,
    };
    let mut preview_features = Vec::new();
    if let Some(value) = block
        .property("previewFeatures")
        .and_then(|p| p.value.as_ref())
    {
        preview_features = preview_feature_list(value, diags);
        preview_features.sort();
        preview_features.dedup();
    }
    let binary_targets = match block
        .property("binaryTargets")
        .and_then(|p| p.value.as_ref())
    {
        None => Vec::new(),
        Some(Expression::Array(items, _)) => items
            .iter()
            .filter_map(|i| string_from_env(i, diags).ok())
            .collect(),
        Some(other) => string_from_env(other, diags).ok().into_iter().collect(),
    };
    let reserved = ["provider", "output", "previewFeatures", "binaryTargets"];
    let config = block
        .properties()
        .filter(|p| !reserved.contains(&p.key.name.as_str()))
        .filter_map(|p| {
            let value = p.value.as_ref()?;
            Some((p.key.name.clone(), config_value(value)))
        })
        .collect();
    Some(Generator {
        name: name.clone(),
        provider,
        output,
        preview_features,
        binary_targets,
        config,
        documentation: block_doc(block),
        span: block.span,
    })
}

/// A free-form generator value as get-config reports it: everything becomes text.
fn config_value(value: &Expression) -> GeneratorConfigValue {
    match value {
        Expression::String(s, _) => GeneratorConfigValue::String(s.clone()),
        Expression::Array(items, _) => GeneratorConfigValue::List(
            items
                .iter()
                .map(|i| match i {
                    Expression::String(s, _) => s.clone(),
                    other => render_expression(other),
                })
                .collect(),
        ),
        other => GeneratorConfigValue::String(render_expression(other)),
    }
}

fn preview_feature_list(value: &Expression, diags: &mut Diagnostics) -> Vec<PreviewFeature> {
    let items: Vec<&Expression> = match value {
        Expression::Array(items, _) => items.iter().collect(),
        single => vec![single],
    };
    let mut features = Vec::new();
    for item in items {
        let Some(name) = item.as_string() else {
            diags.push(Diagnostic::error(
                format!(
                    "Expected a string value, but received {} value `{}`.",
                    describe(item),
                    render_expression(item)
                ),
                item.span(),
            ));
            continue;
        };
        match PreviewFeature::parse(name) {
            Some(feature) => {
                if feature.is_deprecated() {
                    diags.push(Diagnostic::warning(
                        format!("Preview feature \"{name}\" is deprecated. The functionality can be used without specifying it as a preview feature."),
                        value.span(),
                    ));
                }
                features.push(feature);
            }
            None => diags.push(Diagnostic::error(
                format!(
                    "The preview feature \"{name}\" is not known. Expected one of: {}",
                    PreviewFeature::known_list()
                ),
                value.span(),
            )),
        }
    }
    features
}
