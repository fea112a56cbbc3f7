//! Rumor mongering against Demers et al. (PODC 1987, §3.1): the residue
//! of feedback rumor mongering is the root of `s = e^{−(k+1)(1−s)}`, for
//! the coin and — as the [rumor docs](dsviz_core::gossip::rumor) derive —
//! the counter alike; blind rumor mongering follows `s = e^{−k(1−s)}`; the
//! traffic is `ln(1/s)` pushes per node.
//!
//! # What is compared, and the tolerance
//!
//! The equations are limits for many nodes. On `N = 1000` nodes, the
//! mean residue over `T` fixed-seed trials must lie within
//! `4·σ/√T + 0.05·s` of the equation's `s`, where `σ` is the measured
//! standard deviation of one trial's residue: four standard errors of the
//! mean for chance, and 5 % of `s` for what is left of finite `N` (the
//! release-mode lab gives 200-trial means within one standard error of
//! the equation for every `k`, e.g. 0.0601 against 0.0595 for `k = 2`).
//! The traffic must be within 5 % of `ln(1/s)`; with a counter it is
//! exact: `(k+1)·m − 1` pushes for `m` informed nodes (`k·m` blind).

use dsviz_core::gossip::experiments::{
    RumorTally, residue_equation, residue_for, rumor_trial, traffic_for,
};
use dsviz_core::gossip::{RumorConfig, RumorVariant};

const NODES: usize = 1000;

fn check(variant: RumorVariant, k: u32, trials: usize) {
    let config = RumorConfig {
        variant,
        k,
        ..RumorConfig::default()
    };
    let mut tally = RumorTally::default();
    for seed in 0..trials as u64 {
        tally.add(&rumor_trial(config, NODES, 1_000 * u64::from(k) + seed));
    }
    let stats = tally.stats();
    let expected = residue_for(variant, k);
    let tolerance = 4.0 * stats.residue_sd / (trials as f64).sqrt() + 0.05 * expected;
    assert!(
        (stats.residue - expected).abs() <= tolerance,
        "{} k={k}: residue {:.5} ± {:.5}, equation {expected:.5}",
        variant.name(),
        stats.residue,
        tolerance
    );
    let traffic = traffic_for(expected);
    assert!(
        (stats.traffic - traffic).abs() <= 0.05 * traffic,
        "{} k={k}: traffic {:.3}, ln(1/s) = {traffic:.3}",
        variant.name(),
        stats.traffic
    );
    // Every informed node heard it by the last round, on average no later.
    assert!(stats.t_avg > 1.0 && stats.t_avg <= stats.t_last);
}

#[test]
fn the_equation_has_the_papers_roots() {
    // s = e^{-(k+1)(1-s)}, solved by hand with a few Newton steps.
    let roots = [0.2032, 0.0595, 0.0198, 0.00698, 0.00252];
    for (k, root) in (1..=5).zip(roots) {
        let s = residue_equation(k);
        assert!((s - root).abs() < 0.00005 + root * 0.002, "k={k}: {s}");
        assert!((s - (-(f64::from(k) + 1.0) * (1.0 - s)).exp()).abs() < 1e-12);
    }
    assert_eq!(residue_equation(0), 1.0);
}

#[test]
fn feedback_counter_residue_follows_the_equation_for_k_1_to_5() {
    for k in 1..=5 {
        // More trials where the residue is a handful of nodes.
        check(
            RumorVariant::FeedbackCounter,
            k,
            [10, 10, 16, 24, 32][k as usize - 1],
        );
    }
}

#[test]
fn feedback_coin_and_blind_variants_follow_theirs() {
    check(RumorVariant::FeedbackCoin, 2, 12);
    check(RumorVariant::BlindCounter, 3, 12);
    check(RumorVariant::BlindCoin, 3, 12);
}

#[test]
fn the_coin_lingers_longer_than_the_counter() {
    let run = |variant| {
        let config = RumorConfig {
            variant,
            k: 4,
            ..RumorConfig::default()
        };
        let mut tally = RumorTally::default();
        for seed in 0..8 {
            tally.add(&rumor_trial(config, 500, seed));
        }
        tally.stats()
    };
    let (counter, coin) = (
        run(RumorVariant::FeedbackCounter),
        run(RumorVariant::FeedbackCoin),
    );
    // Same mean number of unnecessary contacts, but the coin's geometric
    // tail keeps a few nodes infective for many more rounds.
    assert!(coin.t_last > counter.t_last + 3.0, "{coin:?} {counter:?}");
}

#[test]
fn counters_send_exactly_k_unnecessary_pushes_per_informed_node() {
    for (variant, k) in [
        (RumorVariant::FeedbackCounter, 3),
        (RumorVariant::BlindCounter, 2),
    ] {
        let config = RumorConfig {
            variant,
            k,
            ..RumorConfig::default()
        };
        for seed in 0..3 {
            let trial = rumor_trial(config, NODES, seed);
            let informed = ((1.0 - trial.residue) * NODES as f64).round();
            let pushes = (trial.traffic * NODES as f64).round();
            // m − 1 necessary pushes and k unnecessary ones per informed
            // node with feedback; exactly k pushes per informed node blind.
            let expected = if variant.feedback() {
                (f64::from(k) + 1.0) * informed - 1.0
            } else {
                f64::from(k) * informed
            };
            assert_eq!(pushes, expected, "{} seed {seed}", variant.name());
        }
    }
}

#[test]
fn a_run_in_progress_has_all_three_colours() {
    use dsviz_core::gossip::experiments::{rumor_simulation, rumor_status_counts};
    let mut sim = rumor_simulation(RumorConfig::default(), 200, 3);
    sim.run_until(dsviz_core::sim::millis(1_200));
    let [s, i, r] = rumor_status_counts(sim.world(), 1);
    assert_eq!(s + i + r, 200);
    assert!(s > 0 && i > 0 && r > 0, "{s} {i} {r}");
    while sim.step().is_some() {}
    let [s, i, r] = rumor_status_counts(sim.world(), 1);
    assert_eq!(i, 0, "the rumor died out");
    assert_eq!(s + r, 200);
}
