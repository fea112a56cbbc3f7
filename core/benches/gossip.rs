//! One push-pull anti-entropy round at 10,000 nodes (and at the pages'
//! 256): every node's round timer fires, it sends its version to one
//! random peer, and the peers that know a newer version answer — about
//! 25,000 simulator steps at 10,000 nodes, invariants checked after each.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dsviz_core::gossip::Mode;
use dsviz_core::gossip::experiments::{DisseminationSetup, dissemination_simulation};
use dsviz_core::gossip::{AntiEntropyConfig, AntiEntropyNode};
use dsviz_core::sim::Simulation;
use std::hint::black_box;

/// A run positioned just before round `round` starts.
fn before_round(nodes: usize, round: u64) -> Simulation<AntiEntropyNode> {
    let mut sim = dissemination_simulation(&DisseminationSetup::new(Mode::PushPull, nodes), 1);
    let period = AntiEntropyConfig::default().period;
    sim.run_until(round * period - 1);
    sim
}

fn one_round(mut sim: Simulation<AntiEntropyNode>) -> Simulation<AntiEntropyNode> {
    let period = AntiEntropyConfig::default().period;
    let until = sim.world().now() + period;
    sim.run_until(until);
    sim
}

fn push_pull_round(c: &mut Criterion) {
    let mut group = c.benchmark_group("push_pull_round");
    group.sample_size(20);
    // Round 5 at 10,000 nodes is mid-spread: many answers, many learners.
    for (name, nodes, round) in [("10000_nodes", 10_000, 5), ("256_nodes", 256, 3)] {
        let start = before_round(nodes, round);
        let steps = one_round(start.clone()).step_index() - start.step_index();
        group.throughput(Throughput::Elements(steps));
        group.bench_function(name, |b| {
            b.iter_batched(
                || start.clone(),
                |sim| black_box(one_round(sim).world().digest()),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, push_pull_round);
criterion_main!(benches);
