//! The safety property every dissemination protocol here shares: a node
//! never *un-learns*. The version it knows only grows, from one step to the
//! next, under any fault — crashes and restarts included, since what a node
//! has learned is durable.

use super::Knower;
use crate::sim::{Invariants, Node, NodeId, Violation};
use alloc::format;
use alloc::vec::Vec;

pub const NEVER_UNLEARNS: &str = "Never Un-learns";

/// Remembers the version each node knew after the previous step.
#[derive(Clone, Debug, Default)]
pub struct KnowledgeInvariants {
    last: Vec<u64>,
}

impl KnowledgeInvariants {
    /// Checks one node against what it knew before, then remembers it.
    pub fn check_node(&mut self, id: NodeId, known: u64, out: &mut Vec<Violation>) {
        if self.last.len() <= id {
            self.last.resize(id + 1, 0);
        }
        let before = self.last[id];
        if known < before {
            out.push(Violation {
                property: NEVER_UNLEARNS,
                detail: format!("node {id} went back from version {before} to {known}"),
            });
        }
        self.last[id] = known;
    }
}

impl<N: Node + Knower> Invariants<N> for KnowledgeInvariants {
    fn names(&self) -> &'static [&'static str] {
        &[NEVER_UNLEARNS]
    }

    fn check(&mut self, nodes: &[N], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        match touched {
            Some(id) => self.check_node(id, nodes[id].known(), out),
            None => {
                for (id, node) in nodes.iter().enumerate() {
                    self.check_node(id, node.known(), out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_going_back_is_flagged_once() {
        let mut check = KnowledgeInvariants::default();
        let mut out = Vec::new();
        check.check_node(3, 2, &mut out);
        check.check_node(3, 2, &mut out);
        assert!(out.is_empty());
        check.check_node(3, 1, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].property, NEVER_UNLEARNS);
        check.check_node(3, 1, &mut out);
        assert_eq!(out.len(), 1, "the new value is remembered");
    }
}
