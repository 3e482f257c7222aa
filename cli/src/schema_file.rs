//! Finding and reading the schema file the way Prisma's CLI does, so commands work from the same directories.

use std::path::{Path, PathBuf};

/// Why a schema could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SchemaFileError {
    #[error("Could not find a schema.prisma file that is required for this command.\nYou can either provide it with `--schema`, or put it into the default location `./prisma/schema.prisma`")]
    NotFound,
    #[error("Provided --schema at {path} doesn't exist.")]
    Missing { path: PathBuf },
    #[error("Could not read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("Could not write {path}: {source}")]
    Unwritable {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A schema file's path as the user should see it, and its text.
pub struct SchemaFile {
    pub path: PathBuf,
    pub source: String,
}

/// `--schema` when given, else `./schema.prisma`, else `./prisma/schema.prisma`.
pub fn locate(explicit: Option<&Path>) -> Result<PathBuf, SchemaFileError> {
    if let Some(path) = explicit {
        return if path.is_file() {
            Ok(path.to_path_buf())
        } else {
            Err(SchemaFileError::Missing {
                path: path.to_path_buf(),
            })
        };
    }
    ["schema.prisma", "prisma/schema.prisma"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .ok_or(SchemaFileError::NotFound)
}

pub fn read(explicit: Option<&Path>) -> Result<SchemaFile, SchemaFileError> {
    let path = locate(explicit)?;
    let source = std::fs::read_to_string(&path).map_err(|source| SchemaFileError::Unreadable {
        path: path.clone(),
        source,
    })?;
    Ok(SchemaFile { path, source })
}
