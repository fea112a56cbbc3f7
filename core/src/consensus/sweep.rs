//! The seed-sweep machinery shared by Paxos, Multi-Paxos, Fast Paxos and
//! PBFT: a network drawn from the seed, a random fault from the one fault
//! vocabulary, and the outcome record (the same fields as Raft's sweep, so
//! the lab prints the same JSON).
//!
//! Each protocol's sweep runs a *safety phase* — random crashes, restarts,
//! partitions (symmetric and one-way), loss, duplication, delays and drops,
//! with client requests throughout — and then heals everything and demands
//! progress within a deadline (the habit of TigerBeetle's VOPR).

use crate::sim::{
    Fault, Latency, NetworkConfig, Node, NodeId, NodeRng, Probability, SimConfig, Simulation,
    Violation, World, millis, pick_in_flight, random_side,
};
use alloc::vec;
use rand::RngExt;

/// What one seed of a sweep found.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepOutcome {
    pub seed: u64,
    /// Safety violations over the whole run.
    pub violations: u64,
    /// The first violation and its step.
    pub first_violation: Option<(u64, Violation)>,
    /// After every fault was healed, the protocol made the progress its
    /// sweep demands (a decision, a committed command, a client reply).
    pub live_after_heal: bool,
    pub steps: u64,
}

impl SweepOutcome {
    /// The record of a finished run.
    pub fn of<N: Node>(seed: u64, sim: &Simulation<N>, live_after_heal: bool) -> Self {
        let world = sim.world();
        Self {
            seed,
            violations: world.violation_count(),
            first_violation: world.first_violation().cloned(),
            live_after_heal,
            steps: world.steps(),
        }
    }

    /// Safe and live.
    pub fn clean(&self) -> bool {
        self.violations == 0 && self.live_after_heal
    }
}

/// A lossy, duplicating, reordering network drawn from the driver, and a
/// sweep configuration (invariants on, no trace kept) around it.
pub fn sweep_config(seed: u64, driver: &mut NodeRng) -> SimConfig {
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: millis(driver.random_range(5..=30)),
        },
        loss: Probability::from_fraction(driver.random_range(0.0..0.2)),
        duplication: Probability::from_fraction(driver.random_range(0.0..0.1)),
        reordering: true,
        ..NetworkConfig::default()
    };
    SimConfig {
        seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    }
}

/// One random fault. `favourite` (a leader, a primary) is crashed half the
/// time a crash is drawn, so that leader changes happen often.
pub fn random_fault<N: Node>(
    driver: &mut NodeRng,
    world: &World<N>,
    favourite: Option<NodeId>,
) -> Fault {
    let count = world.nodes().len();
    let node = driver.random_range(0..count);
    let message = pick_in_flight(driver, world);
    match (driver.random_range(0..10u32), message) {
        (0 | 1, _) => Fault::Crash(
            favourite
                .filter(|_| driver.random_bool(0.5))
                .unwrap_or(node),
        ),
        (3, _) => Fault::Partition(vec![random_side(driver, count)]),
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
            by: millis(driver.random_range(1..300)),
        },
        _ => Fault::Restart(node),
    }
}
