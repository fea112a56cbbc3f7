//! The safety properties of both election algorithms, checked after every
//! step under any fault (see the [module docs](super)).
//!
//! * **No Lower Leader**: no node believes in a leader with an id lower
//!   than its own.
//! * **Unopposed Leader**: a node that believes it leads has heard from no
//!   higher node since its current election began.

use super::stability::Elector;
use crate::sim::{Invariants, NodeId, Violation};
use alloc::format;
use alloc::vec::Vec;

pub const NO_LOWER_LEADER: &str = "No Lower Leader";
pub const UNOPPOSED_LEADER: &str = "Unopposed Leader";

const NAMES: &[&str] = &[NO_LOWER_LEADER, UNOPPOSED_LEADER];

/// The checker; it keeps no history (both properties are about one state).
#[derive(Clone, Copy, Debug, Default)]
pub struct ElectionInvariants;

fn check_node<N: Elector>(id: NodeId, node: &N, out: &mut Vec<Violation>) {
    if let Some(leader) = node.leader()
        && leader < id
    {
        out.push(Violation {
            property: NO_LOWER_LEADER,
            detail: format!("node {id} follows the lower node {leader}"),
        });
    }
    if node.is_leader()
        && let Some(higher) = node.heard_higher()
    {
        out.push(Violation {
            property: UNOPPOSED_LEADER,
            detail: format!("node {id} leads although it heard from the higher node {higher}"),
        });
    }
}

impl<N: Elector> Invariants<N> for ElectionInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(&mut self, nodes: &[N], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        match touched {
            Some(id) => check_node(id, &nodes[id], out),
            None => {
                for (id, node) in nodes.iter().enumerate() {
                    check_node(id, node, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::election::bully::{BullyConfig, BullyNode};

    fn node(me: NodeId, leader: Option<NodeId>, heard: Option<NodeId>) -> BullyNode {
        let mut node = BullyNode::new(BullyConfig::default());
        node.force_for_tests(me, leader, heard);
        node
    }

    fn check(nodes: &[BullyNode]) -> Vec<&'static str> {
        let mut out = Vec::new();
        ElectionInvariants.check(nodes, None, &mut out);
        out.iter().map(|v| v.property).collect()
    }

    #[test]
    fn accepts_a_correct_state() {
        let nodes = [
            node(0, Some(2), None),
            node(1, None, Some(2)),
            node(2, Some(2), None),
        ];
        assert!(check(&nodes).is_empty());
    }

    #[test]
    fn detects_a_node_following_a_lower_one() {
        let nodes = [node(0, Some(1), None), node(1, Some(0), None)];
        assert_eq!(check(&nodes), [NO_LOWER_LEADER]);
    }

    #[test]
    fn detects_a_leader_that_heard_a_higher_node() {
        let nodes = [node(0, Some(0), Some(1)), node(1, None, None)];
        assert_eq!(check(&nodes), [UNOPPOSED_LEADER]);
        let mut out = Vec::new();
        ElectionInvariants.check(&nodes, Some(1), &mut out);
        assert!(out.is_empty(), "only the touched node is checked");
    }
}
