//! The schema-and-lookups fixture shared by this module's statement-snapshot tests, so each test file
//! only states its schema.

use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use super::SqlContext;
use crate::sql::Dialect;

/// A validated datamodel with lookups by name and a [`SqlContext`] per dialect.
pub(super) struct Fixture {
    dm: Datamodel,
}

impl Fixture {
    /// Validates `schema`, failing the test with its diagnostics when it is invalid.
    pub(super) fn new(schema: &str) -> Fixture {
        let validated = schema_core::validate(schema);
        assert!(validated.is_valid(), "{:?}", validated.diagnostics);
        Fixture {
            dm: validated.datamodel,
        }
    }

    pub(super) fn ctx<'a>(&'a self, dialect: &'a dyn Dialect) -> SqlContext<'a> {
        SqlContext {
            datamodel: &self.dm,
            dialect,
            schema: None,
        }
    }

    pub(super) fn model(&self, name: &str) -> ModelId {
        self.dm.find_model(name).expect("model")
    }

    pub(super) fn field(&self, model: &str, name: &str) -> FieldId {
        self.dm.find_field(self.model(model), name).expect("field")
    }
}
