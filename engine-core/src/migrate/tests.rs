//! Exact-DDL snapshots: the statements `db push` would run on an empty database, per flavour, written the
//! way Prisma's own migration files spell them.

use super::*;

fn datamodel(source: &str) -> schema_core::Datamodel {
    let validated = schema_core::validate(source);
    assert!(
        validated.is_valid(),
        "schema does not validate: {:?}",
        validated.diagnostics.errors()
    );
    validated.datamodel
}

/// The statements for `models` under a datasource of `provider`, one per paragraph.
fn ddl(provider: &str, extra: &str, models: &str) -> String {
    let source = format!(
        "datasource db {{\n  provider = \"{provider}\"\n  url = env(\"DATABASE_URL\")\n{extra}}}\n\n{models}"
    );
    let dm = datamodel(&source);
    let schema = sql_schema(&dm);
    let flavour = match provider {
        "sqlite" => Flavour::Sqlite,
        "mysql" => Flavour::Mysql,
        _ => Flavour::Postgres,
    };
    create_statements(&schema, flavour).join(";\n\n") + ";\n"
}

#[track_caller]
fn assert_ddl(actual: String, expected: &str) {
    let expected = expected.strip_prefix('\n').unwrap_or(expected);
    if actual != expected {
        panic!("DDL differs.\n--- actual ---\n{actual}\n--- expected ---\n{expected}");
    }
}

const SCALARS_PG: &str = r#"
enum Role {
  USER
  ADMIN @map("admin")

  @@map("role")
}

model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?  @map("full_name")
  role      Role     @default(ADMIN)
  big       BigInt   @default(7)
  score     Float    @default(1.5)
  balance   Decimal  @default(2.50)
  active    Boolean  @default(true)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  birthday  DateTime @default("2000-01-02T03:04:05Z")
  meta      Json     @default("{\"a\": \"it's\"}")
  avatar    Bytes?   @default("AQI=")
  token     String   @default(uuid())
  cid       String   @default(cuid())
  quote     String   @default("it's")
  tags      String[] @default(["a", "b"])
  roles     Role[]   @default([USER])
  nums      Int[]
  seq       BigInt   @default(autoincrement())

  @@map("users")
}
"#;

#[test]
fn postgres_scalar_types_enums_defaults_and_lists() {
    assert_ddl(
        ddl("postgresql", "", SCALARS_PG),
        r#"
CREATE TYPE "role" AS ENUM ('USER', 'admin');

CREATE TABLE "users" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "full_name" TEXT,
    "role" "role" NOT NULL DEFAULT 'admin',
    "big" BIGINT NOT NULL DEFAULT 7,
    "score" DOUBLE PRECISION NOT NULL DEFAULT 1.5,
    "balance" DECIMAL(65,30) NOT NULL DEFAULT 2.50,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "birthday" TIMESTAMP(3) NOT NULL DEFAULT '2000-01-02 03:04:05 +00:00',
    "meta" JSONB NOT NULL DEFAULT '{"a": "it''s"}',
    "avatar" BYTEA DEFAULT '\x0102',
    "token" TEXT NOT NULL,
    "cid" TEXT NOT NULL,
    "quote" TEXT NOT NULL DEFAULT 'it''s',
    "tags" TEXT[] DEFAULT ARRAY['a', 'b']::TEXT[],
    "roles" "role"[] DEFAULT ARRAY['USER']::"role"[],
    "nums" INTEGER[],
    "seq" BIGSERIAL NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
"#,
    );
}

const SCALARS_SQLITE: &str = r#"
model User {
  id        Int      @id @default(autoincrement())
  email     String   @unique
  name      String?  @map("full_name")
  big       BigInt   @default(7)
  score     Float    @default(1.5)
  balance   Decimal  @default(2.50)
  active    Boolean  @default(true)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  birthday  DateTime @default("2000-01-02T03:04:05Z")
  avatar    Bytes?   @default("AQI=")
  token     String   @default(uuid())
  quote     String   @default("it's")

  @@map("users")
}

model Plain {
  id  Int    @id
  big BigInt
}

model Text {
  id String @id @default(cuid())
}
"#;

#[test]
fn sqlite_scalar_types_and_defaults() {
    assert_ddl(
        ddl("sqlite", "", SCALARS_SQLITE),
        r#"
CREATE TABLE "users" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "full_name" TEXT,
    "big" BIGINT NOT NULL DEFAULT 7,
    "score" REAL NOT NULL DEFAULT 1.5,
    "balance" DECIMAL NOT NULL DEFAULT 2.50,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "birthday" DATETIME NOT NULL DEFAULT '2000-01-02 03:04:05 +00:00',
    "avatar" BLOB DEFAULT '0102',
    "token" TEXT NOT NULL,
    "quote" TEXT NOT NULL DEFAULT 'it''s'
);

CREATE TABLE "Plain" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "big" BIGINT NOT NULL
);

CREATE TABLE "Text" (
    "id" TEXT NOT NULL PRIMARY KEY
);

CREATE UNIQUE INDEX "users_email_key" ON "users"("email");
"#,
    );
}

/// Compound id, compound unique, `@@index` (with and without `map:`), 1:1, 1:n, a self relation, an
/// implicit many-to-many and `@map`/`@@map` on relation scalars.
const RELATIONS: &str = r#"
model User {
  id       Int       @id @default(autoincrement())
  email    String    @unique
  profile  Profile?
  posts    Post[]
  managerId Int?     @map("manager_id")
  manager  User?     @relation("Reports", fields: [managerId], references: [id])
  reports  User[]    @relation("Reports")
}

model Profile {
  id     Int    @id @default(autoincrement())
  userId Int    @unique
  user   User   @relation(fields: [userId], references: [id], onDelete: Cascade)
}

model Post {
  id       Int    @id @default(autoincrement())
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
  tags     Tag[]

  @@unique([title, authorId])
  @@index([authorId])
  @@index([title], map: "post_title")
  @@map("posts")
}

model Tag {
  name  String @id
  posts Post[]
}

model Membership {
  orgId  Int
  userId Int
  role   String
  orgRef Org    @relation(fields: [orgId], references: [id], onDelete: Restrict, onUpdate: NoAction{FK_MAP})

  @@id([orgId, userId])
  @@unique([userId, role], map: "member_role")
}

model Org {
  id      Int          @id
  members Membership[]
}
"#;

#[test]
fn postgres_relations_keys_and_indexes() {
    assert_ddl(
        ddl(
            "postgresql",
            "",
            &RELATIONS.replace("{FK_MAP}", ", map: \"membership_org\""),
        ),
        r#"
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "manager_id" INTEGER,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Profile" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,

    CONSTRAINT "Profile_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "posts" (
    "id" SERIAL NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "posts_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Tag" (
    "name" TEXT NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("name")
);

CREATE TABLE "Membership" (
    "orgId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("orgId","userId")
);

CREATE TABLE "Org" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Org_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL,
    "B" TEXT NOT NULL
);

CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

CREATE UNIQUE INDEX "Profile_userId_key" ON "Profile"("userId");

CREATE INDEX "posts_authorId_idx" ON "posts"("authorId");

CREATE INDEX "post_title" ON "posts"("title");

CREATE UNIQUE INDEX "posts_title_authorId_key" ON "posts"("title", "authorId");

CREATE UNIQUE INDEX "member_role" ON "Membership"("userId", "role");

CREATE UNIQUE INDEX "_PostToTag_AB_unique" ON "_PostToTag"("A", "B");

CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");

ALTER TABLE "User" ADD CONSTRAINT "User_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

ALTER TABLE "Profile" ADD CONSTRAINT "Profile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "posts" ADD CONSTRAINT "posts_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "Membership" ADD CONSTRAINT "membership_org" FOREIGN KEY ("orgId") REFERENCES "Org"("id") ON DELETE RESTRICT ON UPDATE NO ACTION;

ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "posts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "_PostToTag" ADD CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag"("name") ON DELETE CASCADE ON UPDATE CASCADE;
"#,
    );
}

#[test]
fn sqlite_relations_keys_and_indexes() {
    assert_ddl(
        ddl("sqlite", "", &RELATIONS.replace("{FK_MAP}", "")),
        r#"
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "manager_id" INTEGER,
    CONSTRAINT "User_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

CREATE TABLE "Profile" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "userId" INTEGER NOT NULL,
    CONSTRAINT "Profile_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE TABLE "posts" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "authorId" INTEGER NOT NULL,
    CONSTRAINT "posts_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE TABLE "Tag" (
    "name" TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE "Membership" (
    "orgId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "role" TEXT NOT NULL,

    PRIMARY KEY ("orgId", "userId"),
    CONSTRAINT "Membership_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Org" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION
);

CREATE TABLE "Org" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "_PostToTag" (
    "A" INTEGER NOT NULL,
    "B" TEXT NOT NULL,
    CONSTRAINT "_PostToTag_A_fkey" FOREIGN KEY ("A") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "_PostToTag_B_fkey" FOREIGN KEY ("B") REFERENCES "Tag" ("name") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

CREATE UNIQUE INDEX "Profile_userId_key" ON "Profile"("userId");

CREATE INDEX "posts_authorId_idx" ON "posts"("authorId");

CREATE INDEX "post_title" ON "posts"("title");

CREATE UNIQUE INDEX "posts_title_authorId_key" ON "posts"("title", "authorId");

CREATE UNIQUE INDEX "member_role" ON "Membership"("userId", "role");

CREATE UNIQUE INDEX "_PostToTag_AB_unique" ON "_PostToTag"("A", "B");

CREATE INDEX "_PostToTag_B_index" ON "_PostToTag"("B");
"#,
    );
}

const PRISMA_MODE: &str = r#"
model User {
  id    Int    @id
  posts Post[]
  tags  Tag[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id], onDelete: Cascade)

  @@index([authorId])
}

model Tag {
  id    Int    @id
  users User[]
}
"#;

#[test]
fn relation_mode_prisma_creates_no_foreign_keys() {
    let extra = "  relationMode = \"prisma\"\n";
    assert_ddl(
        ddl("postgresql", extra, PRISMA_MODE),
        r#"
CREATE TABLE "User" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Post" (
    "id" INTEGER NOT NULL,
    "authorId" INTEGER NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "_TagToUser" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL
);

CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

CREATE UNIQUE INDEX "_TagToUser_AB_unique" ON "_TagToUser"("A", "B");

CREATE INDEX "_TagToUser_B_index" ON "_TagToUser"("B");
"#,
    );
    assert_ddl(
        ddl("sqlite", extra, PRISMA_MODE),
        r#"
CREATE TABLE "User" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "Post" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "authorId" INTEGER NOT NULL
);

CREATE TABLE "Tag" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT
);

CREATE TABLE "_TagToUser" (
    "A" INTEGER NOT NULL,
    "B" INTEGER NOT NULL
);

CREATE INDEX "Post_authorId_idx" ON "Post"("authorId");

CREATE UNIQUE INDEX "_TagToUser_AB_unique" ON "_TagToUser"("A", "B");

CREATE INDEX "_TagToUser_B_index" ON "_TagToUser"("B");
"#,
    );
}

#[test]
fn postgres_native_types() {
    assert_ddl(
        ddl(
            "postgresql",
            "",
            r#"
model N {
  id    String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
  small Int      @default(autoincrement()) @db.SmallInt
  int   Int      @db.Integer
  big   BigInt   @db.BigInt
  vc    String   @db.VarChar(20)
  vcn   String   @db.VarChar
  ch    String   @db.Char(3)
  txt   String   @db.Text
  ci    String   @db.Citext
  ip    String   @db.Inet
  x     String   @db.Xml
  bit   String   @db.Bit(2)
  vb    String   @db.VarBit
  dec   Decimal  @db.Decimal(10, 2)
  decn  Decimal  @db.Decimal
  money Decimal  @db.Money
  real  Float    @db.Real
  dbl   Float    @db.DoublePrecision
  ts    DateTime @db.Timestamp(6)
  tsn   DateTime @db.Timestamp
  tstz  DateTime @default(now()) @db.Timestamptz(6)
  d     DateTime @db.Date
  t     DateTime @db.Time(4)
  ttz   DateTime @db.Timetz
  j     Json     @db.Json
  jb    Json     @db.JsonB
  bytes Bytes    @db.ByteA
  b     Boolean  @db.Boolean
  oid   Int      @db.Oid
  u     Unsupported("circle")?
}
"#,
        ),
        r#"
CREATE TABLE "N" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "small" SMALLSERIAL NOT NULL,
    "int" INTEGER NOT NULL,
    "big" BIGINT NOT NULL,
    "vc" VARCHAR(20) NOT NULL,
    "vcn" VARCHAR NOT NULL,
    "ch" CHAR(3) NOT NULL,
    "txt" TEXT NOT NULL,
    "ci" CITEXT NOT NULL,
    "ip" INET NOT NULL,
    "x" XML NOT NULL,
    "bit" BIT(2) NOT NULL,
    "vb" VARBIT NOT NULL,
    "dec" DECIMAL(10,2) NOT NULL,
    "decn" DECIMAL NOT NULL,
    "money" MONEY NOT NULL,
    "real" REAL NOT NULL,
    "dbl" DOUBLE PRECISION NOT NULL,
    "ts" TIMESTAMP(6) NOT NULL,
    "tsn" TIMESTAMP NOT NULL,
    "tstz" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "d" DATE NOT NULL,
    "t" TIME(4) NOT NULL,
    "ttz" TIMETZ NOT NULL,
    "j" JSON NOT NULL,
    "jb" JSONB NOT NULL,
    "bytes" BYTEA NOT NULL,
    "b" BOOLEAN NOT NULL,
    "oid" OID NOT NULL,
    "u" circle,

    CONSTRAINT "N_pkey" PRIMARY KEY ("id")
);
"#,
    );
}

#[test]
fn postgres_index_options_and_long_names() {
    assert_ddl(
        ddl(
            "postgresql",
            "",
            r#"
model Doc {
  id                                       Int      @id(map: "doc_primary")
  data                                     Json
  tags                                     String[]
  a_very_long_column_name_that_goes_on_and_on Int
  created                                  DateTime

  @@index([data(ops: JsonbPathOps)], type: Gin)
  @@index([tags], type: Gin)
  @@index([created(sort: Desc)])
  @@unique([a_very_long_column_name_that_goes_on_and_on, created])
}
"#,
        ),
        r#"
CREATE TABLE "Doc" (
    "id" INTEGER NOT NULL,
    "data" JSONB NOT NULL,
    "tags" TEXT[],
    "a_very_long_column_name_that_goes_on_and_on" INTEGER NOT NULL,
    "created" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "doc_primary" PRIMARY KEY ("id")
);

CREATE INDEX "Doc_data_idx" ON "Doc" USING GIN ("data" jsonb_path_ops);

CREATE INDEX "Doc_tags_idx" ON "Doc" USING GIN ("tags");

CREATE INDEX "Doc_created_idx" ON "Doc"("created" DESC);

CREATE UNIQUE INDEX "Doc_a_very_long_column_name_that_goes_on_and_on_created_key" ON "Doc"("a_very_long_column_name_that_goes_on_and_on", "created");
"#,
    );
}

#[test]
fn identifiers_are_quoted_even_when_hostile() {
    let dm = datamodel(
        r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model Weird {
  id Int @id @map("select")

  @@map("we\"ird")
}
"#,
    );
    let statements = create_statements(&sql_schema(&dm), Flavour::Postgres);
    assert_eq!(
        statements,
        vec![
            "CREATE TABLE \"we\"\"ird\" (\n    \"select\" INTEGER NOT NULL,\n\n    CONSTRAINT \"we\"\"ird_pkey\" PRIMARY KEY (\"select\")\n)"
                .to_owned()
        ]
    );
}

#[test]
fn schemas_without_a_datasource_or_models_give_nothing_to_run() {
    let empty = schema_core::validate("").datamodel;
    assert_eq!(sql_schema(&empty), SqlSchema::default());
    assert!(create_statements(&sql_schema(&empty), Flavour::Sqlite).is_empty());
}

#[test]
fn views_are_not_created() {
    let source = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider        = "prisma-client-js"
  previewFeatures = ["views"]
}

model A {
  id Int @id
}

view V {
  id Int @unique
}
"#;
    let dm = datamodel(source);
    let schema = sql_schema(&dm);
    let names: Vec<&str> = schema.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["A"]);
}

#[test]
fn sample_rows_follow_foreign_keys() {
    let dm = datamodel(&format!(
        "datasource db {{\n  provider = \"sqlite\"\n  url = \"file:dev.db\"\n}}\n{}",
        RELATIONS.replace("{FK_MAP}", "")
    ));
    let inserts = sample_inserts(&sql_schema(&dm), Flavour::Sqlite);
    let order: Vec<&str> = inserts.iter().filter_map(|s| s.split('"').nth(1)).collect();
    assert_eq!(
        order,
        [
            "User",
            "Profile",
            "posts",
            "Tag",
            "Org",
            "Membership",
            "_PostToTag"
        ]
    );
    assert_eq!(
        inserts[1],
        "INSERT INTO \"Profile\" (\"id\", \"userId\") VALUES (1, 1)"
    );
}

#[test]
fn constraint_names_are_shortened_like_prisma() {
    let table = "T".repeat(70);
    let name = super::schema::index_name(&table, &["c"], "_key", Flavour::Postgres);
    assert_eq!(name.len(), 63);
    assert!(name.ends_with("_key"));
    let pk = super::schema::primary_key_name(&table, Flavour::Postgres);
    assert_eq!(pk.len(), 63);
    assert!(pk.ends_with("_pkey"));
    // Never inside a character.
    let wide = "é".repeat(40);
    let name = super::schema::index_name(&wide, &["c"], "_fkey", Flavour::Postgres);
    assert!(name.ends_with("_fkey") && name.len() <= 63);
}

#[test]
fn postgres_extensions_come_first() {
    let statements = ddl(
        "postgresql",
        "  extensions = [citext, pgvector(map: \"vector\", schema: \"ext\", version: \"0.5.0\")]\n",
        "generator client {\n  provider = \"prisma-client-js\"\n  previewFeatures = [\"postgresqlExtensions\"]\n}\n\nmodel A {\n  id Int @id\n  name String @db.Citext\n}\n",
    );
    assert_ddl(
        statements,
        r#"
CREATE EXTENSION IF NOT EXISTS "citext";

CREATE EXTENSION IF NOT EXISTS "vector" WITH SCHEMA "ext" VERSION "0.5.0";

CREATE TABLE "A" (
    "id" INTEGER NOT NULL,
    "name" CITEXT NOT NULL,

    CONSTRAINT "A_pkey" PRIMARY KEY ("id")
);
"#,
    );
}

#[test]
fn mysql_tables_keep_indexes_inline_and_use_unicode_collation() {
    let models = r#"
enum Role {
  USER
  ADMIN
}

model User {
  id      Int      @id @default(autoincrement())
  email   String   @unique
  name    String?  @db.VarChar(20)
  role    Role     @default(USER)
  score   Decimal
  at      DateTime @default(now())
  data    Json?
  blob    Bytes?
  posts   Post[]
  tags    Tag[]
}

model Post {
  id       Int  @id
  authorId Int
  author   User @relation(fields: [authorId], references: [id])
}

model Tag {
  id    Int    @id
  users User[]
}
"#;
    assert_ddl(
        ddl("mysql", "", models),
        r#"
CREATE TABLE `User` (
    `id` INTEGER NOT NULL AUTO_INCREMENT,
    `email` VARCHAR(191) NOT NULL,
    `name` VARCHAR(20) NULL,
    `role` ENUM('USER', 'ADMIN') NOT NULL DEFAULT 'USER',
    `score` DECIMAL(65,30) NOT NULL,
    `at` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `data` JSON NULL,
    `blob` LONGBLOB NULL,

    UNIQUE INDEX `User_email_key`(`email`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `Post` (
    `id` INTEGER NOT NULL,
    `authorId` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `Tag` (
    `id` INTEGER NOT NULL,

    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

CREATE TABLE `_TagToUser` (
    `A` INTEGER NOT NULL,
    `B` INTEGER NOT NULL,

    UNIQUE INDEX `_TagToUser_AB_unique`(`A`, `B`),
    INDEX `_TagToUser_B_index`(`B`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

ALTER TABLE `Post` ADD CONSTRAINT `Post_authorId_fkey` FOREIGN KEY (`authorId`) REFERENCES `User`(`id`) ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE `_TagToUser` ADD CONSTRAINT `_TagToUser_A_fkey` FOREIGN KEY (`A`) REFERENCES `Tag`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE `_TagToUser` ADD CONSTRAINT `_TagToUser_B_fkey` FOREIGN KEY (`B`) REFERENCES `User`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;
"#,
    );
}
