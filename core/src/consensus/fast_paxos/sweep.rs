//! The Fast Paxos seed sweep: clients propose at random nodes (often at
//! the same time, so fast rounds collide) while random faults strike; then
//! everything heals, a client at every node proposes, and every node must
//! learn the one chosen value.

use super::Command;
use super::node::{COORDINATOR, FastPaxosConfig, FastPaxosNode};
use super::scenario::{all_learned, cluster};
use crate::consensus::sweep::{SweepOutcome, random_fault, sweep_config};
use crate::sim::{Action, Simulation, Time, driver_stream, heal_everything, millis};
use rand::RngExt;

const FAULT_PHASE: Time = millis(2_000);
const LIVENESS_DEADLINE: Time = millis(10_000);
const TICK: Time = millis(10);

/// One seed: `nodes` acceptors under `config`.
pub fn sweep_seed(seed: u64, nodes: usize, config: FastPaxosConfig) -> SweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let sim_config = sweep_config(seed, &mut driver);
    let mut sim = Simulation::new(sim_config, cluster(nodes, config));
    let fault_rate = driver.random_range(0.02..0.15);
    let propose_rate = driver.random_range(0.05..0.5);
    let mut value = 0;
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        while driver.random_bool(propose_rate) {
            value += 1;
            let node = driver.random_range(0..nodes);
            sim.inject(Action::Command {
                node,
                command: Command::Propose(value),
            });
        }
        if driver.random_bool(fault_rate) {
            // The coordinator is crashed half the time a crash is drawn:
            // recovery after a lost decision is where the rule matters.
            let fault = random_fault(&mut driver, sim.world(), Some(COORDINATOR));
            sim.inject(Action::Fault(fault));
        }
    }
    heal_everything(&mut sim);
    let live = everyone_learns(&mut sim, value + 1);
    SweepOutcome::of(seed, &sim, live)
}

fn everyone_learns(sim: &mut Simulation<FastPaxosNode>, first_value: u64) -> bool {
    let start = sim.world().now();
    for tick in 0..LIVENESS_DEADLINE / millis(200) {
        for node in 0..sim.world().nodes().len() {
            if sim.world().node(node).learned().is_none() {
                sim.inject(Action::Command {
                    node,
                    command: Command::Propose(first_value + node as u64),
                });
            }
        }
        sim.run_until(start + (tick + 1) * millis(200));
        if all_learned(sim.world()) {
            return true;
        }
    }
    false
}
