//! Seed sweep: Raft under random crashes, restarts, partitions, loss,
//! duplication and delays. Every safety property of Figure 3 must hold at
//! every step of every seed, and once everything heals the cluster must
//! elect a leader and commit a new command. A failure names its seed;
//! `dsviz-lab sweep --protocol raft --seeds 1 --start-seed S` replays it.

use dsviz_core::consensus::raft::sweep_seed;

#[test]
fn two_hundred_seeds_are_safe_and_live_after_heal() {
    let seeds = std::env::var("DSVIZ_SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200u64);
    for seed in 0..seeds {
        let outcome = sweep_seed(seed, 5);
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: safety violated: {:?}",
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "seed {seed}: no leader committed a command after healing"
        );
    }
}

#[test]
fn three_node_clusters_too() {
    for seed in 1000..1050 {
        let outcome = sweep_seed(seed, 3);
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: {:?}",
            outcome.first_violation
        );
        assert!(outcome.live_after_heal, "seed {seed}: not live after heal");
    }
}
