//! The `connector-sqlite` connector.
