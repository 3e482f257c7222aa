//! Rendering of expressions and ordering keys.
//!
//! Parentheses come from a precedence table rather than from wrapping everything, so the SQL stays readable
//! while `a AND (b OR c)` can never come out as `a AND b OR c`.

use super::{Renderer, Result};
use crate::sql::ast::{Nulls, Order, OrderBy};
use crate::sql::dialect::{
    CastStyle, InsensitiveLike, JsonFunctions, NullsOrderStyle, UpsertStyle,
};
use crate::sql::error::RenderError;
use crate::sql::expr::{ArithOp, Expr};
use crate::value::PrismaValue;

const OR: u8 = 1;
/// Operands of `AND`/`OR` render at this level, so nested boolean groups always get parentheses.
const BOOL_OPERAND: u8 = 3;
const PREDICATE: u8 = 4;
const ADDITIVE: u8 = 5;
const MULTIPLICATIVE: u8 = 6;
const ATOM: u8 = 7;

const TRUE_PREDICATE: &str = "1=1";
const FALSE_PREDICATE: &str = "1=0";

fn precedence(expr: &Expr) -> u8 {
    match expr {
        Expr::And(items) | Expr::Or(items) if items.len() == 1 => precedence(&items[0]),
        Expr::And(items) | Expr::Or(items) if items.is_empty() => PREDICATE,
        Expr::Or(_) => OR,
        Expr::And(_) => 2,
        Expr::Not(_) => 3,
        Expr::Compare { .. }
        | Expr::IsNull { .. }
        | Expr::InList { .. }
        | Expr::InSubquery { .. }
        | Expr::AnyOf { .. }
        | Expr::Exists { .. }
        | Expr::Like { .. }
        | Expr::Binary { .. } => PREDICATE,
        Expr::Arith {
            op: ArithOp::Add | ArithOp::Sub,
            ..
        } => ADDITIVE,
        Expr::Arith { .. } => MULTIPLICATIVE,
        _ => ATOM,
    }
}

impl Renderer<'_> {
    /// Renders `expr`, parenthesized if it binds more loosely than `min`.
    pub(super) fn expr_at(&mut self, expr: &Expr, min: u8) -> Result {
        if precedence(expr) < min {
            self.push("(");
            self.expr(expr)?;
            self.push(")");
            Ok(())
        } else {
            self.expr(expr)
        }
    }

    pub(super) fn expr(&mut self, expr: &Expr) -> Result {
        match expr {
            Expr::Column(column) => {
                if let Some(table) = &column.table {
                    self.ident(table)?;
                    self.push(".");
                }
                self.ident(&column.name)
            }
            Expr::Star(table) => {
                if let Some(table) = table {
                    self.ident(table)?;
                    self.push(".");
                }
                self.push("*");
                Ok(())
            }
            Expr::Param(value) => {
                self.param(value.clone());
                Ok(())
            }
            Expr::Null => {
                self.push("NULL");
                Ok(())
            }
            Expr::Bool(value) => {
                self.push(self.dialect.bool_literal(*value));
                Ok(())
            }
            Expr::Default => {
                if !self.dialect.supports_default_in_values() {
                    return Err(self.unsupported("DEFAULT inside VALUES"));
                }
                self.push("DEFAULT");
                Ok(())
            }
            Expr::Excluded(column) => self.excluded(column),
            Expr::Compare { op, left, right } => {
                self.expr_at(left, ADDITIVE)?;
                self.push(" ");
                self.push(op.sql());
                self.push(" ");
                self.expr_at(right, ADDITIVE)
            }
            Expr::IsNull { expr, negated } => {
                self.expr_at(expr, ADDITIVE)?;
                self.push(if *negated { " IS NOT NULL" } else { " IS NULL" });
                Ok(())
            }
            Expr::InList {
                expr,
                list,
                negated,
            } => self.in_list(expr, list, *negated),
            Expr::InSubquery {
                expr,
                query,
                negated,
            } => {
                self.expr_at(expr, ADDITIVE)?;
                self.push(if *negated { " NOT IN (" } else { " IN (" });
                self.select(query)?;
                self.push(")");
                Ok(())
            }
            Expr::AnyOf {
                expr,
                values,
                negated,
            } => self.any_of(expr, values, *negated),
            Expr::Exists { query, negated } => {
                self.push(if *negated { "NOT EXISTS (" } else { "EXISTS (" });
                self.select(query)?;
                self.push(")");
                Ok(())
            }
            Expr::Like {
                expr,
                pattern,
                escape,
                case_insensitive,
                negated,
            } => self.like(expr, pattern, *escape, *case_insensitive, *negated),
            Expr::And(items) => self.junction(items, " AND ", TRUE_PREDICATE),
            Expr::Or(items) => self.junction(items, " OR ", FALSE_PREDICATE),
            Expr::Not(inner) => {
                self.push("NOT ");
                self.expr_at(inner, ATOM)
            }
            Expr::Arith { op, left, right } => {
                let own = precedence(expr);
                self.expr_at(left, own)?;
                self.push(" ");
                self.push(match op {
                    ArithOp::IntDiv => self.dialect.integer_division(),
                    other => other.sql(),
                });
                self.push(" ");
                self.expr_at(right, own + 1)
            }
            Expr::Call {
                func,
                args,
                distinct,
            } => {
                self.push(func.sql());
                self.push("(");
                if *distinct {
                    self.push("DISTINCT ");
                }
                self.comma_separated(args, |r, arg| r.expr(arg))?;
                self.push(")");
                Ok(())
            }
            Expr::Case { whens, otherwise } => {
                if whens.is_empty() {
                    return Err(RenderError::InvalidStatement(
                        "CASE needs at least one WHEN",
                    ));
                }
                self.push("CASE");
                for (condition, value) in whens {
                    self.push(" WHEN ");
                    self.expr(condition)?;
                    self.push(" THEN ");
                    self.expr(value)?;
                }
                if let Some(otherwise) = otherwise {
                    self.push(" ELSE ");
                    self.expr(otherwise)?;
                }
                self.push(" END");
                Ok(())
            }
            Expr::Row(items) => {
                if !self.dialect.supports_row_values() {
                    return Err(self.unsupported("row values"));
                }
                self.push("(");
                self.comma_separated(items, |r, item| r.expr(item))?;
                self.push(")");
                Ok(())
            }
            Expr::RowNumber {
                partition_by,
                order_by,
            } => {
                self.push("ROW_NUMBER() OVER (");
                if !partition_by.is_empty() {
                    self.push("PARTITION BY ");
                    self.comma_separated(partition_by, |r, e| r.expr(e))?;
                }
                if !order_by.is_empty() {
                    if !partition_by.is_empty() {
                        self.push(" ");
                    }
                    self.push("ORDER BY ");
                    self.order_list(order_by)?;
                } else if self.dialect.window_requires_order() {
                    if !partition_by.is_empty() {
                        self.push(" ");
                    }
                    self.push("ORDER BY (SELECT NULL)");
                }
                self.push(")");
                Ok(())
            }
            Expr::Cast { expr, ty } => match self.dialect.cast_style() {
                CastStyle::DoubleColon => {
                    self.expr_at(expr, ATOM)?;
                    self.push("::");
                    self.push(self.dialect.cast_type(*ty));
                    Ok(())
                }
                CastStyle::Function => {
                    self.push("CAST(");
                    self.expr(expr)?;
                    self.push(" AS ");
                    self.push(self.dialect.cast_type(*ty));
                    self.push(")");
                    Ok(())
                }
            },
            Expr::Subquery(query) => {
                self.push("(");
                self.select(query)?;
                self.push(")");
                Ok(())
            }
            Expr::Binary { op, left, right } => {
                if !self.dialect.supports_array_params() {
                    return Err(self.unsupported("JSON and array operators"));
                }
                self.expr_at(left, ATOM)?;
                self.push(" ");
                self.push(op.sql());
                self.push(" ");
                self.expr_at(right, ATOM)
            }
            Expr::AnyElement(array) => {
                if !self.dialect.supports_array_params() {
                    return Err(self.unsupported("ANY over an array"));
                }
                self.push("ANY(");
                self.expr(array)?;
                self.push(")");
                Ok(())
            }
            Expr::JsonObject(fields) => {
                let name = self.json_functions()?.object;
                self.push(name);
                self.push("(");
                self.comma_separated(fields, |r, (key, value)| {
                    if key.contains('\0') {
                        return Err(RenderError::InvalidIdentifier(key.clone()));
                    }
                    r.dialect.string_literal(key, &mut r.sql);
                    r.push(", ");
                    r.expr(value)
                })?;
                self.push(")");
                Ok(())
            }
            Expr::JsonArray(items) => {
                let name = self.json_functions()?.array;
                self.push(name);
                self.push("(");
                self.comma_separated(items, |r, item| r.expr(item))?;
                self.push(")");
                Ok(())
            }
            Expr::JsonArrayAgg(item) => {
                let name = self.json_functions()?.array_agg;
                self.push(name);
                self.push("(");
                self.expr(item)?;
                self.push(")");
                Ok(())
            }
        }
    }

    fn json_functions(&self) -> Result<JsonFunctions> {
        self.dialect
            .json_functions()
            .ok_or_else(|| self.unsupported("JSON building functions"))
    }

    fn excluded(&mut self, column: &str) -> Result {
        match self.dialect.upsert_style() {
            UpsertStyle::OnConflict => {
                self.push("EXCLUDED.");
                self.ident(column)
            }
            UpsertStyle::OnDuplicateKey => {
                self.push("VALUES(");
                self.ident(column)?;
                self.push(")");
                Ok(())
            }
            UpsertStyle::Merge => {
                Err(self.unsupported("EXCLUDED outside of an upsert (use the MERGE source)"))
            }
        }
    }

    fn junction(&mut self, items: &[Expr], separator: &str, empty: &str) -> Result {
        match items {
            [] => {
                self.push(empty);
                Ok(())
            }
            [single] => self.expr(single),
            _ => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.push(separator);
                    }
                    self.expr_at(item, BOOL_OPERAND)?;
                }
                Ok(())
            }
        }
    }

    fn in_list(&mut self, expr: &Expr, list: &[Expr], negated: bool) -> Result {
        if list.is_empty() {
            self.push(if negated {
                TRUE_PREDICATE
            } else {
                FALSE_PREDICATE
            });
            return Ok(());
        }
        self.expr_at(expr, ADDITIVE)?;
        self.push(if negated { " NOT IN (" } else { " IN (" });
        if matches!(expr, Expr::Row(_)) && self.dialect.row_in_list_needs_values() {
            self.push("VALUES ");
        }
        self.comma_separated(list, |r, item| r.expr(item))?;
        self.push(")");
        Ok(())
    }

    fn any_of(&mut self, expr: &Expr, values: &[PrismaValue], negated: bool) -> Result {
        if self.dialect.supports_array_params() {
            self.expr_at(expr, ADDITIVE)?;
            self.push(if negated { " <> ALL(" } else { " = ANY(" });
            self.param(PrismaValue::List(values.to_vec()));
            self.push(")");
            return Ok(());
        }
        let list: Vec<Expr> = values.iter().cloned().map(Expr::Param).collect();
        self.in_list(expr, &list, negated)
    }

    fn like(
        &mut self,
        expr: &Expr,
        pattern: &Expr,
        escape: Option<char>,
        case_insensitive: bool,
        negated: bool,
    ) -> Result {
        let not = if negated { " NOT" } else { "" };
        match (case_insensitive, self.dialect.insensitive_like()) {
            (true, InsensitiveLike::Ilike) => {
                self.expr_at(expr, ADDITIVE)?;
                self.push(not);
                self.push(" ILIKE ");
                self.expr_at(pattern, ADDITIVE)?;
            }
            (true, InsensitiveLike::LowerBoth) => {
                self.push("LOWER(");
                self.expr(expr)?;
                self.push(")");
                self.push(not);
                self.push(" LIKE LOWER(");
                self.expr(pattern)?;
                self.push(")");
            }
            (false, _) => {
                self.expr_at(expr, ADDITIVE)?;
                self.push(not);
                self.push(" LIKE ");
                self.expr_at(pattern, ADDITIVE)?;
            }
        }
        if let Some(c) = escape {
            self.push(" ESCAPE ");
            self.dialect
                .string_literal(c.encode_utf8(&mut [0; 4]), &mut self.sql);
        }
        Ok(())
    }

    /// Renders ordering keys, adding a null-sorting key first where the dialect cannot say `NULLS FIRST`.
    pub(super) fn order_list(&mut self, keys: &[OrderBy]) -> Result {
        for (i, key) in keys.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            self.order_key(key)?;
        }
        Ok(())
    }

    fn order_key(&mut self, key: &OrderBy) -> Result {
        let direction = match key.order {
            Order::Asc => " ASC",
            Order::Desc => " DESC",
        };
        let style = self.dialect.nulls_order_style();
        let Some(nulls) = key.nulls else {
            self.expr(&key.expr)?;
            self.push(direction);
            return Ok(());
        };
        if style == NullsOrderStyle::Native {
            self.expr(&key.expr)?;
            self.push(direction);
            self.push(match nulls {
                Nulls::First => " NULLS FIRST",
                Nulls::Last => " NULLS LAST",
            });
            return Ok(());
        }
        // Emulating dialects sort nulls lowest: ascending already puts them first, descending last.
        let already = matches!(
            (key.order, nulls),
            (Order::Asc, Nulls::First) | (Order::Desc, Nulls::Last)
        );
        if !already {
            // The key is 1 for null rows: ascending moves them last, descending first.
            let key_direction = match nulls {
                Nulls::Last => " ASC",
                Nulls::First => " DESC",
            };
            if style == NullsOrderStyle::IsNullKey {
                self.expr_at(&key.expr, ADDITIVE)?;
                self.push(" IS NULL");
            } else {
                self.push("CASE WHEN ");
                self.expr_at(&key.expr, ADDITIVE)?;
                self.push(" IS NULL THEN 1 ELSE 0 END");
            }
            self.push(key_direction);
            self.push(", ");
        }
        self.expr(&key.expr)?;
        self.push(direction);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::super::Renderer;
    use crate::sql::ast::{OrderBy, Select, Table};
    use crate::sql::dialect::Dialect;
    use crate::sql::error::RenderError;
    use crate::sql::expr::{escape_like, CastType, CompareOp, Expr, Function};
    use crate::value::PrismaValue;

    fn render(
        expr: &Expr,
        dialect: &dyn Dialect,
    ) -> Result<(String, Vec<PrismaValue>), RenderError> {
        let mut r = Renderer::new(dialect);
        r.expr(expr)?;
        let done = r.finish()?;
        Ok((done.sql, done.params))
    }

    fn expr_sql(expr: &Expr, dialect: &dyn Dialect) -> String {
        render(expr, dialect).expect("renders").0
    }

    fn order_sql(keys: &[OrderBy], dialect: &dyn Dialect) -> String {
        let mut r = Renderer::new(dialect);
        r.order_list(keys).expect("renders");
        r.finish().expect("renders").sql
    }

    #[test]
    fn comparison_placeholders_per_dialect() {
        let e = Expr::and(vec![
            Expr::col("a").equals(Expr::param(int(1))),
            Expr::col("b").not_equals(Expr::param(text("x"))),
            Expr::col("c").less_than(Expr::param(int(2))),
            Expr::col("d").greater_or_equal(Expr::param(int(3))),
        ]);
        assert_eq!(
            render(&e, PG).unwrap(),
            (
                r#""a" = $1 AND "b" <> $2 AND "c" < $3 AND "d" >= $4"#.to_owned(),
                vec![int(1), text("x"), int(2), int(3)]
            )
        );
        assert_eq!(
            expr_sql(&e, LITE),
            r#""a" = ? AND "b" <> ? AND "c" < ? AND "d" >= ?"#
        );
        assert_eq!(
            expr_sql(&e, MY),
            "`a` = ? AND `b` <> ? AND `c` < ? AND `d` >= ?"
        );
        assert_eq!(
            expr_sql(&e, MS),
            "[a] = @P1 AND [b] <> @P2 AND [c] < @P3 AND [d] >= @P4"
        );
    }

    #[test]
    fn le_and_gt_operators() {
        let e = Expr::col("a")
            .less_or_equal(Expr::param(int(1)))
            .equals(Expr::col("b").greater_than(Expr::param(int(2))));
        assert_eq!(expr_sql(&e, PG), r#"("a" <= $1) = ("b" > $2)"#);
    }

    #[test]
    fn hostile_identifiers_are_escaped_per_dialect() {
        let e = Expr::qcol(r#"t"x"#, "a`b]c\"d");
        assert_eq!(expr_sql(&e, PG), r#""t""x"."a`b]c""d""#);
        assert_eq!(expr_sql(&e, LITE), r#""t""x"."a`b]c""d""#);
        assert_eq!(expr_sql(&e, MY), "`t\"x`.`a``b]c\"d`");
        assert_eq!(expr_sql(&e, MS), "[t\"x].[a`b]]c\"d]");
        let drop = Expr::col("x\"; DROP TABLE users; --");
        assert_eq!(expr_sql(&drop, PG), r#""x""; DROP TABLE users; --""#);
        assert_eq!(expr_sql(&Expr::col("a]; --"), MS), "[a]]; --]");
        assert_eq!(expr_sql(&Expr::col("a`; --"), MY), "`a``; --`");
    }

    #[test]
    fn empty_and_nul_identifiers_are_rejected() {
        assert_eq!(
            render(&Expr::col(""), PG),
            Err(RenderError::InvalidIdentifier(String::new()))
        );
        assert_eq!(
            render(&Expr::col("a\0b"), MS),
            Err(RenderError::InvalidIdentifier("a\0b".to_owned()))
        );
    }

    #[test]
    fn string_values_never_enter_the_sql() {
        let e = Expr::col("name").equals(Expr::param(text("'; DROP TABLE x; --")));
        for d in [PG, LITE, MY, MS] {
            let (sql, params) = render(&e, d).unwrap();
            assert!(!sql.contains("DROP"));
            assert_eq!(params, vec![text("'; DROP TABLE x; --")]);
        }
    }

    #[test]
    fn null_checks() {
        let e = Expr::or(vec![
            Expr::col("a").is_null(),
            Expr::qcol("t", "b").is_not_null(),
        ]);
        assert_eq!(expr_sql(&e, PG), r#""a" IS NULL OR "t"."b" IS NOT NULL"#);
        assert_eq!(expr_sql(&e, MS), "[a] IS NULL OR [t].[b] IS NOT NULL");
    }

    #[test]
    fn in_lists_and_empty_lists() {
        let e = Expr::col("id").in_list(vec![Expr::param(int(1)), Expr::param(int(2))]);
        assert_eq!(
            render(&e, MS).unwrap(),
            ("[id] IN (@P1, @P2)".to_owned(), vec![int(1), int(2)])
        );
        let e = Expr::col("id").not_in_list(vec![Expr::param(int(1))]);
        assert_eq!(expr_sql(&e, MY), "`id` NOT IN (?)");
        assert_eq!(expr_sql(&Expr::col("id").in_list(vec![]), PG), "1=0");
        assert_eq!(expr_sql(&Expr::col("id").not_in_list(vec![]), LITE), "1=1");
    }

    #[test]
    fn any_of_uses_one_array_param_on_postgres_only() {
        let e = Expr::col("id").any_of(vec![int(1), int(2), int(3)]);
        assert_eq!(
            render(&e, PG).unwrap(),
            (
                r#""id" = ANY($1)"#.to_owned(),
                vec![PrismaValue::List(vec![int(1), int(2), int(3)])]
            )
        );
        assert_eq!(
            render(&e, LITE).unwrap(),
            (
                r#""id" IN (?, ?, ?)"#.to_owned(),
                vec![int(1), int(2), int(3)]
            )
        );
        assert_eq!(expr_sql(&e, MS), "[id] IN (@P1, @P2, @P3)");
        let negated = Expr::AnyOf {
            expr: Box::new(Expr::col("id")),
            values: vec![int(1)],
            negated: true,
        };
        assert_eq!(expr_sql(&negated, PG), r#""id" <> ALL($1)"#);
        assert_eq!(expr_sql(&negated, MY), "`id` NOT IN (?)");
        assert_eq!(expr_sql(&Expr::col("id").any_of(vec![]), MY), "1=0");
    }

    #[test]
    fn in_subquery_and_exists() {
        let sub = Select::from_table(Table::new("posts"))
            .column(Expr::col("authorId"))
            .and_where(Expr::col("published").equals(Expr::param(PrismaValue::Boolean(true))));
        let e = Expr::and(vec![
            Expr::col("id").in_subquery(sub.clone()),
            Expr::not_exists(sub.clone()),
            Expr::exists(sub),
        ]);
        assert_eq!(
            render(&e, PG).unwrap().0,
            r#""id" IN (SELECT "authorId" FROM "posts" WHERE "published" = $1) AND NOT EXISTS (SELECT "authorId" FROM "posts" WHERE "published" = $2) AND EXISTS (SELECT "authorId" FROM "posts" WHERE "published" = $3)"#
        );
        assert_eq!(
            expr_sql(&e, MS),
            "[id] IN (SELECT [authorId] FROM [posts] WHERE [published] = @P1) AND NOT EXISTS (SELECT [authorId] FROM [posts] WHERE [published] = @P2) AND EXISTS (SELECT [authorId] FROM [posts] WHERE [published] = @P3)"
        );
    }

    #[test]
    fn like_with_escape_per_dialect() {
        let pattern = format!("%{}%", escape_like("50%", '\\'));
        let e = Expr::col("title").like(Expr::param(text(&pattern)), '\\');
        assert_eq!(
            render(&e, PG).unwrap(),
            (
                r#""title" LIKE $1 ESCAPE '\'"#.to_owned(),
                vec![text(r"%50\%%")]
            )
        );
        assert_eq!(expr_sql(&e, LITE), r#""title" LIKE ? ESCAPE '\'"#);
        assert_eq!(expr_sql(&e, MY), r"`title` LIKE ? ESCAPE '\\'");
        assert_eq!(expr_sql(&e, MS), r"[title] LIKE @P1 ESCAPE '\'");
        let quote = Expr::col("t").like(Expr::param(text("x")), '\'');
        assert_eq!(expr_sql(&quote, PG), r#""t" LIKE $1 ESCAPE ''''"#);
    }

    #[test]
    fn insensitive_like_per_dialect() {
        let e = Expr::col("email").ilike(Expr::param(text("%a%")), '\\');
        assert_eq!(expr_sql(&e, PG), r#""email" ILIKE $1 ESCAPE '\'"#);
        assert_eq!(
            expr_sql(&e, LITE),
            r#"LOWER("email") LIKE LOWER(?) ESCAPE '\'"#
        );
        assert_eq!(
            expr_sql(&e, MY),
            r"LOWER(`email`) LIKE LOWER(?) ESCAPE '\\'"
        );
        assert_eq!(
            expr_sql(&e, MS),
            r"LOWER([email]) LIKE LOWER(@P1) ESCAPE '\'"
        );
        let not = Expr::Like {
            expr: Box::new(Expr::col("email")),
            pattern: Box::new(Expr::param(text("a"))),
            escape: None,
            case_insensitive: true,
            negated: true,
        };
        assert_eq!(expr_sql(&not, PG), r#""email" NOT ILIKE $1"#);
        assert_eq!(expr_sql(&not, MS), "LOWER([email]) NOT LIKE LOWER(@P1)");
    }

    #[test]
    fn boolean_nesting_is_parenthesized() {
        let e = Expr::and(vec![
            Expr::col("a").equals(Expr::param(int(1))),
            Expr::or(vec![
                Expr::col("b").is_null(),
                Expr::and(vec![
                    Expr::col("c").equals(Expr::param(int(2))),
                    Expr::col("d").is_null(),
                ]),
            ]),
            !Expr::or(vec![Expr::col("e").is_null(), Expr::col("f").is_null()]),
        ]);
        assert_eq!(
            expr_sql(&e, PG),
            r#""a" = $1 AND ("b" IS NULL OR ("c" = $2 AND "d" IS NULL)) AND NOT ("e" IS NULL OR "f" IS NULL)"#
        );
        assert_eq!(
            expr_sql(&e, MS),
            "[a] = @P1 AND ([b] IS NULL OR ([c] = @P2 AND [d] IS NULL)) AND NOT ([e] IS NULL OR [f] IS NULL)"
        );
    }

    #[test]
    fn empty_and_single_junctions() {
        for d in [PG, LITE, MY, MS] {
            assert_eq!(expr_sql(&Expr::and(vec![]), d), "1=1");
            assert_eq!(expr_sql(&Expr::or(vec![]), d), "1=0");
        }
        let e = Expr::and(vec![
            Expr::or(vec![]),
            Expr::or(vec![Expr::col("a").is_null()]),
        ]);
        assert_eq!(expr_sql(&e, PG), r#"1=0 AND "a" IS NULL"#);
        let e = !Expr::and(vec![]);
        assert_eq!(expr_sql(&e, MS), "NOT (1=1)");
    }

    #[test]
    fn arithmetic_precedence() {
        let e = (Expr::col("a") + Expr::param(int(1)))
            * (Expr::col("b") - (Expr::col("c") - Expr::col("d")));
        assert_eq!(expr_sql(&e, PG), r#"("a" + $1) * ("b" - ("c" - "d"))"#);
        let e = Expr::col("a") + Expr::col("b") * Expr::col("c") / Expr::param(int(2));
        assert_eq!(expr_sql(&e, MY), "`a` + `b` * `c` / ?");
        let e = (Expr::col("a") + Expr::col("b")).equals(Expr::param(int(3)));
        assert_eq!(expr_sql(&e, MS), "[a] + [b] = @P1");
    }

    #[test]
    fn functions_and_distinct_aggregates() {
        let e = Expr::call(
            Function::Coalesce,
            vec![
                Expr::call(Function::Sum, vec![Expr::col("n")]),
                Expr::param(int(0)),
            ],
        );
        assert_eq!(expr_sql(&e, PG), r#"COALESCE(SUM("n"), $1)"#);
        assert_eq!(expr_sql(&Expr::count_star(), MS), "COUNT(*)");
        let distinct = Expr::Call {
            func: Function::Count,
            args: vec![Expr::col("x")],
            distinct: true,
        };
        assert_eq!(expr_sql(&distinct, MY), "COUNT(DISTINCT `x`)");
        let all = [
            Function::Avg,
            Function::Min,
            Function::Max,
            Function::Lower,
            Function::Upper,
        ]
        .into_iter()
        .map(|f| Expr::call(f, vec![Expr::col("v")]))
        .collect::<Vec<_>>();
        let row = Expr::and(all.into_iter().map(|e| e.is_not_null()).collect());
        assert_eq!(
            expr_sql(&row, LITE),
            r#"AVG("v") IS NOT NULL AND MIN("v") IS NOT NULL AND MAX("v") IS NOT NULL AND LOWER("v") IS NOT NULL AND UPPER("v") IS NOT NULL"#
        );
    }

    #[test]
    fn case_when_and_literals() {
        let e = Expr::Case {
            whens: vec![(Expr::col("a").is_null(), Expr::Bool(true))],
            otherwise: Some(Box::new(Expr::Bool(false))),
        };
        assert_eq!(
            expr_sql(&e, PG),
            r#"CASE WHEN "a" IS NULL THEN TRUE ELSE FALSE END"#
        );
        assert_eq!(
            expr_sql(&e, LITE),
            r#"CASE WHEN "a" IS NULL THEN 1 ELSE 0 END"#
        );
        assert_eq!(
            expr_sql(&e, MY),
            "CASE WHEN `a` IS NULL THEN TRUE ELSE FALSE END"
        );
        assert_eq!(expr_sql(&e, MS), "CASE WHEN [a] IS NULL THEN 1 ELSE 0 END");
        let empty = Expr::Case {
            whens: vec![],
            otherwise: Some(Box::new(Expr::Null)),
        };
        assert_eq!(
            render(&empty, PG),
            Err(RenderError::InvalidStatement(
                "CASE needs at least one WHEN"
            ))
        );
    }

    #[test]
    fn casts_per_dialect() {
        let e = Expr::param(text("x")).cast(CastType::Text);
        assert_eq!(expr_sql(&e, PG), "$1::text");
        assert_eq!(expr_sql(&e, LITE), "CAST(? AS TEXT)");
        assert_eq!(expr_sql(&e, MY), "CAST(? AS CHAR)");
        assert_eq!(expr_sql(&e, MS), "CAST(@P1 AS NVARCHAR(MAX))");
        let sum = (Expr::col("a") + Expr::col("b")).cast(CastType::Decimal);
        assert_eq!(expr_sql(&sum, PG), r#"("a" + "b")::numeric"#);
        assert_eq!(expr_sql(&sum, MY), "CAST(`a` + `b` AS DECIMAL(65,30))");
        assert_eq!(
            expr_sql(&Expr::col("j").cast(CastType::Json), PG),
            r#""j"::jsonb"#
        );
        assert_eq!(
            expr_sql(&Expr::col("u").cast(CastType::Uuid), MS),
            "CAST([u] AS UNIQUEIDENTIFIER)"
        );
    }

    #[test]
    fn row_values_and_their_portable_expansion() {
        let e = Expr::Row(vec![Expr::col("a"), Expr::col("b")])
            .greater_than(Expr::Row(vec![Expr::param(int(1)), Expr::param(int(2))]));
        assert_eq!(expr_sql(&e, PG), r#"("a", "b") > ($1, $2)"#);
        assert_eq!(expr_sql(&e, MY), "(`a`, `b`) > (?, ?)");
        assert_eq!(
            render(&e, MS),
            Err(RenderError::Unsupported {
                feature: "row values",
                dialect: "SQL Server"
            })
        );
        let expanded = Expr::lexicographic(
            CompareOp::Ge,
            vec![Expr::col("a"), Expr::col("b"), Expr::col("c")],
            vec![
                Expr::param(int(1)),
                Expr::param(int(2)),
                Expr::param(int(3)),
            ],
        );
        assert_eq!(
            render(&expanded, MS).unwrap(),
            (
                "[a] > @P1 OR ([a] = @P2 AND ([b] > @P3 OR ([b] = @P4 AND [c] >= @P5)))".to_owned(),
                vec![int(1), int(1), int(2), int(2), int(3)]
            )
        );
        let eq = Expr::lexicographic(
            CompareOp::Eq,
            vec![Expr::col("a"), Expr::col("b")],
            vec![Expr::param(int(1)), Expr::param(int(2))],
        );
        assert_eq!(expr_sql(&eq, LITE), r#""a" = ? AND "b" = ?"#);
    }

    #[test]
    fn row_number_window() {
        let e = Expr::RowNumber {
            partition_by: vec![Expr::col("authorId")],
            order_by: vec![
                OrderBy::desc(Expr::col("createdAt")),
                OrderBy::asc(Expr::col("id")),
            ],
        };
        assert_eq!(
            expr_sql(&e, PG),
            r#"ROW_NUMBER() OVER (PARTITION BY "authorId" ORDER BY "createdAt" DESC, "id" ASC)"#
        );
        assert_eq!(
            expr_sql(&e, MS),
            "ROW_NUMBER() OVER (PARTITION BY [authorId] ORDER BY [createdAt] DESC, [id] ASC)"
        );
        let unordered = Expr::RowNumber {
            partition_by: vec![Expr::col("p")],
            order_by: vec![],
        };
        assert_eq!(
            expr_sql(&unordered, MY),
            "ROW_NUMBER() OVER (PARTITION BY `p`)"
        );
        assert_eq!(
            expr_sql(&unordered, MS),
            "ROW_NUMBER() OVER (PARTITION BY [p] ORDER BY (SELECT NULL))"
        );
    }

    #[test]
    fn nulls_ordering_native_and_emulated() {
        use crate::sql::ast::Nulls;
        let keys = [
            OrderBy::asc(Expr::col("a")).nulls(Nulls::Last),
            OrderBy::desc(Expr::col("b")).nulls(Nulls::First),
            OrderBy::asc(Expr::col("c")).nulls(Nulls::First),
            OrderBy::desc(Expr::col("d")).nulls(Nulls::Last),
        ];
        assert_eq!(
            order_sql(&keys, PG),
            r#""a" ASC NULLS LAST, "b" DESC NULLS FIRST, "c" ASC NULLS FIRST, "d" DESC NULLS LAST"#
        );
        assert_eq!(
            order_sql(&keys, LITE),
            r#""a" ASC NULLS LAST, "b" DESC NULLS FIRST, "c" ASC NULLS FIRST, "d" DESC NULLS LAST"#
        );
        assert_eq!(
            order_sql(&keys, MY),
            "`a` IS NULL ASC, `a` ASC, `b` IS NULL DESC, `b` DESC, `c` ASC, `d` DESC"
        );
        assert_eq!(
            order_sql(&keys, MS),
            "CASE WHEN [a] IS NULL THEN 1 ELSE 0 END ASC, [a] ASC, CASE WHEN [b] IS NULL THEN 1 ELSE 0 END DESC, [b] DESC, [c] ASC, [d] DESC"
        );
    }

    #[test]
    fn excluded_and_default_per_dialect() {
        assert_eq!(expr_sql(&Expr::Excluded("n".into()), PG), r#"EXCLUDED."n""#);
        assert_eq!(
            expr_sql(&Expr::Excluded("n".into()), LITE),
            r#"EXCLUDED."n""#
        );
        assert_eq!(expr_sql(&Expr::Excluded("n".into()), MY), "VALUES(`n`)");
        assert!(matches!(
            render(&Expr::Excluded("n".into()), MS),
            Err(RenderError::Unsupported { .. })
        ));
        assert_eq!(expr_sql(&Expr::Default, MS), "DEFAULT");
        assert_eq!(
            render(&Expr::Default, LITE),
            Err(RenderError::Unsupported {
                feature: "DEFAULT inside VALUES",
                dialect: "SQLite"
            })
        );
    }

    #[test]
    fn scalar_subquery_and_qualified_star() {
        let sub = Select::from_table(Table::new("p")).column(Expr::count_star());
        let e = Expr::Subquery(Box::new(sub)).greater_than(Expr::param(int(0)));
        assert_eq!(expr_sql(&e, LITE), r#"(SELECT COUNT(*) FROM "p") > ?"#);
        assert_eq!(expr_sql(&Expr::Star(Some("t".into())), MY), "`t`.*");
    }

    #[test]
    fn json_building_per_dialect() {
        let e = Expr::call(
            Function::Coalesce,
            vec![
                Expr::JsonArrayAgg(Box::new(Expr::JsonObject(vec![
                    ("id".to_owned(), Expr::qcol("p", "id")),
                    ("it's".to_owned(), Expr::qcol("p", "title")),
                ]))),
                Expr::JsonArray(vec![]),
            ],
        );
        assert_eq!(
            expr_sql(&e, PG),
            r#"COALESCE(JSONB_AGG(JSONB_BUILD_OBJECT('id', "p"."id", 'it''s', "p"."title")), JSONB_BUILD_ARRAY())"#
        );
        assert_eq!(
            expr_sql(&e, LITE),
            r#"COALESCE(JSON_GROUP_ARRAY(JSON_OBJECT('id', "p"."id", 'it''s', "p"."title")), JSON_ARRAY())"#
        );
        assert_eq!(
            expr_sql(&e, MY),
            "COALESCE(JSON_ARRAYAGG(JSON_OBJECT('id', `p`.`id`, 'it''s', `p`.`title`)), JSON_ARRAY())"
        );
        assert_eq!(
            render(&e, MS),
            Err(RenderError::Unsupported {
                feature: "JSON building functions",
                dialect: "SQL Server"
            })
        );
    }

    #[test]
    fn json_keys_are_quoted_safely() {
        let e = Expr::JsonObject(vec![(r"a\'b".to_owned(), Expr::param(int(1)))]);
        assert_eq!(
            render(&e, PG).unwrap(),
            (r"JSONB_BUILD_OBJECT('a\''b', $1)".to_owned(), vec![int(1)])
        );
        assert_eq!(expr_sql(&e, MY), r"JSON_OBJECT('a\\''b', ?)");
        let nul = Expr::JsonObject(vec![("a\0".to_owned(), Expr::Null)]);
        assert!(matches!(
            render(&nul, LITE),
            Err(RenderError::InvalidIdentifier(_))
        ));
    }

    #[test]
    fn postgres_json_and_array_operators() {
        use crate::sql::expr::BinaryOp;
        let path = Expr::param(PrismaValue::List(vec![text("a")]));
        let e = Expr::and(vec![
            Expr::col("j")
                .binary(BinaryOp::JsonPath, path.clone())
                .equals(Expr::param(text("1"))),
            Expr::col("j").binary(BinaryOp::JsonPathText, path),
            Expr::col("l").binary(BinaryOp::Contains, Expr::param(int(1))),
            !Expr::col("l").binary(BinaryOp::Overlaps, Expr::param(int(2))),
            Expr::param(int(3)).equals(Expr::AnyElement(Box::new(Expr::col("l")))),
            Expr::call(Function::Cardinality, vec![Expr::col("l")])
                .equals(Expr::call(Function::JsonbTypeof, vec![Expr::col("j")])),
        ]);
        assert_eq!(
            expr_sql(&e, PG),
            r#"("j" #> $1) = $2 AND "j" #>> $3 AND "l" @> $4 AND NOT ("l" && $5) AND $6 = ANY("l") AND CARDINALITY("l") = JSONB_TYPEOF("j")"#
        );
        for dialect in [LITE, MY, MS] {
            assert!(matches!(
                render(&e, dialect),
                Err(RenderError::Unsupported { .. })
            ));
        }
    }

    #[test]
    fn mysql_json_functions() {
        let e = Expr::call(
            Function::JsonContains,
            vec![
                Expr::call(
                    Function::JsonExtract,
                    vec![Expr::col("j"), Expr::param(text("$.a"))],
                ),
                Expr::call(
                    Function::JsonUnquote,
                    vec![Expr::call(Function::JsonType, vec![Expr::col("j")])],
                ),
            ],
        );
        assert_eq!(
            expr_sql(&e, MY),
            "JSON_CONTAINS(JSON_EXTRACT(`j`, ?), JSON_UNQUOTE(JSON_TYPE(`j`)))"
        );
    }

    #[test]
    fn row_value_in_list_per_dialect() {
        let e = Expr::Row(vec![Expr::col("a"), Expr::col("b")]).in_list(vec![
            Expr::Row(vec![Expr::param(int(1)), Expr::param(int(2))]),
            Expr::Row(vec![Expr::param(int(3)), Expr::param(int(4))]),
        ]);
        assert_eq!(expr_sql(&e, PG), r#"("a", "b") IN (($1, $2), ($3, $4))"#);
        assert_eq!(
            expr_sql(&e, LITE),
            r#"("a", "b") IN (VALUES (?, ?), (?, ?))"#
        );
        assert_eq!(expr_sql(&e, MY), "(`a`, `b`) IN ((?, ?), (?, ?))");
        assert!(matches!(
            render(&e, MS),
            Err(RenderError::Unsupported { .. })
        ));
    }
}
