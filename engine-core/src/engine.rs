//! The engine: a request body in, a Prisma-shaped response out.
//!
//! This is the whole pipeline in one place: decode the body (JSON or GraphQL protocol), validate each
//! operation against the datamodel, plan it, run the plan on a connection (inside a transaction for writes
//! and transactional batches) and encode the result for the protocol. The CLI's `query` command and the
//! query-engine server both call [`Engine::request`].

use std::sync::Arc;

use chrono::Utc;
use schema_core::Datamodel;
use serde_json::{json, Map, Value};

use crate::connector::record::{Connector, Operations};
use crate::connector::IsolationLevel;
use crate::error::{EngineError, TransactionFailure};
use crate::interpret;
use crate::plan;
use crate::protocol::encode::Encoded;
use crate::protocol::{self, EngineProtocol, Operation, QueryDocument};
use crate::query::parse::{parse_operation_cached, ParseContext, ValidationCache};
use crate::transaction::{TransactionAction, TransactionManager};
use crate::value::PrismaValue;

/// A query engine for one schema and one database.
#[derive(Clone)]
pub struct Engine {
    datamodel: Arc<Datamodel>,
    connector: Arc<dyn Connector>,
    /// The input types validation built so far, kept for the next requests.
    validation: Arc<ValidationCache>,
}

/// An HTTP-style response: the status Prisma's engine would send and the JSON body.
///
/// A single operation's result is kept as values and written straight to text by [`Response::body_text`]:
/// building a JSON tree first would copy every row of a large result once more.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: u16,
    body: Body,
}

#[derive(Debug, Clone, PartialEq)]
enum Body {
    Tree(Value),
    Data(OperationResult),
}

/// One operation's result with its response key, encoded by the protocol when written.
#[derive(Debug, Clone, PartialEq)]
struct OperationResult {
    key: String,
    value: PrismaValue,
    protocol: EngineProtocol,
}

impl OperationResult {
    /// `{"<key>": <encoded value>}`.
    fn to_value(&self) -> Value {
        let mut data = Map::new();
        data.insert(self.key.clone(), self.protocol.encode_value(&self.value));
        Value::Object(data)
    }
}

/// `{"data": {"<key>": <value>}}`, serialized without an intermediate tree.
impl serde::Serialize for OperationResult {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Inner<'a>(&'a OperationResult);
        impl serde::Serialize for Inner<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(1))?;
                let tagged = self.0.protocol == EngineProtocol::Json;
                map.serialize_entry(&self.0.key, &Encoded::new(&self.0.value, tagged))?;
                map.end()
            }
        }
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("data", &Inner(self))?;
        map.end()
    }
}

impl Response {
    fn ok(body: Value) -> Response {
        Response {
            status: 200,
            body: Body::Tree(body),
        }
    }

    fn data(result: OperationResult) -> Response {
        Response {
            status: 200,
            body: Body::Data(result),
        }
    }

    /// The response Prisma gives for a failed request.
    pub fn from_error(error: &EngineError) -> Response {
        error_response(error)
    }

    /// The body as a JSON value.
    pub fn body(&self) -> Value {
        match &self.body {
            Body::Tree(value) => value.clone(),
            Body::Data(result) => json!({ "data": result.to_value() }),
        }
    }

    /// The body as Prisma writes it (compact, Prisma's float notation).
    pub fn body_text(&self) -> String {
        match &self.body {
            Body::Tree(value) => protocol::json_text::to_json_text(value),
            Body::Data(result) => protocol::json_text::to_json_text_of(result),
        }
    }
}

impl Engine {
    pub fn new(datamodel: Arc<Datamodel>, connector: Arc<dyn Connector>) -> Engine {
        Engine {
            datamodel,
            connector,
            validation: Arc::default(),
        }
    }

    pub fn datamodel(&self) -> &Datamodel {
        &self.datamodel
    }

    pub fn connector(&self) -> &Arc<dyn Connector> {
        &self.connector
    }

    /// Answers one request body of the given protocol. With `transaction`, every operation runs on that
    /// open transaction (an interactive transaction of the client).
    pub async fn request(
        &self,
        protocol: EngineProtocol,
        body: &str,
        transaction: Option<&dyn Operations>,
    ) -> Response {
        match decode(protocol, body) {
            Ok(document) => self.execute(protocol, &document, transaction).await,
            Err(error) => error_response(&error),
        }
    }

    /// Answers a request sent with `X-transaction-id`: it runs inside that interactive transaction, after
    /// the requests of the same transaction that arrived before it. A closed or unknown id is answered
    /// with Prisma's P2028 error (`A query ...` or `A batch query cannot be executed on ...`) inside a
    /// normal `{"errors": [...]}` body; an undecodable body is refused before the transaction is looked up.
    pub async fn request_in_transaction(
        &self,
        transactions: &TransactionManager,
        transaction_id: &str,
        protocol: EngineProtocol,
        body: &str,
    ) -> Response {
        let document = match decode(protocol, body) {
            Ok(document) => document,
            Err(error) => return error_response(&error),
        };
        let action = match &document {
            QueryDocument::Single(_) => TransactionAction::Query,
            QueryDocument::Batch { transaction, .. } => {
                // The interactive transaction already fixed the isolation level.
                if transaction
                    .as_ref()
                    .is_some_and(|settings| settings.isolation_level.is_some())
                {
                    return error_response(&EngineError::Unknown {
                        message: "Unsupported feature: Can not set batch isolation level within \
                                  interactive transaction"
                            .into(),
                    });
                }
                TransactionAction::BatchQuery
            }
        };
        let guard = match transactions.acquire(transaction_id, action).await {
            Ok(guard) => guard,
            Err(error) => return error_response(&error),
        };
        match guard.operations() {
            Some(operations) => self.execute(protocol, &document, Some(operations)).await,
            None => error_response(&EngineError::Transaction {
                failure: TransactionFailure::NotFound,
            }),
        }
    }

    /// Answers a decoded document.
    pub async fn execute(
        &self,
        protocol: EngineProtocol,
        document: &QueryDocument,
        transaction: Option<&dyn Operations>,
    ) -> Response {
        match document {
            QueryDocument::Single(operation) => {
                match self.single(protocol, operation, transaction).await {
                    Ok(data) => Response::data(data),
                    Err(error) => error_response(&error),
                }
            }
            QueryDocument::Batch {
                operations,
                transaction: None,
            } => {
                if operations.is_empty() {
                    return Response::ok(json!({}));
                }
                let mut results = Vec::with_capacity(operations.len());
                for operation in operations {
                    results.push(match self.single(protocol, operation, transaction).await {
                        Ok(data) => json!({ "data": data.to_value() }),
                        Err(error) => error.to_envelope(),
                    });
                }
                Response::ok(json!({ "batchResult": results }))
            }
            QueryDocument::Batch {
                operations,
                transaction: Some(settings),
            } => {
                let isolation = match settings.isolation_level.as_deref() {
                    None => None,
                    Some(name) => match IsolationLevel::from_prisma_name(name) {
                        Some(level) => Some(level),
                        None => {
                            return error_response(&EngineError::InputError {
                                details: format!("Invalid isolation level `{name}`"),
                            })
                        }
                    },
                };
                match self
                    .transactional_batch(protocol, operations, isolation, transaction)
                    .await
                {
                    Ok(results) => Response::ok(json!({ "batchResult": results })),
                    Err(error) => error_response(&error),
                }
            }
        }
    }

    /// Runs every operation of a batch in one transaction; the first failure rolls all back.
    async fn transactional_batch(
        &self,
        protocol: EngineProtocol,
        operations: &[Operation],
        isolation: Option<IsolationLevel>,
        outer: Option<&dyn Operations>,
    ) -> Result<Vec<Value>, EngineError> {
        if let Some(outer) = outer {
            let mut results = Vec::with_capacity(operations.len());
            for (index, operation) in operations.iter().enumerate() {
                let data = self
                    .run(protocol, operation, outer)
                    .await
                    .map_err(|error| error.in_batch(index))?;
                results.push(json!({ "data": data.to_value() }));
            }
            return Ok(results);
        }
        let connection = self.connector.connection().await?;
        let transaction = connection.begin(isolation).await?;
        let mut results = Vec::with_capacity(operations.len());
        for (index, operation) in operations.iter().enumerate() {
            match self.run(protocol, operation, transaction.as_ref()).await {
                Ok(data) => results.push(json!({ "data": data.to_value() })),
                Err(error) => {
                    let _ = transaction.rollback().await;
                    return Err(error.in_batch(index));
                }
            }
        }
        transaction.commit().await?;
        Ok(results)
    }

    /// Runs one operation outside of a batch: reads on a pooled connection, writes in their own
    /// transaction (unless the client's transaction is given).
    async fn single(
        &self,
        protocol: EngineProtocol,
        operation: &Operation,
        transaction: Option<&dyn Operations>,
    ) -> Result<OperationResult, EngineError> {
        if let Some(transaction) = transaction {
            return self.run(protocol, operation, transaction).await;
        }
        let plan = self.prepare(protocol, operation)?;
        let connection = self.connector.connection().await?;
        let value = if interpret::needs_transaction(&plan) {
            let transaction = connection.begin(None).await?;
            match interpret::execute(transaction.as_ref(), &self.datamodel, &plan).await {
                Ok(value) => {
                    transaction.commit().await?;
                    value
                }
                Err(error) => {
                    let _ = transaction.rollback().await;
                    return Err(error);
                }
            }
        } else {
            interpret::execute(connection.as_ref(), &self.datamodel, &plan).await?
        };
        Ok(wrap(protocol, operation, value))
    }

    /// Validates and plans one operation, with one `now()` for the whole operation.
    fn prepare(
        &self,
        protocol: EngineProtocol,
        operation: &Operation,
    ) -> Result<plan::Plan, EngineError> {
        let context = ParseContext {
            now: Utc::now().fixed_offset(),
        };
        let query = parse_operation_cached(
            &self.datamodel,
            &self.validation,
            &context,
            protocol,
            operation,
        )?;
        Ok(plan::plan(&self.datamodel, query))
    }

    /// Validates, plans and runs one operation on the given connection or transaction.
    async fn run(
        &self,
        protocol: EngineProtocol,
        operation: &Operation,
        ops: &dyn Operations,
    ) -> Result<OperationResult, EngineError> {
        let plan = self.prepare(protocol, operation)?;
        let value = interpret::execute(ops, &self.datamodel, &plan).await?;
        Ok(wrap(protocol, operation, value))
    }
}

/// The result of an operation under its response key (`findManyUser`, or the client's alias).
fn wrap(protocol: EngineProtocol, operation: &Operation, value: PrismaValue) -> OperationResult {
    OperationResult {
        key: operation.response_key(),
        value,
        protocol,
    }
}

/// Decodes a request body of the given protocol.
fn decode(protocol: EngineProtocol, body: &str) -> Result<QueryDocument, EngineError> {
    let decoded = match protocol {
        EngineProtocol::Json => protocol::json::parse_request(body),
        EngineProtocol::GraphQl => protocol::graphql::parse_request(body),
    };
    decoded.map_err(|error| error.into_engine_error(protocol))
}

fn error_response(error: &EngineError) -> Response {
    Response {
        status: error.http_status(),
        body: Body::Tree(error.to_envelope()),
    }
}
