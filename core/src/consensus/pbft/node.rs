//! The PBFT node type: a replica or the client, on the shared simulator.

use super::client::Client;
use super::replica::Replica;
use super::{Command, Message, PbftInvariants, Timer};
use crate::sim::{Context, Node, NodeId, Time, millis};

/// Parameters shared by replicas and the client.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PbftConfig {
    /// Tolerated Byzantine replicas; there are `3f + 1` replicas.
    pub f: usize,
    /// Executions between checkpoints.
    pub checkpoint_interval: u64,
    /// Sequence numbers above the low watermark a replica accepts.
    pub log_window: u64,
    /// A backup's first view-change timeout (doubled per failed view).
    pub view_change_timeout: Time,
    /// The client's retransmission timeout.
    pub client_timeout: Time,
    /// **For demonstration only: breaks safety.** A new primary ignores
    /// the prepared certificates in the view changes: its NewView
    /// re-proposes nothing and it numbers requests from the stable
    /// checkpoint on, so a sequence number committed in the old view can
    /// be given to another request.
    pub unsafe_new_view_ignores_prepared: bool,
}

impl Default for PbftConfig {
    fn default() -> Self {
        Self {
            f: 1,
            checkpoint_interval: 4,
            log_window: 64,
            view_change_timeout: millis(200),
            client_timeout: millis(150),
            unsafe_new_view_ignores_prepared: false,
        }
    }
}

impl PbftConfig {
    /// `3f + 1`.
    pub fn replicas(&self) -> usize {
        3 * self.f + 1
    }
    /// The client's node id (after the replicas).
    pub fn client_id(&self) -> NodeId {
        self.replicas()
    }
}

/// A PBFT node: one of the replicas, or the client.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)]
pub enum PbftNode {
    Replica(Replica),
    Client(Client),
}

impl PbftNode {
    pub fn replica(&self) -> Option<&Replica> {
        match self {
            PbftNode::Replica(r) => Some(r),
            PbftNode::Client(_) => None,
        }
    }
    pub fn client(&self) -> Option<&Client> {
        match self {
            PbftNode::Client(c) => Some(c),
            PbftNode::Replica(_) => None,
        }
    }
}

impl Node for PbftNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = PbftInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        if let PbftNode::Replica(r) = self {
            r.on_start(cx);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        match self {
            PbftNode::Replica(r) => r.on_message(from, msg, cx),
            PbftNode::Client(c) => c.on_message(from, msg, cx),
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match self {
            PbftNode::Replica(r) => r.on_timer(timer, cx),
            PbftNode::Client(c) => c.on_timer(timer, cx),
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        match (self, cmd) {
            (PbftNode::Replica(r), Command::Behave(b)) => r.behave(b, cx),
            (PbftNode::Client(c), Command::Submit(op)) => c.submit(op, cx),
            _ => cx.note("not for this node"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        match self {
            PbftNode::Replica(r) => r.on_restart(cx),
            PbftNode::Client(c) => c.on_restart(cx),
        }
    }
}
