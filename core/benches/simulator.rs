//! Simulator throughput and seek latency on a five-node Raft cluster with a
//! steady stream of client commands.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dsviz_core::consensus::raft::scenario::{cluster, propose_steadily};
use dsviz_core::consensus::raft::{RaftConfig, RaftNode};
use dsviz_core::sim::{SimConfig, Simulation, millis};
use std::hint::black_box;

/// A warmed-up cluster with commands flowing, ready to be stepped.
fn busy_cluster(check_invariants: bool) -> Simulation<RaftNode> {
    let config = SimConfig {
        check_invariants,
        record_trace: false,
        checkpoint_every: u64::MAX,
        ..SimConfig::seeded(7)
    };
    let mut sim = Simulation::new(config, cluster(5, RaftConfig::default()));
    propose_steadily(&mut sim, millis(2_000), millis(5), 0);
    sim
}

/// Simulated time each measured iteration covers.
const WINDOW_MS: u64 = 1_000;

/// Runs the busy cluster for one window with a command every 5 ms.
fn run_window(mut sim: Simulation<RaftNode>) -> Simulation<RaftNode> {
    let until = sim.world().now() + millis(WINDOW_MS);
    propose_steadily(&mut sim, until, millis(5), 1_000_000);
    sim
}

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("raft_5_nodes_steady_commands");
    for (name, check) in [("invariants_on", true), ("invariants_off", false)] {
        let start = busy_cluster(check);
        // The run is deterministic, so every iteration takes the same steps.
        let events = run_window(start.clone()).step_index() - start.step_index();
        group.throughput(Throughput::Elements(events));
        group.bench_function(name, |b| {
            b.iter_batched(
                || start.clone(),
                |sim| black_box(run_window(sim).world().digest()),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

fn seek(c: &mut Criterion) {
    let config = SimConfig {
        record_trace: false,
        ..SimConfig::seeded(11)
    };
    let mut sim = Simulation::new(config, cluster(5, RaftConfig::default()));
    let mut value = 0;
    while sim.step_index() < 100_000 {
        let until = sim.world().now() + millis(100);
        value = propose_steadily(&mut sim, until, millis(10), value);
    }
    let horizon = sim.horizon();
    let mut target = 0u64;
    c.bench_function("seek_random_step_of_100k", |b| {
        b.iter(|| {
            // A fixed pseudo-random walk over the explored steps.
            target = (target
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407))
                % horizon;
            black_box(sim.seek(target))
        })
    });
}

criterion_group!(benches, throughput, seek);
criterion_main!(benches);
