//! The query document: what a request asks for, independent of the protocol it arrived in.
//!
//! Both protocol decoders produce these types, and everything after them (validation against the schema,
//! planning, execution) reads only these. Values are kept as the client wrote them, with the generic types the
//! wire format implies (a JSON integer is an `Int` even where the schema wants a `Float`); coercion against the
//! schema happens in validation, which knows the expected types.

use crate::value::PrismaValue;

use super::action::{Action, RootKind};

/// A whole request: one operation, or a batch of them.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryDocument {
    Single(Operation),
    /// Several operations answered together. Without `transaction` each runs on its own; with it they run
    /// in order inside one database transaction and the first failure rolls everything back.
    Batch {
        operations: Vec<Operation>,
        transaction: Option<BatchTransaction>,
    },
}

/// The transaction settings of a transactional batch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BatchTransaction {
    /// The isolation level as the client spelled it (`"Serializable"`); checked against the connector later.
    pub isolation_level: Option<String>,
}

/// One operation: an action on a model, with its arguments and the shape of the result to return.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The model name as written in the schema; `None` for model-free actions (raw SQL, `runCommandRaw`).
    pub model: Option<String>,
    /// For a GraphQL operation this is only the decoder's reading of the root field name (see
    /// [`Operation::root_field`]); validation resolves the name against the query schema itself.
    pub action: Action,
    /// The response key chosen by the client. Only the GraphQL protocol has aliases; `None` means the schema
    /// field name is the key.
    pub alias: Option<String>,
    pub arguments: Arguments,
    pub selection: Selection,
    /// GraphQL only: the root field as the document named it, and the root type it was selected under.
    /// Prisma looks a GraphQL operation up by that name in the root type when it validates it, so an
    /// unknown name or a field of the other root type fails there, per operation, with P2009
    /// `UnknownSelectionField`; validation checks this before anything else. `None` for the JSON protocol,
    /// which names model and action directly.
    pub root_field: Option<RootField>,
}

/// A GraphQL root field: its name (`findManyUser`) and the root type it was selected under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootField {
    pub name: String,
    pub root: RootKind,
}

impl Operation {
    /// The schema field this operation resolves to (`findManyUser`).
    pub fn schema_field_name(&self) -> String {
        self.action.schema_field_name(self.model.as_deref())
    }

    /// The key of this operation's result in the response's `data` object.
    pub fn response_key(&self) -> String {
        self.alias
            .clone()
            .or_else(|| self.root_field.as_ref().map(|field| field.name.clone()))
            .unwrap_or_else(|| self.schema_field_name())
    }
}

/// Named argument values in the order the client sent them. Names are unique.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Arguments {
    entries: Vec<(String, ArgumentValue)>,
}

impl Arguments {
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of argument `name`, if given.
    pub fn get(&self, name: &str) -> Option<&ArgumentValue> {
        self.entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value)
    }

    /// Sets argument `name`, replacing an earlier value in place (so the order stays the client's).
    pub fn insert(&mut self, name: impl Into<String>, value: ArgumentValue) {
        let name = name.into();
        match self.entries.iter_mut().find(|(key, _)| *key == name) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((name, value)),
        }
    }

    /// Removes and returns argument `name`.
    pub fn remove(&mut self, name: &str) -> Option<ArgumentValue> {
        let position = self.entries.iter().position(|(key, _)| key == name)?;
        Some(self.entries.remove(position).1)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &ArgumentValue)> {
        self.entries
            .iter()
            .map(|(key, value)| (key.as_str(), value))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl FromIterator<(String, ArgumentValue)> for Arguments {
    fn from_iter<I: IntoIterator<Item = (String, ArgumentValue)>>(iter: I) -> Self {
        let mut arguments = Arguments::new();
        for (name, value) in iter {
            arguments.insert(name, value);
        }
        arguments
    }
}

impl IntoIterator for Arguments {
    type Item = (String, ArgumentValue);
    type IntoIter = std::vec::IntoIter<(String, ArgumentValue)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// One argument value as the client sent it.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgumentValue {
    /// A scalar: plain JSON scalars, or a value whose type the wire format made explicit (a tagged DateTime).
    Scalar(PrismaValue),
    /// An input object, keys in the client's order.
    Object(Vec<(String, ArgumentValue)>),
    List(Vec<ArgumentValue>),
    /// A reference to another column of `container`, for comparing two fields of a row.
    FieldRef {
        field: String,
        container: String,
    },
    /// Raw JSON handed through untouched (MongoDB filters and pipelines).
    Raw(serde_json::Value),
}

impl ArgumentValue {
    /// Shorthand for a string scalar.
    pub fn string(text: impl Into<String>) -> Self {
        ArgumentValue::Scalar(PrismaValue::String(text.into()))
    }

    pub fn null() -> Self {
        ArgumentValue::Scalar(PrismaValue::Null)
    }

    pub fn is_null(&self) -> bool {
        matches!(self, ArgumentValue::Scalar(PrismaValue::Null))
    }

    pub fn as_scalar(&self) -> Option<&PrismaValue> {
        match self {
            ArgumentValue::Scalar(value) => Some(value),
            _ => None,
        }
    }

    /// The text of a string scalar.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            ArgumentValue::Scalar(PrismaValue::String(text)) => Some(text),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, ArgumentValue)]> {
        match self {
            ArgumentValue::Object(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_list(&self) -> Option<&[ArgumentValue]> {
        match self {
            ArgumentValue::List(items) => Some(items),
            _ => None,
        }
    }

    /// The value under `key` of an object value.
    pub fn get(&self, key: &str) -> Option<&ArgumentValue> {
        self.as_object()?
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }
}

impl From<PrismaValue> for ArgumentValue {
    fn from(value: PrismaValue) -> Self {
        ArgumentValue::Scalar(value)
    }
}

/// Which fields of a result to return.
///
/// Additions (`all_scalars`, `all_composites`, `fields`) are applied first and `exclusions` last, so the
/// order in which the client listed them does not matter.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Selection {
    /// Every scalar, scalar-list, enum and enum-list field of the result type (`$scalars: true`).
    pub all_scalars: bool,
    /// Every composite-type field, recursively with all their scalars (`$composites: true`, MongoDB).
    pub all_composites: bool,
    /// Explicitly selected fields, in the client's order.
    pub fields: Vec<SelectedField>,
    /// Fields removed from the selection (`field: false`).
    pub exclusions: Vec<String>,
}

impl Selection {
    /// True when nothing at all is selected (which validation rejects for object results).
    pub fn is_empty(&self) -> bool {
        !self.all_scalars && !self.all_composites && self.fields.is_empty()
    }

    /// The explicit selection of field `name`.
    pub fn field(&self, name: &str) -> Option<&SelectedField> {
        self.fields.iter().find(|field| field.name == name)
    }

    pub fn excludes(&self, name: &str) -> bool {
        self.exclusions.iter().any(|excluded| excluded == name)
    }
}

/// One explicitly selected field.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectedField {
    pub name: String,
    pub selection: FieldSelection,
}

impl SelectedField {
    /// A field selected with its default content (`"field": true`).
    pub fn default_content(name: impl Into<String>) -> Self {
        SelectedField {
            name: name.into(),
            selection: FieldSelection::Default,
        }
    }

    /// A field selected with arguments and an explicit sub-selection.
    pub fn nested(name: impl Into<String>, arguments: Arguments, selection: Selection) -> Self {
        SelectedField {
            name: name.into(),
            selection: FieldSelection::Nested {
                arguments,
                selection,
            },
        }
    }
}

/// How a field is selected.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSelection {
    /// The field with its default content: its value for scalars, all scalars and composites for a relation.
    Default,
    /// The field with arguments (filters, pagination, ...) and an explicit sub-selection.
    Nested {
        arguments: Arguments,
        selection: Selection,
    },
}
