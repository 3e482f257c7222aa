//! Turning the AST into `(sql, params)` for one dialect.
//!
//! The renderer is the only place that writes SQL text. It writes keywords it owns, identifiers through the
//! dialect's quoting and values only as placeholders, so nothing a user typed can change a statement's shape.

mod expr;
mod select;
mod write;

use super::ast::{Delete, Insert, Merge, Select, Table, Update};
use super::dialect::Dialect;
use super::error::RenderError;
use crate::value::PrismaValue;

/// A rendered statement: the SQL text and the values for its placeholders, in placeholder order.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub sql: String,
    pub params: Vec<PrismaValue>,
}

/// Any statement, so callers can pass plans around without caring which kind they hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Query {
    Select(Select),
    Insert(Insert),
    Update(Update),
    Delete(Delete),
    Merge(Merge),
}

impl Query {
    pub fn render(&self, dialect: &dyn Dialect) -> Result<Rendered, RenderError> {
        match self {
            Query::Select(s) => s.render(dialect),
            Query::Insert(i) => i.render(dialect),
            Query::Update(u) => u.render(dialect),
            Query::Delete(d) => d.render(dialect),
            Query::Merge(m) => m.render(dialect),
        }
    }
}

macro_rules! statement_impls {
    ($ty:ident, $method:ident) => {
        impl From<$ty> for Query {
            fn from(statement: $ty) -> Query {
                Query::$ty(statement)
            }
        }

        impl $ty {
            /// Renders for `dialect`, failing on constructs the dialect cannot express faithfully and on
            /// statements that exceed its bind-parameter limit.
            pub fn render(&self, dialect: &dyn Dialect) -> Result<Rendered, RenderError> {
                let mut r = Renderer::new(dialect);
                r.$method(self)?;
                r.finish()
            }
        }
    };
}

statement_impls!(Select, select);
statement_impls!(Insert, insert);
statement_impls!(Update, update);
statement_impls!(Delete, delete);
statement_impls!(Merge, merge);

/// Free-function form of [`Query::render`].
pub fn render(dialect: &dyn Dialect, query: &Query) -> Result<Rendered, RenderError> {
    query.render(dialect)
}

type Result<T = (), E = RenderError> = std::result::Result<T, E>;

pub(crate) struct Renderer<'d> {
    dialect: &'d dyn Dialect,
    sql: String,
    params: Vec<PrismaValue>,
}

impl<'d> Renderer<'d> {
    fn new(dialect: &'d dyn Dialect) -> Self {
        Renderer {
            dialect,
            sql: String::with_capacity(128),
            params: Vec::new(),
        }
    }

    fn finish(self) -> Result<Rendered> {
        let max = self.dialect.max_bind_values();
        if self.params.len() > max {
            return Err(RenderError::TooManyParameters {
                count: self.params.len(),
                max,
                dialect: self.dialect.name(),
            });
        }
        Ok(Rendered {
            sql: self.sql,
            params: self.params,
        })
    }

    fn push(&mut self, text: &str) {
        self.sql.push_str(text);
    }

    fn unsupported(&self, feature: &'static str) -> RenderError {
        RenderError::Unsupported {
            feature,
            dialect: self.dialect.name(),
        }
    }

    fn ident(&mut self, name: &str) -> Result {
        if name.is_empty() || name.contains('\0') {
            return Err(RenderError::InvalidIdentifier(name.to_owned()));
        }
        self.dialect.quote_identifier(name, &mut self.sql);
        Ok(())
    }

    fn ident_list(&mut self, names: &[String]) -> Result {
        self.comma_separated(names, |r, name| r.ident(name))
    }

    fn param(&mut self, value: PrismaValue) {
        self.params.push(value);
        self.dialect.placeholder(self.params.len(), &mut self.sql);
    }

    fn table(&mut self, table: &Table) -> Result {
        self.table_name(table)?;
        if let Some(alias) = &table.alias {
            self.push(" AS ");
            self.ident(alias)?;
        }
        Ok(())
    }

    fn table_name(&mut self, table: &Table) -> Result {
        if let Some(schema) = &table.schema {
            self.ident(schema)?;
            self.push(".");
        }
        self.ident(&table.name)
    }

    fn comma_separated<T>(
        &mut self,
        items: &[T],
        mut each: impl FnMut(&mut Self, &T) -> Result,
    ) -> Result {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.push(", ");
            }
            each(self, item)?;
        }
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;
    use crate::sql::dialect::{Mssql, Mysql, Postgres, Sqlite};

    pub const PG: &dyn Dialect = &Postgres;
    pub const LITE: &dyn Dialect = &Sqlite;
    pub const MY: &dyn Dialect = &Mysql;
    pub const MS: &dyn Dialect = &Mssql;

    pub fn int(i: i64) -> PrismaValue {
        PrismaValue::Int(i)
    }

    pub fn text(s: &str) -> PrismaValue {
        PrismaValue::String(s.to_owned())
    }

    pub fn sql(query: impl Into<Query>, dialect: &dyn Dialect) -> String {
        query.into().render(dialect).expect("renders").sql
    }

    pub fn rendered(query: impl Into<Query>, dialect: &dyn Dialect) -> (String, Vec<PrismaValue>) {
        let r = query.into().render(dialect).expect("renders");
        (r.sql, r.params)
    }
}
