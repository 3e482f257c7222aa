//! The state shared by the validation phases: the tree, the datamodel being built (kept parallel to the tree
//! so each id maps back to the node it came from), and the diagnostics.

use super::config_blocks::ConfigResult;
use crate::ast;
use crate::capabilities::Capabilities;
use crate::config::RelationMode;
use crate::datamodel::{CompositeTypeId, Datamodel, EnumId, FieldId, ModelId};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::span::Span;
use std::collections::HashMap;

/// What a top-level name refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TopRef {
    Model(ModelId),
    Enum(EnumId),
    Composite(CompositeTypeId),
}

pub(crate) struct Ctx<'a> {
    pub diags: Diagnostics,
    pub dm: Datamodel,
    pub config: &'a ConfigResult,
    /// Models and views in schema order; `ModelId(i)` is `models[i]`.
    pub models: Vec<&'a ast::Model>,
    /// Each model's fields in schema order; `FieldId { model, index }` is `model_fields[model][index]`.
    pub model_fields: Vec<Vec<&'a ast::Field>>,
    pub composites: Vec<&'a ast::Model>,
    pub composite_fields: Vec<Vec<&'a ast::Field>>,
    pub enums: Vec<&'a ast::Enum>,
    /// The first definition of each top-level name.
    pub tops: HashMap<&'a str, TopRef>,
    /// Where each `@@schema("...")` argument was written, for the multi-schema checks.
    pub schema_spans: Vec<(TopRef, Span)>,
    /// For each `@relation` read: the field, and whether `fields:` and `references:` were written.
    pub relation_args: Vec<(FieldId, bool, bool)>,
    /// Relation fields for which no opposite field was found.
    pub unpaired: Vec<FieldId>,
}

impl<'a> Ctx<'a> {
    pub fn new(ast: &'a ast::SchemaAst, diags: Diagnostics, config: &'a ConfigResult) -> Self {
        let mut ctx = Ctx {
            diags,
            dm: Datamodel::default(),
            config,
            models: Vec::new(),
            model_fields: Vec::new(),
            composites: Vec::new(),
            composite_fields: Vec::new(),
            enums: Vec::new(),
            tops: HashMap::new(),
            schema_spans: Vec::new(),
            relation_args: Vec::new(),
            unpaired: Vec::new(),
        };
        for top in &ast.tops {
            match top {
                ast::Top::Model(m) if m.kind == ast::ModelKind::CompositeType => {
                    ctx.composites.push(m);
                    ctx.composite_fields.push(m.fields().collect());
                }
                ast::Top::Model(m) => {
                    ctx.models.push(m);
                    ctx.model_fields.push(m.fields().collect());
                }
                ast::Top::Enum(e) => ctx.enums.push(e),
                _ => {}
            }
        }
        ctx
    }

    pub fn finish(mut self) -> (Datamodel, Diagnostics) {
        self.dm.datasource = self.config.datasource.clone();
        self.dm.generators = self.config.generators.clone();
        (self.dm, self.diags)
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    pub fn ast_field(&self, id: FieldId) -> &'a ast::Field {
        self.model_fields[id.model.0 as usize][id.index as usize]
    }

    pub fn ast_model(&self, id: ModelId) -> &'a ast::Model {
        self.models[id.0 as usize]
    }

    /// The model's keyword for messages (`model` or `view`).
    pub fn container(&self, id: ModelId) -> &'static str {
        self.ast_model(id).kind.keyword()
    }

    pub fn capabilities(&self) -> Option<&'static Capabilities> {
        self.config
            .datasource
            .as_ref()
            .map(|d| Capabilities::for_provider(d.provider))
    }

    pub fn relation_mode(&self) -> RelationMode {
        self.config.relation_mode()
    }

    pub fn has_preview(&self, name: &str) -> bool {
        self.config.has_preview(name)
    }
}
