//! The version-vectors page: one replicated register under version vectors
//! with server ids, with client ids, and dotted version vectors, side by
//! side on the same reads, writes and syncs — siblings kept, updates lost,
//! superseded versions kept and clock sizes, each against the truth
//! (`dsviz_core::clocks::store`).

mod columns;
mod page;
mod scenario;
mod text;

pub use page::VersionVectorsPage;
pub use scenario::{VvScenario, decode_ops, encode_ops};
