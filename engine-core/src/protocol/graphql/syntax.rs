//! The GraphQL document grammar Prisma's engine accepts, parsed into a small syntax tree.
//!
//! The parser accepts the whole executable-document grammar (fragments, variables, directives,
//! subscriptions) so that unsupported features are reported by [`super::convert`] with Prisma's
//! `Unsupported feature` messages rather than as syntax errors. Syntax errors render like the reference
//! parser's: `Parse error at L:C`, the unexpected token, and what was expected.

use std::fmt;

use super::lexer::{LexError, Lexer, Pos, Token, TokenKind};

/// A parsed document: its definitions in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub definitions: Vec<Definition>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Definition {
    Operation(OperationDefinition),
    /// A fragment definition; only its name matters, since spreads are rejected anyway.
    Fragment {
        name: String,
    },
}

/// `query`, `mutation` or `subscription`; a bare `{ ... }` is a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OperationDefinition {
    pub kind: OperationKind,
    pub name: Option<String>,
    /// Where the definition starts (its keyword, or `{` for the shorthand).
    pub pos: Pos,
    pub selections: Vec<Selection>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Selection {
    Field(Field),
    /// `...Name`; `pos` is where the fragment name starts.
    FragmentSpread {
        name: String,
        pos: Pos,
    },
    /// `... on Type { }` or `... { }`; `pos` is just after the `...`.
    InlineFragment {
        pos: Pos,
    },
}

/// A field with its alias, arguments and sub-selection (empty for leaves). Directives are dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub pos: Pos,
    pub alias: Option<String>,
    pub name: String,
    pub arguments: Vec<(String, Value)>,
    pub selections: Vec<Selection>,
}

/// A literal as written. Integers keep their text so that overflow can be reported as Prisma does.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Variable(String),
    Int(String),
    Float(f64),
    String(String),
    Boolean(bool),
    Null,
    Enum(String),
    List(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// A syntax error, displayed exactly like the reference parser's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub pos: Pos,
    /// The unexpected token (`id[Name]`), `end of input`, or a lexer/escape message.
    pub unexpected: String,
    /// What would have been accepted instead; empty for lexer and escape errors.
    pub expected: Vec<&'static str>,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Parse error at {}", self.pos)?;
        writeln!(f, "Unexpected `{}`", self.unexpected)?;
        if let Some((last, init)) = self.expected.split_last() {
            let quoted: Vec<String> = init.iter().map(|item| format!("`{item}`")).collect();
            if quoted.is_empty() {
                writeln!(f, "Expected `{last}`")?;
            } else {
                writeln!(f, "Expected {} or `{last}`", quoted.join(", "))?;
            }
        }
        Ok(())
    }
}

impl From<LexError> for SyntaxError {
    fn from(error: LexError) -> Self {
        SyntaxError {
            pos: error.pos,
            unexpected: error.message,
            expected: Vec::new(),
        }
    }
}

const DEFINITION_START: &[&str] = &["{", "query", "mutation", "subscription", "fragment"];
const VALUE_START: &[&str] = &[
    "$",
    "[",
    "{",
    "Name",
    "IntValue",
    "FloatValue",
    "StringValue",
    "BlockString",
];

/// Parses a whole document: one or more definitions, then the end of the input.
pub fn parse_document(source: &str) -> Result<Document, SyntaxError> {
    let mut parser = Parser {
        lexer: Lexer::new(source),
        peeked: None,
    };
    let mut definitions = vec![parser.definition(DEFINITION_START)?];
    while parser.peek()?.is_some() {
        let mut expected = DEFINITION_START.to_vec();
        expected.push("end of input");
        definitions.push(parser.definition(&expected)?);
    }
    Ok(Document { definitions })
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
}

impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<Option<&Token<'a>>, SyntaxError> {
        if self.peeked.is_none() {
            self.peeked = self.lexer.next_token()?;
        }
        Ok(self.peeked.as_ref())
    }

    fn bump(&mut self) -> Result<Option<Token<'a>>, SyntaxError> {
        self.peek()?;
        Ok(self.peeked.take())
    }

    /// An error at the next token (or the end of the input).
    fn unexpected(&mut self, expected: &[&'static str]) -> SyntaxError {
        let (pos, unexpected) = match self.peek() {
            Ok(Some(token)) => (token.pos, token.to_string()),
            Ok(None) => (self.lexer.position(), "end of input".to_owned()),
            Err(error) => return error,
        };
        SyntaxError {
            pos,
            unexpected,
            expected: expected.to_vec(),
        }
    }

    fn next_is_punct(&mut self, punct: &str) -> Result<bool, SyntaxError> {
        Ok(self.peek()?.is_some_and(|token| token.is_punct(punct)))
    }

    fn next_is_name(&mut self) -> Result<bool, SyntaxError> {
        Ok(self
            .peek()?
            .is_some_and(|token| token.kind == TokenKind::Name))
    }

    fn expect_punct(&mut self, punct: &'static str) -> Result<Pos, SyntaxError> {
        if self.next_is_punct(punct)? {
            Ok(self
                .bump()?
                .map(|token| token.pos)
                .unwrap_or(self.lexer.position()))
        } else {
            Err(self.unexpected(&[punct]))
        }
    }

    fn expect_name(&mut self) -> Result<(String, Pos), SyntaxError> {
        match self.bump_if(|token| token.kind == TokenKind::Name)? {
            Some(token) => Ok((token.text.to_owned(), token.pos)),
            None => Err(self.unexpected(&["Name"])),
        }
    }

    fn bump_if(
        &mut self,
        accept: impl FnOnce(&Token<'a>) -> bool,
    ) -> Result<Option<Token<'a>>, SyntaxError> {
        match self.peek()? {
            Some(token) if accept(token) => self.bump(),
            _ => Ok(None),
        }
    }

    fn definition(&mut self, expected: &[&'static str]) -> Result<Definition, SyntaxError> {
        let Some(token) = self.peek()?.cloned() else {
            return Err(self.unexpected(expected));
        };
        if token.is_punct("{") {
            return Ok(Definition::Operation(OperationDefinition {
                kind: OperationKind::Query,
                name: None,
                pos: token.pos,
                selections: self.selection_set()?,
            }));
        }
        let kind = match token.text {
            "query" if token.kind == TokenKind::Name => OperationKind::Query,
            "mutation" if token.kind == TokenKind::Name => OperationKind::Mutation,
            "subscription" if token.kind == TokenKind::Name => OperationKind::Subscription,
            "fragment" if token.kind == TokenKind::Name => return self.fragment_definition(),
            _ => return Err(self.unexpected(expected)),
        };
        self.bump()?;
        let name = self
            .bump_if(|token| token.kind == TokenKind::Name)?
            .map(|name| name.text.to_owned());
        if self.next_is_punct("(")? {
            self.variable_definitions()?;
        }
        self.directives()?;
        Ok(Definition::Operation(OperationDefinition {
            kind,
            name,
            pos: token.pos,
            selections: self.selection_set()?,
        }))
    }

    fn fragment_definition(&mut self) -> Result<Definition, SyntaxError> {
        self.bump()?;
        let (name, _) = self.expect_name()?;
        if self.bump_if(|token| token.is_name("on"))?.is_none() {
            return Err(self.unexpected(&["on"]));
        }
        self.expect_name()?;
        self.directives()?;
        self.selection_set()?;
        Ok(Definition::Fragment { name })
    }

    /// `($a: Int = 1, $b: [String!]!)`: parsed for syntax, then ignored (variables are unsupported).
    fn variable_definitions(&mut self) -> Result<(), SyntaxError> {
        self.expect_punct("(")?;
        loop {
            self.expect_punct("$")?;
            self.expect_name()?;
            self.expect_punct(":")?;
            self.type_reference()?;
            if self.bump_if(|token| token.is_punct("="))?.is_some() {
                self.value()?;
            }
            if self.bump_if(|token| token.is_punct(")"))?.is_some() {
                return Ok(());
            }
        }
    }

    fn type_reference(&mut self) -> Result<(), SyntaxError> {
        if self.bump_if(|token| token.is_punct("["))?.is_some() {
            self.type_reference()?;
            self.expect_punct("]")?;
        } else if self
            .bump_if(|token| token.kind == TokenKind::Name)?
            .is_none()
        {
            return Err(self.unexpected(&["Name", "["]));
        }
        self.bump_if(|token| token.is_punct("!"))?;
        Ok(())
    }

    /// `@name(args)` directives: parsed and dropped, as the engine ignores them.
    fn directives(&mut self) -> Result<(), SyntaxError> {
        while self.bump_if(|token| token.is_punct("@"))?.is_some() {
            self.expect_name()?;
            if self.next_is_punct("(")? {
                self.arguments()?;
            }
        }
        Ok(())
    }

    fn selection_set(&mut self) -> Result<Vec<Selection>, SyntaxError> {
        self.expect_punct("{")?;
        // The reference parser names only `Name` for an empty selection set (recorded in scenario 13).
        let mut selections = vec![self.selection(&["Name"])?];
        while self.bump_if(|token| token.is_punct("}"))?.is_none() {
            selections.push(self.selection(&["}"])?);
        }
        Ok(selections)
    }

    fn selection(&mut self, expected: &[&'static str]) -> Result<Selection, SyntaxError> {
        if self.bump_if(|token| token.is_punct("..."))?.is_some() {
            let pos = self.lexer_position_of_next()?;
            let is_inline = match self.peek()? {
                Some(token) => token.is_name("on") || token.is_punct("@") || token.is_punct("{"),
                None => false,
            };
            if is_inline {
                if self.bump_if(|token| token.is_name("on"))?.is_some() {
                    self.expect_name()?;
                }
                self.directives()?;
                self.selection_set()?;
                return Ok(Selection::InlineFragment { pos });
            }
            let (name, pos) = self.expect_name()?;
            self.directives()?;
            return Ok(Selection::FragmentSpread { name, pos });
        }
        if !self.next_is_name()? {
            return Err(self.unexpected(expected));
        }
        self.field().map(Selection::Field)
    }

    fn lexer_position_of_next(&mut self) -> Result<Pos, SyntaxError> {
        Ok(match self.peek()? {
            Some(token) => token.pos,
            None => self.lexer.position(),
        })
    }

    fn field(&mut self) -> Result<Field, SyntaxError> {
        let (first, pos) = self.expect_name()?;
        let (alias, name) = if self.bump_if(|token| token.is_punct(":"))?.is_some() {
            (Some(first), self.expect_name()?.0)
        } else {
            (None, first)
        };
        let arguments = if self.next_is_punct("(")? {
            self.arguments()?
        } else {
            Vec::new()
        };
        self.directives()?;
        let selections = if self.next_is_punct("{")? {
            self.selection_set()?
        } else {
            Vec::new()
        };
        Ok(Field {
            pos,
            alias,
            name,
            arguments,
            selections,
        })
    }

    /// `(name: value ...)` with at least one argument.
    fn arguments(&mut self) -> Result<Vec<(String, Value)>, SyntaxError> {
        self.expect_punct("(")?;
        let mut arguments = Vec::new();
        loop {
            let (name, _) = self.expect_name()?;
            self.expect_punct(":")?;
            arguments.push((name, self.value()?));
            if self.bump_if(|token| token.is_punct(")"))?.is_some() {
                return Ok(arguments);
            }
            if !self.next_is_name()? {
                return Err(self.unexpected(&[")"]));
            }
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        let Some(token) = self.bump()? else {
            return Err(self.unexpected(VALUE_START));
        };
        Ok(match token.kind {
            TokenKind::Name => match token.text {
                "true" => Value::Boolean(true),
                "false" => Value::Boolean(false),
                "null" => Value::Null,
                other => Value::Enum(other.to_owned()),
            },
            TokenKind::IntValue => Value::Int(token.text.to_owned()),
            TokenKind::FloatValue => Value::Float(token.text.parse().map_err(|_| SyntaxError {
                pos: token.pos,
                unexpected: format!("unsupported float {:?}", token.text),
                expected: Vec::new(),
            })?),
            TokenKind::StringValue => {
                Value::String(unquote_string(token.text).map_err(|message| SyntaxError {
                    pos: token.pos,
                    unexpected: message,
                    expected: Vec::new(),
                })?)
            }
            TokenKind::BlockString => Value::String(unquote_block_string(token.text)),
            TokenKind::Punctuator => match token.text {
                "$" => Value::Variable(self.expect_name()?.0),
                "[" => {
                    let mut items = Vec::new();
                    while self.bump_if(|token| token.is_punct("]"))?.is_none() {
                        items.push(self.value()?);
                    }
                    Value::List(items)
                }
                "{" => {
                    let mut entries = Vec::new();
                    while self.bump_if(|token| token.is_punct("}"))?.is_none() {
                        let (key, _) = self.expect_name()?;
                        self.expect_punct(":")?;
                        entries.push((key, self.value()?));
                    }
                    Value::Object(entries)
                }
                _ => {
                    return Err(SyntaxError {
                        pos: token.pos,
                        unexpected: token.to_string(),
                        expected: VALUE_START.to_vec(),
                    })
                }
            },
        })
    }
}

/// The content of a `"..."` token with escapes resolved; the error text is what the reference parser puts
/// after `Unexpected`. `\uXXXX` must name a Unicode scalar value, so surrogate halves are rejected.
pub fn unquote_string(token: &str) -> Result<String, String> {
    let inner = &token[1..token.len() - 1];
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        // The lexer only ends a string at an unescaped quote, so a backslash is never last.
        let escaped = chars.next().unwrap_or('\\');
        match escaped {
            '"' | '\\' | '/' => out.push(escaped),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let digits: String = chars.by_ref().take(4).collect();
                if digits.chars().count() < 4 {
                    return Err(format!(
                        "\\u must have 4 characters after it, only found '{digits}'"
                    ));
                }
                match u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                {
                    Some(decoded) => out.push(decoded),
                    None => return Err(format!("{digits} is not a valid unicode code point")),
                }
            }
            other => return Err(format!("bad escaped char {other:?}")),
        }
    }
    Ok(out)
}

/// The value of a `"""..."""` token, read as the reference engine's parser reads it, which
/// is not what the GraphQL specification says:
///
/// * the first line is trimmed on both sides and, unless blank, kept with a newline after it (so `"""a"""`
///   is `a` followed by a newline);
/// * every later line loses the common indentation of the later non-blank lines and ends with a newline
///   (a line no longer than that indentation is kept empty), with `\"""` unescaped;
/// * only the very last line is dropped when it is blank.
pub fn unquote_block_string(token: &str) -> String {
    let body = &token[3..token.len() - 3];
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let indent = body
        .lines()
        .skip(1)
        .filter(|line| !line.trim_start().is_empty())
        .map(indent_of)
        .min()
        .unwrap_or(0);
    let mut lines = body.lines();
    let mut out = String::with_capacity(body.len() + 1);
    if let Some(first) = lines.next().map(str::trim).filter(|line| !line.is_empty()) {
        out.push_str(first);
        out.push('\n');
    }
    let mut last_line_start = 0;
    for line in lines {
        last_line_start = out.len();
        if line.len() > indent {
            out.push_str(&without_indent(line, indent).replace("\\\"\"\"", "\"\"\""));
        }
        out.push('\n');
    }
    if out[last_line_start..].trim().is_empty() {
        out.truncate(last_line_start);
    }
    out
}

/// `line` without its first `indent` bytes. Should those end inside a character (indentation made of
/// multi-byte whitespace on another line), the cut moves forward to the next character boundary.
fn without_indent(line: &str, indent: usize) -> &str {
    let start = (indent..=line.len())
        .find(|index| line.is_char_boundary(*index))
        .unwrap_or(line.len());
    &line[start..]
}
