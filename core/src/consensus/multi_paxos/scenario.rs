//! Ready-made Multi-Paxos runs shared by the tests, the lab and the pages.
//! Each scenario returns a [`Simulation`] whose scripted inputs are
//! recorded (`sim.inputs()`), positioned at the step worth looking at.

use super::node::{MultiPaxosConfig, MultiPaxosNode, Role};
use super::{Command, Message, Slot};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, SimConfig, Simulation, Time, World, millis,
};
use alloc::vec::Vec;

/// `count` fresh nodes with the same configuration.
pub fn cluster(count: usize, config: MultiPaxosConfig) -> Vec<MultiPaxosNode> {
    (0..count).map(|_| MultiPaxosNode::new(config)).collect()
}

/// A simulation with a fixed one-way latency and no loss.
pub fn simulation(
    count: usize,
    config: MultiPaxosConfig,
    latency_ms: u64,
    seed: u64,
) -> Simulation<MultiPaxosNode> {
    let network = NetworkConfig {
        latency: Latency::Fixed(millis(latency_ms)),
        ..NetworkConfig::default()
    };
    Simulation::new(
        SimConfig {
            network,
            ..SimConfig::seeded(seed)
        },
        cluster(count, config),
    )
}

/// The running node that leads the highest ballot, if any.
pub fn current_leader(world: &World<MultiPaxosNode>) -> Option<NodeId> {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id) && world.node(id).role() == Role::Leader)
        .max_by_key(|&id| world.node(id).ballot())
}

/// Runs until a leader is elected (checking every 10 ms), at most `within`.
pub fn run_until_leader(sim: &mut Simulation<MultiPaxosNode>, within: Time) -> Option<NodeId> {
    let deadline = sim.world().now() + within;
    while sim.world().now() < deadline {
        if let Some(leader) = current_leader(sim.world()) {
            return Some(leader);
        }
        let next = sim.world().now() + millis(10);
        sim.run_until(next);
    }
    current_leader(sim.world())
}

/// Gives `command` to node `node`.
pub fn submit(sim: &mut Simulation<MultiPaxosNode>, node: NodeId, command: u64) {
    sim.inject(Action::Command {
        node,
        command: Command::Submit(command),
    });
}

/// The smallest applied prefix among running nodes.
pub fn min_applied(world: &World<MultiPaxosNode>) -> Slot {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .map(|id| world.node(id).learner().applied())
        .min()
        .unwrap_or(0)
}

/// Leader change with a gap: five nodes, 5 ms latency. Node 0 is made
/// leader and given commands 1, 2 and 3 for slots 1–3, but every Accept
/// of slot 2 is dropped, so only node 0 accepts it; slots 1 and 3 are
/// chosen, and learners apply slot 1 only (slot 3 waits behind the gap).
/// Then node 0 crashes. The next leader's promises report slots 1 and 3
/// and nothing for slot 2, so it fills slot 2 with a no-op, and every
/// learner applies `1, no-op, 3`. Positioned at the crash.
pub fn leader_change_with_gap() -> Simulation<MultiPaxosNode> {
    let mut sim = simulation(5, MultiPaxosConfig::default(), 5, 3);
    sim.run_to_step(5);
    sim.inject(Action::Command {
        node: 0,
        command: Command::TimeoutNow,
    });
    sim.run_until(sim.world().now() + millis(20));
    for command in 1..=3 {
        submit(&mut sim, 0, command);
        if command == 2 {
            let slot_two: Vec<u64> = sim
                .world()
                .in_flight()
                .filter(|e| matches!(e.msg, Message::Accept { slot: 2, .. }))
                .map(|e| e.id)
                .collect();
            for id in slot_two {
                sim.inject(Action::Fault(Fault::DropMessage(id)));
            }
        }
    }
    // Long enough for slots 1 and 3 to be chosen, too short for a
    // heartbeat to re-send slot 2.
    sim.run_until(sim.world().now() + millis(20));
    let focus = sim.step_index();
    sim.inject(Action::Fault(Fault::Crash(0)));
    sim.seek(focus);
    sim
}
