//! Election seed sweeps: random crashes, recoveries, pauses, delays,
//! duplicates, elections started by hand and — for half the seeds — loss
//! and partitions; then everything heals and liveness is demanded three
//! times over. Plain functions returning data, shared by the tests, the lab
//! CLI and the web app.
//!
//! The seed decides the network and the fault mix (in the manner of
//! TigerBeetle's VOPR). On a *reliable* seed (no loss, no partition, no
//! dropped message; crashes, restarts, pauses, delays, duplicates and
//! reordering allowed) stable agreement is checked after every step of the
//! whole run; on the others a lost message can leave a quiet disagreement
//! for a while even after healing (see the [module docs](super)), so there
//! agreement is demanded only as liveness. The two safety invariants are checked by
//! the simulator after every step of every seed.
//!
//! After healing (every node restarted, the network clean) the run is
//! *live* when, each time within five seconds and still a second later:
//!
//! 1. the world is stable and agrees on the highest node;
//! 2. once that node crashes, on the next one — some node must detect the
//!    crash and run an election;
//! 3. once it restarts, on it again — it bullies its way back.

use super::bully::{BullyCommand, BullyConfig};
use super::ring::{RingCommand, RingConfig, RingVariant};
use super::scenario::{bully_cluster, current_leader, ring_cluster};
use super::stability::{Elector, Stability, agreement_violation, stability};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, NodeRng, Probability, SimConfig, Simulation,
    Time, Violation, driver_stream, millis,
};
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// What one seed of an election sweep found.
#[derive(Clone, Debug, PartialEq)]
pub struct ElectionSweepOutcome {
    pub seed: u64,
    /// Whether the seed kept the network reliable (no loss or partitions).
    pub reliable: bool,
    /// Safety violations, plus stable-agreement violations where checked.
    pub violations: u64,
    /// The first violation and its step.
    pub first_violation: Option<(u64, Violation)>,
    /// After healing, the nodes became stable, agreed on the highest live
    /// id, and still did a while later.
    pub live_after_heal: bool,
    pub leader_after_heal: Option<NodeId>,
    pub steps: u64,
}

/// Simulated length of the phase with faults.
const FAULT_PHASE: Time = millis(6_000);
/// How long the healed cluster gets to settle.
const LIVENESS_DEADLINE: Time = millis(5_000);
/// After settling, the agreement must still hold this much later.
const STAYS_AGREED: Time = millis(1_000);
/// The driver acts once per tick.
const TICK: Time = millis(20);

/// One seed of the Bully sweep.
pub fn bully_sweep_seed(seed: u64, nodes: usize) -> ElectionSweepOutcome {
    sweep(
        seed,
        bully_cluster(nodes, BullyConfig::default()),
        BullyCommand::StartElection,
    )
}

/// One seed of the ring sweep, for either variant.
pub fn ring_sweep_seed(seed: u64, nodes: usize, variant: RingVariant) -> ElectionSweepOutcome {
    let config = RingConfig {
        variant,
        ..RingConfig::default()
    };
    sweep(
        seed,
        ring_cluster(nodes, config),
        RingCommand::StartElection,
    )
}

/// Counts stable-agreement violations as a checker of its own.
#[derive(Default)]
struct AgreementCheck {
    count: u64,
    first: Option<(u64, Violation)>,
}

impl AgreementCheck {
    fn after_step<N: Elector>(&mut self, sim: &Simulation<N>) {
        if let Some(violation) = agreement_violation(sim.world()) {
            self.count += 1;
            if self.first.is_none() {
                self.first = Some((sim.step_index().saturating_sub(1), violation));
            }
        }
    }
}

/// Runs until the world is stable and agrees, then for [`STAYS_AGREED`]
/// more; returns the leader if it still agrees on the same one then (and
/// `None` if it never agreed within [`LIVENESS_DEADLINE`]).
fn settle_checked<N: Elector>(
    sim: &mut Simulation<N>,
    mut check: Option<&mut AgreementCheck>,
) -> Option<NodeId> {
    let start = sim.world().now();
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        run_checked(sim, start + tick * TICK, check.as_deref_mut());
        if let Stability::Agreed { leader } = stability(sim.world()) {
            let later = sim.world().now() + STAYS_AGREED;
            run_checked(sim, later, check);
            return (stability(sim.world()) == Stability::Agreed { leader }).then_some(leader);
        }
    }
    None
}

/// Runs to `until`, checking agreement after every step when `check`.
fn run_checked<N: Elector>(
    sim: &mut Simulation<N>,
    until: Time,
    check: Option<&mut AgreementCheck>,
) {
    match check {
        None => sim.run_until(until),
        Some(check) => {
            while sim.next_step_time().is_some_and(|t| t <= until) && sim.step().is_some() {
                check.after_step(sim);
            }
            sim.advance_clock(until);
        }
    }
}

fn sweep<N: Elector>(seed: u64, nodes: Vec<N>, start: N::Command) -> ElectionSweepOutcome {
    let count = nodes.len();
    let mut driver = driver_stream(seed, 0);
    let reliable = driver.random_bool(0.5);
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: millis(driver.random_range(5..=30)),
        },
        loss: if reliable {
            Probability::NEVER
        } else {
            Probability::from_fraction(driver.random_range(0.0..0.15))
        },
        duplication: Probability::from_fraction(driver.random_range(0.0..0.05)),
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
    let mut sim = Simulation::new(config, nodes);
    let mut agreement = AgreementCheck::default();
    let fault_rate = driver.random_range(0.02..0.12);
    for tick in 1..=FAULT_PHASE / TICK {
        run_checked(&mut sim, tick * TICK, reliable.then_some(&mut agreement));
        if driver.random_bool(fault_rate) {
            let action = random_action(&mut driver, &sim, reliable, &start);
            sim.inject(action);
            if reliable {
                agreement.after_step(&sim);
            }
        }
    }
    crate::sim::heal_everything(&mut sim);
    let mut leader_after_heal = None;
    let mut live = count > 0;
    // Healed: the highest node leads. Then it crashes, and the next one
    // must take over (someone detects the failure); then it recovers and
    // must bully its way back.
    let top = count.saturating_sub(1);
    let phases = [
        (None, Some(top)),
        (Some(Fault::Crash(top)), top.checked_sub(1)),
        (Some(Fault::Restart(top)), Some(top)),
    ];
    for (fault, expected) in phases {
        if !live {
            break;
        }
        if let Some(fault) = fault {
            sim.inject(Action::Fault(fault));
        }
        let agreed = settle_checked(&mut sim, reliable.then_some(&mut agreement));
        if leader_after_heal.is_none() {
            leader_after_heal = agreed;
        }
        live = expected.is_none_or(|e| agreed == Some(e));
    }
    let world = sim.world();
    let first_violation = match (world.first_violation().cloned(), agreement.first) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    };
    ElectionSweepOutcome {
        seed,
        reliable,
        violations: world.violation_count() + agreement.count,
        first_violation,
        live_after_heal: live,
        leader_after_heal,
        steps: world.steps(),
    }
}

fn random_action<N: Elector>(
    driver: &mut NodeRng,
    sim: &Simulation<N>,
    reliable: bool,
    start: &N::Command,
) -> Action<N::Command> {
    let world = sim.world();
    let count = world.nodes().len();
    let node = driver.random_range(0..count);
    let message = crate::sim::pick_in_flight(driver, world);
    let choices = if reliable { 8 } else { 12 };
    let fault = match (driver.random_range(0..choices), message) {
        (0 | 1, _) => Fault::Crash(
            current_leader(world)
                .filter(|_| driver.random_bool(0.6))
                .unwrap_or(node),
        ),
        (2 | 3, _) => Fault::Restart(node),
        (4, _) => Fault::Pause {
            node,
            duration: millis(driver.random_range(20..400)),
        },
        (5, Some(id)) => Fault::DelayMessage {
            id,
            by: millis(driver.random_range(1..300)),
        },
        (6, Some(id)) => Fault::DuplicateMessage(id),
        (8, _) => Fault::Partition(vec![crate::sim::random_side(driver, count)]),
        (9, _) => Fault::CutLink {
            from: node,
            to: driver.random_range(0..count),
        },
        (10, Some(id)) => Fault::DropMessage(id),
        (11, _) => Fault::Heal,
        _ => {
            return Action::Command {
                node,
                command: start.clone(),
            };
        }
    };
    Action::Fault(fault)
}
