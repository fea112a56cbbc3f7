//! Raft experiments: the fault-injection seed sweep and the election
//! downtime measurement of Figure 16 of the paper. Plain functions returning
//! data, shared by the tests, the lab CLI and the web app.

use super::node::{RaftConfig, RaftNode};
use super::scenario::{cluster, current_leader};
use super::{Command, Message, Timer};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, NodeId, Probability, SimConfig, Simulation, StepEvent,
    Time, Violation, driver_stream, millis,
};
use alloc::vec;
use alloc::vec::Vec;
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

/// Election downtimes measured as in Figure 16 of the paper, in
/// milliseconds; trials that found no new leader within a minute count in
/// `unfinished`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ElectionTiming {
    pub samples_ms: Vec<f64>,
    pub unfinished: usize,
}

impl ElectionTiming {
    fn sorted(&self) -> Vec<f64> {
        let mut sorted = self.samples_ms.clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    pub fn mean(&self) -> f64 {
        self.samples_ms.iter().sum::<f64>() / self.samples_ms.len().max(1) as f64
    }

    /// The `q`-quantile (nearest rank), `q` in `[0, 1]`.
    pub fn quantile(&self, q: f64) -> f64 {
        let sorted = self.sorted();
        if sorted.is_empty() {
            return 0.0;
        }
        let rank = libm::ceil(q * sorted.len() as f64) as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    pub fn max(&self) -> f64 {
        self.samples_ms.iter().copied().fold(0.0, f64::max)
    }
}

/// The set-up of Figure 16: `nodes` servers, election timeouts uniform in
/// `[timeout_min, timeout_max]`, heartbeats every `timeout_min / 2`, and the
/// given one-way latency (the paper's cluster had a broadcast time of about
/// 15 ms, i.e. 7.5 ms each way). In each trial the leader crashes at a uniformly random
/// moment within its heartbeat interval; the downtime lasts until every
/// other server has received an AppendEntries from the leader of a higher
/// term (which itself counts as having heard).
pub fn election_downtime(
    nodes: usize,
    timeout_min: Time,
    timeout_max: Time,
    latency: Latency,
    trials: usize,
    seed: u64,
) -> ElectionTiming {
    let raft = RaftConfig {
        election_timeout_min: timeout_min,
        election_timeout_max: timeout_max,
        heartbeat_interval: (timeout_min / 2).max(1),
        ..RaftConfig::default()
    };
    let mut timing = ElectionTiming::default();
    for trial in 0..trials as u64 {
        match one_election_trial(nodes, raft, latency, seed.wrapping_add(trial)) {
            Some(ms) => timing.samples_ms.push(ms),
            None => timing.unfinished += 1,
        }
    }
    timing
}

fn one_election_trial(nodes: usize, raft: RaftConfig, latency: Latency, seed: u64) -> Option<f64> {
    let network = NetworkConfig {
        latency,
        ..NetworkConfig::default()
    };
    let config = SimConfig {
        seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: false,
        record_trace: false,
    };
    let mut sim = Simulation::new(config, cluster(nodes, raft));
    let mut driver = driver_stream(seed, 1);
    // Let a leader settle in.
    let warmup = 4 * raft.election_timeout_max + millis(100);
    sim.run_until(warmup);
    let mut leader = current_leader(sim.world());
    for round in 1..=100 {
        if leader.is_some() {
            break;
        }
        sim.run_until(warmup + round * raft.election_timeout_max);
        leader = current_leader(sim.world());
    }
    let leader = leader?;
    let heartbeat_due = sim
        .world()
        .timers(leader)
        .iter()
        .find(|t| t.timer == Timer::Heartbeat)?
        .due;
    let crash_at = heartbeat_due + driver.random_range(0..raft.heartbeat_interval);
    sim.run_until(crash_at);
    sim.inject(Action::Fault(Fault::Crash(leader)));
    let crashed_at = sim.world().now();
    let old_term = sim.world().node(leader).term();
    let mut heard = vec![false; nodes];
    heard[leader] = true;
    let give_up = crashed_at + millis(60_000);
    while let Some(record) = sim.step() {
        if let StepEvent::Delivered(envelope) = &record.event
            && matches!(envelope.msg, Message::AppendEntries { term, .. } if term > old_term)
        {
            // The new leader counts as having heard itself.
            heard[envelope.to] = true;
            heard[envelope.from] = true;
        }
        let now = record.time;
        if heard.iter().all(|&h| h) {
            return Some((now - crashed_at) as f64 / 1000.0);
        }
        if now > give_up {
            return None;
        }
    }
    None
}
