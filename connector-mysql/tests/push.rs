//! `reset_and_push` on MySQL: the database is dropped and recreated, then the schema created as Prisma
//! lays it out.

mod support;

use engine_core::connector::{ColumnTypes, SqlDriver, TypeIdentifier};
use engine_core::migrate::reset_and_push;
use engine_core::value::PrismaValue as V;
use support::{exec, stmt, TestDatabase};

const SCHEMA: &str = r#"
datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}

enum Role {
  USER
  ADMIN
}

model User {
  id      Int      @id @default(autoincrement())
  email   String   @unique
  role    Role     @default(USER)
  created DateTime @default(now())
  posts   Post[]
  tags    Tag[]
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String @db.VarChar(20)
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}

model Tag {
  id    Int    @id
  users User[]
}
"#;

#[tokio::test]
async fn push_creates_prisma_layout_and_resets() {
    let Some(base) = support::base_url() else {
        return;
    };
    let db = TestDatabase::new(&base).await;
    let driver = db.driver("").await;
    exec(&driver, "CREATE TABLE leftover (id INT)", vec![]).await;

    let validated = schema_core::validate(SCHEMA);
    assert!(!validated.diagnostics.has_errors());
    reset_and_push(&driver, &validated.datamodel).await.unwrap();

    let conn = driver.connection().await.unwrap();
    let tables = conn
        .query(
            &stmt(
                "SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES \
                 WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME",
                vec![],
            ),
            ColumnTypes::Known(&[TypeIdentifier::String, TypeIdentifier::String]),
        )
        .await
        .unwrap();
    let names: Vec<V> = tables.rows.iter().map(|r| r[0].clone()).collect();
    assert_eq!(
        names,
        ["Post", "Tag", "User", "_TagToUser"].map(|n| V::String(n.into()))
    );
    assert!(tables
        .rows
        .iter()
        .all(|r| r[1] == V::String("utf8mb4_unicode_ci".into())));

    let indexes = conn
        .query(
            &stmt(
                "SELECT DISTINCT INDEX_NAME FROM information_schema.STATISTICS \
                 WHERE TABLE_SCHEMA = DATABASE() ORDER BY INDEX_NAME",
                vec![],
            ),
            ColumnTypes::Known(&[TypeIdentifier::String]),
        )
        .await
        .unwrap();
    let names: Vec<V> = indexes.rows.iter().map(|r| r[0].clone()).collect();
    for expected in [
        "PRIMARY",
        "Post_authorId_fkey",
        "User_email_key",
        "_TagToUser_AB_unique",
        "_TagToUser_B_index",
    ] {
        assert!(names.contains(&V::String(expected.into())), "{expected}");
    }

    // Defaults and autoincrement as Prisma declares them.
    conn.execute(&stmt("INSERT INTO `User` (email) VALUES ('a@x')", vec![]))
        .await
        .unwrap();
    let user = conn
        .query(
            &stmt("SELECT id, role FROM `User`", vec![]),
            ColumnTypes::Known(&[TypeIdentifier::Int, TypeIdentifier::Enum]),
        )
        .await
        .unwrap();
    assert_eq!(user.rows, vec![vec![V::Int(1), V::Enum("USER".into())]]);
    drop(conn);

    // A second push starts from an empty database again.
    reset_and_push(&driver, &validated.datamodel).await.unwrap();
    let conn = driver.connection().await.unwrap();
    let count = conn
        .query(
            &stmt("SELECT COUNT(*) FROM `User`", vec![]),
            ColumnTypes::Known(&[TypeIdentifier::Int]),
        )
        .await
        .unwrap();
    assert_eq!(count.rows, vec![vec![V::Int(0)]]);
}
