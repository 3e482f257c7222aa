//! Naming: from model and field ids to quoted-ready table and column names.

use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use crate::connector::{SqlDriver, TypeIdentifier};
use crate::sql::{Dialect, Table};

/// The datamodel and dialect a statement is built for.
#[derive(Clone, Copy)]
pub struct SqlContext<'a> {
    pub datamodel: &'a Datamodel,
    pub dialect: &'a dyn Dialect,
    /// The database schema tables live in (PostgreSQL `?schema=`), if the driver has one.
    pub schema: Option<&'a str>,
}

impl<'a> SqlContext<'a> {
    pub fn new(datamodel: &'a Datamodel, driver: &'a dyn SqlDriver) -> SqlContext<'a> {
        SqlContext {
            datamodel,
            dialect: driver.dialect(),
            schema: driver.schema_name(),
        }
    }

    /// The table of a model.
    pub fn table(&self, model: ModelId) -> Table {
        let table = Table::new(self.datamodel.model_db_name(model));
        match self.schema {
            Some(schema) => table.in_schema(schema),
            None => table,
        }
    }

    /// The column of a scalar field.
    pub fn column(&self, field: FieldId) -> &'a str {
        self.datamodel.field_db_name(field)
    }

    /// The decoding type of a scalar field's column.
    pub fn type_of(&self, field: FieldId) -> TypeIdentifier {
        super::read::type_identifier(self.datamodel, field)
    }
}
