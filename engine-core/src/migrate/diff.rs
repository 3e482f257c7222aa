//! From the live schema to the wanted one: a list of typed steps in an order that runs.
//!
//! Both schemas are compared in their [`normalize`](super::canonical::normalize)d form, so equivalent
//! spellings are no change, while every step carries the wanted schema's own values for rendering. A
//! table that disappears while another with exactly the same columns appears is taken as renamed
//! (`@@map` changed), so its rows are kept, where Prisma would drop and recreate it.

use super::canonical::{canonical_type, is_implicit_foreign_key_index, normalize};
use super::schema::{
    is_fulltext, Column, ColumnType, ForeignKey, Index, PrimaryKey, SqlEnum, SqlExtension,
    SqlSchema, Table,
};
use super::Flavour;

/// A table by name and database schema.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableRef {
    pub namespace: Option<String>,
    pub name: String,
}

impl TableRef {
    pub fn of(table: &Table) -> TableRef {
        TableRef {
            namespace: table.namespace.clone(),
            name: table.name.clone(),
        }
    }
}

/// One change to the database. Steps are listed in the order they run.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    CreateExtension(SqlExtension),
    CreateEnum(SqlEnum),
    /// Values appended to an enum (PostgreSQL `ALTER TYPE ... ADD VALUE`); run before the transaction,
    /// since a value added inside one cannot be used until it commits.
    AddEnumValues {
        target: SqlEnum,
        values: Vec<String>,
    },
    DropForeignKey {
        table: TableRef,
        foreign_key: ForeignKey,
    },
    DropIndex {
        table: TableRef,
        index: Index,
    },
    RenameTable {
        from: TableRef,
        to: TableRef,
    },
    /// Renames a primary key or foreign key constraint (PostgreSQL).
    RenameConstraint {
        table: TableRef,
        from: String,
        to: String,
    },
    AlterTable {
        table: TableRef,
        changes: Vec<TableChange>,
    },
    /// SQLite cannot alter most things in place: the table is created anew under a temporary name, the
    /// rows copied, the old table dropped and the new one renamed. `from` is the live table.
    RedefineTable {
        from: Table,
        to: Table,
    },
    /// An enum whose values were removed or reordered: a new type, the columns converted, the old type
    /// dropped (PostgreSQL). `columns` are the columns that use it once the tables are altered.
    RecreateEnum {
        from: SqlEnum,
        to: SqlEnum,
        removed: Vec<String>,
        columns: Vec<(TableRef, Column)>,
    },
    DropTable {
        table: TableRef,
    },
    CreateTable(Table),
    CreateIndex {
        table: TableRef,
        index: Index,
    },
    RenameIndex {
        table: TableRef,
        from: String,
        to: String,
    },
    AddForeignKey {
        table: TableRef,
        foreign_key: ForeignKey,
    },
    DropEnum(SqlEnum),
}

/// A change inside one table, in the order they run.
#[derive(Debug, Clone, PartialEq)]
pub enum TableChange {
    DropPrimaryKey { name: Option<String> },
    DropColumn { column: Column },
    AddColumn { column: Column },
    AlterColumn { from: Column, to: Column },
    AddPrimaryKey(PrimaryKey),
}

/// The steps that turn `live` into `target`.
pub fn diff(live: &SqlSchema, target: &SqlSchema, flavour: Flavour) -> Vec<Step> {
    let live_n = normalize(live, flavour);
    let target_n = normalize(target, flavour);
    let mut steps = Steps::default();

    // Extensions: only created, never dropped (they are shared by the whole database).
    for ext in &target.extensions {
        if !live.extensions.iter().any(|e| e.name == ext.name) {
            steps.extensions.push(Step::CreateExtension(ext.clone()));
        }
    }

    // Tables: renames first, so the rest compares like with like.
    let find =
        |schema: &SqlSchema, r: &TableRef| schema.tables.iter().position(|t| &TableRef::of(t) == r);
    let dropped: Vec<usize> = (0..live_n.tables.len())
        .filter(|&i| find(&target_n, &TableRef::of(&live_n.tables[i])).is_none())
        .collect();
    let created: Vec<usize> = (0..target_n.tables.len())
        .filter(|&i| find(&live_n, &TableRef::of(&target_n.tables[i])).is_none())
        .collect();
    let mut renames: Vec<(usize, usize)> = Vec::new();
    for &c in &created {
        let candidates: Vec<usize> = dropped
            .iter()
            .copied()
            .filter(|&d| same_columns(&live_n.tables[d], &target_n.tables[c]))
            .collect();
        if let [only] = candidates.as_slice() {
            let claimed_elsewhere = created
                .iter()
                .filter(|&&other| {
                    other != c && same_columns(&live_n.tables[*only], &target_n.tables[other])
                })
                .count()
                > 0;
            if !claimed_elsewhere && !renames.iter().any(|(d, _)| d == only) {
                renames.push((*only, c));
            }
        }
    }
    // The live schemas as they will be after the renames.
    let mut live_r = live.clone();
    let mut live_rn = live_n.clone();
    for &(d, c) in &renames {
        let from = TableRef::of(&live_n.tables[d]);
        let to = TableRef::of(&target_n.tables[c]);
        for schema in [&mut live_r, &mut live_rn] {
            for table in &mut schema.tables {
                if TableRef::of(table) == from {
                    table.name = to.name.clone();
                    table.namespace = to.namespace.clone();
                }
                for fk in &mut table.foreign_keys {
                    if fk.referenced_table == from.name && fk.referenced_namespace == from.namespace
                    {
                        fk.referenced_table = to.name.clone();
                        fk.referenced_namespace = to.namespace.clone();
                    }
                }
            }
        }
        steps.renames.push(Step::RenameTable { from, to });
    }

    // Enums.
    for wanted in &target.enums {
        match live
            .enums
            .iter()
            .find(|e| e.name == wanted.name && e.namespace == wanted.namespace)
        {
            None => steps.enums.push(Step::CreateEnum(wanted.clone())),
            Some(existing) if existing.values == wanted.values => {}
            Some(existing) => {
                let removed: Vec<String> = existing
                    .values
                    .iter()
                    .filter(|v| !wanted.values.contains(v))
                    .cloned()
                    .collect();
                let appended = wanted.values.starts_with(&existing.values);
                if appended {
                    steps.enums.push(Step::AddEnumValues {
                        target: wanted.clone(),
                        values: wanted.values[existing.values.len()..].to_vec(),
                    });
                } else {
                    let columns = target
                        .tables
                        .iter()
                        .filter(|t| live_r.tables.iter().any(|l| TableRef::of(l) == TableRef::of(t)))
                        .flat_map(|t| {
                            t.columns.iter().filter(|c| matches!(&c.column_type, ColumnType::Enum { name, namespace } if name == &wanted.name && namespace == &wanted.namespace)).map(move |c| (TableRef::of(t), c.clone()))
                        })
                        .collect();
                    steps.recreate_enums.push(Step::RecreateEnum {
                        from: existing.clone(),
                        to: wanted.clone(),
                        removed,
                        columns,
                    });
                }
            }
        }
    }
    for existing in &live.enums {
        if !target
            .enums
            .iter()
            .any(|e| e.name == existing.name && e.namespace == existing.namespace)
        {
            steps.drop_enums.push(Step::DropEnum(existing.clone()));
        }
    }

    for wanted_n in &target_n.tables {
        let r = TableRef::of(wanted_n);
        let Some(wanted) = target.tables.iter().find(|t| TableRef::of(t) == r) else {
            continue;
        };
        match (
            live_rn.tables.iter().find(|t| TableRef::of(t) == r),
            live_r.tables.iter().find(|t| TableRef::of(t) == r),
        ) {
            (Some(existing_n), Some(existing)) => {
                diff_table(&mut steps, existing, existing_n, wanted, wanted_n, flavour)
            }
            _ => {
                steps.create_tables.push(Step::CreateTable(wanted.clone()));
                // MySQL declares indexes inside `CREATE TABLE`.
                let separate_indexes = if flavour == Flavour::Mysql {
                    &[][..]
                } else {
                    &wanted.indexes[..]
                };
                for index in separate_indexes {
                    steps.create_indexes.push(Step::CreateIndex {
                        table: r.clone(),
                        index: index.clone(),
                    });
                }
                if flavour != Flavour::Sqlite {
                    for fk in &wanted.foreign_keys {
                        steps.add_fks.push(Step::AddForeignKey {
                            table: r.clone(),
                            foreign_key: fk.clone(),
                        });
                    }
                }
            }
        }
    }
    for existing in &live_r.tables {
        let r = TableRef::of(existing);
        if target.tables.iter().any(|t| TableRef::of(t) == r) {
            continue;
        }
        if flavour != Flavour::Sqlite {
            for fk in &existing.foreign_keys {
                steps.drop_fks.push(Step::DropForeignKey {
                    table: r.clone(),
                    foreign_key: fk.clone(),
                });
            }
        }
        steps.drop_tables.push(Step::DropTable { table: r });
    }
    steps.into_list()
}

/// Same column names, types, nullability and defaults, in any order: the test for a renamed table.
fn same_columns(a: &Table, b: &Table) -> bool {
    a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .all(|c| b.column(&c.name).is_some_and(|d| c == d))
}

#[derive(Default)]
struct Steps {
    extensions: Vec<Step>,
    enums: Vec<Step>,
    drop_fks: Vec<Step>,
    drop_indexes: Vec<Step>,
    renames: Vec<Step>,
    rename_constraints: Vec<Step>,
    alters: Vec<Step>,
    recreate_enums: Vec<Step>,
    drop_tables: Vec<Step>,
    create_tables: Vec<Step>,
    create_indexes: Vec<Step>,
    add_fks: Vec<Step>,
    drop_enums: Vec<Step>,
}

impl Steps {
    fn into_list(self) -> Vec<Step> {
        [
            self.extensions,
            self.enums,
            self.drop_fks,
            self.drop_indexes,
            self.renames,
            self.rename_constraints,
            self.alters,
            self.recreate_enums,
            self.drop_tables,
            self.create_tables,
            self.create_indexes,
            self.add_fks,
            self.drop_enums,
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

/// Whether two columns of the normalized schemas differ in a way the database sees.
fn column_changed(a: &Column, b: &Column) -> bool {
    a.column_type != b.column_type
        || a.list != b.list
        || a.nullable != b.nullable
        || a.default != b.default
        || a.autoincrement != b.autoincrement
}

fn index_shape(i: &Index) -> (bool, &Vec<super::schema::IndexColumn>, &Option<String>) {
    (i.unique, &i.columns, &i.algorithm)
}

/// The names of the index's columns, in order: what decides whether it can serve a foreign key.
fn column_names(index: &Index) -> Vec<&str> {
    index.columns.iter().map(|c| c.name.as_str()).collect()
}

fn fk_shape(fk: &ForeignKey) -> impl PartialEq + '_ {
    (
        &fk.columns,
        &fk.referenced_table,
        &fk.referenced_namespace,
        &fk.referenced_columns,
        fk.on_delete,
        fk.on_update,
    )
}

/// Steps for a table that exists on both sides. `*_n` are the normalized forms, used for comparing.
fn diff_table(
    steps: &mut Steps,
    existing: &Table,
    existing_n: &Table,
    wanted: &Table,
    wanted_n: &Table,
    flavour: Flavour,
) {
    let r = TableRef::of(wanted);
    let mut changes = Vec::new();
    let pk_changed = existing_n.primary_key.as_ref().map(|p| &p.columns)
        != wanted_n.primary_key.as_ref().map(|p| &p.columns);
    if pk_changed {
        if let Some(pk) = &existing.primary_key {
            changes.push(TableChange::DropPrimaryKey {
                name: pk.name.clone(),
            });
        }
    } else if let (Some(a), Some(b)) = (&existing.primary_key, &wanted.primary_key) {
        if let (Some(from), Some(to)) = (&a.name, &b.name) {
            if from != to {
                steps.rename_constraints.push(Step::RenameConstraint {
                    table: r.clone(),
                    from: from.clone(),
                    to: to.clone(),
                });
            }
        }
    }
    for column in &existing.columns {
        if wanted.column(&column.name).is_none() {
            changes.push(TableChange::DropColumn {
                column: column.clone(),
            });
        }
    }
    for column in &wanted.columns {
        match (
            existing.column(&column.name),
            existing_n.column(&column.name),
            wanted_n.column(&column.name),
        ) {
            (Some(from), Some(from_n), Some(to_n)) => {
                if column_changed(from_n, to_n) {
                    changes.push(TableChange::AlterColumn {
                        from: from.clone(),
                        to: column.clone(),
                    });
                }
            }
            _ => changes.push(TableChange::AddColumn {
                column: column.clone(),
            }),
        }
    }
    if pk_changed {
        if let Some(pk) = &wanted.primary_key {
            changes.push(TableChange::AddPrimaryKey(pk.clone()));
        }
    }

    // Foreign keys: by name on PostgreSQL (a same-shaped key under another name is renamed), by shape on
    // SQLite (which cannot rename them), by name on MySQL, which cannot rename them either: a key under a
    // new name is dropped and added.
    let mut fks_changed = false;
    let mut fk_drops = Vec::new();
    let mut fk_adds = Vec::new();
    let mut fk_renames = Vec::new();
    let mut unmatched_wanted: Vec<usize> = Vec::new();
    let mut matched_existing = vec![false; existing_n.foreign_keys.len()];
    for (wi, w) in wanted_n.foreign_keys.iter().enumerate() {
        let same = existing_n.foreign_keys.iter().position(|e| {
            fk_shape(e) == fk_shape(w) && (flavour == Flavour::Sqlite || e.name == w.name)
        });
        match same {
            Some(ei) if !matched_existing[ei] => matched_existing[ei] = true,
            _ => unmatched_wanted.push(wi),
        }
    }
    for wi in unmatched_wanted {
        let w = &wanted_n.foreign_keys[wi];
        let renamed = (flavour == Flavour::Postgres)
            .then(|| {
                existing_n
                    .foreign_keys
                    .iter()
                    .enumerate()
                    .position(|(ei, e)| !matched_existing[ei] && fk_shape(e) == fk_shape(w))
            })
            .flatten();
        match renamed {
            Some(ei) => {
                matched_existing[ei] = true;
                fk_renames.push((existing_n.foreign_keys[ei].name.clone(), w.name.clone()));
            }
            None => {
                fks_changed = true;
                if let Some(fk) = wanted.foreign_keys.iter().find(|f| {
                    if flavour == Flavour::Sqlite {
                        fk_shape(f) == fk_shape(w)
                    } else {
                        f.name == w.name
                    }
                }) {
                    fk_adds.push(fk.clone());
                }
            }
        }
    }
    for (ei, matched) in matched_existing.iter().enumerate() {
        if !matched {
            fks_changed = true;
            let e = &existing_n.foreign_keys[ei];
            if let Some(fk) = existing.foreign_keys.iter().find(|f| {
                if flavour == Flavour::Sqlite {
                    f.columns == e.columns && f.referenced_table == e.referenced_table
                } else {
                    f.name == e.name
                }
            }) {
                fk_drops.push(fk.clone());
            }
        }
    }

    let redefine = flavour == Flavour::Sqlite
        && (fks_changed
            || changes.iter().any(|c| match c {
                TableChange::AddColumn { column } => !sqlite_can_add(column, wanted),
                _ => true,
            }));

    if redefine {
        steps.alters.push(Step::RedefineTable {
            from: existing.clone(),
            to: wanted.clone(),
        });
        for index in &wanted.indexes {
            steps.create_indexes.push(Step::CreateIndex {
                table: r.clone(),
                index: index.clone(),
            });
        }
        return;
    }

    // MySQL keeps the index it made for a key after the key is dropped; it goes with the key.
    let mut implicit_drops: Vec<String> = Vec::new();
    if flavour == Flavour::Mysql {
        for fk in &fk_drops {
            if let Some(index) = existing.indexes.iter().find(|i| {
                is_implicit_foreign_key_index(i, std::slice::from_ref(fk))
                    && !wanted_n.indexes.iter().any(|w| w.name == i.name)
            }) {
                implicit_drops.push(index.name.clone());
                steps.drop_indexes.push(Step::DropIndex {
                    table: r.clone(),
                    index: index.clone(),
                });
            }
        }
    }
    let kept_fks: Vec<&ForeignKey> = existing
        .foreign_keys
        .iter()
        .filter(|e| !fk_drops.iter().any(|d| d.name == e.name))
        .collect();
    for fk in fk_drops {
        steps.drop_fks.push(Step::DropForeignKey {
            table: r.clone(),
            foreign_key: fk,
        });
    }
    for (from, to) in fk_renames {
        steps.rename_constraints.push(Step::RenameConstraint {
            table: r.clone(),
            from,
            to,
        });
    }
    for fk in fk_adds {
        steps.add_fks.push(Step::AddForeignKey {
            table: r.clone(),
            foreign_key: fk,
        });
    }
    if !changes.is_empty() {
        steps.alters.push(Step::AlterTable {
            table: r.clone(),
            changes,
        });
    }

    // Indexes: same name and shape is no change; same shape under another name is a rename.
    let mut matched_existing = vec![false; existing_n.indexes.len()];
    let mut unmatched_wanted = Vec::new();
    for (wi, w) in wanted_n.indexes.iter().enumerate() {
        match existing_n
            .indexes
            .iter()
            .position(|e| e.name == w.name && index_shape(e) == index_shape(w))
        {
            Some(ei) => matched_existing[ei] = true,
            None => unmatched_wanted.push(wi),
        }
    }
    let mut creates = Vec::new();
    for wi in unmatched_wanted {
        let w = &wanted_n.indexes[wi];
        let renamed = existing_n.indexes.iter().enumerate().position(|(ei, e)| {
            !matched_existing[ei]
                && index_shape(e) == index_shape(w)
                && !wanted_n.indexes.iter().any(|o| o.name == e.name)
        });
        match renamed {
            Some(ei) if flavour != Flavour::Sqlite => {
                matched_existing[ei] = true;
                steps.create_indexes.push(Step::RenameIndex {
                    table: r.clone(),
                    from: existing_n.indexes[ei].name.clone(),
                    to: w.name.clone(),
                });
            }
            _ => creates.push(w.name.clone()),
        }
    }
    let mut index_drops = Vec::new();
    for (ei, matched) in matched_existing.iter().enumerate() {
        if !matched {
            if let Some(index) = existing
                .indexes
                .iter()
                .find(|i| i.name == existing_n.indexes[ei].name)
            {
                index_drops.push(index.clone());
            }
        }
    }
    if flavour == Flavour::Mysql && !index_drops.is_empty() {
        // MySQL refuses to drop the only index a foreign key can use. Such a key is dropped first and
        // added again at the end, when it finds the new indexes or makes one of its own.
        let remaining: Vec<Vec<&str>> = existing
            .indexes
            .iter()
            .filter(|i| {
                !is_fulltext(i)
                    && !index_drops.iter().any(|d| d.name == i.name)
                    && !implicit_drops.contains(&i.name)
            })
            .map(column_names)
            .chain(
                existing
                    .primary_key
                    .iter()
                    .filter(|_| !pk_changed)
                    .map(|pk| pk.columns.iter().map(String::as_str).collect()),
            )
            .collect();
        for fk in kept_fks {
            let columns: Vec<&str> = fk.columns.iter().map(String::as_str).collect();
            let serves = |index: &[&str]| index.starts_with(&columns);
            let lost = index_drops
                .iter()
                .any(|d| !is_fulltext(d) && serves(&column_names(d)));
            if lost && !remaining.iter().any(|i| serves(i)) {
                steps.drop_fks.push(Step::DropForeignKey {
                    table: r.clone(),
                    foreign_key: fk.clone(),
                });
                if let Some(w) = wanted.foreign_keys.iter().find(|w| w.name == fk.name) {
                    steps.add_fks.push(Step::AddForeignKey {
                        table: r.clone(),
                        foreign_key: w.clone(),
                    });
                }
            }
        }
    }
    for index in index_drops {
        steps.drop_indexes.push(Step::DropIndex {
            table: r.clone(),
            index,
        });
    }
    for name in creates {
        if let Some(index) = wanted.indexes.iter().find(|i| i.name == name) {
            steps.create_indexes.push(Step::CreateIndex {
                table: r.clone(),
                index: index.clone(),
            });
        }
    }
}

/// Whether SQLite's `ALTER TABLE ADD COLUMN` can add the column: not part of the primary key, and either
/// nullable or with a constant default (SQLite refuses `NOT NULL` without one, and expressions such as
/// `CURRENT_TIMESTAMP`).
fn sqlite_can_add(column: &Column, table: &Table) -> bool {
    let in_pk = table
        .primary_key
        .as_ref()
        .is_some_and(|pk| pk.columns.contains(&column.name));
    if in_pk || column.autoincrement {
        return false;
    }
    match column.default.as_deref().map(str::trim) {
        None => column.nullable,
        Some(d) => {
            d.starts_with('\'')
                || d.parse::<f64>().is_ok()
                || matches!(d.to_uppercase().as_str(), "TRUE" | "FALSE" | "NULL")
        }
    }
}

/// Human-readable type of a column, for warnings.
pub(crate) fn display_type(column: &Column, flavour: Flavour) -> String {
    canonical_type(column, flavour)
        .trim_start_matches("enum ")
        .to_owned()
}
