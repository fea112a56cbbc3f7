//! Gossip seed sweeps: random partitions, cut links, loss, crashes,
//! restarts, pauses, dropped, delayed and duplicated messages and writes
//! at random nodes; then everything heals and convergence is demanded.
//!
//! The seed decides the network and the fault mix (in the manner of
//! TigerBeetle's VOPR). Each protocol's invariants are checked by the
//! simulator after every step of the whole run. After healing — every
//! node restarted, the network clean, and the last pause over — the run
//! is *live* when, within the
//! protocol's deadline and still a second later:
//!
//! * **gossip** (anti-entropy, mode and fanout drawn from the seed) and
//!   **rumor** (variant and `k` drawn, with anti-entropy backup every 1–4
//!   rounds): every node knows the newest version written anywhere; for
//!   rumor also no node is still spreading it (the rumor died out);
//! * **scuttlebutt** (MTU of 1–4 deltas, scuttle-depth or -breadth): every node holds every origin's
//!   keys exactly as the origin does;
//! * **membership**: after healing, a random third of the nodes (at least
//!   one when there are three or more) crash and stay down: every live
//!   node must suspect every dead one and no live one.
//!
//! For the first three a write at a random node right after healing must
//! reach everyone as well, so every seed has something left to spread.

use super::Knower;
use super::dissemination::{AntiEntropyCommand, AntiEntropyConfig, Mode};
use super::experiments::{membership_mistakes, scuttlebutt_converged};
use super::membership::MembershipConfig;
use super::rumor::{RumorCommand, RumorConfig, RumorNode, RumorVariant};
use super::scenario::{
    anti_entropy_cluster, membership_cluster, rumor_cluster, scuttlebutt_cluster,
};
use super::scuttlebutt::{ScuttleOrder, ScuttlebuttCommand, ScuttlebuttConfig};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, Node, NodeRng, Probability, SimConfig, Simulation, Time,
    Violation, World, driver_stream, millis,
};
use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// Which gossip protocol a sweep runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SweepProtocol {
    Gossip,
    Rumor,
    Membership,
    Scuttlebutt,
}

impl SweepProtocol {
    pub const ALL: [SweepProtocol; 4] = [
        SweepProtocol::Gossip,
        SweepProtocol::Rumor,
        SweepProtocol::Membership,
        SweepProtocol::Scuttlebutt,
    ];

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.name() == text)
    }

    pub fn name(self) -> &'static str {
        match self {
            SweepProtocol::Gossip => "gossip",
            SweepProtocol::Rumor => "rumor",
            SweepProtocol::Membership => "membership",
            SweepProtocol::Scuttlebutt => "scuttlebutt",
        }
    }
}

/// What one seed found.
#[derive(Clone, Debug, PartialEq)]
pub struct GossipSweepOutcome {
    pub seed: u64,
    /// Invariant violations over the whole run.
    pub violations: u64,
    pub first_violation: Option<(u64, Violation)>,
    /// Converged (or detected every crash) after healing, and stayed so.
    pub live_after_heal: bool,
    /// Rounds from healing until it first held.
    pub rounds_after_heal: Option<u32>,
    pub steps: u64,
}

/// Simulated length of the phase with faults.
const FAULT_PHASE: Time = millis(3_000);
/// The driver acts at most once per tick.
const TICK: Time = millis(50);
/// Liveness is checked once per round of this length.
const ROUND: Time = millis(100);
/// Once it holds, it must still hold this much later.
const STAYS: Time = millis(1_000);

/// One seed of the sweep of `protocol` on `nodes` nodes.
pub fn sweep_seed(protocol: SweepProtocol, seed: u64, nodes: usize) -> GossipSweepOutcome {
    let mut driver = driver_stream(seed, 0);
    let config = sim_config(seed, &mut driver);
    match protocol {
        SweepProtocol::Gossip => {
            let mode = [Mode::Push, Mode::Pull, Mode::PushPull][driver.random_range(0..3)];
            let config_ae = AntiEntropyConfig {
                mode,
                fanout: driver.random_range(1..=3),
                ..AntiEntropyConfig::default()
            };
            let sim = Simulation::new(config, anti_entropy_cluster(nodes, config_ae));
            let plan = Plan {
                command: Box::new(|_| Some(AntiEntropyCommand::Publish)),
                keep_dead: false,
                deadline: millis(10_000),
                done: Box::new(everyone_knows_newest),
            };
            run(seed, sim, driver, plan)
        }
        SweepProtocol::Rumor => {
            let config_r = RumorConfig {
                variant: RumorVariant::ALL[driver.random_range(0..4)],
                k: driver.random_range(1..=4),
                backup_every: driver.random_range(1..=4),
                ..RumorConfig::default()
            };
            let sim = Simulation::new(config, rumor_cluster(nodes, config_r));
            let plan = Plan {
                command: Box::new(|_| Some(RumorCommand::Publish)),
                keep_dead: false,
                deadline: millis(20_000),
                done: Box::new(|w: &World<RumorNode>| {
                    everyone_knows_newest(w)
                        && (0..w.nodes().len()).all(|id| !w.node(id).is_infective())
                }),
            };
            run(seed, sim, driver, plan)
        }
        SweepProtocol::Scuttlebutt => {
            let config_s = ScuttlebuttConfig {
                mtu: driver.random_range(1..=4),
                order: if driver.random_bool(0.5) {
                    ScuttleOrder::Depth
                } else {
                    ScuttleOrder::Breadth
                },
                ..ScuttlebuttConfig::default()
            };
            let sim = Simulation::new(config, scuttlebutt_cluster(nodes, config_s));
            let plan = Plan {
                command: Box::new(|d: &mut NodeRng| {
                    Some(ScuttlebuttCommand::Put {
                        key: d.random_range(0..4),
                        value: d.random(),
                    })
                }),
                keep_dead: false,
                deadline: millis(30_000),
                done: Box::new(scuttlebutt_converged),
            };
            run(seed, sim, driver, plan)
        }
        SweepProtocol::Membership => {
            let config_m = MembershipConfig::default();
            let sim = Simulation::new(config, membership_cluster(nodes, config_m));
            let plan = Plan {
                command: Box::new(|_| None),
                keep_dead: true,
                deadline: config_m.t_cleanup + millis(5_000),
                done: Box::new(|w| membership_mistakes(w) == 0),
            };
            run(seed, sim, driver, plan)
        }
    }
}

/// Every node — up or not — knows the newest version any node knows.
fn everyone_knows_newest<N: Node + Knower>(world: &World<N>) -> bool {
    let newest = world.nodes().iter().map(Knower::known).max().unwrap_or(0);
    world.nodes().iter().all(|n| n.known() == newest)
}

type DoneFn<N> = Box<dyn Fn(&World<N>) -> bool>;
type CommandFn<N> = Box<dyn Fn(&mut NodeRng) -> Option<<N as Node>::Command>>;

/// How one protocol is swept.
struct Plan<N: Node> {
    /// A client's write at a random node, if the protocol takes any.
    command: CommandFn<N>,
    /// After healing, crash a random third and leave it down.
    keep_dead: bool,
    /// How long after healing liveness may take.
    deadline: Time,
    done: DoneFn<N>,
}

fn sim_config(seed: u64, driver: &mut NodeRng) -> SimConfig {
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: millis(driver.random_range(5..=30)),
        },
        loss: Probability::from_fraction(driver.random_range(0.0..0.2)),
        duplication: Probability::from_fraction(driver.random_range(0.0..0.05)),
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

fn run<N: Node>(
    seed: u64,
    mut sim: Simulation<N>,
    mut driver: NodeRng,
    plan: Plan<N>,
) -> GossipSweepOutcome {
    let count = sim.world().nodes().len();
    let fault_rate = driver.random_range(0.05..0.25);
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        if count > 0 && driver.random_bool(fault_rate) {
            let action = random_action(&mut driver, &sim, &plan);
            sim.inject(action);
        }
    }
    crate::sim::heal_everything(&mut sim);
    if plan.keep_dead && count >= 3 {
        let dead = driver.random_range(1..=count / 3);
        let mut ids: Vec<usize> = (0..count).collect();
        for slot in 0..dead {
            let pick = driver.random_range(slot..count);
            ids.swap(slot, pick);
            sim.inject(Action::Fault(Fault::Crash(ids[slot])));
        }
    }
    // A fresh write right after healing must reach everyone too.
    if count > 0
        && let Some(command) = (plan.command)(&mut driver)
    {
        let node = driver.random_range(0..count);
        sim.inject(Action::Command { node, command });
    }
    // Healing ends no pause: liveness is judged from when the last one
    // ends, once whatever the paused nodes held (a write) has run.
    let world = sim.world();
    let healed_at = (0..count)
        .map(|id| world.busy_until(id))
        .fold(world.now(), Time::max);
    let mut rounds_after_heal = None;
    sim.run_until(healed_at);
    for round in 1..=plan.deadline / ROUND {
        sim.run_until(healed_at + round * ROUND);
        if (plan.done)(sim.world()) {
            rounds_after_heal = Some(round as u32);
            break;
        }
    }
    let live = rounds_after_heal.is_some() && {
        let later = sim.world().now() + STAYS;
        sim.run_until(later);
        (plan.done)(sim.world())
    };
    let world = sim.world();
    GossipSweepOutcome {
        seed,
        violations: world.violation_count(),
        first_violation: world.first_violation().cloned(),
        live_after_heal: live,
        rounds_after_heal,
        steps: world.steps(),
    }
}

fn random_action<N: Node>(
    driver: &mut NodeRng,
    sim: &Simulation<N>,
    plan: &Plan<N>,
) -> Action<N::Command> {
    let world = sim.world();
    let count = world.nodes().len();
    let node = driver.random_range(0..count);
    let message = crate::sim::pick_in_flight(driver, world);
    if driver.random_bool(0.25)
        && let Some(command) = (plan.command)(driver)
    {
        return Action::Command { node, command };
    }
    let fault = match (driver.random_range(0..14), message) {
        (0..=2, _) => Fault::Crash(node),
        (3 | 4, _) => Fault::Restart(node),
        (5, _) => Fault::Partition(vec![crate::sim::random_side(driver, count)]),
        (6, _) => Fault::Heal,
        (7, _) => Fault::SetLoss(Probability::from_fraction(driver.random_range(0.0..0.4))),
        (8, _) => Fault::CutLink {
            from: node,
            to: driver.random_range(0..count),
        },
        (9, Some(id)) => Fault::DropMessage(id),
        (10, Some(id)) => Fault::DelayMessage {
            id,
            by: millis(driver.random_range(1..300)),
        },
        (11, Some(id)) => Fault::DuplicateMessage(id),
        (12, _) => Fault::Pause {
            node,
            duration: millis(driver.random_range(20..500)),
        },
        _ => match (plan.command)(driver) {
            Some(command) => return Action::Command { node, command },
            None => Fault::Restart(node),
        },
    };
    Action::Fault(fault)
}
