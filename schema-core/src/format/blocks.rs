//! Layout of one block: `model`, `view`, `type`, `enum`, `datasource`, `generator`.
//!
//! Every block kind is first turned into a neutral list of [`Item`]s, then laid out by the same rules:
//! - runs of blank lines collapse to one, and blank lines at the start and end of the body are dropped;
//! - block attributes (`@@...`) move to the end of the block, sorted into canonical order, after one blank
//!   line, with no blank lines between them; comment lines directly above an attribute travel with it, while
//!   other comments stay where they are among the fields (so a comment after the last attribute ends up
//!   above the attributes);
//! - entries (fields, enum values, properties) are aligned in columns by [`super::table`].

use super::expression::Writer;
use super::ordering::{sort_block_attributes, sorted_field_attributes};
use super::table::{render_lines, Line};
use crate::ast::{
    BlockAttribute, Comment, ConfigBlock, ConfigItem, Enum, EnumItem, Model, ModelItem,
};

/// The indentation of block bodies: two spaces, as the goldens were made with `tabSize: 2, insertSpaces`.
const INDENT: &str = "  ";

/// A body line before layout.
enum Item {
    /// An aligned row with its `///` lines above and its trailing comment.
    Entry {
        docs: Vec<String>,
        cells: Vec<String>,
        comment: Option<String>,
    },
    /// A free-standing comment line, marker included.
    Comment(String),
    Blank,
    /// A block attribute: its name (for sorting), its `///` lines and its full text with trailing comment.
    Attribute {
        name: String,
        docs: Vec<String>,
        text: String,
    },
}

/// `//text` or `///text`, exactly as written apart from indentation.
pub(crate) fn comment_text(comment: &Comment) -> String {
    let marker = if comment.doc { "///" } else { "//" };
    format!("{marker}{}", comment.text)
}

fn doc_lines(docs: &[Comment]) -> Vec<String> {
    docs.iter().map(comment_text).collect()
}

/// Writes `keyword name {`, the body and `}` (each line ending in `\n`).
fn write_block(
    keyword: &str,
    name: &str,
    header_comment: Option<&Comment>,
    items: Vec<Item>,
    out: &mut String,
) {
    out.push_str(keyword);
    out.push(' ');
    out.push_str(name);
    out.push_str(" {");
    if let Some(comment) = header_comment {
        out.push(' ');
        out.push_str(&comment_text(comment));
    }
    out.push('\n');
    render_lines(&layout(items), INDENT, out);
    out.push_str("}\n");
}

/// Applies the body rules listed in the module documentation.
///
/// Blank lines are kept (one per run) only where they separate body lines: before the first line, at the end,
/// and before a block attribute or the comments travelling with one they are dropped. The attributes get one
/// blank line in front of them wherever they end up, even in a block without fields.
fn layout(items: Vec<Item>) -> Vec<Line> {
    let mut body: Vec<Line> = Vec::new();
    let mut attributes: Vec<(String, Vec<String>)> = Vec::new();
    let mut attached_comments: Vec<String> = Vec::new();
    let mut blank_before = false;
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            Item::Blank => {
                // Leading blank lines never count.
                blank_before = !body.is_empty() || !attributes.is_empty();
                continue;
            }
            Item::Comment(first) => {
                let mut comments = vec![first];
                while let Some(Item::Comment(_)) = items.peek() {
                    if let Some(Item::Comment(text)) = items.next() {
                        comments.push(text);
                    }
                }
                if matches!(items.peek(), Some(Item::Attribute { .. })) {
                    attached_comments = comments;
                } else {
                    if blank_before {
                        body.push(Line::Blank);
                    }
                    body.extend(comments.into_iter().map(Line::Text));
                }
            }
            Item::Entry {
                docs,
                cells,
                comment,
            } => {
                if blank_before {
                    body.push(Line::Blank);
                }
                body.extend(docs.into_iter().map(Line::Text));
                body.push(Line::row(cells, comment));
            }
            Item::Attribute { name, docs, text } => {
                let mut lines = std::mem::take(&mut attached_comments);
                lines.extend(docs);
                lines.push(text);
                attributes.push((name, lines));
            }
        }
        blank_before = false;
    }

    if !attributes.is_empty() {
        body.push(Line::Blank);
        sort_block_attributes(&mut attributes, |(name, _)| name.as_str());
        for (_, attribute_lines) in attributes {
            body.extend(attribute_lines.into_iter().map(Line::Text));
        }
    }
    body
}

fn block_attribute_item(w: &Writer<'_>, attr: &BlockAttribute) -> Item {
    let mut text = w.attribute("@@", &attr.attribute);
    if let Some(comment) = &attr.trailing_comment {
        text.push(' ');
        text.push_str(&comment_text(comment));
    }
    Item::Attribute {
        name: attr.attribute.name.name.clone(),
        docs: doc_lines(&attr.documentation),
        text,
    }
}

/// `model`, `view` and `type` blocks: rows of `name  Type  @attributes`.
pub(crate) fn write_model(w: &Writer<'_>, model: &Model, out: &mut String) {
    let items = model
        .items
        .iter()
        .map(|item| match item {
            ModelItem::Field(field) => {
                let attributes = sorted_field_attributes(&field.attributes)
                    .into_iter()
                    .map(|a| w.attribute("@", a))
                    .collect::<Vec<_>>()
                    .join(" ");
                Item::Entry {
                    docs: doc_lines(&field.documentation),
                    cells: vec![field.name.name.clone(), w.field_type(field), attributes],
                    comment: field.trailing_comment.as_ref().map(comment_text),
                }
            }
            ModelItem::Attribute(attr) => block_attribute_item(w, attr),
            ModelItem::Comment(c) => Item::Comment(comment_text(c)),
            ModelItem::EmptyLine(_) => Item::Blank,
        })
        .collect();
    write_block(
        model.kind.keyword(),
        &model.name.name,
        model.header_comment.as_ref(),
        items,
        out,
    );
}

/// `enum` blocks: rows of `VALUE  @map(...)`.
pub(crate) fn write_enum(w: &Writer<'_>, en: &Enum, out: &mut String) {
    let items = en
        .items
        .iter()
        .map(|item| match item {
            EnumItem::Value(value) => {
                let attributes = sorted_field_attributes(&value.attributes)
                    .into_iter()
                    .map(|a| w.attribute("@", a))
                    .collect::<Vec<_>>()
                    .join(" ");
                Item::Entry {
                    docs: doc_lines(&value.documentation),
                    cells: vec![value.name.name.clone(), attributes],
                    comment: value.trailing_comment.as_ref().map(comment_text),
                }
            }
            EnumItem::Attribute(attr) => block_attribute_item(w, attr),
            EnumItem::Comment(c) => Item::Comment(comment_text(c)),
            EnumItem::EmptyLine(_) => Item::Blank,
        })
        .collect();
    write_block(
        "enum",
        &en.name.name,
        en.header_comment.as_ref(),
        items,
        out,
    );
}

/// `datasource` and `generator` blocks: rows of `key = value`, the `=` signs aligned.
pub(crate) fn write_config(w: &Writer<'_>, keyword: &str, block: &ConfigBlock, out: &mut String) {
    let items = block
        .items
        .iter()
        .map(|item| match item {
            ConfigItem::Property(p) => {
                let mut value = String::new();
                if let Some(expr) = &p.value {
                    w.expression(expr, &mut value);
                }
                Item::Entry {
                    docs: doc_lines(&p.documentation),
                    cells: vec![p.key.name.clone(), "=".to_string(), value],
                    comment: p.trailing_comment.as_ref().map(comment_text),
                }
            }
            ConfigItem::Comment(c) => Item::Comment(comment_text(c)),
            ConfigItem::EmptyLine(_) => Item::Blank,
        })
        .collect();
    write_block(
        keyword,
        &block.name.name,
        block.header_comment.as_ref(),
        items,
        out,
    );
}
