//! The Multi-Paxos seed sweep: client commands to the leader while random
//! faults strike (leaders crash half the time a crash is drawn); then
//! everything heals and a fresh command must be applied by every node.

use super::node::{MultiPaxosConfig, MultiPaxosNode};
use super::scenario::{cluster, current_leader};
use super::{Command, LogValue};
use crate::consensus::sweep::{SweepOutcome, random_fault, sweep_config};
use crate::sim::{Action, Simulation, Time, driver_stream, heal_everything, millis};
use rand::RngExt;

const FAULT_PHASE: Time = millis(3_000);
const LIVENESS_DEADLINE: Time = millis(10_000);
const TICK: Time = millis(20);

/// One seed: `nodes` nodes under `config`.
pub fn sweep_seed(seed: u64, nodes: usize, config: MultiPaxosConfig) -> SweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let sim_config = sweep_config(seed, &mut driver);
    let mut sim = Simulation::new(sim_config, cluster(nodes, config));
    let fault_rate = driver.random_range(0.01..0.1);
    let mut command = 0;
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        let leader = current_leader(sim.world());
        if driver.random_bool(0.4) {
            command += 1;
            let node = leader.unwrap_or_else(|| driver.random_range(0..nodes));
            sim.inject(Action::Command {
                node,
                command: Command::Submit(command),
            });
        }
        if driver.random_bool(fault_rate) {
            let fault = random_fault(&mut driver, sim.world(), leader);
            sim.inject(Action::Fault(fault));
        }
    }
    heal_everything(&mut sim);
    let live = applied_everywhere(&mut sim, u64::MAX - seed);
    SweepOutcome::of(seed, &sim, live)
}

/// Submits `command` to whoever leads (again after a leader change) until
/// every node has applied a slot holding it, or the deadline passes.
fn applied_everywhere(sim: &mut Simulation<MultiPaxosNode>, command: u64) -> bool {
    let start = sim.world().now();
    let mut submitted_to = None;
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        sim.run_until(start + tick * TICK);
        let world = sim.world();
        let everywhere = world
            .nodes()
            .iter()
            .all(|n| n.learner().applied_commands().any(|c| c == command));
        if everywhere {
            return true;
        }
        let leader = current_leader(world);
        let ballot = leader.and_then(|l| world.node(l).ballot());
        if leader.is_some() && submitted_to != ballot {
            let in_log = world.nodes().iter().any(|n| {
                n.accepted()
                    .values()
                    .any(|&(_, v)| v == LogValue::Command(command))
            });
            if !in_log || tick % 25 == 0 {
                submitted_to = ballot;
                sim.inject(Action::Command {
                    node: leader.unwrap_or(0),
                    command: Command::Submit(command),
                });
            }
        }
    }
    false
}
