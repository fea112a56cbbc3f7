//! The one fault vocabulary shared by every protocol, and the inputs that
//! carry faults and commands into a run.
//!
//! An [`Input`] is applied *as* a step: `Input { at_step: 42, .. }` means
//! that step 42 of the run is that action. Recording inputs with their steps
//! is what makes a run reproducible from its seed alone.

use super::network::{Latency, Probability};
use super::node::NodeId;
use super::time::Time;
use alloc::vec::Vec;

/// Identifies one message sent during a run (unique within the run).
pub type MessageId = u64;

/// Something that goes wrong, or is repaired, on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Fault {
    /// The node stops; its volatile state and pending timers are lost.
    Crash(NodeId),
    /// A crashed node starts again from its durable state.
    Restart(NodeId),
    /// Splits the nodes into groups that cannot talk to each other (both
    /// directions); nodes in no group form one more group.
    Partition(Vec<Vec<NodeId>>),
    /// Blocks the directed link `from → to` only (an asymmetric cut).
    CutLink { from: NodeId, to: NodeId },
    /// Unblocks the directed link `from → to`.
    HealLink { from: NodeId, to: NodeId },
    /// Removes every partition and cut.
    Heal,
    /// Loses one message in flight.
    DropMessage(MessageId),
    /// Delivers one message in flight a second time, with a fresh latency.
    DuplicateMessage(MessageId),
    /// Holds one message in flight for `by` more microseconds.
    DelayMessage { id: MessageId, by: Time },
    /// Sets the loss probability of every link without its own.
    SetLoss(Probability),
    /// Sets the loss probability of one directed link.
    SetLinkLoss {
        from: NodeId,
        to: NodeId,
        loss: Probability,
    },
    /// Adds a fixed delay to one directed link.
    SetLinkDelay {
        from: NodeId,
        to: NodeId,
        extra: Time,
    },
    /// Sets the latency distribution of the whole network.
    SetLatency(Latency),
    /// Sets the probability that a message is delivered twice.
    SetDuplication(Probability),
}

/// One thing done to a run from outside: a fault, or a command to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Action<C> {
    Fault(Fault),
    Command { node: NodeId, command: C },
}

/// An action, the step it occupies and the simulated time it happens at.
///
/// The time matters because simulated time passes between events: a person
/// who waits and then crashes a node does so later than the last event.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Input<C> {
    pub at_step: u64,
    pub at_time: Time,
    pub action: Action<C>,
}
