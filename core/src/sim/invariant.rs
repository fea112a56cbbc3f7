//! Safety properties, declared next to each protocol and evaluated by the
//! simulator after every step.
//!
//! A checker may keep history (for example "at most one leader per term"
//! needs to remember past leaders), so it is part of the cloneable world and
//! travels with checkpoints. A violation is recorded in the trace and shown;
//! it never panics.

use super::node::{Node, NodeId};
use alloc::string::String;

/// A broken safety property.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Violation {
    /// The property's name, one of [`Invariants::names`].
    pub property: &'static str,
    /// What was seen, in words.
    pub detail: String,
}

/// A protocol's set of named safety properties.
pub trait Invariants<N: Node>: Clone {
    /// The properties' names, in display order.
    fn names(&self) -> &'static [&'static str];

    /// Checks the properties after a step. `touched` is the node whose state
    /// the step may have changed; `None` means "any node" (check them all).
    /// Violations are pushed to `out`.
    fn check(&mut self, nodes: &[N], touched: Option<NodeId>, out: &mut alloc::vec::Vec<Violation>);
}

/// For protocols without safety properties.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoInvariants;

impl<N: Node> Invariants<N> for NoInvariants {
    fn names(&self) -> &'static [&'static str] {
        &[]
    }
    fn check(&mut self, _: &[N], _: Option<NodeId>, _: &mut alloc::vec::Vec<Violation>) {}
}
