//! Vector clocks (Fidge 1988; Mattern 1989).
//!
//! Each process keeps one counter per process. Before every event it
//! increments its own entry; a message carries the sender's whole vector,
//! and the receiver takes the pointwise maximum with its own before
//! incrementing:
//!
//! ```text
//!   local or send at p:  V[p] += 1
//!   receive(W) at p:     V := max(V, W); V[p] += 1
//!   V ≤ W  ⇔  ∀q V[q] ≤ W[q];   V < W ⇔ V ≤ W ∧ V ≠ W
//! ```
//!
//! Unlike a Lamport clock this characterises causality: `a → b` if and
//! only if `V(a) < V(b)`, and `a ∥ b` (concurrent) when neither vector is
//! below the other. Entries are sparse: a missing process counts 0.

use super::{Causality, compare_counters, merge_counters};
use crate::sim::NodeId;
use alloc::collections::BTreeMap;
use core::cmp::Ordering;

/// A vector clock.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct VectorClock {
    entries: BTreeMap<NodeId, u64>,
}

impl VectorClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// From `(process, counter)` pairs (zeros are dropped; a repeated
    /// process keeps its largest counter).
    pub fn from_entries(entries: impl IntoIterator<Item = (NodeId, u64)>) -> Self {
        let mut clock = Self::new();
        for (p, n) in entries {
            if n > 0 {
                let slot = clock.entries.entry(p).or_insert(0);
                *slot = (*slot).max(n);
            }
        }
        clock
    }

    /// The counter of `process` (0 if absent).
    pub fn get(&self, process: NodeId) -> u64 {
        self.entries.get(&process).copied().unwrap_or(0)
    }

    /// The non-zero entries in process order.
    pub fn entries(&self) -> impl Iterator<Item = (NodeId, u64)> + '_ {
        self.entries.iter().map(|(&p, &n)| (p, n))
    }

    /// A local event or a send at `process`; returns its new counter.
    pub fn increment(&mut self, process: NodeId) -> u64 {
        let slot = self.entries.entry(process).or_insert(0);
        *slot += 1;
        *slot
    }

    /// Pointwise maximum with `other`.
    pub fn merge(&mut self, other: &VectorClock) {
        merge_counters(&mut self.entries, &other.entries);
    }

    /// Receiving a message stamped `stamp` at `process`: merge, then
    /// increment.
    pub fn receive(&mut self, process: NodeId, stamp: &VectorClock) {
        self.merge(stamp);
        self.increment(process);
    }

    pub fn compare(&self, other: &VectorClock) -> Causality {
        compare_counters(&self.entries, &other.entries)
    }

    /// `self → other`: strictly below it.
    pub fn happened_before(&self, other: &VectorClock) -> bool {
        self.compare(other) == Causality::Before
    }

    pub fn concurrent(&self, other: &VectorClock) -> bool {
        self.compare(other) == Causality::Concurrent
    }
}

impl PartialOrd for VectorClock {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        self.compare(other).partial_ordering()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_pointwise() {
        let a = VectorClock::from_entries([(0, 1), (1, 2)]);
        let b = VectorClock::from_entries([(0, 1), (1, 3)]);
        let c = VectorClock::from_entries([(0, 2)]);
        assert!(a.happened_before(&b) && a < b);
        assert_eq!(b.compare(&a), Causality::After);
        assert!(a.concurrent(&c) && a.partial_cmp(&c).is_none());
        assert_eq!(
            a.compare(&VectorClock::from_entries([(1, 2), (0, 1), (5, 0)])),
            Causality::Equal
        );
        let mut m = a.clone();
        m.receive(2, &c);
        assert_eq!(m, VectorClock::from_entries([(0, 2), (1, 2), (2, 1)]));
    }
}
