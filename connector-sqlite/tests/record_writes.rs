//! Record writes through the SQL connector on a real SQLite database: creates returning generated ids,
//! createMany with mixed columns, atomic updates, deletes, many-to-many links, error envelopes, raw SQL
//! and transactions.

use std::sync::Arc;

use connector_sqlite::SqliteDriver;
use engine_core::connector::record::{Connector, RawResult};
use engine_core::connector::{RawType, SqlDriver};
use engine_core::query::{Filter, RawQuery, ScalarWrite};
use engine_core::sql::Rendered;
use engine_core::sql_connector::SqlConnector;
use engine_core::value::PrismaValue as V;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;
use tempfile::TempDir;

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./test.db"
}

model User {
  id     Int     @id @default(autoincrement())
  email  String  @unique
  name   String?
  age    Int     @default(0)
  score  Float   @default(1)
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

model Counter {
  id Int @id @default(autoincrement())
  n  Int @default(5)
}
"#;

const DDL: &[&str] = &[
    r#"CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "email" TEXT NOT NULL, "name" TEXT, "age" INTEGER NOT NULL DEFAULT 0, "score" REAL NOT NULL DEFAULT 1)"#,
    r#"CREATE UNIQUE INDEX "User_email_key" ON "User"("email")"#,
    r#"CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "title" TEXT NOT NULL, "authorId" INTEGER NOT NULL, CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE)"#,
    r#"CREATE TABLE "Group" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL)"#,
    r#"CREATE TABLE "_GroupToUser" ("A" INTEGER NOT NULL, "B" INTEGER NOT NULL, CONSTRAINT "_GroupToUser_A_fkey" FOREIGN KEY ("A") REFERENCES "Group" ("id") ON DELETE CASCADE, CONSTRAINT "_GroupToUser_B_fkey" FOREIGN KEY ("B") REFERENCES "User" ("id") ON DELETE CASCADE)"#,
    r#"CREATE UNIQUE INDEX "_GroupToUser_AB_unique" ON "_GroupToUser"("A", "B")"#,
    r#"CREATE TABLE "Counter" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "n" INTEGER NOT NULL DEFAULT 5)"#,
    r#"INSERT INTO "Group" ("id", "name") VALUES (1, 'admins'), (2, 'users'), (3, 'guests')"#,
];

struct Db {
    connector: SqlConnector,
    dm: Arc<Datamodel>,
    _dir: TempDir,
}

impl Db {
    async fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let driver = SqliteDriver::open("file:./test.db", dir.path())
            .await
            .unwrap();
        {
            let conn = driver.connection().await.unwrap();
            for sql in DDL {
                conn.execute(&Rendered {
                    sql: (*sql).to_owned(),
                    params: vec![],
                })
                .await
                .unwrap();
            }
        }
        let validated = schema_core::validate(SCHEMA);
        assert!(!validated.diagnostics.has_errors());
        let dm = Arc::new(validated.datamodel);
        Db {
            connector: SqlConnector::new(Box::new(driver), dm.clone()),
            dm,
            _dir: dir,
        }
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

    async fn create_user(&self, email: &str, name: Option<&str>) -> i64 {
        let conn = self.connector.connection().await.unwrap();
        let mut values = vec![("email", text(email))];
        if let Some(name) = name {
            values.push(("name", text(name)));
        }
        let record = conn
            .create_record(
                self.model("User"),
                &self.values("User", &values),
                &self.fields("User", &["id"]),
            )
            .await
            .unwrap();
        match record.as_slice() {
            [V::Int(id)] => *id,
            other => panic!("unexpected id {other:?}"),
        }
    }

    /// Rows of a raw query, for checking what the writes left behind.
    async fn rows(&self, sql: &str) -> Vec<Vec<V>> {
        let conn = self.connector.connection().await.unwrap();
        match conn.raw(&raw(sql, vec![], true)).await.unwrap() {
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

#[tokio::test]
async fn create_returns_generated_id_and_database_defaults() {
    let db = Db::new().await;
    let conn = db.connector.connection().await.unwrap();
    let record = conn
        .create_record(
            db.model("User"),
            &db.values("User", &[("email", text("a@x")), ("name", text("A"))]),
            &db.fields("User", &["id", "email", "age", "score", "name"]),
        )
        .await
        .unwrap();
    assert_eq!(
        record,
        vec![V::Int(1), text("a@x"), V::Int(0), V::Float(1.0), text("A")]
    );
    let second = db.create_user("b@x", None).await;
    assert_eq!(second, 2);
    // Nothing to return: an empty record.
    let record = conn
        .create_record(
            db.model("User"),
            &db.values("User", &[("email", text("c@x"))]),
            &[],
        )
        .await
        .unwrap();
    assert!(record.is_empty());
}

#[tokio::test]
async fn create_with_no_values_inserts_defaults() {
    let db = Db::new().await;
    let conn = db.connector.connection().await.unwrap();
    let counter = db.model("Counter");
    let fields = db.fields("Counter", &["id", "n"]);
    assert_eq!(
        conn.create_record(counter, &[], &fields).await.unwrap(),
        vec![V::Int(1), V::Int(5)]
    );
    assert_eq!(
        conn.create_record(counter, &[], &fields).await.unwrap(),
        vec![V::Int(2), V::Int(5)]
    );
}

#[tokio::test]
async fn create_many_with_mixed_columns() {
    let db = Db::new().await;
    let conn = db.connector.connection().await.unwrap();
    let rows = vec![
        db.values("User", &[("email", text("a@x")), ("name", text("A"))]),
        db.values("User", &[("email", text("b@x"))]),
        db.values("User", &[("age", V::Int(40)), ("email", text("c@x"))]),
        db.values("User", &[("email", text("d@x")), ("name", text("D"))]),
    ];
    let count = conn
        .create_records(db.model("User"), &rows, false)
        .await
        .unwrap();
    assert_eq!(count, 4);
    assert_eq!(
        db.rows(r#"SELECT "email", "name", "age" FROM "User" ORDER BY "email""#)
            .await,
        vec![
            vec![text("a@x"), text("A"), V::Int(0)],
            vec![text("b@x"), V::Null, V::Int(0)],
            vec![text("c@x"), V::Null, V::Int(40)],
            vec![text("d@x"), text("D"), V::Int(0)],
        ]
    );
    assert_eq!(
        conn.create_records(db.model("User"), &[], false)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn create_many_of_many_rows_spans_statements() {
    let db = Db::new().await;
    let conn = db.connector.connection().await.unwrap();
    let email = db.field("User", "email");
    let name = db.field("User", "name");
    let rows: Vec<Vec<(FieldId, V)>> = (0..17_000)
        .map(|i| vec![(email, text(&format!("u{i}@x"))), (name, V::Null)])
        .collect();
    let before = db.connector.statement_count();
    assert_eq!(
        conn.create_records(db.model("User"), &rows, false)
            .await
            .unwrap(),
        17_000
    );
    assert_eq!(db.connector.statement_count() - before, 2);
    assert_eq!(
        db.rows(r#"SELECT COUNT(*) FROM "User""#).await,
        vec![vec![V::BigInt(17_000)]]
    );
}

#[tokio::test]
async fn update_with_increment_multiply_and_divide() {
    let db = Db::new().await;
    let alice = db.create_user("a@x", Some("A")).await;
    db.create_user("b@x", Some("B")).await;
    let conn = db.connector.connection().await.unwrap();
    let filter = Filter::equals(db.field("User", "id"), V::Int(alice));
    let updated = conn
        .update_records(
            db.model("User"),
            Some(&filter),
            &[
                (db.field("User", "age"), ScalarWrite::Increment(V::Int(7))),
                (
                    db.field("User", "score"),
                    ScalarWrite::Multiply(V::Float(2.5)),
                ),
                (db.field("User", "name"), ScalarWrite::Set(text("Alice"))),
            ],
            &db.fields("User", &["id", "age", "score", "name"]),
        )
        .await
        .unwrap();
    assert_eq!(
        updated,
        vec![vec![V::Int(alice), V::Int(7), V::Float(2.5), text("Alice")]]
    );
    // Integer division as SQLite does it, then a decrement.
    let updated = conn
        .update_records(
            db.model("User"),
            Some(&filter),
            &[(db.field("User", "age"), ScalarWrite::Divide(V::Int(2)))],
            &db.fields("User", &["age"]),
        )
        .await
        .unwrap();
    assert_eq!(updated, vec![vec![V::Int(3)]]);
    let updated = conn
        .update_records(
            db.model("User"),
            None,
            &[(db.field("User", "age"), ScalarWrite::Decrement(V::Int(1)))],
            &[],
        )
        .await
        .unwrap();
    assert_eq!(updated, vec![Vec::<V>::new(), Vec::new()]);
    assert_eq!(
        db.rows(r#"SELECT "age" FROM "User" ORDER BY "id""#).await,
        vec![vec![V::Int(2)], vec![V::Int(-1)]]
    );
}

#[tokio::test]
async fn update_without_values_returns_the_matching_records() {
    let db = Db::new().await;
    db.create_user("a@x", Some("A")).await;
    db.create_user("b@x", None).await;
    let conn = db.connector.connection().await.unwrap();
    let filter = Filter::equals(db.field("User", "email"), text("b@x"));
    let before = db.connector.statement_count();
    let records = conn
        .update_records(
            db.model("User"),
            Some(&filter),
            &[],
            &db.fields("User", &["email", "name"]),
        )
        .await
        .unwrap();
    assert_eq!(records, vec![vec![text("b@x"), V::Null]]);
    assert_eq!(db.connector.statement_count() - before, 1);
    let none = Filter::equals(db.field("User", "email"), text("zz"));
    assert!(conn
        .update_records(db.model("User"), Some(&none), &[], &[])
        .await
        .unwrap()
        .is_empty());
}

#[tokio::test]
async fn delete_counts_rows() {
    let db = Db::new().await;
    for email in ["a@x", "b@x", "c@x"] {
        db.create_user(email, None).await;
    }
    let conn = db.connector.connection().await.unwrap();
    let filter = Filter::equals(db.field("User", "email"), text("b@x"));
    assert_eq!(
        conn.delete_records(db.model("User"), Some(&filter))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        conn.delete_records(db.model("User"), Some(&filter))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        conn.delete_records(db.model("User"), None).await.unwrap(),
        2
    );
}

#[tokio::test]
async fn many_to_many_connect_and_disconnect() {
    let db = Db::new().await;
    let alice = db.create_user("a@x", None).await;
    let conn = db.connector.connection().await.unwrap();
    let groups = db.field("User", "groups");
    conn.connect_many_to_many(
        groups,
        &[V::Int(alice)],
        &[vec![V::Int(1)], vec![V::Int(2)]],
    )
    .await
    .unwrap();
    // Connecting again keeps the existing link.
    conn.connect_many_to_many(
        groups,
        &[V::Int(alice)],
        &[vec![V::Int(1)], vec![V::Int(3)]],
    )
    .await
    .unwrap();
    // `Group` sorts first: column A holds the group.
    assert_eq!(
        db.rows(r#"SELECT "A", "B" FROM "_GroupToUser" ORDER BY "A""#)
            .await,
        vec![
            vec![V::Int(1), V::Int(alice)],
            vec![V::Int(2), V::Int(alice)],
            vec![V::Int(3), V::Int(alice)],
        ]
    );
    // From the group's side.
    let users = db.field("Group", "users");
    assert_eq!(
        conn.disconnect_many_to_many(users, &[V::Int(2)], Some(&[vec![V::Int(alice)]]))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        conn.disconnect_many_to_many(groups, &[V::Int(alice)], Some(&[vec![V::Int(2)]]))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        conn.disconnect_many_to_many(groups, &[V::Int(alice)], None)
            .await
            .unwrap(),
        2
    );
    assert!(db
        .rows(r#"SELECT "A" FROM "_GroupToUser""#)
        .await
        .is_empty());
}

#[tokio::test]
async fn unique_violation_is_p2002_with_the_field() {
    let db = Db::new().await;
    db.create_user("a@x", None).await;
    let conn = db.connector.connection().await.unwrap();
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
    // createMany with a duplicate inside: nothing is inserted.
    let rows = vec![
        db.values("User", &[("email", text("new@x"))]),
        db.values("User", &[("email", text("a@x"))]),
    ];
    let error = conn
        .create_records(db.model("User"), &rows, false)
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("P2002"));
    assert_eq!(
        db.rows(r#"SELECT COUNT(*) FROM "User""#).await,
        vec![vec![V::BigInt(1)]]
    );
    // An update into a duplicate.
    let bob = db.create_user("b@x", None).await;
    let error = conn
        .update_records(
            db.model("User"),
            Some(&Filter::equals(db.field("User", "id"), V::Int(bob))),
            &[(db.field("User", "email"), ScalarWrite::Set(text("a@x")))],
            &[],
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_user_facing()["meta"].to_string(),
        r#"{"target":["email"]}"#
    );
}

#[tokio::test]
async fn foreign_key_violations_are_p2003() {
    let db = Db::new().await;
    let alice = db.create_user("a@x", None).await;
    let conn = db.connector.connection().await.unwrap();
    let error = conn
        .create_record(
            db.model("Post"),
            &db.values("Post", &[("title", text("t")), ("authorId", V::Int(999))]),
            &db.fields("Post", &["id"]),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.to_user_facing().to_string(),
        r#"{"is_panic":false,"message":"Foreign key constraint failed on the field: `foreign key`","meta":{"field_name":"foreign key"},"error_code":"P2003"}"#
    );
    conn.create_record(
        db.model("Post"),
        &db.values("Post", &[("title", text("t")), ("authorId", V::Int(alice))]),
        &[],
    )
    .await
    .unwrap();
    let error = conn
        .delete_records(
            db.model("User"),
            Some(&Filter::equals(db.field("User", "id"), V::Int(alice))),
        )
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("P2003"));
}

#[tokio::test]
async fn raw_queries_return_rows_with_types_and_counts() {
    let db = Db::new().await;
    db.create_user("a@x", Some("A")).await;
    let conn = db.connector.connection().await.unwrap();
    let result = conn
        .raw(&raw(
            r#"SELECT "id", "email", "score", ? AS "extra" FROM "User" WHERE "id" = ?"#,
            vec![text("x"), V::Int(1)],
            true,
        ))
        .await
        .unwrap();
    assert_eq!(
        result,
        RawResult::Rows {
            columns: vec!["id".into(), "email".into(), "score".into(), "extra".into()],
            types: vec![
                RawType::Int,
                RawType::String,
                RawType::Double,
                RawType::String
            ],
            rows: vec![vec![V::Int(1), text("a@x"), V::Float(1.0), text("x")]],
        }
    );
    let count = conn
        .raw(&raw(
            r#"UPDATE "User" SET "name" = ? WHERE "id" >= ?"#,
            vec![text("Z"), V::Int(1)],
            false,
        ))
        .await
        .unwrap();
    assert_eq!(count, RawResult::Count(1));
}

#[tokio::test]
async fn raw_errors_are_p2010_as_sqlite_reports_them() {
    let db = Db::new().await;
    db.create_user("a@x", None).await;
    let conn = db.connector.connection().await.unwrap();
    let syntax = conn.raw(&raw("SELEC 1", vec![], true)).await.unwrap_err();
    assert_eq!(
        syntax.to_user_facing().to_string(),
        r#"{"is_panic":false,"message":"Raw query failed. Code: `1`. Message: `near \"SELEC\": syntax error`","meta":{"code":"1","message":"near \"SELEC\": syntax error"},"error_code":"P2010"}"#
    );
    let duplicate = conn
        .raw(&raw(
            r#"INSERT INTO "User" ("id", "email") VALUES (1, 'dup@x')"#,
            vec![],
            false,
        ))
        .await
        .unwrap_err();
    assert_eq!(
        duplicate.to_user_facing().to_string(),
        r#"{"is_panic":false,"message":"Raw query failed. Code: `1555`. Message: `UNIQUE constraint failed: User.id`","meta":{"code":"1555","message":"UNIQUE constraint failed: User.id"},"error_code":"P2010"}"#
    );
    let count = conn
        .raw(&raw("SELECT ? AS a, ? AS b", vec![V::Int(1)], true))
        .await
        .unwrap_err();
    assert_eq!(
        count.to_user_facing()["meta"].to_string(),
        r#"{"code":"N/A","message":"N/A"}"#
    );
    let select = conn.raw(&raw("SELECT 1", vec![], false)).await.unwrap_err();
    assert_eq!(
        select.to_user_facing()["meta"].to_string(),
        r#"{"code":"N/A","message":"Execute returned results, which is not allowed in SQLite."}"#
    );
}

#[tokio::test]
async fn rolled_back_transaction_leaves_nothing_behind() {
    let db = Db::new().await;
    let tx = db
        .connector
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    let record = tx
        .create_record(
            db.model("User"),
            &db.values("User", &[("email", text("a@x"))]),
            &db.fields("User", &["id"]),
        )
        .await
        .unwrap();
    assert_eq!(record, vec![V::Int(1)]);
    tx.connect_many_to_many(db.field("User", "groups"), &[V::Int(1)], &[vec![V::Int(1)]])
        .await
        .unwrap();
    tx.create_records(
        db.model("User"),
        &[db.values("User", &[("email", text("b@x"))])],
        false,
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

    let tx = db
        .connector
        .connection()
        .await
        .unwrap()
        .begin(None)
        .await
        .unwrap();
    tx.create_record(
        db.model("User"),
        &db.values("User", &[("email", text("c@x"))]),
        &[],
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        db.rows(r#"SELECT "email" FROM "User""#).await,
        vec![vec![text("c@x")]]
    );
}
