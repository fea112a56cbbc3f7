//! Multi-Paxos safety, checked after every step.
//!
//! * **Slot Agreement**: in every slot at most one value is chosen (a
//!   majority accepting it in one ballot), and every value a learner
//!   records for a slot is the one chosen there.
//! * **Prefix Apply**: every node applies a gap-free prefix of the log in
//!   slot order — its applied prefix never shrinks and each applied slot
//!   holds the value chosen there.
//!
//! The checker keeps history: the acceptors of each (slot, ballot) and the
//! value chosen in each slot. Nodes expose what their latest handler
//! accepted and learned, so a step costs what it changed.

use super::node::MultiPaxosNode;
use super::{Ballot, LogValue, Slot};
use crate::sim::{Invariants, NodeId, Violation};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

pub const SLOT_AGREEMENT: &str = "Slot Agreement";
pub const PREFIX_APPLY: &str = "Prefix Apply";

const NAMES: &[&str] = &[SLOT_AGREEMENT, PREFIX_APPLY];

/// The history-keeping checker.
#[derive(Clone, Debug, Default)]
pub struct MultiPaxosInvariants {
    votes: BTreeMap<(Slot, Ballot), (LogValue, BTreeSet<NodeId>)>,
    chosen: BTreeMap<Slot, LogValue>,
    /// Slots found with two values (reported once).
    conflicted: BTreeSet<Slot>,
    /// Per node: the applied prefix verified so far.
    verified: Vec<Slot>,
}

impl MultiPaxosInvariants {
    /// The value chosen in each slot so far.
    pub fn chosen(&self) -> &BTreeMap<Slot, LogValue> {
        &self.chosen
    }

    fn conflict(&mut self, slot: Slot, detail: alloc::string::String, out: &mut Vec<Violation>) {
        if self.conflicted.insert(slot) {
            out.push(Violation {
                property: SLOT_AGREEMENT,
                detail,
            });
        }
    }

    fn check_node(&mut self, id: NodeId, nodes: &[MultiPaxosNode], out: &mut Vec<Violation>) {
        let majority = nodes.len() / 2 + 1;
        let node = &nodes[id];
        for &(slot, ballot, value) in node.recent_accepts() {
            let entry = self
                .votes
                .entry((slot, ballot))
                .or_insert_with(|| (value, BTreeSet::new()));
            if entry.0 != value {
                continue; // one proposer per ballot: cannot happen
            }
            entry.1.insert(id);
            if entry.1.len() < majority {
                continue;
            }
            match self.chosen.get(&slot) {
                None => {
                    self.chosen.insert(slot, value);
                }
                Some(&first) if first != value => {
                    let detail = format!(
                        "slot {slot}: {first:?} and {value:?} (ballot {ballot}) both chosen"
                    );
                    self.conflict(slot, detail, out);
                }
                Some(_) => {}
            }
        }
        for &(slot, value) in node.recent_learns() {
            if self.chosen.get(&slot) != Some(&value) {
                let detail = format!(
                    "node {id} learned {value:?} in slot {slot}; chosen there: {:?}",
                    self.chosen.get(&slot)
                );
                self.conflict(slot, detail, out);
            }
        }
        if self.verified.len() < nodes.len() {
            self.verified.resize(nodes.len(), 0);
        }
        let applied = node.learner().applied();
        let seen = self.verified[id];
        if applied < seen {
            out.push(Violation {
                property: PREFIX_APPLY,
                detail: format!("node {id}'s applied prefix shrank from {seen} to {applied}"),
            });
        }
        for slot in seen + 1..=applied {
            let mine = node.learner().get(slot);
            if mine.is_none() || mine != self.chosen.get(&slot).copied() {
                out.push(Violation {
                    property: PREFIX_APPLY,
                    detail: format!(
                        "node {id} applied slot {slot} as {mine:?}; chosen: {:?}",
                        self.chosen.get(&slot)
                    ),
                });
                break;
            }
        }
        self.verified[id] = applied;
    }
}

impl Invariants<MultiPaxosNode> for MultiPaxosInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(
        &mut self,
        nodes: &[MultiPaxosNode],
        touched: Option<NodeId>,
        out: &mut Vec<Violation>,
    ) {
        match touched {
            Some(id) => self.check_node(id, nodes, out),
            None => (0..nodes.len()).for_each(|id| self.check_node(id, nodes, out)),
        }
    }
}
