//! Statements of the SQL AST.
//!
//! Statements are owned, dialect-free data: the planner fills them in and any SQL connector renders them
//! with its own [`Dialect`](super::Dialect). Fields are public so callers can build statements either with the
//! small builder methods or directly.

use super::expr::Expr;

/// A table, optionally in a schema (or attached SQLite database) and optionally aliased.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub schema: Option<String>,
    pub name: String,
    pub alias: Option<String>,
}

impl Table {
    pub fn new(name: impl Into<String>) -> Table {
        Table {
            schema: None,
            name: name.into(),
            alias: None,
        }
    }

    pub fn in_schema(mut self, schema: impl Into<String>) -> Table {
        self.schema = Some(schema.into());
        self
    }

    pub fn alias(mut self, alias: impl Into<String>) -> Table {
        self.alias = Some(alias.into());
        self
    }
}

/// What a `FROM` or a join reads from.
#[derive(Debug, Clone, PartialEq)]
pub enum TableRef {
    Table(Table),
    /// A derived table; SQL requires derived tables to carry an alias.
    Subquery {
        query: Box<Select>,
        alias: String,
    },
}

impl From<Table> for TableRef {
    fn from(table: Table) -> TableRef {
        TableRef::Table(table)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    Inner,
    Left,
    /// `LEFT JOIN LATERAL` (`OUTER APPLY` on SQL Server), for per-parent subqueries.
    LeftLateral,
    /// `JOIN LATERAL` (`CROSS APPLY` on SQL Server).
    InnerLateral,
}

/// A join. Lateral joins usually have no condition: the subquery filters on the outer row itself, and an
/// absent `on` renders as `ON TRUE` where the syntax needs one.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    pub kind: JoinKind,
    pub table: TableRef,
    pub on: Option<Expr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Asc,
    Desc,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nulls {
    First,
    Last,
}

/// One ordering key. `nulls` is honoured on every dialect, natively or by an extra sort key.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub expr: Expr,
    pub order: Order,
    pub nulls: Option<Nulls>,
}

impl OrderBy {
    pub fn asc(expr: Expr) -> OrderBy {
        OrderBy {
            expr,
            order: Order::Asc,
            nulls: None,
        }
    }

    pub fn desc(expr: Expr) -> OrderBy {
        OrderBy {
            expr,
            order: Order::Desc,
            nulls: None,
        }
    }

    pub fn nulls(mut self, nulls: Nulls) -> OrderBy {
        self.nulls = Some(nulls);
        self
    }
}

/// One entry of a select list.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectItem {
    pub expr: Expr,
    pub alias: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Distinct {
    All,
    /// `DISTINCT ON (..)`, Postgres only; other dialects get an error rather than silently different rows.
    On(Vec<Expr>),
}

/// A common table expression (`WITH name (cols) AS (query)`).
#[derive(Debug, Clone, PartialEq)]
pub struct Cte {
    pub name: String,
    pub columns: Vec<String>,
    pub query: Select,
}

/// A `SELECT`. An empty column list selects `*`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Select {
    pub with: Vec<Cte>,
    pub distinct: Option<Distinct>,
    pub columns: Vec<SelectItem>,
    pub from: Option<TableRef>,
    pub joins: Vec<Join>,
    pub where_clause: Option<Expr>,
    pub group_by: Vec<Expr>,
    pub having: Option<Expr>,
    pub order_by: Vec<OrderBy>,
    pub limit: Option<u64>,
    pub offset: Option<u64>,
}

impl Select {
    pub fn from_table(table: impl Into<TableRef>) -> Select {
        Select {
            from: Some(table.into()),
            ..Select::default()
        }
    }

    pub fn from_subquery(query: Select, alias: impl Into<String>) -> Select {
        Select {
            from: Some(TableRef::Subquery {
                query: Box::new(query),
                alias: alias.into(),
            }),
            ..Select::default()
        }
    }

    pub fn column(mut self, expr: Expr) -> Select {
        self.columns.push(SelectItem { expr, alias: None });
        self
    }

    pub fn column_as(mut self, expr: Expr, alias: impl Into<String>) -> Select {
        self.columns.push(SelectItem {
            expr,
            alias: Some(alias.into()),
        });
        self
    }

    pub fn join(mut self, join: Join) -> Select {
        self.joins.push(join);
        self
    }

    /// Adds a condition, combining with any existing one by `AND`.
    pub fn and_where(mut self, condition: Expr) -> Select {
        self.where_clause = Some(match self.where_clause.take() {
            None => condition,
            Some(Expr::And(mut items)) => {
                items.push(condition);
                Expr::And(items)
            }
            Some(existing) => Expr::And(vec![existing, condition]),
        });
        self
    }

    pub fn group_by(mut self, expr: Expr) -> Select {
        self.group_by.push(expr);
        self
    }

    pub fn having(mut self, condition: Expr) -> Select {
        self.having = Some(condition);
        self
    }

    pub fn order_by(mut self, order: OrderBy) -> Select {
        self.order_by.push(order);
        self
    }

    pub fn limit(mut self, limit: u64) -> Select {
        self.limit = Some(limit);
        self
    }

    pub fn offset(mut self, offset: u64) -> Select {
        self.offset = Some(offset);
        self
    }

    pub fn distinct(mut self) -> Select {
        self.distinct = Some(Distinct::All);
        self
    }

    pub fn distinct_on(mut self, exprs: Vec<Expr>) -> Select {
        self.distinct = Some(Distinct::On(exprs));
        self
    }

    pub fn with(mut self, name: impl Into<String>, columns: Vec<String>, query: Select) -> Select {
        self.with.push(Cte {
            name: name.into(),
            columns,
            query,
        });
        self
    }
}

/// `column = value`, in `SET` lists, upsert updates and merge clauses.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    pub column: String,
    pub value: Expr,
}

impl Assignment {
    pub fn new(column: impl Into<String>, value: Expr) -> Assignment {
        Assignment {
            column: column.into(),
            value,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum ConflictAction {
    /// `ON CONFLICT DO NOTHING`; `INSERT IGNORE` on MySQL, which also swallows other row errors.
    DoNothing,
    /// `ON CONFLICT (target) DO UPDATE SET ..` / `ON DUPLICATE KEY UPDATE ..`. Use [`Expr::Excluded`] to
    /// refer to the value that was about to be inserted.
    DoUpdate(Vec<Assignment>),
}

/// Conflict handling of an insert. MySQL ignores `target`: it reacts to any unique key.
#[derive(Debug, Clone, PartialEq)]
pub struct OnConflict {
    pub target: Vec<String>,
    pub action: ConflictAction,
}

/// An `INSERT`. No columns means one row of defaults (`DEFAULT VALUES`).
#[derive(Debug, Clone, PartialEq)]
pub struct Insert {
    pub table: Table,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Expr>>,
    pub on_conflict: Option<OnConflict>,
    /// Columns to return (`RETURNING` / `OUTPUT INSERTED.`).
    pub returning: Vec<String>,
}

impl Insert {
    pub fn into_table(table: Table) -> Insert {
        Insert {
            table,
            columns: Vec::new(),
            rows: Vec::new(),
            on_conflict: None,
            returning: Vec::new(),
        }
    }

    pub fn columns(mut self, columns: Vec<String>) -> Insert {
        self.columns = columns;
        self
    }

    pub fn row(mut self, values: Vec<Expr>) -> Insert {
        self.rows.push(values);
        self
    }

    pub fn on_conflict(mut self, target: Vec<String>, action: ConflictAction) -> Insert {
        self.on_conflict = Some(OnConflict { target, action });
        self
    }

    pub fn returning(mut self, columns: Vec<String>) -> Insert {
        self.returning = columns;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Update {
    pub table: Table,
    pub set: Vec<Assignment>,
    pub where_clause: Option<Expr>,
    pub returning: Vec<String>,
}

impl Update {
    pub fn table(table: Table) -> Update {
        Update {
            table,
            set: Vec::new(),
            where_clause: None,
            returning: Vec::new(),
        }
    }

    pub fn set(mut self, column: impl Into<String>, value: Expr) -> Update {
        self.set.push(Assignment::new(column, value));
        self
    }

    pub fn where_clause(mut self, condition: Expr) -> Update {
        self.where_clause = Some(condition);
        self
    }

    pub fn returning(mut self, columns: Vec<String>) -> Update {
        self.returning = columns;
        self
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Delete {
    pub table: Table,
    pub where_clause: Option<Expr>,
    pub returning: Vec<String>,
}

impl Delete {
    pub fn from_table(table: Table) -> Delete {
        Delete {
            table,
            where_clause: None,
            returning: Vec::new(),
        }
    }

    pub fn where_clause(mut self, condition: Expr) -> Delete {
        self.where_clause = Some(condition);
        self
    }

    pub fn returning(mut self, columns: Vec<String>) -> Delete {
        self.returning = columns;
        self
    }
}

/// SQL Server's upsert: `MERGE INTO target USING (SELECT .. AS col) AS source ON .. WHEN MATCHED ..`.
/// The target is aliased by `table.alias` (required) so `on` and the clauses can name both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    pub table: Table,
    /// The single source row: each assignment becomes `value AS column` in the `USING` select.
    pub source: Vec<Assignment>,
    pub source_alias: String,
    pub on: Expr,
    /// `WHEN MATCHED THEN UPDATE SET ..`; empty leaves matched rows alone.
    pub when_matched_update: Vec<Assignment>,
    /// `WHEN NOT MATCHED THEN INSERT (..) VALUES (..)`; empty inserts nothing.
    pub when_not_matched_insert: Vec<Assignment>,
    pub returning: Vec<String>,
}
