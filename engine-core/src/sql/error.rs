//! Why a statement could not be rendered.

use thiserror::Error;

/// Rendering fails instead of producing SQL that would mean something else on the target database.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RenderError {
    #[error("{feature} is not supported by {dialect}")]
    Unsupported {
        feature: &'static str,
        dialect: &'static str,
    },
    #[error("identifiers must be non-empty and free of NUL characters: {0:?}")]
    InvalidIdentifier(String),
    #[error("the statement needs {count} bind parameters but {dialect} accepts at most {max}")]
    TooManyParameters {
        count: usize,
        max: usize,
        dialect: &'static str,
    },
    #[error("a LIMIT or OFFSET of {0} is larger than the databases accept")]
    LimitOutOfRange(u64),
    #[error("invalid statement: {0}")]
    InvalidStatement(&'static str),
}
