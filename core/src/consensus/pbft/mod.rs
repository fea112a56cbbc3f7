//! Practical Byzantine Fault Tolerance, as in Castro & Liskov, "Practical
//! Byzantine Fault Tolerance", OSDI 1999.
//!
//! # The algorithm
//!
//! `n = 3f + 1` replicas (ids `0..n`) tolerate `f` Byzantine ones; node
//! `n` is the client. Replicas move through *views*; the primary of view
//! `v` is replica `v mod n` (§4).
//!
//! * **Request.** The client sends its request to the primary, and, when
//!   no answer comes in time, to every replica (which forward it to the
//!   primary and start a view-change timer).
//! * **Pre-prepare.** The primary gives the request the next sequence
//!   number `s` and multicasts `PrePrepare(v, s, d, m)` with the request's
//!   digest `d`. A backup accepts it if it is in view `v`, the digest is
//!   right, `s` lies between the watermarks, and it accepted no other
//!   digest for `(v, s)`.
//! * **Prepare.** Each backup multicasts `Prepare(v, s, d)`. A replica is
//!   *prepared* for `(v, s, d)` when it has the pre-prepare and `2f`
//!   matching prepares from different backups (§4.2): then no other digest
//!   can be prepared for `(v, s)` at an honest replica.
//! * **Commit.** A prepared replica multicasts `Commit(v, s, d)`; with
//!   `2f + 1` matching commits it is *committed-local*, and executes the
//!   request once every lower sequence number is executed, replying to the
//!   client.
//! * **Reply.** The client accepts a result once `f + 1` replicas sent the
//!   same one: at least one of them is honest.
//! * **Checkpoints** (§4.3). Every `checkpoint_interval` executions a
//!   replica multicasts `Checkpoint(s, digest of state)`; `2f + 1` matching
//!   ones make it *stable*: the log up to `s` is discarded and the low
//!   watermark moves to `s`. A replica that is behind a stable checkpoint
//!   fetches the state and checks it against the certified digest.
//! * **View change** (§4.4). A backup whose timer expires while a request
//!   waits moves to view `v + 1` and multicasts `ViewChange` with its
//!   stable checkpoint and a certificate for every request it has prepared
//!   above it. The new primary, with `2f + 1` of them, multicasts
//!   `NewView` carrying them and pre-prepares for every sequence number
//!   from the highest stable checkpoint to the highest prepared one: the
//!   prepared request of the highest view, or a null request. Backups
//!   recompute that set from the carried view changes before accepting.
//!   A replica that sees `f + 1` view changes for higher views joins the
//!   smallest of them; each failed view change doubles the timeout.
//!
//! ```text
//!  client  primary   backup 1  backup 2  backup 3
//!    │─req─►│
//!    │      │─pre-prepare─►│─────────►│────────►│
//!    │      │◄──── prepare (every backup to all) ──►│
//!    │      │◄──── commit (every replica to all) ──►│
//!    │◄──────────── reply (every replica) ──────────│
//! ```
//!
//! # Byzantine behaviour
//!
//! [`Behaviour`] is injected on a replica with [`Command::Behave`]:
//! *silent* (handles nothing, sends nothing), *equivocate* (as primary it
//! pre-prepares the client's request to the first backup and a null request
//! to the others; as primary or backup it prepares and commits every digest
//! it sees for a sequence number), *wrong digests* (prepares and commits
//! carry a corrupted digest) and *lying replies* (replies with a wrong
//! result). Signatures and MACs are not modelled: a replica cannot forge
//! another's message, and a Byzantine one never lies in its view-change
//! certificates (its lies are the four behaviours).
//!
//! # Safety
//!
//! [`PbftInvariants`] checks after every step that no two honest replicas
//! commit different requests at the same sequence number, and that every
//! result the client accepts is one an honest replica computed. With at
//! most `f` Byzantine replicas both hold under any crashes, partitions and
//! loss; with `f + 1` they can fail, as
//! [`scenario::too_many_byzantine`] shows.
//! [`PbftConfig::unsafe_new_view_ignores_prepared`], for demonstration
//! only, drops the rule that a NewView re-proposes every prepared request;
//! the sweep then finds honest replicas that disagree.
//!
//! # Durability
//!
//! A replica keeps its whole protocol state across a crash (as if it were
//! logged to disk): a crash is then a long pause, which the protocol's
//! asynchrony covers. Timers are re-armed on restart.

mod checkpoint;
mod client;
mod counts;
mod invariants;
mod node;
mod replica;
mod request;
pub mod scenario;
mod sweep;
mod view_change;

pub use client::Client;
pub use counts::{expected_messages, failure_free_messages};
pub use invariants::{AGREEMENT, PbftInvariants, VALID_REPLY};
pub use node::{PbftConfig, PbftNode};
pub use replica::{Phase, Replica};
pub use request::{Payload, Request, digest};
pub use sweep::{sweep_run, sweep_seed};

use crate::sim::NodeId;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// A replica's Byzantine behaviour (honest unless set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Behaviour {
    #[default]
    Honest,
    Silent,
    Equivocate,
    WrongDigests,
    LyingReplies,
}

impl Behaviour {
    pub const BYZANTINE: [Behaviour; 4] = [
        Behaviour::Silent,
        Behaviour::Equivocate,
        Behaviour::WrongDigests,
        Behaviour::LyingReplies,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Behaviour::Honest => "honest",
            Behaviour::Silent => "silent",
            Behaviour::Equivocate => "equivocate",
            Behaviour::WrongDigests => "wrong digests",
            Behaviour::LyingReplies => "lying replies",
        }
    }
}

/// A certificate that a replica prepared `payload` at `seq` in `view`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PreparedProof {
    pub view: u64,
    pub seq: u64,
    pub digest: u64,
    pub payload: Payload,
}

/// A replica's view-change message content.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ViewChangeInfo {
    /// Its stable checkpoint's sequence number.
    pub stable: u64,
    /// What it prepared above that checkpoint (highest view per seq).
    pub prepared: Vec<PreparedProof>,
}

/// The state a checkpoint certifies: the service state, and the last
/// reply to each client (so a request is never executed twice).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Snapshot {
    pub seq: u64,
    pub state: u64,
    pub replies: BTreeMap<NodeId, (u64, u64)>,
}

/// PBFT messages.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    Request(Request),
    PrePrepare {
        view: u64,
        seq: u64,
        digest: u64,
        payload: Payload,
    },
    Prepare {
        view: u64,
        seq: u64,
        digest: u64,
    },
    Commit {
        view: u64,
        seq: u64,
        digest: u64,
    },
    Reply {
        view: u64,
        timestamp: u64,
        result: u64,
    },
    Checkpoint {
        seq: u64,
        digest: u64,
    },
    /// Asks for the state at a stable checkpoint.
    FetchState {
        seq: u64,
    },
    State(Snapshot),
    ViewChange {
        view: u64,
        info: ViewChangeInfo,
    },
    NewView {
        view: u64,
        proofs: Vec<(NodeId, ViewChangeInfo)>,
        pre_prepares: Vec<(u64, u64, Payload)>,
    },
}

impl Message {
    /// A short name of the message's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Request(_) => "request",
            Message::PrePrepare { .. } => "pre-prepare",
            Message::Prepare { .. } => "prepare",
            Message::Commit { .. } => "commit",
            Message::Reply { .. } => "reply",
            Message::Checkpoint { .. } => "checkpoint",
            Message::FetchState { .. } => "fetch-state",
            Message::State(_) => "state",
            Message::ViewChange { .. } => "view-change",
            Message::NewView { .. } => "new-view",
        }
    }
}

/// PBFT timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    /// A replica waited too long for a request, or for a view change.
    ViewChange,
    /// The client waited too long for `f + 1` matching replies.
    Retransmit,
}

/// What a person asks a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// To the client: submit an operation.
    Submit(u64),
    /// To a replica: behave like this from now on.
    Behave(Behaviour),
}
