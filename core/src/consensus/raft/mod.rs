//! Raft, as in Ongaro & Ousterhout, "In Search of an Understandable
//! Consensus Algorithm (Extended Version)", 2014.
//!
//! # The algorithm
//!
//! Servers are followers, candidates or leaders. Time is divided into
//! *terms*; each begins with an election. A follower that hears nothing
//! from a leader for a randomized *election timeout* becomes a candidate:
//! it increments its term, votes for itself and asks the others for votes
//! (RequestVote). A server grants at most one vote per term, and only to a
//! candidate whose log is at least as up to date as its own (§5.4.1). A
//! candidate with votes from a majority becomes leader and sends
//! AppendEntries to everyone, empty ones as heartbeats.
//!
//! The leader appends client commands to its log and replicates them with
//! AppendEntries, which carries the index and term of the entry before the
//! new ones; a follower accepts only if its log matches there (the
//! consistency check), and otherwise answers with a hint that lets the
//! leader skip back a whole term at a time (the "fast backtracking" of
//! §5.3). An entry is committed once the leader has replicated an entry *of
//! its own term* on a majority (§5.4.2, Figure 8); committed entries are
//! applied in log order. Any message with a higher term makes the receiver
//! adopt that term and step down to follower.
//!
//! `currentTerm`, `votedFor` and the log are durable and survive
//! [`Fault::Restart`](crate::sim::Fault); everything else is volatile.
//!
//! ```text
//!   times out,            receives votes from
//!   starts election       a majority of servers
//! Follower ──────► Candidate ──────────────► Leader
//!    ▲  ▲              │ times out, new election │
//!    │  └──────────────┘ discovers current leader │
//!    └──────────── discovers a higher term ───────┘
//! ```
//!
//! The five properties of Figure 3 are checked after every step by
//! [`RaftInvariants`].

mod experiments;
mod figure16;
mod invariants;
mod log;
mod node;
pub mod scenario;

pub use experiments::{SweepOutcome, sweep_seed};
pub use figure16::{
    ElectionTiming, Figure16Setup, LogLengths, PAPER, PAPER_JITTER, PAPER_LATENCY,
    PAPER_PROCESSING, PaperNumber, Statistic, election_downtime, jittered,
};
pub use invariants::RaftInvariants;
pub use log::{Entry, LogIndex, RaftLog};
pub use node::{RaftConfig, RaftNode, Role};

use crate::sim::NodeId;
use alloc::vec::Vec;

/// Messages between Raft servers (Figure 2).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    RequestVote {
        term: u64,
        last_log_index: LogIndex,
        last_log_term: u64,
    },
    Vote {
        term: u64,
        granted: bool,
    },
    AppendEntries {
        term: u64,
        prev_log_index: LogIndex,
        prev_log_term: u64,
        entries: Vec<Entry>,
        leader_commit: LogIndex,
    },
    /// The reply to AppendEntries. On success `match_index` is the last
    /// index known to match; on failure `conflict_term`/`conflict_index`
    /// tell the leader where to retry.
    AppendReply {
        term: u64,
        success: bool,
        match_index: LogIndex,
        conflict_term: Option<u64>,
        conflict_index: LogIndex,
    },
}

impl Message {
    /// The sender's term.
    pub fn term(&self) -> u64 {
        match self {
            Message::RequestVote { term, .. }
            | Message::Vote { term, .. }
            | Message::AppendEntries { term, .. }
            | Message::AppendReply { term, .. } => *term,
        }
    }
}

/// Raft's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    Election,
    Heartbeat,
}

/// What a client or a person can ask a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// Append this value to the replicated log (only a leader accepts).
    Propose(u64),
    /// Start an election now (as if the election timer fired).
    TimeoutNow,
}

/// The id of the server a node currently believes to lead, if any.
pub type LeaderHint = Option<NodeId>;
