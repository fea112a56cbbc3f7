//! Consensus protocols.
//!
//! * [`raft`]: Raft (Ongaro & Ousterhout, 2014).
pub mod raft;
