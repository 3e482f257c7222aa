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
    match provider {
        "sqlite" => Flavour::Sqlite,
        "mysql" => Flavour::Mysql,
        _ => Flavour::Postgres,
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
    for provider in ["sqlite", "postgresql", "mysql"] {
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

const POSTS: &str = r#"
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}
"#;

/// The schema of `models` as MySQL describes it: with the index it makes for each foreign key that no
/// index of the table can serve, named as the key.
fn mysql_live(models: &str) -> SqlSchema {
    let mut live = schema("mysql", models);
    for table in &mut live.tables {
        for fk in table.foreign_keys.clone() {
            let served = table.indexes.iter().any(|i| {
                i.columns
                    .iter()
                    .map(|c| &c.name)
                    .take(fk.columns.len())
                    .eq(fk.columns.iter())
            });
            if !served {
                table.indexes.push(schema::Index {
                    name: fk.name.clone(),
                    unique: false,
                    columns: fk
                        .columns
                        .iter()
                        .map(|c| schema::IndexColumn {
                            name: c.clone(),
                            sort: None,
                            operator_class: None,
                        })
                        .collect(),
                    algorithm: None,
                });
            }
        }
    }
    live
}

fn mysql_migration(live: &SqlSchema, to: &str) -> String {
    let steps = diff(live, &schema("mysql", to), Flavour::Mysql);
    render_steps(&steps, Flavour::Mysql).join(";\n") + ";\n"
}

#[test]
fn mysql_alters_columns_with_modify_and_adds_in_one_statement() {
    let to = r#"
model User {
  id    Int     @id @default(autoincrement())
  email String  @unique @db.VarChar(255)
  bio   String?
  age   Int     @default(0)
}
"#;
    assert_migration(
        "mysql",
        USER,
        to,
        "
ALTER TABLE `User` DROP COLUMN `name`,
    MODIFY `email` VARCHAR(255) NOT NULL,
    ADD COLUMN `bio` VARCHAR(191) NULL,
    ADD COLUMN `age` INTEGER NOT NULL DEFAULT 0;
",
    );
}

#[test]
fn mysql_index_of_a_foreign_key_is_no_difference_and_leaves_with_the_key() {
    let live = mysql_live(POSTS);
    assert!(diff(&live, &schema("mysql", POSTS), Flavour::Mysql).is_empty());
    let without_relation = r#"
model User {
  id    Int    @id @default(autoincrement())
  email String @unique
}

model Post {
  id       Int @id @default(autoincrement())
  authorId Int
}
"#;
    assert_eq!(
        mysql_migration(&live, without_relation),
        "ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`;\nDROP INDEX `Post_authorId_fkey` ON `Post`;\n"
    );
}

#[test]
fn mysql_dropping_the_only_index_of_a_foreign_key_takes_the_key_out_and_back() {
    let indexed = POSTS.replace(
        "  author   User @relation(fields: [authorId], references: [id])\n}",
        "  author   User @relation(fields: [authorId], references: [id])\n\n  @@index([authorId])\n}",
    );
    let live = mysql_live(&indexed);
    assert_eq!(
        mysql_migration(&live, POSTS),
        "ALTER TABLE `Post` DROP FOREIGN KEY `Post_authorId_fkey`;
DROP INDEX `Post_authorId_idx` ON `Post`;
ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;
"
    );
    // Another index that still serves the key: it stays.
    let other = indexed.replace("@@index([authorId])", "@@index([authorId, id])");
    let live = mysql_live(&format!(
        "{}\n",
        indexed.replace(
            "@@index([authorId])",
            "@@index([authorId])\n  @@index([authorId, id])"
        )
    ));
    assert_eq!(
        mysql_migration(&live, &other),
        "DROP INDEX `Post_authorId_idx` ON `Post`;\n"
    );
}

#[test]
fn mysql_new_tables_keep_indexes_inline_and_renames_carry_indexes() {
    let live = schema("mysql", "");
    let created = mysql_migration(&live, USER);
    assert_eq!(
        created,
        "CREATE TABLE `User` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,

    UNIQUE INDEX `User_email_key`(`email`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
"
    );
    let mapped = USER.replace("  name  String\n", "  name  String\n\n  @@map(\"users\")\n");
    assert_migration(
        "mysql",
        USER,
        &mapped,
        "
RENAME TABLE `User` TO `users`;
ALTER TABLE `users` RENAME INDEX `User_email_key` TO `users_email_key`;
",
    );
}

#[test]
fn mysql_enum_values_are_compared_with_their_case() {
    let from = "enum Role {\n  user\n  admin\n}\n\nmodel U {\n  id   Int  @id\n  role Role\n}\n";
    let to = from.replace("  user\n", "  USER\n");
    assert_migration(
        "mysql",
        from,
        &to,
        "
ALTER TABLE `U` MODIFY `role` ENUM('USER', 'admin') NOT NULL;
",
    );
}
