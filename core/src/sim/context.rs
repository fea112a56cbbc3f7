//! What a handler sees and how it acts: the current time, its identity, its
//! peers, its random stream, and an outbox of effects.

use super::node::{Node, NodeId};
use super::rng::NodeRng;
use super::time::Time;
use alloc::string::String;
use alloc::vec::Vec;

/// One effect a handler asks for; the simulator carries it out after the
/// handler returns.
#[derive(Clone, Debug)]
pub enum Effect<N: Node> {
    Send { to: NodeId, msg: N::Msg },
    SetTimer { timer: N::Timer, after: Time },
    CancelTimer { timer: N::Timer },
    Note(String),
}

/// The handler's window onto the world.
pub struct Context<'a, N: Node> {
    now: Time,
    id: NodeId,
    node_count: usize,
    rng: &'a mut NodeRng,
    effects: &'a mut Vec<Effect<N>>,
}

impl<'a, N: Node> Context<'a, N> {
    pub(crate) fn new(
        now: Time,
        id: NodeId,
        node_count: usize,
        rng: &'a mut NodeRng,
        effects: &'a mut Vec<Effect<N>>,
    ) -> Self {
        Self {
            now,
            id,
            node_count,
            rng,
            effects,
        }
    }

    /// This node's **local clock** reading, in microseconds.
    ///
    /// With no clock skew it equals the simulated time of the step. After a
    /// [`Fault::SetClockRate`](super::Fault::SetClockRate) it runs at that
    /// rate (continuous and never backwards), as a real node's clock would:
    /// comparing it with a timestamp from another node can mislead, which
    /// is the point. The trace keeps real simulated time.
    pub fn now(&self) -> Time {
        self.now
    }

    /// This node's id.
    pub fn id(&self) -> NodeId {
        self.id
    }

    /// The number of nodes in the simulation (ids are `0..node_count`).
    pub fn node_count(&self) -> usize {
        self.node_count
    }

    /// Every other node's id, in ascending order.
    pub fn peers(&self) -> impl Iterator<Item = NodeId> + use<N> {
        let me = self.id;
        (0..self.node_count).filter(move |&p| p != me)
    }

    /// This node's own random stream.
    pub fn rng(&mut self) -> &mut NodeRng {
        self.rng
    }

    /// Sends `msg` to `to` through the network.
    pub fn send(&mut self, to: NodeId, msg: N::Msg) {
        self.effects.push(Effect::Send { to, msg });
    }

    /// Sends `msg` to every peer.
    pub fn broadcast(&mut self, msg: N::Msg) {
        for to in self.peers() {
            self.effects.push(Effect::Send {
                to,
                msg: msg.clone(),
            });
        }
    }

    /// Fires `timer` after `after` microseconds of this node's local clock
    /// (see [`Context::now`]), replacing an equal pending timer. A clock
    /// running at twice the real rate fires it after `after / 2` of
    /// simulated time (rounded up, so never early by the local clock).
    pub fn set_timer(&mut self, timer: N::Timer, after: Time) {
        self.effects.push(Effect::SetTimer { timer, after });
    }

    /// Cancels a pending timer equal to `timer`, if any.
    pub fn cancel_timer(&mut self, timer: N::Timer) {
        self.effects.push(Effect::CancelTimer { timer });
    }

    /// Puts a label on the timeline.
    pub fn note(&mut self, text: impl Into<String>) {
        self.effects.push(Effect::Note(text.into()));
    }
}
