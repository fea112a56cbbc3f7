//! The five safety properties of Figure 3 of the Raft paper, checked after
//! every step.
//!
//! * **Election Safety**: at most one leader can be elected in a given term.
//! * **Leader Append-Only**: a leader never overwrites or deletes entries in
//!   its log; it only appends.
//! * **Log Matching**: if two logs contain an entry with the same index and
//!   term, the logs are identical in all entries up through that index.
//! * **Leader Completeness**: if an entry is committed in a term, it is
//!   present in the logs of the leaders of all higher terms.
//! * **State Machine Safety**: if a server has applied an entry at an index,
//!   no other server ever applies a different entry for that index.
//!
//! The checker keeps history (leaders per term, the committed prefix, each
//! log as last seen) and uses the logs' prefix digests
//! ([`RaftLog::chain_at`]) so that each check costs O(log n) plus the number
//! of entries that changed, not a comparison of whole logs.

use super::log::{LogIndex, RaftLog};
use super::node::{RaftNode, Role};
use crate::sim::{Invariants, NodeId, Violation};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::vec::Vec;

pub const ELECTION_SAFETY: &str = "Election Safety";
pub const LEADER_APPEND_ONLY: &str = "Leader Append-Only";
pub const LOG_MATCHING: &str = "Log Matching";
pub const LEADER_COMPLETENESS: &str = "Leader Completeness";
pub const STATE_MACHINE_SAFETY: &str = "State Machine Safety";

const NAMES: &[&str] = &[
    ELECTION_SAFETY,
    LEADER_APPEND_ONLY,
    LOG_MATCHING,
    LEADER_COMPLETENESS,
    STATE_MACHINE_SAFETY,
];

/// What a leader's log looked like when last checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct LeaderLogSeen {
    term: u64,
    len: LogIndex,
    chain: u64,
}

/// The history-keeping checker of Figure 3's properties.
#[derive(Clone, Debug, Default)]
pub struct RaftInvariants {
    /// The leader elected in each term.
    leaders: BTreeMap<u64, NodeId>,
    /// Per node: its log's chain digests as last checked.
    seen_chains: Vec<Vec<u64>>,
    /// Per node: its log when last checked as leader.
    leader_logs: Vec<Option<LeaderLogSeen>>,
    /// The prefix digest of every (index, term) pair seen in any log.
    entry_chains: BTreeMap<(LogIndex, u64), u64>,
    /// The committed prefix: digest at each index and the earliest term in
    /// which some server reported it committed.
    committed: Vec<(u64, u64)>,
    /// For each term, the highest position in `committed` recorded in it.
    last_committed_by_term: BTreeMap<u64, usize>,
}

impl RaftInvariants {
    fn ensure_capacity(&mut self, count: usize) {
        if self.seen_chains.len() < count {
            self.seen_chains.resize(count, Vec::new());
            self.leader_logs.resize(count, None);
        }
    }

    fn check_node(&mut self, id: NodeId, node: &RaftNode, out: &mut Vec<Violation>) {
        let log = node.log();
        if node.role() == Role::Leader {
            self.election_safety(id, node.term(), out);
            self.leader_append_only(id, node.term(), log, out);
            self.leader_completeness(id, node.term(), log, out);
        } else {
            self.leader_logs[id] = None;
        }
        self.log_matching(id, log, out);
        self.state_machine_safety(id, node, out);
    }

    fn election_safety(&mut self, id: NodeId, term: u64, out: &mut Vec<Violation>) {
        let leader = *self.leaders.entry(term).or_insert(id);
        if leader != id {
            out.push(Violation {
                property: ELECTION_SAFETY,
                detail: format!("servers {leader} and {id} are both leaders of term {term}"),
            });
        }
    }

    fn leader_append_only(
        &mut self,
        id: NodeId,
        term: u64,
        log: &RaftLog,
        out: &mut Vec<Violation>,
    ) {
        if let Some(seen) = self.leader_logs[id].filter(|s| s.term == term)
            && log.chain_at(seen.len) != Some(seen.chain)
        {
            out.push(Violation {
                property: LEADER_APPEND_ONLY,
                detail: format!(
                    "leader {id} of term {term} changed its log at or before index {}",
                    seen.len
                ),
            });
        }
        let len = log.last_index();
        self.leader_logs[id] = Some(LeaderLogSeen {
            term,
            len,
            chain: log.chain_at(len).unwrap_or(0),
        });
    }

    fn leader_completeness(
        &mut self,
        id: NodeId,
        term: u64,
        log: &RaftLog,
        out: &mut Vec<Violation>,
    ) {
        // Committed prefixes grow, so the last entry committed before `term`
        // covers all the earlier ones.
        let Some(last) = self
            .last_committed_by_term
            .range(..term)
            .map(|(_, &index)| index)
            .max()
        else {
            return;
        };
        let index = last as LogIndex + 1;
        if log.chain_at(index) != Some(self.committed[last].0) {
            out.push(Violation {
                property: LEADER_COMPLETENESS,
                detail: format!("leader {id} of term {term} lacks committed entry {index}"),
            });
        }
    }

    fn log_matching(&mut self, id: NodeId, log: &RaftLog, out: &mut Vec<Violation>) {
        let seen = &mut self.seen_chains[id];
        // Chains agree on a prefix and differ after it: binary search the
        // first index (0-based) whose digest changed since the last check.
        let common = seen.len().min(log.last_index() as usize);
        let (mut low, mut high) = (0usize, common);
        while low < high {
            let mid = (low + high) / 2;
            if log.chain_at(mid as LogIndex + 1) == Some(seen[mid]) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        seen.truncate(low);
        for index in (low as LogIndex + 1)..=log.last_index() {
            let (term, chain) = (
                log.term_at(index).unwrap_or(0),
                log.chain_at(index).unwrap_or(0),
            );
            seen.push(chain);
            let known = *self.entry_chains.entry((index, term)).or_insert(chain);
            if known != chain {
                out.push(Violation {
                    property: LOG_MATCHING,
                    detail: format!("server {id} holds entry ({index}, term {term}) with a different prefix than another log"),
                });
            }
        }
    }

    fn state_machine_safety(&mut self, id: NodeId, node: &RaftNode, out: &mut Vec<Violation>) {
        let log = node.log();
        let applied = node.last_applied().min(log.last_index());
        if applied == 0 {
            return;
        }
        let known = self.committed.len() as LogIndex;
        let check_at = applied.min(known);
        if check_at > 0 && log.chain_at(check_at) != Some(self.committed[check_at as usize - 1].0) {
            out.push(Violation {
                property: STATE_MACHINE_SAFETY,
                detail: format!(
                    "server {id} applied a different entry at or before index {check_at}"
                ),
            });
            return;
        }
        for index in (known + 1)..=applied {
            self.committed
                .push((log.chain_at(index).unwrap_or(0), node.term()));
        }
        if applied > known {
            self.last_committed_by_term
                .insert(node.term(), applied as usize - 1);
        }
    }
}

impl Invariants<RaftNode> for RaftInvariants {
    fn names(&self) -> &'static [&'static str] {
        NAMES
    }

    fn check(&mut self, nodes: &[RaftNode], touched: Option<NodeId>, out: &mut Vec<Violation>) {
        self.ensure_capacity(nodes.len());
        match touched {
            Some(id) => self.check_node(id, &nodes[id], out),
            None => {
                for (id, node) in nodes.iter().enumerate() {
                    self.check_node(id, node, out);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Entry, RaftConfig};
    use super::*;

    fn log(terms: &[u64]) -> RaftLog {
        RaftLog::from_entries(terms.iter().enumerate().map(|(i, &term)| Entry {
            term,
            value: Some(i as u64),
        }))
    }

    fn names(out: &[Violation]) -> Vec<&'static str> {
        out.iter().map(|v| v.property).collect()
    }

    #[test]
    fn detects_two_leaders_in_one_term() {
        let mut a = RaftNode::with_durable_state(RaftConfig::default(), 2, None, log(&[1]));
        a.force_role_for_tests(Role::Leader);
        let b = a.clone();
        let mut checker = RaftInvariants::default();
        let mut out = Vec::new();
        checker.check(&[a, b], None, &mut out);
        assert_eq!(names(&out), [ELECTION_SAFETY]);
    }

    #[test]
    fn detects_logs_that_disagree_on_a_prefix() {
        let a = RaftNode::with_durable_state(RaftConfig::default(), 2, None, log(&[1, 2]));
        let mut other = log(&[1]);
        other.push(Entry {
            term: 2,
            value: Some(99),
        });
        let b = RaftNode::with_durable_state(RaftConfig::default(), 2, None, other);
        let mut checker = RaftInvariants::default();
        let mut out = Vec::new();
        checker.check(&[a, b], None, &mut out);
        assert_eq!(names(&out), [LOG_MATCHING]);
    }

    #[test]
    fn detects_a_leader_rewriting_its_log_and_missing_committed_entries() {
        let mut leader =
            RaftNode::with_durable_state(RaftConfig::default(), 3, None, log(&[1, 1, 3]));
        leader.force_role_for_tests(Role::Leader);
        leader.force_applied_for_tests(2);
        let mut checker = RaftInvariants::default();
        let mut out = Vec::new();
        checker.check(core::slice::from_ref(&leader), None, &mut out);
        assert!(out.is_empty(), "{out:?}");
        // The same leader, same term, now with its third entry replaced.
        let mut rewritten =
            RaftNode::with_durable_state(RaftConfig::default(), 3, None, log(&[1, 1, 2]));
        rewritten.force_role_for_tests(Role::Leader);
        checker.check(core::slice::from_ref(&rewritten), Some(0), &mut out);
        assert!(names(&out).contains(&LEADER_APPEND_ONLY), "{out:?}");
        // A leader of a later term without the committed entries.
        out.clear();
        let mut forgetful = RaftNode::with_durable_state(RaftConfig::default(), 4, None, log(&[4]));
        forgetful.force_role_for_tests(Role::Leader);
        checker.check(core::slice::from_ref(&forgetful), Some(0), &mut out);
        assert!(names(&out).contains(&LEADER_COMPLETENESS), "{out:?}");
    }

    #[test]
    fn detects_different_applied_entries() {
        let mut a = RaftNode::with_durable_state(RaftConfig::default(), 1, None, log(&[1, 1]));
        a.force_applied_for_tests(2);
        let mut other = log(&[1]);
        other.push(Entry {
            term: 1,
            value: Some(42),
        });
        let mut b = RaftNode::with_durable_state(RaftConfig::default(), 1, None, other);
        b.force_applied_for_tests(2);
        let mut checker = RaftInvariants::default();
        let mut out = Vec::new();
        checker.check(&[a, b], None, &mut out);
        assert!(names(&out).contains(&STATE_MACHINE_SAFETY), "{out:?}");
    }
}
