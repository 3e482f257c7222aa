//! Rendering of `SELECT`: CTEs, distinctness, sources, joins, grouping, ordering and row limits.

use super::{Renderer, Result};
use crate::sql::ast::{Cte, Distinct, Join, JoinKind, Select, SelectItem, TableRef};
use crate::sql::dialect::{LateralStyle, LimitStyle};
use crate::sql::error::RenderError;
use crate::value::PrismaValue;

impl Renderer<'_> {
    pub(super) fn select(&mut self, select: &Select) -> Result {
        if !select.with.is_empty() {
            self.push("WITH ");
            self.comma_separated(&select.with, |r, cte| r.cte(cte))?;
            self.push(" ");
        }
        self.push("SELECT ");
        match &select.distinct {
            None => {}
            Some(Distinct::All) => self.push("DISTINCT "),
            Some(Distinct::On(exprs)) => {
                if !self.dialect.supports_distinct_on() {
                    return Err(self.unsupported("DISTINCT ON"));
                }
                self.push("DISTINCT ON (");
                self.comma_separated(exprs, |r, e| r.expr(e))?;
                self.push(") ");
            }
        }
        if select.columns.is_empty() {
            self.push("*");
        } else {
            self.comma_separated(&select.columns, |r, item| r.select_item(item))?;
        }
        if let Some(from) = &select.from {
            self.push(" FROM ");
            self.table_ref(from)?;
        }
        for join in &select.joins {
            self.join(join)?;
        }
        if let Some(condition) = &select.where_clause {
            self.push(" WHERE ");
            self.expr(condition)?;
        }
        if !select.group_by.is_empty() {
            self.push(" GROUP BY ");
            self.comma_separated(&select.group_by, |r, e| r.expr(e))?;
        }
        if let Some(condition) = &select.having {
            self.push(" HAVING ");
            self.expr(condition)?;
        }
        if !select.order_by.is_empty() {
            self.push(" ORDER BY ");
            self.order_list(&select.order_by)?;
        }
        self.limit_offset(select)
    }

    fn cte(&mut self, cte: &Cte) -> Result {
        self.ident(&cte.name)?;
        if !cte.columns.is_empty() {
            self.push(" (");
            self.ident_list(&cte.columns)?;
            self.push(")");
        }
        self.push(" AS (");
        self.select(&cte.query)?;
        self.push(")");
        Ok(())
    }

    fn select_item(&mut self, item: &SelectItem) -> Result {
        self.expr(&item.expr)?;
        if let Some(alias) = &item.alias {
            self.push(" AS ");
            self.ident(alias)?;
        }
        Ok(())
    }

    fn table_ref(&mut self, table: &TableRef) -> Result {
        match table {
            TableRef::Table(table) => self.table(table),
            TableRef::Subquery { query, alias } => {
                self.push("(");
                self.select(query)?;
                self.push(") AS ");
                self.ident(alias)
            }
        }
    }

    fn join(&mut self, join: &Join) -> Result {
        let lateral = matches!(join.kind, JoinKind::LeftLateral | JoinKind::InnerLateral);
        let style = self.dialect.lateral_style();
        if lateral && style == LateralStyle::Unsupported {
            return Err(self.unsupported("LATERAL joins"));
        }
        if lateral && style == LateralStyle::Apply {
            if join.on.is_some() {
                return Err(self.unsupported("a join condition on APPLY"));
            }
            self.push(if join.kind == JoinKind::LeftLateral {
                " OUTER APPLY "
            } else {
                " CROSS APPLY "
            });
            return self.table_ref(&join.table);
        }
        self.push(match join.kind {
            JoinKind::Inner => " INNER JOIN ",
            JoinKind::Left => " LEFT JOIN ",
            JoinKind::LeftLateral => " LEFT JOIN LATERAL ",
            JoinKind::InnerLateral => " INNER JOIN LATERAL ",
        });
        self.table_ref(&join.table)?;
        self.push(" ON ");
        match &join.on {
            Some(condition) => self.expr(condition),
            None if lateral => {
                self.push(self.dialect.bool_literal(true));
                Ok(())
            }
            None => Err(RenderError::InvalidStatement(
                "a non-lateral join needs a condition",
            )),
        }
    }

    fn limit_offset(&mut self, select: &Select) -> Result {
        let limit = select.limit.map(bound_value).transpose()?;
        let offset = select.offset.map(bound_value).transpose()?;
        match self.dialect.limit_style() {
            LimitStyle::LimitOffset { offset_only_limit } => {
                match (limit, offset_only_limit, &offset) {
                    (Some(limit), _, _) => {
                        self.push(" LIMIT ");
                        self.param(limit);
                    }
                    (None, Some(no_limit), Some(_)) => {
                        self.push(" LIMIT ");
                        self.push(no_limit);
                    }
                    _ => {}
                }
                if let Some(offset) = offset {
                    self.push(" OFFSET ");
                    self.param(offset);
                }
            }
            LimitStyle::OffsetFetch => {
                if limit.is_none() && offset.is_none() {
                    return Ok(());
                }
                if select.order_by.is_empty() {
                    self.push(" ORDER BY (SELECT NULL)");
                }
                self.push(" OFFSET ");
                match offset {
                    Some(offset) => self.param(offset),
                    None => self.push("0"),
                }
                self.push(" ROWS");
                if let Some(limit) = limit {
                    self.push(" FETCH NEXT ");
                    self.param(limit);
                    self.push(" ROWS ONLY");
                }
            }
        }
        Ok(())
    }
}

/// Limits travel as parameters like every other value; drivers bind them as signed 64-bit integers.
fn bound_value(n: u64) -> Result<PrismaValue> {
    i64::try_from(n)
        .map(PrismaValue::Int)
        .map_err(|_| RenderError::LimitOutOfRange(n))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::sql::ast::{Join, JoinKind, Nulls, OrderBy, Select, Table, TableRef};
    use crate::sql::error::RenderError;
    use crate::sql::expr::{Expr, Function};
    use crate::value::PrismaValue;

    fn users() -> Select {
        Select::from_table(Table::new("User"))
    }

    #[test]
    fn select_star_per_dialect() {
        assert_eq!(sql(users(), PG), r#"SELECT * FROM "User""#);
        assert_eq!(sql(users(), LITE), r#"SELECT * FROM "User""#);
        assert_eq!(sql(users(), MY), "SELECT * FROM `User`");
        assert_eq!(sql(users(), MS), "SELECT * FROM [User]");
    }

    #[test]
    fn columns_aliases_schema_and_where() {
        let q = Select::from_table(Table::new("User").in_schema("app").alias("u"))
            .column(Expr::qcol("u", "id"))
            .column_as(Expr::qcol("u", "email"), "mail")
            .and_where(Expr::qcol("u", "id").equals(Expr::param(int(7))))
            .and_where(Expr::qcol("u", "name").is_not_null());
        assert_eq!(
            rendered(q.clone(), PG),
            (
                r#"SELECT "u"."id", "u"."email" AS "mail" FROM "app"."User" AS "u" WHERE "u"."id" = $1 AND "u"."name" IS NOT NULL"#
                    .to_owned(),
                vec![int(7)]
            )
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"SELECT "u"."id", "u"."email" AS "mail" FROM "app"."User" AS "u" WHERE "u"."id" = ? AND "u"."name" IS NOT NULL"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT `u`.`id`, `u`.`email` AS `mail` FROM `app`.`User` AS `u` WHERE `u`.`id` = ? AND `u`.`name` IS NOT NULL"
        );
        assert_eq!(
            sql(q, MS),
            "SELECT [u].[id], [u].[email] AS [mail] FROM [app].[User] AS [u] WHERE [u].[id] = @P1 AND [u].[name] IS NOT NULL"
        );
    }

    #[test]
    fn hostile_table_and_alias_names() {
        let q = Select::from_table(Table::new("we\"ird`ta]ble").alias("a\"]`"))
            .column_as(Expr::col("c"), "x\"y");
        assert_eq!(
            sql(q.clone(), PG),
            r#"SELECT "c" AS "x""y" FROM "we""ird`ta]ble" AS "a""]`""#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT `c` AS `x\"y` FROM `we\"ird``ta]ble` AS `a\"]```"
        );
        assert_eq!(
            sql(q, MS),
            "SELECT [c] AS [x\"y] FROM [we\"ird`ta]]ble] AS [a\"]]`]"
        );
    }

    #[test]
    fn limit_and_offset_per_dialect() {
        let q = users()
            .order_by(OrderBy::asc(Expr::col("id")))
            .limit(10)
            .offset(20);
        assert_eq!(
            rendered(q.clone(), PG),
            (
                r#"SELECT * FROM "User" ORDER BY "id" ASC LIMIT $1 OFFSET $2"#.to_owned(),
                vec![int(10), int(20)]
            )
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"SELECT * FROM "User" ORDER BY "id" ASC LIMIT ? OFFSET ?"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT * FROM `User` ORDER BY `id` ASC LIMIT ? OFFSET ?"
        );
        assert_eq!(
            rendered(q, MS),
            (
                "SELECT * FROM [User] ORDER BY [id] ASC OFFSET @P1 ROWS FETCH NEXT @P2 ROWS ONLY"
                    .to_owned(),
                vec![int(20), int(10)]
            )
        );
    }

    #[test]
    fn offset_only_per_dialect() {
        let q = users().offset(5);
        assert_eq!(sql(q.clone(), PG), r#"SELECT * FROM "User" OFFSET $1"#);
        assert_eq!(
            sql(q.clone(), LITE),
            r#"SELECT * FROM "User" LIMIT -1 OFFSET ?"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT * FROM `User` LIMIT 18446744073709551615 OFFSET ?"
        );
        assert_eq!(
            rendered(q, MS),
            (
                "SELECT * FROM [User] ORDER BY (SELECT NULL) OFFSET @P1 ROWS".to_owned(),
                vec![int(5)]
            )
        );
    }

    #[test]
    fn limit_only_per_dialect() {
        let q = users().limit(3);
        assert_eq!(sql(q.clone(), PG), r#"SELECT * FROM "User" LIMIT $1"#);
        assert_eq!(sql(q.clone(), LITE), r#"SELECT * FROM "User" LIMIT ?"#);
        assert_eq!(sql(q.clone(), MY), "SELECT * FROM `User` LIMIT ?");
        assert_eq!(
            rendered(q, MS),
            (
                "SELECT * FROM [User] ORDER BY (SELECT NULL) OFFSET 0 ROWS FETCH NEXT @P1 ROWS ONLY".to_owned(),
                vec![int(3)]
            )
        );
    }

    #[test]
    fn oversized_limit_is_rejected() {
        assert_eq!(
            users().limit(u64::MAX).render(PG),
            Err(RenderError::LimitOutOfRange(u64::MAX))
        );
    }

    #[test]
    fn distinct_and_distinct_on() {
        let q = users().column(Expr::col("name")).distinct();
        assert_eq!(sql(q.clone(), MY), "SELECT DISTINCT `name` FROM `User`");
        assert_eq!(sql(q, MS), "SELECT DISTINCT [name] FROM [User]");
        let on = users()
            .distinct_on(vec![Expr::col("email")])
            .order_by(OrderBy::asc(Expr::col("email")));
        assert_eq!(
            sql(on.clone(), PG),
            r#"SELECT DISTINCT ON ("email") * FROM "User" ORDER BY "email" ASC"#
        );
        for d in [LITE, MY, MS] {
            assert!(matches!(
                on.render(d),
                Err(RenderError::Unsupported {
                    feature: "DISTINCT ON",
                    ..
                })
            ));
        }
    }

    #[test]
    fn joins_inner_and_left() {
        let q = Select::from_table(Table::new("Post").alias("p"))
            .column(Expr::qcol("p", "id"))
            .join(Join {
                kind: JoinKind::Inner,
                table: Table::new("User").alias("u").into(),
                on: Some(Expr::qcol("u", "id").equals(Expr::qcol("p", "authorId"))),
            })
            .join(Join {
                kind: JoinKind::Left,
                table: Table::new("Tag").alias("t").into(),
                on: Some(Expr::qcol("t", "postId").equals(Expr::qcol("p", "id"))),
            });
        assert_eq!(
            sql(q.clone(), PG),
            r#"SELECT "p"."id" FROM "Post" AS "p" INNER JOIN "User" AS "u" ON "u"."id" = "p"."authorId" LEFT JOIN "Tag" AS "t" ON "t"."postId" = "p"."id""#
        );
        assert_eq!(
            sql(q, MS),
            "SELECT [p].[id] FROM [Post] AS [p] INNER JOIN [User] AS [u] ON [u].[id] = [p].[authorId] LEFT JOIN [Tag] AS [t] ON [t].[postId] = [p].[id]"
        );
        let missing = users().join(Join {
            kind: JoinKind::Left,
            table: Table::new("X").into(),
            on: None,
        });
        assert!(matches!(
            missing.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
    }

    fn lateral_query() -> Select {
        let per_user = Select::from_table(Table::new("Post"))
            .column(Expr::col("title"))
            .and_where(Expr::col("authorId").equals(Expr::qcol("u", "id")))
            .order_by(OrderBy::desc(Expr::col("id")))
            .limit(2);
        Select::from_table(Table::new("User").alias("u"))
            .column(Expr::qcol("u", "id"))
            .column(Expr::qcol("lp", "title"))
            .join(Join {
                kind: JoinKind::LeftLateral,
                table: TableRef::Subquery {
                    query: Box::new(per_user),
                    alias: "lp".to_owned(),
                },
                on: None,
            })
    }

    #[test]
    fn left_join_lateral_per_dialect() {
        assert_eq!(
            rendered(lateral_query(), PG),
            (
                r#"SELECT "u"."id", "lp"."title" FROM "User" AS "u" LEFT JOIN LATERAL (SELECT "title" FROM "Post" WHERE "authorId" = "u"."id" ORDER BY "id" DESC LIMIT $1) AS "lp" ON TRUE"#
                    .to_owned(),
                vec![int(2)]
            )
        );
        assert_eq!(
            sql(lateral_query(), MY),
            "SELECT `u`.`id`, `lp`.`title` FROM `User` AS `u` LEFT JOIN LATERAL (SELECT `title` FROM `Post` WHERE `authorId` = `u`.`id` ORDER BY `id` DESC LIMIT ?) AS `lp` ON TRUE"
        );
        assert_eq!(
            sql(lateral_query(), MS),
            "SELECT [u].[id], [lp].[title] FROM [User] AS [u] OUTER APPLY (SELECT [title] FROM [Post] WHERE [authorId] = [u].[id] ORDER BY [id] DESC OFFSET 0 ROWS FETCH NEXT @P1 ROWS ONLY) AS [lp]"
        );
        assert_eq!(
            lateral_query().render(LITE),
            Err(RenderError::Unsupported {
                feature: "LATERAL joins",
                dialect: "SQLite"
            })
        );
        let mut inner = lateral_query();
        inner.joins[0].kind = JoinKind::InnerLateral;
        assert!(sql(inner.clone(), PG).contains(r#" INNER JOIN LATERAL (SELECT"#));
        assert!(sql(inner, MS).contains(" CROSS APPLY (SELECT"));
    }

    #[test]
    fn group_by_having_and_aggregates() {
        let q = Select::from_table(Table::new("Order"))
            .column(Expr::col("customerId"))
            .column_as(Expr::count_star(), "_count")
            .column_as(Expr::call(Function::Avg, vec![Expr::col("total")]), "_avg")
            .group_by(Expr::col("customerId"))
            .having(Expr::count_star().greater_than(Expr::param(int(1))))
            .order_by(OrderBy::desc(Expr::col("customerId")).nulls(Nulls::Last));
        assert_eq!(
            sql(q.clone(), PG),
            r#"SELECT "customerId", COUNT(*) AS "_count", AVG("total") AS "_avg" FROM "Order" GROUP BY "customerId" HAVING COUNT(*) > $1 ORDER BY "customerId" DESC NULLS LAST"#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"SELECT "customerId", COUNT(*) AS "_count", AVG("total") AS "_avg" FROM "Order" GROUP BY "customerId" HAVING COUNT(*) > ? ORDER BY "customerId" DESC NULLS LAST"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT `customerId`, COUNT(*) AS `_count`, AVG(`total`) AS `_avg` FROM `Order` GROUP BY `customerId` HAVING COUNT(*) > ? ORDER BY `customerId` DESC"
        );
        assert_eq!(
            sql(q, MS),
            "SELECT [customerId], COUNT(*) AS [_count], AVG([total]) AS [_avg] FROM [Order] GROUP BY [customerId] HAVING COUNT(*) > @P1 ORDER BY [customerId] DESC"
        );
    }

    #[test]
    fn ctes_and_derived_tables() {
        let ranked = Select::from_table(Table::new("Post"))
            .column(Expr::star())
            .column_as(
                Expr::RowNumber {
                    partition_by: vec![Expr::col("authorId")],
                    order_by: vec![OrderBy::asc(Expr::col("id"))],
                },
                "rn",
            )
            .and_where(
                Expr::col("authorId").in_list(vec![Expr::param(int(1)), Expr::param(int(2))]),
            );
        let q = Select::from_subquery(ranked.clone(), "r")
            .and_where(Expr::qcol("r", "rn").less_or_equal(Expr::param(int(3))));
        assert_eq!(
            rendered(q.clone(), PG),
            (
                r#"SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY "authorId" ORDER BY "id" ASC) AS "rn" FROM "Post" WHERE "authorId" IN ($1, $2)) AS "r" WHERE "r"."rn" <= $3"#
                    .to_owned(),
                vec![int(1), int(2), int(3)]
            )
        );
        assert_eq!(
            sql(q, MS),
            "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY [authorId] ORDER BY [id] ASC) AS [rn] FROM [Post] WHERE [authorId] IN (@P1, @P2)) AS [r] WHERE [r].[rn] <= @P3"
        );
        let with = Select::from_table(Table::new("ranked"))
            .with("ranked", vec![], ranked.clone())
            .with(
                "ids",
                vec!["id".to_owned()],
                Select::default().column(Expr::param(int(9))),
            );
        assert_eq!(
            sql(with.clone(), LITE),
            r#"WITH "ranked" AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY "authorId" ORDER BY "id" ASC) AS "rn" FROM "Post" WHERE "authorId" IN (?, ?)), "ids" ("id") AS (SELECT ?) SELECT * FROM "ranked""#
        );
        assert_eq!(
            sql(with, MY),
            "WITH `ranked` AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY `authorId` ORDER BY `id` ASC) AS `rn` FROM `Post` WHERE `authorId` IN (?, ?)), `ids` (`id`) AS (SELECT ?) SELECT * FROM `ranked`"
        );
    }

    #[test]
    fn nulls_first_emulation_in_a_full_select() {
        let q = users()
            .order_by(OrderBy::asc(Expr::col("name")).nulls(Nulls::Last))
            .limit(1);
        assert_eq!(
            sql(q.clone(), PG),
            r#"SELECT * FROM "User" ORDER BY "name" ASC NULLS LAST LIMIT $1"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "SELECT * FROM `User` ORDER BY `name` IS NULL ASC, `name` ASC LIMIT ?"
        );
        assert_eq!(
            sql(q, MS),
            "SELECT * FROM [User] ORDER BY CASE WHEN [name] IS NULL THEN 1 ELSE 0 END ASC, [name] ASC OFFSET 0 ROWS FETCH NEXT @P1 ROWS ONLY"
        );
    }

    #[test]
    fn bind_limit_is_enforced() {
        let list: Vec<Expr> = (0..2100).map(|i| Expr::param(int(i))).collect();
        let q = users().and_where(Expr::col("id").in_list(list));
        assert_eq!(
            q.render(MS),
            Err(RenderError::TooManyParameters {
                count: 2100,
                max: 2099,
                dialect: "SQL Server"
            })
        );
        assert_eq!(q.render(PG).unwrap().params.len(), 2100);
        let many: Vec<PrismaValue> = (0..40_000).map(int).collect();
        let q = users().and_where(Expr::col("id").any_of(many));
        assert_eq!(q.render(PG).unwrap().params.len(), 1);
        assert!(matches!(
            q.render(LITE),
            Err(RenderError::TooManyParameters { .. })
        ));
    }

    #[test]
    fn select_without_from() {
        let q = Select::default().column_as(Expr::param(int(1)), "one");
        assert_eq!(sql(q.clone(), PG), r#"SELECT $1 AS "one""#);
        assert_eq!(sql(q, MS), "SELECT @P1 AS [one]");
    }
}
