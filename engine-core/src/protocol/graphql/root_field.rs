//! Root field names (`findManyUser`) resolved into a model and an action, without a datamodel.
//!
//! Prisma names root fields `<action><Model>` with a few exceptions (`findUnique<M>OrThrow`,
//! `createMany<M>AndReturn`, `find<M>Raw`, `aggregate<M>Raw`, and the model-free raw operations). A few names
//! are ambiguous without the datamodel (`aggregateLogRaw` is `aggregateRaw` on `Log` or `aggregate` on
//! `LogRaw`); [`candidates`] lists every reading, most specific affix first, and [`resolve`] takes the first.
//! That reading is provisional: validation looks the name up in the query schema's root type, which knows
//! the models, and uses the operation it finds there.

use crate::protocol::action::{Action, RootKind};

/// Every `(model, action)` whose schema field name is `field`, most specific reading first.
pub fn candidates(field: &str) -> Vec<(Option<String>, Action)> {
    if let Some(action) = Action::ALL
        .into_iter()
        .filter(|action| action.is_model_free())
        .find(|action| action.as_str() == field)
    {
        return vec![(None, action)];
    }
    let mut found: Vec<(usize, Option<String>, Action)> = Action::ALL
        .into_iter()
        .filter(|action| !action.is_model_free())
        .filter_map(|action| {
            let (prefix, suffix) = action.field_affixes();
            let model = field.strip_prefix(prefix)?.strip_suffix(suffix)?;
            let starts_like_a_model = model.chars().next()?.is_ascii_alphabetic();
            starts_like_a_model
                .then(|| (prefix.len() + suffix.len(), Some(model.to_owned()), action))
        })
        .collect();
    found.sort_by_key(|candidate| std::cmp::Reverse(candidate.0));
    found
        .into_iter()
        .map(|(_, model, action)| (model, action))
        .collect()
}

/// The preferred reading of `field`, or `None` if no action produces such a name.
pub fn resolve(field: &str) -> Option<(Option<String>, Action)> {
    candidates(field).into_iter().next()
}

/// The reading given to a root field whose name is no action of its root type: no model, and an action of
/// that root. Validation looks the name up in the root type first and rejects it, so this reading only keeps
/// the operation well-formed until then.
pub fn unresolved_reading(root: RootKind) -> (Option<String>, Action) {
    match root {
        RootKind::Query => (None, Action::FindMany),
        RootKind::Mutation => (None, Action::CreateOne),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(name: &str) -> Option<String> {
        Some(name.to_owned())
    }

    #[test]
    fn every_action_round_trips_through_its_field_name() {
        for action in Action::ALL {
            let owner = (!action.is_model_free()).then(|| "Post".to_owned());
            let field = action.schema_field_name(owner.as_deref());
            assert_eq!(resolve(&field), Some((owner, action)), "{field}");
        }
    }

    #[test]
    fn suffixed_readings_come_first_but_plain_ones_are_listed() {
        assert_eq!(
            candidates("findUniqueUserOrThrow"),
            vec![
                (model("User"), Action::FindUniqueOrThrow),
                (model("UserOrThrow"), Action::FindUnique),
            ]
        );
        assert_eq!(
            candidates("aggregateLogRaw"),
            vec![
                (model("Log"), Action::AggregateRaw),
                (model("LogRaw"), Action::Aggregate),
            ]
        );
        assert_eq!(
            resolve("findManyUser"),
            Some((model("User"), Action::FindMany))
        );
        assert_eq!(
            resolve("groupBypost"),
            Some((model("post"), Action::GroupBy))
        );
    }

    #[test]
    fn names_of_no_action_do_not_resolve() {
        for field in [
            "findAllItems",
            "findMany",
            "deleteOne",
            "count",
            "",
            "queryRawX",
        ] {
            assert_eq!(resolve(field), None, "{field}");
        }
    }
}
