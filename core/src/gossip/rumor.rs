//! Rumor mongering (Demers et al., "Epidemic Algorithms for Replicated
//! Database Maintenance", PODC 1987, §3): a complex epidemic, in which a
//! node that knows an update spreads it only while it is *hot*.
//!
//! # The algorithm
//!
//! A node is *susceptible* (does not know the update), *infective* (knows
//! it and spreads it) or *removed* (knows it but has lost interest). Every
//! round an infective node pushes the rumor to one peer chosen uniformly
//! at random. A susceptible node that receives it becomes infective. When
//! an infective node loses interest is the variant:
//!
//! | | counter | coin |
//! |---|---|---|
//! | **feedback** | removed after `k` contacts that found the peer already knew | after each such contact, removed with probability `1/k` |
//! | **blind** | removed after `k` pushes, whatever the peer knew | after each push, removed with probability `1/k` |
//!
//! With feedback the receiver answers every rumor with a
//! [`RumorMessage::Feedback`] saying whether it already knew it.
//!
//! Nothing guarantees that every node hears the rumor: when the last
//! infective loses interest the remaining susceptible nodes — the
//! *residue* — never will. Demers et al. model feedback with the coin by
//! `ds/dt = −s·i`, `di/dt = s·i − (1/k)(1−s)·i` and find the residue `s`
//! as the root in `(0, 1)` of
//!
//! ```text
//! s = e^{−(k+1)(1−s)}
//! ```
//!
//! ([`residue_equation`](super::experiments::residue_equation)). The same
//! equation holds for feedback with the *counter*, in the limit of many
//! nodes: count contacts instead of time. After `C` pushes in all, a node
//! is still susceptible with probability `e^{−C/N}`, so `s = e^{−C/N}`;
//! a push is unnecessary with probability `1 − s` at that moment, so the
//! pushes that found the peer informed number `∫₀^C (1 − e^{−c/N}) dc =
//! C − N(1 − s)`. Every informed node is eventually removed after exactly
//! `k` of them (counter) or `k` on average (coin): `C − N(1 − s) =
//! k·N(1 − s)`, i.e. `−ln s = (k+1)(1 − s)`. Only the *mean* number of
//! unnecessary contacts before removal matters, so the two variants leave
//! the same residue and differ in how long the last infectives linger
//! (`t_last`). Blind, every informed node makes exactly (counter) or on
//! average (coin) `k` pushes: `C = k·N(1 − s)`, so `s = e^{−k(1−s)}` —
//! blind `k` leaves the residue of feedback `k − 1`. In every variant the
//! traffic is `C/N = ln(1/s)` ([`traffic_for`](super::experiments::traffic_for)).
//!
//! Demers et al. report that in their simulations the counter also lowers
//! the residue. The argument above assumes every contact sees the
//! receiver's state at that moment (here: a node reached twice in one
//! round is informed by the first push and counts as unnecessary for the
//! second), and under it the two variants leave the same residue; what the
//! counter buys here is a shorter tail (`t_last`) and exact traffic: with
//! `m` nodes informed, `m − 1` pushes were necessary and each informed
//! node made exactly `k` unnecessary ones, so `(k+1)·m − 1` pushes in all —
//! the lower bound the paper gives (`k·m` for the blind counter). A
//! simulation in which all contacts of a cycle see the state at the
//! cycle's start counts more of them as necessary; that may explain the
//! difference, but it is not checked here.
//!
//! Rumor mongering is therefore backed up by anti-entropy: with
//! `backup_every = m > 0`, every node also runs one push-pull anti-entropy
//! exchange every `m` rounds, and a node that learns a newer version that
//! way becomes infective for it.
//!
//! # State for the pages
//!
//! [`RumorNode::status`] (S / I / R), [`RumorNode::learned_round`], and
//! [`RumorNode::counters`] (rumors, feedback and backup messages sent,
//! redundant rumors received). Knowledge is durable; whether the rumor is
//! hot is not: a restarted node that knew it comes back removed.

use super::round::{random_peer_of, round_at, until_next_round};
use super::{Knower, Status};
use crate::sim::{Context, Invariants, Node, NodeId, Time, Violation, millis};
use alloc::format;
use alloc::vec::Vec;
use rand::RngExt;

/// Which of the four variants of Demers et al. runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RumorVariant {
    FeedbackCounter,
    BlindCounter,
    FeedbackCoin,
    BlindCoin,
}

impl RumorVariant {
    pub const ALL: [RumorVariant; 4] = [
        RumorVariant::FeedbackCounter,
        RumorVariant::BlindCounter,
        RumorVariant::FeedbackCoin,
        RumorVariant::BlindCoin,
    ];

    /// Reads `feedback-counter`, `blind-counter`, `feedback-coin` or `blind-coin`.
    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            RumorVariant::FeedbackCounter => "feedback-counter",
            RumorVariant::BlindCounter => "blind-counter",
            RumorVariant::FeedbackCoin => "feedback-coin",
            RumorVariant::BlindCoin => "blind-coin",
        }
    }

    /// Whether receivers tell the sender if they already knew.
    pub fn feedback(self) -> bool {
        matches!(
            self,
            RumorVariant::FeedbackCounter | RumorVariant::FeedbackCoin
        )
    }

    /// Whether interest is lost by counting (else by tossing a coin).
    pub fn counter(self) -> bool {
        matches!(
            self,
            RumorVariant::FeedbackCounter | RumorVariant::BlindCounter
        )
    }
}

/// Rumor mongering's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RumorConfig {
    pub variant: RumorVariant,
    /// The counter limit, or the coin's `1/k` (at least 1).
    pub k: u32,
    pub period: Time,
    /// Every this many rounds each node runs one push-pull anti-entropy
    /// exchange as a backup (0: none, the pure rumor of the paper's tables).
    pub backup_every: u32,
}

impl Default for RumorConfig {
    fn default() -> Self {
        Self {
            variant: RumorVariant::FeedbackCounter,
            k: 2,
            period: millis(100),
            backup_every: 0,
        }
    }
}

/// What rumor-mongering nodes send.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RumorMessage {
    /// The hot rumor: version `v`.
    Rumor(u64),
    /// The answer to a rumor, in the feedback variants.
    Feedback { version: u64, already_knew: bool },
    /// Backup anti-entropy: "here is my version; send yours if newer".
    Backup(u64),
    /// The newer version a Backup asked for.
    BackupReply(u64),
}

impl RumorMessage {
    pub fn kind(self) -> &'static str {
        match self {
            RumorMessage::Rumor(_) => "rumor",
            RumorMessage::Feedback { .. } => "feedback",
            RumorMessage::Backup(_) => "backup",
            RumorMessage::BackupReply(_) => "backup-reply",
        }
    }
}

/// The round timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RumorTimer;

/// What a person can do to a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RumorCommand {
    /// Start a new rumor here: one version past the newest this node knows.
    Publish,
}

/// Per-node counters (kept across restarts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RumorCounters {
    pub rumors_sent: u64,
    pub feedback_sent: u64,
    pub backup_sent: u64,
    /// Rumors received about a version this node already knew.
    pub redundant: u64,
}

/// One rumor-mongering participant.
#[derive(Clone, Debug)]
pub struct RumorNode {
    pub config: RumorConfig,
    version: u64,
    hot: bool,
    /// Contacts counted towards `k` for the current version.
    contacts: u32,
    learned_at: Option<Time>,
    counters: RumorCounters,
    armed: bool,
}

impl RumorNode {
    /// A node that starts infective with version `version` (0: susceptible).
    pub fn new(config: RumorConfig, version: u64) -> Self {
        Self {
            config: RumorConfig {
                k: config.k.max(1),
                ..config
            },
            version,
            hot: version > 0,
            contacts: 0,
            learned_at: (version > 0).then_some(0),
            counters: RumorCounters::default(),
            armed: false,
        }
    }

    pub fn version(&self) -> u64 {
        self.version
    }

    /// Susceptible, infective or removed with respect to version `newest`.
    pub fn status(&self, newest: u64) -> Status {
        match (self.version >= newest && newest > 0, self.hot) {
            (false, _) => Status::Susceptible,
            (true, true) if self.version == newest => Status::Infected,
            (true, _) => Status::Removed,
        }
    }

    /// Whether it still spreads its version.
    pub fn is_infective(&self) -> bool {
        self.hot
    }

    /// Contacts counted towards `k` so far.
    pub fn contacts(&self) -> u32 {
        self.contacts
    }

    pub fn learned_at(&self) -> Option<Time> {
        self.learned_at
    }

    /// The round in which it learned its current version (0: from the start).
    pub fn learned_round(&self) -> Option<u32> {
        self.learned_at.map(|t| round_at(t, self.config.period))
    }

    pub fn counters(&self) -> RumorCounters {
        self.counters
    }

    fn needs_timer(&self) -> bool {
        self.hot || self.config.backup_every > 0
    }

    fn arm(&mut self, cx: &mut Context<'_, Self>) {
        if self.needs_timer() && !self.armed {
            self.armed = true;
            cx.set_timer(RumorTimer, until_next_round(cx.now(), self.config.period));
        }
    }

    /// Adopts a newer version and makes it hot.
    fn learn(&mut self, version: u64, cx: &mut Context<'_, Self>) -> bool {
        if version <= self.version {
            return false;
        }
        self.version = version;
        self.hot = true;
        self.contacts = 0;
        self.learned_at = Some(cx.now());
        self.arm(cx);
        true
    }

    /// One contact that counts towards losing interest.
    fn lose_interest(&mut self, cx: &mut Context<'_, Self>) {
        let k = self.config.k;
        let stop = if self.config.variant.counter() {
            self.contacts += 1;
            self.contacts >= k
        } else {
            self.contacts += 1;
            cx.rng().random_range(0..k) == 0
        };
        if stop {
            self.hot = false;
        }
    }

    fn pick_peer(&mut self, cx: &mut Context<'_, Self>) -> Option<NodeId> {
        random_peer_of(cx)
    }
}

impl Knower for RumorNode {
    fn known(&self) -> u64 {
        self.version
    }
}

impl Node for RumorNode {
    type Msg = RumorMessage;
    type Timer = RumorTimer;
    type Command = RumorCommand;
    type Invariants = RumorInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.arm(cx);
    }

    fn on_message(&mut self, from: NodeId, msg: RumorMessage, cx: &mut Context<'_, Self>) {
        match msg {
            RumorMessage::Rumor(v) => {
                let already_knew = !self.learn(v, cx);
                if already_knew {
                    self.counters.redundant += 1;
                }
                if self.config.variant.feedback() {
                    self.counters.feedback_sent += 1;
                    let version = v;
                    cx.send(
                        from,
                        RumorMessage::Feedback {
                            version,
                            already_knew,
                        },
                    );
                }
            }
            RumorMessage::Feedback {
                version,
                already_knew,
            } => {
                if already_knew && self.hot && version == self.version {
                    self.lose_interest(cx);
                }
            }
            RumorMessage::Backup(v) => {
                self.learn(v, cx);
                if self.version > v {
                    self.counters.backup_sent += 1;
                    cx.send(from, RumorMessage::BackupReply(self.version));
                }
            }
            RumorMessage::BackupReply(v) => {
                self.learn(v, cx);
            }
        }
    }

    fn on_timer(&mut self, _: RumorTimer, cx: &mut Context<'_, Self>) {
        self.armed = false;
        if self.hot {
            match self.pick_peer(cx) {
                Some(peer) => {
                    self.counters.rumors_sent += 1;
                    cx.send(peer, RumorMessage::Rumor(self.version));
                    if !self.config.variant.feedback() {
                        self.lose_interest(cx);
                    }
                }
                // Alone: nobody to tell.
                None => self.hot = false,
            }
        }
        let every = self.config.backup_every;
        if every > 0
            && round_at(cx.now(), self.config.period).is_multiple_of(every)
            && let Some(peer) = self.pick_peer(cx)
        {
            self.counters.backup_sent += 1;
            cx.send(peer, RumorMessage::Backup(self.version));
        }
        self.arm(cx);
    }

    fn on_command(&mut self, cmd: RumorCommand, cx: &mut Context<'_, Self>) {
        match cmd {
            RumorCommand::Publish => {
                let next = self.version + 1;
                self.learn(next, cx);
                cx.note("published");
            }
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        // Knowledge is durable; the rumor's heat and the timer are not.
        self.hot = false;
        self.contacts = 0;
        self.armed = false;
        self.arm(cx);
    }
}

pub const STAYS_REMOVED: &str = "Stays Removed";

/// Never un-learns; and a node that lost interest in a version never
/// spreads that version again (only a newer one can make it infective).
#[derive(Clone, Debug, Default)]
pub struct RumorInvariants {
    knowledge: super::invariants::KnowledgeInvariants,
    /// Per node: the version it was removed for, if any.
    removed_for: Vec<u64>,
}

impl RumorInvariants {
    fn check_node(&mut self, id: NodeId, node: &RumorNode, out: &mut Vec<Violation>) {
        self.knowledge.check_node(id, node.version, out);
        if self.removed_for.len() <= id {
            self.removed_for.resize(id + 1, 0);
        }
        let removed = self.removed_for[id];
        if node.hot && removed > 0 && node.version <= removed {
            out.push(Violation {
                property: STAYS_REMOVED,
                detail: format!(
                    "node {id} spreads version {} again after losing interest in {removed}",
                    node.version
                ),
            });
        }
        if !node.hot && node.version > 0 {
            self.removed_for[id] = node.version;
        }
    }
}

impl Invariants<RumorNode> for RumorInvariants {
    fn names(&self) -> &'static [&'static str] {
        &[super::invariants::NEVER_UNLEARNS, STAYS_REMOVED]
    }

    fn check(&mut self, nodes: &[RumorNode], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        match touched {
            Some(id) => self.check_node(id, &nodes[id], out),
            None => {
                for (id, node) in nodes.iter().enumerate() {
                    self.check_node(id, node, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(version: u64, hot: bool) -> RumorNode {
        let mut n = RumorNode::new(RumorConfig::default(), version);
        n.hot = hot;
        n
    }

    fn check(checker: &mut RumorInvariants, n: &RumorNode) -> Vec<&'static str> {
        let mut out = Vec::new();
        checker.check(core::slice::from_ref(n), Some(0), &mut out);
        out.iter().map(|v| v.property).collect()
    }

    #[test]
    fn a_removed_node_may_only_spread_a_newer_version() {
        let mut checker = RumorInvariants::default();
        assert!(check(&mut checker, &node(1, true)).is_empty());
        assert!(check(&mut checker, &node(1, false)).is_empty());
        assert_eq!(check(&mut checker, &node(1, true)), [STAYS_REMOVED]);
        assert!(check(&mut checker, &node(2, true)).is_empty());
        assert_eq!(
            check(&mut checker, &node(1, false)),
            [super::super::invariants::NEVER_UNLEARNS]
        );
    }

    #[test]
    fn status_follows_the_version_being_spread() {
        assert_eq!(node(0, false).status(1), Status::Susceptible);
        assert_eq!(node(1, true).status(1), Status::Infected);
        assert_eq!(node(1, false).status(1), Status::Removed);
        // Hot for an older version: it has not heard the newer one at all.
        assert_eq!(node(1, true).status(2), Status::Susceptible);
        assert_eq!(node(3, true).status(2), Status::Removed);
    }
}
