//! Record writes through the SQL connector on a real PostgreSQL database (a private schema per test):
//! creates returning generated ids and enums, createMany with mixed columns and skipDuplicates, atomic
//! updates and array push, deletes, many-to-many links, error envelopes, raw SQL and transactions.
//! Skipped with a notice when `TEST_POSTGRES_URL` is unset.

mod support;

use std::sync::Arc;

use engine_core::connector::record::{Connection, Connector, RawResult};
use engine_core::connector::RawType;
use engine_core::error::EngineError;
use engine_core::query::{Filter, RawQuery, ScalarWrite};
use engine_core::sql_connector::SqlConnector;
use engine_core::value::PrismaValue as V;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;
use support::{exec, TestSchema};

const SCHEMA: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  USER
  ADMIN @map("admin")
}

model User {
  id     Int      @id @default(autoincrement())
  email  String   @unique
  name   String?
  age    Int      @default(0)
  score  Float    @default(1)
  role   Role     @default(USER)
  tags   String[]
  code   String?  @db.VarChar(3)
  posts  Post[]
  groups Group[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}

model Group {
  id    Int    @id
  name  String
  users User[]
}

model Pair {
  a Int
  b Int
  v Int @default(0)

  @@id([a, b])
}
"#;

const DDL: &[&str] = &[
    r#"CREATE TYPE "Role" AS ENUM ('USER', 'admin')"#,
    r#"CREATE TABLE "User" ("id" SERIAL NOT NULL, "email" TEXT NOT NULL, "name" TEXT, "age" INTEGER NOT NULL DEFAULT 0, "score" DOUBLE PRECISION NOT NULL DEFAULT 1, "role" "Role" NOT NULL DEFAULT 'USER', "tags" TEXT[], "code" VARCHAR(3), CONSTRAINT "User_pkey" PRIMARY KEY ("id"))"#,
    r#"CREATE UNIQUE INDEX "User_email_key" ON "User"("email")"#,
    r#"CREATE TABLE "Post" ("id" SERIAL NOT NULL, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"))"#,
    r#"ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE"#,
    r#"CREATE TABLE "Group" ("id" INTEGER NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "Group_pkey" PRIMARY KEY ("id"))"#,
    r#"CREATE TABLE "_GroupToUser" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL)"#,
    r#"CREATE UNIQUE INDEX "_GroupToUser_AB_unique" ON "_GroupToUser"("A", "B")"#,
    r#"ALTER TABLE "_GroupToUser" ADD CONSTRAINT "_GroupToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE"#,
    r#"ALTER TABLE "_GroupToUser" ADD CONSTRAINT "_GroupToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE"#,
    r#"CREATE TABLE "Pair" ("a" INTEGER NOT NULL, "b" INTEGER NOT NULL, "v" INTEGER NOT NULL DEFAULT 0, CONSTRAINT "Pair_pkey" PRIMARY KEY ("a", "b"))"#,
    r#"INSERT INTO "Group" ("id", "name") VALUES (1, 'admins'), (2, 'users'), (3, 'guests')"#,
];

struct Db {
    connector: SqlConnector,
    dm: Arc<Datamodel>,
    // Dropped last: drops the schema.
    _schema: TestSchema,
}

impl Db {
    /// A private schema with the tables, or `None` when no server is configured.
    async fn new() -> Option<Db> {
        let url = support::base_url()?;
        let schema = TestSchema::new(&url).await;
        let driver = schema.driver("").await;
        for sql in DDL {
            exec(&driver, sql, vec![]).await;
        }
        let validated = schema_core::validate(SCHEMA);
        assert!(!validated.diagnostics.has_errors());
        let dm = Arc::new(validated.datamodel);
        Some(Db {
            connector: SqlConnector::new(Box::new(driver), dm.clone()),
            dm,
            _schema: schema,
        })
    }

    fn model(&self, name: &str) -> ModelId {
        self.dm.find_model(name).unwrap()
    }

    fn field(&self, model: &str, name: &str) -> FieldId {
        self.dm.find_field(self.model(model), name).unwrap()
    }

    fn fields(&self, model: &str, names: &[&str]) -> Vec<FieldId> {
        names.iter().map(|n| self.field(model, n)).collect()
    }

    fn values(&self, model: &str, values: &[(&str, V)]) -> Vec<(FieldId, V)> {
        values
            .iter()
            .map(|(name, value)| (self.field(model, name), value.clone()))
            .collect()
    }

    async fn conn(&self) -> Box<dyn Connection> {
        self.connector.connection().await.unwrap()
    }

    async fn create_user(&self, email: &str) -> i64 {
        let record = self
            .conn()
            .await
            .create_record(
                self.model("User"),
                &self.values("User", &[("email", text(email))]),
                &self.fields("User", &["id"]),
            )
            .await
            .unwrap();
        match record.as_slice() {
            [V::Int(id)] => *id,
            other => panic!("unexpected id {other:?}"),
        }
    }

    async fn rows(&self, sql: &str) -> Vec<Vec<V>> {
        match self
            .conn()
            .await
            .raw(&raw(sql, vec![], true))
            .await
            .unwrap()
        {
            RawResult::Rows { rows, .. } => rows,
            other => panic!("expected rows, got {other:?}"),
        }
    }
}

fn text(s: &str) -> V {
    V::String(s.to_owned())
}

fn raw(sql: &str, parameters: Vec<V>, returns_rows: bool) -> RawQuery {
    RawQuery {
        sql: sql.to_owned(),
        parameters,
        returns_rows,
    }
}

fn user_facing(error: &EngineError) -> String {
    error.to_user_facing().to_string()
}

#[tokio::test]
async fn create_returns_generated_id_enum_and_list() {
    let Some(db) = Db::new().await else { return };
    let record = db
        .conn()
        .await
        .create_record(
            db.model("User"),
            &db.values(
                "User",
                &[
                    ("email", text("a@x")),
                    ("role", V::Enum("ADMIN".into())),
                    ("tags", V::List(vec![text("x"), text("y")])),
                ],
            ),
            &db.fields(
                "User",
                &["id", "email", "age", "score", "role", "tags", "name"],
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        record,
        vec![
            V::Int(1),
            text("a@x"),
            V::Int(0),
            V::Float(1.0),
            V::Enum("ADMIN".into()),
            V::List(vec![text("x"), text("y")]),
            V::Null
        ]
    );
    // The enum is stored by its mapped name.
    assert_eq!(
        db.rows(r#"SELECT "role"::text FROM "User""#).await,
        vec![vec![text("admin")]]
    );
    assert_eq!(db.create_user("b@x").await, 2);
    // A key given by the client comes back as given.
    let group = db
        .conn()
        .await
        .create_record(
            db.model("Group"),
            &db.values("Group", &[("id", V::Int(9)), ("name", text("n"))]),
            &db.fields("Group", &["id", "name"]),
        )
        .await
        .unwrap();
    assert_eq!(group, vec![V::Int(9), text("n")]);
}

#[tokio::test]
async fn create_many_with_mixed_columns_and_skip_duplicates() {
    let Some(db) = Db::new().await else { return };
    let conn = db.conn().await;
    let user = db.model("User");
    let rows = vec![
        db.values("User", &[("email", text("a@x")), ("name", text("A"))]),
        db.values("User", &[("email", text("b@x"))]),
        db.values("User", &[("age", V::Int(40)), ("email", text("c@x"))]),
    ];
    let before = db.connector.statement_count();
    assert_eq!(conn.create_records(user, &rows, false).await.unwrap(), 3);
    // One statement: missing columns are DEFAULT.
    assert_eq!(db.connector.statement_count() - before, 1);
    assert_eq!(
        db.rows(r#"SELECT "email", "name", "age" FROM "User" ORDER BY "email""#)
            .await,
        vec![
            vec![text("a@x"), text("A"), V::Int(0)],
            vec![text("b@x"), V::Null, V::Int(0)],
            vec![text("c@x"), V::Null, V::Int(40)],
        ]
    );
    let again = vec![
        db.values("User", &[("email", text("a@x"))]),
        db.values("User", &[("email", text("d@x"))]),
    ];
    assert_eq!(conn.create_records(user, &again, true).await.unwrap(), 1);
    let error = conn.create_records(user, &again, false).await.unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"Unique constraint failed on the fields: (`email`)","meta":{"target":["email"]},"error_code":"P2002"}"#
    );
    assert_eq!(
        db.rows(r#"SELECT COUNT(*) FROM "User""#).await,
        vec![vec![V::BigInt(4)]]
    );
}

#[tokio::test]
async fn update_with_atomic_operations_and_push() {
    let Some(db) = Db::new().await else { return };
    let alice = db.create_user("a@x").await;
    db.create_user("b@x").await;
    let conn = db.conn().await;
    let user = db.model("User");
    let filter = Filter::equals(db.field("User", "id"), V::Int(alice));
    let updated = conn
        .update_records(
            user,
            Some(&filter),
            &[
                (db.field("User", "age"), ScalarWrite::Increment(V::Int(7))),
                (
                    db.field("User", "score"),
                    ScalarWrite::Multiply(V::Float(2.5)),
                ),
                (db.field("User", "tags"), ScalarWrite::Push(text("t1"))),
                (
                    db.field("User", "role"),
                    ScalarWrite::Set(V::Enum("ADMIN".into())),
                ),
            ],
            &db.fields("User", &["id", "age", "score", "tags", "role"]),
        )
        .await
        .unwrap();
    assert_eq!(
        updated,
        vec![vec![
            V::Int(alice),
            V::Int(7),
            V::Float(2.5),
            V::List(vec![text("t1")]),
            V::Enum("ADMIN".into())
        ]]
    );
    let updated = conn
        .update_records(
            user,
            Some(&filter),
            &[
                (db.field("User", "age"), ScalarWrite::Divide(V::Int(2))),
                (
                    db.field("User", "tags"),
                    ScalarWrite::Push(V::List(vec![text("t2"), text("t3")])),
                ),
            ],
            &db.fields("User", &["age", "tags"]),
        )
        .await
        .unwrap();
    assert_eq!(
        updated,
        vec![vec![
            V::Int(3),
            V::List(vec![text("t1"), text("t2"), text("t3")])
        ]]
    );
    // Every row, nothing returned: one empty record per row.
    let updated = conn
        .update_records(
            user,
            None,
            &[(db.field("User", "age"), ScalarWrite::Decrement(V::Int(1)))],
            &[],
        )
        .await
        .unwrap();
    assert_eq!(updated.len(), 2);
    assert_eq!(
        db.rows(r#"SELECT "age" FROM "User" ORDER BY "id""#).await,
        vec![vec![V::Int(2)], vec![V::Int(-1)]]
    );
    // No values: the matching records as they are.
    let records = conn
        .update_records(user, Some(&filter), &[], &db.fields("User", &["email"]))
        .await
        .unwrap();
    assert_eq!(records, vec![vec![text("a@x")]]);
}

#[tokio::test]
async fn update_of_a_compound_key() {
    let Some(db) = Db::new().await else { return };
    let conn = db.conn().await;
    let pair = db.model("Pair");
    let rows = vec![
        db.values("Pair", &[("a", V::Int(1)), ("b", V::Int(1))]),
        db.values(
            "Pair",
            &[("a", V::Int(1)), ("b", V::Int(2)), ("v", V::Int(5))],
        ),
    ];
    assert_eq!(conn.create_records(pair, &rows, false).await.unwrap(), 2);
    let filter = Filter::fields_equal([
        (db.field("Pair", "a"), V::Int(1)),
        (db.field("Pair", "b"), V::Int(2)),
    ]);
    let updated = conn
        .update_records(
            pair,
            Some(&filter),
            &[
                (db.field("Pair", "b"), ScalarWrite::Set(V::Int(3))),
                (db.field("Pair", "v"), ScalarWrite::Increment(V::Int(1))),
            ],
            &db.fields("Pair", &["a", "b", "v"]),
        )
        .await
        .unwrap();
    assert_eq!(updated, vec![vec![V::Int(1), V::Int(3), V::Int(6)]]);
    assert_eq!(conn.delete_records(pair, Some(&filter)).await.unwrap(), 0);
    assert_eq!(conn.delete_records(pair, None).await.unwrap(), 2);
}

#[tokio::test]
async fn many_to_many_connect_and_disconnect() {
    let Some(db) = Db::new().await else { return };
    let alice = db.create_user("a@x").await;
    let conn = db.conn().await;
    let groups = db.field("User", "groups");
    conn.connect_many_to_many(
        groups,
        &[V::Int(alice)],
        &[vec![V::Int(1)], vec![V::Int(2)]],
    )
    .await
    .unwrap();
    conn.connect_many_to_many(
        groups,
        &[V::Int(alice)],
        &[vec![V::Int(2)], vec![V::Int(3)]],
    )
    .await
    .unwrap();
    assert_eq!(
        db.rows(r#"SELECT "A", "B" FROM "_GroupToUser" ORDER BY "A""#)
            .await,
        vec![
            vec![V::Int(1), V::Int(alice)],
            vec![V::Int(2), V::Int(alice)],
            vec![V::Int(3), V::Int(alice)],
        ]
    );
    let users = db.field("Group", "users");
    assert_eq!(
        conn.disconnect_many_to_many(users, &[V::Int(1)], Some(&[vec![V::Int(alice)]]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        conn.disconnect_many_to_many(groups, &[V::Int(alice)], None)
            .await
            .unwrap(),
        2
    );
}

#[tokio::test]
async fn constraint_errors_match_the_goldens() {
    let Some(db) = Db::new().await else { return };
    let alice = db.create_user("a@x").await;
    let conn = db.conn().await;
    let error = conn
        .create_record(
            db.model("User"),
            &db.values("User", &[("email", text("a@x"))]),
            &db.fields("User", &["id"]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_envelope().to_string(),
        r#"{"errors":[{"error":"KnownError { message: \"Unique constraint failed on the fields: (`email`)\", meta: Object {\"target\": Array [String(\"email\")]}, error_code: \"P2002\" }","user_facing_error":{"is_panic":false,"message":"Unique constraint failed on the fields: (`email`)","meta":{"target":["email"]},"error_code":"P2002"}}]}"#
    );
    conn.create_record(
        db.model("Post"),
        &db.values("Post", &[("title", text("t")), ("authorId", V::Int(alice))]),
        &[],
    )
    .await
    .unwrap();
    // 28_writes_delete: a restricted delete names the constraint.
    let error = conn
        .delete_records(
            db.model("User"),
            Some(&Filter::equals(db.field("User", "id"), V::Int(alice))),
        )
        .await
        .unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"Foreign key constraint failed on the field: `Post_authorId_fkey (index)`","meta":{"field_name":"Post_authorId_fkey (index)"},"error_code":"P2003"}"#
    );
    // 44_errors_value_too_long_and_out_of_range
    let error = conn
        .update_records(
            db.model("User"),
            None,
            &[(db.field("User", "code"), ScalarWrite::Set(text("toolong")))],
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"The provided value for the column is too long for the column's type. Column: (not available)","meta":{"column_name":"(not available)"},"error_code":"P2000"}"#
    );
    conn.update_records(
        db.model("User"),
        None,
        &[(
            db.field("User", "age"),
            ScalarWrite::Set(V::Int(2147483647)),
        )],
        &[],
    )
    .await
    .unwrap();
    let error = conn
        .update_records(
            db.model("User"),
            None,
            &[(db.field("User", "age"), ScalarWrite::Increment(V::Int(1)))],
            &[],
        )
        .await
        .unwrap_err();
    let text = "Error occurred during query execution:\nConnectorError(ConnectorError { user_facing_error: None, kind: QueryError(PostgresError { code: \"22003\", message: \"integer out of range\", severity: \"ERROR\", detail: None, column: None, hint: None }), transient: false })";
    assert_eq!(error.message(), text);
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn raw_queries_and_their_errors() {
    let Some(db) = Db::new().await else { return };
    db.create_user("a@x").await;
    let conn = db.conn().await;
    let result = conn
        .raw(&raw(
            r#"SELECT "id", "email" FROM "User" WHERE "id" = $1"#,
            vec![V::Int(1)],
            true,
        ))
        .await
        .unwrap();
    assert_eq!(
        result,
        RawResult::Rows {
            columns: vec!["id".into(), "email".into()],
            types: vec![RawType::Int, RawType::String],
            rows: vec![vec![V::Int(1), text("a@x")]],
        }
    );
    assert_eq!(
        conn.raw(&raw(
            r#"UPDATE "User" SET "name" = $1"#,
            vec![text("N")],
            false
        ))
        .await
        .unwrap(),
        RawResult::Count(1)
    );
    // 57_raw_raw_postgresql
    let error = conn.raw(&raw("SELEC 1", vec![], true)).await.unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"Raw query failed. Code: `42601`. Message: `ERROR: syntax error at or near \"SELEC\"`","meta":{"code":"42601","message":"ERROR: syntax error at or near \"SELEC\""},"error_code":"P2010"}"#
    );
    let error = conn
        .raw(&raw(
            r#"INSERT INTO "User" ("id", "email") VALUES (1, 'dup@x')"#,
            vec![],
            false,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"Raw query failed. Code: `23505`. Message: `Key (id)=(1) already exists.`","meta":{"code":"23505","message":"Key (id)=(1) already exists."},"error_code":"P2010"}"#
    );
    let error = conn
        .raw(&raw(
            "SELECT $1::int AS a, $2::int AS b",
            vec![V::Int(1)],
            true,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        user_facing(&error),
        r#"{"is_panic":false,"message":"Your raw query had an incorrect number of parameters. Expected: `2`, actual: `1`.","meta":{"expected":2,"actual":1},"error_code":"P1016"}"#
    );
}

#[tokio::test]
async fn rolled_back_transaction_leaves_nothing_behind() {
    let Some(db) = Db::new().await else { return };
    let tx = db.conn().await.begin(None).await.unwrap();
    let record = tx
        .create_record(
            db.model("User"),
            &db.values("User", &[("email", text("a@x"))]),
            &db.fields("User", &["id"]),
        )
        .await
        .unwrap();
    let [V::Int(id)] = record.as_slice() else {
        panic!("unexpected {record:?}")
    };
    tx.connect_many_to_many(
        db.field("User", "groups"),
        &[V::Int(*id)],
        &[vec![V::Int(1)]],
    )
    .await
    .unwrap();
    tx.update_records(
        db.model("User"),
        None,
        &[(db.field("User", "age"), ScalarWrite::Increment(V::Int(1)))],
        &[],
    )
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        db.rows(r#"SELECT COUNT(*) FROM "User""#).await,
        vec![vec![V::BigInt(0)]]
    );
    assert!(db
        .rows(r#"SELECT "A" FROM "_GroupToUser""#)
        .await
        .is_empty());
}
