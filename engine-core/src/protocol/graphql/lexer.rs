//! Tokens of a GraphQL document, with the positions Prisma's parser reports.
//!
//! Positions follow the reference parser's conventions so error texts match byte for byte: lines and columns
//! start at 1, a column counts characters (not bytes), a tab in whitespace advances the column by 8, and commas,
//! carriage returns, byte-order marks and `#` comments are insignificant.

use std::fmt;

/// A line/column position in the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// The kind of a token, named as the reference parser names them in `Unexpected` messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Punctuator,
    Name,
    IntValue,
    FloatValue,
    StringValue,
    BlockString,
}

/// One token: its kind, its source text (quotes included for strings) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    pub pos: Pos,
}

impl Token<'_> {
    /// True for the punctuator `punct`.
    pub fn is_punct(&self, punct: &str) -> bool {
        self.kind == TokenKind::Punctuator && self.text == punct
    }

    /// True for the name `name` (keywords are names in GraphQL).
    pub fn is_name(&self, name: &str) -> bool {
        self.kind == TokenKind::Name && self.text == name
    }
}

impl fmt::Display for Token<'_> {
    /// `value[Kind]`, the way the reference parser quotes an unexpected token.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{:?}]", self.text, self.kind)
    }
}

/// Text the lexer cannot turn into a token; `message` is what follows `Unexpected` in the error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    pub pos: Pos,
    pub message: String,
}

/// Splits a document into tokens, on demand.
pub struct Lexer<'a> {
    source: &'a str,
    offset: usize,
    pos: Pos,
}

impl<'a> Lexer<'a> {
    pub fn new(source: &'a str) -> Self {
        let mut lexer = Lexer {
            source,
            offset: 0,
            pos: Pos { line: 1, column: 1 },
        };
        lexer.skip_ignored();
        lexer
    }

    /// Where the next token (or the end of input) starts.
    pub fn position(&self) -> Pos {
        self.pos
    }

    /// The next token, `Ok(None)` at the end of the input.
    pub fn next_token(&mut self) -> Result<Option<Token<'a>>, LexError> {
        let rest = &self.source[self.offset..];
        let Some(first) = rest.chars().next() else {
            return Ok(None);
        };
        let start = self.pos;
        let (kind, len) = match first {
            '!' | '$' | ':' | '=' | '@' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => {
                (TokenKind::Punctuator, 1)
            }
            '.' if rest.starts_with("...") => (TokenKind::Punctuator, 3),
            '.' => return Err(self.error("bare dot '.' is not suppored, only \"...\"")),
            '_' | 'a'..='z' | 'A'..='Z' => (TokenKind::Name, name_length(rest)),
            '-' | '0'..='9' => self.number(rest)?,
            '"' if rest.starts_with("\"\"\"") => (TokenKind::BlockString, self.block_string(rest)?),
            '"' => (TokenKind::StringValue, self.string(rest)?),
            other => return Err(self.error(&format!("unexpected character {other:?}"))),
        };
        let text = &rest[..len];
        self.advance_over(text);
        self.skip_ignored();
        Ok(Some(Token {
            kind,
            text,
            pos: start,
        }))
    }

    fn error(&self, message: &str) -> LexError {
        LexError {
            pos: self.pos,
            message: message.to_owned(),
        }
    }

    /// A number runs until a separator; its shape is checked afterwards, like the reference parser does.
    fn number(&self, rest: &str) -> Result<(TokenKind, usize), LexError> {
        let len = rest
            .char_indices()
            .skip(1)
            .find(|(_, c)| {
                matches!(
                    c,
                    ' ' | '\n'
                        | '\r'
                        | '\t'
                        | ','
                        | '#'
                        | '!'
                        | '$'
                        | ':'
                        | '='
                        | '@'
                        | '|'
                        | '('
                        | ')'
                        | '['
                        | ']'
                        | '{'
                        | '}'
                )
            })
            .map_or(rest.len(), |(index, _)| index);
        let text = &rest[..len];
        if text.contains(['.', 'e', 'E']) {
            if is_float(text) {
                Ok((TokenKind::FloatValue, len))
            } else {
                Err(self.error(&format!("unsupported float {text:?}")))
            }
        } else if is_int(text) {
            Ok((TokenKind::IntValue, len))
        } else {
            Err(self.error(&format!("unsupported integer {text:?}")))
        }
    }

    /// The length of a quoted string token; escapes are validated later, when the value is decoded.
    fn string(&self, rest: &str) -> Result<usize, LexError> {
        let mut escaped = false;
        for (index, c) in rest.char_indices().skip(1) {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => return Ok(index + 1),
                '\n' | '\r' => break,
                _ => {}
            }
        }
        Err(self.error("unterminated string value"))
    }

    /// The length of a `"""` block string token; `\"""` does not end it.
    fn block_string(&self, rest: &str) -> Result<usize, LexError> {
        let body = &rest[3..];
        body.match_indices("\"\"\"")
            .find(|(index, _)| !body[..*index].ends_with('\\'))
            .map(|(index, _)| index + 6)
            .ok_or_else(|| self.error("unterminated block string value"))
    }

    fn advance_over(&mut self, text: &str) {
        self.offset += text.len();
        match text.rfind('\n') {
            Some(last) => {
                self.pos.line += text.matches('\n').count();
                self.pos.column = text[last + 1..].chars().count() + 1;
            }
            None => self.pos.column += text.chars().count(),
        }
    }

    /// Skips whitespace, commas, byte-order marks and comments.
    fn skip_ignored(&mut self) {
        let mut chars = self.source[self.offset..].char_indices().peekable();
        let mut consumed = self.source.len() - self.offset;
        while let Some(&(index, c)) = chars.peek() {
            match c {
                '\u{feff}' | '\r' => {}
                '\t' => self.pos.column += 8,
                '\n' => {
                    self.pos.line += 1;
                    self.pos.column = 1;
                }
                ' ' | ',' => self.pos.column += 1,
                '#' => {
                    for (_, c) in chars.by_ref() {
                        if c == '\n' || c == '\r' {
                            self.pos.line += 1;
                            self.pos.column = 1;
                            break;
                        }
                    }
                    continue;
                }
                _ => {
                    consumed = index;
                    break;
                }
            }
            chars.next();
        }
        self.offset += consumed;
    }
}

fn name_length(rest: &str) -> usize {
    rest.char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
        .map_or(rest.len(), |(index, _)| index)
}

/// `0`, `-0`, or digits without a leading zero, optionally negative.
fn is_int(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// An integer part, then `.digits` and/or an exponent with an explicit or implicit sign.
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(index) => (&text[..index], Some(&text[index + 1..])),
        None => (text, None),
    };
    let (integer, fraction) = match mantissa.find('.') {
        Some(index) => (&mantissa[..index], Some(&mantissa[index + 1..])),
        None => (mantissa, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok =
        exponent.is_none_or(|exp| all_digits(exp.strip_prefix(['+', '-']).unwrap_or(exp)));
    is_int(integer) && fraction.is_none_or(all_digits) && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(source: &str) -> Vec<(TokenKind, String)> {
        let mut lexer = Lexer::new(source);
        let mut out = Vec::new();
        while let Some(token) = lexer.next_token().unwrap() {
            out.push((token.kind, token.text.to_owned()));
        }
        out
    }

    fn texts(source: &str) -> Vec<String> {
        tokens(source).into_iter().map(|(_, text)| text).collect()
    }

    fn lex_error(source: &str) -> LexError {
        let mut lexer = Lexer::new(source);
        loop {
            match lexer.next_token() {
                Ok(Some(_)) => continue,
                Ok(None) => panic!("{source:?} lexed without error"),
                Err(error) => return error,
            }
        }
    }

    #[test]
    fn commas_comments_and_whitespace_are_ignored() {
        assert_eq!(texts("# c\n{ a,, b # x\n\r\n}"), ["{", "a", "b", "}"]);
        assert!(texts("  ,,, # only a comment").is_empty());
        assert!(texts("\u{feff}").is_empty());
    }

    #[test]
    fn punctuators_and_spread() {
        assert_eq!(
            texts("a(x: $v) @d { ...F }"),
            ["a", "(", "x", ":", "$", "v", ")", "@", "d", "{", "...", "F", "}"]
        );
        assert_eq!(
            lex_error("{ . }").message,
            "bare dot '.' is not suppored, only \"...\""
        );
    }

    #[test]
    fn numbers_are_classified_and_validated() {
        let kinds: Vec<TokenKind> = tokens("0 -0 42 -7 1.5 1e+20 -2.5E-3 3e4")
            .into_iter()
            .map(|(kind, _)| kind)
            .collect();
        use TokenKind::*;
        assert_eq!(
            kinds,
            [
                IntValue, IntValue, IntValue, IntValue, FloatValue, FloatValue, FloatValue,
                FloatValue
            ]
        );
        assert_eq!(lex_error("01").message, "unsupported integer \"01\"");
        assert_eq!(lex_error("-").message, "unsupported integer \"-\"");
        assert_eq!(lex_error("1.").message, "unsupported float \"1.\"");
        assert_eq!(lex_error("0bbc").message, "unsupported integer \"0bbc\"");
        assert_eq!(texts("[1,2]"), ["[", "1", "2", "]"]);
    }

    #[test]
    fn strings_respect_escaped_quotes_and_backslashes() {
        assert_eq!(texts(r#""a\"b" x"#), [r#""a\"b""#, "x"]);
        assert_eq!(texts(r#"{v: "\\"} "#), ["{", "v", ":", r#""\\""#, "}"]);
        assert_eq!(lex_error("\"abc").message, "unterminated string value");
        assert_eq!(lex_error("\"a\nb\"").message, "unterminated string value");
    }

    #[test]
    fn block_strings_span_lines() {
        let mut lexer = Lexer::new("\"\"\"a\n  b \\\"\"\" c\"\"\" z");
        let block = lexer.next_token().unwrap().unwrap();
        assert_eq!(block.kind, TokenKind::BlockString);
        let next = lexer.next_token().unwrap().unwrap();
        assert_eq!(next.text, "z");
        assert_eq!(
            next.pos,
            Pos {
                line: 2,
                column: 15
            }
        );
        assert_eq!(
            lex_error("\"\"\"open").message,
            "unterminated block string value"
        );
    }

    #[test]
    fn positions_count_characters_and_tabs_count_eight() {
        let mut lexer = Lexer::new("\"é\" \"ü\" x\n\ty");
        let positions: Vec<Pos> = std::iter::from_fn(|| lexer.next_token().unwrap())
            .map(|token| token.pos)
            .collect();
        assert_eq!(
            positions,
            [
                Pos { line: 1, column: 1 },
                Pos { line: 1, column: 5 },
                Pos { line: 1, column: 9 },
                Pos { line: 2, column: 9 },
            ]
        );
        assert_eq!(
            lexer.position(),
            Pos {
                line: 2,
                column: 10
            }
        );
    }

    #[test]
    fn unknown_characters_are_reported_where_they_start() {
        let error = lex_error("{ a % }");
        assert_eq!(error.message, "unexpected character '%'");
        assert_eq!(error.pos, Pos { line: 1, column: 5 });
        assert_eq!(
            Token {
                kind: TokenKind::Punctuator,
                text: ")",
                pos: Pos { line: 1, column: 1 }
            }
            .to_string(),
            ")[Punctuator]"
        );
    }
}
