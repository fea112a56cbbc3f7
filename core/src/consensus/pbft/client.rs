//! The PBFT client (§4.1): one request outstanding at a time; it accepts
//! a result once `f + 1` replicas reply with the same one, and re-sends
//! the request to every replica when none is accepted in time.

use super::node::{PbftConfig, PbftNode};
use super::{Message, Request, Timer};
use crate::sim::{Context, NodeId};
use alloc::collections::{BTreeMap, BTreeSet, VecDeque};
use alloc::format;
use alloc::vec::Vec;

/// The client's state.
#[derive(Clone, Debug)]
pub struct Client {
    pub config: PbftConfig,
    next_timestamp: u64,
    queue: VecDeque<u64>,
    pending: Option<Request>,
    /// Replies to the pending request: result → replicas that sent it.
    replies: BTreeMap<u64, BTreeSet<NodeId>>,
    /// The view the client believes current (from replies).
    view: u64,
    accepted: Vec<(Request, u64)>,
}

impl Client {
    pub fn new(config: PbftConfig) -> Self {
        Self {
            config,
            next_timestamp: 1,
            queue: VecDeque::new(),
            pending: None,
            replies: BTreeMap::new(),
            view: 0,
            accepted: Vec::new(),
        }
    }

    /// Requests answered, with the accepted result, in order.
    pub fn accepted(&self) -> &[(Request, u64)] {
        &self.accepted
    }
    /// The request waiting for `f + 1` matching replies.
    pub fn pending(&self) -> Option<Request> {
        self.pending
    }
    /// Operations submitted but not yet sent.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    pub(super) fn submit(&mut self, op: u64, cx: &mut Context<'_, PbftNode>) {
        self.queue.push_back(op);
        self.send_next(cx);
    }

    fn send_next(&mut self, cx: &mut Context<'_, PbftNode>) {
        if self.pending.is_some() {
            return;
        }
        let Some(op) = self.queue.pop_front() else {
            return;
        };
        let request = Request {
            client: cx.id(),
            timestamp: self.next_timestamp,
            op,
        };
        self.next_timestamp += 1;
        self.pending = Some(request);
        self.replies.clear();
        let primary = (self.view % self.config.replicas() as u64) as NodeId;
        cx.send(primary, Message::Request(request));
        cx.set_timer(Timer::Retransmit, self.config.client_timeout);
    }

    pub(super) fn on_message(
        &mut self,
        from: NodeId,
        msg: Message,
        cx: &mut Context<'_, PbftNode>,
    ) {
        let Message::Reply {
            view,
            timestamp,
            result,
        } = msg
        else {
            return;
        };
        let Some(request) = self.pending.filter(|r| r.timestamp == timestamp) else {
            return;
        };
        if from >= self.config.replicas() {
            return;
        }
        let voters = self.replies.entry(result).or_default();
        voters.insert(from);
        if voters.len() > self.config.f {
            self.view = self.view.max(view);
            cx.note(format!("accepted t{timestamp} = {result:x}"));
            self.accepted.push((request, result));
            self.pending = None;
            cx.cancel_timer(Timer::Retransmit);
            self.send_next(cx);
        }
    }

    pub(super) fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, PbftNode>) {
        if timer != Timer::Retransmit {
            return;
        }
        if let Some(request) = self.pending {
            cx.note(format!("retransmit t{} to all", request.timestamp));
            for replica in 0..self.config.replicas() {
                cx.send(replica, Message::Request(request));
            }
            cx.set_timer(Timer::Retransmit, self.config.client_timeout);
        }
    }

    pub(super) fn on_restart(&mut self, cx: &mut Context<'_, PbftNode>) {
        if self.pending.is_some() {
            cx.set_timer(Timer::Retransmit, self.config.client_timeout);
        }
    }
}
