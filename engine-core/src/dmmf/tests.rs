//! Focused checks of the DMMF export on small schemas; the corpus goldens (`golden_tests.rs`) check it whole.

use serde_json::Value;

use super::{full_dmmf, full_dmmf_string};

fn dmmf(source: &str) -> Value {
    let validated = schema_core::validate(source);
    assert!(!validated.diagnostics.has_errors(), "schema must validate");
    full_dmmf(&validated.datamodel)
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| item["name"].as_str().unwrap())
        .collect()
}

const SQLITE: &str = r#"
datasource db {
  provider = "sqlite"
  url      = "file:dev.db"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id @default(autoincrement())
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
"#;

#[test]
fn sections_and_namespaces_come_in_prismas_order() {
    let dmmf = dmmf(SQLITE);
    let keys: Vec<&String> = dmmf.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["datamodel", "schema", "mappings"]);
    let schema = &dmmf["schema"];
    let sections: Vec<&String> = schema.as_object().unwrap().keys().collect();
    assert_eq!(
        sections,
        [
            "inputObjectTypes",
            "outputObjectTypes",
            "enumTypes",
            "fieldRefTypes"
        ]
    );
    let outputs = &schema["outputObjectTypes"];
    assert_eq!(&names(&outputs["prisma"])[..2], ["Query", "Mutation"]);
    assert_eq!(
        names(&outputs["model"]),
        [
            "User",
            "Post",
            "CreateManyUserAndReturnOutputType",
            "CreateManyPostAndReturnOutputType"
        ]
    );
    let enums = &schema["enumTypes"]["prisma"];
    assert_eq!(enums[0]["name"], "TransactionIsolationLevel");
    assert_eq!(enums[0]["values"], serde_json::json!(["Serializable"]));
}

#[test]
fn create_many_and_return_keeps_scalars_and_inlined_relations() {
    let dmmf = dmmf(SQLITE);
    let models = &dmmf["schema"]["outputObjectTypes"]["model"];
    let post = models
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "CreateManyPostAndReturnOutputType")
        .unwrap();
    assert_eq!(names(&post["fields"]), ["id", "authorId", "author"]);
    let user = models
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "CreateManyUserAndReturnOutputType")
        .unwrap();
    assert_eq!(names(&user["fields"]), ["id", "email"]);
}

#[test]
fn mappings_list_sql_raw_operations() {
    let dmmf = dmmf(SQLITE);
    let mappings = &dmmf["mappings"];
    assert_eq!(mappings["modelOperations"][0]["model"], "User");
    assert_eq!(
        mappings["modelOperations"][0]["createManyAndReturn"],
        "createManyUserAndReturn"
    );
    assert_eq!(
        mappings["otherOperations"]["write"],
        serde_json::json!(["executeRaw", "queryRaw"])
    );
}

#[test]
fn mongodb_has_model_raw_operations_and_no_isolation_levels() {
    let dmmf = dmmf(
        r#"
datasource db {
  provider = "mongodb"
  url      = "mongodb://localhost/test"
}

model Item {
  id   String  @id @default(auto()) @map("_id") @db.ObjectId
  note String?
}
"#,
    );
    let operations = &dmmf["mappings"]["modelOperations"][0];
    assert_eq!(operations["findRaw"], "findItemRaw");
    assert_eq!(operations["aggregateRaw"], "aggregateItemRaw");
    assert!(operations.get("createManyAndReturn").is_none());
    assert_eq!(
        dmmf["mappings"]["otherOperations"]["write"],
        serde_json::json!(["runCommandRaw"])
    );
    let enums = names(&dmmf["schema"]["enumTypes"]["prisma"]);
    assert!(!enums.contains(&"TransactionIsolationLevel"));
}

#[test]
fn the_text_is_compact_json_of_the_value() {
    let validated = schema_core::validate(SQLITE);
    let text = full_dmmf_string(&validated.datamodel);
    assert!(text.starts_with(r#"{"datamodel":{"enums":[]"#));
    assert!(!text.contains('\n'));
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        full_dmmf(&validated.datamodel)
    );
}
