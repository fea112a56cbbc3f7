//! Raft experiments: the fault-injection seed sweep (Figure 16's election
//! downtime is in `figure16`). Plain functions returning data, shared by the
//! tests, the lab CLI and the web app.

use super::Command;
use super::node::{RaftConfig, RaftNode};
use super::scenario::{cluster, current_leader};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, Probability, SimConfig, Simulation, Time,
    Violation, driver_stream, millis,
};
use alloc::vec;
use rand::RngExt;

/// What one seed of the sweep found.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepOutcome {
    pub seed: u64,
    /// Safety violations over the whole run.
    pub violations: u64,
    /// The first violation and its step.
    pub first_violation: Option<(u64, Violation)>,
    /// After every fault was healed, a leader was elected and a new client
    /// command committed.
    pub live_after_heal: bool,
    pub steps: u64,
}

/// Simulated length of the phase with faults.
const FAULT_PHASE: Time = millis(6_000);
/// How long the healed cluster gets to elect a leader and commit.
const LIVENESS_DEADLINE: Time = millis(10_000);
/// The driver acts once per tick.
const TICK: Time = millis(20);

/// One seed of the sweep: a safety phase with random crashes, restarts,
/// partitions (symmetric and one-way), loss, duplication, delays and drops,
/// with client commands throughout; then everything heals and a leader must
/// be elected and a fresh command committed. The seed decides the network
/// and the mix of faults (in the manner of TigerBeetle's VOPR).
pub fn sweep_seed(seed: u64, nodes: usize) -> SweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: millis(driver.random_range(5..=40)),
        },
        loss: Probability::from_fraction(driver.random_range(0.0..0.2)),
        duplication: Probability::from_fraction(driver.random_range(0.0..0.1)),
        reordering: true,
        ..NetworkConfig::default()
    };
    let config = SimConfig {
        seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    };
    let mut sim = Simulation::new(config, cluster(nodes, RaftConfig::default()));
    let fault_rate = driver.random_range(0.01..0.1);
    let mut value = 0;
    // Counted in ticks, not read off the clock: a world whose nodes are all
    // down has no events and its clock stands still.
    for tick in 1..=FAULT_PHASE / TICK {
        let next = tick * TICK;
        sim.run_until(next);
        if driver.random_bool(0.3) {
            value += 1;
            let node = current_leader(sim.world()).unwrap_or_else(|| driver.random_range(0..nodes));
            sim.inject(Action::Command {
                node,
                command: Command::Propose(value),
            });
        }
        if driver.random_bool(fault_rate) {
            let fault = random_fault(&mut driver, &sim);
            sim.inject(Action::Fault(fault));
        }
    }
    crate::sim::heal_everything(&mut sim);
    let live_after_heal = commits_fresh_command(&mut sim, u64::MAX - seed);
    let world = sim.world();
    SweepOutcome {
        seed,
        violations: world.violation_count(),
        first_violation: world.first_violation().cloned(),
        live_after_heal,
        steps: world.steps(),
    }
}

fn random_fault(driver: &mut crate::sim::NodeRng, sim: &Simulation<RaftNode>) -> Fault {
    let world = sim.world();
    let count = world.nodes().len();
    let node = driver.random_range(0..count);
    let message = crate::sim::pick_in_flight(driver, world);
    match (driver.random_range(0..10u32), message) {
        (0 | 1, _) => Fault::Crash(
            current_leader(world)
                .filter(|_| driver.random_bool(0.5))
                .unwrap_or(node),
        ),
        (2, _) => Fault::Restart(node),
        (3, _) => Fault::Partition(vec![crate::sim::random_side(driver, count)]),
        (4, _) => Fault::CutLink {
            from: node,
            to: driver.random_range(0..count),
        },
        (5, _) => Fault::Heal,
        (6, _) => Fault::SetLinkLoss {
            from: node,
            to: driver.random_range(0..count),
            loss: Probability::from_fraction(driver.random_range(0.0..0.8)),
        },
        (7, Some(id)) => Fault::DropMessage(id),
        (8, Some(id)) => Fault::DuplicateMessage(id),
        (9, Some(id)) => Fault::DelayMessage {
            id,
            by: millis(driver.random_range(1..500)),
        },
        _ => Fault::Restart(node),
    }
}

/// Proposes `value` to whichever server leads until it commits there, or
/// the deadline passes.
pub fn commits_fresh_command(sim: &mut Simulation<RaftNode>, value: u64) -> bool {
    let start = sim.world().now();
    let mut proposed: Option<(NodeId, u64, u64)> = None;
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        let next = start + tick * TICK;
        sim.run_until(next);
        let world = sim.world();
        let Some(leader) = current_leader(world) else {
            continue;
        };
        let node = world.node(leader);
        match proposed {
            Some((at, term, index)) if at == leader && node.term() == term => {
                if node.commit_index() >= index {
                    return node
                        .log()
                        .get(index)
                        .is_some_and(|e| e.value == Some(value));
                }
            }
            _ => {
                sim.inject(Action::Command {
                    node: leader,
                    command: Command::Propose(value),
                });
                let node = sim.world().node(leader);
                proposed = Some((leader, node.term(), node.log().last_index()));
            }
        }
    }
    false
}
