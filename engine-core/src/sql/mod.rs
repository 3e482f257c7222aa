//! Dialect-neutral SQL builder shared by the SQL connectors.
