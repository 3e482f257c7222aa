//! A readable text form of a plan, for snapshot tests and debugging.

use std::fmt::Write;

use schema_core::Datamodel;

use super::read::{OutputField, ReadNode};
use super::{Plan, ResultKind};

/// The plan as indented text: one line per read, with its model, arguments and fields.
pub fn describe(datamodel: &Datamodel, plan: &Plan) -> String {
    let mut out = String::new();
    match plan {
        Plan::Records { node, result } => {
            let kind = match result {
                ResultKind::Many => "many".to_string(),
                ResultKind::One { or_throw } => format!("one (or_throw: {or_throw})"),
            };
            let _ = writeln!(out, "records {kind}");
            describe_node(datamodel, node, 1, &mut out);
        }
        Plan::Aggregate(query) => {
            let _ = writeln!(out, "aggregate {}", datamodel.model(query.model).name);
        }
        Plan::GroupBy(query) => {
            let _ = writeln!(out, "groupBy {}", datamodel.model(query.model).name);
        }
        Plan::Write(write) => {
            let _ = writeln!(out, "write {write:?}");
        }
        Plan::Raw(raw) => {
            let _ = writeln!(out, "raw {:?}", raw.sql);
        }
    }
    out
}

fn describe_node(datamodel: &Datamodel, node: &ReadNode, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let read = &node.read;
    let fields: Vec<&str> = read
        .fields
        .iter()
        .map(|field| datamodel.field(*field).name.as_str())
        .collect();
    let _ = write!(
        out,
        "{indent}read {} [{}]",
        datamodel.model(read.model).name,
        fields.join(", ")
    );
    if !read.counts.is_empty() {
        let counts: Vec<&str> = read
            .counts
            .iter()
            .map(|count| datamodel.field(count.field).name.as_str())
            .collect();
        let _ = write!(out, " count({})", counts.join(", "));
    }
    if read.args.filter.is_some() {
        out.push_str(" where");
    }
    if !read.args.order_by.is_empty() {
        let _ = write!(out, " order_by({})", read.args.order_by.len());
    }
    if read.args.cursor.is_some() {
        out.push_str(" cursor");
    }
    if let Some(take) = read.args.take {
        let _ = write!(out, " take {take}");
    }
    if let Some(skip) = read.args.skip {
        let _ = write!(out, " skip {skip}");
    }
    if node.reverse {
        out.push_str(" reversed");
    }
    out.push('\n');
    for (index, child) in node.children.iter().enumerate() {
        let output_name = node.output.iter().find_map(|output| match output {
            OutputField::Relation { field, child: c } if *c == index => {
                Some(datamodel.field(*field).name.as_str())
            }
            _ => None,
        });
        let _ = writeln!(
            out,
            "{indent}  via {} ({}) keyed by [{}]",
            output_name.unwrap_or("?"),
            if child.to_many { "many" } else { "one" },
            child
                .parent_key
                .iter()
                .map(|index| datamodel.field(read.fields[*index]).name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
        describe_node(datamodel, &child.node, depth + 2, out);
    }
}
