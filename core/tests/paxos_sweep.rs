//! Seed sweep: single-decree Paxos under random crashes, restarts,
//! partitions, loss, duplication and delays. At most one value may ever be
//! chosen, and once everything heals every node must learn it. A failure
//! names its seed; `dsviz-lab sweep --protocol paxos --seeds 1
//! --start-seed S` replays it.

use dsviz_core::consensus::paxos::{AT_MOST_ONE_CHOSEN, PaxosConfig, sweep_seed};

fn seeds() -> u64 {
    std::env::var("DSVIZ_SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

#[test]
fn two_hundred_seeds_are_safe_and_live_after_heal() {
    for seed in 0..seeds() {
        let nodes = if seed % 2 == 0 { 5 } else { 3 };
        let outcome = sweep_seed(seed, nodes, PaxosConfig::default());
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: safety violated: {:?}",
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "seed {seed}: not every node learned after healing"
        );
    }
}

/// Without rule P2c ("Paxos Made Simple" §2.2: propose the value of the
/// highest-numbered proposal reported in the promises), the same sweep
/// finds two chosen values.
#[test]
fn the_sweep_catches_a_proposer_that_ignores_promised_values() {
    let config = PaxosConfig {
        unsafe_ignore_promised_value: true,
        ..PaxosConfig::default()
    };
    let broken = (0..seeds())
        .map(|seed| sweep_seed(seed, if seed % 2 == 0 { 5 } else { 3 }, config))
        .find(|o| o.violations > 0)
        .expect("some seed shows two values chosen");
    let (_, violation) = broken.first_violation.unwrap();
    assert_eq!(violation.property, AT_MOST_ONE_CHOSEN, "{violation:?}");
}
