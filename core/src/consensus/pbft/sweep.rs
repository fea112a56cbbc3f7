//! The PBFT seed sweep: up to `f` replicas turn Byzantine (any of the four
//! behaviours) while the client submits requests and random crashes,
//! partitions, loss, duplication and delays strike; then every benign
//! fault heals (the Byzantine replicas stay Byzantine) and the client's
//! next request must be answered by `f + 1` matching replies.

use super::node::{PbftConfig, PbftNode};
use super::scenario::{answered, cluster};
use super::{Behaviour, Command};
use crate::consensus::sweep::{SweepOutcome, random_fault, sweep_config};
use crate::sim::{Action, Simulation, Time, driver_stream, heal_everything, millis};
use rand::RngExt;

const FAULT_PHASE: Time = millis(3_000);
const LIVENESS_DEADLINE: Time = millis(20_000);
const TICK: Time = millis(20);

/// One seed with `f` tolerated faults and `byzantine` (at most as many as
/// the seed draws, up to `byzantine`) Byzantine replicas.
pub fn sweep_seed(seed: u64, f: usize, byzantine: usize, config: PbftConfig) -> SweepOutcome {
    let (sim, live) = sweep_run(seed, f, byzantine, config);
    SweepOutcome::of(seed, &sim, live)
}

/// The run behind [`sweep_seed`], and whether it was live after healing.
pub fn sweep_run(
    seed: u64,
    f: usize,
    byzantine: usize,
    config: PbftConfig,
) -> (Simulation<PbftNode>, bool) {
    let config = PbftConfig { f, ..config };
    let mut driver = driver_stream(seed, 0);
    let sim_config = sweep_config(seed, &mut driver);
    let mut sim = Simulation::new(sim_config, cluster(config));
    let n = config.replicas();
    let client = config.client_id();
    let fault_rate = driver.random_range(0.01..0.08);
    let liars = driver.random_range(0..=byzantine.min(n));
    let mut turned = 0;
    let mut op = 0;
    for tick in 1..=FAULT_PHASE / TICK {
        sim.run_until(tick * TICK);
        if turned < liars && driver.random_bool(0.05) {
            let behaviour = Behaviour::BYZANTINE[driver.random_range(0..4)];
            sim.inject(Action::Command {
                node: turned,
                command: Command::Behave(behaviour),
            });
            turned += 1;
        }
        if driver.random_bool(0.3) {
            op += 1;
            sim.inject(Action::Command {
                node: client,
                command: Command::Submit(op),
            });
        }
        if driver.random_bool(fault_rate) {
            let primary = sim.world().node(0).replica().map(|r| r.primary());
            let fault = random_fault(&mut driver, sim.world(), primary);
            sim.inject(Action::Fault(fault));
        }
    }
    heal_everything(&mut sim);
    let live = answers_fresh_request(&mut sim, client, op + 1);
    (sim, live)
}

/// Submits `op` and waits until the client has accepted every request it
/// was given.
fn answers_fresh_request(sim: &mut Simulation<PbftNode>, client: usize, op: u64) -> bool {
    sim.inject(Action::Command {
        node: client,
        command: Command::Submit(op),
    });
    let start = sim.world().now();
    for tick in 1..=LIVENESS_DEADLINE / TICK {
        sim.run_until(start + tick * TICK);
        let c = sim.world().node(client).client();
        if c.is_some_and(|c| c.pending().is_none() && c.queued() == 0) {
            return answered(sim.world()) > 0;
        }
    }
    false
}
