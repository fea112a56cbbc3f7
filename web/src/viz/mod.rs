//! One module per visualization: each maps its family's core state onto
//! the shared widgets.

pub mod chrome;
pub mod filters;
pub mod raft;
