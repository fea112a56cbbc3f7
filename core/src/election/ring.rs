//! Election on a logical ring, in two variants chosen by [`RingVariant`].
//!
//! The nodes form a ring — by default node `i` passes messages to `i + 1`
//! (and the last to node 0); [`RingOrder::Descending`] reverses it. A node
//! that suspects the leader starts an election by sending a message to its
//! successor.
//!
//! # Circulating list (Tanenbaum & van Steen, *Distributed Systems*, §6.5)
//!
//! The message ([`RingMessage::Collect`]) carries a list of ids. Every node
//! appends its own id and passes it on. When the message comes back to a
//! node already on the list — normally the initiator — it has been all the
//! way round: that node picks the highest id on it and sends
//! [`RingMessage::Elected`] round the ring, which every node adopts and the
//! announcing node stops. Two initiators at once cost two circulations and
//! elect the same node. Messages: `N` Collects and `N` Elected per initiator.
//!
//! # Chang & Roberts (CACM 22(5), 1979)
//!
//! The message ([`RingMessage::Election`]) carries one candidate id. A node
//! receiving candidate `c` forwards it if `c` is higher than its own id; if
//! `c` is lower, it forwards *its own* id instead — unless it already takes
//! part in the election (is a *participant*), in which case it discards the
//! message, because a higher candidate is already on its way. A node that
//! receives its own id has the highest id on the ring: it is elected and
//! sends Elected round. With one initiator `i` the Election messages number
//! `d + N`, where `d` is the distance along the ring from `i` to the highest
//! node — between `N` (the highest node starts) and `2N − 1` (its successor
//! starts) — plus `N` Elected: about `3N`. When every node starts at once
//! on a ring whose ids *decrease* in the direction of travel, node `i`'s
//! candidacy travels `i + 1` hops before a higher participant discards it:
//! `N(N + 1) / 2` Election messages, the O(N²) worst case (on an ascending
//! ring the same start costs `2N − 1`).
//!
//! # Crashed successors
//!
//! Every ring message is acknowledged ([`RingMessage::Ack`]). A sender that
//! gets no ack within `ack_timeout` tries the node after the silent one,
//! and so on round the ring; if nobody answers it is alone and leads. Each
//! forward starts again from the immediate successor, so a recovered node
//! is back on the ring at once (at the price of one timeout per dead node
//! per hop while it is down). A falsely suspected successor (a slow ack) may
//! still forward the message it received, so messages can be duplicated;
//! the rules below make duplicates harmless. A message carries the number
//! of hops since it was put on the ring; one that has made `N` hops without
//! reaching its own node is an orphan (its node crashed) and is dropped.
//!
//! # Failure detection and the rules off the happy path
//!
//! As in Bully, the leader broadcasts heartbeats and a follower that hears
//! none for a random leader timeout starts an election; a restarted node
//! starts one at once (so a recovered higher node takes over); a
//! participant that sees no Elected within its round timeout starts over.
//! A node never follows a lower node: an Elected naming a lower node makes
//! it start an election instead, and a leader that hears a heartbeat from a
//! lower node re-announces itself round the ring. A node that has seen a
//! higher candidate in its current election never declares itself elected
//! (a Chang–Roberts node whose own id returns after it forwarded a higher
//! one waits for that one; a list node elects the highest id it has seen).

use super::invariants::ElectionInvariants;
use super::stability::Elector;
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// Which ring algorithm the nodes run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingVariant {
    /// Chang & Roberts 1979: forward only the highest candidate.
    ChangRoberts,
    /// The circulating list of the textbooks.
    List,
}

/// The direction of the ring.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingOrder {
    /// Node `i` passes to `i + 1`: ids increase along the ring.
    Ascending,
    /// Node `i` passes to `i − 1`: ids decrease along the ring.
    Descending,
}

impl RingOrder {
    /// The node after `of` on a ring of `count` nodes.
    pub fn successor(self, of: NodeId, count: usize) -> NodeId {
        let count = count.max(1);
        match self {
            RingOrder::Ascending => (of + 1) % count,
            RingOrder::Descending => (of + count - 1) % count,
        }
    }

    /// How many hops it takes from `from` to `to` along the ring.
    pub fn distance(self, from: NodeId, to: NodeId, count: usize) -> usize {
        let count = count.max(1);
        match self {
            RingOrder::Ascending => (to + count - from % count) % count,
            RingOrder::Descending => (from + count - to % count) % count,
        }
    }
}

/// What ring nodes send each other.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingMessage {
    /// Chang–Roberts: the highest candidate so far, `hops` sends since it
    /// was put on the ring.
    Election {
        token: u64,
        candidate: NodeId,
        hops: u32,
    },
    /// Circulating list: every node on the way so far, in order.
    Collect { token: u64, ids: Vec<NodeId> },
    /// `leader` won; `origin` sent this round and stops it.
    Elected {
        token: u64,
        leader: NodeId,
        origin: NodeId,
        hops: u32,
    },
    /// "I got the ring message with this token."
    Ack { token: u64 },
    /// The leader's periodic "still here", to every other node directly.
    Heartbeat,
}

impl RingMessage {
    /// A short name for counts and labels.
    pub fn kind(&self) -> &'static str {
        match self {
            RingMessage::Election { .. } | RingMessage::Collect { .. } => "election",
            RingMessage::Elected { .. } => "elected",
            RingMessage::Ack { .. } => "ack",
            RingMessage::Heartbeat => "heartbeat",
        }
    }

    fn token(&self) -> Option<u64> {
        match self {
            RingMessage::Election { token, .. }
            | RingMessage::Collect { token, .. }
            | RingMessage::Elected { token, .. } => Some(*token),
            RingMessage::Ack { .. } | RingMessage::Heartbeat => None,
        }
    }

    fn with_token(mut self, new: u64) -> Self {
        match &mut self {
            RingMessage::Election { token, .. }
            | RingMessage::Collect { token, .. }
            | RingMessage::Elected { token, .. } => *token = new,
            RingMessage::Ack { .. } | RingMessage::Heartbeat => {}
        }
        self
    }
}

/// Ring timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingTimer {
    /// The forward with this token was not acknowledged in time.
    Ack(u64),
    Heartbeat,
    LeaderWatch,
    /// A participant saw no Elected in time: start over.
    Round,
}

/// What a person can ask a ring node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingCommand {
    /// Start an election now, as if this node had detected the leader's
    /// failure (no effect while it is a participant).
    StartElection,
}

/// Where a node is in an election.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RingState {
    /// Not taking part in an election.
    Idle,
    /// Has passed an election message on and waits for Elected.
    Participant,
}

/// Parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RingConfig {
    pub variant: RingVariant,
    pub order: RingOrder,
    /// How long a sender waits for its successor's ack before skipping it.
    pub ack_timeout: Time,
    pub heartbeat_interval: Time,
    pub leader_timeout_min: Time,
    pub leader_timeout_max: Time,
    /// A participant waits a random time in `[1, 2] × N ×` this for Elected.
    pub round_timeout_per_node: Time,
    /// As [`BullyConfig::elect_on_start`](super::bully::BullyConfig).
    pub elect_on_start: bool,
}

impl Default for RingConfig {
    fn default() -> Self {
        Self {
            variant: RingVariant::ChangRoberts,
            order: RingOrder::Ascending,
            ack_timeout: millis(100),
            heartbeat_interval: millis(50),
            leader_timeout_min: millis(150),
            leader_timeout_max: millis(300),
            round_timeout_per_node: millis(100),
            elect_on_start: true,
        }
    }
}

/// What one node has done, for the state table (kept across restarts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RingCounters {
    pub elections_started: u64,
    pub times_elected: u64,
    pub elections_sent: u64,
    pub elected_sent: u64,
    pub acks_sent: u64,
    pub heartbeats_sent: u64,
    /// Successors skipped because they did not ack in time.
    pub skips: u64,
}

/// A ring message waiting for its ack.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingForward {
    pub to: NodeId,
    pub msg: RingMessage,
}

/// One ring participant. Everything but the counters and the ack-token
/// counter is volatile; the token counter survives a restart so that an
/// ack from before a crash never matches a forward made after it.
#[derive(Clone, Debug)]
pub struct RingNode {
    pub config: RingConfig,
    me: NodeId,
    participant: bool,
    leader: Option<NodeId>,
    highest_seen: Option<NodeId>,
    pending: BTreeMap<u64, PendingForward>,
    next_token: u64,
    counters: RingCounters,
}

impl RingNode {
    pub fn new(config: RingConfig) -> Self {
        Self {
            config,
            me: 0,
            participant: false,
            leader: None,
            highest_seen: None,
            pending: BTreeMap::new(),
            next_token: 0,
            counters: RingCounters::default(),
        }
    }

    pub fn state(&self) -> RingState {
        if self.participant {
            RingState::Participant
        } else {
            RingState::Idle
        }
    }

    /// The leader it believes in (itself when it leads).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    pub fn is_leader(&self) -> bool {
        self.leader == Some(self.me)
    }

    /// The highest candidate above itself seen in its current election.
    pub fn highest_seen(&self) -> Option<NodeId> {
        self.highest_seen
    }

    /// Forwards waiting for an ack, by token.
    pub fn pending(&self) -> impl Iterator<Item = (u64, &PendingForward)> {
        self.pending.iter().map(|(&t, p)| (t, p))
    }

    pub fn counters(&self) -> &RingCounters {
        &self.counters
    }

    fn successor(&self, of: NodeId, cx: &Context<'_, Self>) -> NodeId {
        self.config.order.successor(of, cx.node_count())
    }

    fn hops_limit(cx: &Context<'_, Self>) -> u32 {
        u32::try_from(cx.node_count()).unwrap_or(u32::MAX)
    }

    /// Sends a ring message to `to` (or handles it as having gone round if
    /// `to` is this node) and waits for the ack.
    fn send_ring(&mut self, to: NodeId, msg: RingMessage, cx: &mut Context<'_, Self>) {
        if to == self.me {
            self.went_round_alone(msg, cx);
            return;
        }
        let token = self.next_token;
        self.next_token += 1;
        let msg = msg.with_token(token);
        match msg {
            RingMessage::Elected { .. } => self.counters.elected_sent += 1,
            _ => self.counters.elections_sent += 1,
        }
        cx.send(to, msg.clone());
        self.pending.insert(token, PendingForward { to, msg });
        cx.set_timer(RingTimer::Ack(token), self.config.ack_timeout);
    }

    fn forward(&mut self, msg: RingMessage, cx: &mut Context<'_, Self>) {
        let to = self.successor(self.me, cx);
        self.send_ring(to, msg, cx);
    }

    /// Nobody else acknowledged: this node is alone on the ring.
    fn went_round_alone(&mut self, msg: RingMessage, cx: &mut Context<'_, Self>) {
        let mine = match &msg {
            RingMessage::Election { candidate, .. } => *candidate == self.me,
            RingMessage::Collect { ids, .. } => ids.iter().all(|&id| id <= self.me),
            _ => return, // An announcement with nobody left to tell.
        };
        if mine && self.participant && self.highest_seen.is_none() {
            self.become_leader(cx);
        } else {
            self.start_election(cx);
        }
    }

    fn arm_leader_watch(&mut self, cx: &mut Context<'_, Self>) {
        let (min, max) = (
            self.config.leader_timeout_min,
            self.config.leader_timeout_max,
        );
        let after = if max > min {
            cx.rng().random_range(min..=max)
        } else {
            min
        };
        cx.set_timer(RingTimer::LeaderWatch, after);
    }

    /// Becomes a participant of the current election, if not one already.
    fn join(&mut self, cx: &mut Context<'_, Self>) {
        if self.participant {
            return;
        }
        if self.is_leader() {
            cx.cancel_timer(RingTimer::Heartbeat);
        }
        self.participant = true;
        self.leader = None;
        self.highest_seen = None;
        cx.cancel_timer(RingTimer::LeaderWatch);
        let round = self.config.round_timeout_per_node * cx.node_count() as Time;
        let after = round + cx.rng().random_range(0..=round);
        cx.set_timer(RingTimer::Round, after);
    }

    fn saw(&mut self, candidate: NodeId) {
        if candidate > self.me {
            self.highest_seen = self.highest_seen.max(Some(candidate));
        }
    }

    /// Puts this node's own candidacy on the ring.
    fn stand(&mut self, cx: &mut Context<'_, Self>) {
        self.join(cx);
        let msg = match self.config.variant {
            RingVariant::ChangRoberts => RingMessage::Election {
                token: 0,
                candidate: self.me,
                hops: 1,
            },
            RingVariant::List => RingMessage::Collect {
                token: 0,
                ids: vec![self.me],
            },
        };
        self.forward(msg, cx);
    }

    fn start_election(&mut self, cx: &mut Context<'_, Self>) {
        self.counters.elections_started += 1;
        self.participant = false;
        cx.note("starts an election");
        self.stand(cx);
    }

    /// Leads and announces it round the ring.
    fn become_leader(&mut self, cx: &mut Context<'_, Self>) {
        self.lead(cx);
        self.announce(self.me, cx);
    }

    /// Leads (announced by itself, or by another node in the list variant).
    fn lead(&mut self, cx: &mut Context<'_, Self>) {
        self.participant = false;
        self.leader = Some(self.me);
        self.highest_seen = None;
        self.counters.times_elected += 1;
        cx.cancel_timer(RingTimer::Round);
        cx.cancel_timer(RingTimer::LeaderWatch);
        cx.note("is elected");
        cx.set_timer(RingTimer::Heartbeat, self.config.heartbeat_interval);
    }

    fn announce(&mut self, leader: NodeId, cx: &mut Context<'_, Self>) {
        let msg = RingMessage::Elected {
            token: 0,
            leader,
            origin: self.me,
            hops: 1,
        };
        self.forward(msg, cx);
    }

    /// Follows the higher node `leader`.
    fn follow(&mut self, leader: NodeId, cx: &mut Context<'_, Self>) {
        debug_assert!(leader > self.me);
        if self.is_leader() {
            cx.cancel_timer(RingTimer::Heartbeat);
        }
        if self.leader != Some(leader) {
            cx.note(format!("follows {leader}"));
        }
        self.participant = false;
        self.leader = Some(leader);
        self.highest_seen = None;
        cx.cancel_timer(RingTimer::Round);
        self.arm_leader_watch(cx);
    }

    fn on_election(&mut self, candidate: NodeId, hops: u32, cx: &mut Context<'_, Self>) {
        if candidate == self.me {
            if self.participant && self.highest_seen.is_none() {
                self.become_leader(cx);
            }
            // Otherwise a duplicate, or a higher candidate is on its way.
            return;
        }
        if hops >= Self::hops_limit(cx) {
            cx.note(format!("drops the orphaned candidacy of {candidate}"));
            return;
        }
        if candidate > self.me {
            self.join(cx);
            self.saw(candidate);
            let msg = RingMessage::Election {
                token: 0,
                candidate,
                hops: hops + 1,
            };
            self.forward(msg, cx);
        } else if !self.participant {
            self.stand(cx);
        }
    }

    fn on_collect(&mut self, mut ids: Vec<NodeId>, cx: &mut Context<'_, Self>) {
        if ids.contains(&self.me) {
            // All the way round: elect the highest id seen.
            let best = ids
                .iter()
                .copied()
                .chain(self.highest_seen)
                .max()
                .unwrap_or(self.me);
            if best == self.me {
                self.become_leader(cx);
            } else {
                self.follow(best, cx);
                self.announce(best, cx);
            }
            return;
        }
        if ids.len() >= cx.node_count() {
            return; // Cannot happen with distinct ids; a bound all the same.
        }
        self.join(cx);
        for &id in &ids {
            self.saw(id);
        }
        ids.push(self.me);
        self.forward(RingMessage::Collect { token: 0, ids }, cx);
    }

    fn on_elected(
        &mut self,
        leader: NodeId,
        origin: NodeId,
        hops: u32,
        cx: &mut Context<'_, Self>,
    ) {
        if origin == self.me {
            return; // Back where it started.
        }
        if hops >= Self::hops_limit(cx) {
            return;
        }
        if leader < self.me || (leader == self.me && self.highest_seen.is_some()) {
            cx.note(format!("outranks {leader}: starts an election"));
            self.start_election(cx);
            return;
        }
        if leader == self.me {
            if !self.is_leader() {
                self.lead(cx);
            }
        } else {
            self.follow(leader, cx);
        }
        let msg = RingMessage::Elected {
            token: 0,
            leader,
            origin,
            hops: hops + 1,
        };
        self.forward(msg, cx);
    }

    fn on_heartbeat(&mut self, from: NodeId, cx: &mut Context<'_, Self>) {
        if self.participant {
            return; // The election in progress decides.
        }
        if from > self.me {
            let better = self.is_leader() || self.leader.is_none_or(|l| from >= l);
            if better {
                self.follow(from, cx);
            }
        } else if self.is_leader() {
            cx.note(format!("re-announces itself over {from}"));
            self.announce(self.me, cx);
        } else if self.leader.is_none() {
            self.start_election(cx);
        }
    }
}

impl Elector for RingNode {
    fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    fn is_leader(&self) -> bool {
        RingNode::is_leader(self)
    }
    fn in_election(&self) -> bool {
        self.participant || !self.pending.is_empty()
    }
    fn heard_higher(&self) -> Option<NodeId> {
        self.highest_seen
    }
    fn is_election_message(msg: &RingMessage) -> bool {
        *msg != RingMessage::Heartbeat
    }
}

impl Node for RingNode {
    type Msg = RingMessage;
    type Timer = RingTimer;
    type Command = RingCommand;
    type Invariants = ElectionInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.me = cx.id();
        if self.config.elect_on_start {
            self.arm_leader_watch(cx);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: RingMessage, cx: &mut Context<'_, Self>) {
        if let Some(token) = msg.token() {
            self.counters.acks_sent += 1;
            cx.send(from, RingMessage::Ack { token });
        }
        match msg {
            RingMessage::Election {
                candidate, hops, ..
            } => self.on_election(candidate, hops, cx),
            RingMessage::Collect { ids, .. } => self.on_collect(ids, cx),
            RingMessage::Elected {
                leader,
                origin,
                hops,
                ..
            } => self.on_elected(leader, origin, hops, cx),
            RingMessage::Ack { token } => {
                if self.pending.get(&token).is_some_and(|p| p.to == from) {
                    self.pending.remove(&token);
                    cx.cancel_timer(RingTimer::Ack(token));
                }
            }
            RingMessage::Heartbeat => self.on_heartbeat(from, cx),
        }
    }

    fn on_timer(&mut self, timer: RingTimer, cx: &mut Context<'_, Self>) {
        match timer {
            RingTimer::Ack(token) => {
                if let Some(PendingForward { to, msg }) = self.pending.remove(&token) {
                    self.counters.skips += 1;
                    cx.note(format!("no ack from {to}: skips it"));
                    let next = self.successor(to, cx);
                    self.send_ring(next, msg, cx);
                }
            }
            RingTimer::Heartbeat if self.is_leader() => {
                for to in cx.peers() {
                    self.counters.heartbeats_sent += 1;
                    cx.send(to, RingMessage::Heartbeat);
                }
                cx.set_timer(RingTimer::Heartbeat, self.config.heartbeat_interval);
            }
            RingTimer::LeaderWatch if !self.participant && !self.is_leader() => {
                match self.leader {
                    Some(leader) => cx.note(format!("suspects {leader}")),
                    None => cx.note("knows no leader"),
                }
                self.start_election(cx);
            }
            RingTimer::Round if self.participant => {
                cx.note("no Elected came: starts over");
                self.start_election(cx);
            }
            _ => {}
        }
    }

    fn on_command(&mut self, cmd: RingCommand, cx: &mut Context<'_, Self>) {
        match cmd {
            RingCommand::StartElection if !self.participant => self.start_election(cx),
            RingCommand::StartElection => cx.note("already a participant"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        let (counters, next_token) = (self.counters, self.next_token);
        *self = Self::new(self.config);
        self.counters = counters;
        self.next_token = next_token;
        self.me = cx.id();
        cx.note("restarts and calls an election");
        self.start_election(cx);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ring_order_successors_and_distances() {
        assert_eq!(RingOrder::Ascending.successor(4, 5), 0);
        assert_eq!(RingOrder::Descending.successor(0, 5), 4);
        assert_eq!(RingOrder::Ascending.distance(0, 4, 5), 4);
        assert_eq!(RingOrder::Descending.distance(0, 4, 5), 1);
        assert_eq!(RingOrder::Descending.distance(3, 3, 5), 0);
        for order in [RingOrder::Ascending, RingOrder::Descending] {
            for from in 0..7 {
                let mut at = from;
                for hops in 0..7 {
                    assert_eq!(order.distance(from, at, 7), hops);
                    at = order.successor(at, 7);
                }
                assert_eq!(at, from, "seven hops go round");
            }
        }
    }

    #[test]
    fn tokens_are_replaced_on_ring_messages_only() {
        let m = RingMessage::Collect {
            token: 0,
            ids: vec![1],
        }
        .with_token(9);
        assert_eq!(m.token(), Some(9));
        assert_eq!(RingMessage::Heartbeat.with_token(9).token(), None);
        assert_eq!(m.kind(), "election");
    }
}
