//! The `connector-mssql` connector.
