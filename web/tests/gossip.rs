//! The gossip pages' adapters in the browser: each scenario, played
//! forward, ends as its sentence says — one update reaches all 256 nodes in
//! a logarithmic number of rounds, still reaches every live node with 30 %
//! of them dead or 20 % of messages lost, and the far side of a partition
//! catches up only once it heals; the chart follows the theory's curve.
//! Rumor mongering stops with a residue near the equation's, backed up by
//! anti-entropy it reaches everyone, and its study fills in slices;
//! Scuttlebutt drains its backlog slower with a small MTU and converges
//! after a partition heals.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::gossip::{GOSSIP, RUMOR, SCUTTLEBUTT};
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

/// The residue in a finished rumor's status: "residue 6.2 %".
fn residue(opened: &Opened) -> f64 {
    let text = opened.run.status().text;
    let after = text
        .split("residue ")
        .nth(1)
        .unwrap_or_else(|| panic!("no residue in {text}"));
    let number: String = after
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    number.parse::<f64>().expect("a percentage") / 100.0
}

/// Runs a rumor until no node is infective (at most `rounds` rounds).
fn rumor_done(opened: &mut Opened, rounds: u64) {
    for r in 0..rounds {
        to_round(opened, r);
        if opened.run.status().value == "done" {
            return;
        }
    }
    panic!("still spreading: {}", opened.run.status().text);
}

#[wasm_bindgen_test]
fn a_rumor_dies_out_leaving_a_residue_near_the_equation() {
    let mut k2 = opened(&RUMOR, "?scenario=feedback-counter");
    assert_eq!(k2.run.status().value, "spreading");
    rumor_done(&mut k2, 80);
    // s = e^{−3(1−s)}: 5.95 %; one run of 256 nodes has a spread of a few points.
    let s = residue(&k2);
    assert!((0.0..0.16).contains(&s), "residue {s}");
    let mut blind = opened(&RUMOR, "?scenario=blind-counter");
    rumor_done(&mut blind, 80);
    let b = residue(&blind);
    assert!(
        (0.08..0.35).contains(&b),
        "blind residue {b} (equation 0.203)"
    );
    assert!(b > s, "blind {b} leaves more than feedback {s}");
}

#[wasm_bindgen_test]
fn dead_nodes_are_no_part_of_the_residue() {
    let mut run = opened(&RUMOR, "?scenario=thirty-percent-dead");
    rumor_done(&mut run, 80);
    let s = residue(&run);
    // Of the 179 live nodes; counting the 77 dead ones would make it over 30 %.
    assert!(s < 0.2, "residue {s}: {}", run.run.status().text);
}

#[wasm_bindgen_test]
fn backed_up_by_anti_entropy_the_rumor_reaches_everyone() {
    let mut run = opened(&RUMOR, "?scenario=backup");
    run.run.run_until(200 * ROUND);
    let text = run.run.status().text;
    assert!(text.contains("0 susceptible"), "{text}");
}

#[wasm_bindgen_test]
fn the_rumor_study_runs_in_slices_and_follows_the_equation() {
    let values = open(&RUMOR, "?seed=2&nodes=128").values;
    let spec = RUMOR.study().expect("a study");
    let mut study = (spec.start)(&values);
    let mut slices = 0;
    while !study.done() {
        study.run_slice();
        slices += 1;
        assert!(slices <= 50, "four runs per slice");
    }
    assert_eq!(study.progress(), (200, 200));
    let chart = study.chart();
    let (measured, equation) = (&chart.series[0].points, &chart.series[1].points);
    assert_eq!(measured.len(), 5);
    for (m, e) in measured.iter().zip(equation) {
        // 40 runs of 128 nodes: the mean is within a few points of the limit.
        assert!(
            (m.1 - e.1).abs() < 0.04,
            "k = {}: {} against {}",
            m.0,
            m.1,
            e.1
        );
    }
    assert!(measured[0].1 > measured[4].1, "a larger k leaves fewer out");
}

/// The backlog in Scuttlebutt's status line.
fn backlog(opened: &Opened) -> usize {
    opened.run.status().value.parse().expect("a backlog")
}

/// Rounds until the backlog is zero.
fn rounds_to_converge(opened: &mut Opened, limit: u64) -> Option<u64> {
    (0..=limit).find(|&r| {
        to_round(opened, r);
        backlog(opened) == 0
    })
}

#[wasm_bindgen_test]
fn a_small_mtu_drains_the_backlog_slower_than_a_large_one() {
    let mut small = opened(&SCUTTLEBUTT, "?scenario=small-mtu");
    let mut large = opened(&SCUTTLEBUTT, "?scenario=large-mtu");
    // 4 participants × 4 keys, each missing from 3 others.
    assert_eq!(backlog(&small), 48);
    let slow = rounds_to_converge(&mut small, 100).expect("converges with MTU 1");
    let fast = rounds_to_converge(&mut large, 100).expect("converges with MTU 32");
    assert!(fast <= 4, "{fast} rounds with MTU 32");
    assert!(slow > fast + 3, "MTU 1 took {slow}, MTU 32 {fast}");
    assert!(small.run.status().text.contains("Converged"));
    let logs = small.run.logs().expect("the exchange grid");
    assert_eq!(logs.len(), 4);
}

#[wasm_bindgen_test]
fn scuttlebutt_converges_after_a_partition_heals_and_despite_loss() {
    let mut cut = opened(&SCUTTLEBUTT, "?scenario=partition-heals");
    to_round(&mut cut, 9);
    assert!(
        backlog(&cut) > 0,
        "the halves cannot exchange before round 10"
    );
    assert!(rounds_to_converge(&mut cut, 80).is_some_and(|r| r >= 10));
    let mut lossy = opened(&SCUTTLEBUTT, "?scenario=twenty-percent-loss");
    assert!(rounds_to_converge(&mut lossy, 80).is_some());
}

#[wasm_bindgen_test]
fn the_catch_up_study_plots_one_backlog_curve_per_mtu() {
    let values = open(&SCUTTLEBUTT, "?seed=3").values;
    let spec = SCUTTLEBUTT.study().expect("a study");
    let mut study = (spec.start)(&values);
    while !study.done() {
        study.run_slice();
    }
    let chart = study.chart();
    assert_eq!(chart.series.len(), 6);
    let length = |i: usize| chart.series[i].points.len();
    assert!(length(0) > length(5), "MTU 1 needs more rounds than MTU 32");
    assert!(
        chart
            .series
            .iter()
            .all(|s| s.points.last().unwrap().1 == 0.0)
    );
}
