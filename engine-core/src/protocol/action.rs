//! The operations a request can ask for, named as the JSON protocol names them (json-protocol.md §2).

use std::fmt;
use std::str::FromStr;

/// What an operation does. The JSON protocol sends it as the `action` string; the GraphQL protocol encodes it
/// in the root field name (`findManyUser`), which [`Action::schema_field_name`] reproduces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    FindUnique,
    FindUniqueOrThrow,
    FindFirst,
    FindFirstOrThrow,
    FindMany,
    Aggregate,
    GroupBy,
    CreateOne,
    CreateMany,
    CreateManyAndReturn,
    UpdateOne,
    UpdateMany,
    UpsertOne,
    DeleteOne,
    DeleteMany,
    /// Raw SQL returning an affected-row count.
    ExecuteRaw,
    /// Raw SQL returning rows.
    QueryRaw,
    /// A raw MongoDB command.
    RunCommandRaw,
    /// A raw MongoDB find on a model's collection.
    FindRaw,
    /// A raw MongoDB aggregation pipeline on a model's collection.
    AggregateRaw,
}

/// Which root type of the query schema an operation lives in; it decides whether the operation reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RootKind {
    Query,
    Mutation,
}

impl RootKind {
    /// The root type's name in the query schema, as messages print it (`Field 'x' not found in enclosing type
    /// 'Query'`).
    pub fn type_name(self) -> &'static str {
        match self {
            RootKind::Query => "Query",
            RootKind::Mutation => "Mutation",
        }
    }
}

impl Action {
    /// Every action, in the order of the specification's table.
    pub const ALL: [Action; 20] = [
        Action::FindUnique,
        Action::FindUniqueOrThrow,
        Action::FindFirst,
        Action::FindFirstOrThrow,
        Action::FindMany,
        Action::Aggregate,
        Action::GroupBy,
        Action::CreateOne,
        Action::CreateMany,
        Action::CreateManyAndReturn,
        Action::UpdateOne,
        Action::UpdateMany,
        Action::UpsertOne,
        Action::DeleteOne,
        Action::DeleteMany,
        Action::ExecuteRaw,
        Action::QueryRaw,
        Action::RunCommandRaw,
        Action::FindRaw,
        Action::AggregateRaw,
    ];

    /// The JSON-protocol spelling (`"findUniqueOrThrow"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::FindUnique => "findUnique",
            Action::FindUniqueOrThrow => "findUniqueOrThrow",
            Action::FindFirst => "findFirst",
            Action::FindFirstOrThrow => "findFirstOrThrow",
            Action::FindMany => "findMany",
            Action::Aggregate => "aggregate",
            Action::GroupBy => "groupBy",
            Action::CreateOne => "createOne",
            Action::CreateMany => "createMany",
            Action::CreateManyAndReturn => "createManyAndReturn",
            Action::UpdateOne => "updateOne",
            Action::UpdateMany => "updateMany",
            Action::UpsertOne => "upsertOne",
            Action::DeleteOne => "deleteOne",
            Action::DeleteMany => "deleteMany",
            Action::ExecuteRaw => "executeRaw",
            Action::QueryRaw => "queryRaw",
            Action::RunCommandRaw => "runCommandRaw",
            Action::FindRaw => "findRaw",
            Action::AggregateRaw => "aggregateRaw",
        }
    }

    /// The root type the operation's schema field belongs to.
    pub fn root_kind(self) -> RootKind {
        match self {
            Action::FindUnique
            | Action::FindUniqueOrThrow
            | Action::FindFirst
            | Action::FindFirstOrThrow
            | Action::FindMany
            | Action::Aggregate
            | Action::GroupBy
            | Action::FindRaw
            | Action::AggregateRaw => RootKind::Query,
            _ => RootKind::Mutation,
        }
    }

    /// True for the actions that are not tied to a model (`executeRaw`, `queryRaw`, `runCommandRaw`).
    pub fn is_model_free(self) -> bool {
        matches!(
            self,
            Action::ExecuteRaw | Action::QueryRaw | Action::RunCommandRaw
        )
    }

    /// True for raw SQL, whose `parameters` argument is decoded into bind values.
    pub fn is_raw_sql(self) -> bool {
        matches!(self, Action::ExecuteRaw | Action::QueryRaw)
    }

    /// The schema field the action resolves to for `model` (`findUnique` + `User` → `findUniqueUserOrThrow`
    /// for the throwing variant). Model-free actions ignore `model`. This is also the data key of the response.
    pub fn schema_field_name(self, model: Option<&str>) -> String {
        if self.is_model_free() {
            return self.as_str().to_owned();
        }
        let (prefix, suffix) = self.field_affixes();
        format!("{prefix}{}{suffix}", model.unwrap_or_default())
    }

    /// The text before and after the model name in the action's schema field name (`findUnique`, `OrThrow`):
    /// [`Action::schema_field_name`] joins them around a model, the GraphQL protocol strips them off a field.
    pub fn field_affixes(self) -> (&'static str, &'static str) {
        match self {
            Action::FindUniqueOrThrow => ("findUnique", "OrThrow"),
            Action::FindFirstOrThrow => ("findFirst", "OrThrow"),
            Action::CreateManyAndReturn => ("createMany", "AndReturn"),
            Action::FindRaw => ("find", "Raw"),
            Action::AggregateRaw => ("aggregate", "Raw"),
            other => (other.as_str(), ""),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An `action` string that names no known action.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown action `{0}`")]
pub struct UnknownAction(pub String);

impl FromStr for Action {
    type Err = UnknownAction;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Action::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
            .ok_or_else(|| UnknownAction(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_string() {
        for action in Action::ALL {
            assert_eq!(action.as_str().parse::<Action>(), Ok(action));
        }
    }

    #[test]
    fn unknown_action_strings_are_rejected_by_name() {
        let error = "findAll".parse::<Action>().unwrap_err();
        assert_eq!(error, UnknownAction("findAll".into()));
        assert_eq!(error.to_string(), "unknown action `findAll`");
        assert!(
            "FindMany".parse::<Action>().is_err(),
            "actions are case-sensitive"
        );
    }

    #[test]
    fn schema_field_names_follow_prisma_naming() {
        let user = Some("User");
        assert_eq!(Action::FindMany.schema_field_name(user), "findManyUser");
        assert_eq!(
            Action::FindUniqueOrThrow.schema_field_name(user),
            "findUniqueUserOrThrow"
        );
        assert_eq!(
            Action::FindFirstOrThrow.schema_field_name(user),
            "findFirstUserOrThrow"
        );
        assert_eq!(
            Action::CreateManyAndReturn.schema_field_name(user),
            "createManyUserAndReturn"
        );
        assert_eq!(Action::FindRaw.schema_field_name(user), "findUserRaw");
        assert_eq!(
            Action::AggregateRaw.schema_field_name(user),
            "aggregateUserRaw"
        );
        assert_eq!(Action::UpsertOne.schema_field_name(user), "upsertOneUser");
        assert_eq!(Action::QueryRaw.schema_field_name(None), "queryRaw");
        assert_eq!(Action::ExecuteRaw.schema_field_name(user), "executeRaw");
    }

    #[test]
    fn reads_live_in_the_query_root_and_writes_in_the_mutation_root() {
        assert_eq!(Action::GroupBy.root_kind(), RootKind::Query);
        assert_eq!(Action::FindRaw.root_kind(), RootKind::Query);
        assert_eq!(Action::QueryRaw.root_kind(), RootKind::Mutation);
        assert_eq!(Action::DeleteMany.root_kind(), RootKind::Mutation);
    }
}
