//! Commit experiments: the seed sweep with random faults and the message
//! count of one failure-free transaction. Plain functions returning data,
//! shared by the tests, the lab and the pages.

use super::config::CommitConfig;
use super::node::CommitNode;
use super::scenario::{cluster, decided_everywhere};
use super::{COORDINATOR, Command, Protocol, TxId};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, NodeRng, Probability, SimConfig, Simulation,
    Time, Violation, driver_stream, heal_everything, millis,
};
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// Which faults a sweep injects.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaultMix {
    /// Crashes and restarts only, on a network whose latency stays within
    /// the bound the timeouts assume: the synchronous model 3PC is built for.
    Crashes,
    /// Also partitions, cut links, message loss, drops and delays beyond
    /// the bound.
    Partitions,
}

impl FaultMix {
    pub fn name(self) -> &'static str {
        match self {
            FaultMix::Crashes => "crashes",
            FaultMix::Partitions => "partitions",
        }
    }
}

/// What one seed of the sweep found.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepOutcome {
    pub seed: u64,
    /// Safety violations over the whole run.
    pub violations: u64,
    /// The first violation and its step.
    pub first_violation: Option<(u64, Violation)>,
    /// After every fault healed, the coordinator began all its transactions
    /// and every process decided every one of them.
    pub live_after_heal: bool,
    /// Transactions the coordinator began.
    pub transactions: u64,
    pub steps: u64,
}

/// Simulated length of the phase with faults.
const FAULT_PHASE: Time = millis(3_000);
/// How long the healed cluster gets to finish every transaction.
const LIVENESS_DEADLINE: Time = millis(30_000);
/// The driver acts once per tick.
const TICK: Time = millis(10);

/// One seed: a phase of random faults from `mix` while the coordinator runs
/// one transaction after another (some participants told to vote no); then
/// everything heals, and every transaction begun so far, and the next one,
/// must be decided on every process.
pub fn sweep_seed(
    protocol: Protocol,
    seed: u64,
    participants: usize,
    mix: FaultMix,
) -> SweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let bound = millis(driver.random_range(5..=20));
    let mut network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: bound,
        },
        ..NetworkConfig::default()
    };
    if mix == FaultMix::Partitions {
        network.loss = Probability::from_fraction(driver.random_range(0.0..0.2));
        network.duplication = Probability::from_fraction(driver.random_range(0.0..0.1));
    }
    let config = CommitConfig {
        transactions: u32::MAX,
        gap: millis(driver.random_range(5..=40)),
        latency_bound: bound,
        cooperative: driver.random_bool(0.5),
    };
    let sim_config = SimConfig {
        seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    };
    let mut sim = Simulation::new(sim_config, cluster(protocol, participants, config));
    let fault_rate = driver.random_range(0.01..0.08);
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        if driver.random_bool(0.02) {
            let node = driver.random_range(1..=participants);
            sim.inject(Action::Command {
                node,
                command: Command::VoteNoNext,
            });
        }
        if driver.random_bool(fault_rate) {
            let fault = random_fault(&mut driver, &sim, mix);
            sim.inject(Action::Fault(fault));
        }
    }
    heal_everything(&mut sim);
    let start = sim.world().now();
    let must_decide = sim.world().nodes()[COORDINATOR].ledger().wal().last_tx() + 1;
    let mut live_after_heal = false;
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        sim.run_until(start + tick * TICK);
        if (1..=must_decide).all(|tx| decided_everywhere(sim.world(), tx)) {
            live_after_heal = true;
            break;
        }
    }
    let world = sim.world();
    SweepOutcome {
        seed,
        violations: world.violation_count(),
        first_violation: world.first_violation().cloned(),
        live_after_heal,
        transactions: world.nodes()[COORDINATOR].ledger().wal().last_tx(),
        steps: world.steps(),
    }
}

fn random_fault(driver: &mut NodeRng, sim: &Simulation<CommitNode>, mix: FaultMix) -> Fault {
    let world = sim.world();
    let count = world.nodes().len();
    let node = if driver.random_bool(0.3) {
        COORDINATOR
    } else {
        driver.random_range(0..count)
    };
    let roll = match mix {
        FaultMix::Crashes => driver.random_range(0..2u32),
        // Partitions weigh double and heal half as often as other faults.
        FaultMix::Partitions => [0, 1, 2, 2, 2, 3, 4, 5, 6, 7][driver.random_range(0..10usize)],
    };
    let message = crate::sim::pick_in_flight(driver, world);
    match (roll, message) {
        (0, _) if world.is_up(node) => Fault::Crash(node),
        (0 | 1, _) => {
            let down: Vec<NodeId> = (0..count).filter(|&n| !world.is_up(n)).collect();
            match down.as_slice() {
                [] => Fault::Crash(node),
                down => Fault::Restart(down[driver.random_range(0..down.len())]),
            }
        }
        (2, _) => Fault::Partition(vec![crate::sim::random_side(driver, count)]),
        (3, _) => Fault::CutLink {
            from: node,
            to: driver.random_range(0..count),
        },
        (4, _) => Fault::Heal,
        (5, _) => Fault::SetLinkLoss {
            from: node,
            to: driver.random_range(0..count),
            loss: Probability::from_fraction(driver.random_range(0.0..0.8)),
        },
        (6, Some(id)) => Fault::DropMessage(id),
        (7, Some(id)) => Fault::DelayMessage {
            id,
            by: millis(driver.random_range(1..300)),
        },
        _ => Fault::Heal,
    }
}

/// Messages sent for one failure-free transaction with `participants`
/// participants, counted from the simulator's trace (every message handed
/// to the network).
pub fn failure_free_messages(protocol: Protocol, participants: usize) -> u64 {
    let config = CommitConfig {
        transactions: 1,
        ..CommitConfig::default()
    };
    let mut sim = super::scenario::simulation(protocol, participants, config, 1, millis(1));
    let tx: TxId = 1;
    let mut sent = 0u64;
    while let Some(count) = sim.step().map(|record| record.sent.len()) {
        sent += count as u64;
        if sim.world().nodes()[COORDINATOR].ledger().record(tx).ended {
            break;
        }
    }
    sent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_transaction_costs_4n_and_6n_messages() {
        for n in [1, 3, 5, 8] {
            assert_eq!(failure_free_messages(Protocol::TwoPhase, n), 4 * n as u64);
            assert_eq!(failure_free_messages(Protocol::ThreePhase, n), 6 * n as u64);
        }
    }
}
