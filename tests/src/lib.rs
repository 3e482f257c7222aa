//! The cross-connector test harness: fresh databases per provider, the recorded Prisma scenarios of
//! `../shared/queries`, and the data-driven conformance cases.

pub mod conformance;
pub mod database;
pub mod golden;
pub mod http_client;
