//! The messages of one failure-free Paxos decision, counted from the
//! simulator's trace, next to the closed form.
//!
//! One proposer (node 0) among `N` nodes, fixed 5 ms latency, no loss: it
//! sends Prepare to the `N − 1` others, each answers Promise; it sends
//! Accept to each, each answers Accepted; it announces Chosen to each.
//! Its own acceptor answers it in memory. Total `5 (N − 1)`. Replies that
//! arrive after a majority was reached are still sent and counted.

use super::scenario::cluster;
use super::{Command, PaxosConfig};
use crate::sim::{Action, Latency, NetworkConfig, SimConfig, Simulation, millis};
use alloc::collections::BTreeMap;

/// Messages of one failure-free decision among `nodes` nodes, by kind
/// (only kinds that occur), counted from the trace until the run is quiet.
pub fn failure_free_messages(nodes: usize) -> BTreeMap<&'static str, u64> {
    let config = SimConfig {
        network: NetworkConfig {
            latency: Latency::Fixed(millis(5)),
            ..NetworkConfig::default()
        },
        record_trace: false,
        ..SimConfig::seeded(1)
    };
    let mut sim = Simulation::new(config, cluster(nodes, PaxosConfig::default()));
    sim.run_to_step(nodes as u64);
    let mut counts = BTreeMap::new();
    let mut tally = |sent: &[crate::sim::SentMessage<super::Message>]| {
        for s in sent {
            *counts.entry(s.msg.kind()).or_insert(0u64) += 1;
        }
    };
    let record = sim.inject(Action::Command {
        node: 0,
        command: Command::Propose(1),
    });
    tally(&record.sent);
    while let Some(record) = sim.step() {
        tally(&record.sent);
    }
    counts
}

/// The closed form: one message of each of the five kinds per other node.
pub fn expected_messages(nodes: usize) -> BTreeMap<&'static str, u64> {
    let others = nodes.saturating_sub(1) as u64;
    ["prepare", "promise", "accept", "accepted", "chosen"]
        .into_iter()
        .filter(|_| others > 0)
        .map(|kind| (kind, others))
        .collect()
}
