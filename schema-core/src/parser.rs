//! Recovering parser: tokens to [`SchemaAst`]. A line it cannot read becomes a diagnostic and is skipped, so
//! the rest of the file is still parsed and validated.

use crate::ast::*;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::lexer::{lex, Token, TokenKind};
use crate::span::Span;

/// Parses a whole schema. Syntax problems are pushed into `diagnostics`; the tree holds everything readable.
pub fn parse_schema(source: &str, diagnostics: &mut Diagnostics) -> SchemaAst {
    let tokens = lex(source);
    let mut parser = Parser {
        tokens,
        pos: 0,
        source_len: source.len(),
        depth: 0,
        diagnostics,
    };
    parser.schema()
}

/// Deeper nesting of arrays and calls than any real schema has makes the line invalid instead of
/// recursing further: the parser, the validator and the formatter all recurse over expressions.
const MAX_NESTING: usize = 64;

struct Parser<'d> {
    tokens: Vec<Token>,
    pos: usize,
    source_len: usize,
    /// Nesting of arrays and function arguments, bounded so hostile input cannot exhaust the stack.
    depth: usize,
    diagnostics: &'d mut Diagnostics,
}

/// What kind of block a line-level error happened in, for Prisma's wording.
#[derive(Clone, Copy)]
enum BlockContext {
    Model,
    Enum,
    Datasource,
    Generator,
}

impl BlockContext {
    fn invalid_line_message(self) -> &'static str {
        match self {
            BlockContext::Model => "This line is not a valid field or attribute definition.",
            BlockContext::Enum => "This line is not an enum value definition.",
            BlockContext::Datasource => "This line is not a valid definition within a datasource.",
            BlockContext::Generator => "This line is not a valid definition within a generator.",
        }
    }
}

impl Parser<'_> {
    // ----- token access -------------------------------------------------------------------------------

    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn peek_at(&self, n: usize) -> Option<&TokenKind> {
        self.tokens.get(self.pos + n).map(|t| &t.kind)
    }

    fn span_here(&self) -> Span {
        self.tokens
            .get(self.pos)
            .map(|t| t.span)
            .unwrap_or(Span::new(self.source_len, self.source_len))
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.tokens[self.pos - 1].span.end
        }
    }

    fn bump(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.pos).cloned();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    fn at(&self, kind: &TokenKind) -> bool {
        self.peek() == Some(kind)
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        if self.at(kind) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<Identifier> {
        match self.peek() {
            Some(TokenKind::Ident(name)) => {
                let name = name.clone();
                let span = self.bump().map(|t| t.span).unwrap_or_default();
                Some(Identifier { name, span })
            }
            _ => None,
        }
    }

    /// Skips to just past the next newline (or the end), returning the span of what was skipped.
    fn skip_line(&mut self) -> Span {
        let start = self.span_here().start;
        while let Some(kind) = self.peek() {
            let is_newline = matches!(kind, TokenKind::Newline);
            self.pos += 1;
            if is_newline {
                break;
            }
        }
        Span::new(start, self.prev_end().max(start))
    }

    /// A trailing `// comment` then the end of the line. False when something else is on the line.
    fn end_of_line(&mut self) -> Option<Option<Comment>> {
        let comment = match self.peek() {
            Some(TokenKind::Comment(text) | TokenKind::DocComment(text)) => {
                let text = text.clone();
                let doc = matches!(self.peek(), Some(TokenKind::DocComment(_)));
                let span = self.bump().map(|t| t.span).unwrap_or_default();
                Some(Comment { text, doc, span })
            }
            _ => None,
        };
        match self.peek() {
            Some(TokenKind::Newline) => {
                self.pos += 1;
                Some(comment)
            }
            None | Some(TokenKind::RBrace) => Some(comment),
            _ => None,
        }
    }

    // ----- top level ----------------------------------------------------------------------------------

    fn schema(&mut self) -> SchemaAst {
        let mut tops = Vec::new();
        let mut docs: Vec<Comment> = Vec::new();
        let mut line_start = true;
        while let Some(kind) = self.peek().cloned() {
            match kind {
                TokenKind::Newline => {
                    let span = self.span_here();
                    self.pos += 1;
                    if line_start {
                        flush_docs(&mut docs, &mut tops);
                        tops.push(Top::EmptyLine(span));
                    }
                    line_start = true;
                    continue;
                }
                TokenKind::Comment(text) => {
                    let span = self.span_here();
                    self.pos += 1;
                    flush_docs(&mut docs, &mut tops);
                    tops.push(Top::Comment(Comment {
                        text,
                        doc: false,
                        span,
                    }));
                }
                TokenKind::DocComment(text) => {
                    let span = self.span_here();
                    self.pos += 1;
                    docs.push(Comment {
                        text,
                        doc: true,
                        span,
                    });
                }
                TokenKind::Ident(word) => {
                    let doc = std::mem::take(&mut docs);
                    match self.block(&word, doc) {
                        Some(top) => tops.push(top),
                        None => self.invalid_top_line(),
                    }
                }
                _ => {
                    flush_docs(&mut docs, &mut tops);
                    self.invalid_top_line();
                }
            }
            line_start = false;
        }
        flush_docs(&mut docs, &mut tops);
        SchemaAst { tops }
    }

    fn invalid_top_line(&mut self) {
        let span = self.skip_line();
        self.diagnostics.push(Diagnostic::validation(
            "This line is invalid. It does not start with any known Prisma schema keyword.",
            span,
        ));
    }

    /// A block starting with `keyword`, or `None` (nothing consumed) if this is not a block header.
    fn block(&mut self, keyword: &str, documentation: Vec<Comment>) -> Option<Top> {
        let start = self.span_here();
        let is_block = matches!(
            (self.peek_at(1), self.peek_at(2)),
            (Some(TokenKind::Ident(_)), Some(TokenKind::LBrace))
        );
        if !is_block {
            return None;
        }
        let kind = match keyword {
            "model" => Some(ModelKind::Model),
            "view" => Some(ModelKind::View),
            "type" => Some(ModelKind::CompositeType),
            "enum" | "datasource" | "generator" => None,
            _ => return None,
        };
        self.pos += 1;
        let name = self.ident()?;
        self.pos += 1; // `{`
        let header_comment = self.block_header_end();
        let top = match (kind, keyword) {
            (Some(kind), _) => {
                let items = self.model_items();
                Top::Model(Model {
                    kind,
                    name,
                    documentation,
                    items,
                    header_comment,
                    span: self.close_block(start),
                })
            }
            (None, "enum") => {
                let items = self.enum_items();
                Top::Enum(Enum {
                    name,
                    documentation,
                    items,
                    header_comment,
                    span: self.close_block(start),
                })
            }
            (None, keyword) => {
                let context = if keyword == "datasource" {
                    BlockContext::Datasource
                } else {
                    BlockContext::Generator
                };
                let items = self.config_items(context);
                let block = ConfigBlock {
                    name,
                    documentation,
                    items,
                    header_comment,
                    span: self.close_block(start),
                };
                if keyword == "datasource" {
                    Top::Source(block)
                } else {
                    Top::Generator(block)
                }
            }
        };
        Some(top)
    }

    /// After `{`: an optional comment, then the newline.
    fn block_header_end(&mut self) -> Option<Comment> {
        let comment = match self.peek() {
            Some(TokenKind::Comment(text)) => {
                let text = text.clone();
                let span = self.bump().map(|t| t.span).unwrap_or_default();
                Some(Comment {
                    text,
                    doc: false,
                    span,
                })
            }
            _ => None,
        };
        self.eat(&TokenKind::Newline);
        comment
    }

    /// Consumes the closing `}` (reporting its absence) and its newline; returns the block's span.
    fn close_block(&mut self, start: Span) -> Span {
        if self.eat(&TokenKind::RBrace) {
            let end = self.prev_end();
            self.eat(&TokenKind::Newline);
            Span::new(start.start, end)
        } else {
            let end = self.source_len;
            self.diagnostics.push(Diagnostic::validation(
                "This block is invalid. It is missing a closing brace `}`.",
                Span::new(start.start, end),
            ));
            Span::new(start.start, end)
        }
    }

    /// Reports and skips an unreadable line inside a block.
    fn invalid_block_line(&mut self, context: BlockContext, line_start: usize) {
        self.pos = line_start;
        let span = self.skip_line();
        self.diagnostics
            .push(Diagnostic::validation(context.invalid_line_message(), span));
    }

    /// The lines of a block up to its `}`: blank lines, comments and doc comments are handled here the same
    /// way for every kind of block; `content_line` reads any other line (`None` when it cannot), and gets
    /// the `///` lines just above it.
    fn block_items<I: BlockItemKind>(
        &mut self,
        context: BlockContext,
        mut content_line: impl FnMut(&mut Self, Vec<Comment>) -> Option<I>,
    ) -> Vec<I> {
        let mut items = Vec::new();
        let mut docs: Vec<Comment> = Vec::new();
        while let Some(kind) = self.peek().cloned() {
            let line_start = self.pos;
            match kind {
                TokenKind::RBrace => break,
                TokenKind::Newline => {
                    let span = self.span_here();
                    self.pos += 1;
                    items.extend(docs.drain(..).map(I::comment));
                    items.push(I::empty_line(span));
                }
                TokenKind::Comment(text) => {
                    let span = self.span_here();
                    self.pos += 1;
                    self.eat(&TokenKind::Newline);
                    items.extend(docs.drain(..).map(I::comment));
                    items.push(I::comment(Comment {
                        text,
                        doc: false,
                        span,
                    }));
                }
                TokenKind::DocComment(text) => {
                    let span = self.span_here();
                    self.pos += 1;
                    self.eat(&TokenKind::Newline);
                    docs.push(Comment {
                        text,
                        doc: true,
                        span,
                    });
                }
                _ => match content_line(self, std::mem::take(&mut docs)) {
                    Some(item) => items.push(item),
                    None => self.invalid_block_line(context, line_start),
                },
            }
        }
        items.extend(docs.into_iter().map(I::comment));
        items
    }

    // ----- models -------------------------------------------------------------------------------------

    fn model_items(&mut self) -> Vec<ModelItem> {
        self.block_items(BlockContext::Model, |p, docs| match p.peek() {
            Some(TokenKind::AtAt) => p.block_attribute(docs).map(ModelItem::Attribute),
            Some(TokenKind::Ident(_)) => p.field(docs).map(ModelItem::Field),
            _ => None,
        })
    }

    fn block_attribute(&mut self, documentation: Vec<Comment>) -> Option<BlockAttribute> {
        let attribute = self.attribute(&TokenKind::AtAt)?;
        let trailing_comment = self.end_of_line()?;
        Some(BlockAttribute {
            attribute,
            documentation,
            trailing_comment,
        })
    }

    fn field(&mut self, documentation: Vec<Comment>) -> Option<Field> {
        let name = self.ident()?;
        let type_start = self.span_here().start;
        let field_type = self.field_type()?;
        let arity = if self.eat(&TokenKind::Question) {
            Arity::Optional
        } else if self.at(&TokenKind::LBracket) && self.peek_at(1) == Some(&TokenKind::RBracket) {
            self.pos += 2;
            Arity::List
        } else {
            Arity::Required
        };
        let type_span = Span::new(type_start, self.prev_end());
        let mut attributes = Vec::new();
        while self.at(&TokenKind::At) {
            attributes.push(self.attribute(&TokenKind::At)?);
        }
        let line_end_before = self.prev_end();
        let trailing_comment = self.end_of_line()?;
        let end = if self.pos > 0 && self.tokens[self.pos - 1].kind == TokenKind::Newline {
            self.prev_end()
        } else {
            line_end_before
        };
        Some(Field {
            span: Span::new(name.span.start, end),
            name,
            field_type,
            arity,
            type_span,
            attributes,
            documentation,
            trailing_comment,
        })
    }

    fn field_type(&mut self) -> Option<FieldType> {
        let ident = self.ident()?;
        if ident.name == "Unsupported" && self.at(&TokenKind::LParen) {
            self.pos += 1;
            let native = match self.bump()?.kind {
                TokenKind::Str { value, .. } => value,
                _ => return None,
            };
            if !self.eat(&TokenKind::RParen) {
                return None;
            }
            return Some(FieldType::Unsupported {
                native,
                span: Span::new(ident.span.start, self.prev_end()),
            });
        }
        Some(FieldType::Named(ident))
    }

    /// `@name(args)` or `@@name(args)`, with the marker given.
    fn attribute(&mut self, marker: &TokenKind) -> Option<Attribute> {
        let start = self.span_here().start;
        if !self.eat(marker) {
            return None;
        }
        let name = self.dotted_name()?;
        let arguments = if self.at(&TokenKind::LParen) {
            self.argument_list()?
        } else {
            ArgumentList {
                span: Span::new(self.prev_end(), self.prev_end()),
                ..ArgumentList::default()
            }
        };
        Some(Attribute {
            name,
            arguments,
            span: Span::new(start, self.prev_end()),
        })
    }

    /// `a` or `a.b.c` as one identifier.
    fn dotted_name(&mut self) -> Option<Identifier> {
        let first = self.ident()?;
        let mut name = first.name;
        let mut span = first.span;
        while self.at(&TokenKind::Dot) && matches!(self.peek_at(1), Some(TokenKind::Ident(_))) {
            self.pos += 1;
            let next = self.ident()?;
            name.push('.');
            name.push_str(&next.name);
            span = span.to(next.span);
        }
        Some(Identifier { name, span })
    }

    /// Inside parentheses and brackets, line breaks and comments are insignificant.
    fn skip_insignificant(&mut self) {
        while matches!(
            self.peek(),
            Some(TokenKind::Newline | TokenKind::Comment(_) | TokenKind::DocComment(_))
        ) {
            self.pos += 1;
        }
    }

    fn argument_list(&mut self) -> Option<ArgumentList> {
        let start = self.span_here().start;
        self.pos += 1; // `(`
        let mut list = ArgumentList {
            has_parens: true,
            ..ArgumentList::default()
        };
        loop {
            self.skip_insignificant();
            if self.eat(&TokenKind::RParen) {
                break;
            }
            let arg_start = self.span_here().start;
            let named = matches!(self.peek(), Some(TokenKind::Ident(_)))
                && self.peek_at(1) == Some(&TokenKind::Colon);
            let name = if named {
                let name = self.ident();
                self.pos += 1; // `:`
                name
            } else {
                None
            };
            self.skip_insignificant();
            if let (Some(name), Some(TokenKind::Comma | TokenKind::RParen)) = (&name, self.peek()) {
                list.empty_arguments.push(name.clone());
            } else {
                let value = self.expression()?;
                list.arguments.push(Argument {
                    name,
                    span: Span::new(arg_start, value.span().end),
                    value,
                });
            }
            self.skip_insignificant();
            if self.eat(&TokenKind::Comma) {
                continue;
            }
            if self.eat(&TokenKind::RParen) {
                break;
            }
            return None;
        }
        list.span = Span::new(start, self.prev_end());
        Some(list)
    }

    fn expression(&mut self) -> Option<Expression> {
        if self.depth >= MAX_NESTING {
            return None;
        }
        self.depth += 1;
        let expression = self.expression_inner();
        self.depth -= 1;
        expression
    }

    fn expression_inner(&mut self) -> Option<Expression> {
        let token = self.tokens.get(self.pos)?.clone();
        match token.kind {
            TokenKind::Str { value, terminated } => {
                if !terminated {
                    return None;
                }
                self.pos += 1;
                Some(Expression::String(value, token.span))
            }
            TokenKind::Number(text) => {
                self.pos += 1;
                Some(Expression::Numeric(text, token.span))
            }
            TokenKind::Ident(_) => {
                let name = self.dotted_name()?;
                if self.at(&TokenKind::LParen) {
                    let args = self.argument_list()?;
                    let span = Span::new(name.span.start, self.prev_end());
                    Some(Expression::Function(name.name, args, span))
                } else {
                    Some(Expression::Constant(name.name, name.span))
                }
            }
            TokenKind::LBracket => {
                self.pos += 1;
                let mut values = Vec::new();
                loop {
                    self.skip_insignificant();
                    if self.eat(&TokenKind::RBracket) {
                        break;
                    }
                    values.push(self.expression()?);
                    self.skip_insignificant();
                    if self.eat(&TokenKind::Comma) {
                        continue;
                    }
                    if self.eat(&TokenKind::RBracket) {
                        break;
                    }
                    return None;
                }
                Some(Expression::Array(
                    values,
                    Span::new(token.span.start, self.prev_end()),
                ))
            }
            _ => None,
        }
    }

    // ----- enums --------------------------------------------------------------------------------------

    fn enum_items(&mut self) -> Vec<EnumItem> {
        self.block_items(BlockContext::Enum, |p, docs| match p.peek() {
            Some(TokenKind::AtAt) => p.block_attribute(docs).map(EnumItem::Attribute),
            Some(TokenKind::Ident(_)) => p.enum_value(docs).map(EnumItem::Value),
            _ => None,
        })
    }

    fn enum_value(&mut self, documentation: Vec<Comment>) -> Option<EnumValue> {
        let name = self.ident()?;
        let mut attributes = Vec::new();
        while self.at(&TokenKind::At) {
            attributes.push(self.attribute(&TokenKind::At)?);
        }
        let end = self.prev_end();
        let trailing_comment = self.end_of_line()?;
        Some(EnumValue {
            span: Span::new(name.span.start, end),
            name,
            attributes,
            documentation,
            trailing_comment,
        })
    }

    // ----- datasource and generator -------------------------------------------------------------------

    fn config_items(&mut self, context: BlockContext) -> Vec<ConfigItem> {
        self.block_items(context, |p, docs| match p.peek() {
            Some(TokenKind::Ident(_)) => p.property(docs).map(ConfigItem::Property),
            _ => None,
        })
    }

    fn property(&mut self, documentation: Vec<Comment>) -> Option<ConfigProperty> {
        let key = self.ident()?;
        if !self.eat(&TokenKind::Equals) {
            return None;
        }
        let value = match self.peek() {
            Some(TokenKind::Newline | TokenKind::Comment(_) | TokenKind::RBrace) | None => None,
            _ => Some(self.expression()?),
        };
        let end = self.prev_end();
        let trailing_comment = self.end_of_line()?;
        Some(ConfigProperty {
            span: Span::new(key.span.start, end),
            key,
            value,
            documentation,
            trailing_comment,
        })
    }
}

/// The comment and blank-line items every kind of block has.
trait BlockItemKind {
    fn comment(comment: Comment) -> Self;
    fn empty_line(span: Span) -> Self;
}

impl BlockItemKind for ModelItem {
    fn comment(comment: Comment) -> Self {
        ModelItem::Comment(comment)
    }
    fn empty_line(span: Span) -> Self {
        ModelItem::EmptyLine(span)
    }
}

impl BlockItemKind for EnumItem {
    fn comment(comment: Comment) -> Self {
        EnumItem::Comment(comment)
    }
    fn empty_line(span: Span) -> Self {
        EnumItem::EmptyLine(span)
    }
}

impl BlockItemKind for ConfigItem {
    fn comment(comment: Comment) -> Self {
        ConfigItem::Comment(comment)
    }
    fn empty_line(span: Span) -> Self {
        ConfigItem::EmptyLine(span)
    }
}

/// Doc comments not followed by a block stay in the tree as free-standing comments.
fn flush_docs(docs: &mut Vec<Comment>, tops: &mut Vec<Top>) {
    for doc in docs.drain(..) {
        tops.push(Top::Comment(doc));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> (SchemaAst, Diagnostics) {
        let mut d = Diagnostics::new();
        let ast = parse_schema(src, &mut d);
        (ast, d)
    }

    fn models(ast: &SchemaAst) -> Vec<&Model> {
        ast.tops
            .iter()
            .filter_map(|t| match t {
                Top::Model(m) => Some(m),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn parses_every_block_kind() {
        let src = r#"
datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-py"
  previewFeatures = ["views"]
}

/// A user
model User {
  id    Int     @id @default(autoincrement())
  email String? @unique @db.VarChar(255) // trailing
  role  Role    @default(USER)
  posts Post[]
  blob  Unsupported("circle")?

  @@index([email(sort: Desc)], map: "ix")
}

enum Role {
  USER
  ADMIN @map("admin")
  @@map("roles")
}

type Address {
  street String
}

view Stats {
  n Int @unique
}
"#;
        let (ast, d) = parse(src);
        assert!(!d.has_errors(), "{d:?}");
        let ms = models(&ast);
        assert_eq!(ms.len(), 3);
        let user = ms[0];
        assert_eq!(user.documentation_text().as_deref(), Some("A user"));
        let fields: Vec<_> = user.fields().collect();
        assert_eq!(fields.len(), 5);
        assert_eq!(fields[1].arity, Arity::Optional);
        assert_eq!(fields[1].attributes[1].name.name, "db.VarChar");
        assert_eq!(
            fields[1].trailing_comment.as_ref().unwrap().text,
            " trailing"
        );
        assert_eq!(fields[3].arity, Arity::List);
        assert!(matches!(
            &fields[4].field_type,
            FieldType::Unsupported { native, .. } if native == "circle"
        ));
        let index = user.attributes().next().unwrap();
        assert_eq!(index.name.name, "index");
        assert_eq!(index.arguments.arguments.len(), 2);
        match &index.arguments.arguments[0].value {
            Expression::Array(items, _) => {
                assert!(
                    matches!(&items[0], Expression::Function(n, a, _) if n == "email" && a.arguments.len() == 1)
                )
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(ms[1].kind, ModelKind::CompositeType);
        assert_eq!(ms[2].kind, ModelKind::View);
    }

    #[test]
    fn field_span_covers_its_line() {
        let src = "model A {\n  id Int @id\n}\n";
        let (ast, _) = parse(src);
        let field = models(&ast)[0].fields().next().unwrap();
        assert_eq!(&src[field.span.start..field.span.end], "id Int @id\n");
    }

    #[test]
    fn recovers_from_a_missing_closing_brace() {
        let src = "model User {\n  id Int @id\n\nmodel Post {\n  id Int @id\n}\n";
        let (ast, d) = parse(src);
        assert_eq!(d.errors().len(), 1);
        assert_eq!(
            d.errors()[0].message,
            "Error validating: This line is not a valid field or attribute definition."
        );
        assert_eq!(
            &src[d.errors()[0].span.start..d.errors()[0].span.end],
            "model Post {\n"
        );
        assert_eq!(models(&ast)[0].fields().count(), 2);
    }

    #[test]
    fn reports_every_bad_line() {
        let src = "model A {\n  id Int @id\n  ??\n  x Int @default(\n}\nfoo bar\n";
        let (_, d) = parse(src);
        let messages: Vec<_> = d.errors().iter().map(|e| e.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "Error validating: This line is not a valid field or attribute definition.",
                "Error validating: This line is not a valid field or attribute definition.",
                "Error validating: This line is invalid. It does not start with any known Prisma schema keyword."
            ]
        );
    }

    #[test]
    fn multi_line_arrays_in_attributes() {
        let src = "model A {\n  a Int\n  b Int\n  @@id([\n    a,\n    b,\n  ])\n}\n";
        let (ast, d) = parse(src);
        assert!(!d.has_errors(), "{d:?}");
        assert_eq!(models(&ast)[0].attributes().count(), 1);
    }

    #[test]
    fn empty_named_argument_is_kept() {
        let src = "model A {\n  a Int @relation(name: )\n}\n";
        let (ast, d) = parse(src);
        assert!(!d.has_errors());
        let f = models(&ast)[0].fields().next().unwrap();
        assert_eq!(f.attributes[0].arguments.empty_arguments[0].name, "name");
    }

    #[test]
    fn config_properties() {
        let src =
            "generator c {\n  provider = \"x\"\n  binaryTargets = [\"native\"]\n  flag = true\n}\n";
        let (ast, d) = parse(src);
        assert!(!d.has_errors());
        let Top::Generator(g) = &ast.tops[0] else {
            panic!()
        };
        assert_eq!(
            g.property("provider")
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .as_string(),
            Some("x")
        );
        assert!(matches!(
            g.property("binaryTargets").unwrap().value,
            Some(Expression::Array(..))
        ));
        assert_eq!(
            g.property("flag")
                .unwrap()
                .value
                .as_ref()
                .unwrap()
                .as_constant(),
            Some("true")
        );
    }

    #[test]
    fn deep_nesting_is_an_invalid_line_not_a_stack_overflow() {
        let src = format!(
            "model A {{\n  a Int @default({})\n}}\n",
            "[".repeat(100_000)
        );
        let (_, d) = parse(&src);
        assert_eq!(
            d.errors()[0].message,
            "Error validating: This line is not a valid field or attribute definition."
        );
        let ok = format!(
            "model A {{\n  a Int @default({}1{})\n}}\n",
            "[".repeat(10),
            "]".repeat(10)
        );
        assert!(!parse(&ok).1.has_errors());
    }

    #[test]
    fn never_panics_on_garbage() {
        for src in [
            "{",
            "}",
            "model",
            "model A",
            "model A {",
            "@@",
            "model A {\n @@\n",
            "enum E {\n @ \n",
            "\"",
            "model A {\n a Unsupported(\n}",
            "datasource d {\n = \n}",
        ] {
            let _ = parse(src);
        }
    }
}
