//! The failure-detector page's adapter in the browser: each scenario, played
//! forward, ends as its sentence says — φ detects a crash before the fixed
//! timeout does, a pause costs both a false positive and both trust again,
//! and on a lossy network the timeout cries wolf more often than φ. The
//! plots carry φ against its threshold and the silence against the timeout.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::failure::DETECTORS;
use dsviz_web::viz::sim_page::{Opened, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn played(slug: &str, ms: u64) -> Opened {
    let mut opened = open(&DETECTORS, &format!("?scenario={slug}"));
    assert!(opened.problems.is_empty(), "{slug}: {:?}", opened.problems);
    let until = opened.run.cursor_time() + ms * 1_000;
    opened.run.run_until(until);
    opened
}

/// The state table's cell under `header` in monitor `row` (1 = φ, 2 = T).
fn cell(opened: &Opened, row: usize, header: &str) -> String {
    let (headers, rows) = opened.run.state_table();
    let column = headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no {header} column in {headers:?}"));
    rows[row].cells[column].clone()
}

fn false_positives(opened: &Opened, row: usize) -> u64 {
    cell(opened, row, "false positives")
        .parse()
        .expect("a count")
}

/// "detected the crash after N ms" for monitor `name` (φ or T).
fn detection_ms(opened: &Opened, name: &str) -> f64 {
    let text = opened.run.status().text;
    let part = text
        .split(" · ")
        .find(|p| p.starts_with(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no {name} in {text}"));
    let after = part
        .split("detected the crash after ")
        .nth(1)
        .unwrap_or_else(|| panic!("{name} has not detected: {text}"));
    after
        .split(" ms")
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no time in {text}"))
}

#[wasm_bindgen_test]
fn phi_detects_a_crash_before_the_fixed_timeout() {
    let opened = played("crash", 1_000);
    assert_eq!(opened.run.status().value, "suspect-suspect");
    let (phi, fixed) = (detection_ms(&opened, "φ"), detection_ms(&opened, "T"));
    assert!(
        phi < fixed,
        "φ after {phi} ms, the timeout after {fixed} ms"
    );
    assert!(
        fixed <= 250.0,
        "the timeout fires within 250 ms of the crash"
    );
    assert_eq!(false_positives(&opened, 1), 0);
    assert_eq!(false_positives(&opened, 2), 0);
    let charts = opened.run.charts();
    let phi_chart = charts
        .iter()
        .find(|c| c.testid == "phi-chart")
        .expect("a φ chart");
    assert_eq!(phi_chart.rules[0].y, 8.0, "the threshold line");
    assert_eq!(phi_chart.marks.len(), 1, "the crash is marked");
    let last = phi_chart.series[0].points.last().expect("points");
    assert!(last.1 >= 8.0, "φ ends above its threshold: {last:?}");
    assert!(charts.iter().any(|c| c.testid == "timeout-chart"));
}

#[wasm_bindgen_test]
fn a_pause_costs_each_detector_a_false_positive_and_both_trust_again() {
    let opened = played("pause", 1_000);
    assert_eq!(opened.run.status().value, "trust-trust");
    assert_eq!(false_positives(&opened, 1), 1);
    assert_eq!(false_positives(&opened, 2), 1);
}

#[wasm_bindgen_test]
fn on_a_lossy_network_the_timeout_suspects_more_often_than_phi() {
    let opened = played("lossy", 20_000);
    let (phi, fixed) = (false_positives(&opened, 1), false_positives(&opened, 2));
    assert!(fixed > phi, "timeout {fixed} false positives, φ {phi}");
}

#[wasm_bindgen_test]
fn the_tradeoff_study_runs_in_slices_and_a_longer_timeout_trades_mistakes_for_speed() {
    let opened = open(&DETECTORS, "?seed=3&loss=0.2");
    let spec = dsviz_web::viz::sim_page::Protocol::study(&DETECTORS).expect("a study");
    let mut study = (spec.start)(&opened.values);
    let mut slices = 0;
    while !study.done() {
        study.run_slice();
        slices += 1;
        assert!(slices <= 16, "one detector setting per slice");
    }
    assert_eq!(study.progress(), (128, 128));
    let chart = study.chart();
    assert_eq!(chart.series.len(), 2);
    assert!(chart.series.iter().all(|s| s.points.len() == 8));
    // The fixed timeout's points, fewest mistakes first: detection never
    // gets faster as mistakes fall (a longer timeout is slower and surer).
    let fixed = &chart.series[1].points;
    assert!(
        fixed.first().unwrap().0 < fixed.last().unwrap().0,
        "{fixed:?}"
    );
    assert!(
        fixed.first().unwrap().1 > fixed.last().unwrap().1,
        "{fixed:?}"
    );
}
