//! The safety properties of atomic commitment (Bernstein et al. 1987, §7.2,
//! AC1–AC4), checked after every step:
//!
//! * **Atomicity**: no process commits a transaction that another aborts.
//! * **Commit needs every yes**: a transaction commits only if every
//!   participant voted yes.
//! * **Decisions are final**: a process never changes a decision it logged,
//!   and its log only grows.
//!
//! The checker reads each process's write-ahead log, only the records
//! appended since it last looked, so a check costs the number of new records.

use super::ledger::Ledger;
use super::wal::LogRecord;
use super::{COORDINATOR, Decision, TxId, Vote};
use crate::sim::{Invariants, Node, NodeId, Violation};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

pub const ATOMICITY: &str = "Atomicity";
pub const UNANIMOUS_YES: &str = "Commit needs every yes";
pub const DECISION_STABILITY: &str = "Decisions are final";

const NAMES: &[&str] = &[ATOMICITY, UNANIMOUS_YES, DECISION_STABILITY];

/// A process whose log the checker can read.
pub trait CommitProcess {
    fn ledger(&self) -> &Ledger;
}

/// The history-keeping checker.
#[derive(Clone, Debug, Default)]
pub struct CommitInvariants {
    /// Per node: how many log records were checked.
    seen: Vec<usize>,
    /// Per transaction: the participants whose log holds a yes vote.
    yes_voters: BTreeMap<TxId, BTreeSet<NodeId>>,
    /// Per transaction and decision: the first process that logged it.
    outcomes: BTreeMap<(TxId, Decision), NodeId>,
    /// Transactions already reported as not atomic (reported once).
    split: BTreeSet<TxId>,
    /// Per (node, transaction): the decision it logged.
    decided: BTreeMap<(NodeId, TxId), Decision>,
}

impl CommitInvariants {
    fn scan<N: CommitProcess>(&mut self, id: NodeId, nodes: &[N], out: &mut Vec<Violation>) {
        let records = nodes[id].ledger().wal().records();
        let seen = self.seen[id];
        if records.len() < seen {
            out.push(Violation {
                property: DECISION_STABILITY,
                detail: format!(
                    "node {id}'s log shrank from {seen} to {} records",
                    records.len()
                ),
            });
            self.seen[id] = records.len();
            return;
        }
        for record in &records[seen..] {
            match *record {
                LogRecord::Voted {
                    tx,
                    vote: Vote::Yes,
                    ..
                } => {
                    self.yes_voters.entry(tx).or_default().insert(id);
                }
                LogRecord::Decided { tx, decision } => {
                    self.record_decision(id, tx, decision, nodes.len(), out)
                }
                _ => {}
            }
        }
        self.seen[id] = records.len();
    }

    fn record_decision(
        &mut self,
        id: NodeId,
        tx: TxId,
        decision: Decision,
        node_count: usize,
        out: &mut Vec<Violation>,
    ) {
        match self.decided.insert((id, tx), decision) {
            Some(before) if before != decision => out.push(Violation {
                property: DECISION_STABILITY,
                detail: format!("node {id} decided {before:?} on tx {tx}, then {decision:?}"),
            }),
            _ => {}
        }
        let opposite = match decision {
            Decision::Commit => Decision::Abort,
            Decision::Abort => Decision::Commit,
        };
        if let Some(&other) = self.outcomes.get(&(tx, opposite))
            && other != id
            && self.split.insert(tx)
        {
            out.push(Violation {
                property: ATOMICITY,
                detail: format!(
                    "tx {tx}: node {id} decided {decision:?} but node {other} decided {opposite:?}"
                ),
            });
        }
        let first = !self.outcomes.contains_key(&(tx, decision));
        self.outcomes.entry((tx, decision)).or_insert(id);
        if decision == Decision::Commit && first {
            let voters = self.yes_voters.get(&tx);
            let missing: Vec<NodeId> = (0..node_count)
                .filter(|&p| p != COORDINATOR && !voters.is_some_and(|v| v.contains(&p)))
                .collect();
            if !missing.is_empty() {
                out.push(Violation {
                    property: UNANIMOUS_YES,
                    detail: format!(
                        "tx {tx} committed at node {id} without a yes vote from {missing:?}"
                    ),
                });
            }
        }
    }
}

impl<N: Node + CommitProcess> Invariants<N> for CommitInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(&mut self, nodes: &[N], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        if self.seen.len() != nodes.len() {
            self.seen.resize(nodes.len(), 0);
        }
        match touched {
            Some(id) if id < nodes.len() => self.scan(id, nodes, out),
            _ => {
                for id in 0..nodes.len() {
                    self.scan(id, nodes, out);
                }
            }
        }
    }
}
