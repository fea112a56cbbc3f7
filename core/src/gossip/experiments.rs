//! Gossip measurements as plain functions returning data, shared by the lab
//! CLI, the tests and the pages (which call the per-trial functions one
//! trial at a time, to plot in slices).
//!
//! * [`dissemination_trial`] / [`dissemination_stats`]: rounds until every
//!   live node has the update, messages per node, redundant messages, and
//!   the per-round infected counts, for push, pull and push-pull; and
//!   [`theory_curve`], the mean-field infected fraction per round.
//! * [`rumor_trial`] / [`rumor_stats`]: residue, traffic, `t_avg` and
//!   `t_last` of rumor mongering, next to [`residue_equation`].
//! * [`scuttlebutt_backlog`], [`scuttlebutt_converged`] and
//!   [`scuttlebutt_catch_up`]: what an MTU leaves behind and how long
//!   catching up takes.
//! * [`detection_times`]: how long after a crash each live member of the
//!   membership gossip declares it failed.
//!
//! Every run uses [`round_network`]: latencies of 1–10 ms inside rounds of
//! 100 ms, so that "rounds" mean what they mean in the papers.

use super::Status;
use super::dissemination::{AntiEntropyConfig, AntiEntropyNode, Mode, TrafficCounters};
use super::membership::{MembershipConfig, MembershipNode};
use super::rumor::{RumorConfig, RumorNode, RumorVariant};
use super::scenario::{
    anti_entropy_cluster, dead_nodes, measuring, membership_cluster, round_network, rumor_cluster,
    scuttlebutt_cluster,
};
use super::scuttlebutt::{
    Replica, ScuttleOrder, ScuttlebuttCommand, ScuttlebuttConfig, ScuttlebuttNode,
};
use crate::sim::{Action, Fault, NodeId, Probability, Simulation, Time, World, driver_stream};
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// One anti-entropy run from a single infected node (node 0).
#[derive(Clone, Debug, PartialEq)]
pub struct DisseminationTrial {
    /// The round in which the last live node learned the update; `None`
    /// if some live node had not within the round limit.
    pub rounds: Option<u32>,
    /// Messages sent by all nodes until then (or until the limit).
    pub messages: u64,
    /// Messages that carried a version their receiver already had.
    pub redundant: u64,
    /// `infected[r]`: live nodes that had the update at the end of round `r`.
    pub infected: Vec<usize>,
    /// Nodes that were up.
    pub live: usize,
}

/// The set-up of an anti-entropy measurement.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DisseminationSetup {
    pub mode: Mode,
    pub nodes: usize,
    pub fanout: usize,
    pub loss: Probability,
    /// Fraction of the nodes (never node 0) crashed at the start.
    pub dead: f64,
    /// Give up after this many rounds.
    pub max_rounds: u32,
}

impl DisseminationSetup {
    pub fn new(mode: Mode, nodes: usize) -> Self {
        Self {
            mode,
            nodes,
            fanout: 1,
            loss: Probability::NEVER,
            dead: 0.0,
            max_rounds: 200,
        }
    }
}

/// The simulation a dissemination trial runs (for the pages: the same
/// run, animated), with its dead nodes already crashed.
pub fn dissemination_simulation(
    setup: &DisseminationSetup,
    seed: u64,
) -> Simulation<AntiEntropyNode> {
    let config = AntiEntropyConfig {
        mode: setup.mode,
        fanout: setup.fanout,
        ..AntiEntropyConfig::default()
    };
    let nodes = anti_entropy_cluster(setup.nodes, config);
    let mut sim = Simulation::new(measuring(seed, round_network(setup.loss)), nodes);
    // Every node starts (arming its first round), then the dead crash.
    sim.run_until(0);
    for id in dead_nodes(setup.nodes, setup.dead, seed) {
        sim.inject(Action::Fault(Fault::Crash(id)));
    }
    sim
}

/// Live nodes whose version is at least `newest`.
pub fn infected_count(world: &World<AntiEntropyNode>, newest: u64) -> usize {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id) && world.node(id).status(newest) == Status::Infected)
        .count()
}

/// Every node's traffic counters added up: messages sent, redundant and
/// useful ones received (the page's counters).
pub fn traffic_totals(world: &World<AntiEntropyNode>) -> TrafficCounters {
    world
        .nodes()
        .iter()
        .fold(TrafficCounters::default(), |sum, node| {
            let c = node.counters();
            TrafficCounters {
                sent: sum.sent + c.sent,
                redundant: sum.redundant + c.redundant,
                useful: sum.useful + c.useful,
            }
        })
}

/// How many live nodes are susceptible, infective and removed with
/// respect to version `newest`, in that order.
pub fn rumor_status_counts(world: &World<RumorNode>, newest: u64) -> [usize; 3] {
    let mut counts = [0; 3];
    for id in (0..world.nodes().len()).filter(|&id| world.is_up(id)) {
        let slot = match world.node(id).status(newest) {
            Status::Susceptible => 0,
            Status::Infected => 1,
            Status::Removed => 2,
        };
        counts[slot] += 1;
    }
    counts
}

/// For each round `0..=last`, how many live nodes had learned version
/// `newest` by its end (from each node's learned round).
pub fn infected_per_round(world: &World<AntiEntropyNode>, newest: u64, last: u32) -> Vec<usize> {
    let mut counts = vec![0usize; last as usize + 1];
    for id in (0..world.nodes().len()).filter(|&id| world.is_up(id)) {
        let node = world.node(id);
        if node.status(newest) == Status::Infected
            && let Some(round) = node.learned_round()
            && round <= last
        {
            counts[round as usize] += 1;
        }
    }
    for r in 1..counts.len() {
        counts[r] += counts[r - 1];
    }
    counts
}

/// One trial: runs round by round until every live node has version 1.
pub fn dissemination_trial(setup: &DisseminationSetup, seed: u64) -> DisseminationTrial {
    let mut sim = dissemination_simulation(setup, seed);
    let period = AntiEntropyConfig::default().period;
    let live = (0..setup.nodes).filter(|&id| sim.world().is_up(id)).count();
    let mut rounds = None;
    let mut last = 0;
    for round in 0..=setup.max_rounds {
        // Round `r` ends just before round `r + 1`'s timers fire.
        sim.run_until((u64::from(round) + 1) * period - 1);
        last = round;
        if infected_count(sim.world(), 1) == live {
            rounds = Some(round);
            break;
        }
    }
    let world = sim.world();
    let totals = traffic_totals(world);
    let (messages, redundant) = (totals.sent, totals.redundant);
    DisseminationTrial {
        rounds,
        messages,
        redundant,
        infected: infected_per_round(world, 1, last),
        live,
    }
}

/// Anti-entropy over many trials.
#[derive(Clone, Debug, PartialEq)]
pub struct DisseminationStats {
    pub trials: usize,
    /// Mean and maximum rounds over the finished trials (0 if none).
    pub mean_rounds: f64,
    pub max_rounds: u32,
    /// Messages per node until full dissemination, averaged over trials.
    pub messages_per_node: f64,
    pub redundant_per_node: f64,
    /// Trials that hit the round limit.
    pub unfinished: usize,
}

/// `trials` trials, trial `i` seeded `seed + i`.
pub fn dissemination_stats(
    setup: &DisseminationSetup,
    trials: usize,
    seed: u64,
) -> DisseminationStats {
    let (mut sum, mut max, mut done, mut unfinished) = (0u64, 0u32, 0usize, 0usize);
    let (mut messages, mut redundant) = (0.0, 0.0);
    for i in 0..trials {
        let trial = dissemination_trial(setup, seed.wrapping_add(i as u64));
        match trial.rounds {
            Some(r) => {
                sum += u64::from(r);
                max = max.max(r);
                done += 1;
            }
            None => unfinished += 1,
        }
        let n = setup.nodes.max(1) as f64;
        messages += trial.messages as f64 / n;
        redundant += trial.redundant as f64 / n;
    }
    let t = trials.max(1) as f64;
    DisseminationStats {
        trials,
        mean_rounds: if done > 0 {
            sum as f64 / done as f64
        } else {
            0.0
        },
        max_rounds: max,
        messages_per_node: messages / t,
        redundant_per_node: redundant / t,
        unfinished,
    }
}

/// The mean-field infected fraction at the end of rounds `0..=rounds`,
/// starting from one infected node of `nodes`, each message lost with
/// probability `loss`.
///
/// A susceptible node stays susceptible through a round if no infected
/// node's push reaches it — each of the `i·N` infected nodes sends `F`
/// pushes, each reaching it with probability `(1 − loss)/(N − 1)`, about
/// `e^{−F·i·(1 − loss)}` — and, pulling, if none of its `F` pulls both
/// reaches an infected peer and comes back: `(1 − i·(1 − loss)²)^F`.
/// Push uses the first factor, pull the second, push-pull both.
pub fn theory_curve(mode: Mode, fanout: usize, nodes: usize, loss: f64, rounds: u32) -> Vec<f64> {
    let n = nodes.max(1) as f64;
    let f = fanout as f64;
    let keep = 1.0 - loss.clamp(0.0, 1.0);
    let mut i = 1.0 / n;
    let mut curve = Vec::with_capacity(rounds as usize + 1);
    curve.push(i);
    for _ in 0..rounds {
        let missed_push = libm::exp(-f * i * keep * n / (n - 1.0).max(1.0));
        let missed_pull = libm::pow(1.0 - i * keep * keep, f);
        let stay = match mode {
            Mode::Push => missed_push,
            Mode::Pull => missed_pull,
            Mode::PushPull => missed_push * missed_pull,
        };
        i = 1.0 - (1.0 - i) * stay;
        curve.push(i);
    }
    curve
}

/// One rumor-mongering run from a single infective node (node 0).
#[derive(Clone, Debug, PartialEq)]
pub struct RumorTrial {
    /// Fraction of the nodes that never heard the rumor.
    pub residue: f64,
    /// Rumor messages sent per node.
    pub traffic: f64,
    /// Mean round in which the nodes that heard it from others did.
    pub t_avg: f64,
    /// The round in which the last node heard it.
    pub t_last: u32,
    /// Feedback messages sent per node.
    pub feedback: f64,
}

/// The simulation a rumor trial runs.
pub fn rumor_simulation(config: RumorConfig, nodes: usize, seed: u64) -> Simulation<RumorNode> {
    let config = RumorConfig {
        backup_every: 0,
        ..config
    };
    Simulation::new(
        measuring(seed, round_network(Probability::NEVER)),
        rumor_cluster(nodes, config),
    )
}

/// Summarizes a finished rumor run.
pub fn rumor_outcome(world: &World<RumorNode>) -> RumorTrial {
    let n = world.nodes().len().max(1) as f64;
    let (mut heard, mut rounds, mut last) = (0usize, 0u64, 0u32);
    let (mut rumors, mut feedback) = (0u64, 0u64);
    for (id, node) in world.nodes().iter().enumerate() {
        rumors += node.counters().rumors_sent;
        feedback += node.counters().feedback_sent;
        if let Some(round) = node.learned_round() {
            last = last.max(round);
            if id != 0 {
                heard += 1;
                rounds += u64::from(round);
            }
        }
    }
    let informed = heard + usize::from(!world.nodes().is_empty());
    RumorTrial {
        residue: 1.0 - informed as f64 / n,
        traffic: rumors as f64 / n,
        t_avg: if heard > 0 {
            rounds as f64 / heard as f64
        } else {
            0.0
        },
        t_last: last,
        feedback: feedback as f64 / n,
    }
}

/// One trial: runs until no node is infective any more.
pub fn rumor_trial(config: RumorConfig, nodes: usize, seed: u64) -> RumorTrial {
    let mut sim = rumor_simulation(config, nodes, seed);
    while sim.step().is_some() {}
    rumor_outcome(sim.world())
}

/// Rumor mongering averaged over trials.
#[derive(Clone, Debug, PartialEq)]
pub struct RumorStats {
    pub trials: usize,
    pub residue: f64,
    /// The standard deviation of one trial's residue.
    pub residue_sd: f64,
    pub traffic: f64,
    pub t_avg: f64,
    pub t_last: f64,
}

/// Accumulates rumor trials (so a page can add them one at a time).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RumorTally {
    trials: usize,
    residue: f64,
    residue_sq: f64,
    traffic: f64,
    t_avg: f64,
    t_last: f64,
}

impl RumorTally {
    pub fn add(&mut self, trial: &RumorTrial) {
        self.trials += 1;
        self.residue += trial.residue;
        self.residue_sq += trial.residue * trial.residue;
        self.traffic += trial.traffic;
        self.t_avg += trial.t_avg;
        self.t_last += f64::from(trial.t_last);
    }

    pub fn stats(&self) -> RumorStats {
        let t = self.trials.max(1) as f64;
        let mean = self.residue / t;
        let var = if self.trials > 1 {
            ((self.residue_sq - t * mean * mean) / (t - 1.0)).max(0.0)
        } else {
            0.0
        };
        RumorStats {
            trials: self.trials,
            residue: mean,
            residue_sd: libm::sqrt(var),
            traffic: self.traffic / t,
            t_avg: self.t_avg / t,
            t_last: self.t_last / t,
        }
    }
}

/// `trials` trials, trial `i` seeded `seed + i`.
pub fn rumor_stats(config: RumorConfig, nodes: usize, trials: usize, seed: u64) -> RumorStats {
    let mut tally = RumorTally::default();
    for i in 0..trials {
        tally.add(&rumor_trial(config, nodes, seed.wrapping_add(i as u64)));
    }
    tally.stats()
}

/// The residue Demers et al. derive for rumor mongering with feedback:
/// the root in `(0, 1)` of `s = e^{−(k+1)(1−s)}`.
///
/// `g(s) = s − e^{−(k+1)(1−s)}` is negative at 0, vanishes at the trivial
/// root 1 with slope `1 − (k+1) = −k`, so it is positive just below 1; it
/// is concave, so it has exactly one root in `(0, 1)`, which bisection
/// finds to double precision. For `k = 0` there is none: the residue is 1.
pub fn residue_equation(k: u32) -> f64 {
    residue_root(f64::from(k) + 1.0)
}

/// The residue each variant leaves in the limit of many nodes (see the
/// [rumor docs](super::rumor)): the root of `s = e^{−m(1−s)}` with
/// `m = k + 1` with feedback and `m = k` blind (1 when there is none).
pub fn residue_for(variant: RumorVariant, k: u32) -> f64 {
    let m = f64::from(k) + f64::from(u8::from(variant.feedback()));
    residue_root(m)
}

/// The traffic (pushes per node) that goes with residue `s`: after `C`
/// pushes a node is still susceptible with probability `e^{−C/N}`, so
/// `C/N = ln(1/s)`.
pub fn traffic_for(residue: f64) -> f64 {
    if residue > 0.0 {
        -libm::log(residue)
    } else {
        f64::INFINITY
    }
}

fn residue_root(m: f64) -> f64 {
    let g = |s: f64| s - libm::exp(-m * (1.0 - s));
    // Stay clear of the trivial root s = 1.
    let (mut low, mut high) = (0.0, 1.0 - 1e-9);
    if g(high) <= 0.0 {
        return 1.0;
    }
    for _ in 0..200 {
        let mid = 0.5 * (low + high);
        if g(mid) < 0.0 {
            low = mid;
        } else {
            high = mid;
        }
    }
    0.5 * (low + high)
}

/// Writes that some live participant does not hold yet: for every live
/// participant `p` and every origin `o`, the keys of `o` (as `o` holds
/// them) with a version above `p`'s max version of `o`.
pub fn scuttlebutt_backlog(world: &World<ScuttlebuttNode>) -> usize {
    let count = world.nodes().len();
    (0..count)
        .filter(|&p| world.is_up(p))
        .map(|p| scuttlebutt_backlog_of(world, p))
        .sum()
}

/// The backlog of one participant: writes of others it lacks.
pub fn scuttlebutt_backlog_of(world: &World<ScuttlebuttNode>, participant: NodeId) -> usize {
    let node = world.node(participant);
    (0..world.nodes().len())
        .filter(|&o| o != participant)
        .map(|o| {
            let held = node.replica(o).map_or(0, |r| r.max_version());
            world
                .node(o)
                .replica(o)
                .map_or(0, |own| own.newer_than(held))
        })
        .sum()
}

/// Whether every live participant holds every origin's keys exactly as
/// the origin does.
pub fn scuttlebutt_converged(world: &World<ScuttlebuttNode>) -> bool {
    let count = world.nodes().len();
    let empty = Replica::default();
    (0..count).all(|o| {
        let own = world.node(o).replica(o).unwrap_or(&empty);
        (0..count)
            .filter(|&p| world.is_up(p))
            .all(|p| world.node(p).replica(o).unwrap_or(&empty) == own)
    })
}

/// How an MTU shapes catching up.
#[derive(Clone, Debug, PartialEq)]
pub struct CatchUp {
    /// Rounds from the burst of writes until every participant has them
    /// all (`None`: not within the limit).
    pub rounds: Option<u32>,
    /// The backlog at the end of each round.
    pub backlog: Vec<usize>,
    pub deltas_sent: u64,
    pub left_behind: u64,
}

/// Every participant writes `writes` times (to keys `0..keys`, cycling) at
/// time 0; then rounds run until everyone has everything.
pub fn scuttlebutt_catch_up(
    nodes: usize,
    mtu: usize,
    order: ScuttleOrder,
    keys: u32,
    writes: u32,
    seed: u64,
    max_rounds: u32,
) -> CatchUp {
    let config = ScuttlebuttConfig {
        mtu,
        order,
        ..ScuttlebuttConfig::default()
    };
    let period = config.period;
    let mut sim = Simulation::new(
        measuring(seed, round_network(Probability::NEVER)),
        scuttlebutt_cluster(nodes, config),
    );
    sim.run_until(0);
    let mut values = driver_stream(seed, 7);
    for w in 0..writes {
        for node in 0..nodes {
            let command = ScuttlebuttCommand::Put {
                key: w % keys.max(1),
                value: values.random(),
            };
            sim.inject(Action::Command { node, command });
        }
    }
    let mut backlog = vec![scuttlebutt_backlog(sim.world())];
    let mut rounds = None;
    for round in 1..=max_rounds {
        sim.run_until((u64::from(round) + 1) * period - 1);
        backlog.push(scuttlebutt_backlog(sim.world()));
        if scuttlebutt_converged(sim.world()) {
            rounds = Some(round);
            break;
        }
    }
    let counters = sim.world().nodes().iter().map(ScuttlebuttNode::counters);
    let (deltas_sent, left_behind) =
        counters.fold((0, 0), |(d, l), c| (d + c.deltas_sent, l + c.left_behind));
    CatchUp {
        rounds,
        backlog,
        deltas_sent,
        left_behind,
    }
}

/// Member 0 crashes at `crash_at`; for every other member, how long after
/// the crash it first suspected member 0 (`None`: not within `horizon`).
pub fn detection_times(
    nodes: usize,
    config: MembershipConfig,
    crash_at: Time,
    horizon: Time,
    seed: u64,
) -> Vec<Option<Time>> {
    let mut sim = Simulation::new(
        measuring(seed, round_network(Probability::NEVER)),
        membership_cluster(nodes, config),
    );
    sim.run_until(crash_at);
    sim.inject(Action::Fault(Fault::Crash(0)));
    let mut found: Vec<Option<Time>> = vec![None; nodes];
    let step = config.gossip_interval.max(1);
    let mut t = crash_at;
    while t < crash_at + horizon {
        t += step;
        sim.run_until(t);
        let world = sim.world();
        for (id, slot) in found.iter_mut().enumerate().skip(1) {
            if slot.is_none() && world.node(id).suspects(0) {
                *slot = Some(world.now() - crash_at);
            }
        }
    }
    found.remove(0);
    found
}

/// Whether a live member suspects a live one, or fails to suspect a dead
/// one: the number of such (observer, member) pairs.
pub fn membership_mistakes(world: &World<MembershipNode>) -> usize {
    let count = world.nodes().len();
    let mut wrong = 0;
    for observer in (0..count).filter(|&o| world.is_up(o)) {
        let node = world.node(observer);
        for member in 0..count {
            if member != observer && node.suspects(member) == world.is_up(member) {
                wrong += 1;
            }
        }
    }
    wrong
}
