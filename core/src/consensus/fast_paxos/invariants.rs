//! Fast Paxos safety (the consensus requirement the paper starts from:
//! at most one value is chosen), checked after every step.
//!
//! * **One Value Chosen**: a value is chosen in a fast round when a fast
//!   quorum voted for it there, in a classic round when a classic quorum
//!   did; no two values are ever chosen, and every learned value is the
//!   chosen one. (Only proposed values can be voted for, since acceptors
//!   vote for client values or for values the coordinator took from
//!   votes or clients.)

use super::node::FastPaxosNode;
use super::{Round, Value, quorums};
use crate::sim::{Invariants, NodeId, Violation};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

pub const ONE_VALUE_CHOSEN: &str = "One Value Chosen";

const NAMES: &[&str] = &[ONE_VALUE_CHOSEN];

/// The history-keeping checker.
#[derive(Clone, Debug, Default)]
pub struct FastPaxosInvariants {
    votes: BTreeMap<(Round, Value), BTreeSet<NodeId>>,
    chosen: BTreeMap<Value, Round>,
    reported: BTreeSet<Value>,
}

impl FastPaxosInvariants {
    /// Every value chosen so far, with the round that chose it first.
    pub fn chosen(&self) -> &BTreeMap<Value, Round> {
        &self.chosen
    }

    fn report(&mut self, value: Value, detail: alloc::string::String, out: &mut Vec<Violation>) {
        if self.reported.insert(value) {
            out.push(Violation {
                property: ONE_VALUE_CHOSEN,
                detail,
            });
        }
    }

    fn check_node(&mut self, id: NodeId, nodes: &[FastPaxosNode], out: &mut Vec<Violation>) {
        let (classic, fast) = quorums(nodes.len());
        if let Some((round, value)) = nodes[id].acceptor().accepted() {
            let voters = self.votes.entry((round, value)).or_default();
            voters.insert(id);
            let needed = if round.fast { fast } else { classic };
            if voters.len() >= needed && !self.chosen.contains_key(&value) {
                self.chosen.insert(value, round);
                if self.chosen.len() > 1 {
                    let detail = format!("values chosen: {:?}", self.chosen);
                    self.report(value, detail, out);
                }
            }
        }
        if let Some(value) = nodes[id].learned()
            && !self.chosen.contains_key(&value)
        {
            let detail = format!("node {id} learned {value}, which no quorum chose");
            self.report(value, detail, out);
        }
    }
}

impl Invariants<FastPaxosNode> for FastPaxosInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(
        &mut self,
        nodes: &[FastPaxosNode],
        touched: Option<NodeId>,
        out: &mut Vec<Violation>,
    ) {
        match touched {
            Some(id) => self.check_node(id, nodes, out),
            None => (0..nodes.len()).for_each(|id| self.check_node(id, nodes, out)),
        }
    }
}
