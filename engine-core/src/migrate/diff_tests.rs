//! Diff snapshots: the statements `db push` runs to go from one datamodel's schema to another's, per
//! flavour, without a database (the live side is the first schema as computed).

use super::*;

fn schema(provider: &str, models: &str) -> SqlSchema {
    let source = format!(
        "datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n}}\n\n{models}"
    );
    let validated = schema_core::validate(&source);
    assert!(
        validated.is_valid(),
        "schema does not validate: {:?}",
        validated.diagnostics.errors()
    );
    sql_schema(&validated.datamodel)
}

fn flavour(provider: &str) -> Flavour {
    if provider == "sqlite" {
        Flavour::Sqlite
    } else {
        Flavour::Postgres
    }
}

fn migration(provider: &str, from: &str, to: &str) -> String {
    let steps = diff(
        &schema(provider, from),
        &schema(provider, to),
        flavour(provider),
    );
    render_steps(&steps, flavour(provider)).join(";\n") + ";\n"
}

#[track_caller]
fn assert_migration(provider: &str, from: &str, to: &str, expected: &str) {
    let actual = migration(provider, from, to);
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    if actual != expected {
        panic!("migration differs.\n--- actual ---\n{actual}\n--- expected ---\n{expected}");
    }
}

const USER: &str = r#"
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String
}
"#;

#[test]
fn identical_schemas_need_no_step() {
    for provider in ["sqlite", "postgresql"] {
        let s = schema(provider, USER);
        assert!(diff(&s, &s, flavour(provider)).is_empty(), "{provider}");
    }
}

#[test]
fn adding_columns_in_place() {
    let to = r#"
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String
  bio   String?
  age   Int     @default(0)
}
"#;
    assert_migration(
        "sqlite",
        USER,
        to,
        r#"
ALTER TABLE "User" ADD COLUMN "bio" TEXT;
ALTER TABLE "User" ADD COLUMN "age" INTEGER NOT NULL DEFAULT 0;
"#,
    );
    assert_migration(
        "postgresql",
        USER,
        to,
        r#"
ALTER TABLE "User" ADD COLUMN     "bio" TEXT,
ADD COLUMN     "age" INTEGER NOT NULL DEFAULT 0;
"#,
    );
}

#[test]
fn dropping_a_column_rebuilds_on_sqlite() {
    let to = r#"
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}
"#;
    assert_migration(
        "sqlite",
        USER,
        to,
        r#"
CREATE TABLE "new_User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL
);
INSERT INTO "new_User" ("id", "email") SELECT "id", "email" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
"#,
    );
    assert_migration(
        "postgresql",
        USER,
        to,
        r#"
ALTER TABLE "User" DROP COLUMN "name";
"#,
    );
}

#[test]
fn a_new_map_renames_the_table_and_its_constraints() {
    let to = r#"
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  name  String

  @@map("users")
}
"#;
    assert_migration(
        "postgresql",
        USER,
        to,
        r#"
ALTER TABLE "User" RENAME TO "users";
ALTER TABLE "users" RENAME CONSTRAINT "User_pkey" TO "users_pkey";
ALTER INDEX "User_email_key" RENAME TO "users_email_key";
"#,
    );
    assert_migration(
        "sqlite",
        USER,
        to,
        r#"
DROP INDEX "User_email_key";
ALTER TABLE "User" RENAME TO "users";
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
"#,
    );
}

#[test]
fn relations_indexes_and_types_change_in_place_on_postgres() {
    let to = r#"
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique
  name  String? @db.VarChar(100)
  posts Post[]

  @@index([name])
}

model Post {
  id       Int  @id @default(autoincrement())
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"#;
    assert_migration(
        "postgresql",
        USER,
        to,
        r#"
ALTER TABLE "User" ALTER COLUMN "name" SET DATA TYPE VARCHAR(100) USING ("name"::VARCHAR(100)),
ALTER COLUMN "name" DROP NOT NULL;
CREATE TABLE "Post" (
    "id" SERIAL NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "User_name_idx" ON "User"("name");
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
"#,
    );
}

#[test]
fn enum_values_appended_or_recreated() {
    let from = "enum Role {\n  USER\n  ADMIN\n}\n\nmodel U {\n  id Int @id\n  role Role @default(USER)\n}\n";
    let added = "enum Role {\n  USER\n  ADMIN\n  GUEST\n}\n\nmodel U {\n  id Int @id\n  role Role @default(USER)\n}\n";
    let removed =
        "enum Role {\n  USER\n}\n\nmodel U {\n  id Int @id\n  role Role @default(USER)\n}\n";
    assert_migration(
        "postgresql",
        from,
        added,
        "ALTER TYPE \"Role\" ADD VALUE 'GUEST';\n",
    );
    assert_migration(
        "postgresql",
        from,
        removed,
        r#"
CREATE TYPE "Role_new" AS ENUM ('USER');
ALTER TABLE "U" ALTER COLUMN "role" DROP DEFAULT;
ALTER TABLE "U" ALTER COLUMN "role" TYPE "Role_new" USING ("role"::text::"Role_new");
ALTER TYPE "Role" RENAME TO "Role_old";
ALTER TYPE "Role_new" RENAME TO "Role";
DROP TYPE "Role_old";
ALTER TABLE "U" ALTER COLUMN "role" SET DEFAULT 'USER';
"#,
    );
}

#[test]
fn dropped_tables_lose_their_foreign_keys_first() {
    let from = r#"
model User {
  id    Int    @id
  posts Post[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"#;
    let to = "model User {\n  id Int @id\n  name String?\n}\n";
    assert_migration(
        "postgresql",
        from,
        to,
        r#"
ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey";
ALTER TABLE "User" ADD COLUMN     "name" TEXT;
DROP TABLE "Post";
"#,
    );
}
