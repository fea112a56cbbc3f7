//! The clocks page: a space-time diagram of processes computing, sending
//! and receiving, every event labelled with its Lamport timestamp and
//! vector clock; click an event to see its causal past, its future and
//! what is concurrent with it.

mod diagram;
mod page;
mod scenario;

pub use page::ClocksPage;
pub use scenario::{ClocksScenario, decode_ops, encode_ops};
