//! PBFT safety (§4.5 of the paper), checked after every step.
//!
//! * **Agreement**: no two honest replicas commit different requests
//!   (digests) at the same sequence number, in any views.
//! * **Valid Replies**: every result the client accepts is the one an
//!   honest replica computed for that request.
//!
//! Both hold with at most `f` Byzantine replicas out of `3f + 1`; with
//! more, a quorum intersection may contain no honest replica and either
//! can fail. A replica counts as honest for what it did while its
//! behaviour was [`Behaviour::Honest`](super::Behaviour::Honest).

use super::node::PbftNode;
use crate::sim::{Invariants, NodeId, Violation};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

pub const AGREEMENT: &str = "Agreement";
pub const VALID_REPLY: &str = "Valid Replies";

const NAMES: &[&str] = &[AGREEMENT, VALID_REPLY];

/// The history-keeping checker.
#[derive(Clone, Debug, Default)]
pub struct PbftInvariants {
    /// Per sequence number: the digest the first honest replica committed.
    committed: BTreeMap<u64, (u64, NodeId)>,
    conflicted: BTreeSet<u64>,
    /// Results honest replicas computed, per (client, timestamp).
    honest_results: BTreeMap<(NodeId, u64), u64>,
    /// How many accepted results of the client were checked.
    replies_checked: usize,
}

impl PbftInvariants {
    fn check_node(&mut self, id: NodeId, nodes: &[PbftNode], out: &mut Vec<Violation>) {
        match &nodes[id] {
            PbftNode::Replica(replica) if replica.is_honest() => {
                for &(seq, d) in replica.recent_commits() {
                    match self.committed.get(&seq) {
                        None => {
                            self.committed.insert(seq, (d, id));
                        }
                        Some(&(first, by)) if first != d && self.conflicted.insert(seq) => {
                            out.push(Violation {
                                property: AGREEMENT,
                                detail: format!(
                                    "seq {seq}: replica {by} committed {first:016x}, replica {id} {d:016x}"
                                ),
                            });
                        }
                        Some(_) => {}
                    }
                }
                for &(key, result) in replica.recent_results() {
                    self.honest_results.entry(key).or_insert(result);
                }
            }
            PbftNode::Replica(_) => {}
            PbftNode::Client(client) => {
                for (request, result) in client.accepted().iter().skip(self.replies_checked) {
                    let key = (request.client, request.timestamp);
                    let honest = self.honest_results.get(&key);
                    if honest != Some(result) {
                        out.push(Violation {
                            property: VALID_REPLY,
                            detail: format!(
                                "client accepted {result:x} for t{}; honest replicas computed {honest:x?}",
                                request.timestamp
                            ),
                        });
                    }
                }
                self.replies_checked = client.accepted().len();
            }
        }
    }
}

impl Invariants<PbftNode> for PbftInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(&mut self, nodes: &[PbftNode], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        match touched {
            Some(id) => self.check_node(id, nodes, out),
            None => (0..nodes.len()).for_each(|id| self.check_node(id, nodes, out)),
        }
    }
}
