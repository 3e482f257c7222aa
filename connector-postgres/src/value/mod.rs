//! Values both ways: binding parameters ([`encode`]) and reading columns ([`decode`]), with PostgreSQL's
//! binary `NUMERIC` format in [`numeric`].

pub(crate) mod decode;
pub(crate) mod encode;
pub(crate) mod numeric;
