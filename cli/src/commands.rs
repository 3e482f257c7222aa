//! The schema commands. Each returns the process exit code; I/O failures come back as errors for `main`.

use crate::schema_file::{self, SchemaFile, SchemaFileError};
use schema_core::validate::ValidatedSchema;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

/// Diagnostics always name the file as the user passed it, like Prisma's CLI.
fn display_name(file: &SchemaFile) -> String {
    file.path.display().to_string()
}

/// Reads and validates the schema, printing warnings; on errors prints them all and returns `None`.
pub(crate) fn load_valid(
    schema: Option<&Path>,
) -> Result<Option<(SchemaFile, ValidatedSchema)>, SchemaFileError> {
    let file = schema_file::read(schema)?;
    println!("Prisma schema loaded from {}", display_name(&file));
    let validated = schema_core::validate(&file.source);
    let name = display_name(&file);
    if !validated.diagnostics.warnings().is_empty() {
        eprint!(
            "{}",
            validated.diagnostics.render_warnings(&name, &file.source)
        );
    }
    if validated.diagnostics.has_errors() {
        eprintln!("Error: Prisma schema validation");
        eprintln!("Error code: P1012");
        eprintln!(
            "{}",
            validated.diagnostics.render_errors(&name, &file.source)
        );
        return Ok(None);
    }
    Ok(Some((file, validated)))
}

pub fn validate(schema: Option<&Path>) -> Result<ExitCode, SchemaFileError> {
    Ok(match load_valid(schema)? {
        Some((file, _)) => {
            println!("The schema at {} is valid 🚀", display_name(&file));
            ExitCode::SUCCESS
        }
        None => ExitCode::FAILURE,
    })
}

pub fn format(schema: Option<&Path>, check: bool) -> Result<ExitCode, SchemaFileError> {
    let Some((file, _)) = load_valid(schema)? else {
        return Ok(ExitCode::FAILURE);
    };
    let started = Instant::now();
    let formatted = schema_core::format::format_schema(&file.source);
    let unchanged = formatted == file.source;
    if check {
        return Ok(if unchanged {
            println!("All files are formatted correctly!");
            ExitCode::SUCCESS
        } else {
            println!("! There are unformatted files. Run `refract format` to format them.");
            ExitCode::FAILURE
        });
    }
    if !unchanged {
        std::fs::write(&file.path, &formatted).map_err(|source| SchemaFileError::Unwritable {
            path: file.path.clone(),
            source,
        })?;
    }
    println!(
        "Formatted {} in {}ms 🚀",
        display_name(&file),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn dmmf(schema: Option<&Path>) -> Result<ExitCode, SchemaFileError> {
    let file = schema_file::read(schema)?;
    let validated = schema_core::validate(&file.source);
    if validated.diagnostics.has_errors() {
        let message = validated
            .diagnostics
            .render_errors(&display_name(&file), &file.source);
        let error = serde_json::json!({ "error_code": "P1012", "message": message });
        eprintln!("{error}");
        return Ok(ExitCode::FAILURE);
    }
    // Compact, byte for byte what Prisma's `get_dmmf` returns (the full DMMF runs to megabytes).
    println!(
        "{}",
        engine_core::dmmf::full_dmmf_string(&validated.datamodel)
    );
    Ok(ExitCode::SUCCESS)
}
