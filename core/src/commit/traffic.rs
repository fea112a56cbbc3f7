//! Messages counted per transaction and phase, for the pages' counters and
//! the lab's `messages` experiment.
//!
//! The counts are instrumentation, not protocol state: they survive a crash
//! so the page's totals do not drop when a node restarts.

use super::{Message, TxId};
use alloc::collections::BTreeMap;

/// The phase a message belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TrafficPhase {
    /// Vote request and vote.
    Voting,
    /// 3PC: pre-commit and its acknowledgement.
    PreCommit,
    /// The outcome and its acknowledgement.
    Outcome,
    /// Processes in doubt asking, answering and terminating.
    Termination,
}

impl TrafficPhase {
    pub const ALL: [TrafficPhase; 4] = [
        TrafficPhase::Voting,
        TrafficPhase::PreCommit,
        TrafficPhase::Outcome,
        TrafficPhase::Termination,
    ];

    pub fn of(message: &Message) -> Self {
        match message {
            Message::VoteRequest { .. } | Message::Vote { .. } => TrafficPhase::Voting,
            Message::PreCommit { .. } | Message::PreCommitAck { .. } => TrafficPhase::PreCommit,
            Message::Decision { .. } | Message::Ack { .. } => TrafficPhase::Outcome,
            Message::DecisionRequest { .. }
            | Message::Uncertain { .. }
            | Message::StateRequest { .. }
            | Message::State { .. } => TrafficPhase::Termination,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Messages one node sent, per transaction and phase.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Traffic {
    sent: BTreeMap<TxId, [u32; 4]>,
}

impl Traffic {
    pub fn record(&mut self, message: &Message) {
        self.sent.entry(message.tx()).or_default()[TrafficPhase::of(message).index()] += 1;
    }

    /// Messages sent about `tx` in `phase`.
    pub fn count(&self, tx: TxId, phase: TrafficPhase) -> u32 {
        self.sent.get(&tx).map_or(0, |c| c[phase.index()])
    }

    /// Messages sent about `tx`, every phase.
    pub fn total(&self, tx: TxId) -> u32 {
        self.sent.get(&tx).map_or(0, |c| c.iter().sum())
    }
}
