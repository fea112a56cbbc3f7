//! The two- and three-phase commit pages' adapters in the browser: played
//! forward, every scenario shows what its sentence promises (blocked
//! participants, recovery, termination, the violation). That each opens
//! cleanly and round-trips its link is checked with every protocol's in
//! `player.rs`.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::commit::{THREE_PC, TWO_PC};
use dsviz_web::viz::sim_page::{Opened, Protocol, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn played(protocol: &'static dyn Protocol, slug: &str, ms: u64) -> Opened {
    let mut opened = open(protocol, &format!("?scenario={slug}"));
    assert!(opened.problems.is_empty(), "{slug}: {:?}", opened.problems);
    assert!(opened.run.step_index() > 0, "{slug} starts at step 0");
    let until = opened.run.cursor_time() + ms * 1_000;
    opened.run.run_until(until);
    opened
}

fn outcome(opened: &Opened) -> String {
    opened.run.status().value
}

/// Whether every participant's write-ahead log holds `record` for tx 1
/// (e.g. "ABORT").
fn every_participant_logged(opened: &Opened, record: &str) -> bool {
    let wanted = format!("tx 1 · {record}");
    let rows = opened.run.logs().expect("the commit pages show logs");
    rows.iter()
        .skip(1)
        .all(|row| row.entries.iter().any(|cell| cell.label == wanted))
}

#[wasm_bindgen_test]
fn two_phase_commit_blocks_then_recovers_from_the_log() {
    let crashed = played(&TWO_PC, "coordinator-crash", 400);
    assert_eq!(outcome(&crashed), "blocked");
    let rows = crashed.run.state_table().1;
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| r.cells.iter().any(|c| c == "BLOCKED")),
        "every participant is blocked"
    );
    let recovered = played(&TWO_PC, "coordinator-recovers", 400);
    assert!(every_participant_logged(&recovered, "ABORT"));
    assert!(every_participant_logged(
        &played(&TWO_PC, "vote-no", 200),
        "ABORT"
    ));
    assert_eq!(outcome(&played(&TWO_PC, "cooperative", 600)), "aborted");
}

#[wasm_bindgen_test]
fn three_phase_commit_terminates_without_its_coordinator_and_splits_under_a_partition() {
    assert_eq!(
        outcome(&played(&THREE_PC, "coordinator-crash", 600)),
        "committed"
    );
    assert_eq!(
        outcome(&played(&THREE_PC, "crash-before-pre-commit", 600)),
        "aborted"
    );
    assert_eq!(
        outcome(&played(&THREE_PC, "total-failure", 800)),
        "committed"
    );
    let split = played(&THREE_PC, "partition", 600);
    assert_eq!(outcome(&split), "split");
    let atomicity = split
        .run
        .invariants()
        .into_iter()
        .find(|i| i.name == "Atomicity")
        .expect("an atomicity row");
    assert!(atomicity.broken_at_step.is_some_and(|s| s > 0));
}

#[wasm_bindgen_test]
fn the_status_counts_a_failure_free_transaction_as_4n_and_6n() {
    for (protocol, total) in [(&TWO_PC as &dyn Protocol, 16), (&THREE_PC, 24)] {
        let mut opened = open(protocol, "?seed=1&participants=4&transactions=1");
        opened.run.run_until(2_000_000);
        let status = opened.run.status();
        assert_eq!(status.value, "committed");
        assert!(
            status.text.contains(&format!("{total} messages")),
            "{}",
            status.text
        );
    }
}
