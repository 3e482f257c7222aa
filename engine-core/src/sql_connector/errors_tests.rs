//! Error mapping against the recorded goldens (`../shared/queries/42_errors_unique_p2002`, `28_writes_delete`,
//! `44_errors_value_too_long_and_out_of_range`, `51_tx_interactive_errors`, `56_raw_raw_sqlite`,
//! `57_raw_raw_postgresql`): the user-facing part of each envelope is compared byte for byte.

use serde_json::{json, Value};

use super::*;
use crate::sql::{Dialect, Mysql, Postgres, Sqlite};

const SCHEMA: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model U {
  id    Int    @id
  email String @unique
  a     String
  b     String
  code  String
  mapped String @map("mapped_col")
  posts P[]

  @@unique([a, b])
  @@unique([code], map: "custom_code_idx")
}

model P {
  id     Int    @id
  slug   String @unique
  userId Int
  user   U      @relation(fields: [userId], references: [id])
}
"#;

fn datamodel() -> Datamodel {
    let validated = schema_core::validate(SCHEMA);
    assert!(validated.is_valid(), "{:?}", validated.diagnostics);
    validated.datamodel
}

fn ctx<'a>(dm: &'a Datamodel, dialect: &'a dyn Dialect) -> SqlContext<'a> {
    SqlContext {
        datamodel: dm,
        dialect,
        schema: None,
    }
}

fn user_facing(error: &EngineError) -> Value {
    error.to_envelope()["errors"][0]["user_facing_error"].clone()
}

fn p2002_fields(fields: &[&str]) -> Value {
    let quoted: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
    json!({
        "is_panic": false,
        "message": format!("Unique constraint failed on the fields: ({})", quoted.join(",")),
        "meta": {"target": fields},
        "error_code": "P2002"
    })
}

fn columns(names: &[&str]) -> ConstraintRef {
    ConstraintRef::Columns(names.iter().map(|n| n.to_string()).collect())
}

#[test]
fn unique_violation_by_columns_lists_fields_on_sqlite_and_postgres() {
    let dm = datamodel();
    for dialect in [&Sqlite as &dyn Dialect, &Postgres] {
        let ctx = ctx(&dm, dialect);
        let error = query_error(&ctx, DatabaseError::UniqueViolation(columns(&["email"])));
        assert_eq!(user_facing(&error), p2002_fields(&["email"]));
        let error = query_error(&ctx, DatabaseError::UniqueViolation(columns(&["a", "b"])));
        assert_eq!(user_facing(&error), p2002_fields(&["a", "b"]));
    }
}

#[test]
fn unique_violation_outer_error_matches_prisma_debug_text() {
    let dm = datamodel();
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::UniqueViolation(columns(&["email"])),
    );
    assert_eq!(
        error.to_envelope()["errors"][0]["error"],
        json!("KnownError { message: \"Unique constraint failed on the fields: (`email`)\", meta: Object {\"target\": Array [String(\"email\")]}, error_code: \"P2002\" }")
    );
}

#[test]
fn unique_violation_by_index_name_resolves_to_fields_on_postgres() {
    let dm = datamodel();
    let ctx = ctx(&dm, &Postgres);
    let cases: [(&str, &[&str]); 5] = [
        ("U_email_key", &["email"]),
        ("U_a_b_key", &["a", "b"]),
        ("custom_code_idx", &["code"]),
        ("U_pkey", &["id"]),
        ("P_slug_key", &["slug"]),
    ];
    for (index, fields) in cases {
        let error = query_error(
            &ctx,
            DatabaseError::UniqueViolation(ConstraintRef::Index(index.into())),
        );
        assert_eq!(user_facing(&error), p2002_fields(fields), "{index}");
    }
}

#[test]
fn mapped_columns_come_back_as_field_names() {
    let dm = datamodel();
    let ctx = ctx(&dm, &Postgres);
    let error = query_error(
        &ctx,
        DatabaseError::UniqueViolation(columns(&["mapped_col"])),
    );
    assert_eq!(user_facing(&error), p2002_fields(&["mapped"]));
    let u = dm.find_model("U").unwrap();
    let error = model_error(
        &ctx,
        Some(u),
        DatabaseError::UniqueViolation(columns(&["mapped_col", "unknown"])),
    );
    assert_eq!(user_facing(&error), p2002_fields(&["mapped", "unknown"]));
}

#[test]
fn unique_violation_on_mysql_names_the_constraint() {
    let dm = datamodel();
    let error = query_error(
        &ctx(&dm, &Mysql),
        DatabaseError::UniqueViolation(ConstraintRef::Index("U_email_key".into())),
    );
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Unique constraint failed on the constraint: `U_email_key`",
            "meta": {"target": "U_email_key"},
            "error_code": "P2002"
        })
    );
    let error = query_error(
        &ctx(&dm, &Mysql),
        DatabaseError::UniqueViolation(ConstraintRef::Index("PRIMARY".into())),
    );
    assert_eq!(user_facing(&error)["meta"], json!({"target": "PRIMARY"}));
}

#[test]
fn unknown_unique_target_is_not_available() {
    let dm = datamodel();
    let error = query_error(
        &ctx(&dm, &Sqlite),
        DatabaseError::UniqueViolation(ConstraintRef::Unknown),
    );
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Unique constraint failed on the (not available)",
            "meta": {"target": null},
            "error_code": "P2002"
        })
    );
}

#[test]
fn foreign_key_violations_per_provider() {
    let dm = datamodel();
    let sqlite = query_error(
        &ctx(&dm, &Sqlite),
        DatabaseError::ForeignKeyViolation(ConstraintRef::Unknown),
    );
    assert_eq!(
        user_facing(&sqlite),
        json!({
            "is_panic": false,
            "message": "Foreign key constraint failed on the field: `foreign key`",
            "meta": {"field_name": "foreign key"},
            "error_code": "P2003"
        })
    );
    let postgres = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::ForeignKeyViolation(ConstraintRef::Index("Profile_userId_fkey".into())),
    );
    assert_eq!(
        user_facing(&postgres),
        json!({
            "is_panic": false,
            "message": "Foreign key constraint failed on the field: `Profile_userId_fkey (index)`",
            "meta": {"field_name": "Profile_userId_fkey (index)"},
            "error_code": "P2003"
        })
    );
    let mysql = query_error(
        &ctx(&dm, &Mysql),
        DatabaseError::ForeignKeyViolation(columns(&["userId"])),
    );
    assert_eq!(user_facing(&mysql)["meta"], json!({"field_name": "userId"}));
}

#[test]
fn too_long_and_out_of_range() {
    let dm = datamodel();
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::ValueTooLong {
            column: "(not available)".into(),
        },
    );
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "The provided value for the column is too long for the column's type. Column: (not available)",
            "meta": {"column_name": "(not available)"},
            "error_code": "P2000"
        })
    );
    let error = query_error(
        &ctx(&dm, &Mysql),
        DatabaseError::ValueOutOfRange {
            message: "Out of range value for column 'small' at row 1".into(),
        },
    );
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Value out of range for the type. Out of range value for column 'small' at row 1",
            "meta": {"details": "Out of range value for column 'small' at row 1"},
            "error_code": "P2020"
        })
    );
}

#[test]
fn null_violation_table_column_conflict_and_pool() {
    let dm = datamodel();
    let ctx = ctx(&dm, &Sqlite);
    let null = query_error(&ctx, DatabaseError::NullViolation(columns(&["email"])));
    assert_eq!(
        user_facing(&null),
        json!({
            "is_panic": false,
            "message": "Null constraint violation on the fields: (`email`)",
            "meta": {"constraint": ["email"]},
            "error_code": "P2011"
        })
    );
    let table = query_error(
        &ctx,
        DatabaseError::TableDoesNotExist {
            table: "main.U".into(),
        },
    );
    assert_eq!(user_facing(&table)["error_code"], json!("P2021"));
    assert_eq!(user_facing(&table)["meta"], json!({"table": "main.U"}));
    let column = query_error(
        &ctx,
        DatabaseError::ColumnDoesNotExist {
            column: "U.nope".into(),
        },
    );
    assert_eq!(user_facing(&column)["error_code"], json!("P2022"));
    assert_eq!(
        user_facing(&query_error(&ctx, DatabaseError::TransactionConflict)),
        json!({
            "is_panic": false,
            "message": "Transaction failed due to a write conflict or a deadlock. Please retry your transaction",
            "meta": {},
            "error_code": "P2034"
        })
    );
    let pool = connection_error(DatabaseError::PoolTimeout {
        limit: 5,
        timeout_secs: 10,
    });
    assert_eq!(
        user_facing(&pool),
        json!({
            "is_panic": false,
            "message": "Timed out fetching a new connection from the connection pool. More info: http://pris.ly/d/connection-pool (Current connection pool timeout: 10, connection limit: 5)",
            "meta": {"connection_limit": 5, "timeout": 10},
            "error_code": "P2024"
        })
    );
}

#[test]
fn connection_level_errors() {
    let unreachable = connection_error(DatabaseError::Unreachable {
        host: "localhost".into(),
        port: 5432,
    });
    assert_eq!(
        user_facing(&unreachable),
        json!({
            "is_panic": false,
            "message": "Can't reach database server at `localhost:5432`\n\nPlease make sure your database server is running at `localhost:5432`.",
            "meta": {"database_host": "localhost", "database_port": 5432},
            "error_code": "P1001"
        })
    );
    let auth = connection_error(DatabaseError::AuthenticationFailed { user: "bob".into() });
    assert_eq!(user_facing(&auth)["error_code"], json!("P1000"));
    assert_eq!(user_facing(&auth)["meta"]["database_user"], json!("bob"));
    let file = connection_error(DatabaseError::DatabaseDoesNotExist {
        name: "/tmp/missing/dev.db".into(),
    });
    assert_eq!(
        user_facing(&file),
        json!({
            "is_panic": false,
            "message": "Database `dev.db` does not exist at `/tmp/missing/dev.db`.",
            "meta": {"database_file_name": "dev.db", "database_file_path": "/tmp/missing/dev.db"},
            "error_code": "P1003"
        })
    );
    let server = connection_error(DatabaseError::DatabaseDoesNotExist {
        name: "nope".into(),
    });
    assert_eq!(user_facing(&server)["error_code"], json!("P1003"));
    assert_eq!(user_facing(&server)["meta"]["database_name"], json!("nope"));
}

#[test]
fn unclassified_connection_errors_have_no_code() {
    // 52_tx_isolation_levels, PostgreSQL `Snapshot`.
    let error = connection_error(DatabaseError::Other {
        code: None,
        message: "Conversion error: SNAPSHOT".into(),
    });
    assert_eq!(
        error.to_envelope(),
        json!({"errors": [{
            "error": "Error in connector: Conversion error: SNAPSHOT",
            "user_facing_error": {
                "is_panic": false,
                "message": "Error in connector: Conversion error: SNAPSHOT",
                "backtrace": null
            }
        }]})
    );
    // 52_tx_isolation_levels, SQLite refusing `RepeatableRead`.
    let error = connection_error(DatabaseError::Other {
        code: Some("1".into()),
        message: "SQL error or missing database".into(),
    });
    assert_eq!(
        error.message(),
        "Error in connector: Error querying the database: Error code 1: SQL error or missing database"
    );
    let closed = connection_error(DatabaseError::Other {
        code: None,
        message: "Server has closed the connection.".into(),
    });
    assert_eq!(closed.code(), Some("P1017"));
}

#[test]
fn unclassified_postgres_errors_read_like_prisma() {
    let dm = datamodel();
    // 51_tx_interactive_errors: a query after a failed statement in a transaction.
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::Other {
            code: Some("25P02".into()),
            message: "ERROR: current transaction is aborted, commands ignored until end of transaction block".into(),
        },
    );
    let text = "Error occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: \"25P02\", message: \"current transaction is aborted, commands ignored until end of transaction block\", severity: \"ERROR\", detail: None, column: None, hint: None }), transient: false })";
    assert_eq!(
        error.to_envelope(),
        json!({"errors": [{
            "error": text,
            "user_facing_error": {"is_panic": false, "message": text, "backtrace": null}
        }]})
    );
    // 44_errors_value_too_long_and_out_of_range: numeric overflow with a detail line.
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::Other {
            code: Some("22003".into()),
            message: "ERROR: numeric field overflow\nDETAIL: A field with precision 5, scale 2 must round to an absolute value less than 10^3.".into(),
        },
    );
    assert_eq!(
        error.message(),
        "Error occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: \"22003\", message: \"numeric field overflow\", severity: \"ERROR\", detail: Some(\"A field with precision 5, scale 2 must round to an absolute value less than 10^3.\"), column: None, hint: None }), transient: false })"
    );
    // 19_reads_aggregate: a hint line.
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::Other {
            code: Some("42883".into()),
            message: "ERROR: function min(boolean) does not exist\nHINT: No function matches the given name and argument types. You might need to add explicit type casts.".into(),
        },
    );
    assert_eq!(
        error.message(),
        "Error occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: \"42883\", message: \"function min(boolean) does not exist\", severity: \"ERROR\", detail: None, column: None, hint: Some(\"No function matches the given name and argument types. You might need to add explicit type casts.\") }), transient: false })"
    );
    assert_eq!(error.code(), None);
}

#[test]
fn raw_errors_are_p2010_with_the_database_code() {
    // 56_raw_raw_sqlite
    let error = raw_error(DatabaseError::Other {
        code: Some("1555".into()),
        message: "UNIQUE constraint failed: R.id".into(),
    });
    assert_eq!(
        error.to_envelope(),
        json!({"errors": [{
            "error": "KnownError { message: \"Raw query failed. Code: `1555`. Message: `UNIQUE constraint failed: R.id`\", meta: Object {\"code\": String(\"1555\"), \"message\": String(\"UNIQUE constraint failed: R.id\")}, error_code: \"P2010\" }",
            "user_facing_error": {
                "is_panic": false,
                "message": "Raw query failed. Code: `1555`. Message: `UNIQUE constraint failed: R.id`",
                "meta": {"code": "1555", "message": "UNIQUE constraint failed: R.id"},
                "error_code": "P2010"
            }
        }]})
    );
    let error = raw_error(DatabaseError::Other {
        code: None,
        message: "N/A".into(),
    });
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Raw query failed. Code: `N/A`. Message: `N/A`",
            "meta": {"code": "N/A", "message": "N/A"},
            "error_code": "P2010"
        })
    );
    // 57_raw_raw_postgresql
    let error = raw_error(DatabaseError::Other {
        code: Some("42601".into()),
        message: "ERROR: syntax error at or near \"SELEC\"".into(),
    });
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Raw query failed. Code: `42601`. Message: `ERROR: syntax error at or near \"SELEC\"`",
            "meta": {"code": "42601", "message": "ERROR: syntax error at or near \"SELEC\""},
            "error_code": "P2010"
        })
    );
}

#[test]
fn raw_parameter_count_mismatch_is_p1016() {
    let error = raw_error(DatabaseError::Other {
        code: None,
        message:
            "Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`."
                .into(),
    });
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`.",
            "meta": {"expected": 2, "actual": 1},
            "error_code": "P1016"
        })
    );
}

#[test]
fn conversion_errors_are_p2023() {
    let error = conversion_error("\"AQID\"", "by", TypeIdentifier::Bytes);
    assert_eq!(
        user_facing(&error),
        json!({
            "is_panic": false,
            "message": "Inconsistent column data: Could not convert value \"AQID\" of the field `by` to type `Bytes`.",
            "meta": {"message": "Could not convert value \"AQID\" of the field `by` to type `Bytes`."},
            "error_code": "P2023"
        })
    );
}

#[test]
fn conversion_errors_name_the_field_of_their_column() {
    let dm = datamodel();
    let model = dm.find_model("U").unwrap();
    let fields: Vec<Option<FieldId>> = vec![
        Some(dm.find_field(model, "id").unwrap()),
        Some(dm.find_field(model, "mapped").unwrap()),
        None,
    ];
    let error = |column| DatabaseError::Conversion {
        expected: TypeIdentifier::Int,
        message: "\"x\"".into(),
        column,
    };
    let named = read_error(&ctx(&dm, &Sqlite), Some(model), &fields, error(Some(1)));
    assert_eq!(
        user_facing(&named)["meta"]["message"],
        json!("Could not convert value \"x\" of the field `mapped` to type `Int`.")
    );
    // A computed column (a count) and an unknown column have no field to name.
    for column in [Some(2), Some(7), None] {
        let unnamed = read_error(&ctx(&dm, &Sqlite), Some(model), &fields, error(column));
        assert_eq!(
            user_facing(&unnamed)["meta"]["message"],
            json!("Could not convert value \"x\" to type `Int`.")
        );
    }
}

#[test]
fn parameter_conversions_read_as_prismas_driver_error() {
    // 44_errors_value_too_long_and_out_of_range #7 on PostgreSQL.
    let dm = datamodel();
    let error = query_error(
        &ctx(&dm, &Postgres),
        DatabaseError::ParameterConversion {
            index: 2,
            message: "Unable to fit integer value '32768' into an INT2 (16-bit signed integer)."
                .into(),
        },
    );
    let message = "Error occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(Error { kind: ToSql(2), cause: Some(Error { kind: ConversionError(\"Unable to fit integer value '32768' into an INT2 (16-bit signed integer).\"), original_code: None, original_message: None }) }), transient: false })";
    assert_eq!(
        user_facing(&error),
        json!({"is_panic": false, "message": message, "backtrace": null})
    );
}

#[test]
fn default_constraint_names_are_cut_to_the_identifier_limit() {
    assert_eq!(constraint_name("User", &["email"], "key"), "User_email_key");
    assert_eq!(constraint_name("User", &[], "pkey"), "User_pkey");
    let long = "x".repeat(70);
    let name = constraint_name(&long, &["email"], "key");
    assert_eq!(name.len(), 63);
    assert!(name.ends_with("x_key"));
}

#[test]
fn parameter_counts_need_the_whole_message() {
    assert_eq!(parameter_counts("something else"), None);
    assert_eq!(
        parameter_counts(
            "Your raw query had an incorrect number of parameters. Expected: `x`, actual: `1`."
        ),
        None
    );
}
