//! The Raft visualization.

mod page;
pub mod params;
mod partition;
pub mod view;

pub use page::RaftPage;
pub use params::{RaftCommands, RaftParams, RaftScenario};
