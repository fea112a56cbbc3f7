//! Scuttlebutt (van Renesse, Dumitriu, Gough & Thomas, "Efficient
//! Reconciliation and Flow Control for Anti-Entropy Protocols", LADIS
//! 2008, §3): anti-entropy that sends only what the peer lacks, summarized
//! by one version number per origin.
//!
//! # The algorithm
//!
//! Every participant `p` owns some keys. Each write `p` makes gets the next
//! number of `p`'s own version counter, so the pair `(p, version)` names
//! one write. Every participant holds a replica of every participant's
//! keys, each with the version of the write it holds; the largest version
//! it holds for origin `q` is its *max version* of `q`. Because updates of
//! `q` are always sent in increasing version order, "max version `v` of
//! `q`" means "I have every write of `q` up to `v` (or a newer one of the
//! same key)", so the *digest* — one max version per origin — summarizes a
//! whole replica.
//!
//! An exchange between the gossiper `p` and a random peer `q`, every round:
//!
//! ```text
//!   p ── Digest(p's max versions) ──────────────────────────────► q
//!   p ◄── Reply(deltas p lacks per p's digest, q's own digest) ── q
//!   p ── Deltas(deltas q lacks per q's digest) ─────────────────► q
//! ```
//!
//! A *delta* is `(origin, key, value, version)`: for origin `o`, the
//! deltas a peer with digest entry `d` lacks are the keys of `o` whose
//! version is greater than `d` — never one it already has.
//!
//! A receiver applies a delta only if it is newer than its max version of
//! that origin. That is safe because a replica only grows: whatever the
//! digest an answer was computed for, the receiver still has everything
//! up to it. A restart breaks this (the replicas of others are volatile),
//! so every digest carries the sender's *epoch* (its restart count),
//! answers echo it, and deltas computed for an earlier epoch are dropped:
//! applied, they would move a max version over writes the restart lost.
//! The invariant *Max Version Means Complete* checks, against each
//! origin's own keys, that no replica ever claims a version it lacks.
//!
//! # A bounded message: the MTU and scuttle-depth
//!
//! A message carries at most `mtu` deltas (the digest is not counted).
//! When more are due, the paper's **scuttle-depth** ordering is used by
//! default (§3.2): the origins are ranked by how many deltas are due for
//! them, most first (ties broken from a random origin upwards), and
//! deltas are taken origin by origin, each origin's in increasing version
//! order — so a truncated message still leaves every origin's max version
//! meaningful. [`ScuttleOrder::Breadth`] (scuttle-breadth) takes every
//! origin's oldest due delta first, then every origin's second, and so on.
//! What does not fit is the exchange's *left behind*; over the whole
//! system, the writes some live participant does not hold yet are the
//! *backlog* ([`backlog`](super::experiments::scuttlebutt_backlog)). With
//! a small MTU and a high write rate the backlog grows without bound; the
//! paper's flow control (adapting write rates) is not modelled.
//!
//! # State for the pages
//!
//! [`ScuttlebuttNode::replica`] (one origin's keys and versions),
//! [`ScuttlebuttNode::digest`], and [`ScuttlebuttNode::last_exchange`]:
//! the digest it last answered and the deltas it chose, with how many it
//! left behind. A participant's own keys are durable; its replicas of the
//! others are volatile and re-learned after a restart.

use crate::sim::{Context, Invariants, Node, NodeId, Time, Violation, millis};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;
use rand::RngExt;

/// Scuttlebutt's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScuttlebuttConfig {
    pub period: Time,
    /// At most this many deltas per message (at least 1).
    pub mtu: usize,
    /// Which deltas go first when they do not all fit.
    pub order: ScuttleOrder,
}

/// The two orderings of the paper (§3.2) for deltas that do not all fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ScuttleOrder {
    /// The origin with the most deltas due first, all of its deltas in
    /// version order, then the next (the default).
    Depth,
    /// Every origin's oldest due delta, then every origin's second, … —
    /// round robin from a random origin.
    Breadth,
}

impl ScuttleOrder {
    pub fn name(self) -> &'static str {
        match self {
            ScuttleOrder::Depth => "scuttle-depth",
            ScuttleOrder::Breadth => "scuttle-breadth",
        }
    }
}

impl Default for ScuttlebuttConfig {
    fn default() -> Self {
        Self {
            period: millis(100),
            mtu: 16,
            order: ScuttleOrder::Depth,
        }
    }
}

/// One write of one origin's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Delta {
    pub origin: NodeId,
    pub key: u32,
    pub value: u64,
    pub version: u64,
}

/// Max version per origin, indexed by origin id.
pub type Digest = Vec<u64>;

/// What Scuttlebutt participants send.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ScuttlebuttMessage {
    /// Step 1: the gossiper's digest, and its epoch (restart count).
    Digest { digest: Digest, epoch: u64 },
    /// Step 2: the deltas the gossiper lacks (computed for its digest of
    /// epoch `for_epoch`), and the peer's digest and epoch.
    Reply {
        deltas: Vec<Delta>,
        for_epoch: u64,
        digest: Digest,
        epoch: u64,
    },
    /// Step 3: the deltas the peer lacks, for its digest of `for_epoch`.
    Deltas { deltas: Vec<Delta>, for_epoch: u64 },
}

impl ScuttlebuttMessage {
    pub fn kind(&self) -> &'static str {
        match self {
            ScuttlebuttMessage::Digest { .. } => "digest",
            ScuttlebuttMessage::Reply { .. } => "reply",
            ScuttlebuttMessage::Deltas { .. } => "deltas",
        }
    }

    /// The deltas it carries.
    pub fn deltas(&self) -> &[Delta] {
        match self {
            ScuttlebuttMessage::Digest { .. } => &[],
            ScuttlebuttMessage::Reply { deltas, .. }
            | ScuttlebuttMessage::Deltas { deltas, .. } => deltas,
        }
    }
}

/// The round timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScuttlebuttTimer;

/// A client's write to a participant's own key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ScuttlebuttCommand {
    Put { key: u32, value: u64 },
}

/// One origin's keys as one participant holds them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Replica {
    /// `(key, value, version)`, sorted by key: one allocation per
    /// replica, cheap to clone into a checkpoint.
    entries: Vec<(u32, u64, u64)>,
    max_version: u64,
}

impl Replica {
    /// The largest version held.
    pub fn max_version(&self) -> u64 {
        self.max_version
    }

    /// `(key, value, version)` in key order.
    pub fn entries(&self) -> impl Iterator<Item = (u32, u64, u64)> + '_ {
        self.entries.iter().copied()
    }

    pub fn get(&self, key: u32) -> Option<(u64, u64)> {
        let slot = self.entries.binary_search_by_key(&key, |e| e.0).ok()?;
        let (_, value, version) = self.entries[slot];
        Some((value, version))
    }

    /// How many of its entries are newer than `version`.
    pub fn newer_than(&self, version: u64) -> usize {
        if version >= self.max_version {
            return 0;
        }
        self.entries.iter().filter(|e| e.2 > version).count()
    }

    /// Applies a delta if it is newer than everything held.
    fn apply(&mut self, key: u32, value: u64, version: u64) -> bool {
        if version <= self.max_version {
            return false;
        }
        match self.entries.binary_search_by_key(&key, |e| e.0) {
            Ok(slot) => self.entries[slot] = (key, value, version),
            Err(slot) => self.entries.insert(slot, (key, value, version)),
        }
        self.max_version = version;
        true
    }
}

/// One exchange as the sending side saw it: what the peer's digest said,
/// and which deltas were chosen for it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Exchange {
    pub peer: NodeId,
    /// The digest received from the peer, as it arrived.
    pub digest: Digest,
    /// The deltas sent in answer, in the order sent.
    pub sent: Vec<Delta>,
    /// Deltas the peer lacked that did not fit in the MTU.
    pub left_behind: usize,
    /// Counts exchanges answered so far (the invariants look at new ones).
    pub seq: u64,
}

/// Per-participant counters (kept across restarts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ScuttlebuttCounters {
    pub messages_sent: u64,
    pub deltas_sent: u64,
    /// Deltas received that were not newer than what was held.
    pub stale_received: u64,
    pub left_behind: u64,
}

/// One Scuttlebutt participant.
#[derive(Clone, Debug)]
pub struct ScuttlebuttNode {
    pub config: ScuttlebuttConfig,
    me: NodeId,
    replicas: Vec<Replica>,
    epoch: u64,
    last_exchange: Option<Exchange>,
    exchanges: u64,
    counters: ScuttlebuttCounters,
}

impl ScuttlebuttNode {
    pub fn new(config: ScuttlebuttConfig) -> Self {
        Self {
            config: ScuttlebuttConfig {
                mtu: config.mtu.max(1),
                ..config
            },
            me: 0,
            replicas: Vec::new(),
            epoch: 0,
            last_exchange: None,
            exchanges: 0,
            counters: ScuttlebuttCounters::default(),
        }
    }

    /// Participant `me`, which starts holding `writes` of its own keys,
    /// applied in order as `Put`s would be (each the next version), so a
    /// run can open with a backlog to reconcile and no inputs.
    pub fn with_writes(
        config: ScuttlebuttConfig,
        me: NodeId,
        writes: impl IntoIterator<Item = (u32, u64)>,
    ) -> Self {
        let mut node = Self::new(config);
        node.me = me;
        node.ensure_replicas(me + 1);
        let own = &mut node.replicas[me];
        for (key, value) in writes {
            let version = own.max_version + 1;
            own.apply(key, value, version);
        }
        node
    }

    /// Its replica of `origin`'s keys (its own keys when `origin` is itself).
    pub fn replica(&self, origin: NodeId) -> Option<&Replica> {
        self.replicas.get(origin)
    }

    /// Its digest: one max version per origin.
    pub fn digest(&self) -> Digest {
        self.replicas.iter().map(Replica::max_version).collect()
    }

    /// The latest exchange it answered with deltas.
    pub fn last_exchange(&self) -> Option<&Exchange> {
        self.last_exchange.as_ref()
    }

    pub fn counters(&self) -> ScuttlebuttCounters {
        self.counters
    }

    /// Restarts so far.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    fn ensure_replicas(&mut self, count: usize) {
        if self.replicas.len() < count {
            self.replicas.resize(count, Replica::default());
        }
    }

    /// The deltas a peer with `digest` lacks, ordered by
    /// [`ScuttlebuttConfig::order`] and cut at the MTU; also how many were
    /// left out.
    fn deltas_for(&self, digest: &[u64], cx: &mut Context<'_, Self>) -> (Vec<Delta>, usize) {
        // Per origin with anything due: its deltas in increasing version order.
        let mut due: Vec<Vec<Delta>> = Vec::new();
        for (origin, replica) in self.replicas.iter().enumerate() {
            let floor = digest.get(origin).copied().unwrap_or(0);
            if replica.newer_than(floor) == 0 {
                continue;
            }
            let mut rows: Vec<Delta> = replica
                .entries
                .iter()
                .filter(|e| e.2 > floor)
                .map(|&(key, value, version)| Delta {
                    origin,
                    key,
                    value,
                    version,
                })
                .collect();
            rows.sort_by_key(|d| d.version);
            due.push(rows);
        }
        let total: usize = due.iter().map(Vec::len).sum();
        if due.is_empty() {
            return (Vec::new(), 0);
        }
        // Ties (depth) and the round-robin order (breadth) start at a
        // random origin and go up from it.
        let count = self.replicas.len().max(1);
        let start = cx.rng().random_range(0..count);
        let turn = |rows: &Vec<Delta>| (rows[0].origin + count - start) % count;
        let mtu = self.config.mtu;
        let mut out = Vec::with_capacity(total.min(mtu));
        match self.config.order {
            ScuttleOrder::Depth => {
                due.sort_by_key(|rows| (core::cmp::Reverse(rows.len()), turn(rows)));
                for rows in &due {
                    let room = mtu - out.len();
                    out.extend(rows.iter().take(room).copied());
                    if out.len() == mtu {
                        break;
                    }
                }
            }
            ScuttleOrder::Breadth => {
                due.sort_by_key(turn);
                let deepest = due.iter().map(Vec::len).max().unwrap_or(0);
                'ranks: for rank in 0..deepest {
                    for rows in due.iter().filter(|rows| rank < rows.len()) {
                        if out.len() == mtu {
                            break 'ranks;
                        }
                        out.push(rows[rank]);
                    }
                }
            }
        }
        let left = total - out.len();
        (out, left)
    }

    fn answer(&mut self, peer: NodeId, digest: Digest, cx: &mut Context<'_, Self>) -> Vec<Delta> {
        let (deltas, left_behind) = self.deltas_for(&digest, cx);
        self.exchanges += 1;
        self.counters.deltas_sent += deltas.len() as u64;
        self.counters.left_behind += left_behind as u64;
        self.last_exchange = Some(Exchange {
            peer,
            digest,
            sent: deltas.clone(),
            left_behind,
            seq: self.exchanges,
        });
        deltas
    }

    /// Applies deltas computed for this participant's digest of epoch
    /// `for_epoch`. Deltas computed before a restart are dropped: they
    /// assume writes the restart lost, and applying them would jump a max
    /// version over the gap.
    fn apply(&mut self, deltas: &[Delta], for_epoch: u64) {
        if for_epoch != self.epoch {
            self.counters.stale_received += deltas.len() as u64;
            return;
        }
        for d in deltas {
            if d.origin == self.me {
                // Nobody knows our own keys better than we do.
                self.counters.stale_received += 1;
                continue;
            }
            let applied = self
                .replicas
                .get_mut(d.origin)
                .is_some_and(|r| r.apply(d.key, d.value, d.version));
            if !applied {
                self.counters.stale_received += 1;
            }
        }
    }

    fn send(&mut self, to: NodeId, msg: ScuttlebuttMessage, cx: &mut Context<'_, Self>) {
        self.counters.messages_sent += 1;
        cx.send(to, msg);
    }

    fn arm(&self, cx: &mut Context<'_, Self>) {
        let after = super::round::until_next_round(cx.now(), self.config.period);
        cx.set_timer(ScuttlebuttTimer, after);
    }
}

impl Node for ScuttlebuttNode {
    type Msg = ScuttlebuttMessage;
    type Timer = ScuttlebuttTimer;
    type Command = ScuttlebuttCommand;
    type Invariants = ScuttlebuttInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.me = cx.id();
        self.ensure_replicas(cx.node_count());
        self.arm(cx);
    }

    fn on_message(&mut self, from: NodeId, msg: ScuttlebuttMessage, cx: &mut Context<'_, Self>) {
        match msg {
            ScuttlebuttMessage::Digest { digest, epoch } => {
                let deltas = self.answer(from, digest, cx);
                let reply = ScuttlebuttMessage::Reply {
                    deltas,
                    for_epoch: epoch,
                    digest: self.digest(),
                    epoch: self.epoch,
                };
                self.send(from, reply, cx);
            }
            ScuttlebuttMessage::Reply {
                deltas,
                for_epoch,
                digest,
                epoch,
            } => {
                self.apply(&deltas, for_epoch);
                let back = self.answer(from, digest, cx);
                if !back.is_empty() {
                    let msg = ScuttlebuttMessage::Deltas {
                        deltas: back,
                        for_epoch: epoch,
                    };
                    self.send(from, msg, cx);
                }
            }
            ScuttlebuttMessage::Deltas { deltas, for_epoch } => self.apply(&deltas, for_epoch),
        }
    }

    fn on_timer(&mut self, _: ScuttlebuttTimer, cx: &mut Context<'_, Self>) {
        if let Some(to) = super::round::random_peer_of(cx) {
            let msg = ScuttlebuttMessage::Digest {
                digest: self.digest(),
                epoch: self.epoch,
            };
            self.send(to, msg, cx);
        }
        self.arm(cx);
    }

    fn on_command(&mut self, cmd: ScuttlebuttCommand, cx: &mut Context<'_, Self>) {
        self.me = cx.id();
        self.ensure_replicas(cx.node_count());
        match cmd {
            ScuttlebuttCommand::Put { key, value } => {
                let own = &mut self.replicas[self.me];
                let version = own.max_version + 1;
                own.apply(key, value, version);
            }
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        // Own keys are durable; the replicas of the others are not. (A
        // participant crashed before it started comes up here first.)
        self.epoch += 1;
        self.me = cx.id();
        self.ensure_replicas(cx.node_count());
        for (origin, replica) in self.replicas.iter_mut().enumerate() {
            if origin != self.me {
                *replica = Replica::default();
            }
        }
        self.last_exchange = None;
        self.arm(cx);
    }
}

pub const VERSIONS_GROW: &str = "Versions Only Grow";
pub const ONLY_MISSING_DELTAS: &str = "Only Missing Deltas";
pub const WITHIN_MTU: &str = "Within The MTU";
pub const DIGEST_MEANS_COMPLETE: &str = "Max Version Means Complete";

/// * A participant's max version of each origin never decreases (between
///   its restarts; its own never at all).
/// * An exchange's deltas are each newer than the peer's digest entry for
///   their origin, come in increasing version order per origin, and number
///   at most the MTU.
/// * A max version means what the digest claims: if a participant's max
///   version of origin `o` is `m`, it holds every key whose latest write at
///   `o` has a version `≤ m`, at exactly that version (checked against the
///   origin's own keys).
#[derive(Clone, Debug, Default)]
pub struct ScuttlebuttInvariants {
    /// Per node: (epoch, digest, exchange seq) after its last step.
    seen: Vec<Option<(u64, Digest, u64)>>,
}

fn check_exchange(id: NodeId, mtu: usize, x: &Exchange, out: &mut Vec<Violation>) {
    if x.sent.len() > mtu {
        out.push(Violation {
            property: WITHIN_MTU,
            detail: format!("node {id} sent {} deltas, MTU {mtu}", x.sent.len()),
        });
    }
    let mut last: BTreeMap<NodeId, u64> = BTreeMap::new();
    for d in &x.sent {
        let known = x.digest.get(d.origin).copied().unwrap_or(0);
        let previous = last.insert(d.origin, d.version).unwrap_or(0);
        if d.version <= known || d.version <= previous {
            out.push(Violation {
                property: ONLY_MISSING_DELTAS,
                detail: format!(
                    "node {id} sent node {} version {} of origin {} (its digest said {known})",
                    x.peer, d.version, d.origin
                ),
            });
        }
    }
}

impl ScuttlebuttInvariants {
    fn check_node(&mut self, id: NodeId, node: &ScuttlebuttNode, out: &mut Vec<Violation>) {
        if self.seen.len() <= id {
            self.seen.resize(id + 1, None);
        }
        let digest = node.digest();
        let seq = node.last_exchange.as_ref().map_or(0, |x| x.seq);
        if let Some((epoch, before, old_seq)) = &self.seen[id] {
            for (origin, (&old, &new)) in before.iter().zip(&digest).enumerate() {
                if new < old && (*epoch == node.epoch || origin == id) {
                    out.push(Violation {
                        property: VERSIONS_GROW,
                        detail: format!(
                            "node {id}'s version of origin {origin} fell from {old} to {new}"
                        ),
                    });
                }
            }
            if seq != *old_seq
                && let Some(x) = &node.last_exchange
            {
                check_exchange(id, node.config.mtu, x, out);
            }
        } else if let Some(x) = &node.last_exchange {
            check_exchange(id, node.config.mtu, x, out);
        }
        self.seen[id] = Some((node.epoch, digest, seq));
    }
}

impl Invariants<ScuttlebuttNode> for ScuttlebuttInvariants {
    fn names(&self) -> &'static [&'static str] {
        &[
            VERSIONS_GROW,
            ONLY_MISSING_DELTAS,
            WITHIN_MTU,
            DIGEST_MEANS_COMPLETE,
        ]
    }

    fn check(
        &mut self,
        nodes: &[ScuttlebuttNode],
        touched: Option<NodeId>,
        out: &mut Vec<Violation>,
    ) {
        match touched {
            Some(id) => {
                self.check_node(id, &nodes[id], out);
                check_complete(id, nodes, out);
            }
            None => {
                for (id, node) in nodes.iter().enumerate() {
                    self.check_node(id, node, out);
                    check_complete(id, nodes, out);
                }
            }
        }
    }
}

/// Checks [`DIGEST_MEANS_COMPLETE`] for participant `id` and every origin.
fn check_complete(id: NodeId, nodes: &[ScuttlebuttNode], out: &mut Vec<Violation>) {
    let node = &nodes[id];
    for (origin, replica) in node.replicas.iter().enumerate() {
        if origin == id || replica.max_version == 0 {
            continue;
        }
        let Some(own) = nodes.get(origin).and_then(|o| o.replicas.get(origin)) else {
            continue;
        };
        let missing = own
            .entries
            .iter()
            .filter(|e| e.2 <= replica.max_version)
            .find(|e| replica.get(e.0).is_none_or(|(_, v)| v != e.2));
        if let Some(&(key, _, version)) = missing {
            out.push(Violation {
                property: DIGEST_MEANS_COMPLETE,
                detail: format!(
                    "node {id} claims version {} of origin {origin} but lacks key {key} at version {version}",
                    replica.max_version
                ),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(origin: NodeId, version: u64) -> Delta {
        Delta {
            origin,
            key: 0,
            value: 9,
            version,
        }
    }

    #[test]
    fn the_checker_flags_a_delta_the_digest_already_covers() {
        let exchange = |sent| Exchange {
            peer: 1,
            digest: alloc::vec![0, 4, 2],
            sent,
            left_behind: 0,
            seq: 1,
        };
        let mut out = Vec::new();
        check_exchange(
            0,
            2,
            &exchange(alloc::vec![delta(1, 5), delta(2, 3)]),
            &mut out,
        );
        assert!(out.is_empty(), "{out:?}");
        check_exchange(0, 2, &exchange(alloc::vec![delta(2, 2)]), &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].property, ONLY_MISSING_DELTAS);
        out.clear();
        check_exchange(
            0,
            2,
            &exchange(alloc::vec![delta(1, 6), delta(1, 5)]),
            &mut out,
        );
        assert_eq!(out[0].property, ONLY_MISSING_DELTAS, "out of version order");
        out.clear();
        let three = alloc::vec![delta(1, 5), delta(1, 6), delta(1, 7)];
        check_exchange(0, 2, &exchange(three), &mut out);
        assert_eq!(out[0].property, WITHIN_MTU);
    }

    fn chosen(order: ScuttleOrder) -> Vec<Delta> {
        let mut node = ScuttlebuttNode::new(ScuttlebuttConfig {
            mtu: 4,
            order,
            ..ScuttlebuttConfig::default()
        });
        node.ensure_replicas(4);
        // Origin 1 has three writes due, origin 2 one, origin 3 two.
        for (origin, writes) in [(1, 3u64), (2, 1), (3, 2)] {
            for v in 1..=writes {
                node.replicas[origin].apply(v as u32, 10 * v, v);
            }
        }
        let mut rng = crate::sim::NodeRng::new(5, 1);
        let mut effects = Vec::new();
        let mut cx = Context::new(0, 0, 4, &mut rng, &mut effects);
        let (out, left) = node.deltas_for(&[0, 0, 0, 0], &mut cx);
        assert_eq!(left, 2);
        out
    }

    #[test]
    fn depth_empties_the_deepest_origin_first_and_breadth_takes_turns() {
        let depth = chosen(ScuttleOrder::Depth);
        let origins: Vec<NodeId> = depth.iter().map(|d| d.origin).collect();
        assert_eq!(origins, [1, 1, 1, 3]);
        assert_eq!(depth[0].version, 1);
        let breadth = chosen(ScuttleOrder::Breadth);
        let mut first: Vec<NodeId> = breadth[..3].iter().map(|d| d.origin).collect();
        first.sort_unstable();
        assert_eq!(first, [1, 2, 3], "{breadth:?}");
        assert!(breadth.iter().all(|d| d.version <= 2));
    }

    #[test]
    fn deltas_for_an_earlier_epoch_are_dropped() {
        let mut node = ScuttlebuttNode::new(ScuttlebuttConfig::default());
        node.ensure_replicas(3);
        node.epoch = 1;
        node.apply(&[delta(2, 2)], 0);
        assert_eq!(node.replicas[2].max_version(), 0);
        assert_eq!(node.counters.stale_received, 1);
        node.apply(&[delta(2, 2)], 1);
        assert_eq!(node.replicas[2].max_version(), 2);
    }

    #[test]
    fn a_replica_takes_only_newer_writes() {
        let mut r = Replica::default();
        assert!(r.apply(3, 30, 2));
        assert!(!r.apply(4, 40, 2));
        assert!(r.apply(4, 41, 5));
        assert_eq!(r.max_version(), 5);
        assert_eq!(r.newer_than(2), 1);
        assert_eq!(r.newer_than(0), 2);
        assert_eq!(r.get(4), Some((41, 5)));
    }
}
