//! The `connector-postgres` connector.
