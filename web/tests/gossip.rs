//! The gossip pages' adapters in the browser: each scenario, played
//! forward, ends as its sentence says — one update reaches all 256 nodes in
//! a logarithmic number of rounds, still reaches every live node with 30 %
//! of them dead or 20 % of messages lost, and the far side of a partition
//! catches up only once it heals; the chart follows the theory's curve.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::gossip::GOSSIP;
use dsviz_web::viz::sim_page::{Opened, Protocol, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A round of the gossip pages, in simulated µs.
const ROUND: u64 = 100_000;

fn opened(protocol: &'static dyn Protocol, search: &str) -> Opened {
    let opened = open(protocol, search);
    assert!(
        opened.problems.is_empty(),
        "{search}: {:?}",
        opened.problems
    );
    opened
}

/// Runs to the end of round `round`.
fn to_round(opened: &mut Opened, round: u64) {
    opened.run.run_until((round + 1) * ROUND - 1);
}

/// `(infected, live)` from the status line's value "infected/live".
fn spread(opened: &Opened) -> (usize, usize) {
    let value = opened.run.status().value;
    let (a, b) = value.split_once('/').expect("infected/live");
    (a.parse().unwrap(), b.parse().unwrap())
}

/// The first round after which the status says every live node has it.
fn rounds_to_all(opened: &mut Opened, limit: u64) -> Option<u64> {
    (0..=limit).find(|&r| {
        to_round(opened, r);
        let (infected, live) = spread(opened);
        infected == live
    })
}

#[wasm_bindgen_test]
fn one_update_reaches_all_256_nodes_in_a_logarithmic_number_of_rounds() {
    let mut run = opened(&GOSSIP, "?scenario=spread");
    assert_eq!(spread(&run), (1, 256));
    let rounds = rounds_to_all(&mut run, 40).expect("everyone within 40 rounds");
    // log₃ 256 ≈ 5; push-pull with fanout 1 needs about 7–9 rounds.
    assert!((5..=14).contains(&rounds), "{rounds} rounds");
    let chart = run
        .run
        .charts()
        .into_iter()
        .find(|c| c.testid == "spread-chart")
        .expect("the spread chart");
    let measured = &chart.series[0].points;
    let theory = &chart.series[1].points;
    assert_eq!(measured.last().unwrap().1, 1.0);
    assert!(
        theory.len() > measured.len() - 3,
        "the theory spans the run"
    );
    // Half-way up the curve the run is within a few rounds of the theory.
    let half = |points: &[(f64, f64)]| points.iter().find(|p| p.1 >= 0.5).map(|p| p.0);
    let (run_half, theory_half) = (half(measured).unwrap(), half(theory).unwrap());
    assert!(
        (run_half - theory_half).abs() <= 2.0,
        "half-way at round {run_half}, theory {theory_half}"
    );
    let status = run.run.status().text;
    assert!(status.contains("all 256 live nodes"), "{status}");
    assert!(status.contains("redundant"), "{status}");
}

#[wasm_bindgen_test]
fn with_thirty_percent_dead_every_live_node_is_still_reached() {
    let mut run = opened(&GOSSIP, "?scenario=thirty-percent-dead");
    let (_, live) = spread(&run);
    assert_eq!(live, 256 - 77, "round(0.3 · 256) = 77 nodes dead");
    let rounds = rounds_to_all(&mut run, 60).expect("every live node reached");
    assert!(rounds <= 20, "{rounds} rounds");
}

#[wasm_bindgen_test]
fn with_twenty_percent_loss_the_spread_only_takes_a_few_more_rounds() {
    let mut run = opened(&GOSSIP, "?scenario=twenty-percent-loss");
    let rounds = rounds_to_all(&mut run, 60).expect("everyone reached");
    assert!(rounds <= 20, "{rounds} rounds");
    assert!(run.run.network().loss.fraction() > 0.19);
}

#[wasm_bindgen_test]
fn the_far_side_of_a_partition_catches_up_after_it_heals() {
    let mut run = opened(&GOSSIP, "?scenario=partition-heals");
    to_round(&mut run, 9);
    let (before, live) = spread(&run);
    // Half the contacts of the near side hit the cut, so it is slower,
    // but nothing crosses to the far side until round 10.
    assert!((64..=128).contains(&before), "{before} infected by round 9");
    let rounds = rounds_to_all(&mut run, 60).expect("everyone after the heal");
    assert!((10..=24).contains(&rounds), "converged in round {rounds}");
    assert_eq!(live, 256);
}

#[wasm_bindgen_test]
fn push_pull_and_push_and_pull_all_spread_and_bad_values_are_named() {
    for mode in 0..3 {
        let mut run = opened(&GOSSIP, &format!("?seed=4&nodes=64&mode={mode}"));
        assert!(
            rounds_to_all(&mut run, 40).is_some(),
            "mode {mode} reaches all 64"
        );
    }
    let bad = open(&GOSSIP, "?mode=7&nodes=9999&fanout=0");
    assert_eq!(bad.problems.len(), 3, "{:?}", bad.problems);
    assert_eq!(spread(&bad).1, 128, "the default node count");
}
