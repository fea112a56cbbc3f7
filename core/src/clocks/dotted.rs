//! Dotted version vectors (Preguiça, Baquero, Almeida, Fonte & Gonçalves,
//! "Dotted Version Vectors: Logical Clocks for Optimistic Replication",
//! arXiv:1011.5808, 2010; Almeida, Baquero, Gonçalves, Preguiça & Fonte,
//! "Scalable and Accurate Causality Tracking for Eventually Consistent
//! Stores", DAIS 2014).
//!
//! # The problem
//!
//! A key-value store whose servers tag versions with plain version vectors
//! (one entry per *server*) cannot tell apart two clients that write
//! concurrently through the same server: the server increments its own
//! entry for each, and the second write seems to descend from the first, so
//! one is silently lost. One entry per *client* fixes it but grows without
//! bound.
//!
//! # The clock
//!
//! A dotted version vector is a pair `((r, n), C)`: a **dot** `(r, n)`, the
//! unique name of this write — the `n`-th event at server `r` — and a
//! **causal context** `C`, the version vector of what the writing client
//! had read. It stands for the set of events
//!
//! ```text
//!   events((r, n), C) = { (s, m) | 1 ≤ m ≤ C[s] }  ∪  { (r, n) }
//! ```
//!
//! which may have a gap: `((a, 3), {a: 1})` contains `(a, 1)` and `(a, 3)`
//! but not `(a, 2)`, a concurrent write through the same server. One
//! version descends from another exactly when its event set includes the
//! other's; in a well-formed run that is simply "the other's dot is in my
//! context".
//!
//! # The kernel operations (§4 of the DAIS paper)
//!
//! * [`Siblings::sync`] — merge two sets of concurrent versions (sibling
//!   sets), keeping every version that no version of either set strictly
//!   dominates, and nothing else.
//! * [`Siblings::context`] — the version vector joining every version's
//!   events: what a client that read this set has seen.
//! * [`Siblings::update`] — a write at server `r` with the context the
//!   client read: it gets the dot `(r, k + 1)`, `k` the largest counter of
//!   `r` the server or the context knows, and replaces every version the
//!   context covers; the others stay as siblings.
//!
//! ```
//! use dsviz_core::clocks::{Siblings, VersionVector};
//!
//! let mut server: Siblings<&str> = Siblings::new();
//! // Two clients read nothing and write through server 0: siblings.
//! server.update(&VersionVector::new(), 0, "x");
//! server.update(&VersionVector::new(), 0, "y");
//! assert_eq!(server.len(), 2);
//! // A client that read both writes once more: it replaces both.
//! let seen = server.context();
//! server.update(&seen, 0, "z");
//! assert_eq!(server.values().collect::<Vec<_>>(), [&"z"]);
//! ```

use super::Causality;
use super::version_vector::VersionVector;
use crate::sim::NodeId;
use alloc::vec::Vec;

/// One event: the `counter`-th at `replica` (counters start at 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Dot {
    pub replica: NodeId,
    pub counter: u64,
}

/// A dot and the causal context it was written in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DottedVersionVector {
    dot: Dot,
    context: VersionVector,
}

impl DottedVersionVector {
    /// A clock; the dot must not already be in the context
    /// (`context[dot.replica] < dot.counter`), as in every clock that
    /// [`Siblings::update`] creates.
    pub fn new(dot: Dot, context: VersionVector) -> Self {
        debug_assert!(
            dot.counter > context.get(dot.replica),
            "a dot names a new event"
        );
        Self { dot, context }
    }

    pub fn dot(&self) -> Dot {
        self.dot
    }

    pub fn context(&self) -> &VersionVector {
        &self.context
    }

    /// Whether `dot` is one of this clock's events.
    pub fn contains(&self, dot: Dot) -> bool {
        dot == self.dot || dot.counter <= self.context.get(dot.replica)
    }

    /// Whether every event of `other` is one of this clock's events.
    pub fn includes(&self, other: &DottedVersionVector) -> bool {
        self.contains(other.dot)
            && other.context.entries().all(|(replica, counter)| {
                let have = self.context.get(replica);
                counter <= have
                    || (replica == self.dot.replica
                        && counter == have + 1
                        && self.dot.counter == counter)
            })
    }

    /// How the event sets relate.
    pub fn compare(&self, other: &DottedVersionVector) -> Causality {
        match (other.includes(self), self.includes(other)) {
            (true, true) => Causality::Equal,
            (true, false) => Causality::Before,
            (false, true) => Causality::After,
            (false, false) => Causality::Concurrent,
        }
    }

    /// Raises `into` to cover this clock's events (and, where the dot
    /// leaves a gap, the gap too: a reader of the set has seen it).
    pub fn join_into(&self, into: &mut VersionVector) {
        into.merge(&self.context);
        into.set_at_least(self.dot.replica, self.dot.counter);
    }
}

/// The concurrent versions of one key, each with its clock; no version
/// strictly dominates another. Kept sorted by dot.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Siblings<V> {
    versions: Vec<(DottedVersionVector, V)>,
}

impl<V> Default for Siblings<V> {
    fn default() -> Self {
        Self {
            versions: Vec::new(),
        }
    }
}

impl<V: Clone> Siblings<V> {
    pub fn new() -> Self {
        Self::default()
    }

    /// A set of one version.
    pub fn single(clock: DottedVersionVector, value: V) -> Self {
        Self {
            versions: alloc::vec![(clock, value)],
        }
    }

    pub fn len(&self) -> usize {
        self.versions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.versions.is_empty()
    }

    /// The versions with their clocks, by dot.
    pub fn versions(&self) -> &[(DottedVersionVector, V)] {
        &self.versions
    }

    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.versions.iter().map(|(_, v)| v)
    }

    pub fn dots(&self) -> impl Iterator<Item = Dot> + '_ {
        self.versions.iter().map(|(c, _)| c.dot)
    }

    /// What a client reading this set has seen.
    pub fn context(&self) -> VersionVector {
        let mut vv = VersionVector::new();
        for (clock, _) in &self.versions {
            clock.join_into(&mut vv);
        }
        vv
    }

    /// Merges `other` in: keeps exactly the versions of either set that no
    /// version of the union strictly dominates (one copy of each dot).
    pub fn sync(&mut self, other: &Siblings<V>) {
        let mut union: Vec<(DottedVersionVector, V)> = self.versions.clone();
        for (clock, value) in &other.versions {
            if !union.iter().any(|(c, _)| c.dot == clock.dot) {
                union.push((clock.clone(), value.clone()));
            }
        }
        let kept: Vec<(DottedVersionVector, V)> = union
            .iter()
            .filter(|(clock, _)| {
                !union
                    .iter()
                    .any(|(other, _)| other.compare(clock) == Causality::After)
            })
            .cloned()
            .collect();
        self.versions = kept;
        self.versions.sort_by_key(|(c, _)| c.dot);
    }

    /// A write of `value` at server `replica` by a client that had read
    /// `context`: returns the new version's clock. Versions the context
    /// covers are replaced; the others remain siblings.
    pub fn update(
        &mut self,
        context: &VersionVector,
        replica: NodeId,
        value: V,
    ) -> DottedVersionVector {
        let known = self
            .versions
            .iter()
            .map(|(c, _)| {
                let own = if c.dot.replica == replica {
                    c.dot.counter
                } else {
                    0
                };
                own.max(c.context.get(replica))
            })
            .max()
            .unwrap_or(0)
            .max(context.get(replica));
        let clock = DottedVersionVector::new(
            Dot {
                replica,
                counter: known + 1,
            },
            context.clone(),
        );
        self.sync(&Siblings::single(clock.clone(), value));
        clock
    }
}
