//! The canonical order of attributes. `prisma format` sorts field attributes and block attributes into a fixed
//! order (the order DMMF lists them in); attributes it does not rank (`@db.*`, `@ignore`, `@@schema`, ...) keep
//! their relative order after the ranked ones.

use crate::ast::Attribute;

const FIELD_ORDER: &[&str] = &["id", "unique", "default", "updatedAt", "map", "relation"];
const BLOCK_ORDER: &[&str] = &["id", "unique", "index", "fulltext", "map"];

fn rank(order: &[&str], name: &str) -> usize {
    order
        .iter()
        .position(|known| *known == name)
        .unwrap_or(order.len())
}

/// Field (or enum value) attributes in canonical order; the sort is stable.
pub(crate) fn sorted_field_attributes(attributes: &[Attribute]) -> Vec<&Attribute> {
    let mut sorted: Vec<&Attribute> = attributes.iter().collect();
    sorted.sort_by_key(|a| rank(FIELD_ORDER, &a.name.name));
    sorted
}

/// Sorts block attributes (with whatever travels with them) by their name, stably.
pub(crate) fn sort_block_attributes<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_key(|item| rank(BLOCK_ORDER, name(item)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_attributes_rank_id_unique_index_fulltext_map_then_the_rest() {
        let mut names = vec![
            "schema", "map", "index", "ignore", "unique", "fulltext", "index", "id",
        ];
        sort_block_attributes(&mut names, |n| n);
        assert_eq!(
            names,
            vec!["id", "unique", "index", "index", "fulltext", "map", "schema", "ignore"]
        );
    }
}
