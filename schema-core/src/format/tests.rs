//! One test per formatting rule, each an inline schema and the text `prisma format` gives for it.

use super::format_schema;

fn check(input: &str, expected: &str) {
    let formatted = format_schema(input);
    assert_eq!(
        formatted, expected,
        "\n--- got ---\n{formatted}\n--- want ---\n{expected}"
    );
    assert_eq!(
        format_schema(expected),
        expected,
        "formatting is not idempotent"
    );
}

#[test]
fn reindents_blocks_with_two_spaces() {
    check(
        "model A {\n\tid Int @id\n        name String\n}\n",
        "model A {\n  id   Int    @id\n  name String\n}\n",
    );
}

#[test]
fn aligns_name_type_and_attribute_columns() {
    check(
        "model User {\n  id Int @id @default(autoincrement())\n  email String? @unique\n  posts Post[]\n}\n",
        "model User {\n  id    Int     @id @default(autoincrement())\n  email String? @unique\n  posts Post[]\n}\n",
    );
}

#[test]
fn blank_lines_split_alignment_groups() {
    check(
        "model A {\n  id Int @id\n  longName String\n\n  x Int @unique\n}\n",
        "model A {\n  id       Int    @id\n  longName String\n\n  x Int @unique\n}\n",
    );
}

#[test]
fn comments_do_not_split_alignment_groups() {
    check(
        "model A {\n  id Int @id\n  // note\n  /// doc\n  longName String\n}\n",
        "model A {\n  id       Int    @id\n  // note\n  /// doc\n  longName String\n}\n",
    );
}

#[test]
fn trailing_comments_are_not_aligned() {
    check(
        "model A {\n  storeId   String    // fk\n  store Store @relation(fields: [storeId], references: [id]) // rel\n  note String? /// doc\n}\n",
        "model A {\n  storeId String // fk\n  store   Store   @relation(fields: [storeId], references: [id]) // rel\n  note    String? /// doc\n}\n",
    );
}

#[test]
fn collapses_blank_lines_and_trims_them_at_block_edges() {
    check(
        "model A {\n\n  a Int\n\n\n\n  b Int\n\n}\n",
        "model A {\n  a Int\n\n  b Int\n}\n",
    );
}

#[test]
fn moves_block_attributes_to_the_end_after_one_blank_line() {
    check(
        "model A {\n  a Int\n  @@index([a])\n  b Int\n}\n",
        "model A {\n  a Int\n  b Int\n\n  @@index([a])\n}\n",
    );
    check(
        "model A {\n  a Int\n  b Int\n  @@map(\"a\")\n}\n",
        "model A {\n  a Int\n  b Int\n\n  @@map(\"a\")\n}\n",
    );
}

#[test]
fn block_attributes_are_sorted_and_packed_together() {
    check(
        "model A {\n  a Int\n  b Int\n\n  @@map(\"t\")\n\n  @@index([a])\n  @@schema(\"s\")\n  @@unique([a, b])\n  @@id([a])\n}\n",
        "model A {\n  a Int\n  b Int\n\n  @@id([a])\n  @@unique([a, b])\n  @@index([a])\n  @@map(\"t\")\n  @@schema(\"s\")\n}\n",
    );
}

#[test]
fn comments_above_a_block_attribute_travel_with_it() {
    check(
        "model A {\n  a Int\n\n  // by a\n  @@index([a])\n  // composite\n  /// doc\n  @@id([a]) // pk\n}\n",
        "model A {\n  a Int\n\n  // composite\n  /// doc\n  @@id([a]) // pk\n  // by a\n  @@index([a])\n}\n",
    );
}

#[test]
fn field_attributes_are_sorted() {
    check(
        "model A {\n  a String @db.VarChar(3) @map(\"x\") @unique @default(\"\") @id\n  b DateTime @updatedAt @default(now())\n}\n",
        "model A {\n  a String   @id @unique @default(\"\") @map(\"x\") @db.VarChar(3)\n  b DateTime @default(now()) @updatedAt\n}\n",
    );
}

#[test]
fn normalises_spacing_inside_attributes() {
    check(
        "model A {\n  b B @relation(\"r\",fields:[bId],references:[id] , onDelete : Cascade)\n  @@index([ a, b ],map:\"ix\")\n}\n",
        "model A {\n  b B @relation(\"r\", fields: [bId], references: [id], onDelete: Cascade)\n\n  @@index([a, b], map: \"ix\")\n}\n",
    );
}

#[test]
fn keeps_empty_parentheses_and_string_escapes() {
    check(
        "model A {\n  id String @id() @default(\"a\\\"b\\\\c\\u00e9\")\n}\n",
        "model A {\n  id String @id() @default(\"a\\\"b\\\\c\\u00e9\")\n}\n",
    );
}

#[test]
fn unsupported_types() {
    let ty = r#"Unsupported("geometry(Point, 4326)")?"#;
    let pad = " ".repeat(ty.len() - "Int".len() + 1);
    check(
        "model A {\n  id Int @id\n  geom Unsupported( \"geometry(Point, 4326)\" )?\n}\n",
        &format!("model A {{\n  id   Int{pad}@id\n  geom {ty}\n}}\n"),
    );
}

#[test]
fn aligns_config_properties_per_group() {
    check(
        "datasource db {\n    provider=\"mysql\"\n  url = env(\"URL\")\n  // comment\n  shadowDatabaseUrl = env(\"S\") // shadow\n\n  relationMode = \"prisma\"\n}\n",
        "datasource db {\n  provider          = \"mysql\"\n  url               = env(\"URL\")\n  // comment\n  shadowDatabaseUrl = env(\"S\") // shadow\n\n  relationMode = \"prisma\"\n}\n",
    );
}

#[test]
fn config_arrays() {
    check(
        "generator client {\n  provider = \"prisma-client-js\"\n  binaryTargets = [ \"native\",\"debian-openssl-1.1.x\" ]\n}\n",
        "generator client {\n  provider      = \"prisma-client-js\"\n  binaryTargets = [\"native\", \"debian-openssl-1.1.x\"]\n}\n",
    );
}

#[test]
fn enum_values_with_attributes() {
    check(
        "enum Role {\n    USER @map(\"user\")\n  ADMINISTRATOR @map(\"admin\")\n  @@map(\"roles\")\n  GUEST\n}\n",
        "enum Role {\n  USER          @map(\"user\")\n  ADMINISTRATOR @map(\"admin\")\n  GUEST\n\n  @@map(\"roles\")\n}\n",
    );
}

#[test]
fn composite_types_and_views() {
    check(
        "type Address {\n street String\n zipCode String?\n}\nview Stats {\n  n Int @unique\n  label String\n}\n",
        "type Address {\n  street  String\n  zipCode String?\n}\n\nview Stats {\n  n     Int    @unique\n  label String\n}\n",
    );
}

#[test]
fn one_blank_line_between_blocks() {
    check(
        "\n\nmodel A {\n  a Int\n}\nmodel B {\n  b Int\n}\n\n\n\nenum E {\n  X\n}\n\n\n",
        "model A {\n  a Int\n}\n\nmodel B {\n  b Int\n}\n\nenum E {\n  X\n}\n",
    );
}

#[test]
fn comments_between_blocks_are_kept() {
    check(
        "// header\n\n\n// section\nmodel A {\n  a Int\n}\n\n//// Tag ////\n\n/// documented\nmodel B {\n  b Int\n}\n// trailing\n",
        "// header\n\n// section\nmodel A {\n  a Int\n}\n\n//// Tag ////\n\n/// documented\nmodel B {\n  b Int\n}\n\n// trailing\n",
    );
}

#[test]
fn comment_text_is_kept_verbatim() {
    check(
        "model A {\n  //no space   \n  ///\n  a Int // x  \n}\n",
        "model A {\n  //no space   \n  ///\n  a Int // x  \n}\n",
    );
}

#[test]
fn adds_the_final_newline() {
    check("model A {\n  a Int\n}", "model A {\n  a Int\n}\n");
    check("model A {\n  a Int\n} ", "model A {\n  a Int\n}\n");
}

#[test]
fn crlf_input_gives_lf_output() {
    check(
        "datasource db {\r\n  provider = \"sqlite\" // c\r\n}\r\n\r\nmodel A {\r\n  id Int @id\r\n}\r\n",
        "datasource db {\n  provider = \"sqlite\" // c\n}\n\nmodel A {\n  id Int @id\n}\n",
    );
}

#[test]
fn empty_blocks_and_empty_schema() {
    check("model A {}\n", "model A {\n}\n");
    check("", "");
    check("\n\n", "");
}

#[test]
fn header_normalised() {
    check("model   A   {\n  a Int\n}\n", "model A {\n  a Int\n}\n");
}

#[test]
fn unparsable_schemas_are_returned_unchanged() {
    for src in [
        "model A {\n  id Int @id\n  ??\n}\n",
        "model A {\n   id Int @default(\n}\n",
        "foo bar\nmodel  A {\n a Int\n}\n",
        "model A {\n  id Int\n",
    ] {
        assert_eq!(format_schema(src), src);
    }
}

#[test]
fn blank_lines_before_a_moved_attribute_disappear() {
    // The attribute leaves; the blank line that only separated it from the fields goes with it, so the two
    // fields end up in one alignment group.
    check(
        "model A {\n  a Int @id\n\n  @@map(\"t\")\n  longName String\n}\n",
        "model A {\n  a        Int    @id\n  longName String\n\n  @@map(\"t\")\n}\n",
    );
    check(
        "model A {\n  a Int\n\n  @@map(\"t\")\n\n  longName String\n}\n",
        "model A {\n  a Int\n\n  longName String\n\n  @@map(\"t\")\n}\n",
    );
}

#[test]
fn comments_after_the_last_attribute_stay_among_the_fields() {
    check(
        "model A {\n  a Int\n\n  @@id([a])\n  // the end\n}\n",
        "model A {\n  a Int\n  // the end\n\n  @@id([a])\n}\n",
    );
    check(
        "model A {\n  a Int\n  @@id([a])\n\n  // the end\n}\n",
        "model A {\n  a Int\n\n  // the end\n\n  @@id([a])\n}\n",
    );
}

#[test]
fn a_block_with_only_attributes_starts_with_a_blank_line() {
    check("model A {\n  @@ignore\n}\n", "model A {\n\n  @@ignore\n}\n");
}

#[test]
fn empty_named_arguments_are_kept_in_place() {
    check(
        "model A {\n  b B @relation(fields: [bId], onDelete: , references: [id])\n}\n",
        "model A {\n  b B @relation(fields: [bId], onDelete: , references: [id])\n}\n",
    );
}
