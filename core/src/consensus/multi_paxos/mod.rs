//! Multi-Paxos: a replicated log of slots, one Paxos instance per slot,
//! with a stable leader that runs phase 1 once for all of them (Lamport,
//! "Paxos Made Simple", 2001, §3; van Renesse & Altinbuken, "Paxos Made
//! Moderately Complex", ACM Computing Surveys 47(3), 2015).
//!
//! # The algorithm
//!
//! Every node is an acceptor and a learner; one at a time leads.
//!
//! * **Leader election by ballot.** A node that hears nothing from a
//!   leader for a randomized election timeout becomes a candidate: it picks
//!   a [`Ballot`] above any it has seen and sends `Prepare(b, from)`, where
//!   `from` is the first slot it does not know to be chosen. One Prepare
//!   covers *every* slot from there on. An acceptor promises `b` for all
//!   slots and reports everything it has accepted at or after `from`.
//! * **Taking over the log.** With promises from a majority the candidate
//!   leads. For each slot up to the highest one reported it proposes the
//!   value of the highest-ballot proposal reported there (the P2c rule of
//!   single-decree Paxos); a slot nobody reported is a **gap**, filled with
//!   a [`LogValue::Noop`] so that later slots can be applied (§3 of "Paxos
//!   Made Simple": the new leader proposes a no-op that leaves the state
//!   unchanged).
//! * **Skipping phase 1.** From then on a client command goes straight to
//!   phase 2: `Accept(b, slot, value)` for the next free slot; a majority
//!   of `Accepted` makes it chosen and the leader announces `Chosen`. A
//!   command costs `3 (N − 1)` messages instead of `5 (N − 1)`.
//! * **Heartbeats** carry the leader's ballot and its chosen prefix; a
//!   follower behind that prefix asks to [`Message::CatchUp`]. The leader
//!   also re-sends Accept for slots not yet chosen, so loss only delays.
//! * **Learners apply a gap-free prefix in order**: a chosen slot is
//!   applied only once every slot before it is chosen and applied.
//!
//! A message with a higher ballot (a Prepare, or a Reject telling of one)
//! makes a leader or candidate step down.
//!
//! ```text
//!  slot:    1     2     3     4
//!  leader A: v1    v2    v3            (v2's Accept reached only A)
//!  A crashes; B's Prepare collects {1: v1, 3: v3} from a majority
//!  leader B: v1   noop   v3    v4      (gap 2 filled, phase 1 skipped for 4)
//! ```
//!
//! # Durability
//!
//! The acceptor's promise and accepted proposals, the chosen log (and so
//! the applied prefix) and the highest round seen survive a restart; the
//! role, the leader's proposals in progress and the election are volatile.
//!
//! # Safety
//!
//! [`MultiPaxosInvariants`] checks after every step that at most one value
//! is chosen per slot and that every node has applied a gap-free prefix of
//! chosen values. [`MultiPaxosConfig::unsafe_ignore_promised_values`], for
//! demonstration only, makes a new leader ignore the reported proposals;
//! the sweep then finds a slot with two chosen values.

mod acceptor;
mod counts;
mod invariants;
mod learner;
mod node;
pub mod scenario;
mod sweep;

pub use super::paxos::Ballot;
pub use acceptor::SlotAcceptor;
pub use counts::{expected_messages, failure_free_messages};
pub use invariants::{MultiPaxosInvariants, PREFIX_APPLY, SLOT_AGREEMENT};
pub use learner::Learner;
pub use node::{MultiPaxosConfig, MultiPaxosNode, Role};
pub use sweep::sweep_seed;

use alloc::vec::Vec;

/// A position in the log, from 1.
pub type Slot = u64;

/// What a slot holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LogValue {
    /// Fills a gap left by a previous leader.
    Noop,
    /// A client command.
    Command(u64),
}

/// Messages between Multi-Paxos nodes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    /// Phase 1a for every slot from `from` on.
    Prepare { ballot: Ballot, from: Slot },
    /// Phase 1b: every proposal accepted at or after `from`.
    Promise {
        ballot: Ballot,
        accepted: Vec<(Slot, Ballot, LogValue)>,
    },
    /// Phase 2a for one slot.
    Accept {
        ballot: Ballot,
        slot: Slot,
        value: LogValue,
    },
    /// Phase 2b.
    Accepted { ballot: Ballot, slot: Slot },
    /// The sender promised `promised`, above `ballot`.
    Reject { ballot: Ballot, promised: Ballot },
    /// Slot `slot` is chosen with `value`.
    Chosen { slot: Slot, value: LogValue },
    /// The leader is alive; it knows every slot up to `chosen_prefix`.
    Heartbeat { ballot: Ballot, chosen_prefix: Slot },
    /// A follower asks for the chosen slots from `from` on.
    CatchUp { from: Slot },
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
            Message::Heartbeat { .. } => "heartbeat",
            Message::CatchUp { .. } => "catch-up",
        }
    }
}

/// Multi-Paxos timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    /// A follower heard no leader, or a candidate's election took too long.
    Election,
    /// The leader's heartbeat and re-send tick.
    Heartbeat,
}

/// What a client or a person asks a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// Append a command to the log (only a leader accepts it).
    Submit(u64),
    /// Start an election now.
    TimeoutNow,
}
