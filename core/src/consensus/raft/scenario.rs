//! Ready-made Raft set-ups shared by the tests, the lab CLI and the web app.

use super::node::{RaftConfig, RaftNode, Role};
use crate::sim::{Action, NodeId, SimConfig, Simulation, World};
use alloc::vec::Vec;

/// `count` fresh servers with the same configuration.
pub fn cluster(count: usize, config: RaftConfig) -> Vec<RaftNode> {
    (0..count).map(|_| RaftNode::new(config)).collect()
}

/// The running server that leads the highest term, if any.
pub fn current_leader(world: &World<RaftNode>) -> Option<NodeId> {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id) && world.node(id).role() == Role::Leader)
        .max_by_key(|&id| world.node(id).term())
}

/// The default demonstration run: five servers, default timing and
/// network, seeded with `seed`. Its trace digest after a fixed number of
/// steps is pinned by tests on every platform.
pub fn demo(seed: u64) -> Simulation<RaftNode> {
    Simulation::new(SimConfig::seeded(seed), cluster(5, RaftConfig::default()))
}

/// Runs until simulated time `until`, proposing a new value to the leader
/// every `every` microseconds (values count up from `first_value`).
/// Returns the next unused value.
pub fn propose_steadily(
    sim: &mut Simulation<RaftNode>,
    until: u64,
    every: u64,
    first_value: u64,
) -> u64 {
    let mut value = first_value;
    let mut next = sim.world().now() + every;
    while next <= until {
        sim.run_until(next);
        if let Some(leader) = current_leader(sim.world()) {
            sim.inject(Action::Command {
                node: leader,
                command: super::Command::Propose(value),
            });
            value += 1;
        }
        next += every;
    }
    sim.run_until(until);
    value
}
