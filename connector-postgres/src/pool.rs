//! Opening connections for the bb8 pool.

use std::sync::{Arc, Mutex};

use engine_core::connector::DatabaseError;
use tokio_postgres::NoTls;

use crate::config::PostgresConfig;
use crate::connection::PgConnection;
use crate::error::classify_connect_error;

/// Opens configured connections: right `search_path`, statement cache sized by the URL.
pub(crate) struct Manager {
    config: PostgresConfig,
    driver_config: tokio_postgres::Config,
    last_connect_error: LastConnectError,
}

impl Manager {
    pub(crate) fn new(
        config: PostgresConfig,
        driver_config: tokio_postgres::Config,
        last_connect_error: LastConnectError,
    ) -> Self {
        Manager {
            config,
            driver_config,
            last_connect_error,
        }
    }

    async fn open(&self) -> Result<PgConnection, DatabaseError> {
        let (client, connection) = self
            .driver_config
            .connect(NoTls)
            .await
            .map_err(|e| classify_connect_error(&e, &self.config))?;
        // The connection task ends by itself once the client is dropped or the socket closes.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let connection = PgConnection::new(
            client,
            self.config.statement_cache_size,
            self.config.pgbouncer,
        );
        connection
            .batch(&format!(
                "SET search_path = {}",
                quote_identifier(&self.config.schema)
            ))
            .await?;
        Ok(connection)
    }
}

impl bb8::ManageConnection for Manager {
    type Connection = PgConnection;
    type Error = DatabaseError;

    async fn connect(&self) -> Result<PgConnection, DatabaseError> {
        let connection = self.open().await?;
        self.last_connect_error.clear();
        Ok(connection)
    }

    async fn is_valid(&self, connection: &mut PgConnection) -> Result<(), DatabaseError> {
        connection.batch("").await
    }

    fn has_broken(&self, connection: &mut PgConnection) -> bool {
        connection.is_broken()
    }
}

/// The most recent failure to open a connection. bb8 opens connections in the background and a waiting
/// caller only sees a timeout; this lets the driver tell "server unreachable" from "pool exhausted".
#[derive(Debug, Clone, Default)]
pub(crate) struct LastConnectError(Arc<Mutex<Option<DatabaseError>>>);

impl LastConnectError {
    pub(crate) fn get(&self) -> Option<DatabaseError> {
        self.0.lock().expect("connect error lock").clone()
    }

    fn set(&self, error: DatabaseError) {
        *self.0.lock().expect("connect error lock") = Some(error);
    }

    fn clear(&self) {
        *self.0.lock().expect("connect error lock") = None;
    }
}

impl bb8::ErrorSink<DatabaseError> for LastConnectError {
    fn sink(&self, error: DatabaseError) {
        self.set(error);
    }

    fn boxed_clone(&self) -> Box<dyn bb8::ErrorSink<DatabaseError>> {
        Box::new(self.clone())
    }
}

/// `"name"` with inner quotes doubled, so any schema name is safe in `SET search_path`.
pub(crate) fn quote_identifier(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_quoted_safely() {
        assert_eq!(quote_identifier("public"), "\"public\"");
        assert_eq!(
            quote_identifier("a\"; DROP SCHEMA x; --"),
            "\"a\"\"; DROP SCHEMA x; --\""
        );
    }
}
