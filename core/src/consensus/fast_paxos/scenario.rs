//! Ready-made Fast Paxos runs shared by the tests, the lab and the pages.

use super::node::{FastPaxosConfig, FastPaxosNode};
use super::{Command, Value};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, SimConfig, Simulation, World, millis,
};
use alloc::vec::Vec;

/// `count` fresh nodes (node 0 coordinates).
pub fn cluster(count: usize, config: FastPaxosConfig) -> Vec<FastPaxosNode> {
    (0..count).map(|_| FastPaxosNode::new(config)).collect()
}

/// A simulation with a fixed 5 ms latency and no loss, after every node
/// has started (the fast round is open).
pub fn simulation(count: usize, config: FastPaxosConfig, seed: u64) -> Simulation<FastPaxosNode> {
    let network = NetworkConfig {
        latency: Latency::Fixed(millis(5)),
        ..NetworkConfig::default()
    };
    let mut sim = Simulation::new(
        SimConfig {
            network,
            ..SimConfig::seeded(seed)
        },
        cluster(count, config),
    );
    sim.run_until(millis(10));
    sim
}

/// A client at `node` proposes `value`.
pub fn propose(sim: &mut Simulation<FastPaxosNode>, node: NodeId, value: Value) {
    sim.inject(Action::Command {
        node,
        command: Command::Propose(value),
    });
}

/// Every running node has learned a value.
pub fn all_learned(world: &World<FastPaxosNode>) -> bool {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .all(|id| world.node(id).learned().is_some())
}

/// A lone client: N = 4, one value, chosen in the fast round.
pub fn fast_decision() -> Simulation<FastPaxosNode> {
    let mut sim = simulation(4, FastPaxosConfig::default(), 1);
    propose(&mut sim, 1, 10);
    sim
}

/// A collision: N = 4 (classic and fast quorums 3). Clients at nodes 1
/// and 2 propose 10 and 20 at the same instant; the link 1 → 3 is 2 ms
/// slower, so acceptors 0 and 1 vote 10 and acceptors 2 and 3 vote 20.
/// With all four votes in, neither value can reach 3: the coordinator
/// flags the collision and recovers through classic round 2. Positioned
/// just after the two proposals.
pub fn collision() -> Simulation<FastPaxosNode> {
    let mut sim = simulation(4, FastPaxosConfig::default(), 2);
    sim.inject(Action::Fault(Fault::SetLinkDelay {
        from: 1,
        to: 3,
        extra: millis(2),
    }));
    sim.inject(Action::Fault(Fault::SetLinkDelay {
        from: 2,
        to: 0,
        extra: millis(2),
    }));
    propose(&mut sim, 1, 10);
    propose(&mut sim, 2, 20);
    sim
}
