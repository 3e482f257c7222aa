//! Snapshot tests of read plans: one read per relation level, keyed by the right fields.

use schema_core::datamodel::FieldId;
use schema_core::Datamodel;

use super::{describe, plan, Plan};
use crate::query::{
    FieldSelection, OrderBy, Query, QueryArgs, ReadQuery, RecordQuery, RelationCount,
    RelationSelection, SelectedField, SortDirection,
};

const SCHEMA: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model User {
  id      Int      @id @default(autoincrement())
  email   String   @unique
  posts   Post[]
  profile Profile?
  groups  Group[]
}

model Profile {
  id     Int  @id
  bio    String
  userId Int  @unique
  user   User @relation(fields: [userId], references: [id])
}

model Post {
  id       Int       @id
  title    String
  authorId Int?
  author   User?     @relation(fields: [authorId], references: [id])
  comments Comment[]
}

model Comment {
  id     Int  @id
  postId Int
  post   Post @relation(fields: [postId], references: [id])
}

model Group {
  id    Int    @id
  users User[]
}
"#;

fn datamodel() -> Datamodel {
    let validated = schema_core::validate(SCHEMA);
    assert!(!validated.diagnostics.has_errors());
    validated.datamodel
}

fn field(datamodel: &Datamodel, model: &str, name: &str) -> FieldId {
    let model = datamodel.find_model(model).unwrap();
    datamodel.find_field(model, name).unwrap()
}

fn scalars(datamodel: &Datamodel, model: &str, names: &[&str]) -> FieldSelection {
    let model_id = datamodel.find_model(model).unwrap();
    FieldSelection {
        model: model_id,
        fields: names
            .iter()
            .map(|name| SelectedField::Scalar(field(datamodel, model, name)))
            .collect(),
    }
}

fn find_many(selection: FieldSelection, args: QueryArgs) -> Query {
    Query::Read(ReadQuery::FindMany(RecordQuery {
        model: selection.model,
        args,
        selection,
    }))
}

#[test]
fn nested_includes_read_once_per_level() {
    let dm = datamodel();
    let mut comments = scalars(&dm, "Comment", &["id"]);
    comments.fields.clear();
    comments
        .fields
        .push(SelectedField::Scalar(field(&dm, "Comment", "id")));
    let mut posts = scalars(&dm, "Post", &["title"]);
    posts
        .fields
        .push(SelectedField::Relation(RelationSelection {
            field: field(&dm, "Post", "comments"),
            args: QueryArgs::default(),
            selection: comments,
        }));
    let mut users = scalars(&dm, "User", &["email"]);
    users
        .fields
        .push(SelectedField::Relation(RelationSelection {
            field: field(&dm, "User", "posts"),
            args: QueryArgs {
                take: Some(-2),
                ..QueryArgs::default()
            },
            selection: posts,
        }));
    users.fields.push(SelectedField::Count(vec![RelationCount {
        field: field(&dm, "User", "posts"),
        filter: None,
    }]));
    let plan = plan(&dm, find_many(users, QueryArgs::default()));
    assert_eq!(
        describe(&dm, &plan),
        "records many\n  read User [email, id] count(posts)\n    via posts (many) keyed by [id]\n      read Post [title, id] order_by(1) take 2 reversed\n        via comments (many) keyed by [id]\n          read Comment [id]\n"
    );
}

#[test]
fn to_one_relations_key_by_the_side_holding_the_foreign_key() {
    let dm = datamodel();
    let mut posts = scalars(&dm, "Post", &["id"]);
    posts
        .fields
        .push(SelectedField::Relation(RelationSelection {
            field: field(&dm, "Post", "author"),
            args: QueryArgs::default(),
            selection: scalars(&dm, "User", &["email"]),
        }));
    let mut users = scalars(&dm, "User", &["id"]);
    users
        .fields
        .push(SelectedField::Relation(RelationSelection {
            field: field(&dm, "User", "profile"),
            args: QueryArgs::default(),
            selection: scalars(&dm, "Profile", &["bio"]),
        }));
    users
        .fields
        .push(SelectedField::Relation(RelationSelection {
            field: field(&dm, "User", "groups"),
            args: QueryArgs::default(),
            selection: scalars(&dm, "Group", &["id"]),
        }));
    let post_plan = plan(&dm, find_many(posts, QueryArgs::default()));
    assert_eq!(
        describe(&dm, &post_plan),
        "records many\n  read Post [id, authorId]\n    via author (one) keyed by [authorId]\n      read User [email]\n"
    );
    let user_plan = plan(&dm, find_many(users, QueryArgs::default()));
    assert_eq!(
        describe(&dm, &user_plan),
        "records many\n  read User [id]\n    via profile (one) keyed by [id]\n      read Profile [bio]\n    via groups (many) keyed by [id]\n      read Group [id]\n"
    );
}

#[test]
fn find_first_takes_one_and_negative_take_reverses_a_total_order() {
    let dm = datamodel();
    let selection = scalars(&dm, "Post", &["title"]);
    let query = Query::Read(ReadQuery::FindFirst {
        query: RecordQuery {
            model: selection.model,
            args: QueryArgs {
                order_by: vec![OrderBy::field(
                    field(&dm, "Post", "title"),
                    SortDirection::Asc,
                )],
                take: Some(-5),
                ..QueryArgs::default()
            },
            selection,
        },
        or_throw: true,
    });
    let plan = plan(&dm, query);
    let Plan::Records { node, .. } = &plan else {
        panic!("a record plan")
    };
    assert_eq!(node.read.args.take, Some(1));
    assert!(node.reverse);
    let directions: Vec<SortDirection> = node
        .read
        .args
        .order_by
        .iter()
        .map(|order| order.direction)
        .collect();
    assert_eq!(directions, vec![SortDirection::Desc, SortDirection::Desc]);
    assert_eq!(
        describe(&dm, &plan),
        "records one (or_throw: true)\n  read Post [title] order_by(2) take 1 reversed\n"
    );
}
