//! Values in both directions: [`PrismaValue`](engine_core::value::PrismaValue) bound as parameters, and
//! SQLite's five storage classes read back as typed values.
//!
//! SQLite stores what it is given, so Prisma fixes a representation per type and this module keeps to it:
//! a `DateTime` is an INTEGER of unix milliseconds, a `Decimal` a REAL, a `Boolean` 0/1, `Bytes` a BLOB and
//! `Json` TEXT. Reading is more forgiving, because rows written by raw SQL or other tools may hold text
//! timestamps or numbers where Prisma would have written something else.

mod bind;
mod datetime;
mod decode;
mod raw;

pub(crate) use bind::to_sql;
pub(crate) use decode::decode_known;
pub(crate) use raw::{decode_raw, infer_raw_type, DeclaredType};
