//! The `connector-mysql` connector.
