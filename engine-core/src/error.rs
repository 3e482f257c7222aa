//! Errors a request can end in, and how each one is shown to clients.
//!
//! Prisma clients do not parse free text: they branch on `user_facing_error.error_code` and read fields of
//! `meta` (Prisma Client Python, for example, reads `meta.target` of P2002 and the prefix of the outer `error`
//! string of P2028). So every variant here knows its code, its exact message template and the exact key order
//! of its `meta` object, and [`EngineError::to_envelope`] renders the `{"errors": [...]}` body byte for byte
//! like Prisma 5.19's engine.
//!
//! The outer `error` string is Prisma's internal `Debug` text. Clients treat it as opaque, so it is imitated
//! where it is cheap and documented (validation errors, `KnownError { .. }`, transaction errors) and kept close
//! elsewhere.

use serde_json::{json, Map, Value};

use crate::protocol::EngineProtocol;

/// Every way a request can fail, from an undecodable body to a database constraint.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    /// The body is not a request of the active protocol (invalid JSON, missing keys, unknown action).
    /// Answered with HTTP 422 and a bare unknown-shape object.
    #[error("Error parsing {} query. Ensure that engine protocol of the client and the engine matches. {detail}", protocol.display_name())]
    UndecodableRequest {
        protocol: EngineProtocol,
        detail: String,
    },

    /// A tagged JSON-protocol value (`{"$type": .., "value": ..}`) whose `value` does not fit its tag.
    /// The text embeds the offending object in Rust `Debug` notation, as Prisma does.
    #[error("Could not convert argument value {value:?} to ArgumentValue.")]
    ArgumentConversion { value: Value },

    /// No schema field matches the requested operation.
    #[error("{}", unknown_operation_message(action, model.as_deref()))]
    UnknownOperation {
        action: String,
        model: Option<String>,
    },

    /// A request failed validation against the query schema (P2009, or P2012 for a missing value).
    #[error("{0}")]
    Validation(#[from] ValidationError),

    /// P1000: the database rejected the credentials.
    #[error("Authentication failed against database server at `{database_host}`, the provided database credentials for `{database_user}` are not valid.\n\nPlease make sure to provide valid database credentials for the database server at `{database_host}`.")]
    AuthenticationFailed {
        database_user: String,
        database_host: String,
    },

    /// P1001: nothing answers at the configured address.
    #[error("Can't reach database server at `{database_host}:{database_port}`\n\nPlease make sure your database server is running at `{database_host}:{database_port}`.")]
    DatabaseUnreachable {
        database_host: String,
        database_port: u16,
    },

    /// P1002: the server answered but did not finish in time.
    #[error("The database server at `{database_host}:{database_port}` was reached but timed out.\n\nPlease try again.\n\nPlease make sure your database server is running at `{database_host}:{database_port}`.\n\nContext: {context}\n")]
    DatabaseTimeout {
        database_host: String,
        database_port: String,
        context: String,
    },

    /// P1003: the SQLite file does not exist.
    #[error("Database `{database_file_name}` does not exist at `{database_file_path}`.")]
    DatabaseFileMissing {
        database_file_name: String,
        database_file_path: String,
    },

    /// P1003: the named database does not exist on a server.
    #[error("Database `{database_name}` does not exist on the database server at `{database_host}:{database_port}`.")]
    DatabaseMissing {
        database_name: String,
        database_host: String,
        database_port: String,
    },

    /// P1008: a socket operation timed out.
    #[error("Operations timed out after `{time}`. Context: {context}")]
    OperationTimeout { time: String, context: String },

    /// P1010: the user may not use the database.
    #[error("User `{database_user}` was denied access on the database `{database_name}`")]
    DatabaseAccessDenied {
        database_user: String,
        database_name: String,
    },

    /// P1011: the TLS handshake failed.
    #[error("Error opening a TLS connection: {message}")]
    TlsConnection { message: String },

    /// P1013: the connection string cannot be used.
    #[error("The provided database string is invalid. {details}")]
    InvalidConnectionString { details: String },

    /// P1016: a raw query's placeholders and parameters disagree in number.
    #[error("Your raw query had an incorrect number of parameters. Expected: `{expected}`, actual: `{actual}`.")]
    RawParameterCountMismatch { expected: usize, actual: usize },

    /// P1017: the server dropped the connection.
    #[error("Server has closed the connection.")]
    ConnectionClosed,

    /// P2000: a value is longer than its column allows.
    #[error("The provided value for the column is too long for the column's type. Column: {column_name}")]
    ValueTooLong { column_name: String },

    /// P2002: a unique constraint was violated.
    #[error("Unique constraint failed on the {target}")]
    UniqueConstraintViolation { target: ConstraintTarget },

    /// P2003: a database-enforced foreign key was violated.
    #[error("Foreign key constraint failed on the field: `{field_name}`")]
    ForeignKeyViolation { field_name: String },

    /// P2010: a raw query failed inside the database.
    #[error("Raw query failed. Code: `{code}`. Message: `{message}`")]
    RawQueryFailed { code: String, message: String },

    /// P2011: a NOT NULL constraint was violated.
    #[error("Null constraint violation on the {constraint}")]
    NullConstraintViolation { constraint: ConstraintTarget },

    /// P2014: the change would leave a required relation without its other side.
    #[error("The change you are trying to make would violate the required relation '{relation_name}' between the `{model_a_name}` and `{model_b_name}` models.")]
    RequiredRelationViolation {
        relation_name: String,
        model_a_name: String,
        model_b_name: String,
    },

    /// P2016: the query graph could not be interpreted.
    #[error("Query interpretation error. {details}")]
    QueryInterpretation { details: String },

    /// P2017: a nested operation addressed records that are not connected.
    #[error("The records for relation `{relation_name}` between the `{parent_name}` and `{child_name}` models are not connected.")]
    RecordsNotConnected {
        relation_name: String,
        parent_name: String,
        child_name: String,
    },

    /// P2018: records a nested `connect` needed were not found.
    #[error("The required connected records were not found. {details}")]
    ConnectedRecordsNotFound { details: String },

    /// P2019: the input parsed but breaks a rule checked afterwards (groupBy rules and the like).
    #[error("Input error. {details}")]
    InputError { details: String },

    /// P2020: a value does not fit its column type.
    #[error("Value out of range for the type. {details}")]
    ValueOutOfRange { details: String },

    /// P2021: the model's table is missing.
    #[error("The table `{table}` does not exist in the current database.")]
    TableNotFound { table: String },

    /// P2022: a field's column is missing.
    #[error("The column `{column}` does not exist in the current database.")]
    ColumnNotFound { column: String },

    /// P2023: a stored value could not be converted to its field type.
    #[error("Inconsistent column data: {message}")]
    InconsistentColumnData { message: String },

    /// P2024: no pooled connection became free in time.
    #[error("Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: {timeout}, connection limit: {connection_limit})")]
    PoolTimeout { connection_limit: u64, timeout: u64 },

    /// P2025: a record the operation depends on does not exist.
    #[error("An operation failed because it depends on one or more records that were required but not found. {cause}")]
    RecordNotFound { cause: String },

    /// P2026: the provider cannot do what the query asked.
    #[error(
        "The current database provider doesn't support a feature that the query used: {feature}"
    )]
    UnsupportedFeature { feature: String },

    /// P2028: the interactive-transaction API refused the request.
    #[error("Transaction API error: {failure}")]
    Transaction { failure: TransactionFailure },

    /// P2029: the query needs more bind parameters than the database allows.
    #[error("Query parameter limit exceeded error: {message}.")]
    ParameterLimitExceeded { message: String },

    /// P2030: MySQL full-text search without a matching index.
    #[error("Cannot find a fulltext index to use for the search, try adding a @@fulltext([Fields...]) to your schema")]
    FulltextIndexMissing,

    /// P2032: a stored value is incompatible with a required field.
    #[error("Error converting field \"{field}\" of expected non-nullable type \"{expected_type}\", found incompatible value of \"{found}\".")]
    IncompatibleStoredValue {
        field: String,
        expected_type: String,
        found: String,
    },

    /// P2033: a GraphQL integer literal does not fit an i64.
    #[error("Query parsing failure: A number used in the query does not fit into a 64 bit signed integer. Consider using `BigInt` as field type if you're trying to store large integers.")]
    IntegerOverflow,

    /// P2034: a write conflict or deadlock; the client should retry.
    #[error(
        "Transaction failed due to a write conflict or a deadlock. Please retry your transaction"
    )]
    WriteConflict,

    /// P2035: the database rejected input with an assertion.
    #[error("Assertion violation on the database: `{database_error}`")]
    DatabaseAssertion { database_error: String },

    /// P2037: the server refuses more connections.
    #[error("Too many database connections opened: {message}")]
    TooManyConnections { message: String },

    /// An error without a Prisma code (connector errors without a mapping, query-graph assertions, ...).
    /// Rendered in the unknown shape with `message` as both the outer error and the user-facing message.
    #[error("{message}")]
    Unknown { message: String },

    /// The failure of one operation of a transactional batch: rendered like the inner error, with
    /// `batch_request_idx` set and the outer text prefixed by `Error in batch request {index}: `.
    #[error("Error in batch request {index}: {source}")]
    BatchItem {
        index: usize,
        source: Box<EngineError>,
    },
}

fn unknown_operation_message(action: &str, model: Option<&str>) -> String {
    match model {
        Some(model) => {
            format!("Operation '{action}' for model '{model}' does not match any query.")
        }
        None => format!("Operation '{action}' does not match any query."),
    }
}

impl EngineError {
    /// Wraps an error of the operation at `index` of a transactional batch.
    pub fn in_batch(self, index: usize) -> EngineError {
        EngineError::BatchItem {
            index,
            source: Box::new(self),
        }
    }

    /// The Prisma error code (`"P2002"`), or `None` for errors rendered in the unknown shape.
    pub fn code(&self) -> Option<&'static str> {
        use EngineError::*;
        Some(match self {
            UndecodableRequest { .. }
            | ArgumentConversion { .. }
            | UnknownOperation { .. }
            | Unknown { .. } => return None,
            BatchItem { source, .. } => return source.code(),
            Validation(error) => error.code(),
            AuthenticationFailed { .. } => "P1000",
            DatabaseUnreachable { .. } => "P1001",
            DatabaseTimeout { .. } => "P1002",
            DatabaseFileMissing { .. } | DatabaseMissing { .. } => "P1003",
            OperationTimeout { .. } => "P1008",
            DatabaseAccessDenied { .. } => "P1010",
            TlsConnection { .. } => "P1011",
            InvalidConnectionString { .. } => "P1013",
            RawParameterCountMismatch { .. } => "P1016",
            ConnectionClosed => "P1017",
            ValueTooLong { .. } => "P2000",
            UniqueConstraintViolation { .. } => "P2002",
            ForeignKeyViolation { .. } => "P2003",
            RawQueryFailed { .. } => "P2010",
            NullConstraintViolation { .. } => "P2011",
            RequiredRelationViolation { .. } => "P2014",
            QueryInterpretation { .. } => "P2016",
            RecordsNotConnected { .. } => "P2017",
            ConnectedRecordsNotFound { .. } => "P2018",
            InputError { .. } => "P2019",
            ValueOutOfRange { .. } => "P2020",
            TableNotFound { .. } => "P2021",
            ColumnNotFound { .. } => "P2022",
            InconsistentColumnData { .. } => "P2023",
            PoolTimeout { .. } => "P2024",
            RecordNotFound { .. } => "P2025",
            UnsupportedFeature { .. } => "P2026",
            Transaction { .. } => "P2028",
            ParameterLimitExceeded { .. } => "P2029",
            FulltextIndexMissing => "P2030",
            IncompatibleStoredValue { .. } => "P2032",
            IntegerOverflow => "P2033",
            WriteConflict => "P2034",
            DatabaseAssertion { .. } => "P2035",
            TooManyConnections { .. } => "P2037",
        })
    }

    /// The HTTP status of a `POST /` answer carrying this error: 422 for bodies that could not be decoded,
    /// 200 for everything else (Prisma reports query failures inside a successful response).
    pub fn http_status(&self) -> u16 {
        match self {
            EngineError::UndecodableRequest { .. } => 422,
            EngineError::BatchItem { source, .. } => source.http_status(),
            _ => 200,
        }
    }

    /// The user-facing message: `user_facing_error.message`.
    pub fn message(&self) -> String {
        match self {
            EngineError::BatchItem { source, .. } => source.message(),
            other => other.to_string(),
        }
    }

    /// The `meta` object of a coded error, with keys in Prisma's order. `None` for unknown-shape errors.
    pub fn meta(&self) -> Option<Value> {
        use EngineError::*;
        let meta = match self {
            UndecodableRequest { .. }
            | ArgumentConversion { .. }
            | UnknownOperation { .. }
            | Unknown { .. } => return None,
            BatchItem { source, .. } => return source.meta(),
            Validation(error) => error.to_json(),
            AuthenticationFailed {
                database_user,
                database_host,
            } => {
                json!({"database_user": database_user, "database_host": database_host})
            }
            DatabaseUnreachable {
                database_host,
                database_port,
            } => {
                json!({"database_host": database_host, "database_port": database_port})
            }
            DatabaseTimeout {
                database_host,
                database_port,
                context,
            } => {
                json!({"database_host": database_host, "database_port": database_port, "context": context})
            }
            DatabaseFileMissing {
                database_file_name,
                database_file_path,
            } => {
                json!({"database_file_name": database_file_name, "database_file_path": database_file_path})
            }
            DatabaseMissing {
                database_name,
                database_host,
                database_port,
            } => {
                json!({"database_name": database_name, "database_host": database_host, "database_port": database_port})
            }
            OperationTimeout { time, context } => json!({"time": time, "context": context}),
            DatabaseAccessDenied {
                database_user,
                database_name,
            } => {
                json!({"database_user": database_user, "database_name": database_name})
            }
            TlsConnection { message } => json!({"message": message}),
            InvalidConnectionString { details } => json!({"details": details}),
            RawParameterCountMismatch { expected, actual } => {
                json!({"expected": expected, "actual": actual})
            }
            // Prisma sends `null` here, not an empty object.
            ConnectionClosed => Value::Null,
            ValueTooLong { column_name } => json!({"column_name": column_name}),
            UniqueConstraintViolation { target } => json!({"target": target.to_json()}),
            ForeignKeyViolation { field_name } => json!({"field_name": field_name}),
            RawQueryFailed { code, message } => json!({"code": code, "message": message}),
            NullConstraintViolation { constraint } => json!({"constraint": constraint.to_json()}),
            RequiredRelationViolation {
                relation_name,
                model_a_name,
                model_b_name,
            } => json!({
                "relation_name": relation_name, "model_a_name": model_a_name, "model_b_name": model_b_name
            }),
            RecordsNotConnected {
                relation_name,
                parent_name,
                child_name,
            } => json!({
                "relation_name": relation_name, "parent_name": parent_name, "child_name": child_name
            }),
            QueryInterpretation { details }
            | ConnectedRecordsNotFound { details }
            | InputError { details }
            | ValueOutOfRange { details } => json!({"details": details}),
            TableNotFound { table } => json!({"table": table}),
            ColumnNotFound { column } => json!({"column": column}),
            InconsistentColumnData { message }
            | ParameterLimitExceeded { message }
            | TooManyConnections { message } => json!({"message": message}),
            PoolTimeout {
                connection_limit,
                timeout,
            } => {
                json!({"connection_limit": connection_limit, "timeout": timeout})
            }
            RecordNotFound { cause } => json!({"cause": cause}),
            UnsupportedFeature { feature } => json!({"feature": feature}),
            Transaction { failure } => json!({"error": failure.to_string()}),
            FulltextIndexMissing | WriteConflict => json!({}),
            IncompatibleStoredValue {
                field,
                expected_type,
                found,
            } => {
                json!({"field": field, "expected_type": expected_type, "found": found})
            }
            IntegerOverflow => json!({"details": self.to_string()}),
            DatabaseAssertion { database_error } => json!({"database_error": database_error}),
        };
        Some(meta)
    }

    /// The outer, free-form `error` string: Prisma's internal description of the failure.
    pub fn internal_description(&self) -> String {
        use EngineError::*;
        match self {
            BatchItem { index, source } => format!(
                "Error in batch request {index}: {}",
                source.internal_description()
            ),
            Validation(error) => error.internal_description(),
            // Prisma Client Python looks at this prefix (`Transaction already closed`) to tell expired
            // transactions apart, so it is the inner reason, not the user-facing message.
            Transaction { failure } => failure.to_string(),
            InputError { details } => {
                format!("Error in query graph construction: InputError({details:?})")
            }
            IntegerOverflow
            | UndecodableRequest { .. }
            | ArgumentConversion { .. }
            | UnknownOperation { .. } => self.to_string(),
            Unknown { message } => message.clone(),
            _ => {
                let meta = self.meta().unwrap_or(Value::Null);
                let code = self.code().unwrap_or_default();
                format!(
                    "KnownError {{ message: {:?}, meta: {meta:?}, error_code: {code:?} }}",
                    self.to_string()
                )
            }
        }
    }

    /// The `user_facing_error` object: the known shape (`meta`, `error_code`) for coded errors, the unknown
    /// shape (`backtrace: null`) otherwise, plus `batch_request_idx` for failures inside a transactional batch.
    pub fn to_user_facing(&self) -> Value {
        let mut object = Map::new();
        object.insert("is_panic".into(), Value::Bool(false));
        object.insert("message".into(), Value::String(self.message()));
        match (self.meta(), self.code()) {
            (Some(meta), Some(code)) => {
                object.insert("meta".into(), meta);
                object.insert("error_code".into(), Value::String(code.into()));
            }
            _ => {
                object.insert("backtrace".into(), Value::Null);
            }
        }
        if let EngineError::BatchItem { index, .. } = self {
            object.insert("batch_request_idx".into(), Value::from(*index));
        }
        Value::Object(object)
    }

    /// One entry of the `errors` array: `{"error": .., "user_facing_error": {..}}`.
    pub fn to_error_entry(&self) -> Value {
        json!({"error": self.internal_description(), "user_facing_error": self.to_user_facing()})
    }

    /// The whole response body of a failed `POST /`: `{"errors": [entry]}`, or, for undecodable bodies
    /// (HTTP 422), the bare user-facing object as Prisma answers them.
    pub fn to_envelope(&self) -> Value {
        match self {
            EngineError::UndecodableRequest { .. } => self.to_user_facing(),
            _ => json!({"errors": [self.to_error_entry()]}),
        }
    }
}

/// What a unique (P2002) or NOT NULL (P2011) violation names, depending on what the database reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConstraintTarget {
    /// Column names (PostgreSQL, SQLite): `fields: (`a`,`b`)`, meta a list.
    Fields(Vec<String>),
    /// A constraint or index name (MySQL, SQL Server, MongoDB): ``constraint: `name` ``, meta a string.
    Index(String),
    /// The violation concerns a foreign key: `foreign key`, meta the same string.
    ForeignKey,
    /// The database message could not be parsed: `(not available)`, meta `null`.
    NotAvailable,
}

impl ConstraintTarget {
    /// The `meta` value (`target` of P2002, `constraint` of P2011).
    pub fn to_json(&self) -> Value {
        match self {
            ConstraintTarget::Fields(fields) => json!(fields),
            ConstraintTarget::Index(name) => json!(name),
            ConstraintTarget::ForeignKey => json!("foreign key"),
            ConstraintTarget::NotAvailable => Value::Null,
        }
    }
}

impl std::fmt::Display for ConstraintTarget {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConstraintTarget::Fields(fields) => {
                let quoted: Vec<String> = fields.iter().map(|field| format!("`{field}`")).collect();
                write!(f, "fields: ({})", quoted.join(","))
            }
            ConstraintTarget::Index(name) => write!(f, "constraint: `{name}`"),
            ConstraintTarget::ForeignKey => f.write_str("foreign key"),
            ConstraintTarget::NotAvailable => f.write_str("(not available)"),
        }
    }
}

/// Why the interactive-transaction API refused a request (the `error` meta field of P2028).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransactionFailure {
    /// No connection could be acquired within `max_wait`.
    StartTimeout,
    /// The id is unknown: never issued, or closed so long ago it was forgotten.
    NotFound,
    /// The transaction is committed, rolled back or expired; `reason` is a full sentence such as
    /// `A query cannot be executed on a transaction that was rolled back.`
    AlreadyClosed { reason: String },
    /// Anything else; `reason` is a full sentence.
    Unexpected { reason: String },
}

impl TransactionFailure {
    /// The HTTP status of the `/transaction/*` routes for this failure.
    pub fn http_status(&self) -> u16 {
        match self {
            TransactionFailure::StartTimeout => 504,
            TransactionFailure::NotFound => 404,
            TransactionFailure::AlreadyClosed { .. } => 422,
            TransactionFailure::Unexpected { .. } => 500,
        }
    }
}

impl std::fmt::Display for TransactionFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransactionFailure::StartTimeout => f.write_str("Unable to start a transaction in the given time."),
            TransactionFailure::NotFound => f.write_str(
                "Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma \
                 doesn't have information about anymore, or was obtained before disconnecting.",
            ),
            TransactionFailure::AlreadyClosed { reason } => write!(f, "Transaction already closed: {reason}"),
            TransactionFailure::Unexpected { reason } => write!(f, "Unexpected response: {reason}"),
        }
    }
}

/// A request that does not fit the query schema: Prisma's `ValidationError`, reported as P2009 (P2012 for a
/// missing required value).
///
/// Paths are kept as segments: `selection_path` is the chain of output fields from the root operation
/// (`["findManyUser", "posts"]`), `argument_path` the chain of argument and input-object keys from the argument
/// name (`["where", "email"]`). Messages and `meta` are derived from the fields, so they cannot disagree.
#[derive(Debug, Clone, PartialEq)]
pub enum ValidationError {
    /// An argument the field does not take. `valid_arguments` lists the ones it does.
    UnknownArgument {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        valid_arguments: Vec<ArgumentDescription>,
    },
    /// A key that the enclosing input object does not have.
    UnknownInputField {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        input_type: InputTypeDescription,
    },
    /// A selected field that the output type does not have; the path ends with the unknown name.
    UnknownSelectionField {
        selection_path: Vec<String>,
        output_type: OutputTypeDescription,
    },
    /// An object selected with no fields at all.
    EmptySelection {
        selection_path: Vec<String>,
        output_type: OutputTypeDescription,
    },
    /// A sub-selection (or arguments) on a scalar field.
    SelectionSetOnScalar {
        selection_path: Vec<String>,
        field_name: String,
    },
    /// A value of the wrong kind; `inferred_type` names what was given (`String`, `(Int, Int)`, ...).
    InvalidArgumentType {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        argument: ArgumentDescription,
        inferred_type: String,
    },
    /// A value of the right kind that still cannot be used (a bad date, an unknown enum value).
    /// `value` is the value as the client wrote it.
    InvalidArgumentValue {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        argument: ArgumentDescription,
        value: String,
        underlying_error: Option<String>,
    },
    /// An input object with fewer fields than its constraints require; `given` is how many it had.
    SomeFieldsMissing {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        input_type: InputTypeDescription,
        constraints: FieldCountConstraints,
        given: usize,
    },
    /// An input object with more fields than its constraints allow; `given` is how many it had.
    TooManyFieldsGiven {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        input_type: InputTypeDescription,
        constraints: FieldCountConstraints,
        given: usize,
    },
    /// A float (or integer in exponent notation) too large for an `Int` argument; `value` is its text.
    ValueTooLarge {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        argument: ArgumentDescription,
        value: String,
    },
    /// A value that matched none of the alternatives of a union input; one error per alternative tried.
    Union { errors: Vec<ValidationError> },
    /// A required argument or input field that is missing or null (P2012).
    RequiredArgumentMissing {
        selection_path: Vec<String>,
        argument_path: Vec<String>,
        input_types: Vec<InputTypeDescription>,
    },
    /// Any other validation failure, described in free text.
    UnexpectedRuntimeError { message: String },
}

impl ValidationError {
    /// The `kind` meta field, also the variant name in Prisma's internal description.
    pub fn kind(&self) -> &'static str {
        match self {
            ValidationError::UnknownArgument { .. } => "UnknownArgument",
            ValidationError::UnknownInputField { .. } => "UnknownInputField",
            ValidationError::UnknownSelectionField { .. } => "UnknownSelectionField",
            ValidationError::EmptySelection { .. } => "EmptySelection",
            ValidationError::SelectionSetOnScalar { .. } => "SelectionSetOnScalar",
            ValidationError::InvalidArgumentType { .. } => "InvalidArgumentType",
            ValidationError::InvalidArgumentValue { .. } => "InvalidArgumentValue",
            ValidationError::SomeFieldsMissing { .. } => "SomeFieldsMissing",
            ValidationError::TooManyFieldsGiven { .. } => "TooManyFieldsGiven",
            ValidationError::ValueTooLarge { .. } => "ValueTooLarge",
            ValidationError::Union { .. } => "Union",
            ValidationError::RequiredArgumentMissing { .. } => "RequiredArgumentMissing",
            ValidationError::UnexpectedRuntimeError { .. } => "UnexpectedRuntimeError",
        }
    }

    /// P2012 for a missing required value, P2009 for every other kind.
    pub fn code(&self) -> &'static str {
        match self {
            ValidationError::RequiredArgumentMissing { .. } => "P2012",
            _ => "P2009",
        }
    }

    /// The kind-specific `meta` fields, in Prisma's key order, without `kind`. `None` when the kind carries
    /// none (Prisma's `meta: None`).
    fn meta_fields(&self) -> Option<Map<String, Value>> {
        let mut meta = Map::new();
        let mut put = |key: &str, value: Value| {
            meta.insert(key.to_owned(), value);
        };
        match self {
            ValidationError::UnknownArgument {
                selection_path,
                argument_path,
                valid_arguments,
            } => {
                put("argumentPath", json!(argument_path));
                put(
                    "arguments",
                    Value::Array(
                        valid_arguments
                            .iter()
                            .map(ArgumentDescription::to_json)
                            .collect(),
                    ),
                );
                put("selectionPath", json!(selection_path));
            }
            ValidationError::UnknownInputField {
                selection_path,
                argument_path,
                input_type,
            } => {
                put("inputType", input_type.to_json());
                put("argumentPath", json!(argument_path));
                put("selectionPath", json!(selection_path));
            }
            ValidationError::UnknownSelectionField {
                selection_path,
                output_type,
            }
            | ValidationError::EmptySelection {
                selection_path,
                output_type,
            } => {
                put("outputType", output_type.to_json());
                put("selectionPath", json!(selection_path));
            }
            ValidationError::SelectionSetOnScalar {
                selection_path,
                field_name,
            } => {
                put("fieldName", json!(field_name));
                put("selectionPath", json!(selection_path));
            }
            ValidationError::InvalidArgumentType {
                selection_path,
                argument_path,
                argument,
                inferred_type,
            } => {
                put("argumentPath", json!(argument_path));
                put("argument", argument.to_json());
                put("selectionPath", json!(selection_path));
                put("inferredType", json!(inferred_type));
            }
            ValidationError::InvalidArgumentValue {
                selection_path,
                argument_path,
                argument,
                underlying_error,
                ..
            } => {
                put("argumentPath", json!(argument_path));
                put("argument", argument.to_json());
                put("selectionPath", json!(selection_path));
                put("underlyingError", json!(underlying_error));
            }
            ValidationError::SomeFieldsMissing {
                selection_path,
                argument_path,
                input_type,
                constraints,
                ..
            }
            | ValidationError::TooManyFieldsGiven {
                selection_path,
                argument_path,
                input_type,
                constraints,
                ..
            } => {
                put("inputType", input_type.to_json());
                put("argumentPath", json!(argument_path));
                put("selectionPath", json!(selection_path));
                put("constraints", constraints.to_json());
            }
            ValidationError::ValueTooLarge {
                selection_path,
                argument_path,
                argument,
                ..
            } => {
                put("argumentPath", json!(argument_path));
                put("argument", argument.to_json());
                put("selectionPath", json!(selection_path));
            }
            ValidationError::Union { errors } => {
                put(
                    "errors",
                    Value::Array(errors.iter().map(ValidationError::to_json).collect()),
                );
            }
            ValidationError::RequiredArgumentMissing {
                selection_path,
                argument_path,
                input_types,
            } => {
                put(
                    "inputTypes",
                    Value::Array(
                        input_types
                            .iter()
                            .map(InputTypeDescription::to_json)
                            .collect(),
                    ),
                );
                put("argumentPath", json!(argument_path));
                put("selectionPath", json!(selection_path));
            }
            ValidationError::UnexpectedRuntimeError { .. } => return None,
        }
        Some(meta)
    }

    /// The user-facing `meta`: `kind` first, then the kind's fields. Also the shape of each entry of a
    /// `Union`'s `errors`.
    pub fn to_json(&self) -> Value {
        let mut meta = Map::new();
        meta.insert("kind".into(), Value::String(self.kind().into()));
        meta.extend(self.meta_fields().unwrap_or_default());
        Value::Object(meta)
    }

    /// Prisma's internal description, used as the outer `error` string.
    pub fn internal_description(&self) -> String {
        let meta = match self.meta_fields() {
            Some(fields) => format!("Some({:?})", Value::Object(fields)),
            None => "None".to_owned(),
        };
        format!(
            "Error in query graph construction: QueryParserError(ValidationError {{ kind: {}, message: {:?}, meta: {meta} }})",
            self.kind(),
            self.to_string()
        )
    }
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValidationError::UnknownArgument { .. } => f.write_str("Argument does not exist in enclosing type"),
            ValidationError::UnknownInputField { selection_path, argument_path, .. } => write!(
                f,
                "`{}.{}`: Field does not exist in enclosing type.",
                selection_path.join("."),
                argument_path.join(".")
            ),
            ValidationError::UnknownSelectionField { selection_path, output_type } => write!(
                f,
                "Field '{}' not found in enclosing type '{}'",
                selection_path.last().map(String::as_str).unwrap_or_default(),
                output_type.name
            ),
            ValidationError::EmptySelection { .. } => f.write_str("Expected a minimum of 1 field to be present, got 0"),
            ValidationError::SelectionSetOnScalar { field_name, .. } => {
                write!(f, "Cannot select over scalar field '{field_name}'")
            }
            ValidationError::InvalidArgumentType { argument, .. } => write!(
                f,
                "Invalid argument type. `{}` should be of any of the following types: `{}`",
                argument.name,
                argument.type_names.join(", ")
            ),
            ValidationError::InvalidArgumentValue { argument, value, underlying_error, .. } => {
                // "agument" is Prisma's spelling; clients may match on it.
                write!(
                    f,
                    "Invalid argument agument value. `{value}` is not a valid `{}`",
                    argument.type_names.join(", ")
                )?;
                match underlying_error {
                    Some(error) => write!(f, ". Underlying error: {error}"),
                    None => Ok(()),
                }
            }
            ValidationError::SomeFieldsMissing { constraints, given, .. } => {
                write!(f, "Some fields are missing: {}", constraints.describe(*given))
            }
            ValidationError::TooManyFieldsGiven { constraints, given, .. } => {
                write!(f, "Too many fields given: {}", constraints.describe(*given))
            }
            ValidationError::ValueTooLarge { argument, value, .. } => write!(
                f,
                "Unable to fit float value (or large JS integer serialized in exponent notation) '{value}' into a \
                 64 Bit signed integer for field '{}'. If you're trying to store large integers, consider using \
                 `BigInt`",
                argument.name
            ),
            ValidationError::Union { errors } => {
                let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "Unable to match input value to any allowed input type for the field. Parse errors: [{}]",
                    messages.join(", ")
                )
            }
            ValidationError::RequiredArgumentMissing { argument_path, .. } => {
                write!(f, "`{}`: A value is required but not set", argument_path.join("."))
            }
            ValidationError::UnexpectedRuntimeError { message } => f.write_str(message),
        }
    }
}

impl std::error::Error for ValidationError {}

/// An argument or input field as validation errors describe it: its name and the type names it accepts
/// (`{"name": "take", "typeNames": ["Int"]}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgumentDescription {
    pub name: String,
    pub type_names: Vec<String>,
}

impl ArgumentDescription {
    pub fn new(
        name: impl Into<String>,
        type_names: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ArgumentDescription {
            name: name.into(),
            type_names: type_names.into_iter().map(Into::into).collect(),
        }
    }

    pub fn to_json(&self) -> Value {
        json!({"name": self.name, "typeNames": self.type_names})
    }
}

/// An output object type as `outputType` meta describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputTypeDescription {
    pub name: String,
    pub fields: Vec<OutputFieldDescription>,
}

/// One field of an [`OutputTypeDescription`]; `type_name` is `Post[]` for lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFieldDescription {
    pub name: String,
    pub type_name: String,
    pub is_relation: bool,
}

impl OutputTypeDescription {
    pub fn to_json(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|field| json!({"name": field.name, "typeName": field.type_name, "isRelation": field.is_relation}))
            .collect();
        json!({"name": self.name, "fields": fields})
    }
}

/// An input type as `inputType` / `inputTypes` meta describe it, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputTypeDescription {
    Object {
        name: String,
        fields: Vec<InputFieldDescription>,
    },
    Scalar {
        name: String,
    },
    Enum {
        name: String,
    },
    List {
        element_type: Box<InputTypeDescription>,
    },
}

/// One field of an input object type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFieldDescription {
    pub name: String,
    pub type_names: Vec<String>,
    pub required: bool,
}

impl InputTypeDescription {
    pub fn to_json(&self) -> Value {
        match self {
            InputTypeDescription::Object { name, fields } => {
                let fields: Vec<Value> = fields
                    .iter()
                    .map(|field| json!({"name": field.name, "typeNames": field.type_names, "required": field.required}))
                    .collect();
                json!({"kind": "object", "name": name, "fields": fields})
            }
            InputTypeDescription::Scalar { name } => json!({"kind": "scalar", "name": name}),
            InputTypeDescription::Enum { name } => json!({"kind": "enum", "name": name}),
            InputTypeDescription::List { element_type } => {
                json!({"kind": "list", "elementType": element_type.to_json()})
            }
        }
    }
}

/// How many fields an input object must have: `(1, 1)` for "exactly one" objects (update operations, list
/// filters), `(0, 1)` for orderBy objects, `(1, none)` over the unique keys of a where-unique input.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldCountConstraints {
    pub min_field_count: Option<usize>,
    pub max_field_count: Option<usize>,
    /// The subset of fields the counts apply to, when not all fields count.
    pub required_fields: Option<Vec<String>>,
}

impl FieldCountConstraints {
    pub fn to_json(&self) -> Value {
        json!({
            "minFieldCount": self.min_field_count,
            "maxFieldCount": self.max_field_count,
            "requiredFields": self.required_fields,
        })
    }

    /// The sentence used in `SomeFieldsMissing` / `TooManyFieldsGiven` messages, given the number of fields
    /// the object had.
    pub fn describe(&self, given: usize) -> String {
        let subject = |plain: &str| match &self.required_fields {
            Some(fields) => format!("fields of ({})", fields.join(", ")),
            None => plain.to_owned(),
        };
        match (self.min_field_count, self.max_field_count) {
            (Some(1), Some(1)) => format!(
                "Expected exactly one {} to be present, got {given}.",
                subject("field")
            ),
            (Some(min), Some(max)) => format!(
                "Expected a minimum of {min} and at most {max} {} to be present, got {given}.",
                subject("fields")
            ),
            (Some(min), None) => format!(
                "Expected a minimum of {min} {} to be present, got {given}.",
                subject("fields")
            ),
            (None, Some(max)) => format!(
                "Expected at most {max} {} to be present, got {given}.",
                subject("fields")
            ),
            (None, None) => format!(
                "Expected a minimum of 0 {} to be present, got {given}.",
                subject("fields")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compares a rendered envelope with a recorded response body, as compact text so key order counts.
    fn assert_envelope(error: &EngineError, golden: &str) {
        let golden: Value = serde_json::from_str(golden).unwrap();
        assert_eq!(error.to_envelope().to_string(), golden.to_string());
    }

    fn path(segments: &[&str]) -> Vec<String> {
        segments.iter().map(|segment| segment.to_string()).collect()
    }

    fn output_field(name: &str, type_name: &str, is_relation: bool) -> OutputFieldDescription {
        OutputFieldDescription {
            name: name.into(),
            type_name: type_name.into(),
            is_relation,
        }
    }

    fn input_field(name: &str, type_names: &[&str]) -> InputFieldDescription {
        InputFieldDescription {
            name: name.into(),
            type_names: path(type_names),
            required: false,
        }
    }

    #[test]
    fn unique_violation_on_fields_matches_golden() {
        // 24_writes_create_many, "createMany duplicate inside batch -> P2002, nothing inserted".
        let error = EngineError::UniqueConstraintViolation {
            target: ConstraintTarget::Fields(path(&["email"])),
        };
        assert_eq!(error.code(), Some("P2002"));
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"KnownError { message: \"Unique constraint failed on the fields: (`email`)\", meta: Object {\"target\": Array [String(\"email\")]}, error_code: \"P2002\" }","user_facing_error":{"is_panic":false,"message":"Unique constraint failed on the fields: (`email`)","meta":{"target":["email"]},"error_code":"P2002"}}]}"#,
        );
    }

    #[test]
    fn unique_violation_targets_render_each_database_shape() {
        let fields = ConstraintTarget::Fields(path(&["a", "b"]));
        assert_eq!(fields.to_string(), "fields: (`a`,`b`)");
        let index = EngineError::UniqueConstraintViolation {
            target: ConstraintTarget::Index("User_email_key".into()),
        };
        assert_eq!(
            index.message(),
            "Unique constraint failed on the constraint: `User_email_key`"
        );
        assert_eq!(index.meta(), Some(json!({"target": "User_email_key"})));
        let unknown = EngineError::UniqueConstraintViolation {
            target: ConstraintTarget::NotAvailable,
        };
        assert_eq!(
            unknown.message(),
            "Unique constraint failed on the (not available)"
        );
        assert_eq!(unknown.meta(), Some(json!({"target": null})));
        let not_null = EngineError::NullConstraintViolation {
            constraint: ConstraintTarget::ForeignKey,
        };
        assert_eq!(
            not_null.message(),
            "Null constraint violation on the foreign key"
        );
        assert_eq!(not_null.code(), Some("P2011"));
    }

    #[test]
    fn record_not_found_matches_golden() {
        // 02_reads_find_first, "findFirstOrThrow no match -> P2025".
        let error = EngineError::RecordNotFound {
            cause: "Expected a record, found none.".into(),
        };
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"KnownError { message: \"An operation failed because it depends on one or more records that were required but not found. Expected a record, found none.\", meta: Object {\"cause\": String(\"Expected a record, found none.\")}, error_code: \"P2025\" }","user_facing_error":{"is_panic":false,"message":"An operation failed because it depends on one or more records that were required but not found. Expected a record, found none.","meta":{"cause":"Expected a record, found none."},"error_code":"P2025"}}]}"#,
        );
    }

    #[test]
    fn foreign_key_and_value_errors_match_goldens() {
        // 28_writes_delete and 44_errors_value_too_long_and_out_of_range.
        let fk = EngineError::ForeignKeyViolation {
            field_name: "Profile_userId_fkey (index)".into(),
        };
        assert_eq!(
            fk.to_user_facing()["message"],
            json!("Foreign key constraint failed on the field: `Profile_userId_fkey (index)`")
        );
        assert_eq!(fk.code(), Some("P2003"));
        let too_long = EngineError::ValueTooLong {
            column_name: "(not available)".into(),
        };
        assert_envelope(
            &too_long,
            r#"{"errors":[{"error":"KnownError { message: \"The provided value for the column is too long for the column's type. Column: (not available)\", meta: Object {\"column_name\": String(\"(not available)\")}, error_code: \"P2000\" }","user_facing_error":{"is_panic":false,"message":"The provided value for the column is too long for the column's type. Column: (not available)","meta":{"column_name":"(not available)"},"error_code":"P2000"}}]}"#,
        );
        let range = EngineError::ValueOutOfRange {
            details: "Out of range value for column 'small' at row 1".into(),
        };
        assert_eq!(
            range.message(),
            "Value out of range for the type. Out of range value for column 'small' at row 1"
        );
        assert_eq!(range.code(), Some("P2020"));
    }

    #[test]
    fn raw_query_errors_match_goldens() {
        // 56_raw_raw_sqlite, "error: syntax error (P2010)".
        let failed = EngineError::RawQueryFailed {
            code: "1".into(),
            message: "near \"SELEC\": syntax error".into(),
        };
        assert_envelope(
            &failed,
            r#"{"errors":[{"error":"KnownError { message: \"Raw query failed. Code: `1`. Message: `near \\\"SELEC\\\": syntax error`\", meta: Object {\"code\": String(\"1\"), \"message\": String(\"near \\\"SELEC\\\": syntax error\")}, error_code: \"P2010\" }","user_facing_error":{"is_panic":false,"message":"Raw query failed. Code: `1`. Message: `near \"SELEC\": syntax error`","meta":{"code":"1","message":"near \"SELEC\": syntax error"},"error_code":"P2010"}}]}"#,
        );
        // 57_raw_raw_postgresql, "error: too few parameters".
        let count = EngineError::RawParameterCountMismatch {
            expected: 2,
            actual: 1,
        };
        assert_envelope(
            &count,
            r#"{"errors":[{"error":"KnownError { message: \"Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`.\", meta: Object {\"expected\": Number(2), \"actual\": Number(1)}, error_code: \"P1016\" }","user_facing_error":{"is_panic":false,"message":"Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`.","meta":{"expected":2,"actual":1},"error_code":"P1016"}}]}"#,
        );
    }

    #[test]
    fn closed_connection_has_null_meta() {
        // 58_raw_raw_mysql, "the next query on the same connection fails with P1017".
        assert_envelope(
            &EngineError::ConnectionClosed,
            r#"{"errors":[{"error":"KnownError { message: \"Server has closed the connection.\", meta: Null, error_code: \"P1017\" }","user_facing_error":{"is_panic":false,"message":"Server has closed the connection.","meta":null,"error_code":"P1017"}}]}"#,
        );
    }

    #[test]
    fn transaction_errors_keep_the_reason_as_outer_error() {
        // 50_tx_interactive_rollback, "query with rolled back tx id -> P2028".
        let error = EngineError::Transaction {
            failure: TransactionFailure::AlreadyClosed {
                reason: "A query cannot be executed on a transaction that was rolled back.".into(),
            },
        };
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Transaction already closed: A query cannot be executed on a transaction that was rolled back.","user_facing_error":{"is_panic":false,"message":"Transaction API error: Transaction already closed: A query cannot be executed on a transaction that was rolled back.","meta":{"error":"Transaction already closed: A query cannot be executed on a transaction that was rolled back."},"error_code":"P2028"}}]}"#,
        );
        let not_found = EngineError::Transaction {
            failure: TransactionFailure::NotFound,
        };
        assert_eq!(
            not_found.internal_description(),
            "Transaction not found. Transaction ID is invalid, refers to an old closed transaction Prisma doesn't have information about anymore, or was obtained before disconnecting."
        );
        assert_eq!(TransactionFailure::NotFound.http_status(), 404);
        assert_eq!(TransactionFailure::StartTimeout.http_status(), 504);
    }

    #[test]
    fn input_errors_match_golden() {
        // 20_reads_group_by, "error: by empty list (P2019)".
        let error = EngineError::InputError {
            details: "At least one selection is required for the `by` argument.".into(),
        };
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: InputError(\"At least one selection is required for the `by` argument.\")","user_facing_error":{"is_panic":false,"message":"Input error. At least one selection is required for the `by` argument.","meta":{"details":"At least one selection is required for the `by` argument."},"error_code":"P2019"}}]}"#,
        );
    }

    #[test]
    fn connection_errors_carry_their_meta_types() {
        let error = EngineError::DatabaseUnreachable {
            database_host: "localhost".into(),
            database_port: 5432,
        };
        assert_eq!(error.code(), Some("P1001"));
        assert_eq!(
            error.message(),
            "Can't reach database server at `localhost:5432`\n\nPlease make sure your database server is running at `localhost:5432`."
        );
        assert_eq!(
            error.meta(),
            Some(json!({"database_host": "localhost", "database_port": 5432}))
        );
        assert_eq!(
            EngineError::TableNotFound {
                table: "main.User".into()
            }
            .message(),
            "The table `main.User` does not exist in the current database."
        );
        assert_eq!(
            EngineError::ColumnNotFound { column: "x".into() }.code(),
            Some("P2022")
        );
    }

    #[test]
    fn integer_overflow_repeats_its_message_as_details() {
        // 45_errors_graphql_document_errors, "integer literal beyond i64 -> P2033".
        assert_envelope(
            &EngineError::IntegerOverflow,
            r#"{"errors":[{"error":"Query parsing failure: A number used in the query does not fit into a 64 bit signed integer. Consider using `BigInt` as field type if you're trying to store large integers.","user_facing_error":{"is_panic":false,"message":"Query parsing failure: A number used in the query does not fit into a 64 bit signed integer. Consider using `BigInt` as field type if you're trying to store large integers.","meta":{"details":"Query parsing failure: A number used in the query does not fit into a 64 bit signed integer. Consider using `BigInt` as field type if you're trying to store large integers."},"error_code":"P2033"}}]}"#,
        );
    }

    #[test]
    fn unconvertible_arguments_use_the_unknown_shape() {
        // 63_hostile_datetime_edges, "invalid calendar date 2023-02-29".
        let error = EngineError::ArgumentConversion {
            value: json!({"$type": "DateTime", "value": "2023-02-29T00:00:00.000Z"}),
        };
        assert_eq!(error.code(), None);
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Could not convert argument value Object {\"$type\": String(\"DateTime\"), \"value\": String(\"2023-02-29T00:00:00.000Z\")} to ArgumentValue.","user_facing_error":{"is_panic":false,"message":"Could not convert argument value Object {\"$type\": String(\"DateTime\"), \"value\": String(\"2023-02-29T00:00:00.000Z\")} to ArgumentValue.","backtrace":null}}]}"#,
        );
    }

    #[test]
    fn unknown_operations_use_the_unknown_shape() {
        // 40_errors_validation_unknown_names, "unknown model (JSON) / unknown root field (GraphQL)".
        let error = EngineError::UnknownOperation {
            action: "findMany".into(),
            model: Some("Person".into()),
        };
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Operation 'findMany' for model 'Person' does not match any query.","user_facing_error":{"is_panic":false,"message":"Operation 'findMany' for model 'Person' does not match any query.","backtrace":null}}]}"#,
        );
        let by_name = EngineError::UnknownOperation {
            action: "Z".into(),
            model: None,
        };
        assert_eq!(by_name.message(), "Operation 'Z' does not match any query.");
    }

    #[test]
    fn undecodable_bodies_answer_422_with_a_bare_object() {
        // 45_errors_graphql_document_errors, "GraphQL batch without transaction key -> 422".
        let error = EngineError::UndecodableRequest {
            protocol: EngineProtocol::GraphQl,
            detail: "data did not match any variant of untagged enum GraphqlBody".into(),
        };
        assert_eq!(error.http_status(), 422);
        assert_envelope(
            &error,
            r#"{"is_panic":false,"message":"Error parsing Graphql query. Ensure that engine protocol of the client and the engine matches. data did not match any variant of untagged enum GraphqlBody","backtrace":null}"#,
        );
    }

    #[test]
    fn batch_items_add_the_index() {
        let error = EngineError::RecordNotFound {
            cause: "Record to update not found.".into(),
        }
        .in_batch(1);
        assert_eq!(error.code(), Some("P2025"));
        assert_eq!(error.http_status(), 200);
        let entry = error.to_error_entry();
        assert!(entry["error"]
            .as_str()
            .unwrap()
            .starts_with("Error in batch request 1: KnownError { message: "));
        assert_eq!(entry["user_facing_error"]["batch_request_idx"], json!(1));
        assert_eq!(
            entry["user_facing_error"]["message"],
            json!("An operation failed because it depends on one or more records that were required but not found. Record to update not found.")
        );
        let unknown = EngineError::Unknown {
            message: "Error in connector: boom".into(),
        }
        .in_batch(0);
        assert_eq!(
            unknown.to_user_facing(),
            json!({"is_panic": false, "message": "Error in connector: boom", "backtrace": null, "batch_request_idx": 0})
        );
    }

    fn user_output_type() -> OutputTypeDescription {
        OutputTypeDescription {
            name: "User".into(),
            fields: vec![
                output_field("id", "Int", false),
                output_field("email", "String", false),
                output_field("name", "String", false),
                output_field("posts", "Post[]", true),
                output_field("comments", "Comment[]", true),
                output_field("profile", "Profile", true),
                output_field("_count", "UserCountOutputType", false),
            ],
        }
    }

    #[test]
    fn unknown_selection_field_matches_golden() {
        // 13_reads_select_include, "error: unknown selection field".
        let error: EngineError = ValidationError::UnknownSelectionField {
            selection_path: path(&["findManyUser", "nickname"]),
            output_type: user_output_type(),
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: UnknownSelectionField, message: \"Field 'nickname' not found in enclosing type 'User'\", meta: Some(Object {\"outputType\": Object {\"name\": String(\"User\"), \"fields\": Array [Object {\"name\": String(\"id\"), \"typeName\": String(\"Int\"), \"isRelation\": Bool(false)}, Object {\"name\": String(\"email\"), \"typeName\": String(\"String\"), \"isRelation\": Bool(false)}, Object {\"name\": String(\"name\"), \"typeName\": String(\"String\"), \"isRelation\": Bool(false)}, Object {\"name\": String(\"posts\"), \"typeName\": String(\"Post[]\"), \"isRelation\": Bool(true)}, Object {\"name\": String(\"comments\"), \"typeName\": String(\"Comment[]\"), \"isRelation\": Bool(true)}, Object {\"name\": String(\"profile\"), \"typeName\": String(\"Profile\"), \"isRelation\": Bool(true)}, Object {\"name\": String(\"_count\"), \"typeName\": String(\"UserCountOutputType\"), \"isRelation\": Bool(false)}]}, \"selectionPath\": Array [String(\"findManyUser\"), String(\"nickname\")]}) })","user_facing_error":{"is_panic":false,"message":"Field 'nickname' not found in enclosing type 'User'","meta":{"kind":"UnknownSelectionField","outputType":{"name":"User","fields":[{"name":"id","typeName":"Int","isRelation":false},{"name":"email","typeName":"String","isRelation":false},{"name":"name","typeName":"String","isRelation":false},{"name":"posts","typeName":"Post[]","isRelation":true},{"name":"comments","typeName":"Comment[]","isRelation":true},{"name":"profile","typeName":"Profile","isRelation":true},{"name":"_count","typeName":"UserCountOutputType","isRelation":false}]},"selectionPath":["findManyUser","nickname"]},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn empty_selection_message_and_meta() {
        let error = ValidationError::EmptySelection {
            selection_path: path(&["findManyUser"]),
            output_type: user_output_type(),
        };
        assert_eq!(
            error.to_string(),
            "Expected a minimum of 1 field to be present, got 0"
        );
        let meta = error.to_json();
        let keys: Vec<&str> = meta
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, ["kind", "outputType", "selectionPath"]);
    }

    #[test]
    fn selection_set_on_scalar_matches_golden() {
        // 13_reads_select_include, "error: selection set on a scalar field".
        let error: EngineError = ValidationError::SelectionSetOnScalar {
            selection_path: path(&["findManyUser", "email"]),
            field_name: "email".into(),
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: SelectionSetOnScalar, message: \"Cannot select over scalar field 'email'\", meta: Some(Object {\"fieldName\": String(\"email\"), \"selectionPath\": Array [String(\"findManyUser\"), String(\"email\")]}) })","user_facing_error":{"is_panic":false,"message":"Cannot select over scalar field 'email'","meta":{"kind":"SelectionSetOnScalar","fieldName":"email","selectionPath":["findManyUser","email"]},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn unknown_argument_matches_golden() {
        // 13_reads_select_include, "error: arguments on a required to-one relation".
        let error: EngineError = ValidationError::UnknownArgument {
            selection_path: path(&["findManyComment", "post"]),
            argument_path: path(&["where"]),
            valid_arguments: vec![],
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: UnknownArgument, message: \"Argument does not exist in enclosing type\", meta: Some(Object {\"argumentPath\": Array [String(\"where\")], \"arguments\": Array [], \"selectionPath\": Array [String(\"findManyComment\"), String(\"post\")]}) })","user_facing_error":{"is_panic":false,"message":"Argument does not exist in enclosing type","meta":{"kind":"UnknownArgument","argumentPath":["where"],"arguments":[],"selectionPath":["findManyComment","post"]},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn invalid_argument_type_matches_golden() {
        // 02_reads_find_first, "error: take given as string".
        let error: EngineError = ValidationError::InvalidArgumentType {
            selection_path: path(&["findFirstPost"]),
            argument_path: path(&["take"]),
            argument: ArgumentDescription::new("take", ["Int"]),
            inferred_type: "String".into(),
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: InvalidArgumentType, message: \"Invalid argument type. `take` should be of any of the following types: `Int`\", meta: Some(Object {\"argumentPath\": Array [String(\"take\")], \"argument\": Object {\"name\": String(\"take\"), \"typeNames\": Array [String(\"Int\")]}, \"selectionPath\": Array [String(\"findFirstPost\")], \"inferredType\": String(\"String\")}) })","user_facing_error":{"is_panic":false,"message":"Invalid argument type. `take` should be of any of the following types: `Int`","meta":{"kind":"InvalidArgumentType","argumentPath":["take"],"argument":{"name":"take","typeNames":["Int"]},"selectionPath":["findFirstPost"],"inferredType":"String"},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn value_too_large_matches_golden() {
        // 45_errors_graphql_document_errors, "JSON counterpart: integer beyond i64 becomes a float".
        let error: EngineError = ValidationError::ValueTooLarge {
            selection_path: path(&["findManyItem"]),
            argument_path: path(&["take"]),
            argument: ArgumentDescription::new("take", ["BigInt"]),
            value: "9223372036854776000".into(),
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: ValueTooLarge, message: \"Unable to fit float value (or large JS integer serialized in exponent notation) '9223372036854776000' into a 64 Bit signed integer for field 'take'. If you're trying to store large integers, consider using `BigInt`\", meta: Some(Object {\"argumentPath\": Array [String(\"take\")], \"argument\": Object {\"name\": String(\"take\"), \"typeNames\": Array [String(\"BigInt\")]}, \"selectionPath\": Array [String(\"findManyItem\")]}) })","user_facing_error":{"is_panic":false,"message":"Unable to fit float value (or large JS integer serialized in exponent notation) '9223372036854776000' into a 64 Bit signed integer for field 'take'. If you're trying to store large integers, consider using `BigInt`","meta":{"kind":"ValueTooLarge","argumentPath":["take"],"argument":{"name":"take","typeNames":["BigInt"]},"selectionPath":["findManyItem"]},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn some_fields_missing_matches_golden() {
        // 17_reads_cursor_pagination, "error: cursor with non-unique field only".
        let error: EngineError = ValidationError::SomeFieldsMissing {
            selection_path: path(&["findManyItem"]),
            argument_path: path(&["cursor"]),
            input_type: InputTypeDescription::Object {
                name: "ItemWhereUniqueInput".into(),
                fields: vec![
                    input_field("id", &["Int"]),
                    input_field("name", &["String"]),
                    input_field("AND", &["ItemWhereInput", "ItemWhereInput[]"]),
                    input_field("OR", &["ItemWhereInput[]"]),
                    input_field("NOT", &["ItemWhereInput", "ItemWhereInput[]"]),
                    input_field("rank", &["IntFilter", "Int"]),
                ],
            },
            constraints: FieldCountConstraints {
                min_field_count: Some(1),
                max_field_count: None,
                required_fields: Some(path(&["id", "name"])),
            },
            given: 0,
        }
        .into();
        assert_envelope(
            &error,
            r#"{"errors":[{"error":"Error in query graph construction: QueryParserError(ValidationError { kind: SomeFieldsMissing, message: \"Some fields are missing: Expected a minimum of 1 fields of (id, name) to be present, got 0.\", meta: Some(Object {\"inputType\": Object {\"kind\": String(\"object\"), \"name\": String(\"ItemWhereUniqueInput\"), \"fields\": Array [Object {\"name\": String(\"id\"), \"typeNames\": Array [String(\"Int\")], \"required\": Bool(false)}, Object {\"name\": String(\"name\"), \"typeNames\": Array [String(\"String\")], \"required\": Bool(false)}, Object {\"name\": String(\"AND\"), \"typeNames\": Array [String(\"ItemWhereInput\"), String(\"ItemWhereInput[]\")], \"required\": Bool(false)}, Object {\"name\": String(\"OR\"), \"typeNames\": Array [String(\"ItemWhereInput[]\")], \"required\": Bool(false)}, Object {\"name\": String(\"NOT\"), \"typeNames\": Array [String(\"ItemWhereInput\"), String(\"ItemWhereInput[]\")], \"required\": Bool(false)}, Object {\"name\": String(\"rank\"), \"typeNames\": Array [String(\"IntFilter\"), String(\"Int\")], \"required\": Bool(false)}]}, \"argumentPath\": Array [String(\"cursor\")], \"selectionPath\": Array [String(\"findManyItem\")], \"constraints\": Object {\"minFieldCount\": Number(1), \"maxFieldCount\": Null, \"requiredFields\": Array [String(\"id\"), String(\"name\")]}}) })","user_facing_error":{"is_panic":false,"message":"Some fields are missing: Expected a minimum of 1 fields of (id, name) to be present, got 0.","meta":{"kind":"SomeFieldsMissing","inputType":{"kind":"object","name":"ItemWhereUniqueInput","fields":[{"name":"id","typeNames":["Int"],"required":false},{"name":"name","typeNames":["String"],"required":false},{"name":"AND","typeNames":["ItemWhereInput","ItemWhereInput[]"],"required":false},{"name":"OR","typeNames":["ItemWhereInput[]"],"required":false},{"name":"NOT","typeNames":["ItemWhereInput","ItemWhereInput[]"],"required":false},{"name":"rank","typeNames":["IntFilter","Int"],"required":false}]},"argumentPath":["cursor"],"selectionPath":["findManyItem"],"constraints":{"minFieldCount":1,"maxFieldCount":null,"requiredFields":["id","name"]}},"error_code":"P2009"}}]}"#,
        );
    }

    #[test]
    fn field_count_constraint_sentences() {
        let exactly_one = FieldCountConstraints {
            min_field_count: Some(1),
            max_field_count: Some(1),
            required_fields: None,
        };
        assert_eq!(
            exactly_one.describe(2),
            "Expected exactly one field to be present, got 2."
        );
        let order_by = FieldCountConstraints {
            min_field_count: Some(0),
            max_field_count: Some(1),
            required_fields: None,
        };
        assert_eq!(
            order_by.describe(2),
            "Expected a minimum of 0 and at most 1 fields to be present, got 2."
        );
        let at_most = FieldCountConstraints {
            min_field_count: None,
            max_field_count: Some(3),
            required_fields: None,
        };
        assert_eq!(
            at_most.describe(4),
            "Expected at most 3 fields to be present, got 4."
        );
        let too_many = ValidationError::TooManyFieldsGiven {
            selection_path: path(&["findManyL"]),
            argument_path: path(&["where", "tags"]),
            input_type: InputTypeDescription::Object {
                name: "StringNullableListFilter".into(),
                fields: vec![],
            },
            constraints: exactly_one,
            given: 2,
        };
        // 23_writes_scalar_lists, "error: two list filter operators".
        assert_eq!(
            too_many.to_string(),
            "Too many fields given: Expected exactly one field to be present, got 2."
        );
        assert_eq!(
            too_many.to_json()["constraints"],
            json!({"minFieldCount": 1, "maxFieldCount": 1, "requiredFields": null})
        );
    }

    #[test]
    fn required_argument_missing_is_p2012() {
        // 21_writes_create_scalar_types, "error: no data argument" (meta key order).
        let error = ValidationError::RequiredArgumentMissing {
            selection_path: path(&["createOneT"]),
            argument_path: path(&["data"]),
            input_types: vec![InputTypeDescription::Object {
                name: "TCreateInput".into(),
                fields: vec![InputFieldDescription {
                    name: "s".into(),
                    type_names: path(&["String"]),
                    required: true,
                }],
            }],
        };
        assert_eq!(error.code(), "P2012");
        assert_eq!(error.to_string(), "`data`: A value is required but not set");
        assert_eq!(
            error.to_json().to_string(),
            r#"{"kind":"RequiredArgumentMissing","inputTypes":[{"kind":"object","name":"TCreateInput","fields":[{"name":"s","typeNames":["String"],"required":true}]}],"argumentPath":["data"],"selectionPath":["createOneT"]}"#
        );
    }

    #[test]
    fn union_errors_nest_messages_and_metas() {
        // 05_reads_filter_insensitive, "insensitive equals" (input type shortened).
        let union = ValidationError::Union {
            errors: vec![
                ValidationError::UnknownInputField {
                    selection_path: path(&["findManyItem"]),
                    argument_path: path(&["where", "name", "mode"]),
                    input_type: InputTypeDescription::Object {
                        name: "StringFilter".into(),
                        fields: vec![input_field("equals", &["String", "StringFieldRefInput"])],
                    },
                },
                ValidationError::InvalidArgumentType {
                    selection_path: path(&["findManyItem"]),
                    argument_path: path(&["where", "name"]),
                    argument: ArgumentDescription::new("name", ["String"]),
                    inferred_type: "Object".into(),
                },
            ],
        };
        assert_eq!(
            union.to_string(),
            "Unable to match input value to any allowed input type for the field. Parse errors: [`findManyItem.where.name.mode`: Field does not exist in enclosing type., Invalid argument type. `name` should be of any of the following types: `String`]"
        );
        assert_eq!(
            EngineError::from(union.clone()).to_user_facing()["meta"].to_string(),
            r#"{"kind":"Union","errors":[{"kind":"UnknownInputField","inputType":{"kind":"object","name":"StringFilter","fields":[{"name":"equals","typeNames":["String","StringFieldRefInput"],"required":false}]},"argumentPath":["where","name","mode"],"selectionPath":["findManyItem"]},{"kind":"InvalidArgumentType","argumentPath":["where","name"],"argument":{"name":"name","typeNames":["String"]},"selectionPath":["findManyItem"],"inferredType":"Object"}]}"#
        );
        assert!(union
            .internal_description()
            .starts_with("Error in query graph construction: QueryParserError(ValidationError { kind: Union, message: \"Unable to match input value"));
        assert!(union.internal_description().contains(
            "meta: Some(Object {\"errors\": Array [Object {\"kind\": String(\"UnknownInputField\")"
        ));
    }

    #[test]
    fn invalid_argument_value_with_and_without_underlying_error() {
        let date = ValidationError::InvalidArgumentValue {
            selection_path: path(&["createOneD"]),
            argument_path: path(&["data", "at"]),
            argument: ArgumentDescription::new("at", ["ISO-8601 DateTime"]),
            value: "2023-02-29T00:00:00.000Z".into(),
            underlying_error: Some("input is out of range".into()),
        };
        // 63_hostile_datetime_edges (GraphQL), one alternative of the Union.
        assert_eq!(
            date.to_string(),
            "Invalid argument agument value. `2023-02-29T00:00:00.000Z` is not a valid `ISO-8601 DateTime`. Underlying error: input is out of range"
        );
        assert_eq!(
            date.to_json()["underlyingError"],
            json!("input is out of range")
        );
        let list = InputTypeDescription::List {
            element_type: Box::new(InputTypeDescription::Enum {
                name: "Role".into(),
            }),
        };
        assert_eq!(
            list.to_json(),
            json!({"kind": "list", "elementType": {"kind": "enum", "name": "Role"}})
        );
    }

    #[test]
    fn runtime_validation_errors_have_no_meta_fields() {
        let error = ValidationError::UnexpectedRuntimeError {
            message: "something odd".into(),
        };
        assert_eq!(error.to_json(), json!({"kind": "UnexpectedRuntimeError"}));
        assert_eq!(
            error.internal_description(),
            "Error in query graph construction: QueryParserError(ValidationError { kind: UnexpectedRuntimeError, message: \"something odd\", meta: None })"
        );
    }
}
