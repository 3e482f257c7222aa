//! The DMMF `mappings` section: which root field implements which operation of which model.
//!
//! Prisma records a mapping for every root field as it writes `Query` and `Mutation`, so models appear in
//! the order their first operation is written; within a model the operations are keyed alphabetically after
//! `model`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

/// Operation mappings collected while the root types are rendered.
#[derive(Debug, Default)]
pub(super) struct Mappings {
    models: Vec<(String, BTreeMap<&'static str, String>)>,
    write: Vec<String>,
}

impl Mappings {
    /// Records the root field `field` as the operation `action` of `model` (or a model-less raw operation).
    pub(super) fn add(&mut self, model: Option<String>, action: &'static str, field: String) {
        let Some(model) = model else {
            self.write.push(field);
            return;
        };
        match self.models.iter_mut().find(|(name, _)| *name == model) {
            Some((_, actions)) => {
                actions.insert(action, field);
            }
            None => self.models.push((model, BTreeMap::from([(action, field)]))),
        }
    }

    /// `{"modelOperations": [...], "otherOperations": {"read": [], "write": [...]}}`.
    pub(super) fn into_json(self) -> Value {
        let operations: Vec<Value> = self
            .models
            .into_iter()
            .map(|(model, actions)| {
                let mut out = Map::new();
                out.insert("model".into(), json!(model));
                for (action, field) in actions {
                    out.insert(action.to_owned(), json!(field));
                }
                Value::Object(out)
            })
            .collect();
        let mut other = Map::new();
        other.insert("read".into(), json!([]));
        other.insert("write".into(), json!(self.write));
        let mut out = Map::new();
        out.insert("modelOperations".into(), Value::Array(operations));
        out.insert("otherOperations".into(), Value::Object(other));
        Value::Object(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_are_sorted_after_the_model_and_models_keep_their_order() {
        let mut mappings = Mappings::default();
        mappings.add(Some("User".into()), "findMany", "findManyUser".into());
        mappings.add(Some("Post".into()), "aggregate", "aggregatePost".into());
        mappings.add(Some("User".into()), "aggregate", "aggregateUser".into());
        mappings.add(None, "executeRaw", "executeRaw".into());
        assert_eq!(
            serde_json::to_string(&mappings.into_json()).unwrap(),
            r#"{"modelOperations":[{"model":"User","aggregate":"aggregateUser","findMany":"findManyUser"},{"model":"Post","aggregate":"aggregatePost"}],"otherOperations":{"read":[],"write":["executeRaw"]}}"#
        );
    }
}
