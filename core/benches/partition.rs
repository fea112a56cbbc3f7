//! Lookup cost of the consistent-hash ring and of rendezvous hashing,
//! against established crates doing the same job on the same keys:
//!
//! - ring: 10 nodes × 1,000 virtual nodes, against `hashring` with the same
//!   virtual nodes added as its nodes (it has no virtual nodes of its own);
//! - rendezvous: 10 and 100 nodes, against `hrw` (`pick_top`, a linear
//!   scan) and `rendezvous_hash` (`calc_candidates`, which scores and sorts
//!   every node, `O(n log n)`, then we take the first).
//!
//! The other crates hash through `core::hash::Hash`: their default rows run
//! with their default SipHash hashers, and the `_xxh3` rows with
//! [`OneShotXxh3`], one XXH3-64 call per `write` — the same hash function as
//! ours, so those rows compare the data structures more than the hashes.
//! Each iteration looks up 1,024 keys; the reported time per element is the
//! time per lookup.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use dsviz_core::partition::{HashRing, Partitioner, Rendezvous};
use std::hash::{BuildHasher, Hash, Hasher};
use std::hint::black_box;
use xxhash_rust::xxh3::xxh3_64_with_seed;

const KEYS: u64 = 1_024;
const RING_NODES: usize = 10;
const VNODES: u32 = 1_000;

/// A `BuildHasher` whose hasher runs one-shot XXH3-64 over each write,
/// chaining writes through the seed.
#[derive(Clone, Copy, Default)]
struct OneShotXxh3(u64);

impl BuildHasher for OneShotXxh3 {
    type Hasher = OneShotXxh3;

    fn build_hasher(&self) -> Self::Hasher {
        *self
    }
}

impl Hasher for OneShotXxh3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64_with_seed(bytes, self.0);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// `rendezvous_hash`'s node hasher on top of [`OneShotXxh3`].
#[derive(Clone, Copy, Default)]
struct Xxh3NodeHasher;

impl<N: Hash> rendezvous_hash::NodeHasher<N> for Xxh3NodeHasher {
    fn hash<T: Hash>(&self, node: &N, item: &T) -> u64 {
        let mut h = OneShotXxh3(0);
        item.hash(&mut h);
        node.hash(&mut h);
        h.finish()
    }
}

/// One virtual node of `hashring`.
#[derive(Hash, Clone, Copy, PartialEq, Eq, Debug)]
struct VNode {
    node: usize,
    index: u32,
}

fn keys() -> Vec<u64> {
    // A fixed odd-multiplier sequence: distinct, well spread, reproducible.
    (0..KEYS)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect()
}

fn ring_lookup(c: &mut Criterion) {
    let keys = keys();
    let mut group = c.benchmark_group("ring_lookup_10x1000");
    group.throughput(Throughput::Elements(KEYS));

    let mut ours = HashRing::new(VNODES, 1).unwrap();
    for node in 0..RING_NODES {
        ours.add_node(node).unwrap();
    }
    group.bench_function("dsviz", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(ours.owner(&key.to_le_bytes()));
            }
        })
    });

    let vnodes =
        || (0..RING_NODES).flat_map(|node| (0..VNODES).map(move |index| VNode { node, index }));
    let mut siphash = hashring::HashRing::new();
    siphash.batch_add(vnodes().collect());
    group.bench_function("hashring", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(siphash.get(key).map(|v| v.node));
            }
        })
    });
    let mut xxh3 = hashring::HashRing::with_hasher(OneShotXxh3(1));
    xxh3.batch_add(vnodes().collect());
    group.bench_function("hashring_xxh3", |b| {
        b.iter(|| {
            for key in &keys {
                black_box(xxh3.get(key).map(|v| v.node));
            }
        })
    });
    group.finish();
}

fn rendezvous_lookup(c: &mut Criterion) {
    let keys = keys();
    for nodes in [10usize, 100] {
        let mut group = c.benchmark_group(format!("rendezvous_lookup_{nodes}"));
        group.throughput(Throughput::Elements(KEYS));

        let mut ours = Rendezvous::new(1);
        for node in 0..nodes {
            ours.add_node(node).unwrap();
        }
        group.bench_function("dsviz", |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(ours.owner(&key.to_le_bytes()));
                }
            })
        });

        let hrw_sip = hrw::Rendezvous::from_nodes(0..nodes);
        group.bench_function("hrw", |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(hrw_sip.pick_top(key));
                }
            })
        });
        let hrw_xxh3 = hrw::Rendezvous::from_nodes_and_hasher(0..nodes, OneShotXxh3(1));
        group.bench_function("hrw_xxh3", |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(hrw_xxh3.pick_top(key));
                }
            })
        });

        let mut sile = rendezvous_hash::RendezvousNodes::default();
        let mut sile_xxh3 = rendezvous_hash::RendezvousNodes::new(Xxh3NodeHasher);
        for node in 0..nodes {
            sile.insert(rendezvous_hash::IdNode::new(node));
            sile_xxh3.insert(rendezvous_hash::IdNode::new(node));
        }
        group.bench_function("rendezvous_hash", |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(sile.calc_candidates(key).next().map(|n| **n));
                }
            })
        });
        group.bench_function("rendezvous_hash_xxh3", |b| {
            b.iter(|| {
                for key in &keys {
                    black_box(sile_xxh3.calc_candidates(key).next().map(|n| **n));
                }
            })
        });
        group.finish();
    }
}

criterion_group!(benches, ring_lookup, rendezvous_lookup);
criterion_main!(benches);
