//! Gossip-style failure detection (van Renesse, Minsky & Hayden, "A
//! Gossip-Style Failure Detection Service", Middleware 1998): heartbeat
//! counters spread by gossip, so a crash spreads as news too.
//!
//! # The algorithm
//!
//! Each member keeps a table with, for every member it knows, the highest
//! *heartbeat counter* it has seen and the local time at which that counter
//! last increased. Every `gossip_interval` a member increments its own
//! counter and sends its table to `fanout` members chosen at random. A
//! receiver merges the table entry by entry, keeping the larger counter and
//! noting the time whenever a counter grew.
//!
//! * A member whose counter has not grown for `t_fail` is declared
//!   **failed**. It is no longer gossiped, so nobody learns of a
//!   heartbeat that might be stale.
//! * After `t_cleanup` without growth it is **removed** from the member
//!   list. The paper keeps a failed member until then so that gossip that
//!   still carries its old counter does not bring it back as new; this
//!   implementation also remembers the last counter of a removed member,
//!   so stale gossip can *never* resurrect it, and only a counter higher
//!   than any seen (the member is alive after all) brings it back.
//!
//! ```text
//!  member 3's table      hb   last grew   state
//!  0                    417    12.30 s    live
//!  1                     96     9.10 s    failed   (no growth for > t_fail)
//!  2                    415    12.40 s    live
//!  3 (itself)           420    12.50 s    live
//! ```
//!
//! Because every member times out every other one on its own clock, a crash
//! is detected by each live member about `t_fail` after the last heartbeat
//! of the dead one reached it; how long a live heartbeat takes to reach
//! everyone (`O(log N)` intervals) sets how small `t_fail` can be before
//! live members are suspected. Gossip targets are drawn from the whole,
//! static set of members, failed ones included, so that the two sides of a
//! healed partition find each other again (the paper broadcasts for that).
//!
//! The heartbeat counter is durable (a restarted member continues from
//! where it was, so others accept its new beats); the table is volatile:
//! after a restart the member starts over believing everyone live.

use super::round::choose_peers_of;
use crate::sim::{Context, Invariants, Node, NodeId, Time, Violation, millis};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;

/// Membership gossip's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MembershipConfig {
    /// `T_gossip`: how often a member beats and gossips.
    pub gossip_interval: Time,
    /// `T_fail`: no growth for this long and the member is failed.
    pub t_fail: Time,
    /// `T_cleanup`: no growth for this long and it is removed.
    pub t_cleanup: Time,
    pub fanout: usize,
}

impl Default for MembershipConfig {
    fn default() -> Self {
        Self {
            gossip_interval: millis(100),
            t_fail: millis(3_000),
            t_cleanup: millis(6_000),
            fanout: 1,
        }
    }
}

/// What a member believes about another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum MemberState {
    Live,
    Failed,
    Removed,
}

/// One row of a member's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MemberEntry {
    pub heartbeat: u64,
    /// Local time at which `heartbeat` last grew.
    pub last_grew: Time,
    pub state: MemberState,
}

/// A gossip message: `(member, heartbeat)` for every member the sender
/// believes live, itself included.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MembershipMessage(pub Vec<(NodeId, u64)>);

impl MembershipMessage {
    /// A short name for counts and labels.
    pub fn kind(&self) -> &'static str {
        "gossip"
    }
}

/// The gossip timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GossipTimer;

/// Membership has no commands: crashes are faults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum MembershipCommand {}

/// One member of the group.
#[derive(Clone, Debug)]
pub struct MembershipNode {
    pub config: MembershipConfig,
    me: NodeId,
    heartbeat: u64,
    /// Restarts so far (durable): the invariants forget a table it lost.
    epoch: u64,
    table: Vec<MemberEntry>,
    gossip_sent: u64,
}

impl MembershipNode {
    pub fn new(config: MembershipConfig) -> Self {
        Self {
            config,
            me: 0,
            heartbeat: 0,
            epoch: 0,
            table: Vec::new(),
            gossip_sent: 0,
        }
    }

    /// Its own heartbeat counter.
    pub fn heartbeat(&self) -> u64 {
        self.heartbeat
    }

    /// How many times it restarted.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }

    /// Its table, indexed by member id (empty before it started).
    pub fn table(&self) -> &[MemberEntry] {
        &self.table
    }

    /// Whether it believes `member` failed (or removed it).
    pub fn suspects(&self, member: NodeId) -> bool {
        self.table
            .get(member)
            .is_some_and(|e| e.state != MemberState::Live)
    }

    /// The members it believes live, in id order.
    pub fn live_members(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.table.len()).filter(|&m| !self.suspects(m))
    }

    pub fn gossip_sent(&self) -> u64 {
        self.gossip_sent
    }

    fn reset_table(&mut self, count: usize, now: Time) {
        let entry = MemberEntry {
            heartbeat: 0,
            last_grew: now,
            state: MemberState::Live,
        };
        self.table = vec![entry; count];
    }

    /// Marks members whose counter has stalled.
    fn time_out(&mut self, now: Time) {
        let (fail, cleanup) = (self.config.t_fail, self.config.t_cleanup);
        for (member, entry) in self.table.iter_mut().enumerate() {
            if member == self.me {
                continue;
            }
            let quiet = now.saturating_sub(entry.last_grew);
            if quiet > cleanup {
                entry.state = MemberState::Removed;
            } else if quiet > fail && entry.state == MemberState::Live {
                entry.state = MemberState::Failed;
            }
        }
    }

    fn merge(&mut self, rows: &[(NodeId, u64)], now: Time) {
        for &(member, heartbeat) in rows {
            if member == self.me {
                continue;
            }
            if let Some(entry) = self.table.get_mut(member)
                && heartbeat > entry.heartbeat
            {
                entry.heartbeat = heartbeat;
                entry.last_grew = now;
                entry.state = MemberState::Live;
            }
        }
    }

    fn gossip(&mut self, cx: &mut Context<'_, Self>) {
        self.heartbeat += 1;
        let now = cx.now();
        let me = self.me;
        self.table[me] = MemberEntry {
            heartbeat: self.heartbeat,
            last_grew: now,
            state: MemberState::Live,
        };
        self.time_out(now);
        let rows: Vec<(NodeId, u64)> = self
            .table
            .iter()
            .enumerate()
            .filter(|(_, e)| e.state == MemberState::Live)
            .map(|(m, e)| (m, e.heartbeat))
            .collect();
        let mut peers = Vec::new();
        choose_peers_of(cx, self.config.fanout, &mut peers);
        for &peer in &peers {
            self.gossip_sent += 1;
            cx.send(peer, MembershipMessage(rows.clone()));
        }
        cx.set_timer(GossipTimer, self.config.gossip_interval);
    }

    fn begin(&mut self, cx: &mut Context<'_, Self>) {
        self.me = cx.id();
        self.reset_table(cx.node_count(), cx.now());
        self.gossip(cx);
    }
}

impl Node for MembershipNode {
    type Msg = MembershipMessage;
    type Timer = GossipTimer;
    type Command = MembershipCommand;
    type Invariants = MembershipInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.begin(cx);
    }

    fn on_message(&mut self, _: NodeId, msg: MembershipMessage, cx: &mut Context<'_, Self>) {
        self.merge(&msg.0, cx.now());
    }

    fn on_timer(&mut self, _: GossipTimer, cx: &mut Context<'_, Self>) {
        self.gossip(cx);
    }

    fn on_command(&mut self, cmd: MembershipCommand, _: &mut Context<'_, Self>) {
        match cmd {}
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        self.epoch += 1;
        self.begin(cx);
    }
}

pub const HEARTBEATS_GROW: &str = "Heartbeats Only Grow";
pub const NEVER_SUSPECTS_ITSELF: &str = "Never Suspects Itself";
pub const REVIVED_BY_NEWS: &str = "Revived Only By A Newer Heartbeat";

/// * Within one epoch of an observer (between its restarts) the counter it
///   holds for each member never decreases, and its own counter strictly
///   grows across its gossip rounds (never decreases at all).
/// * No member believes itself failed.
/// * A member believed failed or removed becomes live again only with a
///   counter higher than the one it had.
#[derive(Clone, Debug, Default)]
pub struct MembershipInvariants {
    /// Per observer: (epoch, own heartbeat, table) after its last step.
    seen: Vec<Option<(u64, u64, Vec<MemberEntry>)>>,
}

impl MembershipInvariants {
    fn check_node(&mut self, id: NodeId, node: &MembershipNode, out: &mut Vec<Violation>) {
        if self.seen.len() <= id {
            self.seen.resize(id + 1, None);
        }
        if node.suspects(id) {
            out.push(Violation {
                property: NEVER_SUSPECTS_ITSELF,
                detail: format!("node {id} believes itself failed"),
            });
        }
        if let Some((epoch, own, before)) = &self.seen[id] {
            if node.heartbeat < *own {
                out.push(Violation {
                    property: HEARTBEATS_GROW,
                    detail: format!(
                        "node {id}'s own counter fell from {own} to {}",
                        node.heartbeat
                    ),
                });
            }
            if *epoch == node.epoch {
                compare_tables(id, before, &node.table, out);
            }
        }
        self.seen[id] = Some((node.epoch, node.heartbeat, node.table.clone()));
    }
}

fn compare_tables(
    id: NodeId,
    before: &[MemberEntry],
    now: &[MemberEntry],
    out: &mut Vec<Violation>,
) {
    for (member, (old, new)) in before.iter().zip(now).enumerate() {
        if new.heartbeat < old.heartbeat {
            out.push(Violation {
                property: HEARTBEATS_GROW,
                detail: format!(
                    "node {id} holds {} for member {member}, down from {}",
                    new.heartbeat, old.heartbeat
                ),
            });
        }
        if old.state != MemberState::Live
            && new.state == MemberState::Live
            && new.heartbeat <= old.heartbeat
        {
            out.push(Violation {
                property: REVIVED_BY_NEWS,
                detail: format!(
                    "node {id} revived member {member} without a newer heartbeat ({})",
                    new.heartbeat
                ),
            });
        }
    }
}

impl Invariants<MembershipNode> for MembershipInvariants {
    fn names(&self) -> &'static [&'static str] {
        &[HEARTBEATS_GROW, NEVER_SUSPECTS_ITSELF, REVIVED_BY_NEWS]
    }

    fn check(
        &mut self,
        nodes: &[MembershipNode],
        touched: Option<NodeId>,
        out: &mut Vec<Violation>,
    ) {
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
    use super::*;

    fn member(heartbeat: u64, table: &[(u64, MemberState)]) -> MembershipNode {
        let mut n = MembershipNode::new(MembershipConfig::default());
        n.heartbeat = heartbeat;
        n.table = table
            .iter()
            .map(|&(heartbeat, state)| MemberEntry {
                heartbeat,
                last_grew: 0,
                state,
            })
            .collect();
        n
    }

    fn check(checker: &mut MembershipInvariants, n: &MembershipNode) -> Vec<&'static str> {
        let mut out = Vec::new();
        checker.check(core::slice::from_ref(n), Some(0), &mut out);
        out.iter().map(|v| v.property).collect()
    }

    #[test]
    fn the_checker_catches_each_broken_property() {
        use MemberState::{Failed, Live};
        let mut c = MembershipInvariants::default();
        assert!(check(&mut c, &member(5, &[(5, Live), (7, Live)])).is_empty());
        assert!(check(&mut c, &member(6, &[(6, Live), (7, Failed)])).is_empty());
        assert_eq!(
            check(&mut c, &member(7, &[(7, Live), (7, Live)])),
            [REVIVED_BY_NEWS]
        );
        assert_eq!(
            check(&mut c, &member(8, &[(8, Live), (6, Live)])),
            [HEARTBEATS_GROW]
        );
        assert_eq!(
            check(&mut c, &member(9, &[(9, Failed), (6, Live)])),
            [NEVER_SUSPECTS_ITSELF]
        );
        assert_eq!(
            check(&mut c, &member(3, &[(9, Failed), (6, Live)])),
            [NEVER_SUSPECTS_ITSELF, HEARTBEATS_GROW]
        );
    }
}
