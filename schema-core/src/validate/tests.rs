//! One test per validation rule: a small inline schema and the exact message Prisma gives.

use super::*;
use crate::config::{Provider, ReferentialAction, RelationMode};
use crate::datamodel::*;

const PG: &str = "datasource db {\n  provider = \"postgresql\"\n  url = env(\"DATABASE_URL\")\n}\n";
const SQLITE: &str = "datasource db {\n  provider = \"sqlite\"\n  url = \"file:dev.db\"\n}\n";
const MYSQL: &str = "datasource db {\n  provider = \"mysql\"\n  url = env(\"DATABASE_URL\")\n}\n";
const MSSQL: &str =
    "datasource db {\n  provider = \"sqlserver\"\n  url = env(\"DATABASE_URL\")\n}\n";
const MONGO: &str = "datasource db {\n  provider = \"mongodb\"\n  url = env(\"DATABASE_URL\")\n}\n";

fn errors(src: &str) -> Vec<String> {
    validate(src)
        .diagnostics
        .errors()
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

fn warnings(src: &str) -> Vec<String> {
    validate(src)
        .diagnostics
        .warnings()
        .iter()
        .map(|d| d.message.clone())
        .collect()
}

#[track_caller]
fn assert_errors(src: &str, expected: &[&str]) {
    assert_eq!(errors(src), expected, "schema:\n{src}");
}

#[track_caller]
fn assert_valid(src: &str) -> ValidatedSchema {
    let v = validate(src);
    assert!(
        v.diagnostics.errors().is_empty(),
        "unexpected errors: {:#?}",
        v.diagnostics.errors()
    );
    v
}

fn with(ds: &str, body: &str) -> String {
    format!("{ds}\n{body}")
}

// ----- names ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_model_names() {
    assert_errors(
        &with(
            PG,
            "model A {\n  id Int @id\n}\nmodel A {\n  id Int @id\n}\n",
        ),
        &["The model \"A\" cannot be defined because a model with that name already exists."],
    );
}

#[test]
fn enum_and_model_share_a_namespace() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n}\nenum A {\n  X\n}\n"),
        &["The enum \"A\" cannot be defined because a model with that name already exists."],
    );
}

#[test]
fn duplicate_field_names() {
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n  id String\n}\n"),
        &["Field \"id\" is already defined on model \"User\"."],
    );
}

#[test]
fn duplicate_enum_values() {
    assert_errors(
        &with(PG, "enum Role {\n  A\n  A\n}\n"),
        &["Value \"A\" is already defined on enum \"Role\"."],
    );
}

#[test]
fn reserved_model_name() {
    assert_errors(
        &with(PG, "model PrismaClient {\n  id Int @id\n}\n"),
        &["Error validating model \"PrismaClient\": The model name `PrismaClient` is invalid. It is a reserved name. Please change it. Read more at https://pris.ly/d/naming-models"],
    );
}

#[test]
fn scalar_type_names_are_reserved() {
    assert_errors(
        &with(PG, "model String {\n  id Int @id\n}\n"),
        &["\"String\" is a reserved scalar type name and cannot be used."],
    );
}

#[test]
fn a_model_may_be_called_unsupported() {
    assert_valid(&with(PG, "model Unsupported {\n  id Int @id\n}\n"));
}

// ----- types ---------------------------------------------------------------------------------------------

#[test]
fn unknown_type() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  x Strin\n}\n"),
        &["Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum."],
    );
}

#[test]
fn unknown_type_stops_later_phases() {
    // The missing id would be reported too if validation went on.
    assert_errors(
        &with(PG, "model A {\n  x Strin\n}\n"),
        &["Type \"Strin\" is neither a built-in type, nor refers to another model, composite type, or enum."],
    );
}

#[test]
fn scalar_lists_need_the_capability() {
    assert_errors(
        &with(SQLITE, "model Post {\n  id Int @id\n  tags String[]\n}\n"),
        &["Field \"tags\" in model \"Post\" can't be a list. The current connector does not support lists of primitive types."],
    );
    assert_valid(&with(
        PG,
        "model Post {\n  id Int @id\n  tags String[]\n}\n",
    ));
}

#[test]
fn enums_need_the_capability() {
    assert_errors(
        &with(SQLITE, "enum S {\n  A\n}\nmodel P {\n  id Int @id\n  s S\n}\n"),
        &["Error validating: You defined the enum `S`. But the current connector does not support enums."],
    );
}

#[test]
fn json_needs_the_capability() {
    assert_errors(
        &with(MSSQL, "model P {\n  id Int @id\n  j Json\n}\n"),
        &["Error validating field `j` in model `P`: Field `j` in model `P` can't be of type Json. The current connector does not support the Json type."],
    );
}

#[test]
fn composite_types_need_the_capability() {
    assert_errors(
        &with(
            PG,
            "type Photo {\n  url String\n}\nmodel P {\n  id Int @id\n  p Photo\n}\n",
        ),
        &["Error validating: Composite types are not supported on postgresql."],
    );
}

#[test]
fn views_need_the_preview_feature() {
    assert_errors(
        &with(PG, "view V {\n  id Int @unique\n}\n"),
        &["Error validating: View definitions are only available with the `views` preview feature."],
    );
}

// ----- attributes ----------------------------------------------------------------------------------------

#[test]
fn unknown_field_attribute() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  e String @uniq\n}\n"),
        &["Attribute not known: \"@uniq\"."],
    );
}

#[test]
fn unknown_block_attribute() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  @@foo\n}\n"),
        &["Attribute not known: \"@@foo\"."],
    );
}

#[test]
fn native_type_prefix_must_name_the_datasource() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  e String @pg.Text\n}\n"),
        &["Attribute not known: \"@pg.Text\"."],
    );
}

#[test]
fn attributes_may_appear_once() {
    assert_errors(
        &with(
            PG,
            "model A {\n  id Int @id\n  e String @map(\"a\") @map(\"b\")\n}\n",
        ),
        &[
            "Attribute \"@map\" can only be defined once.",
            "Attribute \"@map\" can only be defined once.",
        ],
    );
}

#[test]
fn unknown_argument() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id(foo: 1)\n}\n"),
        &["No such argument."],
    );
}

#[test]
fn updated_at_must_be_datetime() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  v Int @updatedAt\n}\n"),
        &["Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime."],
    );
}

#[test]
fn at_most_one_id_field() {
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n  e String @id\n}\n"),
        &["Error validating model \"User\": At most one field must be marked as the id field with the `@id` attribute."],
    );
}

#[test]
fn id_and_compound_id() {
    assert_errors(
        &with(PG, "model M {\n  id Int @id\n  a Int\n  b Int\n  @@id([a, b])\n}\n"),
        &["Error validating model \"M\": Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time."],
    );
}

#[test]
fn id_fields_must_be_required() {
    assert_errors(
        &with(PG, "model M {\n  id Int? @id\n}\n"),
        &["Error parsing attribute \"@id\": Fields that are marked as id must be required."],
    );
}

#[test]
fn strict_unique_criteria_required() {
    assert_errors(
        &with(PG, "model Log {\n  message String\n  code String? @unique\n}\n"),
        &["Error validating model \"Log\": Each model must have at least one unique criteria that has only required fields. Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])` or `@@unique([])` to the model."],
    );
}

#[test]
fn index_on_unknown_fields() {
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n  email String\n  @@index([email, nickname])\n}\n"),
        &["Error validating model \"User\": The index definition refers to the unknown fields: nickname."],
    );
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n  @@unique([x])\n}\n"),
        &["Error validating model \"User\": The unique index definition refers to the unknown fields: x."],
    );
}

#[test]
fn index_on_relation_fields() {
    let src = with(
        PG,
        "model A {\n  id Int @id\n  bId Int\n  b B @relation(fields: [bId], references: [id])\n  @@index([b])\n}\nmodel B {\n  id Int @id\n  a A[]\n}\n",
    );
    assert_errors(
        &src,
        &["Error validating model \"A\": The index definition refers to the relation fields: b. Index definitions must reference only scalar fields."],
    );
}

#[test]
fn missing_fields_argument_on_block_attribute() {
    assert_errors(
        &with(PG, "model A {\n  id Int @id\n  @@index(map: \"x\")\n}\n"),
        &["Argument \"fields\" is missing in attribute \"@@index\"."],
    );
}

#[test]
fn index_options_are_kept() {
    let v = assert_valid(&with(
        PG,
        "model A {\n  id Int @id\n  a String\n  b Int\n  @@index([a(ops: raw(\"text_pattern_ops\")), b(sort: Desc)], type: Gin, name: \"legacy\")\n  @@unique([a, b], name: \"ab\", map: \"ab_key\")\n}\n",
    ));
    let m = &v.datamodel.models[0];
    let index = &m.indexes[0];
    assert_eq!(index.kind, IndexKind::Normal);
    assert_eq!(index.map.as_deref(), Some("legacy"));
    assert_eq!(index.name, None);
    assert_eq!(index.algorithm.as_deref(), Some("Gin"));
    assert_eq!(
        index.fields[0].operator_class.as_deref(),
        Some("text_pattern_ops")
    );
    assert_eq!(index.fields[1].sort, Some(SortOrder::Desc));
    let unique = &m.indexes[1];
    assert_eq!(
        (unique.name.as_deref(), unique.map.as_deref()),
        (Some("ab"), Some("ab_key"))
    );
}

#[test]
fn schema_attribute_needs_multi_schema() {
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n  @@schema(\"auth\")\n}\n"),
        &["@@schema is only available with the `multiSchema` preview feature."],
    );
}

#[test]
fn schema_must_be_listed_in_the_datasource() {
    let src = "generator c {\n  provider = \"prisma-client-js\"\n  previewFeatures = [\"multiSchema\"]\n}\ndatasource db {\n  provider = \"postgresql\"\n  url = env(\"U\")\n  schemas = [\"a\"]\n}\nmodel User {\n  id Int @id\n  @@schema(\"b\")\n}\n";
    assert_errors(
        src,
        &["This schema is not defined in the datasource. Read more on `@@schema` at https://pris.ly/d/multi-schema"],
    );
}

// ----- defaults ------------------------------------------------------------------------------------------

#[test]
fn default_literal_must_match_type() {
    assert_errors(
        &with(
            PG,
            "model U {\n  id Int @id\n  age Int @default(\"ten\")\n}\n",
        ),
        &["Error parsing attribute \"@default\": Expected a Int value, but found `\"ten\"`."],
    );
    assert_errors(
        &with(PG, "model U {\n  id Int @id\n  ok Boolean @default(1)\n}\n"),
        &["Error parsing attribute \"@default\": Expected a Boolean value, but found `1`."],
    );
}

#[test]
fn now_only_on_datetime() {
    assert_errors(
        &with(PG, "model E {\n  id Int @id\n  at String @default(now())\n}\n"),
        &["Error parsing attribute \"@default\": The function `now()` cannot be used on fields of type `String`."],
    );
}

#[test]
fn autoincrement_only_on_integers() {
    assert_errors(
        &with(PG, "model E {\n  id String @id @default(autoincrement())\n}\n"),
        &["Error parsing attribute \"@default\": The function `autoincrement()` cannot be used on fields of type `String`."],
    );
}

#[test]
fn unknown_default_function() {
    assert_errors(
        &with(PG, "model E {\n  id String @id @default(guid())\n}\n"),
        &["Error parsing attribute \"@default\": The function `guid` is not a known function. You can read about the available functions here: https://pris.ly/d/attribute-functions"],
    );
}

#[test]
fn enum_default_must_be_a_value() {
    assert_errors(
        &with(PG, "enum R {\n  A\n}\nmodel E {\n  id Int @id\n  r R @default(B)\n}\n"),
        &["Error parsing attribute \"@default\": The defined default value `B` is not a valid value of the enum specified for the field."],
    );
}

#[test]
fn no_default_on_relation_fields() {
    let src = with(
        PG,
        "model U {\n  id Int @id\n  posts P[]\n}\nmodel P {\n  id Int @id\n  uId Int\n  u U @relation(fields: [uId], references: [id]) @default(1)\n}\n",
    );
    assert_errors(
        &src,
        &["Error parsing attribute \"@default\": Cannot set a default value on a relation field."],
    );
}

#[test]
fn list_defaults_must_be_lists() {
    assert_errors(
        &with(PG, "model E {\n  id Int @id\n  tags String[] @default(\"a\")\n}\n"),
        &["Error parsing attribute \"@default\": The default value of a list field must be a list (found `\"a\"`)."],
    );
}

#[test]
fn default_functions_are_read() {
    let v = assert_valid(&with(
        PG,
        "model E {\n  id String @id @default(uuid(7))\n  n String @default(nanoid(10))\n  c String @default(cuid())\n  g String @default(dbgenerated(\"gen()\"))\n  t DateTime @default(\"2020-01-01T00:00:00Z\")\n  big BigInt @default(5)\n  d Decimal @default(\"2.50\")\n}\n",
    ));
    let f = &v.datamodel.models[0].fields;
    let kind = |i: usize| f[i].default.as_ref().map(|d| d.kind.clone());
    assert_eq!(
        kind(0),
        Some(DefaultKind::Function(DefaultFunction::Uuid(7)))
    );
    assert_eq!(
        kind(1),
        Some(DefaultKind::Function(DefaultFunction::Nanoid(Some(10))))
    );
    assert_eq!(
        kind(2),
        Some(DefaultKind::Function(DefaultFunction::Cuid(1)))
    );
    assert_eq!(
        kind(3),
        Some(DefaultKind::Function(DefaultFunction::DbGenerated(Some(
            "gen()".into()
        ))))
    );
    assert_eq!(
        kind(4),
        Some(DefaultKind::Literal(LiteralValue::DateTime(
            "2020-01-01T00:00:00+00:00".into()
        )))
    );
    assert_eq!(kind(5), Some(DefaultKind::Literal(LiteralValue::BigInt(5))));
}

#[test]
fn autoincrement_must_be_indexed_on_mysql() {
    assert_errors(
        &with(MYSQL, "model T {\n  code String @id\n  serial Int @default(autoincrement())\n}\n"),
        &["Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-indexed field even though the datasource does not support this."],
    );
    assert_valid(&with(
        MYSQL,
        "model T {\n  code String @id\n  serial Int @unique @default(autoincrement())\n}\n",
    ));
}

#[test]
fn autoincrement_only_on_id_on_sqlite() {
    assert_errors(
        &with(SQLITE, "model T {\n  code String @id\n  serial Int @unique @default(autoincrement())\n}\n"),
        &["Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-id field even though the datasource does not support this."],
    );
}

// ----- native types --------------------------------------------------------------------------------------

#[test]
fn native_type_unknown_for_provider() {
    assert_errors(
        &with(MYSQL, "model U {\n  id String @id @db.Uuid\n}\n"),
        &["Native type Uuid is not supported for mysql connector."],
    );
}

#[test]
fn native_type_argument_checks() {
    assert_errors(
        &with(PG, "model U {\n  id Int @id\n  a String @db.VarChar(\"long\")\n  b String @db.Char(1, 2)\n}\n"),
        &[
            "Expected a nonnegative integer, but found (\"long\").",
            "Native type Char takes 1 optional arguments, but received 2.",
        ],
    );
    assert_errors(
        &with(
            MYSQL,
            "model U {\n  id Int @id\n  a String @db.VarChar\n}\n",
        ),
        &["Native type VarChar takes 1 arguments, but received 0."],
    );
}

#[test]
fn native_type_must_fit_the_field_type() {
    assert_errors(
        &with(PG, "model U {\n  id Int @id @db.Text\n}\n"),
        &["Native type Text is not compatible with declared field type Int, expected field type String."],
    );
}

#[test]
fn sqlite_has_no_native_types() {
    assert_errors(
        &with(SQLITE, "model U {\n  id Int @id @db.Integer\n}\n"),
        &["Native types are not supported with sqlite connector"],
    );
}

// ----- relations -----------------------------------------------------------------------------------------

const USER_POST: &str = "model User {\n  id Int @id\n  posts Post[]\n}\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n";

#[test]
fn relations_are_paired_with_default_names_and_actions() {
    let v = assert_valid(&with(PG, USER_POST));
    let dm = &v.datamodel;
    assert_eq!(dm.relations.len(), 1);
    let r = &dm.relations[0];
    assert_eq!(r.name, "PostToUser");
    assert_eq!(r.kind, RelationKind::OneToMany);
    assert_eq!(r.on_delete, ReferentialAction::Restrict);
    assert_eq!(r.on_update, ReferentialAction::Cascade);
    let post = dm.find_model("Post").expect("Post");
    let author = dm.find_field(post, "author").expect("author");
    assert_eq!(r.referencing_field, Some(author));
    let author_id = dm.find_field(post, "authorId").expect("authorId");
    assert!(dm.is_foreign_key(author_id));
    let posts = dm.opposite_field(author).expect("back relation");
    assert_eq!(dm.field(posts).name, "posts");
}

#[test]
fn optional_relations_default_to_set_null() {
    let src = USER_POST
        .replace("authorId Int", "authorId Int?")
        .replace("author User", "author User?");
    let v = assert_valid(&with(PG, &src));
    assert_eq!(
        v.datamodel.relations[0].on_delete,
        ReferentialAction::SetNull
    );
}

#[test]
fn missing_opposite_relation_field() {
    assert_errors(
        &with(PG, "model User {\n  id Int @id\n}\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n"),
        &["Error validating field `author` in model `Post`: The relation field `author` on model `Post` is missing an opposite relation field on the model `User`. Either run `prisma format` or add it manually."],
    );
}

#[test]
fn ambiguous_relations() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  a Post[]\n  b Post[]\n}\nmodel Post {\n  id Int @id\n  uId Int\n  u User @relation(fields: [uId], references: [id])\n}\n",
    );
    assert_errors(
        &src,
        &["Error validating field `b` in model `User`: Ambiguous relation detected. The fields `a` and `b` in model `User` both refer to `Post`. Please provide different relation names for them by adding `@relation(<name>)`."],
    );
}

#[test]
fn relation_needs_references() {
    let src = USER_POST.replace(
        "@relation(fields: [authorId], references: [id])",
        "@relation(fields: [authorId])",
    );
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The relation field `author` on Model `Post` must specify the `references` argument in the @relation attribute."],
    );
}

#[test]
fn relation_needs_fields() {
    let src = USER_POST.replace("@relation(fields: [authorId], references: [id])", "");
    assert_errors(
        &with(PG, &src),
        &[
            "Error parsing attribute \"@relation\": The relation field `author` on Model `Post` must specify the `fields` argument in the @relation attribute.",
            "Error parsing attribute \"@relation\": The relation field `author` on Model `Post` must specify the `references` argument in the @relation attribute.",
        ],
    );
}

#[test]
fn list_side_must_not_define_fields() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  postIds Int[]\n  posts Post[] @relation(fields: [postIds], references: [id])\n}\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(fields: [authorId], references: [id])\n}\n",
    );
    assert_errors(
        &src,
        &["Error parsing attribute \"@relation\": The relation field `posts` on Model `User` must not specify the `fields` or `references` argument in the @relation attribute. You must only specify it on the opposite field `author` on model `Post`."],
    );
}

#[test]
fn relation_scalar_types_must_match() {
    let src = USER_POST.replace("authorId Int", "authorId String");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The type of the field `authorId` in the model `Post` is not matching the type of the referenced field `id` in model `User`."],
    );
}

#[test]
fn fields_and_references_same_length() {
    let src = USER_POST.replace("references: [id]", "references: [id, id]");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": You must specify the same number of fields in `fields` and `references`."],
    );
}

#[test]
fn references_must_be_unique() {
    let src = USER_POST
        .replace(
            "model User {\n  id Int @id\n",
            "model User {\n  id Int @id\n  code Int\n",
        )
        .replace("references: [id]", "references: [code]");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The argument `references` must refer to a unique criterion in the related model. Consider adding an `@unique` attribute to the field `code` in the model `User`."],
    );
}

#[test]
fn unknown_fields_in_relation() {
    let src = USER_POST.replace("fields: [authorId]", "fields: [writerId]");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The argument fields must refer only to existing fields. The following fields do not exist in this model: writerId"],
    );
}

#[test]
fn one_to_one_needs_unique_fields() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  profile Profile?\n}\nmodel Profile {\n  id Int @id\n  userId Int\n  user User @relation(fields: [userId], references: [id])\n}\n",
    );
    assert_errors(
        &src,
        &["Error parsing attribute \"@relation\": A one-to-one relation must use unique fields on the defining side. Either add an `@unique` attribute to the field `userId`, or change the relation to one-to-many."],
    );
}

#[test]
fn one_to_one_back_side_must_be_optional() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  profile Profile\n}\nmodel Profile {\n  id Int @id\n  userId Int @unique\n  user User @relation(fields: [userId], references: [id])\n}\n",
    );
    assert_errors(
        &src,
        &["Error validating field `profile` in model `User`: The relation field `profile` on Model `User` is required. This is not valid because it's not possible to enforce this constraint on the database level. Please change the field type from `Profile` to `Profile?` to fix this."],
    );
}

#[test]
fn one_to_one_needs_fields_on_one_side() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  profile Profile?\n}\nmodel Profile {\n  id Int @id\n  user User?\n}\n",
    );
    assert_errors(
        &src,
        &["Error parsing attribute \"@relation\": The relation fields `user` on Model `Profile` and `profile` on Model `User` do not provide the `fields` argument in the @relation attribute. You have to provide it on one of the two fields."],
    );
}

#[test]
fn required_relation_over_optional_fields() {
    let src = USER_POST.replace("authorId Int", "authorId Int?");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The relation field `author` uses the scalar fields authorId. At least one of those fields is optional. Hence the relation field must be optional as well."],
    );
}

#[test]
fn set_null_on_required_fields() {
    let src = USER_POST.replace("references: [id]", "references: [id], onDelete: SetNull");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": The `onDelete` referential action of a relation must not be set to `SetNull` when a referenced field is required.\nEither choose another referential action, or make the referenced fields optional."],
    );
}

#[test]
fn referential_actions_per_provider() {
    let src = USER_POST.replace("references: [id]", "references: [id], onDelete: Restrict");
    assert_errors(
        &with(MSSQL, &src),
        &["Error parsing attribute \"@relation\": Invalid referential action: `Restrict`. Allowed values: (`Cascade`, `NoAction`, `SetNull`, `SetDefault`)"],
    );
    assert_valid(&with(PG, &src));
}

#[test]
fn unknown_referential_action() {
    let src = USER_POST.replace("references: [id]", "references: [id], onDelete: Explode");
    assert_errors(
        &with(PG, &src),
        &["Error parsing attribute \"@relation\": Invalid referential action: `Explode`. Allowed values: (`Cascade`, `Restrict`, `NoAction`, `SetNull`, `SetDefault`)"],
    );
}

#[test]
fn named_relations_pair_by_name() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  posts Post[] @relation(\"UserPosts\")\n}\nmodel Post {\n  id Int @id\n  authorId Int\n  author User @relation(\"AuthoredBy\", fields: [authorId], references: [id])\n}\n",
    );
    assert_eq!(errors(&src).len(), 2);
    let ok = src.replace("AuthoredBy", "UserPosts");
    let v = assert_valid(&ok);
    assert_eq!(v.datamodel.relations[0].name, "UserPosts");
}

#[test]
fn self_relations_pair_within_the_model() {
    let v = assert_valid(&with(
        PG,
        "model P {\n  id Int @id\n  parentId Int?\n  parent P? @relation(\"tree\", fields: [parentId], references: [id])\n  children P[] @relation(\"tree\")\n}\n",
    ));
    let r = &v.datamodel.relations[0];
    assert!(r.is_self_relation());
    assert_eq!(r.kind, RelationKind::OneToMany);
}

#[test]
fn implicit_many_to_many() {
    let src = "model Post {\n  id Int @id\n  tags Tag[]\n}\nmodel Tag {\n  id Int @id\n  posts Post[]\n}\n";
    let v = assert_valid(&with(PG, src));
    assert_eq!(
        v.datamodel.relations[0].kind,
        RelationKind::ImplicitManyToMany
    );
    assert_eq!(v.datamodel.relations[0].name, "PostToTag");
}

#[test]
fn implicit_many_to_many_not_on_mongodb() {
    let src = with(
        MONGO,
        "model Post {\n  id String @id @default(auto()) @map(\"_id\") @db.ObjectId\n  categories Category[]\n}\nmodel Category {\n  id String @id @default(auto()) @map(\"_id\") @db.ObjectId\n  posts Post[]\n}\n",
    );
    let message = "Error validating: Implicit many-to-many relations are not supported on MongoDB. Please use the syntax defined in https://pris.ly/d/document-database-many-to-many";
    let v = validate(&src);
    let errs = v.diagnostics.errors();
    assert_eq!(errs.len(), 2);
    assert!(errs.iter().all(|e| e.message == message));
    // Reported on `Category.posts` first: its model name sorts first.
    assert!(errs[0].span.start > errs[1].span.start);
}

#[test]
fn embedded_many_to_many_on_mongodb() {
    let v = assert_valid(&with(
        MONGO,
        "model Post {\n  id String @id @default(auto()) @map(\"_id\") @db.ObjectId\n  tagIds String[] @db.ObjectId\n  tags Tag[] @relation(fields: [tagIds], references: [id])\n}\nmodel Tag {\n  id String @id @default(auto()) @map(\"_id\") @db.ObjectId\n  postIds String[] @db.ObjectId\n  posts Post[] @relation(fields: [postIds], references: [id])\n}\n",
    ));
    assert_eq!(
        v.datamodel.relations[0].kind,
        RelationKind::TwoWayEmbeddedManyToMany
    );
}

#[test]
fn mongodb_ids_map_to_underscore_id() {
    assert_errors(
        &with(MONGO, "model U {\n  id String @id @default(auto()) @db.ObjectId\n}\n"),
        &["Error validating field `id` in model `U`: MongoDB model IDs must have an @map(\"_id\") annotation."],
    );
}

// ----- configuration -------------------------------------------------------------------------------------

#[test]
fn unknown_preview_feature() {
    let src = "generator c {\n  provider = \"x\"\n  previewFeatures = [\"nope\"]\n}\n";
    assert_errors(
        src,
        &["The preview feature \"nope\" is not known. Expected one of: deno, driverAdapters, fullTextIndex, fullTextSearch, metrics, multiSchema, nativeDistinct, postgresqlExtensions, tracing, views, relationJoins, prismaSchemaFolder, omitApi"],
    );
}

#[test]
fn deprecated_preview_feature_warns() {
    let src = "generator c {\n  provider = \"x\"\n  previewFeatures = [\"mongoDb\"]\n}\n";
    assert!(errors(src).is_empty());
    assert_eq!(
        warnings(src),
        ["Preview feature \"mongoDb\" is deprecated. The functionality can be used without specifying it as a preview feature."]
    );
}

#[test]
fn generator_needs_provider() {
    assert_errors(
        "generator client {\n  output = \"x\"\n}\n",
        &["Argument \"provider\" is missing in generator block \"client\"."],
    );
}

#[test]
fn relation_mode_values() {
    let src = "datasource db {\n  provider = \"mysql\"\n  url = env(\"U\")\n  relationMode = \"application\"\n}\n";
    assert_errors(
        src,
        &["Error validating datasource `relationMode`: Invalid relation mode setting: \"application\". Supported values: \"prisma\", \"foreignKeys\""],
    );
    let ok = src.replace("application", "prisma");
    let v = assert_valid(&ok);
    let ds = v.datamodel.datasource.expect("datasource");
    assert_eq!(ds.relation_mode, RelationMode::Prisma);
}

#[test]
fn datasource_provider_must_be_known() {
    assert_errors(
        "datasource db {\n  provider = \"oracle\"\n  url = env(\"U\")\n}\n",
        &["Datasource provider not known: \"oracle\"."],
    );
}

#[test]
fn datasource_needs_url() {
    assert_errors(
        "datasource db {\n  provider = \"sqlite\"\n}\n",
        &["Argument \"url\" is missing in data source block \"db\"."],
    );
}

#[test]
fn only_one_datasource() {
    let src = format!("{PG}{SQLITE}").replace(
        "datasource db {\n  provider = \"sqlite\"",
        "datasource other {\n  provider = \"sqlite\"",
    );
    assert_eq!(
        errors(&src),
        vec!["Error validating: You defined more than one datasource. This is not allowed yet because support for multiple databases has not been implemented yet."; 2]
    );
}

#[test]
fn env_urls_are_not_resolved() {
    let v = assert_valid(&with(PG, "model A {\n  id Int @id\n}\n"));
    let ds = v.datamodel.datasource.expect("datasource");
    assert_eq!(ds.provider, Provider::PostgreSql);
    assert_eq!(ds.url.env_var(), Some("DATABASE_URL"));
}

#[test]
fn postgres_alias_and_generator_config() {
    let src = "datasource db {\n  provider = \"postgres\"\n  url = \"postgres://x\"\n}\ngenerator client {\n  provider = \"prisma-client-py\"\n  recursive_type_depth = 5\n  flag = true\n  binaryTargets = [\"native\"]\n}\n";
    let v = assert_valid(src);
    let json = crate::config_json::config_json(&v, src, "schema.prisma");
    assert_eq!(json["config"]["datasources"][0]["provider"], "postgres");
    assert_eq!(
        json["config"]["datasources"][0]["activeProvider"],
        "postgresql"
    );
    assert_eq!(
        json["config"]["datasources"][0]["url"]["value"],
        "postgres://x"
    );
    let g = &json["config"]["generators"][0];
    assert_eq!(g["config"]["recursive_type_depth"], "5");
    assert_eq!(g["config"]["flag"], "true");
    assert_eq!(g["binaryTargets"][0]["value"], "native");
    assert_eq!(g["output"], serde_json::Value::Null);
}

// ----- robustness and DMMF ------------------------------------------------------------------------------

#[test]
fn errors_accumulate_across_phases() {
    let src = with(
        PG,
        "model User {\n  id Int @id\n  email String\n\nmodel Post {\n  id Int @id\n}\n",
    );
    assert_eq!(
        errors(&src),
        [
            "Error validating: This line is not a valid field or attribute definition.",
            "Field \"id\" is already defined on model \"User\".",
            "Error validating model \"User\": At most one field must be marked as the id field with the `@id` attribute.",
        ]
    );
}

#[test]
fn never_panics_on_fragments() {
    let src = with(PG, USER_POST);
    for end in 0..src.len() {
        if src.is_char_boundary(end) {
            let _ = validate(&src[..end]);
        }
    }
    let _ = validate(&with(
        PG,
        "model A {\n  id Int @id\n  t DateTime @default(\"2020-01-01T00:00:00+00:0é\")\n}\n",
    ));
    for junk in [
        "@@",
        "model {",
        "model A { id Int @id @default(",
        "enum E { @@map(1) }",
        "model A {\n  a A @relation(fields: [a], references: [a])\n}",
    ] {
        let _ = validate(junk);
    }
}

#[test]
fn dmmf_shapes() {
    let v = assert_valid(&with(
        PG,
        "/// Users\nmodel User {\n  id Int @id @default(autoincrement())\n  email String @unique @map(\"mail\")\n  n Int @default(5)\n  big BigInt @default(7)\n  posts Post[]\n}\nmodel Post {\n  id String @id @default(uuid())\n  authorId Int\n  author User @relation(fields: [authorId], references: [id], onDelete: Cascade)\n  @@unique([authorId, id], name: \"byAuthor\")\n}\n",
    ));
    let json = crate::dmmf::datamodel_json(&v.datamodel);
    let user = &json["models"][0];
    assert_eq!(user["documentation"], "Users");
    assert_eq!(user["fields"][1]["dbName"], "mail");
    assert_eq!(user["fields"][1]["isUnique"], true);
    assert_eq!(user["fields"][2]["default"], serde_json::json!(5.0));
    assert_eq!(user["fields"][3]["default"], "7");
    assert_eq!(user["fields"][4]["relationName"], "PostToUser");
    assert_eq!(
        user["fields"][4]["relationFromFields"],
        serde_json::json!([])
    );
    let post = &json["models"][1];
    assert_eq!(post["fields"][0]["default"]["name"], "uuid(4)");
    assert_eq!(post["fields"][1]["isReadOnly"], true);
    assert_eq!(post["fields"][2]["relationOnDelete"], "Cascade");
    assert_eq!(post["uniqueIndexes"][0]["name"], "byAuthor");
    assert_eq!(json["indexes"].as_array().map(Vec::len), Some(4));
}

#[test]
fn documentation_keeps_trailing_spaces() {
    // Prisma strips the space after `///` but not the end of the line.
    let v = assert_valid(&with(
        PG,
        "model A {\n  /// first. \n  /// second\n  id Int @id\n}\n",
    ));
    assert_eq!(
        v.datamodel.models[0].fields[0].documentation.as_deref(),
        Some("first. \nsecond")
    );
}
