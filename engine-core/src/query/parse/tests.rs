//! Unit tests of validation with small inline schemas: the IR produced for representative inputs.

use chrono::DateTime;
use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use super::{parse_operation, ParseContext};
use crate::error::{EngineError, ValidationError};
use crate::protocol::json::parse_request;
use crate::protocol::QueryDocument;
use crate::query::*;
use crate::value::PrismaValue;

const SCHEMA: &str = r#"
datasource db {
  provider = "PROVIDER"
  url      = env("DATABASE_URL")
}

model User {
  id        String   @id @default(uuid())
  email     String   @unique
  name      String?
  role      Role     @default(USER)
  createdAt DateTime @default(now())
  updatedAt DateTime @updatedAt
  posts     Post[]
  profile   Profile?
}

model Profile {
  id     Int    @id @default(autoincrement())
  bio    String
  userId String @unique
  user   User   @relation(fields: [userId], references: [id])
}

model Post {
  id       Int      @id @default(autoincrement())
  title    String
  views    Int      @default(0)
  score    Float?
  authorId String?
  author   User?    @relation(fields: [authorId], references: [id])
  tags     String[]
  meta     Json?

  @@unique([title, authorId])
}

enum Role {
  USER
  ADMIN
}
"#;

fn datamodel(provider: &str) -> Datamodel {
    let source = SCHEMA.replace("PROVIDER", provider);
    let source = if provider == "postgresql" {
        source
    } else {
        // Scalar lists, Json and enums are not on every provider; drop them where unsupported.
        let source = source
            .replace("  tags     String[]\n", "")
            .replace("  meta     Json?\n", "")
            .replace("  role      Role     @default(USER)\n", "");
        match source.find("enum Role") {
            Some(start) => source[..start].to_owned(),
            None => source,
        }
    };
    let validated = schema_core::validate(&source);
    assert!(validated.is_valid(), "{:?}", validated.diagnostics);
    validated.datamodel
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    DateTime::parse_from_rfc3339("2024-05-01T12:00:00.000Z").unwrap()
}

fn parse(dm: &Datamodel, body: &str) -> Result<Query, EngineError> {
    let QueryDocument::Single(operation) = parse_request(body).unwrap() else {
        panic!("not a single operation")
    };
    parse_operation(dm, &ParseContext { now: now() }, &operation)
}

fn field(dm: &Datamodel, model: &str, name: &str) -> FieldId {
    dm.find_field(dm.find_model(model).unwrap(), name).unwrap()
}

fn model(dm: &Datamodel, name: &str) -> ModelId {
    dm.find_model(name).unwrap()
}

fn record(query: Query) -> RecordQuery {
    match query {
        Query::Read(ReadQuery::FindMany(q))
        | Query::Read(ReadQuery::FindUnique { query: q, .. })
        | Query::Read(ReadQuery::FindFirst { query: q, .. }) => q,
        other => panic!("not a record read: {other:?}"),
    }
}

#[test]
fn find_unique_with_compound_key_and_extra_filter() {
    let dm = datamodel("postgresql");
    let query = parse(
        &dm,
        r#"{"modelName":"Post","action":"findUniqueOrThrow","query":{"arguments":{"where":
            {"title_authorId":{"title":"a","authorId":"u1"},"views":{"gt":3}}},"selection":{"id":true}}}"#,
    )
    .unwrap();
    let Query::Read(ReadQuery::FindUnique { query, or_throw }) = query else {
        panic!()
    };
    assert!(or_throw);
    let title = field(&dm, "Post", "title");
    let author = field(&dm, "Post", "authorId");
    let views = field(&dm, "Post", "views");
    assert_eq!(
        query.args.filter,
        Some(Filter::And(vec![
            Filter::fields_equal([
                (title, PrismaValue::String("a".into())),
                (author, PrismaValue::String("u1".into()))
            ]),
            Filter::Scalar {
                field: views,
                condition: ScalarCondition::Gt(Operand::Value(PrismaValue::Int(3))),
                insensitive: false
            }
        ]))
    );
    assert_eq!(
        query.selection.fields,
        vec![SelectedField::Scalar(field(&dm, "Post", "id"))]
    );
}

#[test]
fn find_many_arguments_become_query_args() {
    let dm = datamodel("sqlite");
    let query = record(
        parse(
            &dm,
            r#"{"modelName":"Post","action":"findMany","query":{"arguments":{
                "where":{"OR":[{"title":{"startsWith":"a"}},{"author":{"is":{"email":"x"}}}],"NOT":[{"views":5},{"score":null}],"authorId":{"equals":null}},
                "orderBy":[{"score":{"sort":"desc","nulls":"last"}},{"author":{"email":"asc"}}],
                "cursor":{"id":4},"take":-2,"skip":1,"distinct":"title"},
                "selection":{"$scalars":true}}}"#,
        )
        .unwrap(),
    );
    let f = |name| field(&dm, "Post", name);
    let email = field(&dm, "User", "email");
    let args = query.args;
    assert_eq!(
        args.filter,
        Some(Filter::And(vec![
            Filter::Or(vec![
                Filter::Scalar {
                    field: f("title"),
                    condition: ScalarCondition::StartsWith(Operand::Value(PrismaValue::String(
                        "a".into()
                    ))),
                    insensitive: false
                },
                Filter::ToOne {
                    field: f("author"),
                    condition: ToOneCondition::Is(Box::new(Filter::equals(
                        email,
                        PrismaValue::String("x".into())
                    )))
                }
            ]),
            Filter::And(vec![
                Filter::Not(Box::new(Filter::equals(f("views"), PrismaValue::Int(5)))),
                Filter::Not(Box::new(Filter::equals(f("score"), PrismaValue::Null))),
            ]),
            Filter::Scalar {
                field: f("authorId"),
                condition: ScalarCondition::Equals(Operand::Value(PrismaValue::Null)),
                insensitive: false
            }
        ]))
    );
    assert_eq!(
        args.order_by,
        vec![
            OrderBy {
                path: vec![],
                target: OrderTarget::Field(f("score")),
                direction: SortDirection::Desc,
                nulls: Some(SortNulls::Last)
            },
            OrderBy {
                path: vec![f("author")],
                target: OrderTarget::Field(email),
                direction: SortDirection::Asc,
                nulls: None
            }
        ]
    );
    assert_eq!(
        args.cursor,
        Some(CursorCondition {
            fields: vec![(f("id"), PrismaValue::Int(4))]
        })
    );
    assert_eq!((args.take, args.skip), (Some(-2), Some(1)));
    assert_eq!(args.distinct, vec![f("title")]);
    // $scalars: every scalar in schema order.
    let scalars: Vec<FieldId> = query.selection.scalars().collect();
    assert_eq!(
        scalars,
        vec![f("id"), f("title"), f("views"), f("score"), f("authorId")]
    );
}

#[test]
fn selection_entries_resolve_in_order() {
    let dm = datamodel("sqlite");
    let query = record_query(parse(
        &dm,
        r#"{"modelName":"User","action":"findMany","query":{"arguments":{},"selection":{
            "email":false,"$scalars":true,
            "posts":{"arguments":{"where":{"views":{"gte":1}},"take":2},"selection":{"title":true}},
            "profile":true,"_count":true}}}"#,
    ));
    let u = |name| field(&dm, "User", name);
    let fields = &query.selection.fields;
    assert_eq!(fields[0], SelectedField::Scalar(u("id")));
    assert_eq!(fields[1], SelectedField::Scalar(u("name")));
    assert_eq!(fields[2], SelectedField::Scalar(u("createdAt")));
    let SelectedField::Relation(posts) = &fields[4] else {
        panic!("{:?}", fields[4])
    };
    assert_eq!(posts.field, u("posts"));
    assert_eq!(posts.args.take, Some(2));
    assert_eq!(
        posts.selection.fields,
        vec![SelectedField::Scalar(field(&dm, "Post", "title"))]
    );
    let SelectedField::Relation(profile) = &fields[5] else {
        panic!()
    };
    assert_eq!(
        profile.selection.fields.len(),
        3,
        "relation `true` selects all scalars"
    );
    assert_eq!(
        fields[6],
        SelectedField::Count(vec![RelationCount {
            field: u("posts"),
            filter: None
        }])
    );
}

fn record_query(result: Result<Query, EngineError>) -> RecordQuery {
    match result.unwrap() {
        Query::Read(ReadQuery::FindMany(q)) => q,
        other => panic!("{other:?}"),
    }
}

#[test]
fn aggregate_and_group_by() {
    let dm = datamodel("sqlite");
    let views = field(&dm, "Post", "views");
    let Query::Read(ReadQuery::Aggregate(aggregate)) = parse(
        &dm,
        r#"{"modelName":"Post","action":"aggregate","query":{"arguments":{"where":{"views":{"gt":0}}},
            "selection":{"_count":true,"_avg":{"selection":{"views":true}}}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(
        aggregate.selections,
        vec![
            AggregateSelection {
                kind: AggregateKind::Count,
                fields: vec![AggregateField::All]
            },
            AggregateSelection {
                kind: AggregateKind::Avg,
                fields: vec![AggregateField::Field(views)]
            }
        ]
    );
    let Query::Read(ReadQuery::GroupBy(group)) = parse(
        &dm,
        r#"{"modelName":"Post","action":"groupBy","query":{"arguments":{"by":["authorId"],
            "having":{"views":{"_sum":{"gt":3}}},"orderBy":[{"_count":{"views":"desc"}}]},
            "selection":{"authorId":true,"_sum":{"selection":{"views":true}}}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    let author = field(&dm, "Post", "authorId");
    assert_eq!(group.by, vec![author]);
    assert_eq!(
        group.having,
        Some(Filter::Aggregate {
            kind: AggregateKind::Sum,
            field: views,
            condition: ScalarCondition::Gt(Operand::Value(PrismaValue::Int(3)))
        })
    );
    assert_eq!(
        group.args.order_by[0].target,
        OrderTarget::Aggregate {
            kind: AggregateKind::Count,
            field: views
        }
    );
    assert_eq!(group.selections[0], GroupBySelection::Field(author));
}

#[test]
fn create_fills_defaults_and_maps_nested_writes() {
    let dm = datamodel("postgresql");
    let Query::Write(WriteQuery::CreateOne { data, .. }) = parse(
        &dm,
        r#"{"modelName":"User","action":"createOne","query":{"arguments":{"data":{
            "email":"a@b.io","posts":{"create":[{"title":"t"}],"connect":{"id":7}},
            "profile":{"create":{"bio":"hi"}}}},"selection":{"id":true}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    let u = |name| field(&dm, "User", name);
    let value_of = |f: FieldId| {
        data.scalars
            .iter()
            .find(|(k, _)| *k == f)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(
        value_of(u("email")),
        Some(PrismaValue::String("a@b.io".into()))
    );
    let Some(PrismaValue::String(id)) = value_of(u("id")) else {
        panic!("uuid default missing")
    };
    assert_eq!(id.len(), 36);
    assert_eq!(value_of(u("role")), Some(PrismaValue::Enum("USER".into())));
    assert_eq!(value_of(u("createdAt")), Some(PrismaValue::DateTime(now())));
    assert_eq!(value_of(u("updatedAt")), Some(PrismaValue::DateTime(now())));
    assert_eq!(value_of(u("name")), None);
    let post = model(&dm, "Post");
    assert_eq!(data.nested.len(), 3);
    let NestedWrite::Create {
        field: f,
        data: rows,
    } = &data.nested[0]
    else {
        panic!()
    };
    assert_eq!(*f, u("posts"));
    assert_eq!(
        rows[0].scalars,
        vec![
            (field(&dm, "Post", "title"), PrismaValue::String("t".into())),
            (field(&dm, "Post", "views"), PrismaValue::Int(0))
        ]
    );
    assert_eq!(
        data.nested[1],
        NestedWrite::Connect {
            field: u("posts"),
            filters: vec![Filter::equals(
                dm.find_field(post, "id").unwrap(),
                PrismaValue::Int(7)
            )]
        }
    );
}

#[test]
fn update_operations_and_updated_at() {
    let dm = datamodel("sqlite");
    let Query::Write(WriteQuery::UpdateOne { data, filter, .. }) = parse(
        &dm,
        r#"{"modelName":"User","action":"updateOne","query":{"arguments":{"where":{"email":"a"},
            "data":{"name":{"set":null},"posts":{"updateMany":{"where":{"views":0},"data":{"views":{"increment":2}}},"deleteMany":{}}}},
            "selection":{"id":true}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    let u = |name| field(&dm, "User", name);
    assert_eq!(
        filter,
        Filter::equals(u("email"), PrismaValue::String("a".into()))
    );
    assert_eq!(
        data.scalars,
        vec![
            (u("name"), ScalarWrite::Set(PrismaValue::Null)),
            (
                u("updatedAt"),
                ScalarWrite::Set(PrismaValue::DateTime(now()))
            )
        ]
    );
    let views = field(&dm, "Post", "views");
    assert_eq!(
        data.nested[0],
        NestedWrite::UpdateMany {
            field: u("posts"),
            entries: vec![(
                Some(Filter::equals(views, PrismaValue::Int(0))),
                UpdateData {
                    scalars: vec![(views, ScalarWrite::Increment(PrismaValue::Int(2)))],
                    nested: vec![]
                }
            )]
        }
    );
    assert_eq!(
        data.nested[1],
        NestedWrite::DeleteMany {
            field: u("posts"),
            filters: vec![Some(Filter::And(vec![]))]
        }
    );
}

#[test]
fn json_and_list_filters_on_postgres() {
    let dm = datamodel("postgresql");
    let query = record_query(parse(
        &dm,
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"where":{
            "meta":{"path":["a","b"],"equals":{"$type":"Enum","value":"JsonNull"}},
            "tags":{"hasSome":["x","y"]},
            "title":{"contains":"q","mode":"insensitive"},
            "views":{"gt":{"$type":"FieldRef","value":{"_ref":"score","_container":"Post"}}}}},
            "selection":{"id":true}}}"#,
    ));
    let f = |name| field(&dm, "Post", name);
    assert_eq!(
        query.args.filter,
        Some(Filter::And(vec![
            Filter::Json {
                field: f("meta"),
                path: Some(vec!["a".into(), "b".into()]),
                condition: JsonCondition::Equals(JsonFilterValue::JsonNull)
            },
            Filter::List {
                field: f("tags"),
                condition: ListCondition::HasSome(vec![
                    PrismaValue::String("x".into()),
                    PrismaValue::String("y".into())
                ])
            },
            Filter::Scalar {
                field: f("title"),
                condition: ScalarCondition::Contains(Operand::Value(PrismaValue::String(
                    "q".into()
                ))),
                insensitive: true
            },
            Filter::Scalar {
                field: f("views"),
                condition: ScalarCondition::Gt(Operand::Field(f("score"))),
                insensitive: false
            }
        ]))
    );
}

#[test]
fn values_are_coerced_to_field_types() {
    let dm = datamodel("sqlite");
    // A fractional float for an Int is truncated; an integer for a Float becomes a float.
    let query = record_query(parse(
        &dm,
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"take":2.5,"where":{"score":3}},"selection":{"id":true}}}"#,
    ));
    assert_eq!(query.args.take, Some(2));
    assert_eq!(
        query.args.filter,
        Some(Filter::equals(
            field(&dm, "Post", "score"),
            PrismaValue::Float(3.0)
        ))
    );
    let error = parse(
        &dm,
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"take":1e300},"selection":{"id":true}}}"#,
    )
    .unwrap_err();
    assert!(matches!(
        error,
        EngineError::Validation(ValidationError::ValueTooLarge { .. })
    ));
}

#[test]
fn raw_queries_and_unknown_operations() {
    let dm = datamodel("sqlite");
    let Query::Raw(raw) = parse(
        &dm,
        r#"{"action":"queryRaw","query":{"arguments":{"query":"SELECT ?","parameters":"[1]"},"selection":{}}}"#,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(raw.sql, "SELECT ?");
    assert_eq!(raw.parameters, vec![PrismaValue::Int(1)]);
    assert!(raw.returns_rows);
    let error = parse(
        &dm,
        r#"{"modelName":"Nope","action":"findMany","query":{"selection":{"id":true}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Operation 'findMany' for model 'Nope' does not match any query."
    );
}

#[test]
fn negative_skip_is_rejected() {
    let dm = datamodel("sqlite");
    let error = parse(
        &dm,
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"skip":-1},"selection":{"id":true}}}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "Error in query graph construction: AssertionError(\"Invalid value for skip argument: Value can only be positive, found: -1\")"
    );
}

#[test]
fn deeply_nested_invalid_input_fails_fast() {
    let dm = datamodel("sqlite");
    // posts.create.author.create.posts.create... with an unknown field at the bottom: every level is a union.
    let mut data = r#"{"email":"x","nope":1}"#.to_owned();
    for _ in 0..25 {
        data = format!(
            r#"{{"email":"x","posts":{{"create":{{"title":"t","author":{{"create":{data}}}}}}}}}"#
        );
    }
    let body = format!(
        r#"{{"modelName":"User","action":"createOne","query":{{"arguments":{{"data":{data}}},"selection":{{"id":true}}}}}}"#
    );
    let started = std::time::Instant::now();
    assert!(parse(&dm, &body).is_err());
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

/// A shared cache changes nothing in what validation answers, for valid and invalid requests alike, and
/// keeps the types it built for the next request.
#[test]
fn the_validation_cache_gives_the_same_answers() {
    use super::{parse_operation_cached, ValidationCache};
    use crate::protocol::EngineProtocol;

    let dm = datamodel("postgresql");
    let cache = ValidationCache::default();
    let bodies = [
        r#"{"modelName":"User","action":"findUnique","query":{"arguments":{"where":{"email":"a@b.io"}},"selection":{"$scalars":true}}}"#,
        r#"{"modelName":"User","action":"findUnique","query":{"arguments":{"where":{"nope":"a@b.io"}},"selection":{"$scalars":true}}}"#,
        r#"{"modelName":"Post","action":"findMany","query":{"arguments":{"where":{"title":{"contains":"x"},"author":{"is":{"email":"q"}}}},"selection":{"id":true}}}"#,
        r#"{"modelName":"Profile","action":"createOne","query":{"arguments":{"data":{"bio":"b","userId":"u"}},"selection":{"id":true}}}"#,
        r#"{"modelName":"Profile","action":"createOne","query":{"arguments":{"data":{"bio":1}},"selection":{"id":true}}}"#,
    ];
    assert!(cache.is_empty());
    for round in 0..2 {
        for body in bodies {
            let document = parse_request(body).unwrap();
            let QueryDocument::Single(operation) = document else {
                panic!("a single operation")
            };
            let context = ParseContext { now: now() };
            let uncached = super::parse_operation(&dm, &context, &operation);
            let cached =
                parse_operation_cached(&dm, &cache, &context, EngineProtocol::Json, &operation);
            assert_eq!(
                format!("{uncached:?}"),
                format!("{cached:?}"),
                "round {round}: {body}"
            );
        }
        assert!(!cache.is_empty());
    }
}
