//! The trace: one record per step, the source of truth for every view.
//!
//! A record says what the step was (a start, a delivery, a drop, a timer, an
//! input), which messages it sent and what became of each (in flight until
//! a given time, lost, or blocked by a partition), the notes the node wrote,
//! and the safety properties that failed after it. Views derive everything
//! else — a message's position on screen is a function of `sent_at`,
//! `deliver_at` and the cursor time.
//!
//! A node that is busy (paused, or slow: see [`Fault::Pause`] and
//! [`Fault::SetProcessingDelay`]) holds what reaches it. A held event is
//! never lost silently: it appears as an ordinary step when it is finally
//! handled (or dropped, if the node crashed meanwhile), and that record's
//! [`StepRecord::held_since`] says when it first came due. A held message
//! keeps its `deliver_at` (when it reached the node), so a view draws it
//! waiting at its destination; a command that came during a pause runs as
//! a [`StepEvent::HeldCommand`] step.
//!
//! [`Fault::Pause`]: super::Fault::Pause
//! [`Fault::SetProcessingDelay`]: super::Fault::SetProcessingDelay

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
    /// A node's `on_start` ran — or, when the record has no actor, the
    /// node had been crashed before its start and stayed down.
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
    /// A command that came while its node was busy (the input step that
    /// brought it was earlier) reached the node's handler now; `handled` is
    /// false when the node had crashed meanwhile and the command was lost.
    HeldCommand {
        node: NodeId,
        command: N::Command,
        handled: bool,
    },
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
            StepEvent::HeldCommand {
                node,
                command,
                handled,
            } => (5u8, node, command, handled).hash(state),
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
    /// When the event first came due, if its node was busy (paused or
    /// slow) then and it waited until this step's `time`; `None` for
    /// nearly every step.
    pub held_since: Option<Time>,
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
        // Only held steps hash this, so runs without pauses keep their digests.
        if let Some(since) = self.held_since {
            (b'H', since).hash(state);
        }
    }
}
