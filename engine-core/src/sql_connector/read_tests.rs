//! Exact-SQL snapshots of reads, per dialect, built from a small inline schema.

use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use super::*;
use crate::connector::record::{RecordRead, RelationLink};
use crate::query::{
    AggregateField, AggregateKind, AggregateSelection, CursorCondition, Filter, GroupByQuery,
    GroupBySelection, JsonCondition, JsonFilterValue, ListCondition, OrderBy, OrderTarget,
    Quantifier, RelationCount, ScalarCondition, SortDirection, SortNulls, ToOneCondition,
};
use crate::sql::{Dialect, Mysql, Postgres, Sqlite};
use crate::value::PrismaValue as V;

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
  id      Int      @id
  email   String   @unique
  name    String?
  role    Role     @default(USER)
  posts   Post[]
  profile Profile?
  groups  Group[]
}

model Post {
  id       Int    @id
  title    String
  views    Int
  authorId Int?
  author   User?  @relation(fields: [authorId], references: [id])
}

model Profile {
  id     Int    @id
  bio    String
  userId Int    @unique
  user   User   @relation(fields: [userId], references: [id])
}

model Group {
  id    Int    @id
  name  String
  users User[]
}
"#;

pub(super) fn datamodel() -> Datamodel {
    let validated = schema_core::validate(SCHEMA);
    assert!(
        !validated.diagnostics.has_errors(),
        "{:?}",
        validated.diagnostics
    );
    validated.datamodel
}

pub(super) fn ctx<'a>(dm: &'a Datamodel, dialect: &'a dyn Dialect) -> SqlContext<'a> {
    SqlContext {
        datamodel: dm,
        dialect,
        schema: None,
    }
}

pub(super) fn model(dm: &Datamodel, name: &str) -> ModelId {
    dm.find_model(name).unwrap()
}

pub(super) fn field(dm: &Datamodel, model_name: &str, name: &str) -> FieldId {
    dm.find_field(model(dm, model_name), name).unwrap()
}

fn read(dm: &Datamodel, model_name: &str, fields: &[&str]) -> RecordRead {
    RecordRead {
        model: model(dm, model_name),
        args: QueryArgs::default(),
        fields: fields.iter().map(|f| field(dm, model_name, f)).collect(),
        counts: Vec::new(),
        link: None,
    }
}

fn sql(dm: &Datamodel, dialect: &dyn Dialect, read: &RecordRead) -> (String, Vec<V>) {
    let statement = build_read(&ctx(dm, dialect), read, None, false).unwrap();
    let rendered = statement.select.render(dialect).unwrap();
    (rendered.sql, rendered.params)
}

fn text(dm: &Datamodel, dialect: &dyn Dialect, read: &RecordRead) -> String {
    sql(dm, dialect, read).0
}

fn op(v: V) -> crate::query::Operand {
    crate::query::Operand::Value(v)
}

fn filtered(dm: &Datamodel, model_name: &str, filter: Filter) -> RecordRead {
    let mut r = read(dm, model_name, &["id"]);
    r.args.filter = Some(filter);
    r
}

fn scalar(dm: &Datamodel, model_name: &str, name: &str, condition: ScalarCondition) -> Filter {
    Filter::Scalar {
        field: field(dm, model_name, name),
        condition,
        insensitive: false,
    }
}

fn insensitive(dm: &Datamodel, name: &str, condition: ScalarCondition) -> Filter {
    Filter::Scalar {
        field: field(dm, "User", name),
        condition,
        insensitive: true,
    }
}

#[test]
fn type_identifiers() {
    let dm = datamodel();
    assert_eq!(
        type_identifier(&dm, field(&dm, "User", "id")),
        TypeIdentifier::Int
    );
    assert_eq!(
        type_identifier(&dm, field(&dm, "User", "name")),
        TypeIdentifier::String
    );
    assert_eq!(
        type_identifier(&dm, field(&dm, "User", "role")),
        TypeIdentifier::Enum
    );
    let dm2 = schema_core::validate(
        "datasource db {\n  provider = \"postgresql\"\n  url = env(\"U\")\n}\nenum E {\n  A\n}\nmodel M {\n  id Int @id\n  b BigInt\n  d Decimal\n  t DateTime\n  j Json\n  y Bytes\n  f Float\n  o Boolean\n  l Int[]\n  e E[]\n}\n",
    )
    .datamodel;
    let m = dm2.find_model("M").unwrap();
    let types: Vec<TypeIdentifier> = dm2
        .field_ids(m)
        .map(|(f, _)| type_identifier(&dm2, f))
        .collect();
    assert_eq!(
        types,
        vec![
            TypeIdentifier::Int,
            TypeIdentifier::BigInt,
            TypeIdentifier::Decimal,
            TypeIdentifier::DateTime,
            TypeIdentifier::Json,
            TypeIdentifier::Bytes,
            TypeIdentifier::Float,
            TypeIdentifier::Boolean,
            TypeIdentifier::List(ListElement::Int),
            TypeIdentifier::List(ListElement::Enum),
        ]
    );
}

#[test]
fn scalar_conditions_per_dialect() {
    let dm = datamodel();
    let r = filtered(
        &dm,
        "User",
        Filter::And(vec![
            scalar(&dm, "User", "name", ScalarCondition::Equals(op(V::Null))),
            scalar(&dm, "User", "name", ScalarCondition::NotEquals(op(V::Null))),
            scalar(
                &dm,
                "User",
                "name",
                ScalarCondition::NotEquals(op(V::String("x".into()))),
            ),
            scalar(
                &dm,
                "User",
                "id",
                ScalarCondition::In(vec![V::Int(1), V::Int(2)]),
            ),
            scalar(&dm, "User", "id", ScalarCondition::NotIn(vec![V::Int(3)])),
            scalar(&dm, "User", "id", ScalarCondition::In(vec![])),
            scalar(
                &dm,
                "User",
                "id",
                ScalarCondition::Lte(crate::query::Operand::Field(field(&dm, "User", "name"))),
            ),
            Filter::Not(Box::new(scalar(
                &dm,
                "User",
                "id",
                ScalarCondition::Gt(op(V::Int(5))),
            ))),
            Filter::Or(vec![]),
        ]),
    );
    assert_eq!(
        sql(&dm, &Postgres, &r),
        (
            r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE "t0"."name" IS NULL AND "t0"."name" IS NOT NULL AND "t0"."name" <> $1 AND "t0"."id" = ANY($2) AND "t0"."id" <> ALL($3) AND 1=0 AND "t0"."id" <= "t0"."name" AND NOT ("t0"."id" > $4) AND 1=0"#.to_owned(),
            vec![
                V::String("x".into()),
                V::List(vec![V::Int(1), V::Int(2)]),
                V::List(vec![V::Int(3)]),
                V::Int(5)
            ]
        )
    );
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE "t0"."name" IS NULL AND "t0"."name" IS NOT NULL AND "t0"."name" <> ? AND "t0"."id" IN (?, ?) AND "t0"."id" NOT IN (?) AND 1=0 AND "t0"."id" <= "t0"."name" AND NOT ("t0"."id" > ?) AND 1=0"#
    );
}

#[test]
fn like_patterns_and_insensitive_mode() {
    let dm = datamodel();
    let r = filtered(
        &dm,
        "User",
        Filter::And(vec![
            scalar(
                &dm,
                "User",
                "email",
                ScalarCondition::StartsWith(op(V::String("50%_\\".into()))),
            ),
            insensitive(
                &dm,
                "name",
                ScalarCondition::Contains(op(V::String("Ab".into()))),
            ),
            insensitive(
                &dm,
                "name",
                ScalarCondition::Equals(op(V::String("Ab".into()))),
            ),
            insensitive(
                &dm,
                "name",
                ScalarCondition::In(vec![V::String("Ab".into())]),
            ),
        ]),
    );
    let (pg, params) = sql(&dm, &Postgres, &r);
    assert_eq!(
        pg,
        r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE "t0"."email" LIKE $1 AND "t0"."name" ILIKE $2 AND LOWER("t0"."name") = LOWER($3) AND LOWER("t0"."name") IN (LOWER($4))"#
    );
    // Prisma 5.19 does not escape wildcards in the value (recorded in scenario 59).
    assert_eq!(params[0], V::String(r"50%_\%".into()));
    assert_eq!(params[1], V::String("%Ab%".into()));
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE "t0"."email" LIKE ? AND LOWER("t0"."name") LIKE LOWER(?) AND LOWER("t0"."name") = LOWER(?) AND LOWER("t0"."name") IN (LOWER(?))"#
    );
    assert_eq!(
        text(&dm, &Mysql, &r),
        r#"SELECT `t0`.`id` FROM `User` AS `t0` WHERE `t0`.`email` LIKE ? AND LOWER(`t0`.`name`) LIKE LOWER(?) AND LOWER(`t0`.`name`) = LOWER(?) AND LOWER(`t0`.`name`) IN (LOWER(?))"#
    );
}

#[test]
fn enum_values_are_bound_by_database_name() {
    let dm = datamodel();
    let r = filtered(
        &dm,
        "User",
        scalar(
            &dm,
            "User",
            "role",
            ScalarCondition::In(vec![V::Enum("ADMIN".into()), V::Enum("USER".into())]),
        ),
    );
    assert_eq!(
        sql(&dm, &Postgres, &r).1,
        vec![V::List(vec![
            V::Enum("admin".into()),
            V::Enum("USER".into())
        ])]
    );
}

#[test]
fn relation_filters_are_correlated_exists() {
    let dm = datamodel();
    let u = |f: &str| field(&dm, "User", f);
    let r = filtered(
        &dm,
        "User",
        Filter::And(vec![
            Filter::ToMany {
                field: u("posts"),
                quantifier: Quantifier::Every,
                filter: Box::new(scalar(
                    &dm,
                    "Post",
                    "views",
                    ScalarCondition::Gt(op(V::Int(1))),
                )),
            },
            Filter::ToMany {
                field: u("groups"),
                quantifier: Quantifier::Some,
                filter: Box::new(Filter::And(vec![])),
            },
            Filter::ToOne {
                field: u("profile"),
                condition: ToOneCondition::IsNull,
            },
        ]),
    );
    let expected = r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE NOT EXISTS (SELECT * FROM "Post" AS "t0_r" WHERE "t0_r"."authorId" = "t0"."id" AND NOT ("t0_r"."views" > $1)) AND EXISTS (SELECT * FROM "_GroupToUser" AS "t0_r_j" INNER JOIN "Group" AS "t0_r" ON "t0_r"."id" = "t0_r_j"."A" WHERE "t0_r_j"."B" = "t0"."id") AND NOT EXISTS (SELECT * FROM "Profile" AS "t0_r" WHERE "t0_r"."userId" = "t0"."id")"#;
    assert_eq!(text(&dm, &Postgres, &r), expected);
    assert_eq!(text(&dm, &Sqlite, &r), expected.replace("$1", "?"));
    assert_eq!(
        text(&dm, &Mysql, &r),
        expected.replace('"', "`").replace("$1", "?")
    );

    // The parent holds the FK: `is: null` also holds for a NULL FK without a subquery hit.
    let r = filtered(
        &dm,
        "Post",
        Filter::ToOne {
            field: field(&dm, "Post", "author"),
            condition: ToOneCondition::Is(Box::new(scalar(
                &dm,
                "User",
                "name",
                ScalarCondition::Equals(op(V::String("a".into()))),
            ))),
        },
    );
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."id" FROM "Post" AS "t0" WHERE EXISTS (SELECT * FROM "User" AS "t0_r" WHERE "t0_r"."id" = "t0"."authorId" AND "t0_r"."name" = $1)"#
    );
    let r = filtered(
        &dm,
        "Post",
        Filter::ToOne {
            field: field(&dm, "Post", "author"),
            condition: ToOneCondition::IsNull,
        },
    );
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t0"."id" FROM "Post" AS "t0" WHERE "t0"."authorId" IS NULL OR NOT EXISTS (SELECT * FROM "User" AS "t0_r" WHERE "t0_r"."id" = "t0"."authorId")"#
    );
}

#[test]
fn nested_read_with_per_parent_pagination() {
    let dm = datamodel();
    let mut r = read(&dm, "Post", &["id", "title"]);
    r.link = Some(RelationLink {
        parent_field: field(&dm, "User", "posts"),
        parent_keys: vec![vec![V::Int(1)], vec![V::Int(2)]],
    });
    r.args.order_by = vec![OrderBy::field(
        field(&dm, "Post", "views"),
        SortDirection::Desc,
    )];
    r.args.take = Some(2);
    r.args.skip = Some(1);
    let inner = |placeholder: &str| {
        format!(
            r#"SELECT "t1"."c0", "t1"."c1", "t1"."k0" FROM (SELECT "t0"."id" AS "c0", "t0"."title" AS "c1", "t0"."authorId" AS "k0", "t0"."views" AS "o0", "t0"."id" AS "o1", ROW_NUMBER() OVER (PARTITION BY "t0"."authorId" ORDER BY "t0"."views" DESC, "t0"."id" ASC) AS "rn" FROM "Post" AS "t0" WHERE "t0"."authorId" {placeholder}) AS "t1" WHERE "t1"."rn" > {} AND "t1"."rn" <= {} ORDER BY "t1"."o0" DESC, "t1"."o1" ASC"#,
            if placeholder.contains('$') { "$2" } else { "?" },
            if placeholder.contains('$') { "$3" } else { "?" },
        )
    };
    assert_eq!(
        sql(&dm, &Postgres, &r),
        (
            inner("= ANY($1)"),
            vec![V::List(vec![V::Int(1), V::Int(2)]), V::Int(1), V::Int(3)]
        )
    );
    assert_eq!(
        sql(&dm, &Sqlite, &r),
        (
            inner("IN (?, ?)"),
            vec![V::Int(1), V::Int(2), V::Int(1), V::Int(3)]
        )
    );
    let statement = build_read(&ctx(&dm, &Postgres), &r, None, false).unwrap();
    assert_eq!(
        statement.types,
        vec![
            TypeIdentifier::Int,
            TypeIdentifier::String,
            TypeIdentifier::Int
        ]
    );
    assert_eq!(statement.link_columns, 1);
}

#[test]
fn many_to_many_read_with_counts() {
    let dm = datamodel();
    let mut r = read(&dm, "Group", &["name"]);
    r.link = Some(RelationLink {
        parent_field: field(&dm, "User", "groups"),
        parent_keys: vec![vec![V::Int(1)], vec![V::Int(2)]],
    });
    r.counts = vec![RelationCount {
        field: field(&dm, "Group", "users"),
        filter: Some(scalar(
            &dm,
            "User",
            "name",
            ScalarCondition::Equals(op(V::Null)),
        )),
    }];
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."name", (SELECT COUNT(*) FROM "_GroupToUser" AS "t0_k0_j" INNER JOIN "User" AS "t0_k0" ON "t0_k0"."id" = "t0_k0_j"."B" WHERE "t0_k0_j"."A" = "t0"."id" AND "t0_k0"."name" IS NULL), "t0_l"."B" FROM "Group" AS "t0" INNER JOIN "_GroupToUser" AS "t0_l" ON "t0_l"."A" = "t0"."id" WHERE "t0_l"."B" = ANY($1)"#
    );
    assert_eq!(
        text(&dm, &Mysql, &r),
        "SELECT `t0`.`name`, (SELECT COUNT(*) FROM `_GroupToUser` AS `t0_k0_j` INNER JOIN `User` AS `t0_k0` ON `t0_k0`.`id` = `t0_k0_j`.`B` WHERE `t0_k0_j`.`A` = `t0`.`id` AND `t0_k0`.`name` IS NULL), `t0_l`.`B` FROM `Group` AS `t0` INNER JOIN `_GroupToUser` AS `t0_l` ON `t0_l`.`A` = `t0`.`id` WHERE `t0_l`.`B` IN (?, ?)"
    );
}

#[test]
fn parent_holding_the_fk_reads_referenced_rows() {
    let dm = datamodel();
    let mut r = read(&dm, "User", &["id"]);
    r.link = Some(RelationLink {
        parent_field: field(&dm, "Post", "author"),
        parent_keys: vec![vec![V::Int(7)]],
    });
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t0"."id", "t0"."id" FROM "User" AS "t0" WHERE "t0"."id" IN (?)"#
    );
}

#[test]
fn order_through_relations_and_counts() {
    let dm = datamodel();
    let mut r = read(&dm, "Post", &["id"]);
    r.args.order_by = vec![
        OrderBy {
            path: vec![field(&dm, "Post", "author")],
            target: OrderTarget::Field(field(&dm, "User", "name")),
            direction: SortDirection::Asc,
            nulls: Some(SortNulls::First),
        },
        OrderBy {
            path: vec![field(&dm, "Post", "author")],
            target: OrderTarget::RelationCount(field(&dm, "User", "groups")),
            direction: SortDirection::Desc,
            nulls: None,
        },
    ];
    r.args.take = Some(5);
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."id" FROM "Post" AS "t0" LEFT JOIN "User" AS "t0_o0" ON "t0_o0"."id" = "t0"."authorId" ORDER BY "t0_o0"."name" ASC NULLS FIRST, (SELECT COUNT(*) FROM "_GroupToUser" AS "t0_n1_j" INNER JOIN "Group" AS "t0_n1" ON "t0_n1"."id" = "t0_n1_j"."A" WHERE "t0_n1_j"."B" = "t0_o0"."id") DESC, "t0"."id" ASC LIMIT $1"#
    );
    assert_eq!(
        text(&dm, &Mysql, &r),
        "SELECT `t0`.`id` FROM `Post` AS `t0` LEFT JOIN `User` AS `t0_o0` ON `t0_o0`.`id` = `t0`.`authorId` ORDER BY `t0_o0`.`name` ASC, (SELECT COUNT(*) FROM `_GroupToUser` AS `t0_n1_j` INNER JOIN `Group` AS `t0_n1` ON `t0_n1`.`id` = `t0_n1_j`.`A` WHERE `t0_n1_j`.`B` = `t0_o0`.`id`) DESC, `t0`.`id` ASC LIMIT ?"
    );
}

#[test]
fn cursor_compares_with_the_cursor_row() {
    let dm = datamodel();
    let mut r = read(&dm, "User", &["id"]);
    r.args.order_by = vec![OrderBy::field(
        field(&dm, "User", "email"),
        SortDirection::Desc,
    )];
    r.args.cursor = Some(CursorCondition {
        fields: vec![(field(&dm, "User", "id"), V::Int(3))],
    });
    r.args.skip = Some(1);
    assert_eq!(
        sql(&dm, &Sqlite, &r),
        (
            r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE EXISTS (SELECT * FROM "User" AS "t0_c" WHERE "t0_c"."id" = ?) AND "t0"."email" <= (SELECT "t0_c"."email" FROM "User" AS "t0_c" WHERE "t0_c"."id" = ?) ORDER BY "t0"."email" DESC LIMIT -1 OFFSET ?"#.to_owned(),
            vec![V::Int(3), V::Int(3), V::Int(1)]
        )
    );
    // A nullable, non-unique key: NULL-aware steps and the primary key as tie-breaker.
    r.args.order_by = vec![OrderBy {
        nulls: Some(SortNulls::Last),
        ..OrderBy::field(field(&dm, "User", "name"), SortDirection::Asc)
    }];
    r.args.skip = None;
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."id" FROM "User" AS "t0" WHERE EXISTS (SELECT * FROM "User" AS "t0_c" WHERE "t0_c"."id" = $1) AND (("t0"."name" > (SELECT "t0_c"."name" FROM "User" AS "t0_c" WHERE "t0_c"."id" = $2) OR ("t0"."name" IS NULL AND (SELECT "t0_c"."name" FROM "User" AS "t0_c" WHERE "t0_c"."id" = $3) IS NOT NULL)) OR (("t0"."name" = (SELECT "t0_c"."name" FROM "User" AS "t0_c" WHERE "t0_c"."id" = $4) OR ("t0"."name" IS NULL AND (SELECT "t0_c"."name" FROM "User" AS "t0_c" WHERE "t0_c"."id" = $5) IS NULL)) AND "t0"."id" >= (SELECT "t0_c"."id" FROM "User" AS "t0_c" WHERE "t0_c"."id" = $6))) ORDER BY "t0"."name" ASC NULLS LAST, "t0"."id" ASC"#
    );
}

#[test]
fn distinct_on_postgres_row_number_elsewhere() {
    let dm = datamodel();
    let mut r = read(&dm, "User", &["id", "role"]);
    r.args.distinct = vec![field(&dm, "User", "role")];
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT DISTINCT ON ("t0"."role") "t0"."id", "t0"."role" FROM "User" AS "t0" ORDER BY "t0"."role" ASC, "t0"."id" ASC"#
    );
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t1"."c0", "t1"."c1" FROM (SELECT "t0"."id" AS "c0", "t0"."role" AS "c1", "t0"."id" AS "o0", ROW_NUMBER() OVER (PARTITION BY "t0"."role" ORDER BY "t0"."id" ASC) AS "rd" FROM "User" AS "t0") AS "t1" WHERE "t1"."rd" = ? ORDER BY "t1"."o0" ASC"#
    );
    // An order not led by the distinct field: ROW_NUMBER on PostgreSQL too.
    r.args.order_by = vec![OrderBy::field(
        field(&dm, "User", "name"),
        SortDirection::Desc,
    )];
    r.args.take = Some(1);
    assert_eq!(
        sql(&dm, &Postgres, &r),
        (
            r#"SELECT "t1"."c0", "t1"."c1" FROM (SELECT "t0"."id" AS "c0", "t0"."role" AS "c1", "t0"."name" AS "o0", "t0"."id" AS "o1", ROW_NUMBER() OVER (PARTITION BY "t0"."role" ORDER BY "t0"."name" DESC, "t0"."id" ASC) AS "rd" FROM "User" AS "t0") AS "t1" WHERE "t1"."rd" = $1 ORDER BY "t1"."o0" DESC, "t1"."o1" ASC LIMIT $2"#.to_owned(),
            vec![V::Int(1), V::Int(1)]
        )
    );
}

#[test]
fn nested_distinct_with_per_parent_take_layers_both_row_numbers() {
    let dm = datamodel();
    let mut r = read(&dm, "Post", &["id"]);
    r.link = Some(RelationLink {
        parent_field: field(&dm, "User", "posts"),
        parent_keys: vec![vec![V::Int(1)]],
    });
    r.args.distinct = vec![field(&dm, "Post", "title")];
    r.args.take = Some(1);
    assert_eq!(
        text(&dm, &Sqlite, &r),
        r#"SELECT "t2"."c0", "t2"."k0" FROM (SELECT "t1"."c0", "t1"."k0", "t1"."o0", ROW_NUMBER() OVER (PARTITION BY "t1"."k0" ORDER BY "t1"."o0" ASC) AS "rn" FROM (SELECT "t0"."id" AS "c0", "t0"."authorId" AS "k0", "t0"."id" AS "o0", ROW_NUMBER() OVER (PARTITION BY "t0"."authorId", "t0"."title" ORDER BY "t0"."id" ASC) AS "rd" FROM "Post" AS "t0" WHERE "t0"."authorId" IN (?)) AS "t1" WHERE "t1"."rd" = ?) AS "t2" WHERE "t2"."rn" <= ? ORDER BY "t2"."o0" ASC"#
    );
}

#[test]
fn aggregates_plain_and_over_a_page() {
    let dm = datamodel();
    let views = AggregateField::Field(field(&dm, "Post", "views"));
    let selections = vec![
        AggregateSelection {
            kind: AggregateKind::Count,
            fields: vec![AggregateField::All, views],
        },
        AggregateSelection {
            kind: AggregateKind::Avg,
            fields: vec![views],
        },
    ];
    let c = ctx(&dm, &Postgres);
    let args = QueryArgs::filtered(scalar(
        &dm,
        "Post",
        "views",
        ScalarCondition::Gt(op(V::Int(0))),
    ));
    let (select, types, _) = build_aggregate(&c, model(&dm, "Post"), &args, &selections).unwrap();
    assert_eq!(
        select.render(&Postgres).unwrap().sql,
        r#"SELECT COUNT(*), COUNT("t0"."views"), AVG("t0"."views") FROM "Post" AS "t0" WHERE "t0"."views" > $1"#
    );
    assert_eq!(
        types,
        vec![
            TypeIdentifier::Int,
            TypeIdentifier::Int,
            TypeIdentifier::Float
        ]
    );
    let args = QueryArgs {
        take: Some(10),
        order_by: vec![OrderBy::field(
            field(&dm, "Post", "views"),
            SortDirection::Desc,
        )],
        ..QueryArgs::default()
    };
    let (select, _, _) = build_aggregate(&c, model(&dm, "Post"), &args, &selections).unwrap();
    assert_eq!(
        select.render(&Sqlite).unwrap().sql,
        r#"SELECT COUNT(*), COUNT("t1"."c0"), AVG("t1"."c0") FROM (SELECT "t0"."views" AS "c0" FROM "Post" AS "t0" ORDER BY "t0"."views" DESC, "t0"."id" ASC LIMIT ?) AS "t1""#
    );
}

#[test]
fn group_by_with_having_and_aggregate_order() {
    let dm = datamodel();
    let author = field(&dm, "Post", "authorId");
    let views = field(&dm, "Post", "views");
    let query = GroupByQuery {
        model: model(&dm, "Post"),
        by: vec![author],
        args: QueryArgs {
            filter: Some(scalar(
                &dm,
                "Post",
                "title",
                ScalarCondition::NotEquals(op(V::String("x".into()))),
            )),
            order_by: vec![OrderBy {
                path: vec![],
                target: OrderTarget::Aggregate {
                    kind: AggregateKind::Sum,
                    field: views,
                },
                direction: SortDirection::Desc,
                nulls: None,
            }],
            take: Some(2),
            skip: Some(1),
            ..QueryArgs::default()
        },
        having: Some(Filter::And(vec![
            Filter::Aggregate {
                kind: AggregateKind::Avg,
                field: views,
                condition: ScalarCondition::Gt(op(V::Float(1.5))),
            },
            scalar(
                &dm,
                "Post",
                "authorId",
                ScalarCondition::NotEquals(op(V::Null)),
            ),
        ])),
        selections: vec![
            GroupBySelection::Field(author),
            GroupBySelection::Aggregate(AggregateSelection {
                kind: AggregateKind::Sum,
                fields: vec![AggregateField::Field(views)],
            }),
        ],
    };
    let (select, types, _) = build_group_by(&ctx(&dm, &Sqlite), &query).unwrap();
    assert_eq!(
        select.render(&Sqlite).unwrap(),
        crate::sql::Rendered {
            sql: r#"SELECT "t0"."authorId", SUM("t0"."views") FROM "Post" AS "t0" WHERE "t0"."title" <> ? GROUP BY "t0"."authorId" HAVING AVG("t0"."views") > ? AND "t0"."authorId" IS NOT NULL ORDER BY SUM("t0"."views") DESC LIMIT ? OFFSET ?"#.to_owned(),
            params: vec![V::String("x".into()), V::Float(1.5), V::Int(2), V::Int(1)],
        }
    );
    assert_eq!(types, vec![TypeIdentifier::Int, TypeIdentifier::Int]);
}

#[test]
fn scalar_list_filters_on_postgres() {
    let dm = schema_core::validate(
        "datasource db {\n  provider = \"postgresql\"\n  url = env(\"U\")\n}\nmodel M {\n  id Int @id\n  tags String[]\n}\n",
    )
    .datamodel;
    let tags = field(&dm, "M", "tags");
    let list = |condition| Filter::List {
        field: tags,
        condition,
    };
    let r = filtered(
        &dm,
        "M",
        Filter::And(vec![
            list(ListCondition::Has(op(V::String("a".into())))),
            list(ListCondition::HasEvery(vec![V::String("a".into())])),
            list(ListCondition::HasSome(vec![V::String("b".into())])),
            list(ListCondition::IsEmpty(false)),
            list(ListCondition::Equals(None)),
        ]),
    );
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."id" FROM "M" AS "t0" WHERE $1 = ANY("t0"."tags") AND "t0"."tags" @> $2 AND "t0"."tags" && $3 AND CARDINALITY("t0"."tags") > $4 AND "t0"."tags" IS NULL"#
    );
}

fn json_schema() -> Datamodel {
    schema_core::validate(
        "datasource db {\n  provider = \"postgresql\"\n  url = env(\"U\")\n}\nmodel D {\n  id Int @id\n  j Json?\n}\n",
    )
    .datamodel
}

fn json_filter(dm: &Datamodel, path: Option<Vec<&str>>, condition: JsonCondition) -> RecordRead {
    filtered(
        dm,
        "D",
        Filter::Json {
            field: field(dm, "D", "j"),
            path: path.map(|p| p.into_iter().map(str::to_owned).collect()),
            condition,
        },
    )
}

#[test]
fn json_filters_on_postgres() {
    let dm = json_schema();
    let r = json_filter(
        &dm,
        Some(vec!["a", "b"]),
        JsonCondition::StringContains("x%".into()),
    );
    assert_eq!(
        sql(&dm, &Postgres, &r),
        (
            r#"SELECT "t0"."id" FROM "D" AS "t0" WHERE JSONB_TYPEOF("t0"."j" #> $1) = $2 AND ("t0"."j" #>> $3) LIKE $4 ESCAPE '\'"#.to_owned(),
            vec![
                V::List(vec![V::String("a".into()), V::String("b".into())]),
                V::String("string".into()),
                V::List(vec![V::String("a".into()), V::String("b".into())]),
                V::String(r"%x\%%".into()),
            ]
        )
    );
    let r = json_filter(&dm, Some(vec!["n"]), JsonCondition::Gt("1".into()));
    assert_eq!(
        text(&dm, &Postgres, &r),
        r#"SELECT "t0"."id" FROM "D" AS "t0" WHERE JSONB_TYPEOF("t0"."j" #> $1) = $2 AND ("t0"."j" #> $3) > $4"#
    );
    let r = json_filter(&dm, None, JsonCondition::Equals(JsonFilterValue::AnyNull));
    assert_eq!(
        sql(&dm, &Postgres, &r),
        (
            r#"SELECT "t0"."id" FROM "D" AS "t0" WHERE "t0"."j" IS NULL OR "t0"."j" = $1"#
                .to_owned(),
            vec![V::Json("null".into())]
        )
    );
    let r = json_filter(
        &dm,
        Some(vec!["t"]),
        JsonCondition::ArrayEndsWith("\"y\"".into()),
    );
    assert_eq!(
        sql(&dm, &Postgres, &r).1.last(),
        Some(&V::Json("\"y\"".into()))
    );
    assert!(sql(&dm, &Postgres, &r)
        .1
        .contains(&V::List(vec![V::String("-1".into())])));
}

#[test]
fn json_filters_on_mysql_and_sqlite() {
    let dm = json_schema();
    let r = json_filter(
        &dm,
        Some(vec!["$.a"]),
        JsonCondition::ArrayStartsWith("\"y\"".into()),
    );
    assert_eq!(
        sql(&dm, &Mysql, &r),
        (
            "SELECT `t0`.`id` FROM `D` AS `t0` WHERE JSON_TYPE(JSON_EXTRACT(`t0`.`j`, ?)) = ? AND (JSON_CONTAINS(JSON_EXTRACT(`t0`.`j`, ?), ?) AND JSON_CONTAINS(?, JSON_EXTRACT(`t0`.`j`, ?)))".to_owned(),
            vec![
                V::String("$.a".into()),
                V::String("ARRAY".into()),
                V::String("$.a[0]".into()),
                V::String("\"y\"".into()),
                V::String("\"y\"".into()),
                V::String("$.a[0]".into()),
            ]
        )
    );
    let r = json_filter(&dm, None, JsonCondition::Equals(JsonFilterValue::DbNull));
    assert!(matches!(
        build_read(&ctx(&dm, &Sqlite), &r, None, false),
        Err(EngineError::UnsupportedFeature { .. })
    ));
}
