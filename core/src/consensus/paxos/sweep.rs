//! The Paxos seed sweep: proposers with fresh values at random nodes
//! while random faults strike; then everything heals, every node is given
//! a value, and every node must learn the (one) chosen value.

use super::Command;
use super::node::{PaxosConfig, PaxosNode};
use super::scenario::{all_learned, cluster};
use crate::consensus::sweep::{SweepOutcome, random_fault, sweep_config};
use crate::sim::{Action, Simulation, Time, driver_stream, heal_everything, millis};
use rand::RngExt;

const FAULT_PHASE: Time = millis(2_000);
const LIVENESS_DEADLINE: Time = millis(10_000);
const TICK: Time = millis(20);

/// One seed: `nodes` nodes under `config` (the sweep's safety check is
/// only as good as the rules `config` keeps).
pub fn sweep_seed(seed: u64, nodes: usize, config: PaxosConfig) -> SweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let sim_config = sweep_config(seed, &mut driver);
    let mut sim = Simulation::new(sim_config, cluster(nodes, config));
    let fault_rate = driver.random_range(0.02..0.15);
    let propose_rate = driver.random_range(0.05..0.4);
    let mut value = 0;
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        if driver.random_bool(propose_rate) {
            value += 1;
            let node = driver.random_range(0..nodes);
            sim.inject(Action::Command {
                node,
                command: Command::Propose(value),
            });
        }
        if driver.random_bool(fault_rate) {
            let fault = random_fault(&mut driver, sim.world(), None);
            sim.inject(Action::Fault(fault));
        }
    }
    heal_everything(&mut sim);
    let live = everyone_learns(&mut sim, value + 1);
    SweepOutcome::of(seed, &sim, live)
}

/// Gives every node a fresh value, then waits until every node has learned.
fn everyone_learns(sim: &mut Simulation<PaxosNode>, first_value: u64) -> bool {
    let nodes = sim.world().nodes().len();
    for node in 0..nodes {
        sim.inject(Action::Command {
            node,
            command: Command::Propose(first_value + node as u64),
        });
    }
    let start = sim.world().now();
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        sim.run_until(start + tick * TICK);
        if all_learned(sim.world()) {
            return true;
        }
    }
    false
}
