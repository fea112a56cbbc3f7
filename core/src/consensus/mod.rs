//! Consensus protocols.
//!
//! * [`raft`]: Raft (Ongaro & Ousterhout, 2014).
//! * [`paxos`]: single-decree Paxos (Lamport, 1998 and 2001).
//! * [`multi_paxos`]: Multi-Paxos, a log of Paxos instances under a stable
//!   leader.
//! * [`fast_paxos`]: Fast Paxos (Lamport, 2006).
//! * [`pbft`]: Practical Byzantine Fault Tolerance (Castro & Liskov, 1999).
//!
//! [`sweep`] holds what their seed sweeps share; [`compare`] runs Raft and
//! Multi-Paxos side by side.
pub mod compare;
pub mod fast_paxos;
pub mod multi_paxos;
pub mod paxos;
pub mod pbft;
pub mod raft;
pub mod sweep;
