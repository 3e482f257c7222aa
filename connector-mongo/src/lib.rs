//! The `connector-mongo` connector.
