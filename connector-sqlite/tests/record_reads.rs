//! Record reads through the SQL connector on a real SQLite database: filters, relation filters, order,
//! pagination, cursors, distinct, nested reads with parent keys, counts, aggregates and groupBy.

use std::sync::Arc;

use connector_sqlite::SqliteDriver;
use engine_core::connector::record::{Connector, RecordRead, RecordSet, RelationLink};
use engine_core::connector::SqlDriver;
use engine_core::query::{
    AggregateField, AggregateKind, AggregateSelection, CursorCondition, Filter, GroupByQuery,
    GroupBySelection, Operand, OrderBy, OrderTarget, Quantifier, QueryArgs, RelationCount,
    ScalarCondition, SortDirection, SortNulls, ToOneCondition,
};
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
  id      Int      @id
  email   String   @unique
  name    String?
  age     Int?
  posts   Post[]
  profile Profile?
  groups  Group[]
}

model Post {
  id       Int     @id
  title    String
  views    Int
  score    Float   @default(0)
  authorId Int?
  author   User?   @relation(fields: [authorId], references: [id])
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

const DDL: &[&str] = &[
    r#"CREATE TABLE "User" ("id" INTEGER NOT NULL PRIMARY KEY, "email" TEXT NOT NULL UNIQUE, "name" TEXT, "age" INTEGER)"#,
    r#"CREATE TABLE "Post" ("id" INTEGER NOT NULL PRIMARY KEY, "title" TEXT NOT NULL, "views" INTEGER NOT NULL, "score" REAL NOT NULL DEFAULT 0, "authorId" INTEGER REFERENCES "User"("id"))"#,
    r#"CREATE TABLE "Profile" ("id" INTEGER NOT NULL PRIMARY KEY, "bio" TEXT NOT NULL, "userId" INTEGER NOT NULL UNIQUE REFERENCES "User"("id"))"#,
    r#"CREATE TABLE "Group" ("id" INTEGER NOT NULL PRIMARY KEY, "name" TEXT NOT NULL)"#,
    r#"CREATE TABLE "_GroupToUser" ("A" INTEGER NOT NULL REFERENCES "Group"("id"), "B" INTEGER NOT NULL REFERENCES "User"("id"))"#,
    r#"CREATE UNIQUE INDEX "_GroupToUser_AB_unique" ON "_GroupToUser"("A", "B")"#,
];

struct Db {
    connector: SqlConnector,
    dm: Arc<Datamodel>,
    _dir: TempDir,
}

fn stmt(sql: &str) -> Rendered {
    Rendered {
        sql: sql.to_owned(),
        params: vec![],
    }
}

impl Db {
    /// A database with the tables of [`SCHEMA`] and a small data set:
    /// users 1 (alice, 30), 2 (bob, no age), 3 (carol, 25, no name), 4 (dave, 30, no posts);
    /// posts 1..=6 (1,2,3 by alice; 4,5 by bob; 6 by nobody); profiles for alice and bob;
    /// groups 1 (admins: alice, bob) and 2 (users: bob, carol).
    async fn new() -> Db {
        Self::with_data(true, Vec::new()).await
    }

    /// The tables, the small data set if `data`, then `extra` statements.
    async fn with_data(data: bool, extra: Vec<String>) -> Db {
        let dir = tempfile::tempdir().unwrap();
        let driver = SqliteDriver::open("file:./test.db", dir.path())
            .await
            .unwrap();
        {
            let conn = driver.connection().await.unwrap();
            for sql in DDL {
                conn.execute(&stmt(sql)).await.unwrap();
            }
            if data {
                for sql in [
                    r#"INSERT INTO "User" VALUES (1, 'alice@x', 'Alice', 30), (2, 'bob@x', 'Bob', NULL), (3, 'carol@x', NULL, 25), (4, 'dave@x', 'Dave', 30)"#,
                    r#"INSERT INTO "Post" VALUES (1, 'a1', 10, 1.5, 1), (2, 'a2', 20, 2.5, 1), (3, 'a3 50%', 30, 3.5, 1), (4, 'b1', 5, 0, 2), (5, 'b2', 15, 1, 2), (6, 'orphan', 0, 0, NULL)"#,
                    r#"INSERT INTO "Profile" VALUES (1, 'likes cats', 1), (2, 'likes dogs', 2)"#,
                    r#"INSERT INTO "Group" VALUES (1, 'admins'), (2, 'users')"#,
                    r#"INSERT INTO "_GroupToUser" VALUES (1, 1), (1, 2), (2, 2), (2, 3)"#,
                ] {
                    conn.execute(&stmt(sql)).await.unwrap();
                }
            }
            for sql in &extra {
                conn.execute(&stmt(sql)).await.unwrap();
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

    fn read(&self, model: &str, fields: &[&str]) -> RecordRead {
        RecordRead {
            model: self.model(model),
            args: QueryArgs::default(),
            fields: fields.iter().map(|f| self.field(model, f)).collect(),
            counts: Vec::new(),
            link: None,
        }
    }

    fn asc(&self, model: &str, name: &str) -> OrderBy {
        OrderBy::field(self.field(model, name), SortDirection::Asc)
    }

    fn desc(&self, model: &str, name: &str) -> OrderBy {
        OrderBy::field(self.field(model, name), SortDirection::Desc)
    }

    fn scalar(&self, model: &str, name: &str, condition: ScalarCondition) -> Filter {
        Filter::Scalar {
            field: self.field(model, name),
            condition,
            insensitive: false,
        }
    }

    async fn run(&self, read: &RecordRead) -> RecordSet {
        self.connector
            .connection()
            .await
            .unwrap()
            .read_records(read)
            .await
            .unwrap()
    }

    async fn ids(&self, read: &RecordRead) -> Vec<i64> {
        self.run(read)
            .await
            .records
            .iter()
            .map(|r| match r[0] {
                V::Int(i) => i,
                ref other => panic!("not an id: {other:?}"),
            })
            .collect()
    }
}

fn val(v: V) -> Operand {
    Operand::Value(v)
}

fn s(text: &str) -> V {
    V::String(text.into())
}

#[tokio::test]
async fn scalar_filters() {
    let db = Db::new().await;
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "id")];
    let cases: Vec<(Filter, Vec<i64>)> = vec![
        (
            db.scalar("User", "name", ScalarCondition::Equals(val(V::Null))),
            vec![3],
        ),
        (
            db.scalar("User", "name", ScalarCondition::NotEquals(val(V::Null))),
            vec![1, 2, 4],
        ),
        // NULL names are excluded by `not`, as in Prisma.
        (
            db.scalar("User", "name", ScalarCondition::NotEquals(val(s("Bob")))),
            vec![1, 4],
        ),
        (
            db.scalar(
                "User",
                "age",
                ScalarCondition::In(vec![V::Int(25), V::Int(30)]),
            ),
            vec![1, 3, 4],
        ),
        (
            db.scalar("User", "age", ScalarCondition::In(vec![])),
            vec![],
        ),
        (
            db.scalar("User", "age", ScalarCondition::NotIn(vec![])),
            vec![1, 2, 3, 4],
        ),
        (
            db.scalar("User", "age", ScalarCondition::NotIn(vec![V::Int(30)])),
            vec![3],
        ),
        (
            db.scalar("User", "age", ScalarCondition::Gte(val(V::Int(30)))),
            vec![1, 4],
        ),
        (
            db.scalar("User", "age", ScalarCondition::Lt(val(V::Int(30)))),
            vec![3],
        ),
        (
            db.scalar("User", "email", ScalarCondition::StartsWith(val(s("b")))),
            vec![2],
        ),
        (
            db.scalar("User", "email", ScalarCondition::EndsWith(val(s("e@x")))),
            vec![1, 4],
        ),
        (
            Filter::Scalar {
                field: db.field("User", "name"),
                condition: ScalarCondition::Equals(val(s("alice"))),
                insensitive: true,
            },
            vec![1],
        ),
        (
            Filter::Scalar {
                field: db.field("User", "name"),
                condition: ScalarCondition::Contains(val(s("A"))),
                insensitive: true,
            },
            vec![1, 4],
        ),
        // SQLite's LIKE ignores ASCII case, as Prisma's contains does on SQLite.
        (
            db.scalar("User", "name", ScalarCondition::Contains(val(s("A")))),
            vec![1, 4],
        ),
        // A field reference: users whose id equals their age (none), or is below it.
        (
            db.scalar(
                "User",
                "id",
                ScalarCondition::Lt(Operand::Field(db.field("User", "age"))),
            ),
            vec![1, 3, 4],
        ),
        (
            Filter::Not(Box::new(db.scalar(
                "User",
                "id",
                ScalarCondition::Equals(val(V::Int(1))),
            ))),
            vec![2, 3, 4],
        ),
        (Filter::And(vec![]), vec![1, 2, 3, 4]),
        (Filter::Or(vec![]), vec![]),
        (Filter::Constant(false), vec![]),
        (
            Filter::Or(vec![
                db.scalar("User", "id", ScalarCondition::Equals(val(V::Int(1)))),
                db.scalar("User", "id", ScalarCondition::Equals(val(V::Int(3)))),
            ]),
            vec![1, 3],
        ),
    ];
    for (filter, expected) in cases {
        r.args.filter = Some(filter.clone());
        assert_eq!(db.ids(&r).await, expected, "{filter:?}");
    }
}

#[tokio::test]
/// Prisma 5.19 does not escape LIKE wildcards in contains/startsWith/endsWith values (recorded in scenario
/// 59), so `%` and `_` in a value match like in a pattern.
async fn like_wildcards_in_values_act_as_in_prisma() {
    let db = Db::new().await;
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![db.asc("Post", "id")];
    for (needle, expected) in [
        ("50%", vec![3]),
        ("%", vec![1, 2, 3, 4, 5, 6]),
        ("_", vec![1, 2, 3, 4, 5, 6]),
        ("a_", vec![1, 2, 3, 6]),
    ] {
        r.args.filter = Some(db.scalar("Post", "title", ScalarCondition::Contains(val(s(needle)))));
        assert_eq!(db.ids(&r).await, expected, "{needle}");
    }
}

#[tokio::test]
async fn relation_filters() {
    let db = Db::new().await;
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "id")];
    let views_gt = |n: i64| db.scalar("Post", "views", ScalarCondition::Gt(val(V::Int(n))));
    let posts = db.field("User", "posts");
    let cases: Vec<(Filter, Vec<i64>)> = vec![
        (
            Filter::ToMany {
                field: posts,
                quantifier: Quantifier::Some,
                filter: Box::new(views_gt(12)),
            },
            vec![1, 2],
        ),
        (
            Filter::ToMany {
                field: posts,
                quantifier: Quantifier::None,
                filter: Box::new(views_gt(12)),
            },
            vec![3, 4],
        ),
        // Users without posts satisfy `every`.
        (
            Filter::ToMany {
                field: posts,
                quantifier: Quantifier::Every,
                filter: Box::new(views_gt(7)),
            },
            vec![1, 3, 4],
        ),
        (
            Filter::ToMany {
                field: posts,
                quantifier: Quantifier::Some,
                filter: Box::new(Filter::And(vec![])),
            },
            vec![1, 2],
        ),
        // to-one, child holds the FK
        (
            Filter::ToOne {
                field: db.field("User", "profile"),
                condition: ToOneCondition::Is(Box::new(db.scalar(
                    "Profile",
                    "bio",
                    ScalarCondition::Contains(val(s("dogs"))),
                ))),
            },
            vec![2],
        ),
        (
            Filter::ToOne {
                field: db.field("User", "profile"),
                condition: ToOneCondition::IsNull,
            },
            vec![3, 4],
        ),
        (
            Filter::ToOne {
                field: db.field("User", "profile"),
                condition: ToOneCondition::IsNotNull,
            },
            vec![1, 2],
        ),
        (
            Filter::ToOne {
                field: db.field("User", "profile"),
                condition: ToOneCondition::IsNot(Box::new(db.scalar(
                    "Profile",
                    "bio",
                    ScalarCondition::Contains(val(s("dogs"))),
                ))),
            },
            vec![1, 3, 4],
        ),
        // many-to-many
        (
            Filter::ToMany {
                field: db.field("User", "groups"),
                quantifier: Quantifier::Some,
                filter: Box::new(db.scalar(
                    "Group",
                    "name",
                    ScalarCondition::Equals(val(s("users"))),
                )),
            },
            vec![2, 3],
        ),
        (
            Filter::ToMany {
                field: db.field("User", "groups"),
                quantifier: Quantifier::Every,
                filter: Box::new(db.scalar(
                    "Group",
                    "name",
                    ScalarCondition::Equals(val(s("admins"))),
                )),
            },
            vec![1, 4],
        ),
    ];
    for (filter, expected) in cases {
        r.args.filter = Some(filter.clone());
        assert_eq!(db.ids(&r).await, expected, "{filter:?}");
    }

    // to-one where the parent holds the FK (nullable).
    let mut p = db.read("Post", &["id"]);
    p.args.order_by = vec![db.asc("Post", "id")];
    p.args.filter = Some(Filter::ToOne {
        field: db.field("Post", "author"),
        condition: ToOneCondition::IsNull,
    });
    assert_eq!(db.ids(&p).await, vec![6]);
    p.args.filter = Some(Filter::ToOne {
        field: db.field("Post", "author"),
        condition: ToOneCondition::Is(Box::new(Filter::ToMany {
            field: db.field("User", "groups"),
            quantifier: Quantifier::Some,
            filter: Box::new(db.scalar("Group", "name", ScalarCondition::Equals(val(s("users"))))),
        })),
    });
    assert_eq!(db.ids(&p).await, vec![4, 5]);
    p.args.filter = Some(Filter::ToOne {
        field: db.field("Post", "author"),
        condition: ToOneCondition::IsNot(Box::new(db.scalar(
            "User",
            "name",
            ScalarCondition::Equals(val(s("Alice"))),
        ))),
    });
    assert_eq!(db.ids(&p).await, vec![4, 5, 6]);
}

#[tokio::test]
async fn order_take_skip_and_relation_order() {
    let db = Db::new().await;
    let mut r = db.read("Post", &["id", "title"]);
    r.args.order_by = vec![db.desc("Post", "views")];
    r.args.take = Some(2);
    r.args.skip = Some(1);
    assert_eq!(db.ids(&r).await, vec![2, 5]);

    // Order by the author's name, nulls first, then id.
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![
        OrderBy {
            path: vec![db.field("Post", "author")],
            target: OrderTarget::Field(db.field("User", "name")),
            direction: SortDirection::Desc,
            nulls: Some(SortNulls::First),
        },
        db.asc("Post", "id"),
    ];
    assert_eq!(db.ids(&r).await, vec![6, 4, 5, 1, 2, 3]);

    // Order users by their number of posts.
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![
        OrderBy {
            path: vec![],
            target: OrderTarget::RelationCount(db.field("User", "posts")),
            direction: SortDirection::Desc,
            nulls: None,
        },
        db.asc("User", "id"),
    ];
    assert_eq!(db.ids(&r).await, vec![1, 2, 3, 4]);

    // Nulls last on a nullable column.
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![OrderBy {
        nulls: Some(SortNulls::Last),
        ..db.asc("User", "age")
    }];
    r.args.take = Some(10);
    assert_eq!(db.ids(&r).await, vec![3, 1, 4, 2]);
}

#[tokio::test]
async fn cursor_pagination() {
    let db = Db::new().await;
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "age")];
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "id"), V::Int(1))],
    });
    // age asc (nulls first on SQLite): 2 (null), 3 (25), 1 (30), 4 (30); from user 1 on.
    assert_eq!(db.ids(&r).await, vec![1, 4]);
    r.args.skip = Some(1);
    assert_eq!(db.ids(&r).await, vec![4]);
    r.args.skip = None;
    r.args.order_by = vec![OrderBy {
        nulls: Some(SortNulls::Last),
        ..db.desc("User", "age")
    }];
    // age desc nulls last: 1 (30), 4 (30), 3 (25), 2 (null); cursor at 4.
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "id"), V::Int(4))],
    });
    assert_eq!(db.ids(&r).await, vec![4, 3, 2]);
    // A cursor on a row with a NULL key.
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "id"), V::Int(2))],
    });
    assert_eq!(db.ids(&r).await, vec![2]);
    // A cursor naming no record gives no records.
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "email"), s("nobody@x"))],
    });
    assert_eq!(db.ids(&r).await, Vec::<i64>::new());
    // By a unique field, without order.
    let mut r = db.read("Post", &["id"]);
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("Post", "id"), V::Int(4))],
    });
    r.args.take = Some(2);
    assert_eq!(db.ids(&r).await, vec![4, 5]);
}

#[tokio::test]
async fn distinct_in_the_database() {
    let db = Db::new().await;
    let mut r = db.read("User", &["id", "age"]);
    r.args.distinct = vec![db.field("User", "age")];
    r.args.order_by = vec![db.asc("User", "id")];
    assert_eq!(db.ids(&r).await, vec![1, 2, 3]);
    r.args.order_by = vec![db.desc("User", "id")];
    assert_eq!(db.ids(&r).await, vec![4, 3, 2]);
    r.args.take = Some(1);
    r.args.skip = Some(1);
    assert_eq!(db.ids(&r).await, vec![3]);
}

fn link(parent_field: FieldId, keys: Vec<Vec<V>>) -> Option<RelationLink> {
    Some(RelationLink {
        parent_field,
        parent_keys: keys,
    })
}

fn ints(ids: &[i64]) -> Vec<Vec<V>> {
    ids.iter().map(|i| vec![V::Int(*i)]).collect()
}

#[tokio::test]
async fn nested_reads_with_parent_keys() {
    let db = Db::new().await;
    // One-to-many, the child holds the FK.
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![db.desc("Post", "views")];
    r.link = link(db.field("User", "posts"), ints(&[1, 2, 3]));
    let set = db.run(&r).await;
    let ids: Vec<&V> = set.records.iter().map(|r| &r[0]).collect();
    assert_eq!(ids, [3, 2, 5, 1, 4].map(V::Int).iter().collect::<Vec<_>>());
    assert_eq!(set.parent_keys, ints(&[1, 1, 2, 1, 2]));

    // Per-parent take and skip in SQL.
    r.args.take = Some(1);
    r.args.skip = Some(1);
    let set = db.run(&r).await;
    let pairs: Vec<(V, V)> = set
        .records
        .iter()
        .zip(&set.parent_keys)
        .map(|(r, k)| (r[0].clone(), k[0].clone()))
        .collect();
    // Alice's second most viewed (2, 20 views), Bob's (4, 5 views), in views order.
    assert_eq!(pairs, vec![(V::Int(2), V::Int(1)), (V::Int(4), V::Int(2))]);

    // The parent holds the FK: keys are FK values, duplicates and NULLs are fine.
    let mut r = db.read("User", &["id", "name"]);
    r.link = link(
        db.field("Post", "author"),
        vec![
            vec![V::Int(1)],
            vec![V::Int(1)],
            vec![V::Null],
            vec![V::Int(2)],
        ],
    );
    r.args.order_by = vec![db.asc("User", "id")];
    let set = db.run(&r).await;
    assert_eq!(
        set.records,
        vec![vec![V::Int(1), s("Alice")], vec![V::Int(2), s("Bob")]]
    );
    assert_eq!(set.parent_keys, ints(&[1, 2]));

    // Implicit many-to-many, both directions.
    let mut r = db.read("Group", &["id"]);
    r.args.order_by = vec![db.asc("Group", "id")];
    r.link = link(db.field("User", "groups"), ints(&[2, 3, 4]));
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[1, 2, 2]));
    assert_eq!(set.parent_keys, ints(&[2, 2, 3]));
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.desc("User", "id")];
    r.args.take = Some(1);
    r.link = link(db.field("Group", "users"), ints(&[1, 2]));
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[3, 2]));
    assert_eq!(set.parent_keys, ints(&[2, 1]));

    // Nested distinct per parent.
    let mut r = db.read("Post", &["id"]);
    r.link = link(db.field("User", "posts"), ints(&[1, 2]));
    r.args.distinct = vec![db.field("Post", "authorId")];
    r.args.order_by = vec![db.desc("Post", "id")];
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[5, 3]));
    assert_eq!(set.parent_keys, ints(&[2, 1]));

    // Nested cursor.
    let mut r = db.read("Post", &["id"]);
    r.link = link(db.field("User", "posts"), ints(&[1]));
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("Post", "id"), V::Int(2))],
    });
    r.args.take = Some(5);
    assert_eq!(db.ids(&r).await, vec![2, 3]);

    // No parents: no statement.
    let before = db.connector.statement_count();
    r.link = link(db.field("User", "posts"), vec![vec![V::Null]]);
    assert!(db.run(&r).await.records.is_empty());
    assert_eq!(db.connector.statement_count(), before);
}

#[tokio::test]
async fn one_statement_per_nested_read_for_many_parents() {
    // 10 000 users with one post each.
    let users: Vec<String> = (1..=10_000)
        .map(|i| format!("({i}, 'u{i}@x', NULL, NULL)"))
        .collect();
    let posts: Vec<String> = (1..=10_000)
        .map(|i| format!("({i}, 'p{i}', {i}, 0, {i})"))
        .collect();
    let db = Db::with_data(
        false,
        vec![
            format!(r#"INSERT INTO "User" VALUES {}"#, users.join(",")),
            format!(r#"INSERT INTO "Post" VALUES {}"#, posts.join(",")),
        ],
    )
    .await;
    let conn = db.connector.connection().await.unwrap();
    for parents in [10i64, 10_000] {
        let mut r = db.read("Post", &["id", "authorId"]);
        r.args.order_by = vec![db.asc("Post", "id")];
        r.args.take = Some(1);
        r.link = link(
            db.field("User", "posts"),
            (1..=parents).map(|i| vec![V::Int(i)]).collect(),
        );
        let before = db.connector.statement_count();
        let set = conn.read_records(&r).await.unwrap();
        assert_eq!(
            db.connector.statement_count() - before,
            1,
            "{parents} parents"
        );
        assert_eq!(set.records.len() as i64, parents);
        assert_eq!(set.parent_keys.len() as i64, parents);
    }
}

#[tokio::test]
async fn relation_counts() {
    let db = Db::new().await;
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "id")];
    r.counts = vec![
        RelationCount {
            field: db.field("User", "posts"),
            filter: None,
        },
        RelationCount {
            field: db.field("User", "posts"),
            filter: Some(db.scalar("Post", "views", ScalarCondition::Gt(val(V::Int(12))))),
        },
        RelationCount {
            field: db.field("User", "groups"),
            filter: None,
        },
    ];
    let set = db.run(&r).await;
    assert_eq!(
        set.records,
        vec![
            vec![V::Int(1), V::Int(3), V::Int(2), V::Int(1)],
            vec![V::Int(2), V::Int(2), V::Int(1), V::Int(2)],
            vec![V::Int(3), V::Int(0), V::Int(0), V::Int(1)],
            vec![V::Int(4), V::Int(0), V::Int(0), V::Int(0)],
        ]
    );
}

fn agg(kind: AggregateKind, fields: Vec<AggregateField>) -> AggregateSelection {
    AggregateSelection { kind, fields }
}

#[tokio::test]
async fn aggregates() {
    let db = Db::new().await;
    let views = AggregateField::Field(db.field("Post", "views"));
    let score = AggregateField::Field(db.field("Post", "score"));
    let author = AggregateField::Field(db.field("Post", "authorId"));
    let selections = vec![
        agg(AggregateKind::Count, vec![AggregateField::All, author]),
        agg(AggregateKind::Sum, vec![views, score]),
        agg(AggregateKind::Avg, vec![views]),
        agg(AggregateKind::Min, vec![views]),
        agg(AggregateKind::Max, vec![views]),
    ];
    let conn = db.connector.connection().await.unwrap();
    let row = conn
        .aggregate(db.model("Post"), &QueryArgs::default(), &selections)
        .await
        .unwrap();
    assert_eq!(
        row,
        vec![
            vec![V::Int(6), V::Int(5)],
            vec![V::Int(80), V::Float(8.5)],
            vec![V::Float(80.0 / 6.0)],
            vec![V::Int(0)],
            vec![V::Int(30)],
        ]
    );
    // Over a page: the two most viewed posts.
    let args = QueryArgs {
        order_by: vec![db.desc("Post", "views")],
        take: Some(2),
        ..QueryArgs::default()
    };
    let row = conn
        .aggregate(
            db.model("Post"),
            &args,
            &[
                agg(AggregateKind::Sum, vec![views]),
                agg(AggregateKind::Count, vec![AggregateField::All]),
            ],
        )
        .await
        .unwrap();
    assert_eq!(row, vec![vec![V::Int(50)], vec![V::Int(2)]]);
    // Over no rows.
    let args =
        QueryArgs::filtered(db.scalar("Post", "views", ScalarCondition::Gt(val(V::Int(1000)))));
    let row = conn
        .aggregate(
            db.model("Post"),
            &args,
            &[
                agg(AggregateKind::Sum, vec![views]),
                agg(AggregateKind::Count, vec![AggregateField::All]),
            ],
        )
        .await
        .unwrap();
    assert_eq!(row, vec![vec![V::Null], vec![V::Int(0)]]);
}

#[tokio::test]
async fn group_by() {
    let db = Db::new().await;
    let author = db.field("Post", "authorId");
    let views = db.field("Post", "views");
    let query = GroupByQuery {
        model: db.model("Post"),
        by: vec![author],
        args: QueryArgs {
            filter: Some(db.scalar("Post", "views", ScalarCondition::Gt(val(V::Int(0))))),
            order_by: vec![OrderBy {
                path: vec![],
                target: OrderTarget::Aggregate {
                    kind: AggregateKind::Sum,
                    field: views,
                },
                direction: SortDirection::Desc,
                nulls: None,
            }],
            ..QueryArgs::default()
        },
        having: Some(Filter::Aggregate {
            kind: AggregateKind::Count,
            field: views,
            condition: ScalarCondition::Gte(val(V::Int(2))),
        }),
        selections: vec![
            GroupBySelection::Field(author),
            GroupBySelection::Aggregate(agg(
                AggregateKind::Sum,
                vec![AggregateField::Field(views)],
            )),
            GroupBySelection::Aggregate(agg(AggregateKind::Count, vec![AggregateField::All])),
        ],
    };
    let conn = db.connector.connection().await.unwrap();
    let rows = conn.group_by(&query).await.unwrap();
    assert_eq!(
        rows,
        vec![
            vec![V::Int(1), V::Int(60), V::Int(3)],
            vec![V::Int(2), V::Int(20), V::Int(2)],
        ]
    );
    // A plain scalar `having` on a `by` field, with take.
    let mut query = query;
    query.having = Some(db.scalar("Post", "authorId", ScalarCondition::Equals(val(V::Int(2)))));
    let rows = conn.group_by(&query).await.unwrap();
    assert_eq!(rows, vec![vec![V::Int(2), V::Int(20), V::Int(2)]]);
}

#[tokio::test]
async fn compound_keys_are_chunked_under_the_bind_limit() {
    let schema = r#"
datasource db {
  provider = "sqlite"
  url      = "file:./test.db"
}

model A {
  x  Int
  y  Int
  bs B[]

  @@id([x, y])
}

model B {
  id Int @id
  ax Int
  ay Int
  a  A   @relation(fields: [ax, ay], references: [x, y])
}
"#;
    let dir = tempfile::tempdir().unwrap();
    let driver = SqliteDriver::open("file:./test.db", dir.path())
        .await
        .unwrap();
    {
        let conn = driver.connection().await.unwrap();
        conn.execute(&stmt(r#"CREATE TABLE "B" ("id" INTEGER PRIMARY KEY, "ax" INTEGER NOT NULL, "ay" INTEGER NOT NULL)"#))
            .await
            .unwrap();
        let rows: Vec<String> = (1..=20_000).map(|i| format!("({i}, {i}, 0)")).collect();
        conn.execute(&stmt(&format!(
            r#"INSERT INTO "B" VALUES {}"#,
            rows.join(",")
        )))
        .await
        .unwrap();
    }
    let dm = Arc::new(schema_core::validate(schema).datamodel);
    let connector = SqlConnector::new(Box::new(driver), dm.clone());
    let a = dm.find_model("A").unwrap();
    let b = dm.find_model("B").unwrap();
    let read = RecordRead {
        model: b,
        args: QueryArgs {
            order_by: vec![OrderBy::field(
                dm.find_field(b, "id").unwrap(),
                SortDirection::Asc,
            )],
            ..QueryArgs::default()
        },
        fields: vec![dm.find_field(b, "id").unwrap()],
        counts: vec![],
        link: link(
            dm.find_field(a, "bs").unwrap(),
            (1..=20_000).map(|i| vec![V::Int(i), V::Int(0)]).collect(),
        ),
    };
    let conn = connector.connection().await.unwrap();
    let set = conn.read_records(&read).await.unwrap();
    // 40 000 bind values do not fit SQLite's 32 766: two statements.
    assert_eq!(connector.statement_count(), 2);
    assert_eq!(set.records.len(), 20_000);
    assert_eq!(set.parent_keys[19_999], vec![V::Int(20_000), V::Int(0)]);
    assert_eq!(set.records[19_999], vec![V::Int(20_000)]);
}
