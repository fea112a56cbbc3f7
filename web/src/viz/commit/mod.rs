//! Two- and three-phase commit: one adapter, two pages, on the shared
//! simulation page.

mod adapter;
mod scenarios;

pub use adapter::{CommitAdapter, MAX_PARTICIPANTS, THREE_PC, TWO_PC};
pub use scenarios::{SCENARIOS_2PC, SCENARIOS_3PC};
