//! Planning reads: a record query becomes a tree of record reads, one per relation level.
//!
//! Each level is one [`RecordRead`]; a nested level is read for all parents at once through a
//! [`RelationLink`](crate::connector::record::RelationLink), so the number of statements grows with the
//! depth of the selection, never with the number of rows.

use schema_core::datamodel::{FieldId, ModelId};
use schema_core::Datamodel;

use super::relation::{primary_identifier, relation_join};
use crate::connector::record::RecordRead;
use crate::query::{FieldSelection, QueryArgs, RecordQuery, SelectedField};

/// One level of a read: the records to fetch and how to turn each into a response object.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadNode {
    pub read: RecordRead,
    /// The order was reversed to serve a negative `take`: restore it after reading.
    pub reverse: bool,
    /// The response object of each record, in selection order.
    pub output: Vec<OutputField>,
    /// Relations read after this level, with the parents' records.
    pub children: Vec<ChildRead>,
}

/// One entry of a record's response object.
#[derive(Debug, Clone, PartialEq)]
pub enum OutputField {
    /// The value at `index` of the record, under the field's name.
    Scalar { field: FieldId, index: usize },
    /// The records of child read `child`.
    Relation { field: FieldId, child: usize },
    /// `_count`: per relation, the value at `index` of the record.
    Count { entries: Vec<(FieldId, usize)> },
}

/// A nested read through a relation field.
#[derive(Debug, Clone, PartialEq)]
pub struct ChildRead {
    pub field: FieldId,
    /// Positions, in the parent's records, of the values that key the relation on the parent side.
    pub parent_key: Vec<usize>,
    /// The relation holds many records (a list in the response) or at most one.
    pub to_many: bool,
    pub node: ReadNode,
}

/// Plans the read of `query`'s records and of every relation level it selects.
pub fn plan_records(datamodel: &Datamodel, query: &RecordQuery) -> ReadNode {
    plan_node(datamodel, &query.args, &query.selection)
}

fn plan_node(datamodel: &Datamodel, args: &QueryArgs, selection: &FieldSelection) -> ReadNode {
    let (args, reverse) = normalize_take(datamodel, selection, args);
    let mut fields: Vec<FieldId> = Vec::new();
    let position =
        |fields: &mut Vec<FieldId>, field: FieldId| match fields.iter().position(|f| *f == field) {
            Some(index) => index,
            None => {
                fields.push(field);
                fields.len() - 1
            }
        };
    for field in selection.scalars() {
        position(&mut fields, field);
    }

    let mut children = Vec::new();
    let mut relation_outputs = Vec::new();
    for relation in selection.relations() {
        let Some(join) = relation_join(datamodel, relation.field) else {
            continue;
        };
        let parent_key = join
            .parent_fields
            .iter()
            .map(|field| position(&mut fields, *field))
            .collect();
        let to_many = datamodel.field(relation.field).is_list();
        // The connector returns each child's parent key with it, so children need no extra fields.
        let node = plan_node(datamodel, &relation.args, &relation.selection);
        relation_outputs.push((relation.field, children.len()));
        children.push(ChildRead {
            field: relation.field,
            parent_key,
            to_many,
            node,
        });
    }

    let counts = selection.counts().to_vec();
    let output = selection
        .fields
        .iter()
        .filter_map(|selected| match selected {
            SelectedField::Scalar(field) => Some(OutputField::Scalar {
                field: *field,
                index: fields.iter().position(|f| f == field).unwrap_or_default(),
            }),
            SelectedField::Relation(relation) => relation_outputs
                .iter()
                .find(|(field, _)| *field == relation.field)
                .map(|(field, child)| OutputField::Relation {
                    field: *field,
                    child: *child,
                }),
            SelectedField::Count(entries) => Some(OutputField::Count {
                entries: entries
                    .iter()
                    .enumerate()
                    .map(|(offset, count)| (count.field, fields.len() + offset))
                    .collect(),
            }),
        })
        .collect();

    ReadNode {
        read: RecordRead {
            model: selection.model,
            args,
            fields,
            counts,
            link: None,
        },
        reverse,
        output,
        children,
    }
}

/// Turns a negative `take` into a positive one over the reversed order, made total by the primary key so
/// that reversing is exact.
fn normalize_take(
    datamodel: &Datamodel,
    selection: &FieldSelection,
    args: &QueryArgs,
) -> (QueryArgs, bool) {
    let mut args = args.clone();
    match args.take {
        Some(take) if take < 0 => {
            ensure_total_order(datamodel, selection, &mut args);
            args.order_by = args.order_by.iter().map(|order| order.reversed()).collect();
            args.take = Some(take.unsigned_abs() as i64);
            (args, true)
        }
        _ => (args, false),
    }
}

/// Appends the primary key to the ordering unless it already ends with a unique key.
pub fn ensure_total_order(datamodel: &Datamodel, selection: &FieldSelection, args: &mut QueryArgs) {
    ensure_total_order_of(datamodel, selection.model, args)
}

/// Appends `model`'s primary key to the ordering unless it already ends with a unique key.
pub fn ensure_total_order_of(datamodel: &Datamodel, model: ModelId, args: &mut QueryArgs) {
    use crate::query::{OrderBy, OrderTarget, SortDirection};
    let ordered: Vec<FieldId> = args
        .order_by
        .iter()
        .filter(|order| order.path.is_empty())
        .filter_map(|order| match order.target {
            OrderTarget::Field(field) => Some(field),
            _ => None,
        })
        .collect();
    let identifier = primary_identifier(datamodel, model);
    if identifier.iter().all(|field| ordered.contains(field)) {
        return;
    }
    for field in identifier {
        if !ordered.contains(&field) {
            args.order_by
                .push(OrderBy::field(field, SortDirection::Asc));
        }
    }
}
