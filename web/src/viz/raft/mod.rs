//! The Raft visualization.

mod page;
pub mod params;
pub mod view;

pub use page::RaftPage;
pub use params::{RaftCommands, RaftParams, RaftScenario};
