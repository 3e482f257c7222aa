//! The parts of the `refract` command line that other crates reuse: opening the engine for a schema's
//! datasource (the conformance suite and the query-engine server open databases exactly as the CLI does).

pub mod connect;
pub mod query_engine;
