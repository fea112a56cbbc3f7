//! Atomic commitment: two-phase commit and three-phase commit.
//!
//! A transaction touches data on several *participants*; a *coordinator*
//! must make all of them commit it or all of them abort it, even when
//! processes crash and messages are lost. Node 0 is the coordinator, nodes
//! `1..n` are the participants. Each transaction writes one key on every
//! participant; a participant that votes yes locks that key until it learns
//! the outcome, so a participant left in doubt visibly holds its locks and a
//! later transaction on the same key is refused.
//!
//! # Two-phase commit ([`Protocol::TwoPhase`])
//!
//! Gray, "Notes on Data Base Operating Systems", 1978; Bernstein, Hadzilacos
//! & Goodman, *Concurrency Control and Recovery in Database Systems*, 1987,
//! §7.3–7.4. The coordinator logs `BEGIN` and sends PREPARE; each participant
//! force-writes its vote to its write-ahead log and answers; the coordinator
//! logs COMMIT if every vote was yes (ABORT otherwise, or when a vote does not
//! come in time), sends the decision, and logs END once every participant
//! acknowledged it. A participant that voted yes may not decide by itself: if
//! the coordinator falls silent it is **blocked**, holding its locks, until
//! the coordinator recovers from its log (§7.4) — or, with the *cooperative
//! termination protocol*, until another participant that knows the outcome,
//! or that never voted and may therefore abort, tells it.
//!
//! # Three-phase commit ([`Protocol::ThreePhase`])
//!
//! Skeen, "Nonblocking Commit Protocols", SIGMOD 1981; Bernstein et al. 1987,
//! §7.5. Between the vote and the commit sits a PRE-COMMIT round, so no
//! process can be *uncertain* while another has committed. Every state has a
//! timeout. A participant that times out runs the **termination protocol**:
//! the live participant with the lowest id that is still waiting collects
//! the others' states and decides — abort if anyone aborted or everyone is
//! uncertain, commit (after pre-committing the uncertain ones) if anyone is
//! pre-committed or committed. The timeouts are built from a bound on message
//! latency, which is what makes a silent process a crashed one. Under crashes
//! alone atomicity holds and nobody blocks (except after a *total* failure,
//! when the recovered processes must hear from everyone, as Skeen shows).
//! Under a network partition the two sides each run the termination protocol
//! and can decide differently: the [invariants](CommitInvariants) catch it.
//!
//! # Messages per transaction
//!
//! With `N` participants and no failures, two-phase commit sends `4N`
//! messages (prepare, vote, decision, acknowledgement per participant) and
//! three-phase commit `6N` (can-commit, vote, pre-commit, its acknowledgement,
//! do-commit, its acknowledgement).

//!
//! # Code
//!
//! One node type, [`CommitNode`], runs either protocol: the coordinator's
//! vote collection and acknowledgements and the participants' voting are the
//! same in both (`node.rs`, `ledger.rs`); `two_phase.rs` holds what only
//! two-phase commit does (blocking, cooperative termination) and
//! `three_phase.rs` what only three-phase commit does (the pre-commit round,
//! the termination protocol, recovery after a total failure).

mod config;
mod experiments;
mod invariants;
mod ledger;
mod node;
pub mod scenario;
mod three_phase;
mod traffic;
mod two_phase;
mod wal;

pub use config::CommitConfig;
pub use experiments::{FaultMix, SweepOutcome, failure_free_messages, sweep_seed};
pub use invariants::{
    ATOMICITY, CommitInvariants, CommitProcess, DECISION_STABILITY, UNANIMOUS_YES,
};
pub use ledger::{Ledger, LockTable};
pub use node::{CommitNode, Round, RoundStage};
pub use traffic::{Traffic, TrafficPhase};
pub use wal::{LogRecord, TxRecord, WriteAheadLog};

use crate::sim::NodeId;

/// A transaction's number, counting from 1.
pub type TxId = u64;

/// The coordinator is always node 0.
pub const COORDINATOR: NodeId = 0;

/// The keys transactions write, in turn: transaction `t` writes key
/// `(t - 1) % KEYS.len()`.
pub const KEYS: &[&str] = &["x", "y", "z"];

/// The key transaction `tx` writes.
pub fn key_of(tx: TxId) -> u8 {
    ((tx.saturating_sub(1)) % KEYS.len() as u64) as u8
}

/// Which protocol a cluster runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Protocol {
    TwoPhase,
    ThreePhase,
}

impl Protocol {
    /// The short name used by the lab and the pages: `2pc` or `3pc`.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::TwoPhase => "2pc",
            Protocol::ThreePhase => "3pc",
        }
    }

    /// Messages of one failure-free transaction per participant.
    pub fn messages_per_participant(self) -> u64 {
        match self {
            Protocol::TwoPhase => 4,
            Protocol::ThreePhase => 6,
        }
    }
}

/// A participant's answer to PREPARE (CAN-COMMIT).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Vote {
    Yes,
    No,
}

/// A transaction's outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Decision {
    Commit,
    Abort,
}

/// Where one process stands on one transaction, as its log says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TxPhase {
    /// Has not voted (a participant) or not begun (the coordinator).
    Init,
    /// Voted yes and does not know the outcome: READY in two-phase commit,
    /// WAIT in three-phase commit. The coordinator is here while it collects
    /// votes.
    Uncertain,
    /// Three-phase commit only: knows everyone voted yes.
    PreCommitted,
    Committed,
    Aborted,
}

impl TxPhase {
    /// The outcome, once there is one.
    pub fn decision(self) -> Option<Decision> {
        match self {
            TxPhase::Committed => Some(Decision::Commit),
            TxPhase::Aborted => Some(Decision::Abort),
            _ => None,
        }
    }

    pub fn of(decision: Decision) -> Self {
        match decision {
            Decision::Commit => TxPhase::Committed,
            Decision::Abort => TxPhase::Aborted,
        }
    }
}

/// What nodes send each other. Two-phase commit uses the first four kinds,
/// `DecisionRequest` and `Uncertain`; three-phase commit all but `Uncertain`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    /// PREPARE (2PC) or CAN-COMMIT? (3PC).
    VoteRequest {
        tx: TxId,
        key: u8,
    },
    Vote {
        tx: TxId,
        vote: Vote,
    },
    /// 3PC: everyone voted yes.
    PreCommit {
        tx: TxId,
    },
    PreCommitAck {
        tx: TxId,
    },
    /// COMMIT / ABORT (2PC), DO-COMMIT / ABORT (3PC).
    Decision {
        tx: TxId,
        decision: Decision,
    },
    Ack {
        tx: TxId,
    },
    /// A process in doubt asks for the outcome (recovery, cooperative
    /// termination).
    DecisionRequest {
        tx: TxId,
    },
    /// 2PC: "I am in doubt too".
    Uncertain {
        tx: TxId,
    },
    /// 3PC termination protocol: the new coordinator asks for states.
    StateRequest {
        tx: TxId,
    },
    /// 3PC: a process's state, and whether it crashed since it voted.
    State {
        tx: TxId,
        phase: TxPhase,
        recovered: bool,
    },
}

impl Message {
    /// The transaction the message is about.
    pub fn tx(&self) -> TxId {
        match *self {
            Message::VoteRequest { tx, .. }
            | Message::Vote { tx, .. }
            | Message::PreCommit { tx }
            | Message::PreCommitAck { tx }
            | Message::Decision { tx, .. }
            | Message::Ack { tx }
            | Message::DecisionRequest { tx }
            | Message::Uncertain { tx }
            | Message::StateRequest { tx }
            | Message::State { tx, .. } => tx,
        }
    }
}

/// Timers, each for one transaction except the first.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    /// Coordinator: start the next transaction.
    NextTransaction,
    /// Coordinator: the votes are late; abort.
    Votes(TxId),
    /// Coordinator: acknowledgements are late (resend, or in 3PC's
    /// pre-commit round, commit without them).
    Acks(TxId),
    /// Participant: the outcome is late (2PC: blocked, ask; 3PC: run the
    /// termination protocol).
    Outcome(TxId),
    /// Ask again for an outcome.
    Ask(TxId),
    /// 3PC termination: stop collecting states and decide.
    Collect(TxId),
    /// 3PC termination: pre-commit acknowledgements are late; commit.
    TerminationAcks(TxId),
}

impl Timer {
    /// The transaction the timer is about.
    pub fn tx(&self) -> Option<TxId> {
        match *self {
            Timer::NextTransaction => None,
            Timer::Votes(tx)
            | Timer::Acks(tx)
            | Timer::Outcome(tx)
            | Timer::Ask(tx)
            | Timer::Collect(tx)
            | Timer::TerminationAcks(tx) => Some(tx),
        }
    }
}

/// What a person asks a node to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// Coordinator: start one more transaction (after the current one).
    Begin,
    /// Participant: vote no on the next vote request.
    VoteNoNext,
}
