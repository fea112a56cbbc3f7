//! The trace: one record per step, the source of truth for every view.
//!
//! A record says what the step was (a start, a delivery, a drop, a timer, an
//! input), which messages it sent and what became of each (in flight until
//! a given time, lost, or blocked by a partition), the notes the node wrote,
//! and the safety properties that failed after it. Views derive everything
//! else — a message's position on screen is a function of `sent_at`,
//! `deliver_at` and the cursor time.

use super::fault::{Action, MessageId};
use super::invariant::Violation;
use super::node::{Node, NodeId};
use super::time::Time;
use alloc::string::String;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Envelope<M> {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Time,
    pub deliver_at: Time,
    pub msg: M,
}

/// What the network did with a message when it was sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Fate {
    /// Scheduled to arrive at this time (it may still be dropped on arrival).
    InFlight { deliver_at: Time },
    /// Lost by the link's loss probability.
    Lost,
    /// Blocked by a partition or a cut link.
    Blocked,
}

/// Why a message in flight did not reach its handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DropReason {
    /// The destination was crashed when it arrived.
    NodeDown,
    /// A partition cut the link while it was in flight.
    Partitioned,
}

/// A message sent during a step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SentMessage<M> {
    pub id: MessageId,
    pub from: NodeId,
    pub to: NodeId,
    pub sent_at: Time,
    pub fate: Fate,
    /// Set when the network (or a fault) duplicated message `copy_of`.
    pub copy_of: Option<MessageId>,
    pub msg: M,
}

/// What one step was.
#[derive(Clone, Debug)]
pub enum StepEvent<N: Node> {
    /// A node's `on_start` ran.
    Started(NodeId),
    /// A message reached its handler.
    Delivered(Envelope<N::Msg>),
    /// A message in flight was dropped on arrival.
    Dropped {
        envelope: Envelope<N::Msg>,
        reason: DropReason,
    },
    /// A timer fired.
    TimerFired { node: NodeId, timer: N::Timer },
    /// An input (fault or command) was applied. `effective` is false when it
    /// changed nothing (a command to a crashed node, a drop of a message no
    /// longer in flight, …).
    Input {
        action: Action<N::Command>,
        effective: bool,
    },
}

impl<N: Node> Hash for StepEvent<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        match self {
            StepEvent::Started(n) => (0u8, n).hash(state),
            StepEvent::Delivered(e) => (1u8, e).hash(state),
            StepEvent::Dropped { envelope, reason } => (2u8, envelope, reason).hash(state),
            StepEvent::TimerFired { node, timer } => (3u8, node, timer).hash(state),
            StepEvent::Input { action, effective } => (4u8, action, effective).hash(state),
        }
    }
}

/// Everything one step did.
#[derive(Clone, Debug)]
pub struct StepRecord<N: Node> {
    /// The step's index: the world had taken this many steps before it.
    pub step: u64,
    pub time: Time,
    pub event: StepEvent<N>,
    /// The node whose handler ran, if any.
    pub actor: Option<NodeId>,
    pub sent: Vec<SentMessage<N::Msg>>,
    pub notes: Vec<String>,
    pub violations: Vec<Violation>,
}

impl<N: Node> Hash for StepRecord<N> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.step.hash(state);
        self.time.hash(state);
        self.event.hash(state);
        self.actor.hash(state);
        self.sent.hash(state);
        self.notes.hash(state);
        self.violations.hash(state);
    }
}
