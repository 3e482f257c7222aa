//! Exact-SQL snapshots of the write statements per dialect.

use super::*;
use crate::sql::{Mysql, Postgres, Sqlite};
use crate::sql_connector::test_fixture::Fixture;

const SCHEMA: &str = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  ADMIN @map("admin")
  USER
}

model User {
  id     Int      @id @default(autoincrement())
  email  String   @unique
  name   String?
  age    Int      @default(0)
  score  Float    @default(1)
  role   Role     @default(USER)
  tags   String[]
  posts  Post[]
  groups Group[]

  @@map("users")
}

model Post {
  id       Int    @id
  title    String
  authorId Int
  author   User   @relation(fields: [authorId], references: [id])
}

model Group {
  id    String @id
  users User[]
}

model Pair {
  a Int
  b Int
  v Int

  @@id([a, b])
}
"#;

fn render(query: impl Into<Query>, dialect: &dyn Dialect) -> (String, Vec<PrismaValue>) {
    let rendered = query.into().render(dialect).expect("renders");
    (rendered.sql, rendered.params)
}

fn sql(query: impl Into<Query>, dialect: &dyn Dialect) -> String {
    render(query, dialect).0
}

fn text(s: &str) -> PrismaValue {
    PrismaValue::String(s.to_owned())
}

#[test]
fn create_returning_per_dialect() {
    let f = Fixture::new(SCHEMA);
    let user = f.model("User");
    let values = vec![
        (f.field("User", "email"), text("a@x")),
        (f.field("User", "role"), PrismaValue::Enum("ADMIN".into())),
    ];
    let returning = column_names(
        &f.ctx(&Postgres),
        &[f.field("User", "id"), f.field("User", "email")],
    );
    let build = |dialect: &'static dyn Dialect| {
        insert_one(&f.ctx(dialect), user, &values).returning(returning.clone())
    };
    let (pg, params) = render(build(&Postgres), &Postgres);
    assert_eq!(
        pg,
        r#"INSERT INTO "users" ("email", "role") VALUES ($1, $2) RETURNING "id", "email""#
    );
    // Enum values are written by their database names.
    assert_eq!(params, vec![text("a@x"), PrismaValue::Enum("admin".into())]);
    assert_eq!(
        sql(build(&Sqlite), &Sqlite),
        r#"INSERT INTO "users" ("email", "role") VALUES (?, ?) RETURNING "id", "email""#
    );
    assert_eq!(
        sql(insert_one(&f.ctx(&Mysql), user, &values), &Mysql),
        "INSERT INTO `users` (`email`, `role`) VALUES (?, ?)"
    );
}

#[test]
fn create_with_no_values_inserts_defaults() {
    let f = Fixture::new(SCHEMA);
    let group = f.model("Pair");
    assert_eq!(
        sql(insert_one(&f.ctx(&Postgres), group, &[]), &Postgres),
        r#"INSERT INTO "Pair" DEFAULT VALUES"#
    );
    assert_eq!(
        sql(insert_one(&f.ctx(&Sqlite), group, &[]), &Sqlite),
        r#"INSERT INTO "Pair" DEFAULT VALUES"#
    );
    assert_eq!(
        sql(insert_one(&f.ctx(&Mysql), group, &[]), &Mysql),
        "INSERT INTO `Pair` () VALUES ()"
    );
}

#[test]
fn create_in_a_schema_qualifies_the_table() {
    let f = Fixture::new(SCHEMA);
    let ctx = SqlContext {
        schema: Some("app"),
        ..f.ctx(&Postgres)
    };
    let insert = insert_one(
        &ctx,
        f.model("User"),
        &[(f.field("User", "email"), text("a"))],
    );
    assert_eq!(
        sql(insert, &Postgres),
        r#"INSERT INTO "app"."users" ("email") VALUES ($1)"#
    );
}

fn mixed_rows(f: &Fixture) -> Vec<Vec<(FieldId, PrismaValue)>> {
    let email = f.field("User", "email");
    let name = f.field("User", "name");
    vec![
        vec![(email, text("a")), (name, text("A"))],
        vec![(email, text("b"))],
        vec![(name, text("C")), (email, text("c"))],
    ]
}

#[test]
fn create_many_fills_missing_columns_with_default_where_possible() {
    let f = Fixture::new(SCHEMA);
    let user = f.model("User");
    let rows = mixed_rows(&f);
    let inserts = insert_many(&f.ctx(&Postgres), user, &rows, false);
    assert_eq!(inserts.len(), 1);
    let (pg, params) = render(inserts[0].clone(), &Postgres);
    assert_eq!(
        pg,
        r#"INSERT INTO "users" ("email", "name") VALUES ($1, $2), ($3, DEFAULT), ($4, $5)"#
    );
    assert_eq!(
        params,
        vec![text("a"), text("A"), text("b"), text("c"), text("C")]
    );
    let mysql = insert_many(&f.ctx(&Mysql), user, &rows, false);
    assert_eq!(
        sql(mysql[0].clone(), &Mysql),
        "INSERT INTO `users` (`email`, `name`) VALUES (?, ?), (?, DEFAULT), (?, ?)"
    );
}

#[test]
fn create_many_groups_rows_by_field_set_on_sqlite() {
    let f = Fixture::new(SCHEMA);
    let rows = mixed_rows(&f);
    let inserts = insert_many(&f.ctx(&Sqlite), f.model("User"), &rows, false);
    let rendered: Vec<(String, Vec<PrismaValue>)> =
        inserts.into_iter().map(|i| render(i, &Sqlite)).collect();
    assert_eq!(
        rendered,
        vec![
            (
                r#"INSERT INTO "users" ("email", "name") VALUES (?, ?), (?, ?)"#.to_owned(),
                vec![text("a"), text("A"), text("c"), text("C")]
            ),
            (
                r#"INSERT INTO "users" ("email") VALUES (?)"#.to_owned(),
                vec![text("b")]
            ),
        ]
    );
}

#[test]
fn create_many_skip_duplicates_per_dialect() {
    let f = Fixture::new(SCHEMA);
    let rows = vec![vec![(f.field("User", "email"), text("a"))]];
    let user = f.model("User");
    assert_eq!(
        sql(
            insert_many(&f.ctx(&Postgres), user, &rows, true).remove(0),
            &Postgres
        ),
        r#"INSERT INTO "users" ("email") VALUES ($1) ON CONFLICT DO NOTHING"#
    );
    assert_eq!(
        sql(
            insert_many(&f.ctx(&Mysql), user, &rows, true).remove(0),
            &Mysql
        ),
        "INSERT IGNORE INTO `users` (`email`) VALUES (?)"
    );
}

#[test]
fn create_many_of_default_rows_is_one_statement_per_row() {
    let f = Fixture::new(SCHEMA);
    let inserts = insert_many(&f.ctx(&Postgres), f.model("Pair"), &[vec![], vec![]], false);
    let statements: Vec<String> = inserts.into_iter().map(|i| sql(i, &Postgres)).collect();
    assert_eq!(
        statements,
        vec![
            r#"INSERT INTO "Pair" DEFAULT VALUES"#,
            r#"INSERT INTO "Pair" DEFAULT VALUES"#
        ]
    );
    assert!(insert_many(&f.ctx(&Postgres), f.model("Pair"), &[], false).is_empty());
}

#[test]
fn create_many_chunks_under_the_bind_limit() {
    let f = Fixture::new(SCHEMA);
    let email = f.field("User", "email");
    let name = f.field("User", "name");
    let rows: Vec<Vec<(FieldId, PrismaValue)>> = (0..20_000)
        .map(|i| vec![(email, text(&i.to_string())), (name, PrismaValue::Null)])
        .collect();
    for dialect in [&Sqlite as &dyn Dialect, &Postgres] {
        let inserts = insert_many(&f.ctx(dialect), f.model("User"), &rows, false);
        let sizes: Vec<usize> = inserts.iter().map(|i| i.rows.len()).collect();
        let per_statement = dialect.max_bind_values() / 2;
        assert_eq!(sizes, vec![per_statement, 20_000 - per_statement]);
        for insert in inserts {
            assert!(insert.render(dialect).is_ok());
        }
    }
}

#[test]
fn update_with_atomic_number_operations() {
    let f = Fixture::new(SCHEMA);
    let user = f.model("User");
    let values = vec![
        (
            f.field("User", "age"),
            ScalarWrite::Increment(PrismaValue::Int(1)),
        ),
        (
            f.field("User", "score"),
            ScalarWrite::Multiply(PrismaValue::Float(2.0)),
        ),
        (f.field("User", "name"), ScalarWrite::Set(PrismaValue::Null)),
    ];
    let filter = Filter::equals(f.field("User", "id"), PrismaValue::Int(7));
    let build = |dialect: &'static dyn Dialect| {
        let ctx = f.ctx(dialect);
        let condition = where_expr(&ctx, user, &filter).expect("filter");
        update_statement(&ctx, user, &values, Some(condition)).expect("update")
    };
    let (pg, params) = render(
        build(&Postgres).returning(vec!["id".into(), "age".into()]),
        &Postgres,
    );
    assert_eq!(
        pg,
        r#"UPDATE "users" SET "age" = "age" + $1, "score" = "score" * $2, "name" = $3 WHERE "users"."id" = $4 RETURNING "id", "age""#
    );
    assert_eq!(
        params,
        vec![
            PrismaValue::Int(1),
            PrismaValue::Float(2.0),
            PrismaValue::Null,
            PrismaValue::Int(7)
        ]
    );
    assert_eq!(
        sql(build(&Sqlite), &Sqlite),
        r#"UPDATE "users" SET "age" = "age" + ?, "score" = "score" * ?, "name" = ? WHERE "users"."id" = ?"#
    );
    assert_eq!(
        sql(build(&Mysql), &Mysql),
        "UPDATE `users` SET `age` = `age` + ?, `score` = `score` * ?, `name` = ? WHERE `users`.`id` = ?"
    );
}

#[test]
fn update_decrement_and_divide() {
    let f = Fixture::new(SCHEMA);
    let values = vec![
        (
            f.field("User", "age"),
            ScalarWrite::Decrement(PrismaValue::Int(2)),
        ),
        (
            f.field("User", "score"),
            ScalarWrite::Divide(PrismaValue::Float(4.0)),
        ),
    ];
    let update = update_statement(&f.ctx(&Postgres), f.model("User"), &values, None).unwrap();
    assert_eq!(
        sql(update, &Postgres),
        r#"UPDATE "users" SET "age" = "age" - $1, "score" = "score" / $2"#
    );
}

#[test]
fn push_appends_to_postgres_arrays_only() {
    let f = Fixture::new(SCHEMA);
    let tags = f.field("User", "tags");
    let one = vec![(tags, ScalarWrite::Push(text("a")))];
    let (pg, params) = render(
        update_statement(&f.ctx(&Postgres), f.model("User"), &one, None).unwrap(),
        &Postgres,
    );
    assert_eq!(pg, r#"UPDATE "users" SET "tags" = "tags" || $1"#);
    assert_eq!(params, vec![PrismaValue::List(vec![text("a")])]);
    let many = vec![(
        tags,
        ScalarWrite::Push(PrismaValue::List(vec![text("b"), text("c")])),
    )];
    let (_, params) = render(
        update_statement(&f.ctx(&Postgres), f.model("User"), &many, None).unwrap(),
        &Postgres,
    );
    assert_eq!(params, vec![PrismaValue::List(vec![text("b"), text("c")])]);
    let error = update_statement(&f.ctx(&Sqlite), f.model("User"), &one, None).unwrap_err();
    assert_eq!(error.code(), Some("P2026"));
}

#[test]
fn delete_per_dialect() {
    let f = Fixture::new(SCHEMA);
    let user = f.model("User");
    let filter = Filter::equals(f.field("User", "email"), text("a"));
    for (dialect, expected) in [
        (
            &Postgres as &dyn Dialect,
            r#"DELETE FROM "users" WHERE "users"."email" = $1"#,
        ),
        (&Sqlite, r#"DELETE FROM "users" WHERE "users"."email" = ?"#),
    ] {
        let ctx = f.ctx(dialect);
        let condition = where_expr(&ctx, user, &filter).unwrap();
        assert_eq!(
            sql(delete_statement(&ctx, user, Some(condition)), dialect),
            expected
        );
    }
    assert_eq!(
        sql(delete_statement(&f.ctx(&Postgres), user, None), &Postgres),
        r#"DELETE FROM "users""#
    );
}

#[test]
fn mysql_reads_back_by_key() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Mysql);
    let user = f.model("User");
    let id = f.field("User", "id");
    let select = select_by_keys(
        &ctx,
        user,
        &[id, f.field("User", "email")],
        &[id],
        &[vec![PrismaValue::Int(1)], vec![PrismaValue::Int(2)]],
    );
    assert_eq!(
        sql(select, &Mysql),
        "SELECT `id`, `email` FROM `users` WHERE `id` IN (?, ?)"
    );
    let pair = f.model("Pair");
    let keys = [f.field("Pair", "a"), f.field("Pair", "b")];
    let select = select_by_keys(
        &ctx,
        pair,
        &[f.field("Pair", "v")],
        &keys,
        &[
            vec![PrismaValue::Int(1), PrismaValue::Int(2)],
            vec![PrismaValue::Int(3), PrismaValue::Int(4)],
        ],
    );
    assert_eq!(
        sql(select, &Mysql),
        "SELECT `v` FROM `Pair` WHERE (`a` = ? AND `b` = ?) OR (`a` = ? AND `b` = ?)"
    );
}

#[test]
fn inserted_key_uses_given_values_or_the_generated_id() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Mysql);
    let id = f.field("User", "id");
    assert_eq!(
        inserted_key(&ctx, &[id], &[], Some(41)).unwrap(),
        vec![PrismaValue::Int(41)]
    );
    assert_eq!(
        inserted_key(&ctx, &[id], &[(id, PrismaValue::Int(5))], Some(41)).unwrap(),
        vec![PrismaValue::Int(5)]
    );
    assert!(inserted_key(&ctx, &[id], &[], None).is_err());
    // `Post.id` has no default: without a value there is nothing to read back by.
    let post_id = f.field("Post", "id");
    assert!(inserted_key(&ctx, &[post_id], &[], Some(3)).is_err());
    assert!(inserted_key(&ctx, &[], &[], Some(3)).is_err());
}

#[test]
fn keys_after_update_follow_set_key_fields() {
    let f = Fixture::new(SCHEMA);
    let a = f.field("Pair", "a");
    let b = f.field("Pair", "b");
    let v = f.field("Pair", "v");
    let values = vec![
        (a, ScalarWrite::Set(PrismaValue::Int(9))),
        (v, ScalarWrite::Increment(PrismaValue::Int(1))),
    ];
    let keys = vec![vec![PrismaValue::Int(1), PrismaValue::Int(2)]];
    assert_eq!(
        keys_after_update(&[a, b], &values, keys),
        vec![vec![PrismaValue::Int(9), PrismaValue::Int(2)]]
    );
}

#[test]
fn key_chunks_respect_the_bind_limit() {
    let keys: Vec<Vec<PrismaValue>> = (0..5000)
        .map(|i| vec![PrismaValue::Int(i), PrismaValue::Int(i)])
        .collect();
    let sizes: Vec<usize> = key_chunks(&crate::sql::Mssql, &keys, 2, 3)
        .map(<[_]>::len)
        .collect();
    assert_eq!(sizes[0], (2099 - 3) / 2);
    assert_eq!(sizes.iter().sum::<usize>(), 5000);
}

#[test]
fn many_to_many_links_per_dialect() {
    let f = Fixture::new(SCHEMA);
    // `Group` sorts before `User`: column A holds group ids, B user ids.
    let user_groups = f.field("User", "groups");
    let parent = [PrismaValue::Int(1)];
    let children = [vec![text("g1")], vec![text("g2")]];
    let expected = [
        (
            &Postgres as &dyn Dialect,
            r#"INSERT INTO "_GroupToUser" ("B", "A") VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"#,
        ),
        (
            &Sqlite,
            r#"INSERT INTO "_GroupToUser" ("B", "A") VALUES (?, ?), (?, ?) ON CONFLICT DO NOTHING"#,
        ),
        (
            &Mysql,
            "INSERT IGNORE INTO `_GroupToUser` (`B`, `A`) VALUES (?, ?), (?, ?)",
        ),
    ];
    for (dialect, sql_text) in expected {
        let ctx = f.ctx(dialect);
        let join = join_table(&ctx, user_groups).unwrap();
        let inserts = link_inserts(&ctx, &join, &parent, &children).unwrap();
        assert_eq!(inserts.len(), 1);
        let (text_sql, params) = render(inserts[0].clone(), dialect);
        assert_eq!(text_sql, sql_text);
        assert_eq!(
            params,
            vec![
                PrismaValue::Int(1),
                text("g1"),
                PrismaValue::Int(1),
                text("g2")
            ]
        );
    }
    // From the other side the columns swap.
    let ctx = f.ctx(&Postgres);
    let group_users = f.field("Group", "users");
    let join = join_table(&ctx, group_users).unwrap();
    let inserts = link_inserts(&ctx, &join, &[text("g1")], &[vec![PrismaValue::Int(1)]]).unwrap();
    assert_eq!(
        sql(inserts[0].clone(), &Postgres),
        r#"INSERT INTO "_GroupToUser" ("A", "B") VALUES ($1, $2) ON CONFLICT DO NOTHING"#
    );
    assert!(link_inserts(&ctx, &join, &[text("g1")], &[])
        .unwrap()
        .is_empty());
}

#[test]
fn many_to_many_unlinks() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Postgres);
    let join = join_table(&ctx, f.field("User", "groups")).unwrap();
    let parent = [PrismaValue::Int(1)];
    let some = link_deletes(
        &ctx,
        &join,
        &parent,
        Some(&[vec![text("g1")], vec![text("g2")]]),
    )
    .unwrap();
    assert_eq!(
        sql(some[0].clone(), &Postgres),
        r#"DELETE FROM "_GroupToUser" WHERE "B" = $1 AND "A" IN ($2, $3)"#
    );
    let all = link_deletes(&ctx, &join, &parent, None).unwrap();
    assert_eq!(
        sql(all[0].clone(), &Sqlite),
        r#"DELETE FROM "_GroupToUser" WHERE "B" = ?"#
    );
    assert!(link_deletes(&ctx, &join, &parent, Some(&[]))
        .unwrap()
        .is_empty());
}

#[test]
fn many_to_many_rejects_other_relations_and_compound_keys() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Postgres);
    assert!(join_table(&ctx, f.field("User", "posts")).is_err());
    assert!(join_table(&ctx, f.field("User", "email")).is_err());
    let join = join_table(&ctx, f.field("User", "groups")).unwrap();
    let compound = [PrismaValue::Int(1), PrismaValue::Int(2)];
    assert!(link_inserts(&ctx, &join, &compound, &[vec![text("g")]]).is_err());
}

#[test]
fn returned_enum_values_are_mapped_back_to_schema_names() {
    let f = Fixture::new(SCHEMA);
    let ctx = f.ctx(&Postgres);
    let role = f.field("User", "role");
    let id = f.field("User", "id");
    assert_eq!(
        from_db_row(
            &ctx,
            &[id, role],
            vec![PrismaValue::Int(1), PrismaValue::Enum("admin".into())]
        ),
        vec![PrismaValue::Int(1), PrismaValue::Enum("ADMIN".into())]
    );
    assert_eq!(
        schema_value(&ctx, role, PrismaValue::Enum("USER".into())),
        PrismaValue::Enum("USER".into())
    );
}
