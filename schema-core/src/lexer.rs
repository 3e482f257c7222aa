//! Turns schema text into tokens. Newlines are tokens because the language is line-oriented: a field, an
//! enum value and a config property each end at the end of their line.

use crate::span::Span;

#[derive(Debug, Clone, PartialEq)]
pub enum TokenKind {
    /// A name: letters, digits, `_` and `-`, starting with a letter or `_`.
    Ident(String),
    /// A string literal with escapes resolved; `terminated` is false when the line ended first.
    Str {
        value: String,
        terminated: bool,
    },
    /// A number as written.
    Number(String),
    /// `//` comment; the text after the marker.
    Comment(String),
    /// `///` documentation comment; the text after the marker.
    DocComment(String),
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Equals,
    Question,
    Dot,
    At,
    AtAt,
    Newline,
    /// Any character the language has no use for.
    Unknown(char),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Splits the whole source into tokens; never fails, unknown characters become [`TokenKind::Unknown`].
pub fn lex(source: &str) -> Vec<Token> {
    let mut lexer = Lexer {
        src: source,
        pos: 0,
        tokens: Vec::new(),
    };
    lexer.run();
    lexer.tokens
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src[self.pos..].chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn push(&mut self, kind: TokenKind, start: usize) {
        self.tokens.push(Token {
            kind,
            span: Span::new(start, self.pos),
        });
    }

    fn run(&mut self) {
        while let Some(c) = self.peek() {
            let start = self.pos;
            match c {
                '\n' => {
                    self.bump();
                    self.push(TokenKind::Newline, start);
                }
                c if c.is_whitespace() || c == '\u{feff}' => {
                    self.bump();
                }
                '/' if self.peek_at(1) == Some('/') => self.comment(start),
                '"' => self.string(start),
                '{' => self.single(TokenKind::LBrace, start),
                '}' => self.single(TokenKind::RBrace, start),
                '(' => self.single(TokenKind::LParen, start),
                ')' => self.single(TokenKind::RParen, start),
                '[' => self.single(TokenKind::LBracket, start),
                ']' => self.single(TokenKind::RBracket, start),
                ',' => self.single(TokenKind::Comma, start),
                ':' => self.single(TokenKind::Colon, start),
                '=' => self.single(TokenKind::Equals, start),
                '?' => self.single(TokenKind::Question, start),
                '.' => self.single(TokenKind::Dot, start),
                '@' => {
                    self.bump();
                    if self.peek() == Some('@') {
                        self.bump();
                        self.push(TokenKind::AtAt, start);
                    } else {
                        self.push(TokenKind::At, start);
                    }
                }
                c if c.is_ascii_digit()
                    || (c == '-' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit())) =>
                {
                    self.number(start)
                }
                c if c.is_alphabetic() || c == '_' => self.ident(start),
                other => {
                    self.bump();
                    self.push(TokenKind::Unknown(other), start);
                }
            }
        }
    }

    fn single(&mut self, kind: TokenKind, start: usize) {
        self.bump();
        self.push(kind, start);
    }

    fn comment(&mut self, start: usize) {
        self.pos += 2;
        let doc = self.peek() == Some('/');
        if doc {
            self.pos += 1;
        }
        let text_start = self.pos;
        while let Some(c) = self.peek() {
            if c == '\n' {
                break;
            }
            self.bump();
        }
        let text = self.src[text_start..self.pos]
            .trim_end_matches('\r')
            .to_string();
        let kind = if doc {
            TokenKind::DocComment(text)
        } else {
            TokenKind::Comment(text)
        };
        self.push(kind, start);
    }

    fn string(&mut self, start: usize) {
        self.bump();
        let mut value = String::new();
        let mut terminated = false;
        while let Some(c) = self.peek() {
            match c {
                '"' => {
                    self.bump();
                    terminated = true;
                    break;
                }
                '\n' => break,
                '\\' => {
                    self.bump();
                    match self.bump() {
                        Some('n') => value.push('\n'),
                        Some('r') => value.push('\r'),
                        Some('t') => value.push('\t'),
                        Some('0') => value.push('\0'),
                        Some('u') => value.push(self.unicode_escape()),
                        Some(other) => value.push(other),
                        None => break,
                    }
                }
                other => {
                    self.bump();
                    value.push(other);
                }
            }
        }
        self.push(TokenKind::Str { value, terminated }, start);
    }

    /// `\uXXXX` (and a following low surrogate), already past the `u`.
    fn unicode_escape(&mut self) -> char {
        let first = self.hex4();
        match first {
            Some(hi @ 0xD800..=0xDBFF) => {
                if self.peek() == Some('\\') && self.peek_at(1) == Some('u') {
                    let save = self.pos;
                    self.pos += 2;
                    if let Some(lo @ 0xDC00..=0xDFFF) = self.hex4() {
                        let code = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return char::from_u32(code).unwrap_or('\u{fffd}');
                    }
                    self.pos = save;
                }
                '\u{fffd}'
            }
            Some(code) => char::from_u32(code).unwrap_or('\u{fffd}'),
            None => '\u{fffd}',
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.src.get(self.pos..self.pos + 4)?;
        let code = u32::from_str_radix(digits, 16).ok()?;
        self.pos += 4;
        Some(code)
    }

    fn number(&mut self, start: usize) {
        self.bump();
        while let Some(c) = self.peek() {
            if c.is_ascii_digit()
                || (c == '.' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
            {
                self.bump();
            } else {
                break;
            }
        }
        // `1abc` is a name to Prisma (it reports it as such), not a number followed by a name.
        if self.peek().is_some_and(|c| c.is_alphabetic() || c == '_') {
            return self.ident(start);
        }
        let text = self.src[start..self.pos].to_string();
        self.push(TokenKind::Number(text), start);
    }

    fn ident(&mut self, start: usize) {
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                self.bump();
            } else {
                break;
            }
        }
        let text = self.src[start..self.pos].to_string();
        self.push(TokenKind::Ident(text), start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<TokenKind> {
        lex(src).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn field_line() {
        assert_eq!(
            kinds("id Int? @id\n"),
            vec![
                TokenKind::Ident("id".into()),
                TokenKind::Ident("Int".into()),
                TokenKind::Question,
                TokenKind::At,
                TokenKind::Ident("id".into()),
                TokenKind::Newline,
            ]
        );
    }

    #[test]
    fn strings_resolve_escapes() {
        assert_eq!(
            kinds(r#""a\"b\\c\n\u00e9""#),
            vec![TokenKind::Str {
                value: "a\"b\\c\né".into(),
                terminated: true
            }]
        );
        assert_eq!(
            kinds("\"open\n"),
            vec![
                TokenKind::Str {
                    value: "open".into(),
                    terminated: false
                },
                TokenKind::Newline
            ]
        );
    }

    #[test]
    fn comments_and_docs() {
        assert_eq!(
            kinds("// hi\n/// doc\n"),
            vec![
                TokenKind::Comment(" hi".into()),
                TokenKind::Newline,
                TokenKind::DocComment(" doc".into()),
                TokenKind::Newline
            ]
        );
    }

    #[test]
    fn numbers_and_attributes() {
        assert_eq!(
            kinds("@@db.Decimal(-10, 2.5)"),
            vec![
                TokenKind::AtAt,
                TokenKind::Ident("db".into()),
                TokenKind::Dot,
                TokenKind::Ident("Decimal".into()),
                TokenKind::LParen,
                TokenKind::Number("-10".into()),
                TokenKind::Comma,
                TokenKind::Number("2.5".into()),
                TokenKind::RParen
            ]
        );
    }

    #[test]
    fn spans_are_byte_ranges() {
        let toks = lex("a  é");
        assert_eq!(toks[1].span, Span::new(3, 5));
    }
}
