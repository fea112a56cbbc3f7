//! Consensus protocols.
//!
//! * [`raft`]: Raft (Ongaro & Ousterhout, 2014).
//! * [`paxos`]: single-decree Paxos (Lamport, 1998 and 2001).
//!
//! [`sweep`] holds what their seed sweeps share.
pub mod paxos;
pub mod raft;
pub mod sweep;
