//! The Raft visualization.

pub mod params;

pub use params::{RaftCommands, RaftParams, RaftScenario};
