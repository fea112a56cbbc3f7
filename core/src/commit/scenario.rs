//! Ready-made commit clusters shared by the tests, the lab and the pages.

use super::config::CommitConfig;
use super::node::CommitNode;
use super::{Protocol, TxId};
use crate::sim::{Latency, NetworkConfig, SimConfig, Simulation, Time, World};
use alloc::vec::Vec;

/// A coordinator (node 0) and `participants` participants.
pub fn cluster(protocol: Protocol, participants: usize, config: CommitConfig) -> Vec<CommitNode> {
    (0..=participants)
        .map(|id| CommitNode::new(id, protocol, config))
        .collect()
}

/// A simulation of `cluster(protocol, participants, config)` whose network
/// latency is uniform in `[min_latency, config.latency_bound]`, so the
/// timeouts' bound holds.
pub fn simulation(
    protocol: Protocol,
    participants: usize,
    config: CommitConfig,
    seed: u64,
    min_latency: Time,
) -> Simulation<CommitNode> {
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: min_latency.min(config.latency_bound),
            max: config.latency_bound,
        },
        ..NetworkConfig::default()
    };
    let sim_config = SimConfig {
        network,
        ..SimConfig::seeded(seed)
    };
    Simulation::new(sim_config, cluster(protocol, participants, config))
}

/// Every node has logged an outcome for `tx`.
pub fn decided_everywhere(world: &World<CommitNode>, tx: TxId) -> bool {
    world
        .nodes()
        .iter()
        .all(|n| n.ledger().decision(tx).is_some())
}

/// The coordinator has begun all its transactions and every node has
/// decided every one of them.
pub fn all_done(world: &World<CommitNode>) -> bool {
    let coordinator = &world.nodes()[super::COORDINATOR];
    let begun = coordinator.ledger().wal().last_tx();
    begun >= u64::from(coordinator.config().transactions)
        && (1..=begun).all(|tx| decided_everywhere(world, tx))
}
