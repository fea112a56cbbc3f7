//! The messages of one failure-free Multi-Paxos command under a stable
//! leader, counted from the trace, next to the closed form.
//!
//! Phase 1 ran once when the leader was elected (`N − 1` Prepares and
//! `N − 1` Promises, not counted here); a command then costs one Accept,
//! one Accepted and one Chosen per other node: `3 (N − 1)`. Heartbeats are
//! periodic, not part of a decision, and are left out of the count.

use super::scenario::{run_until_leader, simulation, submit};
use super::{MultiPaxosConfig, Slot, Timer};
use crate::sim::{SentMessage, StepEvent, millis};
use alloc::collections::BTreeMap;

/// Messages (heartbeats aside) by kind from a command's submission until
/// every node has applied it; empty if no leader was elected.
pub fn failure_free_messages(nodes: usize) -> BTreeMap<&'static str, u64> {
    let mut sim = simulation(nodes, MultiPaxosConfig::default(), 5, 1);
    let mut counts = BTreeMap::new();
    let Some(leader) = run_until_leader(&mut sim, millis(5_000)) else {
        return counts;
    };
    // Let the election's own traffic finish, then start right after a
    // heartbeat, so that no re-send falls inside the decision.
    sim.run_until(sim.world().now() + millis(40));
    while let Some(record) = sim.step() {
        if matches!(record.event, StepEvent::TimerFired { node, timer: Timer::Heartbeat } if node == leader)
        {
            break;
        }
    }
    let slot: Slot = sim.world().node(leader).next_slot();
    let mut tally = |sent: &[SentMessage<super::Message>]| {
        for s in sent.iter().filter(|s| s.msg.kind() != "heartbeat") {
            *counts.entry(s.msg.kind()).or_insert(0u64) += 1;
        }
    };
    submit(&mut sim, leader, 1);
    if let Some(record) = sim.trace().last() {
        tally(&record.sent);
    }
    while sim
        .world()
        .nodes()
        .iter()
        .any(|n| n.learner().applied() < slot)
    {
        match sim.step() {
            Some(record) => tally(&record.sent),
            None => break,
        }
    }
    counts
}

/// The closed form: Accept, Accepted and Chosen once per other node.
pub fn expected_messages(nodes: usize) -> BTreeMap<&'static str, u64> {
    let others = nodes.saturating_sub(1) as u64;
    ["accept", "accepted", "chosen"]
        .into_iter()
        .filter(|_| others > 0)
        .map(|kind| (kind, others))
        .collect()
}
