//! Anti-entropy dissemination of one update: push, pull and push-pull with
//! a configurable fanout and period (Demers, Greene, Hauser, Irish, Larson,
//! Shenker, Sturgis, Swinehart & Terry, "Epidemic Algorithms for Replicated
//! Database Maintenance", PODC 1987, §2; the round counts of Karp, Schindelhauer,
//! Shenker & Vöcking, "Randomized Rumor Spreading", FOCS 2000).
//!
//! # The algorithm
//!
//! Every node keeps the newest *version* of one item it has seen (0: none
//! yet — the node is *susceptible*; otherwise *infected*). Every round each
//! node picks `fanout` peers uniformly at random and, by mode:
//!
//! * **push** — an infected node sends its version ([`AntiEntropyMessage::Push`]);
//!   a susceptible one has nothing to push and stays quiet;
//! * **pull** — every node asks ([`AntiEntropyMessage::Pull`], carrying its own
//!   version) and a peer that knows a newer one answers with a
//!   [`AntiEntropyMessage::Reply`];
//! * **push-pull** — every node sends its version ([`AntiEntropyMessage::PushPull`]);
//!   the peer adopts it if it is newer and answers with its own if that is
//!   newer.
//!
//! A node adopts any version newer than its own and never goes back, so
//! every node ends with the newest version as long as the network keeps
//! connecting them (anti-entropy runs forever; nobody ever becomes
//! *removed*). The version is *durable*: a restarted node remembers it.
//!
//! # How fast, in theory
//!
//! With `N` nodes, fanout 1 and no loss, push needs `log₂ N + ln N + O(1)`
//! rounds (Pittel 1987), pull about `log₂ N + O(log log N)` (a pull-based
//! end game squares the susceptible fraction each round), and push-pull
//! `log₃ N + O(log log N)` (Karp et al. 2000). The mean-field curves the
//! pages draw are in [`theory_curve`](super::experiments::theory_curve).
//!
//! # What is counted
//!
//! Each node counts the messages it sent and the *redundant* ones it
//! received: a message that carried a version the node already had.
//! Nothing else is needed to draw the page: [`AntiEntropyNode::status`] for
//! the colours and [`AntiEntropyNode::learned_round`] for the per-round
//! curve ([`infected_per_round`](super::experiments::infected_per_round)).

use super::invariants::KnowledgeInvariants;
use super::round::{choose_peers_of, round_at, until_next_round};
use super::{Knower, Status};
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::vec::Vec;

/// Which way updates flow in a round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Mode {
    Push,
    Pull,
    PushPull,
}

impl Mode {
    /// Reads `push`, `pull` or `push-pull`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "push" => Some(Mode::Push),
            "pull" => Some(Mode::Pull),
            "push-pull" => Some(Mode::PushPull),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Push => "push",
            Mode::Pull => "pull",
            Mode::PushPull => "push-pull",
        }
    }
}

/// Anti-entropy's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AntiEntropyConfig {
    pub mode: Mode,
    /// Peers contacted per round (at least 1 to spread anything).
    pub fanout: usize,
    /// The length of a round.
    pub period: Time,
}

impl Default for AntiEntropyConfig {
    fn default() -> Self {
        Self {
            mode: Mode::PushPull,
            fanout: 1,
            period: millis(100),
        }
    }
}

/// What anti-entropy nodes send: a version (0 = none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AntiEntropyMessage {
    /// "Here is my version" (push mode; sent by infected nodes only).
    Push(u64),
    /// "This is my version; send me yours if it is newer."
    Pull(u64),
    /// "Here is mine; send me yours if it is newer" (push-pull).
    PushPull(u64),
    /// The newer version a Pull or PushPull asked for.
    Reply(u64),
}

impl AntiEntropyMessage {
    /// A short name for counts and labels.
    pub fn kind(self) -> &'static str {
        match self {
            AntiEntropyMessage::Push(_) => "push",
            AntiEntropyMessage::Pull(_) => "pull",
            AntiEntropyMessage::PushPull(_) => "push-pull",
            AntiEntropyMessage::Reply(_) => "reply",
        }
    }
}

/// Anti-entropy's only timer: the next round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoundTimer;

/// What a person can do to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AntiEntropyCommand {
    /// Write a new version here (one past the newest this node knows).
    Publish,
}

/// Per-node traffic counters (kept across restarts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TrafficCounters {
    /// Messages this node sent.
    pub sent: u64,
    /// Messages it received that carried a version it already had.
    pub redundant: u64,
    /// Messages it received that taught it a newer version.
    pub useful: u64,
}

/// One anti-entropy participant.
#[derive(Clone, Debug)]
pub struct AntiEntropyNode {
    pub config: AntiEntropyConfig,
    version: u64,
    learned_at: Option<Time>,
    counters: TrafficCounters,
}

impl AntiEntropyNode {
    /// A node that knows version `version` from the start (0: nothing).
    pub fn new(config: AntiEntropyConfig, version: u64) -> Self {
        Self {
            config,
            version,
            learned_at: (version > 0).then_some(0),
            counters: TrafficCounters::default(),
        }
    }

    /// The newest version this node knows (0: none).
    pub fn version(&self) -> u64 {
        self.version
    }

    /// Susceptible or infected, with respect to `newest`, the version
    /// being spread.
    pub fn status(&self, newest: u64) -> Status {
        if self.version >= newest && newest > 0 {
            Status::Infected
        } else {
            Status::Susceptible
        }
    }

    /// When this node learned its current version (local time).
    pub fn learned_at(&self) -> Option<Time> {
        self.learned_at
    }

    /// The round in which it learned its current version (0: from the start).
    pub fn learned_round(&self) -> Option<u32> {
        self.learned_at.map(|t| round_at(t, self.config.period))
    }

    pub fn counters(&self) -> TrafficCounters {
        self.counters
    }

    fn learn(&mut self, version: u64, now: Time) -> bool {
        if version > self.version {
            self.version = version;
            self.learned_at = Some(now);
            self.counters.useful += 1;
            true
        } else {
            if version > 0 {
                self.counters.redundant += 1;
            }
            false
        }
    }

    fn send(&mut self, to: NodeId, msg: AntiEntropyMessage, cx: &mut Context<'_, Self>) {
        self.counters.sent += 1;
        cx.send(to, msg);
    }

    fn round(&mut self, cx: &mut Context<'_, Self>) {
        let mut peers = Vec::new();
        choose_peers_of(cx, self.config.fanout, &mut peers);
        let version = self.version;
        let msg = match self.config.mode {
            Mode::Push if version == 0 => None,
            Mode::Push => Some(AntiEntropyMessage::Push(version)),
            Mode::Pull => Some(AntiEntropyMessage::Pull(version)),
            Mode::PushPull => Some(AntiEntropyMessage::PushPull(version)),
        };
        if let Some(msg) = msg {
            for &peer in &peers {
                self.send(peer, msg, cx);
            }
        }
    }

    fn arm(&self, cx: &mut Context<'_, Self>) {
        cx.set_timer(RoundTimer, until_next_round(cx.now(), self.config.period));
    }
}

impl Knower for AntiEntropyNode {
    fn known(&self) -> u64 {
        self.version
    }
}

impl Node for AntiEntropyNode {
    type Msg = AntiEntropyMessage;
    type Timer = RoundTimer;
    type Command = AntiEntropyCommand;
    type Invariants = KnowledgeInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.arm(cx);
    }

    fn on_message(&mut self, from: NodeId, msg: AntiEntropyMessage, cx: &mut Context<'_, Self>) {
        let now = cx.now();
        match msg {
            AntiEntropyMessage::Push(v) | AntiEntropyMessage::Reply(v) => {
                self.learn(v, now);
            }
            AntiEntropyMessage::Pull(v) => {
                if self.version > v {
                    self.send(from, AntiEntropyMessage::Reply(self.version), cx);
                } else if v > 0 && v == self.version {
                    // Both already had it: the request was wasted.
                    self.counters.redundant += 1;
                }
            }
            AntiEntropyMessage::PushPull(v) => {
                self.learn(v, now);
                if self.version > v {
                    self.send(from, AntiEntropyMessage::Reply(self.version), cx);
                }
            }
        }
    }

    fn on_timer(&mut self, _: RoundTimer, cx: &mut Context<'_, Self>) {
        self.round(cx);
        self.arm(cx);
    }

    fn on_command(&mut self, cmd: AntiEntropyCommand, cx: &mut Context<'_, Self>) {
        match cmd {
            AntiEntropyCommand::Publish => {
                self.version += 1;
                self.learned_at = Some(cx.now());
                cx.note("published");
            }
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        // The version and the counters are durable; there is nothing else.
        self.arm(cx);
    }
}
