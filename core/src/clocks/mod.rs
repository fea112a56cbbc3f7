//! Logical clocks: ordering events and versions without a common clock.
//!
//! * [`lamport`]: Lamport clocks (Lamport, "Time, Clocks, and the Ordering
//!   of Events in a Distributed System", CACM 21(7), 1978) — one counter;
//!   consistent with happened-before (`a → b ⇒ L(a) < L(b)`) but not the
//!   converse.
//! * [`vector`]: vector clocks (Fidge 1988; Mattern, "Virtual Time and
//!   Global States of Distributed Systems", 1989) — one counter per
//!   process; characterise happened-before exactly
//!   (`a → b ⇔ V(a) < V(b)`).
//! * [`version_vector`]: version vectors (Parker et al., "Detection of
//!   Mutual Inconsistency in Distributed Systems", IEEE TSE 9(3), 1983) —
//!   the same lattice, counting *updates per replica* of one data item, so
//!   replicas can tell which copy supersedes which and which conflict.
//! * [`dotted`]: dotted version vectors (Preguiça, Baquero, Almeida,
//!   Fonte & Gonçalves, "Dotted Version Vectors: Logical Clocks for
//!   Optimistic Replication", 2010; Almeida, Baquero, Gonçalves, Preguiça &
//!   Fonte, "Scalable and Accurate Causality Tracking for Eventually
//!   Consistent Stores", DAIS 2014) — a version vector plus one *dot*, so a
//!   server can tag concurrent writes from many clients exactly with one
//!   entry per server.
//!
//! * [`store`]: one replicated register run under version vectors with
//!   server ids, with client ids, and dotted version vectors, each judged
//!   against the true causal histories (lost updates, false siblings,
//!   clock sizes).
//!
//! All are plain types with small APIs (`increment`, `merge`, `compare`).

pub mod dotted;
pub mod execution;
pub mod lamport;
pub mod store;
pub mod vector;
pub mod version_vector;

pub use dotted::{Dot, DottedVersionVector, Siblings};
pub use execution::{ClockEvent, ClockOp, ClockOpError, EventKind, Execution, random_workload};
pub use lamport::{LamportClock, LamportTimestamp};
pub use vector::VectorClock;
pub use version_vector::VersionVector;

use crate::sim::NodeId;
use alloc::collections::BTreeMap;
use core::cmp::Ordering;

/// How two clocks (or versions) relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Causality {
    /// The first happened before (is dominated by) the second.
    Before,
    /// The first happened after (dominates) the second.
    After,
    Equal,
    /// Neither: concurrent, a conflict for versions.
    Concurrent,
}

impl Causality {
    /// As a partial order (`None` for concurrent).
    pub fn partial_ordering(self) -> Option<Ordering> {
        match self {
            Causality::Before => Some(Ordering::Less),
            Causality::After => Some(Ordering::Greater),
            Causality::Equal => Some(Ordering::Equal),
            Causality::Concurrent => None,
        }
    }
}

/// Compares two counter maps pointwise (a missing entry is 0).
pub(crate) fn compare_counters(a: &BTreeMap<NodeId, u64>, b: &BTreeMap<NodeId, u64>) -> Causality {
    let (mut less, mut greater) = (false, false);
    for (id, &x) in a {
        let y = b.get(id).copied().unwrap_or(0);
        less |= x < y;
        greater |= x > y;
    }
    for (id, &y) in b {
        if !a.contains_key(id) && y > 0 {
            less = true;
        }
    }
    match (less, greater) {
        (false, false) => Causality::Equal,
        (true, false) => Causality::Before,
        (false, true) => Causality::After,
        (true, true) => Causality::Concurrent,
    }
}

/// Pointwise maximum of `other` into `into`.
pub(crate) fn merge_counters(into: &mut BTreeMap<NodeId, u64>, other: &BTreeMap<NodeId, u64>) {
    for (&id, &y) in other {
        if y > 0 {
            let x = into.entry(id).or_insert(0);
            *x = (*x).max(y);
        }
    }
}
