//! The state-machine interface every message-passing protocol implements.

use super::context::Context;
use super::invariant::Invariants;
use core::fmt::Debug;
use core::hash::Hash;

/// A node's index in the simulation, `0..n`.
pub type NodeId = usize;

/// Whether a node is running.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum NodeStatus {
    Up,
    Crashed,
}

/// A protocol participant driven by the simulator.
///
/// Handlers never fail: a protocol's "no" is a message. Messages, timers and
/// commands are `Hash` so they enter the trace digest.
pub trait Node: Clone + Debug {
    /// What nodes send each other.
    type Msg: Clone + Debug + Hash;
    /// A timer's identity; setting a timer equal to a pending one replaces it.
    type Timer: Clone + Debug + Hash + PartialEq;
    /// What a person or a client asks a node to do.
    type Command: Clone + Debug + Hash;
    /// The protocol's safety properties, checked after every step.
    type Invariants: Invariants<Self> + Default + Debug;

    /// Called once, at time zero.
    fn on_start(&mut self, cx: &mut Context<'_, Self>);
    /// A message from `from` arrived.
    fn on_message(&mut self, from: NodeId, msg: Self::Msg, cx: &mut Context<'_, Self>);
    /// A timer fired.
    fn on_timer(&mut self, timer: Self::Timer, cx: &mut Context<'_, Self>);
    /// A command from outside (a client or a person).
    fn on_command(&mut self, cmd: Self::Command, cx: &mut Context<'_, Self>);
    /// The node restarts after a crash: it must drop its volatile state and
    /// keep its durable state. Its timers were cancelled by the crash.
    fn on_restart(&mut self, cx: &mut Context<'_, Self>);
}
