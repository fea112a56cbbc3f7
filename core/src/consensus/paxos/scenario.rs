//! Ready-made Paxos runs shared by the tests, the lab and the pages. Each
//! scenario returns a [`Simulation`] whose scripted inputs are recorded
//! (`sim.inputs()`), positioned at the step worth looking at.

use super::node::{Backoff, PaxosConfig, PaxosNode, ProposerPhase};
use super::{Command, Value};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, SimConfig, Simulation, World, millis,
};
use alloc::vec::Vec;

/// `count` fresh nodes with the same configuration.
pub fn cluster(count: usize, config: PaxosConfig) -> Vec<PaxosNode> {
    (0..count).map(|_| PaxosNode::new(config)).collect()
}

/// A simulation with a fixed one-way latency and no loss.
pub fn simulation(
    count: usize,
    config: PaxosConfig,
    latency_ms: u64,
    seed: u64,
) -> Simulation<PaxosNode> {
    let network = NetworkConfig {
        latency: Latency::Fixed(millis(latency_ms)),
        ..NetworkConfig::default()
    };
    let config_sim = SimConfig {
        network,
        ..SimConfig::seeded(seed)
    };
    let mut sim = Simulation::new(config_sim, cluster(count, config));
    sim.run_to_step(count as u64);
    sim
}

/// Gives `value` to node `node`'s proposer.
pub fn propose(sim: &mut Simulation<PaxosNode>, node: NodeId, value: Value) {
    sim.inject(Action::Command {
        node,
        command: Command::Propose(value),
    });
}

/// The value learned by some running node, if any.
pub fn learned_value(world: &World<PaxosNode>) -> Option<Value> {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .find_map(|id| world.node(id).learned())
}

/// Every running node has learned a value.
pub fn all_learned(world: &World<PaxosNode>) -> bool {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .all(|id| world.node(id).learned().is_some())
}

/// Ballots started by all nodes since their last restart.
pub fn rounds_started(world: &World<PaxosNode>) -> u64 {
    world.nodes().iter().map(PaxosNode::rounds_started).sum()
}

/// Duelling proposers: three nodes, fixed 5 ms latency; nodes 0 and 2 are
/// given different values at the same instant. With [`Backoff::None`] each
/// pre-empts the other round after round and nothing is ever chosen (run
/// it as long as you like); with `Backoff::Randomized` one of them gets
/// through and a value is chosen within a few rounds. Positioned just
/// after the two client requests.
pub fn duelling_proposers(backoff: Backoff) -> Simulation<PaxosNode> {
    let config = PaxosConfig {
        backoff,
        ..PaxosConfig::default()
    };
    let mut sim = simulation(3, config, 5, 7);
    propose(&mut sim, 0, 100);
    propose(&mut sim, 2, 200);
    sim
}

/// An acceptor crashes mid-round: five nodes; node 0 proposes 1, and just
/// as its Accept messages leave, acceptors 1 and 2 crash. The other three
/// are still a majority, so 1 is chosen. Later both restart (their promises
/// are durable) and node 1 proposes 2 — it learns that 1 was chosen and
/// proposes nothing new. Positioned at the crash.
pub fn acceptor_crash_mid_round() -> Simulation<PaxosNode> {
    let mut sim = simulation(5, PaxosConfig::default(), 5, 11);
    propose(&mut sim, 0, 1);
    while !matches!(sim.world().node(0).phase(), ProposerPhase::Accepting { .. }) {
        if sim.step().is_none() {
            break;
        }
    }
    let focus = sim.step_index();
    sim.inject(Action::Fault(Fault::Crash(1)));
    sim.inject(Action::Fault(Fault::Crash(2)));
    sim.run_until(sim.world().now() + millis(100));
    sim.inject(Action::Fault(Fault::Restart(1)));
    sim.inject(Action::Fault(Fault::Restart(2)));
    sim.run_until(sim.world().now() + millis(20));
    propose(&mut sim, 1, 2);
    sim.seek(focus);
    sim
}
