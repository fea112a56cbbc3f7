//! Single-decree Paxos, as in Lamport, "The Part-Time Parliament" (ACM
//! TOCS 16(2), 1998) and "Paxos Made Simple" (2001).
//!
//! # The algorithm
//!
//! Every node plays all three roles: **proposer**, **acceptor** and
//! **learner**. A node becomes an active proposer when a client gives it a
//! value ([`Command::Propose`]). Proposals are numbered by [`Ballot`]s,
//! pairs `(round, proposer)` ordered by round and then by node id, so two
//! proposers never use the same ballot ("Paxos Made Simple" §2.5 has
//! proposers draw their numbers from disjoint sets).
//!
//! * **Phase 1a — Prepare(b).** The proposer picks a ballot higher than any
//!   it has seen and sends it to every acceptor.
//! * **Phase 1b — Promise(b, accepted).** An acceptor that has promised
//!   nothing higher promises never to accept a ballot below `b` and replies
//!   with the highest-ballot proposal it has accepted, if any. Otherwise it
//!   answers [`Message::Reject`] with what it promised (an optimisation the
//!   paper suggests so that a proposer abandons a hopeless ballot).
//! * **Phase 2a — Accept(b, v).** With promises from a majority, the
//!   proposer must propose the value of the highest-ballot proposal reported
//!   in those promises, and only if none was reported its own value.
//!   This is the rule that makes Paxos safe ("Paxos Made Simple", P2c).
//! * **Phase 2b — Accepted(b, v).** An acceptor accepts unless it has
//!   promised a higher ballot, and tells the proposer.
//! * **Learning.** A value is *chosen* once a majority of acceptors has
//!   accepted it in one ballot. The proposer acts as the distinguished
//!   learner (§2.3): it counts the Accepted replies and announces
//!   [`Message::Chosen`] to everyone. A node that already knows the chosen
//!   value answers any Prepare or Accept with Chosen, so laggards learn.
//!
//! ```text
//!  proposer          acceptors (majority)         learners
//!     │── Prepare(b) ──────►│
//!     │◄── Promise(b, acc) ─│
//!     │── Accept(b, v) ────►│
//!     │◄── Accepted(b, v) ──│
//!     │── Chosen(v) ───────────────────────────────────►│
//! ```
//!
//! A failure-free decision by one proposer among `N` nodes costs
//! `5 (N − 1)` messages: one of each kind per other node (the proposer's own
//! acceptor answers it without the network). See [`failure_free_messages`].
//!
//! # Duelling proposers
//!
//! A proposer is *pre-empted* when an acceptor rejects its round, or when
//! its own acceptor promises a higher ballot (its round can then no longer
//! count on itself). Two proposers can pre-empt each other forever: each
//! one's Prepare reaches the acceptors between the other's Prepare and its
//! Accept, so every Accept is rejected ("Paxos Made Simple" §2.4; the FLP
//! result says some such run always exists). With [`Backoff::None`] a
//! pre-empted proposer starts a higher round at once, and in
//! [`scenario::duelling_proposers`] (three nodes, equal latencies `d`)
//! every new Prepare reaches the swing acceptor `2d` after the rival's,
//! strictly before the rival's Accept at `3d`: the ballots climb for ever
//! and nothing is chosen. With [`Backoff::Randomized`] it waits a random
//! time first, one proposer gets through both phases undisturbed and a
//! value is chosen — the paper's remedy is a distinguished proposer chosen
//! with randomness or timeouts.
//!
//! # Durability
//!
//! An acceptor's promise and accepted proposal, the learned value and the
//! highest round a proposer has used survive [`Fault::Restart`]; a
//! proposer's round in progress does not (it is retried by its client).
//!
//! [`Fault::Restart`]: crate::sim::Fault::Restart
//!
//! # Safety
//!
//! [`PaxosInvariants`] checks after every step that at most one value is
//! chosen, that only a proposed value is chosen, and that a ballot carries
//! one value. [`PaxosConfig::unsafe_ignore_promised_value`] removes the P2c
//! rule, for demonstration only: the sweep then finds runs with two chosen
//! values.

mod acceptor;
mod counts;
mod invariants;
mod node;
pub mod scenario;
mod sweep;

pub use acceptor::Acceptor;
pub use counts::{expected_messages, failure_free_messages};
pub use invariants::{AT_MOST_ONE_CHOSEN, ONE_VALUE_PER_BALLOT, ONLY_PROPOSED, PaxosInvariants};
pub use node::{Backoff, PaxosConfig, PaxosNode, ProposerPhase};
pub use sweep::sweep_seed;

use crate::sim::NodeId;

/// A proposal number: unique per proposer because it carries the
/// proposer's id; ordered by round, then by proposer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Ballot {
    pub round: u64,
    pub proposer: NodeId,
}

impl Ballot {
    pub fn new(round: u64, proposer: NodeId) -> Self {
        Self { round, proposer }
    }
}

impl core::fmt::Display for Ballot {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}.{}", self.round, self.proposer)
    }
}

/// A value a client proposes.
pub type Value = u64;

/// Messages between Paxos nodes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    /// Phase 1a.
    Prepare { ballot: Ballot },
    /// Phase 1b: the acceptor's highest accepted proposal, if any.
    Promise {
        ballot: Ballot,
        accepted: Option<(Ballot, Value)>,
    },
    /// Phase 2a.
    Accept { ballot: Ballot, value: Value },
    /// Phase 2b, to the proposer.
    Accepted { ballot: Ballot, value: Value },
    /// A Prepare or Accept for `ballot` refused: the acceptor promised
    /// `promised`.
    Reject { ballot: Ballot, promised: Ballot },
    /// The value is chosen (from a learner that knows it).
    Chosen { value: Value },
}

impl Message {
    /// A short name of the message's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Prepare { .. } => "prepare",
            Message::Promise { .. } => "promise",
            Message::Accept { .. } => "accept",
            Message::Accepted { .. } => "accepted",
            Message::Reject { .. } => "reject",
            Message::Chosen { .. } => "chosen",
        }
    }
}

/// Paxos timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    /// Start a new round (after a backoff, or when a round took too long).
    Retry,
}

/// What a client or a person asks a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// Become a proposer for this value (ignored once a value is learned).
    Propose(Value),
}
