//! Seed sweeps: Bully and both ring variants under random crashes,
//! restarts, pauses, delays, duplicates and hand-started elections, and on
//! half the seeds loss and partitions too. The safety properties (No Lower
//! Leader, Unopposed Leader) must hold at every step of every seed; stable
//! agreement at every step of the reliable seeds; and after healing the
//! nodes must agree on the highest node, re-elect when it crashes and take
//! it back when it recovers. A failure names its seed;
//! `dsviz-lab sweep --protocol bully --seeds 1 --start-seed S` replays it.

use dsviz_core::election::experiments::{ElectionSweepOutcome, bully_sweep_seed, ring_sweep_seed};
use dsviz_core::election::ring::RingVariant;

fn seeds() -> u64 {
    std::env::var("DSVIZ_SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

fn assert_clean(name: &str, outcome: &ElectionSweepOutcome) {
    let seed = outcome.seed;
    assert_eq!(
        outcome.violations, 0,
        "{name} seed {seed} (reliable: {}): violated: {:?}",
        outcome.reliable, outcome.first_violation
    );
    assert!(
        outcome.live_after_heal,
        "{name} seed {seed}: not live after healing (first agreed leader {:?})",
        outcome.leader_after_heal
    );
}

fn sweep(name: &str, run: impl Fn(u64) -> ElectionSweepOutcome) {
    let mut reliable = 0;
    for seed in 0..seeds() {
        let outcome = run(seed);
        assert_clean(name, &outcome);
        reliable += u64::from(outcome.reliable);
    }
    // Both halves of the fault mix were exercised.
    assert!(
        reliable > 0 && reliable < seeds(),
        "{reliable} reliable seeds"
    );
}

#[test]
fn bully_two_hundred_seeds() {
    sweep("bully", |seed| bully_sweep_seed(seed, 5));
}

#[test]
fn chang_roberts_two_hundred_seeds() {
    sweep("chang-roberts", |seed| {
        ring_sweep_seed(seed, 5, RingVariant::ChangRoberts)
    });
}

#[test]
fn list_ring_two_hundred_seeds() {
    sweep("list", |seed| ring_sweep_seed(seed, 5, RingVariant::List));
}

#[test]
fn other_cluster_sizes() {
    for seed in 1000..1030 {
        for nodes in [2, 3, 8] {
            assert_clean("bully", &bully_sweep_seed(seed, nodes));
            for variant in [RingVariant::ChangRoberts, RingVariant::List] {
                assert_clean("ring", &ring_sweep_seed(seed, nodes, variant));
            }
        }
    }
}
