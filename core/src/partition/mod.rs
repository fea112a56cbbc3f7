//! Partitioning: which node owns which key, and what moves when nodes come
//! and go.
//!
//! | structure | owner of a key | lookup | moves when a node joins |
//! |---|---|---|---|
//! | [`HashRing`] | first virtual node clockwise | `O(log T)` binary search | the keys on the arcs the new tokens take, ≈ `K/(N+1)` |
//! | [`Rendezvous`] | node with the highest score for the key | `O(N)` scores | the keys the new node wins, ≈ `K/(N+1)` |
//! | [`BoundedLoadRing`] | first node clockwise that is not full | walk past full nodes | the newcomer's keys, plus keys re-placed as the cap falls |
//! | [`RangePartitioner`] | node of the key range that holds it | `O(log R)` | ranges the balancer hands the new node |
//!
//! [`BallsIntoBins`] is the experiment behind power-of-two-choices: `d`
//! random bins per ball, the least loaded wins.
//!
//! # Driving a structure one operation at a time
//!
//! The four structures implement [`Partitioner`]: add and remove nodes,
//! insert and remove keys, ask for a key's owner. Every operation that can
//! move stored keys returns the list of [`Move`]s it caused, so a page can
//! animate exactly those keys; weights, replicas (preference lists), tokens,
//! capacities and ranges are methods of each type. The trait takes keys as
//! byte strings and is object safe, so one page can hold any of them as a
//! `Box<dyn Partitioner>`.
//!
//! ```
//! use dsviz_core::partition::{HashRing, Partitioner};
//! let mut ring = HashRing::new(64, 7).unwrap();
//! for node in 0..3 {
//!     ring.add_node(node).unwrap();
//! }
//! let owner = ring.insert(b"apple").unwrap().owner;
//! assert_eq!(ring.owner(b"apple"), Some(owner));
//! let moves = ring.add_node(3).unwrap();
//! assert!(moves.iter().all(|m| m.to == 3)); // keys only move to the newcomer
//! assert_eq!(ring.preference_list(b"apple", 2).len(), 2);
//! ```
//!
//! # Determinism
//!
//! Positions and scores are XXH3 hashes under each structure's seed (see
//! [`crate::sketch::hashing`]); containers are `BTreeMap`s and sorted
//! vectors; randomised experiments draw from seeded PCG-64 streams
//! ([`crate::sim::driver_stream`]). The same seed and operations give the same
//! owners and moves on every platform.
//!
//! [`experiments`] measures each structure against its theory.

pub mod balls;
pub mod bounded;
pub mod error;
pub mod experiments;
mod keys;
pub mod range;
mod range_table;
pub mod rendezvous;
pub mod ring;
mod tokens;

pub use balls::{BallsIntoBins, Throw};
pub use bounded::BoundedLoadRing;
pub use error::PartitionError;
pub use keys::{Move, Placed};
pub use range::{RangeConfig, RangeInfo, RangePartitioner};
pub use rendezvous::Rendezvous;
pub use ring::HashRing;
pub use tokens::Token;

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// A node's identity, the same type the simulator uses for its nodes.
pub use crate::sim::NodeId;

/// The operations every partitioning structure offers, so a page or an
/// experiment can drive any of them one step at a time.
pub trait Partitioner {
    /// Adds `node` (with weight 1 where weights exist) and returns the
    /// stored keys that moved because of it.
    fn add_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError>;

    /// Removes `node` and returns the stored keys that moved because of it.
    /// Refused for the last node while keys are stored.
    fn remove_node(&mut self, node: NodeId) -> Result<Vec<Move>, PartitionError>;

    /// Stores `key` and returns its owner, with the stored keys the
    /// insertion moved. Inserting a stored key again changes nothing on the
    /// hash rings and rendezvous; a range partitioner counts it as one more
    /// write, which may split its range and move it (the key among them).
    fn insert(&mut self, key: &[u8]) -> Result<Placed, PartitionError>;

    /// Forgets `key`; returns the owner it had and any keys that moved
    /// because of it, or `None` when it was not stored.
    fn remove(&mut self, key: &[u8]) -> Option<Placed>;

    /// The node that owns `key` now, or `None` when there are no nodes.
    /// Structures whose placement depends on the other keys (bounded loads)
    /// answer only for stored keys.
    fn owner(&self, key: &[u8]) -> Option<NodeId>;

    /// The nodes, in increasing id order.
    fn nodes(&self) -> Vec<NodeId>;

    /// The number of stored keys.
    fn key_count(&self) -> usize;

    /// Stored keys per node, with every node present (zero when empty).
    fn loads(&self) -> BTreeMap<NodeId, usize>;
}

/// `max / mean` of the loads, or 0 when there are none or all are zero.
pub fn max_over_mean(loads: &BTreeMap<NodeId, usize>) -> f64 {
    let total: usize = loads.values().sum();
    let max = loads.values().copied().max().unwrap_or(0);
    if total == 0 {
        return 0.0;
    }
    max as f64 * loads.len() as f64 / total as f64
}
