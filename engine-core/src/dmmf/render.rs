//! The walk that turns the query schema into DMMF lists.
//!
//! Prisma renders the schema breadth first: the schema-wide enums are written at once, then `Query` and
//! `Mutation`, then every type they reference, in the order the references are met (fields in order, and for
//! each field its argument or input types in order, then its output type). A type is written once, where it
//! is first reached. The DMMF lists are in exactly that order, so this walk reproduces it with a FIFO queue
//! and a set of the names already queued.

use std::collections::{HashSet, VecDeque};

use serde_json::{json, Map, Value};

use crate::query::parse::schema::{En, InField, It, Obj, ObjDef, Sc, Schema};
use schema_core::datamodel::ModelId;

use super::mappings::Mappings;
use super::output_types::OutNode;

/// Namespace of everything the query schema generates.
pub(super) const PRISMA: &str = "prisma";
/// Namespace of the model output types and the schema's own enums.
pub(super) const MODEL: &str = "model";

/// An enum type of the DMMF: one the validation schema knows, or the transaction isolation levels, which only
/// the DMMF lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EnumNode {
    Std(En),
    TransactionIsolationLevel,
}

/// A type waiting to be written.
#[derive(Debug, Clone)]
pub(super) enum Node {
    Input(Obj),
    Enum(EnumNode),
    Output(OutNode),
}

/// Where a type reference points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Location {
    Scalar,
    InputObjectTypes,
    OutputObjectTypes,
    EnumTypes,
    FieldRefTypes,
}

impl Location {
    fn as_str(self) -> &'static str {
        match self {
            Location::Scalar => "scalar",
            Location::InputObjectTypes => "inputObjectTypes",
            Location::OutputObjectTypes => "outputObjectTypes",
            Location::EnumTypes => "enumTypes",
            Location::FieldRefTypes => "fieldRefTypes",
        }
    }
}

/// Lists of types per namespace, namespaces in the order they were first written to.
#[derive(Debug, Default)]
pub(super) struct Namespaced {
    lists: Vec<(&'static str, Vec<Value>)>,
}

impl Namespaced {
    fn push(&mut self, namespace: &'static str, value: Value) {
        match self.lists.iter_mut().find(|(ns, _)| *ns == namespace) {
            Some((_, list)) => list.push(value),
            None => self.lists.push((namespace, vec![value])),
        }
    }

    pub(super) fn into_json(self) -> Value {
        let mut map = Map::new();
        for (namespace, list) in self.lists {
            map.insert(namespace.to_owned(), Value::Array(list));
        }
        Value::Object(map)
    }
}

/// The state of one rendering: what is queued, what is written.
pub(super) struct Render<'s, 'a> {
    pub schema: &'s Schema<'a>,
    queue: VecDeque<Node>,
    queued: HashSet<(Location, String)>,
    pub input_types: Namespaced,
    pub output_types: Namespaced,
    pub enum_types: Namespaced,
    pub field_ref_types: Namespaced,
    pub mappings: Mappings,
}

impl<'s, 'a> Render<'s, 'a> {
    pub fn new(schema: &'s Schema<'a>) -> Self {
        Render {
            schema,
            queue: VecDeque::new(),
            queued: HashSet::new(),
            input_types: Namespaced::default(),
            output_types: Namespaced::default(),
            enum_types: Namespaced::default(),
            field_ref_types: Namespaced::default(),
            mappings: Mappings::default(),
        }
    }

    /// Queues a type unless it was queued before; returns its name.
    fn enqueue(&mut self, location: Location, name: String, node: Node) -> String {
        if self.queued.insert((location, name.clone())) {
            self.queue.push_back(node);
        }
        name
    }

    /// Writes an enum at once (the schema-wide enums are written before anything is queued).
    pub fn write_enum_now(&mut self, node: EnumNode) {
        let name = self.enum_name(node);
        if self.queued.insert((Location::EnumTypes, name)) {
            self.render_enum(node);
        }
    }

    /// Queues an output type and returns its reference.
    pub fn output_ref(&mut self, node: OutNode, is_list: bool) -> Value {
        let name = self.out_node_name(&node);
        let namespace = node.namespace();
        let name = self.enqueue(Location::OutputObjectTypes, name, Node::Output(node));
        type_ref(&name, Some(namespace), Location::OutputObjectTypes, is_list)
    }

    /// Queues an enum and returns its reference.
    pub fn enum_ref(&mut self, node: EnumNode, is_list: bool) -> Value {
        let name = self.enum_name(node);
        let namespace = enum_namespace(node);
        let name = self.enqueue(Location::EnumTypes, name, Node::Enum(node));
        type_ref(&name, Some(namespace), Location::EnumTypes, is_list)
    }

    /// Renders queued types until none is left.
    pub fn drain(&mut self) {
        while let Some(node) = self.queue.pop_front() {
            match node {
                Node::Input(obj) => self.render_input(&obj),
                Node::Enum(en) => self.render_enum(en),
                Node::Output(out) => self.render_output(&out),
            }
        }
    }

    fn enum_name(&self, node: EnumNode) -> String {
        match node {
            EnumNode::Std(en) => self.schema.enum_name(en),
            EnumNode::TransactionIsolationLevel => "TransactionIsolationLevel".to_owned(),
        }
    }

    fn render_enum(&mut self, node: EnumNode) {
        let values = match node {
            EnumNode::Std(en) => self.schema.enum_values(en),
            EnumNode::TransactionIsolationLevel => super::isolation_levels(self.schema),
        };
        let mut out = Map::new();
        out.insert("name".into(), json!(self.enum_name(node)));
        out.insert("values".into(), json!(values));
        self.enum_types
            .push(enum_namespace(node), Value::Object(out));
    }

    // ---- input types -------------------------------------------------------------------------------

    /// The reference to an input type, queueing the type it names.
    pub fn input_ref(&mut self, typ: &It) -> Value {
        match typ {
            It::Scalar(sc) => type_ref(sc.name(), None, Location::Scalar, false),
            It::Enum(en) => self.enum_ref(EnumNode::Std(*en), false),
            It::List(inner) => {
                let mut reference = self.input_ref(inner);
                if let Some(map) = reference.as_object_mut() {
                    map.insert("isList".into(), Value::Bool(true));
                }
                reference
            }
            It::Object(obj) => {
                let location = if matches!(obj, Obj::FieldRef(_)) {
                    Location::FieldRefTypes
                } else {
                    Location::InputObjectTypes
                };
                let name = self.schema.object_name(obj);
                let name = self.enqueue(location, name, Node::Input(obj.clone()));
                type_ref(&name, Some(PRISMA), location, false)
            }
        }
    }

    /// An input field (or argument): `{name, isRequired, isNullable, inputTypes}`.
    pub fn input_field(&mut self, field: &InField) -> Value {
        let types: Vec<Value> = field.types.iter().map(|t| self.input_ref(t)).collect();
        let nullable = field.types.contains(&It::Scalar(Sc::Null));
        let mut out = Map::new();
        out.insert("name".into(), json!(field.name));
        out.insert("isRequired".into(), json!(field.required));
        out.insert("isNullable".into(), json!(nullable));
        out.insert("inputTypes".into(), Value::Array(types));
        Value::Object(out)
    }

    fn render_input(&mut self, obj: &Obj) {
        let def: ObjDef = super::adjust::object(self.schema, obj);
        let fields: Vec<Value> = def.fields.iter().map(|f| self.input_field(f)).collect();
        if let Obj::FieldRef(allowed) = obj {
            let allow = self.input_ref(allowed);
            let mut out = Map::new();
            out.insert("name".into(), json!(def.name));
            out.insert("allowTypes".into(), json!([allow]));
            out.insert("fields".into(), Value::Array(fields));
            self.field_ref_types.push(PRISMA, Value::Object(out));
            return;
        }
        let mut out = Map::new();
        out.insert("name".into(), json!(def.name));
        if let Some(model) = where_source(obj) {
            out.insert(
                "meta".into(),
                json!({ "source": self.schema.model_name(model) }),
            );
        }
        let mut constraints = Map::new();
        constraints.insert("maxNumFields".into(), json!(def.max));
        constraints.insert("minNumFields".into(), json!(def.min));
        if let Obj::WhereUnique(model) = obj {
            constraints.insert("fields".into(), json!(unique_criteria(self.schema, *model)));
        } else if let Some(fields) = &def.constrained {
            constraints.insert("fields".into(), json!(fields));
        }
        out.insert("constraints".into(), Value::Object(constraints));
        out.insert("fields".into(), Value::Array(fields));
        self.input_types.push(PRISMA, Value::Object(out));
    }

    // ---- output types ------------------------------------------------------------------------------

    pub fn out_node_name(&self, node: &OutNode) -> String {
        match node {
            OutNode::Query => "Query".into(),
            OutNode::Mutation => "Mutation".into(),
            OutNode::Std(out) => self.schema.output_name(out),
            OutNode::CreateManyAndReturn(model) => {
                format!(
                    "CreateMany{}AndReturnOutputType",
                    self.schema.model_name(*model)
                )
            }
        }
    }

    fn render_output(&mut self, node: &OutNode) {
        let fields = self.output_fields(node);
        let mut out = Map::new();
        out.insert("name".into(), json!(self.out_node_name(node)));
        out.insert("fields".into(), Value::Array(fields));
        self.output_types.push(node.namespace(), Value::Object(out));
    }
}

/// The unique criteria a where-unique input names in its constraints, as Prisma lists them: the primary key,
/// then every unique index in index order (a field-level `@unique` on the id field repeats it).
fn unique_criteria(schema: &Schema, model: ModelId) -> Vec<String> {
    let m = schema.dm.model(model);
    let criterion = |fields: &[schema_core::datamodel::IndexField], name: &Option<String>| {
        if let Some(name) = name.as_ref().filter(|_| fields.len() > 1) {
            return name.clone();
        }
        fields
            .iter()
            .map(|f| schema.name(f.field))
            .collect::<Vec<_>>()
            .join("_")
    };
    let plain =
        |fields: &[schema_core::datamodel::IndexField]| fields.iter().all(|f| f.path.is_empty());
    let mut out = Vec::new();
    if let Some(pk) = m.primary_key.as_ref().filter(|pk| plain(&pk.fields)) {
        out.push(criterion(&pk.fields, &pk.name));
    }
    for index in &m.indexes {
        if index.kind == schema_core::datamodel::IndexKind::Unique && plain(&index.fields) {
            out.push(criterion(&index.fields, &index.name));
        }
    }
    out
}

/// Where-like input types carry the model they filter as `meta.source`.
fn where_source(obj: &Obj) -> Option<ModelId> {
    match obj {
        Obj::Where(model) | Obj::WhereUnique(model) | Obj::ScalarWhere(model, _) => Some(*model),
        _ => None,
    }
}

fn enum_namespace(node: EnumNode) -> &'static str {
    match node {
        EnumNode::Std(En::Model(_)) => MODEL,
        _ => PRISMA,
    }
}

/// `{type, namespace?, location, isList}`.
pub(super) fn type_ref(
    name: &str,
    namespace: Option<&str>,
    location: Location,
    is_list: bool,
) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!(name));
    if let Some(namespace) = namespace {
        out.insert("namespace".into(), json!(namespace));
    }
    out.insert("location".into(), json!(location.as_str()));
    out.insert("isList".into(), json!(is_list));
    Value::Object(out)
}
