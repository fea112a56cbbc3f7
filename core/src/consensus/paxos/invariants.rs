//! Paxos safety ("Paxos Made Simple" §2.1), checked after every step.
//!
//! * **At Most One Value Chosen**: a value is chosen when a majority of
//!   acceptors has accepted it in the same ballot; no two different values
//!   are ever chosen, and every value a learner learns is the chosen one.
//! * **Only Proposed Values Chosen**: a chosen or learned value was given
//!   to some proposer by a client.
//! * **One Value per Ballot**: no two acceptors accept different values in
//!   the same ballot (each ballot belongs to one proposer, which proposes
//!   one value in it).
//!
//! The checker keeps history: every (ballot, value) each acceptor has ever
//! accepted, since a later ballot overwrites an acceptor's state but not
//! the fact that a value was once chosen.

use super::node::PaxosNode;
use super::{Ballot, Value};
use crate::sim::{Invariants, NodeId, Violation};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

pub const AT_MOST_ONE_CHOSEN: &str = "At Most One Value Chosen";
pub const ONLY_PROPOSED: &str = "Only Proposed Values Chosen";
pub const ONE_VALUE_PER_BALLOT: &str = "One Value per Ballot";

const NAMES: &[&str] = &[AT_MOST_ONE_CHOSEN, ONLY_PROPOSED, ONE_VALUE_PER_BALLOT];

/// The history-keeping checker.
#[derive(Clone, Debug, Default)]
pub struct PaxosInvariants {
    /// Per ballot: its value and the acceptors that accepted it.
    votes: BTreeMap<Ballot, (Value, BTreeSet<NodeId>)>,
    /// Every value chosen so far, with the first ballot that chose it.
    chosen: BTreeMap<Value, Ballot>,
    /// Values reported once, so a violation is recorded when it happens
    /// and not again at every later step.
    reported: BTreeSet<(&'static str, Value)>,
}

impl PaxosInvariants {
    /// The values chosen so far (more than one only if safety failed).
    pub fn chosen(&self) -> impl Iterator<Item = Value> + '_ {
        self.chosen.keys().copied()
    }

    fn report(
        &mut self,
        property: &'static str,
        value: Value,
        detail: alloc::string::String,
        out: &mut Vec<Violation>,
    ) {
        if self.reported.insert((property, value)) {
            out.push(Violation { property, detail });
        }
    }

    fn record_vote(&mut self, id: NodeId, nodes: &[PaxosNode], out: &mut Vec<Violation>) {
        let Some((ballot, value)) = nodes[id].accepted() else {
            return;
        };
        let majority = nodes.len() / 2 + 1;
        let entry = self
            .votes
            .entry(ballot)
            .or_insert_with(|| (value, BTreeSet::new()));
        if entry.0 != value {
            let detail = format!(
                "ballot {ballot} carries {} and {value} (node {id})",
                entry.0
            );
            self.report(ONE_VALUE_PER_BALLOT, value, detail, out);
            return;
        }
        entry.1.insert(id);
        if entry.1.len() >= majority && !self.chosen.contains_key(&value) {
            self.chosen.insert(value, ballot);
            if self.chosen.len() > 1 {
                let all: Vec<Value> = self.chosen.keys().copied().collect();
                let detail = format!("values {all:?} chosen (latest {value} in ballot {ballot})");
                self.report(AT_MOST_ONE_CHOSEN, value, detail, out);
            }
            if !nodes.iter().any(|n| n.proposed().contains(&value)) {
                let detail = format!("{value} chosen in ballot {ballot} but never proposed");
                self.report(ONLY_PROPOSED, value, detail, out);
            }
        }
    }

    fn check_learned(&mut self, id: NodeId, nodes: &[PaxosNode], out: &mut Vec<Violation>) {
        let Some(value) = nodes[id].learned() else {
            return;
        };
        if !self.chosen.contains_key(&value) {
            let detail = format!("node {id} learned {value}, which no majority accepted");
            self.report(AT_MOST_ONE_CHOSEN, value, detail, out);
        }
    }
}

impl Invariants<PaxosNode> for PaxosInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(&mut self, nodes: &[PaxosNode], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        match touched {
            Some(id) => {
                self.record_vote(id, nodes, out);
                self.check_learned(id, nodes, out);
            }
            None => {
                for id in 0..nodes.len() {
                    self.record_vote(id, nodes, out);
                }
                for id in 0..nodes.len() {
                    self.check_learned(id, nodes, out);
                }
            }
        }
    }
}
