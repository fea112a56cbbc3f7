//! The Raft visualization: an adapter on the shared simulation page.

mod adapter;
mod scenarios;

pub use adapter::{MAX_SERVERS, RAFT, RaftAdapter, RaftCommands};
pub use scenarios::SCENARIOS;
