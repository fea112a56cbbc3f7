//! Laws of the partitioning structures under random sequences of
//! operations (add and remove nodes, insert and remove keys), checked after
//! every step against a model of which nodes and keys are present:
//!
//! - a lookup always names a live node, and every stored key's owner is live;
//! - the reported moves are exactly the stored keys whose owner changed,
//!   each from its old owner to its new one;
//! - consistent hashing and rendezvous: a joining node only receives keys,
//!   exactly the ones it now owns; a departing node's keys, and only
//!   those, move (Karger et al. 1997; Thaler and Ravishankar 1998);
//! - bounded loads: no node ever holds more than `⌈c·m/n⌉` keys
//!   (Mirrokni, Thorup and Zadimoghaddam 2018);
//! - range partitioning: the ranges tile the key space and count its keys;
//! - errors exactly when the model says the operation is impossible.

use dsviz_core::partition::{
    BoundedLoadRing, HashRing, Move, NodeId, PartitionError, Partitioner, Placed, RangeConfig,
    RangePartitioner, Rendezvous,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone)]
enum Op {
    AddNode(NodeId),
    RemoveNode(NodeId),
    Insert(u16),
    Remove(u16),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..8usize).prop_map(Op::AddNode),
        1 => (0..8usize).prop_map(Op::RemoveNode),
        6 => (0..200u16).prop_map(Op::Insert),
        2 => (0..200u16).prop_map(Op::Remove),
    ]
}

fn key(k: u16) -> Vec<u8> {
    format!("key-{k}").into_bytes()
}

/// Keys that are never stored, for lookups of arbitrary keys.
fn probe(i: u16) -> Vec<u8> {
    format!("probe-{i}").into_bytes()
}

/// What a structure-specific check sees of one step.
struct Step<'a> {
    op: &'a Op,
    before: &'a BTreeMap<Vec<u8>, NodeId>,
    after: &'a BTreeMap<Vec<u8>, NodeId>,
    moves: &'a [Move],
}

/// Runs `ops` on `p`, checking the laws every structure obeys, then
/// `extra` for the structure's own.
fn run(
    p: &mut dyn Partitioner,
    ops: &[Op],
    answers_any_key: bool,
    mut extra: impl FnMut(&dyn Partitioner, &Step),
) -> Result<(), TestCaseError> {
    let mut nodes: BTreeSet<NodeId> = BTreeSet::new();
    let mut keys: BTreeSet<u16> = BTreeSet::new();
    for op in ops {
        let owners = |p: &dyn Partitioner, keys: &BTreeSet<u16>| {
            keys.iter()
                .map(|&k| (key(k), p.owner(&key(k)).expect("a stored key has an owner")))
                .collect::<BTreeMap<_, _>>()
        };
        let before = owners(p, &keys);
        let moves = match *op {
            Op::AddNode(n) => match p.add_node(n) {
                Ok(moves) => {
                    prop_assert!(nodes.insert(n), "{op:?} accepted a present node");
                    moves
                }
                Err(e) => {
                    prop_assert_eq!(e, PartitionError::DuplicateNode(n));
                    prop_assert!(nodes.contains(&n));
                    continue;
                }
            },
            Op::RemoveNode(n) => match p.remove_node(n) {
                Ok(moves) => {
                    prop_assert!(nodes.remove(&n), "{op:?} removed an absent node");
                    prop_assert!(!nodes.is_empty() || keys.is_empty());
                    moves
                }
                Err(PartitionError::UnknownNode(m)) => {
                    prop_assert!(m == n && !nodes.contains(&n));
                    continue;
                }
                Err(e) => {
                    prop_assert_eq!(e, PartitionError::LastNode(n));
                    prop_assert!(nodes.len() == 1 && !keys.is_empty());
                    continue;
                }
            },
            Op::Insert(k) => match p.insert(&key(k)) {
                Ok(placed) => {
                    prop_assert!(nodes.contains(&placed.owner));
                    prop_assert_eq!(Some(placed.owner), p.owner(&key(k)));
                    keys.insert(k);
                    placed.moves
                }
                Err(e) => {
                    prop_assert_eq!(e, PartitionError::NoNodes);
                    prop_assert!(nodes.is_empty());
                    continue;
                }
            },
            Op::Remove(k) => match p.remove(&key(k)) {
                Some(placed) => {
                    prop_assert!(keys.remove(&k), "{op:?} removed an absent key");
                    prop_assert_eq!(Some(&placed.owner), before.get(&key(k)));
                    placed.moves
                }
                None => {
                    prop_assert!(!keys.contains(&k));
                    continue;
                }
            },
        };
        let after = owners(p, &keys);
        prop_assert_eq!(p.nodes(), nodes.iter().copied().collect::<Vec<_>>());
        prop_assert_eq!(p.key_count(), keys.len());
        let loads = p.loads();
        prop_assert_eq!(
            loads.keys().copied().collect::<BTreeSet<_>>(),
            nodes.clone()
        );
        prop_assert_eq!(loads.values().sum::<usize>(), keys.len());
        for owner in after.values() {
            prop_assert!(nodes.contains(owner), "owner {owner} is not live");
        }
        if answers_any_key {
            for i in 0..20 {
                let owner = p.owner(&probe(i));
                prop_assert_eq!(owner.is_some(), !nodes.is_empty());
                prop_assert!(owner.is_none_or(|o| nodes.contains(&o)));
            }
        }
        // The moves are exactly the stored keys (other than a new one)
        // whose owner changed.
        let mut changed: Vec<Move> = after
            .iter()
            .filter_map(|(k, &to)| {
                let &from = before.get(k)?;
                (from != to).then(|| Move {
                    key: k.clone(),
                    from,
                    to,
                })
            })
            .collect();
        let mut reported = moves.clone();
        changed.sort();
        reported.sort();
        prop_assert_eq!(&reported, &changed, "{:?}", op);
        extra(
            p,
            &Step {
                op,
                before: &before,
                after: &after,
                moves: &moves,
            },
        );
    }
    Ok(())
}

/// Consistent hashing and rendezvous: joins only receive, departures only give.
fn minimal_disruption(step: &Step) {
    match *step.op {
        Op::AddNode(n) => {
            let now_on_n: BTreeSet<&Vec<u8>> = step
                .after
                .iter()
                .filter(|&(_, &o)| o == n)
                .map(|(k, _)| k)
                .collect();
            let moved: BTreeSet<&Vec<u8>> = step.moves.iter().map(|m| &m.key).collect();
            assert_eq!(moved, now_on_n, "a joining node takes exactly its keys");
            assert!(step.moves.iter().all(|m| m.to == n));
        }
        Op::RemoveNode(n) => {
            let were_on_n: BTreeSet<&Vec<u8>> = step
                .before
                .iter()
                .filter(|&(_, &o)| o == n)
                .map(|(k, _)| k)
                .collect();
            let moved: BTreeSet<&Vec<u8>> = step.moves.iter().map(|m| &m.key).collect();
            assert_eq!(moved, were_on_n, "only the departed node's keys move");
        }
        Op::Insert(_) | Op::Remove(_) => assert!(step.moves.is_empty()),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn hash_ring_laws(ops in prop::collection::vec(op(), 1..80), vnodes in 1u32..12, seed: u64) {
        let mut ring = HashRing::new(vnodes, seed).unwrap();
        run(&mut ring, &ops, true, |_, step| minimal_disruption(step))?;
        for i in 0..20 {
            let list = ring.preference_list(&probe(i), 3);
            prop_assert_eq!(list.len(), ring.nodes().len().min(3));
            prop_assert_eq!(list.first().copied(), ring.owner(&probe(i)));
            prop_assert_eq!(list.iter().collect::<BTreeSet<_>>().len(), list.len());
        }
    }

    #[test]
    fn weighted_hash_ring_laws(
        ops in prop::collection::vec(op(), 1..80),
        weights in prop::collection::vec(0.1f64..5.0, 8),
        seed: u64,
    ) {
        let mut ring = Weighted {
            inner: HashRing::new(4, seed).unwrap(),
            weights,
            join: HashRing::add_weighted_node,
        };
        run(&mut ring, &ops, true, |_, step| minimal_disruption(step))?;
    }

    #[test]
    fn rendezvous_laws(ops in prop::collection::vec(op(), 1..80), seed: u64) {
        let mut hrw = Rendezvous::new(seed);
        run(&mut hrw, &ops, true, |_, step| minimal_disruption(step))?;
        for i in 0..20 {
            let list = hrw.preference_list(&probe(i), 3);
            prop_assert_eq!(list.len(), hrw.nodes().len().min(3));
            prop_assert_eq!(list.first().copied(), hrw.owner(&probe(i)));
            prop_assert_eq!(list.iter().collect::<BTreeSet<_>>().len(), list.len());
        }
    }

    #[test]
    fn weighted_rendezvous_laws(
        ops in prop::collection::vec(op(), 1..80),
        weights in prop::collection::vec(0.1f64..10.0, 8),
        seed: u64,
    ) {
        let mut hrw = Weighted {
            inner: Rendezvous::new(seed),
            weights,
            join: Rendezvous::add_weighted_node,
        };
        run(&mut hrw, &ops, true, |_, step| minimal_disruption(step))?;
    }

    #[test]
    fn bounded_load_laws(
        ops in prop::collection::vec(op(), 1..80),
        c in 1.0f64..2.0,
        vnodes in 1u32..6,
        seed: u64,
    ) {
        let mut ring = BoundedLoadRing::new(c, vnodes, seed).unwrap();
        run(&mut ring, &ops, false, |p, _| {
            let loads = p.loads();
            let (m, n) = (p.key_count(), loads.len());
            if n > 0 {
                // The paper's cap, ⌈c · m / n⌉, computed here on its own.
                let cap = (c * m as f64 / n as f64).ceil() as usize;
                let max = loads.values().copied().max().unwrap_or(0);
                assert!(max <= cap, "load {max} over cap {cap} (m {m}, n {n}, c {c})");
            }
        })?;
        prop_assert!(ring.max_load() <= ring.cap());
    }

    #[test]
    fn range_partitioner_laws(
        ops in prop::collection::vec(op(), 1..80),
        max_keys in 1usize..12,
        max_load in 2u64..40,
    ) {
        let config = RangeConfig { max_keys, max_load, slop: 0.2 };
        let mut ranges = RangePartitioner::new(config).unwrap();
        run(&mut ranges, &ops, true, |_, _| {})?;
        let list = ranges.ranges();
        if ranges.nodes().is_empty() {
            prop_assert!(list.is_empty());
        } else {
            prop_assert_eq!(&list[0].start, &Vec::<u8>::new());
            prop_assert_eq!(list.last().unwrap().end.as_ref(), None);
            for pair in list.windows(2) {
                prop_assert_eq!(pair[0].end.as_ref(), Some(&pair[1].start));
                prop_assert!(pair[0].start < pair[1].start);
            }
            prop_assert_eq!(list.iter().map(|r| r.keys).sum::<usize>(), ranges.key_count());
            // No range that could split is over a threshold.
            for r in &list {
                prop_assert!(r.keys < 2 || (r.keys <= max_keys && r.load <= max_load), "{r:?}");
            }
        }
    }
}

/// A weighted structure whose `add_node` joins with a fixed weight per id.
struct Weighted<T> {
    inner: T,
    weights: Vec<f64>,
    join: fn(&mut T, NodeId, f64) -> Result<Vec<Move>, PartitionError>,
}

impl<T: Partitioner> Partitioner for Weighted<T> {
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        (self.join)(&mut self.inner, node, self.weights[node])
    }
    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError> {
        self.inner.remove_node(node)
    }
    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError> {
        self.inner.insert(key)
    }
    fn remove(&mut self, key: &[u8]) -> Option<Placed> {
        self.inner.remove(key)
    }
    fn owner(&self, key: &[u8]) -> Option<NodeId> {
        self.inner.owner(key)
    }
    fn nodes(&self) -> Vec<NodeId> {
        self.inner.nodes()
    }
    fn key_count(&self) -> usize {
        self.inner.key_count()
    }
    fn loads(&self) -> BTreeMap<NodeId, usize> {
        self.inner.loads()
    }
}
