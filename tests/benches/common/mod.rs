//! What the read and write benches share: the databases they run on, the raw drivers of the baseline,
//! the criterion set-up and the engine/raw ratio tables.
//!
//! Each bench is its own crate and includes this module with `mod common;`, so everything here is used by
//! both.

pub mod report;
pub mod setup;
