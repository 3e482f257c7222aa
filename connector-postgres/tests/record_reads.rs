//! Record reads through the SQL connector on a real PostgreSQL database (a private schema per test):
//! filters (enums, insensitive, relations), order, pagination, cursors, DISTINCT ON, nested reads with one
//! array parameter, counts, aggregates and groupBy. Skipped with a notice when `TEST_POSTGRES_URL` is unset.

mod support;

use std::sync::Arc;

use engine_core::connector::record::{Connector, RecordRead, RecordSet, RelationLink};
use engine_core::query::{
    AggregateField, AggregateKind, AggregateSelection, CursorCondition, Filter, GroupByQuery,
    GroupBySelection, JsonCondition, JsonFilterValue, ListCondition, Operand, OrderBy, OrderTarget,
    Quantifier, QueryArgs, RelationCount, ScalarCondition, SortDirection, SortNulls,
    ToOneCondition,
};
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
  id      Int      @id
  email   String   @unique
  name    String?
  age     Int?
  role    Role     @default(USER)
  tags    String[]
  meta    Json?
  posts   Post[]
  profile Profile?
  groups  Group[]
}

model Post {
  id       Int     @id
  title    String
  views    Int
  big      BigInt  @default(0)
  price    Decimal @default(0)
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
    r#"CREATE TYPE "Role" AS ENUM ('USER', 'admin')"#,
    r#"CREATE TABLE "User" ("id" INTEGER PRIMARY KEY, "email" TEXT NOT NULL UNIQUE, "name" TEXT, "age" INTEGER, "role" "Role" NOT NULL DEFAULT 'USER', "tags" TEXT[], "meta" JSONB)"#,
    r#"CREATE TABLE "Post" ("id" INTEGER PRIMARY KEY, "title" TEXT NOT NULL, "views" INTEGER NOT NULL, "big" BIGINT NOT NULL DEFAULT 0, "price" DECIMAL(65,30) NOT NULL DEFAULT 0, "authorId" INTEGER REFERENCES "User"("id"))"#,
    r#"CREATE TABLE "Profile" ("id" INTEGER PRIMARY KEY, "bio" TEXT NOT NULL, "userId" INTEGER NOT NULL UNIQUE REFERENCES "User"("id"))"#,
    r#"CREATE TABLE "Group" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL)"#,
    r#"CREATE TABLE "_GroupToUser" ("A" INTEGER NOT NULL REFERENCES "Group"("id"), "B" INTEGER NOT NULL REFERENCES "User"("id"))"#,
    r#"CREATE UNIQUE INDEX "_GroupToUser_AB_unique" ON "_GroupToUser"("A", "B")"#,
    r#"INSERT INTO "User" VALUES (1, 'alice@x', 'Alice', 30, 'admin', '{a,b}', '{"k": 1, "s": "hello"}'), (2, 'bob@x', 'Bob', NULL, 'USER', '{b}', '{"k": 2}'), (3, 'carol@x', NULL, 25, 'USER', '{}', 'null'), (4, 'dave@x', 'Dave', 30, 'admin', NULL, NULL)"#,
    r#"INSERT INTO "Post" VALUES (1, 'a1', 10, 1, 1.5, 1), (2, 'a2', 20, 2, 2.5, 1), (3, 'a3 50%', 30, 3, 3.5, 1), (4, 'b1', 5, 4, 0, 2), (5, 'b2', 15, 5, 1, 2), (6, 'orphan', 0, 6, 0, NULL)"#,
    r#"INSERT INTO "Profile" VALUES (1, 'likes cats', 1), (2, 'likes dogs', 2)"#,
    r#"INSERT INTO "Group" VALUES (1, 'admins'), (2, 'users')"#,
    r#"INSERT INTO "_GroupToUser" VALUES (1, 1), (1, 2), (2, 2), (2, 3)"#,
];

struct Db {
    connector: SqlConnector,
    dm: Arc<Datamodel>,
    _schema: TestSchema,
}

impl Db {
    /// A private schema with the tables of [`SCHEMA`] and a small data set (the same as the SQLite tests'),
    /// or `None` when no server is configured.
    async fn new() -> Option<Db> {
        Self::with_extra(&[]).await
    }

    async fn with_extra(extra: &[String]) -> Option<Db> {
        let base = support::base_url()?;
        let schema = TestSchema::new(&base).await;
        let driver = schema.driver("").await;
        for sql in DDL {
            exec(&driver, sql, vec![]).await;
        }
        for sql in extra {
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

    /// Ids of users matching `filter`, by id.
    async fn users(&self, filter: Filter) -> Vec<i64> {
        let mut r = self.read("User", &["id"]);
        r.args.order_by = vec![self.asc("User", "id")];
        r.args.filter = Some(filter);
        self.ids(&r).await
    }
}

fn val(v: V) -> Operand {
    Operand::Value(v)
}

fn s(text: &str) -> V {
    V::String(text.into())
}

fn ints(ids: &[i64]) -> Vec<Vec<V>> {
    ids.iter().map(|i| vec![V::Int(*i)]).collect()
}

fn link(parent_field: FieldId, keys: Vec<Vec<V>>) -> Option<RelationLink> {
    Some(RelationLink {
        parent_field,
        parent_keys: keys,
    })
}

#[tokio::test]
async fn scalar_enum_and_insensitive_filters() {
    let Some(db) = Db::new().await else {
        return;
    };
    let name = |condition, insensitive| Filter::Scalar {
        field: db.field("User", "name"),
        condition,
        insensitive,
    };
    assert_eq!(
        db.users(name(ScalarCondition::Equals(val(V::Null)), false))
            .await,
        vec![3]
    );
    assert_eq!(
        db.users(name(ScalarCondition::NotEquals(val(s("Bob"))), false))
            .await,
        vec![1, 4]
    );
    assert_eq!(
        db.users(name(ScalarCondition::Contains(val(s("A"))), false))
            .await,
        vec![1]
    );
    assert_eq!(
        db.users(name(ScalarCondition::Contains(val(s("A"))), true))
            .await,
        vec![1, 4]
    );
    assert_eq!(
        db.users(name(ScalarCondition::Equals(val(s("ALICE"))), true))
            .await,
        vec![1]
    );
    assert_eq!(
        db.users(name(ScalarCondition::In(vec![s("alice"), s("BOB")]), true))
            .await,
        vec![1, 2]
    );
    assert_eq!(
        db.users(db.scalar(
            "User",
            "age",
            ScalarCondition::In(vec![V::Int(25), V::Int(30)])
        ))
        .await,
        vec![1, 3, 4]
    );
    assert_eq!(
        db.users(db.scalar("User", "age", ScalarCondition::NotIn(vec![V::Int(30)])))
            .await,
        vec![3]
    );
    assert_eq!(
        db.users(db.scalar("User", "age", ScalarCondition::In(vec![])))
            .await,
        Vec::<i64>::new()
    );
    // Enums by schema name, stored under their @map names, returned by schema name.
    let role = |condition| db.scalar("User", "role", condition);
    assert_eq!(
        db.users(role(ScalarCondition::Equals(val(V::Enum("ADMIN".into())))))
            .await,
        vec![1, 4]
    );
    assert_eq!(
        db.users(role(ScalarCondition::In(vec![V::Enum("ADMIN".into())])))
            .await,
        vec![1, 4]
    );
    let mut r = db.read("User", &["id", "role"]);
    r.args.order_by = vec![db.asc("User", "id")];
    r.args.take = Some(2);
    let set = db.run(&r).await;
    assert_eq!(
        set.records,
        vec![
            vec![V::Int(1), V::Enum("ADMIN".into())],
            vec![V::Int(2), V::Enum("USER".into())]
        ]
    );
    // LIKE wildcards in the value act as wildcards, as in Prisma 5.19 (scenario 59).
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![db.asc("Post", "id")];
    r.args.filter = Some(db.scalar("Post", "title", ScalarCondition::Contains(val(s("0%")))));
    assert_eq!(db.ids(&r).await, vec![3]);
    r.args.filter = Some(db.scalar("Post", "title", ScalarCondition::Contains(val(s("_")))));
    assert_eq!(db.ids(&r).await, vec![1, 2, 3, 4, 5, 6]);
}

#[tokio::test]
async fn relation_filters() {
    let Some(db) = Db::new().await else {
        return;
    };
    let posts = db.field("User", "posts");
    let views_gt =
        |n: i64| Box::new(db.scalar("Post", "views", ScalarCondition::Gt(val(V::Int(n)))));
    let to_many = |quantifier, filter| Filter::ToMany {
        field: posts,
        quantifier,
        filter,
    };
    assert_eq!(
        db.users(to_many(Quantifier::Some, views_gt(12))).await,
        vec![1, 2]
    );
    assert_eq!(
        db.users(to_many(Quantifier::None, views_gt(12))).await,
        vec![3, 4]
    );
    assert_eq!(
        db.users(to_many(Quantifier::Every, views_gt(7))).await,
        vec![1, 3, 4]
    );
    let profile = db.field("User", "profile");
    assert_eq!(
        db.users(Filter::ToOne {
            field: profile,
            condition: ToOneCondition::IsNull
        })
        .await,
        vec![3, 4]
    );
    assert_eq!(
        db.users(Filter::ToOne {
            field: profile,
            condition: ToOneCondition::Is(Box::new(db.scalar(
                "Profile",
                "bio",
                ScalarCondition::EndsWith(val(s("cats")))
            ))),
        })
        .await,
        vec![1]
    );
    let groups = db.field("User", "groups");
    assert_eq!(
        db.users(Filter::ToMany {
            field: groups,
            quantifier: Quantifier::None,
            filter: Box::new(Filter::And(vec![])),
        })
        .await,
        vec![4]
    );
    let mut p = db.read("Post", &["id"]);
    p.args.order_by = vec![db.asc("Post", "id")];
    p.args.filter = Some(Filter::ToOne {
        field: db.field("Post", "author"),
        condition: ToOneCondition::IsNull,
    });
    assert_eq!(db.ids(&p).await, vec![6]);
    p.args.filter = Some(Filter::ToOne {
        field: db.field("Post", "author"),
        condition: ToOneCondition::IsNotNull,
    });
    assert_eq!(db.ids(&p).await, vec![1, 2, 3, 4, 5]);
}

#[tokio::test]
async fn order_cursor_and_distinct() {
    let Some(db) = Db::new().await else {
        return;
    };
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![
        OrderBy {
            path: vec![db.field("Post", "author")],
            target: OrderTarget::Field(db.field("User", "name")),
            direction: SortDirection::Asc,
            nulls: Some(SortNulls::First),
        },
        db.desc("Post", "views"),
    ];
    assert_eq!(db.ids(&r).await, vec![6, 3, 2, 1, 5, 4]);

    // Cursor over a nullable key; PostgreSQL sorts NULL last ascending: 3 (25), 1, 4 (30), 2 (null).
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "age")];
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "id"), V::Int(4))],
    });
    assert_eq!(db.ids(&r).await, vec![4, 2]);
    r.args.order_by = vec![OrderBy {
        nulls: Some(SortNulls::First),
        ..db.desc("User", "age")
    }];
    r.args.cursor = Some(CursorCondition {
        fields: vec![(db.field("User", "id"), V::Int(2))],
    });
    r.args.take = Some(2);
    assert_eq!(db.ids(&r).await, vec![2, 1]);

    // DISTINCT ON where the order allows it, ROW_NUMBER otherwise.
    let mut r = db.read("User", &["id"]);
    r.args.distinct = vec![db.field("User", "age")];
    r.args.order_by = vec![db.asc("User", "age"), db.desc("User", "id")];
    assert_eq!(db.ids(&r).await, vec![3, 4, 2]);
    r.args.order_by = vec![db.desc("User", "id")];
    assert_eq!(db.ids(&r).await, vec![4, 3, 2]);
    r.args.order_by = vec![];
    r.args.take = Some(2);
    assert_eq!(db.ids(&r).await.len(), 2);
}

#[tokio::test]
async fn nested_reads_use_one_array_parameter() {
    let Some(db) = Db::new().await else {
        return;
    };
    let mut r = db.read("Post", &["id"]);
    r.args.order_by = vec![db.desc("Post", "views")];
    r.link = link(db.field("User", "posts"), ints(&[1, 2, 3]));
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[3, 2, 5, 1, 4]));
    assert_eq!(set.parent_keys, ints(&[1, 1, 2, 1, 2]));
    r.args.take = Some(2);
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[3, 2, 5, 4]));
    assert_eq!(set.parent_keys, ints(&[1, 1, 2, 2]));

    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "id")];
    r.link = link(db.field("Group", "users"), ints(&[2, 1]));
    r.args.skip = Some(1);
    let set = db.run(&r).await;
    assert_eq!(set.records, ints(&[2, 3]));
    assert_eq!(set.parent_keys, ints(&[1, 2]));

    let mut r = db.read("User", &["id", "email"]);
    r.link = link(db.field("Profile", "user"), ints(&[2, 1]));
    r.args.order_by = vec![db.asc("User", "id")];
    let set = db.run(&r).await;
    assert_eq!(
        set.records,
        vec![vec![V::Int(1), s("alice@x")], vec![V::Int(2), s("bob@x")]]
    );
    assert_eq!(set.parent_keys, ints(&[1, 2]));
}

#[tokio::test]
async fn one_statement_for_ten_thousand_parents() {
    let extra = vec![
        r#"INSERT INTO "User" (id, email) SELECT i, 'u' || i FROM generate_series(100, 10099) AS i"#.to_owned(),
        r#"INSERT INTO "Post" (id, title, views, "authorId") SELECT i, 't', i, i FROM generate_series(100, 10099) AS i"#.to_owned(),
    ];
    let Some(db) = Db::with_extra(&extra).await else {
        return;
    };
    let conn = db.connector.connection().await.unwrap();
    for parents in [10i64, 10_000] {
        let mut r = db.read("Post", &["id"]);
        r.args.order_by = vec![db.asc("Post", "id")];
        r.args.take = Some(1);
        r.link = link(
            db.field("User", "posts"),
            (100..100 + parents).map(|i| vec![V::Int(i)]).collect(),
        );
        let before = db.connector.statement_count();
        let set = conn.read_records(&r).await.unwrap();
        assert_eq!(db.connector.statement_count() - before, 1);
        assert_eq!(set.records.len() as i64, parents);
    }
}

#[tokio::test]
async fn counts_aggregates_and_group_by() {
    let Some(db) = Db::new().await else {
        return;
    };
    let mut r = db.read("User", &["id"]);
    r.args.order_by = vec![db.asc("User", "id")];
    r.counts = vec![
        RelationCount {
            field: db.field("User", "posts"),
            filter: None,
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
            vec![V::Int(1), V::Int(3), V::Int(1)],
            vec![V::Int(2), V::Int(2), V::Int(2)],
            vec![V::Int(3), V::Int(0), V::Int(1)],
            vec![V::Int(4), V::Int(0), V::Int(0)],
        ]
    );

    let field = |name| AggregateField::Field(db.field("Post", name));
    let agg = |kind, fields| AggregateSelection { kind, fields };
    let conn = db.connector.connection().await.unwrap();
    let row = conn
        .aggregate(
            db.model("Post"),
            &QueryArgs::default(),
            &[
                agg(
                    AggregateKind::Count,
                    vec![AggregateField::All, field("authorId")],
                ),
                agg(AggregateKind::Sum, vec![field("views"), field("big")]),
                agg(AggregateKind::Avg, vec![field("views"), field("price")]),
                agg(AggregateKind::Max, vec![field("price")]),
            ],
        )
        .await
        .unwrap();
    assert_eq!(row[0], vec![V::Int(6), V::Int(5)]);
    assert_eq!(row[1], vec![V::Int(80), V::BigInt(21)]);
    assert_eq!(row[2][0], V::Float(80.0 / 6.0));
    assert!(matches!(row[2][1], V::Decimal(_)), "{:?}", row[2][1]);
    assert_eq!(row[3], vec![V::Decimal("3.5".parse().unwrap())]);

    let args = QueryArgs {
        order_by: vec![db.asc("Post", "views")],
        skip: Some(1),
        take: Some(3),
        ..QueryArgs::default()
    };
    let row = conn
        .aggregate(
            db.model("Post"),
            &args,
            &[agg(AggregateKind::Sum, vec![field("views")])],
        )
        .await
        .unwrap();
    assert_eq!(row, vec![vec![V::Int(30)]]);

    let author = db.field("Post", "authorId");
    let rows = conn
        .group_by(&GroupByQuery {
            model: db.model("Post"),
            by: vec![author],
            args: QueryArgs {
                order_by: vec![OrderBy {
                    nulls: Some(SortNulls::First),
                    ..db.asc("Post", "authorId")
                }],
                ..QueryArgs::default()
            },
            having: Some(Filter::Aggregate {
                kind: AggregateKind::Avg,
                field: db.field("Post", "views"),
                condition: ScalarCondition::Lt(val(V::Float(15.0))),
            }),
            selections: vec![
                GroupBySelection::Field(author),
                GroupBySelection::Aggregate(agg(AggregateKind::Max, vec![field("views")])),
            ],
        })
        .await
        .unwrap();
    assert_eq!(
        rows,
        vec![vec![V::Null, V::Int(0)], vec![V::Int(2), V::Int(15)]]
    );
}

#[tokio::test]
async fn scalar_list_and_json_filters() {
    let Some(db) = Db::new().await else {
        return;
    };
    let tags = db.field("User", "tags");
    let list = |condition| Filter::List {
        field: tags,
        condition,
    };
    assert_eq!(
        db.users(list(ListCondition::Has(val(s("b"))))).await,
        vec![1, 2]
    );
    assert_eq!(
        db.users(list(ListCondition::HasEvery(vec![s("a"), s("b")])))
            .await,
        vec![1]
    );
    assert_eq!(
        db.users(list(ListCondition::HasSome(vec![s("a"), s("z")])))
            .await,
        vec![1]
    );
    assert_eq!(db.users(list(ListCondition::IsEmpty(true))).await, vec![3]);
    assert_eq!(
        db.users(list(ListCondition::Equals(Some(vec![s("b")]))))
            .await,
        vec![2]
    );
    assert_eq!(db.users(list(ListCondition::Equals(None))).await, vec![4]);

    let meta = db.field("User", "meta");
    let json = |path: Option<Vec<&str>>, condition| Filter::Json {
        field: meta,
        path: path.map(|p| p.into_iter().map(str::to_owned).collect()),
        condition,
    };
    assert_eq!(
        db.users(json(None, JsonCondition::Equals(JsonFilterValue::DbNull)))
            .await,
        vec![4]
    );
    assert_eq!(
        db.users(json(None, JsonCondition::Equals(JsonFilterValue::JsonNull)))
            .await,
        vec![3]
    );
    assert_eq!(
        db.users(json(None, JsonCondition::Equals(JsonFilterValue::AnyNull)))
            .await,
        vec![3, 4]
    );
    assert_eq!(
        db.users(json(
            Some(vec!["k"]),
            JsonCondition::Equals(JsonFilterValue::Json("2".into()))
        ))
        .await,
        vec![2]
    );
    assert_eq!(
        db.users(json(Some(vec!["k"]), JsonCondition::Gt("1".into())))
            .await,
        vec![2]
    );
    assert_eq!(
        db.users(json(
            Some(vec!["s"]),
            JsonCondition::StringStartsWith("hel".into())
        ))
        .await,
        vec![1]
    );
    assert_eq!(
        db.users(json(
            None,
            JsonCondition::NotEquals(JsonFilterValue::Json(r#"{"k": 2}"#.into()))
        ))
        .await,
        vec![1, 3]
    );
}
