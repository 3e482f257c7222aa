//! Expressions of the SQL AST.
//!
//! Expressions are plain owned data so the query planner can build, clone and inspect them freely; only the
//! renderer turns them into dialect text. Values never appear as text here: they ride along as
//! [`Expr::Param`] and become bind parameters.

use std::ops;

use super::ast::{OrderBy, Select};
use crate::value::PrismaValue;

/// A column, optionally qualified by a table name or alias so joined queries stay unambiguous.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnRef {
    pub table: Option<String>,
    pub name: String,
}

/// Comparison operators; kept as an enum so no operator text ever comes from outside the builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl CompareOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            CompareOp::Eq => "=",
            CompareOp::Ne => "<>",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// Arithmetic operators, used for atomic updates such as `col = col + $1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    Add,
    Sub,
    Mul,
    Div,
    /// Division of integers that truncates toward zero, as Prisma's `divide` on `Int`/`BigInt` fields
    /// does; the dialect spells it (`DIV` on MySQL, whose `/` yields a decimal that is then rounded).
    IntDiv,
}

impl ArithOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            ArithOp::Add => "+",
            ArithOp::Sub => "-",
            ArithOp::Mul => "*",
            ArithOp::Div | ArithOp::IntDiv => "/",
        }
    }
}

/// The functions the engine needs; a closed set so a function name can never be injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Coalesce,
    Lower,
    Upper,
    /// PostgreSQL's number of elements of an array (NULL for a NULL array).
    Cardinality,
    /// PostgreSQL's `jsonb_typeof`.
    JsonbTypeof,
    /// MySQL's `JSON_EXTRACT(doc, path)`.
    JsonExtract,
    /// MySQL's `JSON_UNQUOTE`, the text of a JSON string.
    JsonUnquote,
    /// MySQL's `JSON_TYPE` (`'ARRAY'`, `'STRING'`, `'INTEGER'`, ...).
    JsonType,
    /// MySQL's `JSON_CONTAINS(target, candidate)`.
    JsonContains,
    /// MySQL's `JSON_LENGTH(doc, path)`: the number of elements of an array.
    JsonLength,
    /// MySQL's `CONCAT(a, b, ..)` of strings.
    Concat,
}

impl Function {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            Function::Count => "COUNT",
            Function::Sum => "SUM",
            Function::Avg => "AVG",
            Function::Min => "MIN",
            Function::Max => "MAX",
            Function::Coalesce => "COALESCE",
            Function::Lower => "LOWER",
            Function::Upper => "UPPER",
            Function::Cardinality => "CARDINALITY",
            Function::JsonbTypeof => "JSONB_TYPEOF",
            Function::JsonExtract => "JSON_EXTRACT",
            Function::JsonUnquote => "JSON_UNQUOTE",
            Function::JsonType => "JSON_TYPE",
            Function::JsonContains => "JSON_CONTAINS",
            Function::JsonLength => "JSON_LENGTH",
            Function::Concat => "CONCAT",
        }
    }
}

/// PostgreSQL's operators on `jsonb` and arrays, for Json and scalar-list filters. Other dialects refuse to
/// render them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `#>`: the JSON value at a path (a text array).
    JsonPath,
    /// `#>>`: the JSON value at a path, as text.
    JsonPathText,
    /// `@>`: contains (JSON containment, array superset).
    Contains,
    /// `&&`: the arrays share an element.
    Overlaps,
    /// `||`: array concatenation, for scalar-list `push` (a NULL array concatenates as empty).
    Concat,
}

impl BinaryOp {
    pub(crate) fn sql(self) -> &'static str {
        match self {
            BinaryOp::JsonPath => "#>",
            BinaryOp::JsonPathText => "#>>",
            BinaryOp::Contains => "@>",
            BinaryOp::Overlaps => "&&",
            BinaryOp::Concat => "||",
        }
    }
}

/// Target types for casts. Each dialect maps them to its own type name, so casts stay portable and no type
/// text ever comes from a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CastType {
    Text,
    Int,
    BigInt,
    Double,
    Decimal,
    Boolean,
    Json,
    Uuid,
    Date,
    DateTime,
    Bytes,
}

/// One SQL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Column(ColumnRef),
    /// `*`, or `"table".*` when qualified.
    Star(Option<String>),
    /// A bound value; the only way a value reaches the database.
    Param(PrismaValue),
    /// The `NULL` literal, for places where a typed parameter would be wrong (e.g. `SELECT NULL`).
    Null,
    /// A boolean literal in the dialect's spelling. Not a predicate on SQL Server; use `Expr::and(vec![])`.
    Bool(bool),
    /// The `DEFAULT` keyword inside a multi-row `VALUES` list.
    Default,
    /// The value proposed for insertion inside an upsert's update clause (`EXCLUDED."c"` / `VALUES(`c`)`).
    Excluded(String),
    Compare {
        op: CompareOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    IsNull {
        expr: Box<Expr>,
        negated: bool,
    },
    /// `x IN (a, b)`; an empty list renders as a constant false (true when negated).
    InList {
        expr: Box<Expr>,
        list: Vec<Expr>,
        negated: bool,
    },
    InSubquery {
        expr: Box<Expr>,
        query: Box<Select>,
        negated: bool,
    },
    /// Membership in a list of values: `x = ANY($1)` with one array parameter where the dialect has arrays
    /// (so the bind limit never matters), otherwise an `IN` list of parameters.
    AnyOf {
        expr: Box<Expr>,
        values: Vec<PrismaValue>,
        negated: bool,
    },
    Exists {
        query: Box<Select>,
        negated: bool,
    },
    Like {
        expr: Box<Expr>,
        pattern: Box<Expr>,
        /// A builder-chosen escape character; see [`escape_like`].
        escape: Option<char>,
        case_insensitive: bool,
        negated: bool,
    },
    /// Conjunction; empty means true.
    And(Vec<Expr>),
    /// Disjunction; empty means false.
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Arith {
        op: ArithOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    Call {
        func: Function,
        args: Vec<Expr>,
        distinct: bool,
    },
    Case {
        whens: Vec<(Expr, Expr)>,
        otherwise: Option<Box<Expr>>,
    },
    /// A row value `(a, b)`, for cursor comparisons on dialects that have them.
    Row(Vec<Expr>),
    /// `ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)`, for per-parent limits in relation loading.
    RowNumber {
        partition_by: Vec<Expr>,
        order_by: Vec<OrderBy>,
    },
    Cast {
        expr: Box<Expr>,
        ty: CastType,
    },
    /// A scalar subquery.
    Subquery(Box<Select>),
    /// A PostgreSQL JSON or array operator; see [`BinaryOp`].
    Binary {
        op: BinaryOp,
        left: Box<Expr>,
        right: Box<Expr>,
    },
    /// `ANY(array)`, the right-hand side of `x = ANY(col)` (an element of an array column). PostgreSQL only.
    AnyElement(Box<Expr>),
    /// A JSON object from schema-given keys, for returning nested relations in one query. Keys are written
    /// as quoted literals, so they must come from the schema, never from request values.
    JsonObject(Vec<(String, Expr)>),
    /// A JSON array of the given elements; with none it is the empty array, the fallback for
    /// [`Expr::JsonArrayAgg`] over no rows.
    JsonArray(Vec<Expr>),
    /// Aggregates one JSON value per row into an array; NULL over no rows, so wrap it in `COALESCE`.
    JsonArrayAgg(Box<Expr>),
}

impl Expr {
    pub fn col(name: impl Into<String>) -> Expr {
        Expr::Column(ColumnRef {
            table: None,
            name: name.into(),
        })
    }

    /// A column qualified by its table (or alias), needed as soon as a query joins.
    pub fn qcol(table: impl Into<String>, name: impl Into<String>) -> Expr {
        Expr::Column(ColumnRef {
            table: Some(table.into()),
            name: name.into(),
        })
    }

    pub fn param(value: PrismaValue) -> Expr {
        Expr::Param(value)
    }

    pub fn star() -> Expr {
        Expr::Star(None)
    }

    fn compare(self, op: CompareOp, other: Expr) -> Expr {
        Expr::Compare {
            op,
            left: Box::new(self),
            right: Box::new(other),
        }
    }

    pub fn equals(self, other: Expr) -> Expr {
        self.compare(CompareOp::Eq, other)
    }

    pub fn not_equals(self, other: Expr) -> Expr {
        self.compare(CompareOp::Ne, other)
    }

    pub fn less_than(self, other: Expr) -> Expr {
        self.compare(CompareOp::Lt, other)
    }

    pub fn less_or_equal(self, other: Expr) -> Expr {
        self.compare(CompareOp::Le, other)
    }

    pub fn greater_than(self, other: Expr) -> Expr {
        self.compare(CompareOp::Gt, other)
    }

    pub fn greater_or_equal(self, other: Expr) -> Expr {
        self.compare(CompareOp::Ge, other)
    }

    pub fn is_null(self) -> Expr {
        Expr::IsNull {
            expr: Box::new(self),
            negated: false,
        }
    }

    pub fn is_not_null(self) -> Expr {
        Expr::IsNull {
            expr: Box::new(self),
            negated: true,
        }
    }

    pub fn in_list(self, list: Vec<Expr>) -> Expr {
        Expr::InList {
            expr: Box::new(self),
            list,
            negated: false,
        }
    }

    pub fn not_in_list(self, list: Vec<Expr>) -> Expr {
        Expr::InList {
            expr: Box::new(self),
            list,
            negated: true,
        }
    }

    pub fn in_subquery(self, query: Select) -> Expr {
        Expr::InSubquery {
            expr: Box::new(self),
            query: Box::new(query),
            negated: false,
        }
    }

    pub fn any_of(self, values: Vec<PrismaValue>) -> Expr {
        Expr::AnyOf {
            expr: Box::new(self),
            values,
            negated: false,
        }
    }

    pub fn exists(query: Select) -> Expr {
        Expr::Exists {
            query: Box::new(query),
            negated: false,
        }
    }

    pub fn not_exists(query: Select) -> Expr {
        Expr::Exists {
            query: Box::new(query),
            negated: true,
        }
    }

    /// `LIKE` with an escape clause; pair it with [`escape_like`] on user text.
    pub fn like(self, pattern: Expr, escape: char) -> Expr {
        Expr::Like {
            expr: Box::new(self),
            pattern: Box::new(pattern),
            escape: Some(escape),
            case_insensitive: false,
            negated: false,
        }
    }

    /// Case-insensitive `LIKE` (`ILIKE` or `LOWER(x) LIKE LOWER(y)` depending on the dialect).
    pub fn ilike(self, pattern: Expr, escape: char) -> Expr {
        Expr::Like {
            expr: Box::new(self),
            pattern: Box::new(pattern),
            escape: Some(escape),
            case_insensitive: true,
            negated: false,
        }
    }

    pub fn and(items: Vec<Expr>) -> Expr {
        Expr::And(items)
    }

    pub fn or(items: Vec<Expr>) -> Expr {
        Expr::Or(items)
    }

    pub fn call(func: Function, args: Vec<Expr>) -> Expr {
        Expr::Call {
            func,
            args,
            distinct: false,
        }
    }

    pub fn count_star() -> Expr {
        Expr::call(Function::Count, vec![Expr::star()])
    }

    /// A PostgreSQL JSON or array operator applied to `self` and `other`.
    pub fn binary(self, op: BinaryOp, other: Expr) -> Expr {
        Expr::Binary {
            op,
            left: Box::new(self),
            right: Box::new(other),
        }
    }

    pub fn cast(self, ty: CastType) -> Expr {
        Expr::Cast {
            expr: Box::new(self),
            ty,
        }
    }

    /// Lexicographic comparison of two equally long tuples spelled with plain `AND`/`OR`, for cursor
    /// pagination on dialects without row values (and for index-friendly plans everywhere).
    /// `(a, b) > (x, y)` becomes `a > x OR (a = x AND b > y)`.
    pub fn lexicographic(op: CompareOp, left: Vec<Expr>, right: Vec<Expr>) -> Expr {
        let pairs: Vec<(Expr, Expr)> = left.into_iter().zip(right).collect();
        match op {
            CompareOp::Eq => Expr::And(pairs.into_iter().map(|(l, r)| l.equals(r)).collect()),
            CompareOp::Ne => Expr::Or(pairs.into_iter().map(|(l, r)| l.not_equals(r)).collect()),
            CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge => {
                let strict = match op {
                    CompareOp::Lt | CompareOp::Le => CompareOp::Lt,
                    _ => CompareOp::Gt,
                };
                lexicographic_chain(op, strict, pairs)
            }
        }
    }
}

fn lexicographic_chain(
    last_op: CompareOp,
    strict: CompareOp,
    mut pairs: Vec<(Expr, Expr)>,
) -> Expr {
    if pairs.is_empty() {
        // Two empty tuples are equal: only the non-strict operators hold.
        return match last_op {
            CompareOp::Le | CompareOp::Ge => Expr::And(vec![]),
            _ => Expr::Or(vec![]),
        };
    }
    let rest = pairs.split_off(1);
    let (left, right) = pairs.pop().expect("one pair remains after split_off(1)");
    if rest.is_empty() {
        return left.compare(last_op, right);
    }
    let tail = lexicographic_chain(last_op, strict, rest);
    Expr::Or(vec![
        left.clone().compare(strict, right.clone()),
        Expr::And(vec![left.equals(right), tail]),
    ])
}

impl ops::Not for Expr {
    type Output = Expr;

    fn not(self) -> Expr {
        Expr::Not(Box::new(self))
    }
}

macro_rules! arith_impl {
    ($trait:ident, $method:ident, $op:expr) => {
        impl ops::$trait for Expr {
            type Output = Expr;

            fn $method(self, rhs: Expr) -> Expr {
                Expr::Arith {
                    op: $op,
                    left: Box::new(self),
                    right: Box::new(rhs),
                }
            }
        }
    };
}

arith_impl!(Add, add, ArithOp::Add);
arith_impl!(Sub, sub, ArithOp::Sub);
arith_impl!(Mul, mul, ArithOp::Mul);
arith_impl!(Div, div, ArithOp::Div);

/// Escapes `%`, `_` and the escape character itself in user text, so `contains`/`startsWith` filters match
/// literally. The result still travels as a parameter.
pub fn escape_like(text: &str, escape: char) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '%' || c == '_' || c == escape {
            out.push(escape);
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_like_escapes_wildcards_and_escape_char() {
        assert_eq!(escape_like(r"50%_a\b", '\\'), r"50\%\_a\\b");
        assert_eq!(escape_like("plain", '!'), "plain");
        assert_eq!(escape_like("a!b%", '!'), "a!!b!%");
    }

    #[test]
    fn lexicographic_single_column_is_plain_comparison() {
        let e = Expr::lexicographic(
            CompareOp::Ge,
            vec![Expr::col("a")],
            vec![Expr::param(PrismaValue::Int(1))],
        );
        assert_eq!(
            e,
            Expr::col("a").greater_or_equal(Expr::param(PrismaValue::Int(1)))
        );
    }
}
