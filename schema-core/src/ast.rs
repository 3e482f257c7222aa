//! The syntax tree of a schema file, as written: every node carries its span, and comments and blank lines
//! are kept as items so the formatter can reproduce them.

use crate::span::Span;

/// A name as written, with where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Identifier {
    pub name: String,
    pub span: Span,
}

/// A whole schema file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SchemaAst {
    pub tops: Vec<Top>,
}

/// A top-level item. Comments and blank lines between blocks are kept for the formatter.
#[derive(Debug, Clone, PartialEq)]
pub enum Top {
    Model(Model),
    Enum(Enum),
    Source(ConfigBlock),
    Generator(ConfigBlock),
    /// A `//` comment line between blocks (text after the `//`).
    Comment(Comment),
    /// One or more blank lines between blocks.
    EmptyLine(Span),
}

/// Which keyword opened a model-like block: all three share fields and attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelKind {
    Model,
    View,
    /// A composite `type` (MongoDB embedded documents).
    CompositeType,
}

impl ModelKind {
    pub fn keyword(self) -> &'static str {
        match self {
            ModelKind::Model => "model",
            ModelKind::View => "view",
            ModelKind::CompositeType => "type",
        }
    }
}

/// A comment: `text` is what follows `//` (or `///` when `doc`), not trimmed.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    pub text: String,
    /// Written with `///`: documentation, which DMMF carries to generators.
    pub doc: bool,
    pub span: Span,
}

/// `model`, `view` or `type` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub kind: ModelKind,
    pub name: Identifier,
    /// The `///` lines just above the block, in order.
    pub documentation: Vec<Comment>,
    pub items: Vec<ModelItem>,
    /// A `//` comment after the opening brace, on the same line.
    pub header_comment: Option<Comment>,
    pub span: Span,
}

impl Model {
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.items.iter().filter_map(|i| match i {
            ModelItem::Field(f) => Some(f),
            _ => None,
        })
    }

    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.items.iter().filter_map(|i| match i {
            ModelItem::Attribute(a) => Some(&a.attribute),
            _ => None,
        })
    }

    /// The documentation text as DMMF gives it: `///` lines without the marker, trimmed, joined by `\n`.
    pub fn documentation_text(&self) -> Option<String> {
        doc_text(&self.documentation)
    }
}

/// A line inside a model-like block.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelItem {
    Field(Field),
    /// A block attribute `@@...`, with its own comments.
    Attribute(BlockAttribute),
    Comment(Comment),
    EmptyLine(Span),
}

/// `@@attr(...)` inside a block, with the `///` lines above it and a trailing comment.
#[derive(Debug, Clone, PartialEq)]
pub struct BlockAttribute {
    pub attribute: Attribute,
    pub documentation: Vec<Comment>,
    pub trailing_comment: Option<Comment>,
}

impl std::ops::Deref for BlockAttribute {
    type Target = Attribute;
    fn deref(&self) -> &Attribute {
        &self.attribute
    }
}

/// How many values a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arity {
    Required,
    Optional,
    List,
}

/// The type written for a field.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldType {
    /// A scalar, enum, model or composite type name.
    Named(Identifier),
    /// `Unsupported("native type")`, kept verbatim.
    Unsupported { native: String, span: Span },
}

impl FieldType {
    pub fn span(&self) -> Span {
        match self {
            FieldType::Named(i) => i.span,
            FieldType::Unsupported { span, .. } => *span,
        }
    }

    pub fn name(&self) -> Option<&str> {
        match self {
            FieldType::Named(i) => Some(&i.name),
            FieldType::Unsupported { .. } => None,
        }
    }
}

/// A field line: `name Type? @attr(...) // comment`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: Identifier,
    pub field_type: FieldType,
    pub arity: Arity,
    /// Span of the type including its `?` or `[]`.
    pub type_span: Span,
    pub attributes: Vec<Attribute>,
    pub documentation: Vec<Comment>,
    pub trailing_comment: Option<Comment>,
    /// The whole line, up to and including its newline.
    pub span: Span,
}

impl Field {
    /// The `///` lines above the field and a `///` comment at the end of its line.
    pub fn documentation_text(&self) -> Option<String> {
        doc_text_with_trailing(&self.documentation, self.trailing_comment.as_ref())
    }

    /// The first attribute with this name (without `@`), e.g. `"relation"` or `"db.VarChar"`.
    pub fn attribute(&self, name: &str) -> Option<&Attribute> {
        self.attributes.iter().find(|a| a.name.name == name)
    }
}

/// `@name(args)` or `@@name(args)`; `name` has no `@` and may be dotted (`db.VarChar`).
#[derive(Debug, Clone, PartialEq)]
pub struct Attribute {
    pub name: Identifier,
    pub arguments: ArgumentList,
    pub span: Span,
}

/// The parenthesized arguments of an attribute or function; `None` means no parentheses were written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ArgumentList {
    pub arguments: Vec<Argument>,
    /// Named arguments written with nothing after the colon (`name: `), which Prisma reports.
    pub empty_arguments: Vec<Identifier>,
    /// Whether `(...)` was written at all.
    pub has_parens: bool,
    pub span: Span,
}

/// One argument: positional (`name` is `None`) or named.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument {
    pub name: Option<Identifier>,
    pub value: Expression,
    pub span: Span,
}

/// A value in an attribute argument or a config property.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// A number as written (`5`, `-1.5`).
    Numeric(String, Span),
    /// A string literal, escapes resolved.
    String(String, Span),
    /// A bare word: `true`, `Cascade`, an enum value, a field name.
    Constant(String, Span),
    /// `name(args)`, e.g. `autoincrement()`, `env("URL")`, `sort: Desc` inside lists as `id(sort: Desc)`.
    Function(String, ArgumentList, Span),
    Array(Vec<Expression>, Span),
}

impl Expression {
    pub fn span(&self) -> Span {
        match self {
            Expression::Numeric(_, s)
            | Expression::String(_, s)
            | Expression::Constant(_, s)
            | Expression::Function(_, _, s)
            | Expression::Array(_, s) => *s,
        }
    }

    pub fn as_string(&self) -> Option<&str> {
        match self {
            Expression::String(s, _) => Some(s),
            _ => None,
        }
    }

    pub fn as_constant(&self) -> Option<&str> {
        match self {
            Expression::Constant(s, _) => Some(s),
            _ => None,
        }
    }

    /// Prisma's name for the kind of value, used in "Expected a ..., but found ..." messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Expression::Numeric(..) => "numeric",
            Expression::String(..) => "string",
            Expression::Constant(..) => "constant",
            Expression::Function(..) => "functional",
            Expression::Array(..) => "array",
        }
    }
}

/// An `enum` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub name: Identifier,
    pub documentation: Vec<Comment>,
    pub items: Vec<EnumItem>,
    pub header_comment: Option<Comment>,
    pub span: Span,
}

impl Enum {
    pub fn values(&self) -> impl Iterator<Item = &EnumValue> {
        self.items.iter().filter_map(|i| match i {
            EnumItem::Value(v) => Some(v),
            _ => None,
        })
    }

    pub fn attributes(&self) -> impl Iterator<Item = &Attribute> {
        self.items.iter().filter_map(|i| match i {
            EnumItem::Attribute(a) => Some(&a.attribute),
            _ => None,
        })
    }

    pub fn documentation_text(&self) -> Option<String> {
        doc_text(&self.documentation)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum EnumItem {
    Value(EnumValue),
    Attribute(BlockAttribute),
    Comment(Comment),
    EmptyLine(Span),
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    pub name: Identifier,
    pub attributes: Vec<Attribute>,
    pub documentation: Vec<Comment>,
    pub trailing_comment: Option<Comment>,
    pub span: Span,
}

impl EnumValue {
    pub fn documentation_text(&self) -> Option<String> {
        doc_text_with_trailing(&self.documentation, self.trailing_comment.as_ref())
    }
}

/// A `datasource` or `generator` block: `key = value` lines.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigBlock {
    pub name: Identifier,
    pub documentation: Vec<Comment>,
    pub items: Vec<ConfigItem>,
    pub header_comment: Option<Comment>,
    pub span: Span,
}

impl ConfigBlock {
    pub fn properties(&self) -> impl Iterator<Item = &ConfigProperty> {
        self.items.iter().filter_map(|i| match i {
            ConfigItem::Property(p) => Some(p),
            _ => None,
        })
    }

    pub fn property(&self, key: &str) -> Option<&ConfigProperty> {
        self.properties().find(|p| p.key.name == key)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConfigItem {
    Property(ConfigProperty),
    Comment(Comment),
    EmptyLine(Span),
}

/// `key = value`; `value` is `None` when nothing follows the `=`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfigProperty {
    pub key: Identifier,
    pub value: Option<Expression>,
    pub documentation: Vec<Comment>,
    pub trailing_comment: Option<Comment>,
    pub span: Span,
}

fn doc_text(lines: &[Comment]) -> Option<String> {
    if lines.is_empty() {
        return None;
    }
    Some(
        lines
            .iter()
            // Prisma strips the space after `///` but keeps trailing spaces.
            .map(|c| c.text.trim_start())
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn doc_text_with_trailing(lines: &[Comment], trailing: Option<&Comment>) -> Option<String> {
    match trailing.filter(|c| c.doc) {
        Some(t) => {
            let mut all = lines.to_vec();
            all.push(t.clone());
            doc_text(&all)
        }
        None => doc_text(lines),
    }
}
