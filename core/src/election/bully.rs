//! The Bully algorithm (Garcia-Molina, "Elections in a Distributed
//! Computing System", IEEE Transactions on Computers C-31(1), 1982), in the
//! three-message form of the textbooks (Coulouris, Dollimore, Kindberg &
//! Blair, *Distributed Systems: Concepts and Design*, 5th ed., §15.3.2).
//!
//! # The algorithm
//!
//! Every node knows every other node's id; the highest live id should lead.
//! A node that suspects the leader (or is told to, or has just restarted)
//! *starts an election*:
//!
//! 1. it sends **Election** to every node with a higher id and waits
//!    `answer_timeout` for an **Answer**; a node with no higher ids skips
//!    straight to step 3;
//! 2. any higher node that receives Election sends back Answer ("I am alive
//!    and I outrank you") and starts its own election unless it already
//!    runs one; the node that got an Answer gives up and waits
//!    `coordinator_timeout` for the winner's announcement — if it does not
//!    come, the winner must have crashed meanwhile and it starts over;
//! 3. a node whose Election nobody higher answered in time is the highest
//!    live node: it sends **Coordinator** to every lower node and leads.
//!
//! ```text
//!   1 detects            2, 3, 4 answer 1 and    4 hears no Answer:
//!   the failure          start their own         Coordinator to all
//!   1 ─Election─► 2,3,4  2 ─► 3,4   3 ─► 4       4 ─Coordinator─► 0,1,2,3
//! ```
//!
//! The leader broadcasts a **Heartbeat** every `heartbeat_interval`; a
//! follower that hears none from its leader for a random time in
//! `leader_timeout_min..=leader_timeout_max` starts an election, so any
//! node may be the one that detects a crash, and
//! [`BullyCommand::StartElection`] chooses it by hand. A restarted node has
//! lost all its state and starts an election: a recovered node with a
//! higher id than the leader *bullies* its way back to leadership.
//!
//! # Rules for messages that do not fit the textbook's happy path
//!
//! Loss, delays, partitions and pauses produce messages the three steps do
//! not mention. The rules keep the safety properties of
//! [`ElectionInvariants`] at every step:
//!
//! * The leader answers an Election with a Coordinator (to that sender
//!   only) instead of an Answer: "I am alive and I already lead". A plain
//!   Answer would leave the sender waiting for an announcement that had
//!   already happened.
//! * A node never follows a lower node. Coordinators only go down, so a
//!   higher node learns of a lower one's claim from its heartbeats: the
//!   leader then re-announces itself to every lower node, and a node that
//!   knows no leader starts an election. A node that follows a leader above
//!   the claimant leaves it to that leader.
//! * A node that hears from a higher node while it leads (a late Answer, a
//!   Coordinator, a heartbeat) stops leading at once; a heartbeat from a
//!   node above the leader it follows makes it follow that node instead.
//!
//! # Message counts
//!
//! In a failure-free election on a network with one fixed latency, with
//! nodes `0..N` and one initiator `i` (the textbook analysis; see
//! [`counts`](super::counts) for the experiment):
//!
//! * every node `j ≥ i` starts one election and sends `N − 1 − j`
//!   Elections: `E = (N − i)(N − i − 1) / 2` in all;
//! * every Election is answered, by an Answer or — when the top node
//!   `N − 1` already leads — by a Coordinator: the Elections of nodes
//!   `i + 1 .. N − 2` reach it one latency after it won, so
//!   `N − 2 − i` of the replies are Coordinators (none when `i ≥ N − 2`);
//! * the top node announces itself to the `N − 1` lower nodes.
//!
//! In total `2E + N − 1` messages: `N² − 1` when the lowest node starts
//! (the O(N²) worst case) and `N − 1` when the highest does (the best
//! case: no Election at all). When the old leader `N − 1` has crashed and
//! the second-highest node detects it, it sends one Election (to the dead
//! node) and, after `answer_timeout`, `N − 2` Coordinators: `N − 1`.

use super::invariants::ElectionInvariants;
use super::stability::Elector;
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::format;
use rand::RngExt;

/// What Bully nodes send each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BullyMessage {
    /// "I am starting an election": sent to every higher node.
    Election,
    /// "I am alive and higher; I take over": the reply to Election.
    Answer,
    /// "I lead": sent by the winner to every lower node.
    Coordinator,
    /// The leader's periodic "still here", to every other node.
    Heartbeat,
}

impl BullyMessage {
    /// A short name for counts and labels.
    pub fn kind(self) -> &'static str {
        match self {
            BullyMessage::Election => "election",
            BullyMessage::Answer => "answer",
            BullyMessage::Coordinator => "coordinator",
            BullyMessage::Heartbeat => "heartbeat",
        }
    }
}

/// Bully's timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BullyTimer {
    /// The leader's next heartbeat.
    Heartbeat,
    /// A follower has heard nothing from its leader for too long.
    LeaderWatch,
    /// No higher node answered the Election: win.
    AnswerWait,
    /// A higher node answered but never announced itself: start over.
    CoordinatorWait,
}

/// What a person can ask a Bully node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BullyCommand {
    /// Start an election now, as if this node had detected the leader's
    /// failure (no effect while it already takes part in one).
    StartElection,
}

/// Where a node is in an election.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum BullyState {
    /// Not in an election: following a leader, leading, or knowing none.
    Idle,
    /// Sent Election to the higher nodes; waiting for an Answer.
    Electing,
    /// A higher node answered; waiting for its Coordinator.
    AwaitingCoordinator,
}

/// Timing parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BullyConfig {
    pub heartbeat_interval: Time,
    pub leader_timeout_min: Time,
    pub leader_timeout_max: Time,
    /// How long an electing node waits for an Answer (more than a round trip).
    pub answer_timeout: Time,
    /// How long a node that got an Answer waits for the Coordinator.
    pub coordinator_timeout: Time,
    /// At start, a node that hears of no leader within a leader timeout
    /// starts an election. When false, nodes start idle and only a command,
    /// a restart or a message starts one (scripted scenarios, message counts).
    pub elect_on_start: bool,
}

impl Default for BullyConfig {
    fn default() -> Self {
        Self {
            heartbeat_interval: millis(50),
            leader_timeout_min: millis(150),
            leader_timeout_max: millis(300),
            answer_timeout: millis(100),
            coordinator_timeout: millis(250),
            elect_on_start: true,
        }
    }
}

/// What one node has done, for the state table (kept across restarts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BullyCounters {
    pub elections_started: u64,
    pub times_elected: u64,
    pub elections_sent: u64,
    pub answers_sent: u64,
    pub coordinators_sent: u64,
    pub heartbeats_sent: u64,
}

/// One Bully participant. All protocol state is volatile.
#[derive(Clone, Debug)]
pub struct BullyNode {
    pub config: BullyConfig,
    me: NodeId,
    state: BullyState,
    leader: Option<NodeId>,
    heard_higher: Option<NodeId>,
    counters: BullyCounters,
}

impl BullyNode {
    pub fn new(config: BullyConfig) -> Self {
        Self {
            config,
            me: 0,
            state: BullyState::Idle,
            leader: None,
            heard_higher: None,
            counters: BullyCounters::default(),
        }
    }

    /// Where the node is in an election.
    pub fn state(&self) -> BullyState {
        self.state
    }

    /// The leader it believes in (itself when it leads).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }

    /// Whether it believes it leads.
    pub fn is_leader(&self) -> bool {
        self.leader == Some(self.me)
    }

    /// The highest higher node heard from since its election began.
    pub fn heard_higher(&self) -> Option<NodeId> {
        self.heard_higher
    }

    pub fn counters(&self) -> &BullyCounters {
        &self.counters
    }

    fn send(&mut self, to: NodeId, msg: BullyMessage, cx: &mut Context<'_, Self>) {
        let counter = match msg {
            BullyMessage::Election => &mut self.counters.elections_sent,
            BullyMessage::Answer => &mut self.counters.answers_sent,
            BullyMessage::Coordinator => &mut self.counters.coordinators_sent,
            BullyMessage::Heartbeat => &mut self.counters.heartbeats_sent,
        };
        *counter += 1;
        cx.send(to, msg);
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
        cx.set_timer(BullyTimer::LeaderWatch, after);
    }

    fn cancel_election_timers(&mut self, cx: &mut Context<'_, Self>) {
        cx.cancel_timer(BullyTimer::AnswerWait);
        cx.cancel_timer(BullyTimer::CoordinatorWait);
    }

    fn start_election(&mut self, cx: &mut Context<'_, Self>) {
        self.counters.elections_started += 1;
        if self.is_leader() {
            cx.cancel_timer(BullyTimer::Heartbeat);
        }
        self.leader = None;
        self.heard_higher = None;
        self.state = BullyState::Electing;
        cx.cancel_timer(BullyTimer::LeaderWatch);
        cx.cancel_timer(BullyTimer::CoordinatorWait);
        let higher = self.me + 1..cx.node_count();
        if higher.is_empty() {
            self.become_leader(cx);
            return;
        }
        cx.note("starts an election");
        for to in higher {
            self.send(to, BullyMessage::Election, cx);
        }
        cx.set_timer(BullyTimer::AnswerWait, self.config.answer_timeout);
    }

    fn become_leader(&mut self, cx: &mut Context<'_, Self>) {
        self.state = BullyState::Idle;
        self.leader = Some(self.me);
        self.counters.times_elected += 1;
        self.cancel_election_timers(cx);
        cx.cancel_timer(BullyTimer::LeaderWatch);
        cx.note("is the coordinator");
        self.announce(cx);
        cx.set_timer(BullyTimer::Heartbeat, self.config.heartbeat_interval);
    }

    /// Coordinator to every lower node.
    fn announce(&mut self, cx: &mut Context<'_, Self>) {
        for to in 0..self.me {
            self.send(to, BullyMessage::Coordinator, cx);
        }
    }

    /// Follows the higher node `leader`, leaving any election or leadership.
    fn follow(&mut self, leader: NodeId, cx: &mut Context<'_, Self>) {
        debug_assert!(leader > self.me);
        if self.is_leader() {
            cx.cancel_timer(BullyTimer::Heartbeat);
        }
        if self.leader != Some(leader) {
            cx.note(format!("follows {leader}"));
        }
        self.leader = Some(leader);
        self.state = BullyState::Idle;
        self.cancel_election_timers(cx);
        self.arm_leader_watch(cx);
    }

    fn on_election(&mut self, from: NodeId, cx: &mut Context<'_, Self>) {
        if from > self.me {
            return; // Elections go up only; a stray one means nothing.
        }
        if self.is_leader() {
            self.send(from, BullyMessage::Coordinator, cx);
            return;
        }
        self.send(from, BullyMessage::Answer, cx);
        if self.state == BullyState::Idle {
            self.start_election(cx);
        }
    }

    fn on_answer(&mut self, cx: &mut Context<'_, Self>) {
        match self.state {
            BullyState::Electing => {
                self.state = BullyState::AwaitingCoordinator;
                cx.cancel_timer(BullyTimer::AnswerWait);
                cx.set_timer(BullyTimer::CoordinatorWait, self.config.coordinator_timeout);
            }
            BullyState::Idle if self.is_leader() => {
                // A late Answer: a higher node is alive and takes over.
                cx.cancel_timer(BullyTimer::Heartbeat);
                self.leader = None;
                self.state = BullyState::AwaitingCoordinator;
                cx.note("steps down: a higher node answered");
                cx.set_timer(BullyTimer::CoordinatorWait, self.config.coordinator_timeout);
            }
            _ => {} // Stale: the election it answered is over.
        }
    }

    fn on_heartbeat(&mut self, from: NodeId, cx: &mut Context<'_, Self>) {
        if from > self.me {
            let better = match self.leader {
                _ if self.is_leader() || self.state != BullyState::Idle => true,
                None => true,
                Some(leader) => from >= leader,
            };
            if better {
                self.follow(from, cx);
            }
        } else if self.is_leader() {
            cx.note(format!("re-announces itself over {from}"));
            self.announce(cx);
        } else if self.state == BullyState::Idle && self.leader.is_none() {
            self.start_election(cx);
        }
    }
}

impl Elector for BullyNode {
    fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    fn is_leader(&self) -> bool {
        BullyNode::is_leader(self)
    }
    fn in_election(&self) -> bool {
        self.state != BullyState::Idle
    }
    fn heard_higher(&self) -> Option<NodeId> {
        self.heard_higher
    }
    fn is_election_message(msg: &BullyMessage) -> bool {
        *msg != BullyMessage::Heartbeat
    }
}

impl Node for BullyNode {
    type Msg = BullyMessage;
    type Timer = BullyTimer;
    type Command = BullyCommand;
    type Invariants = ElectionInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.me = cx.id();
        if self.config.elect_on_start {
            self.arm_leader_watch(cx);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: BullyMessage, cx: &mut Context<'_, Self>) {
        if from > self.me && (self.state != BullyState::Idle || self.is_leader()) {
            self.heard_higher = self.heard_higher.max(Some(from));
        }
        match msg {
            BullyMessage::Election => self.on_election(from, cx),
            BullyMessage::Answer if from > self.me => self.on_answer(cx),
            BullyMessage::Answer => {}
            BullyMessage::Coordinator if from > self.me => self.follow(from, cx),
            // Coordinators only go down; a lower node's claim reaches a
            // higher one as its heartbeat.
            BullyMessage::Coordinator => {}
            BullyMessage::Heartbeat => self.on_heartbeat(from, cx),
        }
    }

    fn on_timer(&mut self, timer: BullyTimer, cx: &mut Context<'_, Self>) {
        match (timer, self.state) {
            (BullyTimer::Heartbeat, _) if self.is_leader() => {
                for to in cx.peers() {
                    self.send(to, BullyMessage::Heartbeat, cx);
                }
                cx.set_timer(BullyTimer::Heartbeat, self.config.heartbeat_interval);
            }
            (BullyTimer::LeaderWatch, BullyState::Idle) if !self.is_leader() => {
                match self.leader {
                    Some(leader) => cx.note(format!("suspects {leader}")),
                    None => cx.note("knows no leader"),
                }
                self.start_election(cx);
            }
            (BullyTimer::AnswerWait, BullyState::Electing) => self.become_leader(cx),
            (BullyTimer::CoordinatorWait, BullyState::AwaitingCoordinator) => {
                cx.note("no Coordinator came: starts over");
                self.start_election(cx);
            }
            _ => {}
        }
    }

    fn on_command(&mut self, cmd: BullyCommand, cx: &mut Context<'_, Self>) {
        match cmd {
            BullyCommand::StartElection if self.state == BullyState::Idle => {
                self.start_election(cx)
            }
            BullyCommand::StartElection => cx.note("already in an election"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        let counters = self.counters;
        *self = Self::new(self.config);
        self.counters = counters;
        self.me = cx.id();
        cx.note("restarts and calls an election");
        self.start_election(cx);
    }
}

#[cfg(test)]
impl BullyNode {
    /// Puts the node in a given belief without running the protocol
    /// (checker tests only).
    pub(crate) fn force_for_tests(
        &mut self,
        me: NodeId,
        leader: Option<NodeId>,
        heard_higher: Option<NodeId>,
    ) {
        self.me = me;
        self.leader = leader;
        self.heard_higher = heard_higher;
    }
}
