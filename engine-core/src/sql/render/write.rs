//! Rendering of writes: `INSERT` (with upserts), `UPDATE`, `DELETE` and SQL Server's `MERGE`.
//!
//! Write targets are rendered without aliases because SQL Server and MySQL do not accept them everywhere;
//! qualify columns with the table name instead. A `MERGE` is the exception: it needs both sides named.

use super::{Renderer, Result};
use crate::sql::ast::{
    Assignment, ConflictAction, Delete, Insert, Merge, OnConflict, Table, Update,
};
use crate::sql::dialect::{DefaultValuesForm, ReturningStyle, UpsertStyle};
use crate::sql::error::RenderError;

/// Which pseudo-table SQL Server's `OUTPUT` reads from.
#[derive(Clone, Copy)]
enum Pseudo {
    Inserted,
    Deleted,
}

impl Renderer<'_> {
    pub(super) fn insert(&mut self, insert: &Insert) -> Result {
        self.check_write_target(&insert.table)?;
        let defaults_only = insert.columns.is_empty();
        if defaults_only && (insert.rows.len() > 1 || insert.rows.iter().any(|row| !row.is_empty()))
        {
            return Err(RenderError::InvalidStatement(
                "an INSERT without columns inserts exactly one row of defaults",
            ));
        }
        if !defaults_only && insert.rows.is_empty() {
            return Err(RenderError::InvalidStatement(
                "an INSERT with columns needs at least one row",
            ));
        }
        if insert
            .rows
            .iter()
            .any(|row| row.len() != insert.columns.len())
        {
            return Err(RenderError::InvalidStatement(
                "every INSERT row needs one value per column",
            ));
        }
        let upsert = self.dialect.upsert_style();
        if insert.on_conflict.is_some() && upsert == UpsertStyle::Merge {
            return Err(self.unsupported("ON CONFLICT (use MERGE)"));
        }
        let ignore = upsert == UpsertStyle::OnDuplicateKey
            && matches!(&insert.on_conflict, Some(c) if c.action == ConflictAction::DoNothing);

        self.push(if ignore {
            "INSERT IGNORE INTO "
        } else {
            "INSERT INTO "
        });
        self.table_name(&insert.table)?;
        if defaults_only {
            match self.dialect.default_values_form() {
                DefaultValuesForm::DefaultValues => {
                    self.output(&insert.returning, Pseudo::Inserted)?;
                    self.push(" DEFAULT VALUES");
                }
                DefaultValuesForm::EmptyValues => {
                    self.output(&insert.returning, Pseudo::Inserted)?;
                    self.push(" () VALUES ()");
                }
            }
        } else {
            self.push(" (");
            self.ident_list(&insert.columns)?;
            self.push(")");
            self.output(&insert.returning, Pseudo::Inserted)?;
            self.push(" VALUES ");
            self.comma_separated(&insert.rows, |r, row| {
                r.push("(");
                r.comma_separated(row, |r, value| r.expr(value))?;
                r.push(")");
                Ok(())
            })?;
        }
        if let Some(conflict) = &insert.on_conflict {
            self.on_conflict(conflict, upsert)?;
        }
        self.returning(&insert.returning)
    }

    fn on_conflict(&mut self, conflict: &OnConflict, upsert: UpsertStyle) -> Result {
        match (upsert, &conflict.action) {
            (UpsertStyle::OnDuplicateKey, ConflictAction::DoNothing) => Ok(()),
            (UpsertStyle::OnDuplicateKey, ConflictAction::DoUpdate(set)) => {
                self.push(" ON DUPLICATE KEY UPDATE ");
                self.assignments(set)
            }
            (_, ConflictAction::DoNothing) => {
                self.push(" ON CONFLICT");
                if !conflict.target.is_empty() {
                    self.conflict_target(&conflict.target)?;
                }
                self.push(" DO NOTHING");
                Ok(())
            }
            (_, ConflictAction::DoUpdate(set)) => {
                if conflict.target.is_empty() {
                    return Err(RenderError::InvalidStatement(
                        "ON CONFLICT DO UPDATE needs a conflict target",
                    ));
                }
                self.push(" ON CONFLICT");
                self.conflict_target(&conflict.target)?;
                self.push(" DO UPDATE SET ");
                self.assignments(set)
            }
        }
    }

    fn conflict_target(&mut self, target: &[String]) -> Result {
        self.push(" (");
        self.ident_list(target)?;
        self.push(")");
        Ok(())
    }

    pub(super) fn update(&mut self, update: &Update) -> Result {
        self.check_write_target(&update.table)?;
        self.push("UPDATE ");
        self.table_name(&update.table)?;
        self.push(" SET ");
        self.assignments(&update.set)?;
        self.output(&update.returning, Pseudo::Inserted)?;
        if let Some(condition) = &update.where_clause {
            self.push(" WHERE ");
            self.expr(condition)?;
        }
        self.returning(&update.returning)
    }

    pub(super) fn delete(&mut self, delete: &Delete) -> Result {
        self.check_write_target(&delete.table)?;
        self.push("DELETE FROM ");
        self.table_name(&delete.table)?;
        self.output(&delete.returning, Pseudo::Deleted)?;
        if let Some(condition) = &delete.where_clause {
            self.push(" WHERE ");
            self.expr(condition)?;
        }
        self.returning(&delete.returning)
    }

    pub(super) fn merge(&mut self, merge: &Merge) -> Result {
        if !self.dialect.supports_merge() {
            return Err(self.unsupported("MERGE"));
        }
        let Some(target_alias) = &merge.table.alias else {
            return Err(RenderError::InvalidStatement(
                "MERGE needs an alias on the target table",
            ));
        };
        if merge.source.is_empty() {
            return Err(RenderError::InvalidStatement(
                "MERGE needs at least one source column",
            ));
        }
        if merge.when_matched_update.is_empty() && merge.when_not_matched_insert.is_empty() {
            return Err(RenderError::InvalidStatement(
                "MERGE needs a WHEN MATCHED or WHEN NOT MATCHED clause",
            ));
        }
        self.push("MERGE INTO ");
        self.table_name(&merge.table)?;
        // HOLDLOCK keeps the match and the insert atomic, otherwise two concurrent upserts can both insert.
        self.push(" WITH (HOLDLOCK) AS ");
        self.ident(target_alias)?;
        self.push(" USING (SELECT ");
        self.comma_separated(&merge.source, |r, a| {
            r.expr(&a.value)?;
            r.push(" AS ");
            r.ident(&a.column)
        })?;
        self.push(") AS ");
        self.ident(&merge.source_alias)?;
        self.push(" ON ");
        self.expr(&merge.on)?;
        if !merge.when_matched_update.is_empty() {
            self.push(" WHEN MATCHED THEN UPDATE SET ");
            self.assignments(&merge.when_matched_update)?;
        }
        if !merge.when_not_matched_insert.is_empty() {
            self.push(" WHEN NOT MATCHED THEN INSERT (");
            self.comma_separated(&merge.when_not_matched_insert, |r, a| r.ident(&a.column))?;
            self.push(") VALUES (");
            self.comma_separated(&merge.when_not_matched_insert, |r, a| r.expr(&a.value))?;
            self.push(")");
        }
        self.output(&merge.returning, Pseudo::Inserted)?;
        // SQL Server requires MERGE to be terminated.
        self.push(";");
        Ok(())
    }

    fn check_write_target(&self, table: &Table) -> Result {
        if table.alias.is_some() {
            return Err(RenderError::InvalidStatement(
                "INSERT, UPDATE and DELETE targets cannot be aliased portably",
            ));
        }
        Ok(())
    }

    fn assignments(&mut self, set: &[Assignment]) -> Result {
        if set.is_empty() {
            return Err(RenderError::InvalidStatement(
                "a SET list needs at least one assignment",
            ));
        }
        self.comma_separated(set, |r, a| {
            r.ident(&a.column)?;
            r.push(" = ");
            r.expr(&a.value)
        })
    }

    /// SQL Server's in-statement `OUTPUT`; a no-op on other dialects.
    fn output(&mut self, columns: &[String], pseudo: Pseudo) -> Result {
        if columns.is_empty() || self.dialect.returning_style() != ReturningStyle::Output {
            return Ok(());
        }
        let prefix = match pseudo {
            Pseudo::Inserted => "INSERTED.",
            Pseudo::Deleted => "DELETED.",
        };
        self.push(" OUTPUT ");
        self.comma_separated(columns, |r, column| {
            r.push(prefix);
            r.ident(column)
        })
    }

    /// A trailing `RETURNING`; an error where the dialect has no way to return rows.
    fn returning(&mut self, columns: &[String]) -> Result {
        if columns.is_empty() {
            return Ok(());
        }
        match self.dialect.returning_style() {
            ReturningStyle::Returning => {
                self.push(" RETURNING ");
                self.ident_list(columns)
            }
            ReturningStyle::Output => Ok(()),
            ReturningStyle::Unsupported => Err(self.unsupported("RETURNING")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::sql::ast::{Assignment, ConflictAction, Delete, Insert, Merge, Table, Update};
    use crate::sql::error::RenderError;
    use crate::sql::expr::Expr;
    use crate::value::PrismaValue;

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    fn two_rows() -> Insert {
        Insert::into_table(Table::new("User"))
            .columns(cols(&["email", "name"]))
            .row(vec![Expr::param(text("a@x")), Expr::param(text("A"))])
            .row(vec![Expr::param(text("b@x")), Expr::Null])
    }

    #[test]
    fn multi_row_insert_per_dialect() {
        assert_eq!(
            rendered(two_rows(), PG),
            (
                r#"INSERT INTO "User" ("email", "name") VALUES ($1, $2), ($3, NULL)"#.to_owned(),
                vec![text("a@x"), text("A"), text("b@x")]
            )
        );
        assert_eq!(
            sql(two_rows(), LITE),
            r#"INSERT INTO "User" ("email", "name") VALUES (?, ?), (?, NULL)"#
        );
        assert_eq!(
            sql(two_rows(), MY),
            "INSERT INTO `User` (`email`, `name`) VALUES (?, ?), (?, NULL)"
        );
        assert_eq!(
            sql(two_rows(), MS),
            "INSERT INTO [User] ([email], [name]) VALUES (@P1, @P2), (@P3, NULL)"
        );
    }

    #[test]
    fn insert_returning_per_dialect() {
        let q = two_rows().returning(cols(&["id", "email"]));
        assert_eq!(
            sql(q.clone(), PG),
            r#"INSERT INTO "User" ("email", "name") VALUES ($1, $2), ($3, NULL) RETURNING "id", "email""#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"INSERT INTO "User" ("email", "name") VALUES (?, ?), (?, NULL) RETURNING "id", "email""#
        );
        assert_eq!(
            sql(q.clone(), MS),
            "INSERT INTO [User] ([email], [name]) OUTPUT INSERTED.[id], INSERTED.[email] VALUES (@P1, @P2), (@P3, NULL)"
        );
        assert_eq!(
            q.render(MY),
            Err(RenderError::Unsupported {
                feature: "RETURNING",
                dialect: "MySQL"
            })
        );
    }

    #[test]
    fn default_values_per_dialect() {
        let q = Insert::into_table(Table::new("Counter")).returning(cols(&["id"]));
        assert_eq!(
            sql(q.clone(), PG),
            r#"INSERT INTO "Counter" DEFAULT VALUES RETURNING "id""#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"INSERT INTO "Counter" DEFAULT VALUES RETURNING "id""#
        );
        assert_eq!(
            sql(q, MS),
            "INSERT INTO [Counter] OUTPUT INSERTED.[id] DEFAULT VALUES"
        );
        assert_eq!(
            sql(Insert::into_table(Table::new("Counter")), MY),
            "INSERT INTO `Counter` () VALUES ()"
        );
    }

    #[test]
    fn malformed_inserts_are_rejected() {
        let ragged = Insert::into_table(Table::new("T"))
            .columns(cols(&["a", "b"]))
            .row(vec![Expr::param(int(1))]);
        assert!(matches!(
            ragged.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
        let no_rows = Insert::into_table(Table::new("T")).columns(cols(&["a"]));
        assert!(matches!(
            no_rows.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
        let aliased = Insert::into_table(Table::new("T").alias("t"));
        assert!(matches!(
            aliased.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
    }

    #[test]
    fn on_conflict_do_nothing_and_insert_ignore() {
        let q = two_rows().on_conflict(cols(&["email"]), ConflictAction::DoNothing);
        assert_eq!(
            sql(q.clone(), PG),
            r#"INSERT INTO "User" ("email", "name") VALUES ($1, $2), ($3, NULL) ON CONFLICT ("email") DO NOTHING"#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"INSERT INTO "User" ("email", "name") VALUES (?, ?), (?, NULL) ON CONFLICT ("email") DO NOTHING"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "INSERT IGNORE INTO `User` (`email`, `name`) VALUES (?, ?), (?, NULL)"
        );
        assert_eq!(
            q.render(MS),
            Err(RenderError::Unsupported {
                feature: "ON CONFLICT (use MERGE)",
                dialect: "SQL Server"
            })
        );
        let untargeted = two_rows().on_conflict(vec![], ConflictAction::DoNothing);
        assert!(sql(untargeted, PG).ends_with(" ON CONFLICT DO NOTHING"));
    }

    #[test]
    fn on_conflict_do_update_per_dialect() {
        let q = Insert::into_table(Table::new("User"))
            .columns(cols(&["email", "visits"]))
            .row(vec![Expr::param(text("a@x")), Expr::param(int(1))])
            .on_conflict(
                cols(&["email"]),
                ConflictAction::DoUpdate(vec![Assignment::new(
                    "visits",
                    Expr::qcol("User", "visits") + Expr::Excluded("visits".to_owned()),
                )]),
            )
            .returning(cols(&["id"]));
        assert_eq!(
            sql(q.clone(), PG),
            r#"INSERT INTO "User" ("email", "visits") VALUES ($1, $2) ON CONFLICT ("email") DO UPDATE SET "visits" = "User"."visits" + EXCLUDED."visits" RETURNING "id""#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"INSERT INTO "User" ("email", "visits") VALUES (?, ?) ON CONFLICT ("email") DO UPDATE SET "visits" = "User"."visits" + EXCLUDED."visits" RETURNING "id""#
        );
        let mut my = q.clone();
        my.returning.clear();
        assert_eq!(
            sql(my, MY),
            "INSERT INTO `User` (`email`, `visits`) VALUES (?, ?) ON DUPLICATE KEY UPDATE `visits` = `User`.`visits` + VALUES(`visits`)"
        );
        let mut untargeted = q;
        untargeted.on_conflict.as_mut().unwrap().target.clear();
        assert!(matches!(
            untargeted.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
    }

    #[test]
    fn atomic_update_per_dialect() {
        let q = Update::table(Table::new("Account"))
            .set("balance", Expr::col("balance") + Expr::param(int(5)))
            .set("note", Expr::param(text("hi")))
            .where_clause(Expr::col("id").equals(Expr::param(int(1))))
            .returning(cols(&["balance"]));
        assert_eq!(
            rendered(q.clone(), PG),
            (
                r#"UPDATE "Account" SET "balance" = "balance" + $1, "note" = $2 WHERE "id" = $3 RETURNING "balance""#
                    .to_owned(),
                vec![int(5), text("hi"), int(1)]
            )
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"UPDATE "Account" SET "balance" = "balance" + ?, "note" = ? WHERE "id" = ? RETURNING "balance""#
        );
        assert_eq!(
            sql(q.clone(), MS),
            "UPDATE [Account] SET [balance] = [balance] + @P1, [note] = @P2 OUTPUT INSERTED.[balance] WHERE [id] = @P3"
        );
        let mut my = q;
        my.returning.clear();
        assert_eq!(
            sql(my, MY),
            "UPDATE `Account` SET `balance` = `balance` + ?, `note` = ? WHERE `id` = ?"
        );
        let empty = Update::table(Table::new("Account"));
        assert!(matches!(
            empty.render(PG),
            Err(RenderError::InvalidStatement(_))
        ));
    }

    #[test]
    fn delete_per_dialect() {
        let q = Delete::from_table(Table::new("Session").in_schema("auth"))
            .where_clause(Expr::col("expires").less_than(Expr::param(int(100))))
            .returning(cols(&["id"]));
        assert_eq!(
            sql(q.clone(), PG),
            r#"DELETE FROM "auth"."Session" WHERE "expires" < $1 RETURNING "id""#
        );
        assert_eq!(
            sql(q.clone(), LITE),
            r#"DELETE FROM "auth"."Session" WHERE "expires" < ? RETURNING "id""#
        );
        assert_eq!(
            sql(q.clone(), MS),
            "DELETE FROM [auth].[Session] OUTPUT DELETED.[id] WHERE [expires] < @P1"
        );
        assert!(matches!(q.render(MY), Err(RenderError::Unsupported { .. })));
        assert_eq!(
            sql(Delete::from_table(Table::new("Session")), MY),
            "DELETE FROM `Session`"
        );
    }

    fn upsert_merge() -> Merge {
        Merge {
            table: Table::new("User").alias("t"),
            source: vec![
                Assignment::new("email", Expr::param(text("a@x"))),
                Assignment::new("name", Expr::param(text("A"))),
            ],
            source_alias: "s".to_owned(),
            on: Expr::qcol("t", "email").equals(Expr::qcol("s", "email")),
            when_matched_update: vec![Assignment::new("name", Expr::param(text("B")))],
            when_not_matched_insert: vec![
                Assignment::new("email", Expr::qcol("s", "email")),
                Assignment::new("name", Expr::qcol("s", "name")),
            ],
            returning: cols(&["id"]),
        }
    }

    #[test]
    fn merge_upsert_on_mssql() {
        assert_eq!(
            rendered(upsert_merge(), MS),
            (
                "MERGE INTO [User] WITH (HOLDLOCK) AS [t] USING (SELECT @P1 AS [email], @P2 AS [name]) AS [s] ON [t].[email] = [s].[email] WHEN MATCHED THEN UPDATE SET [name] = @P3 WHEN NOT MATCHED THEN INSERT ([email], [name]) VALUES ([s].[email], [s].[name]) OUTPUT INSERTED.[id];"
                    .to_owned(),
                vec![text("a@x"), text("A"), text("B")]
            )
        );
        let mut insert_only = upsert_merge();
        insert_only.when_matched_update.clear();
        insert_only.returning.clear();
        assert_eq!(
            sql(insert_only, MS),
            "MERGE INTO [User] WITH (HOLDLOCK) AS [t] USING (SELECT @P1 AS [email], @P2 AS [name]) AS [s] ON [t].[email] = [s].[email] WHEN NOT MATCHED THEN INSERT ([email], [name]) VALUES ([s].[email], [s].[name]);"
        );
    }

    #[test]
    fn merge_is_rejected_elsewhere_and_when_malformed() {
        for d in [PG, LITE, MY] {
            assert!(matches!(
                upsert_merge().render(d),
                Err(RenderError::Unsupported {
                    feature: "MERGE",
                    ..
                })
            ));
        }
        let mut no_alias = upsert_merge();
        no_alias.table.alias = None;
        assert!(matches!(
            no_alias.render(MS),
            Err(RenderError::InvalidStatement(_))
        ));
        let mut no_clause = upsert_merge();
        no_clause.when_matched_update.clear();
        no_clause.when_not_matched_insert.clear();
        assert!(matches!(
            no_clause.render(MS),
            Err(RenderError::InvalidStatement(_))
        ));
    }

    #[test]
    fn default_keyword_in_multi_row_values() {
        let q = Insert::into_table(Table::new("T"))
            .columns(cols(&["a", "b"]))
            .row(vec![Expr::param(int(1)), Expr::Default])
            .row(vec![Expr::Default, Expr::param(PrismaValue::Boolean(true))]);
        assert_eq!(
            sql(q.clone(), PG),
            r#"INSERT INTO "T" ("a", "b") VALUES ($1, DEFAULT), (DEFAULT, $2)"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "INSERT INTO `T` (`a`, `b`) VALUES (?, DEFAULT), (DEFAULT, ?)"
        );
        assert_eq!(
            sql(q.clone(), MS),
            "INSERT INTO [T] ([a], [b]) VALUES (@P1, DEFAULT), (DEFAULT, @P2)"
        );
        assert!(matches!(
            q.render(LITE),
            Err(RenderError::Unsupported { .. })
        ));
    }

    #[test]
    fn hostile_column_names_in_writes() {
        let q = Update::table(Table::new("t\"]`"))
            .set("c\"]`", Expr::param(int(1)))
            .where_clause(Expr::col("k").equals(Expr::param(int(2))));
        assert_eq!(
            sql(q.clone(), PG),
            r#"UPDATE "t""]`" SET "c""]`" = $1 WHERE "k" = $2"#
        );
        assert_eq!(
            sql(q.clone(), MY),
            "UPDATE `t\"]``` SET `c\"]``` = ? WHERE `k` = ?"
        );
        assert_eq!(
            sql(q, MS),
            "UPDATE [t\"]]`] SET [c\"]]`] = @P1 WHERE [k] = @P2"
        );
    }
}
