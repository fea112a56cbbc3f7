//! The hash ring page's model: one of three schemes over the same keys,
//! changed one node at a time, remembering which keys the last change
//! moved.
//!
//! Key `i` is the text `k{i}`; its place on the circle is
//! `XXH3(key, seed)`, the hash all three core structures start from, so
//! switching scheme keeps every key where it was and changes only the
//! owners.

use super::common::NodeChange;
use crate::player::Replay;
use dsviz_core::partition::{
    BoundedLoadRing, HashRing, Move, NodeId, Partitioner, Rendezvous, max_over_mean,
};
use dsviz_core::sketch::hashing::hash64;
use std::collections::BTreeMap;

/// How keys find their node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// Consistent hashing: the first virtual node clockwise.
    Ring,
    /// Rendezvous (highest random weight) hashing.
    Rendezvous,
    /// Consistent hashing with bounded loads: clockwise past full nodes.
    Bounded,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::Ring, Scheme::Rendezvous, Scheme::Bounded];

    /// The value in a link.
    pub fn key(self) -> &'static str {
        match self {
            Self::Ring => "ring",
            Self::Rendezvous => "hrw",
            Self::Bounded => "bounded",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Ring => "Consistent hashing",
            Self::Rendezvous => "Rendezvous (HRW)",
            Self::Bounded => "Bounded loads",
        }
    }
}

/// What a run is made of, besides its node changes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RingSetup {
    pub scheme: Scheme,
    pub seed: u64,
    /// Nodes at the start, numbered `0..nodes`.
    pub nodes: usize,
    /// Virtual nodes (tokens) per node on the ring schemes.
    pub vnodes: u32,
    pub keys: usize,
    /// The bounded-load factor: no node holds more than `⌈c · K / N⌉`.
    pub c: f64,
}

/// One key that the last change moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MovedKey {
    pub key: usize,
    pub from: NodeId,
    pub to: NodeId,
}

/// What the last node change did.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub change: NodeChange,
    /// The node added or removed.
    pub node: NodeId,
    /// Nodes before and after.
    pub nodes_before: usize,
    pub nodes_after: usize,
    pub moved: Vec<MovedKey>,
    /// Why the change was refused, if it was.
    pub refused: Option<String>,
}

impl Change {
    /// The share of keys theory expects to move: `1/N` of them, `N` the
    /// larger of the node counts before and after.
    pub fn expected_share(&self) -> f64 {
        let n = self.nodes_before.max(self.nodes_after);
        if self.refused.is_some() || n == 0 {
            0.0
        } else {
            1.0 / n as f64
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Structure {
    Ring(HashRing),
    Rendezvous(Rendezvous),
    Bounded(BoundedLoadRing),
}

/// The keys on one scheme, after some node changes.
#[derive(Clone, Debug, PartialEq)]
pub struct RingState {
    setup: RingSetup,
    structure: Structure,
    next_node: NodeId,
    last: Option<Change>,
}

/// Key `i` as bytes.
pub fn key_bytes(i: usize) -> Vec<u8> {
    format!("k{i}").into_bytes()
}

/// Where key `i` sits on the circle under `seed`: `XXH3(k{i}, seed)`.
pub fn key_position(seed: u64, i: usize) -> u64 {
    hash64(&key_bytes(i), seed)
}

fn key_index(bytes: &[u8]) -> Option<usize> {
    std::str::from_utf8(bytes.strip_prefix(b"k")?)
        .ok()?
        .parse()
        .ok()
}

impl RingState {
    /// `setup.nodes` nodes holding `setup.keys` keys. Parameters out of the
    /// core's ranges fall back to small safe values rather than fail.
    pub fn new(setup: RingSetup) -> Self {
        let nodes = setup.nodes.max(1);
        let keys: Vec<Vec<u8>> = (0..setup.keys).map(key_bytes).collect();
        let structure = match setup.scheme {
            Scheme::Ring => {
                let mut ring = HashRing::new(setup.vnodes.max(1), setup.seed)
                    .or_else(|_| HashRing::new(1, setup.seed))
                    .expect("one token per node is always accepted");
                for node in 0..nodes {
                    let _ = ring.add_node(node);
                }
                for key in &keys {
                    let _ = ring.insert(key);
                }
                Structure::Ring(ring)
            }
            Scheme::Rendezvous => {
                let mut hrw = Rendezvous::new(setup.seed);
                for node in 0..nodes {
                    let _ = hrw.add_node(node);
                }
                for key in &keys {
                    let _ = hrw.insert(key);
                }
                Structure::Rendezvous(hrw)
            }
            Scheme::Bounded => {
                let mut bounded = BoundedLoadRing::new(setup.c, setup.vnodes.max(1), setup.seed)
                    .or_else(|_| BoundedLoadRing::new(1.25, 1, setup.seed))
                    .expect("c = 1.25 with one token is always accepted");
                let ids: Vec<NodeId> = (0..nodes).collect();
                let _ = bounded.add_nodes(&ids);
                let _ = bounded.extend(keys.iter().map(Vec::as_slice));
                Structure::Bounded(bounded)
            }
        };
        Self {
            setup,
            structure,
            next_node: nodes,
            last: None,
        }
    }

    fn part(&self) -> &dyn Partitioner {
        match &self.structure {
            Structure::Ring(s) => s,
            Structure::Rendezvous(s) => s,
            Structure::Bounded(s) => s,
        }
    }

    fn part_mut(&mut self) -> &mut dyn Partitioner {
        match &mut self.structure {
            Structure::Ring(s) => s,
            Structure::Rendezvous(s) => s,
            Structure::Bounded(s) => s,
        }
    }

    pub fn setup(&self) -> RingSetup {
        self.setup
    }

    /// What the last change did (`None` at the start).
    pub fn last(&self) -> Option<&Change> {
        self.last.as_ref()
    }

    /// The nodes, in id order.
    pub fn nodes(&self) -> Vec<NodeId> {
        self.part().nodes()
    }

    /// The id the next added node gets.
    pub fn next_node(&self) -> NodeId {
        self.next_node
    }

    pub fn key_count(&self) -> usize {
        self.setup.keys
    }

    /// Where key `i` sits on the circle (the same on every scheme).
    pub fn key_position(&self, i: usize) -> u64 {
        key_position(self.setup.seed, i)
    }

    /// Each key's owner, by key index.
    pub fn owners(&self) -> Vec<Option<NodeId>> {
        (0..self.setup.keys)
            .map(|i| self.part().owner(&key_bytes(i)))
            .collect()
    }

    /// The virtual nodes `(position, node)` in ring order; none for
    /// rendezvous, which has no ring.
    pub fn tokens(&self) -> Vec<(u64, NodeId)> {
        match &self.structure {
            Structure::Ring(r) => r.tokens().map(|t| (t.position, t.node)).collect(),
            Structure::Bounded(b) => b.tokens().map(|t| (t.position, t.node)).collect(),
            Structure::Rendezvous(_) => Vec::new(),
        }
    }

    /// Keys per node, every node present.
    pub fn loads(&self) -> BTreeMap<NodeId, usize> {
        self.part().loads()
    }

    /// The busiest node's keys over the mean.
    pub fn max_over_mean(&self) -> f64 {
        max_over_mean(&self.loads())
    }

    /// The bounded-load capacity `⌈c · K / N⌉`, on that scheme only.
    pub fn cap(&self) -> Option<usize> {
        match &self.structure {
            Structure::Bounded(b) => Some(b.cap()),
            _ => None,
        }
    }

    /// Key `i`'s replicas: its owner and the next distinct nodes (clockwise
    /// on a ring, by falling score for rendezvous), `replicas` at most.
    /// Bounded loads keep the ring's clockwise order, which is the order
    /// its walk past full nodes follows; the owner is listed first.
    pub fn preference_list(&self, i: usize, replicas: usize) -> Vec<NodeId> {
        let key = key_bytes(i);
        match &self.structure {
            Structure::Ring(r) => r.preference_list(&key, replicas),
            Structure::Rendezvous(h) => h.preference_list(&key, replicas),
            Structure::Bounded(b) => {
                let tokens = self.tokens();
                let start = tokens.partition_point(|&(p, _)| p < b.position(&key));
                let mut list: Vec<NodeId> = b.owner(&key).into_iter().collect();
                for k in 0..tokens.len() {
                    if list.len() >= replicas {
                        break;
                    }
                    let node = tokens[(start + k) % tokens.len()].1;
                    if !list.contains(&node) {
                        list.push(node);
                    }
                }
                list.truncate(replicas);
                list
            }
        }
    }

    fn moved(moves: Vec<Move>) -> Vec<MovedKey> {
        let mut moved: Vec<MovedKey> = moves
            .into_iter()
            .filter_map(|m| {
                Some(MovedKey {
                    key: key_index(&m.key)?,
                    from: m.from,
                    to: m.to,
                })
            })
            .collect();
        moved.sort_by_key(|m| m.key);
        moved
    }
}

impl Replay for RingState {
    type Op = NodeChange;

    fn apply(&mut self, op: &NodeChange) {
        let nodes_before = self.part().nodes().len();
        let (node, result) = match *op {
            NodeChange::Add => {
                let node = self.next_node;
                self.next_node += 1;
                (node, self.part_mut().add_node(node))
            }
            NodeChange::Remove(node) => (node, self.part_mut().remove_node(node)),
        };
        let (moved, refused) = match result {
            Ok(moves) => (Self::moved(moves), None),
            Err(e) => (Vec::new(), Some(e.to_string())),
        };
        self.last = Some(Change {
            change: *op,
            node,
            nodes_before,
            nodes_after: self.part().nodes().len(),
            moved,
            refused,
        });
    }
}

/// Where `position` falls on the circle, as an angle in radians from the
/// top, clockwise.
pub fn angle(position: u64) -> f64 {
    position as f64 / 18_446_744_073_709_551_616.0 * std::f64::consts::TAU
}
