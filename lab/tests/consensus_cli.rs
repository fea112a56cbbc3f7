//! The consensus experiments through the real binary.

mod common;

use common::{json_line, lab, rejects};

#[test]
fn sweep_reports_a_clean_run() {
    let out = json_line(&[
        "sweep",
        "--protocol",
        "raft",
        "--seeds",
        "5",
        "--start-seed",
        "100",
    ]);
    assert_eq!(out["protocol"], "raft");
    assert_eq!(out["seeds"], 5);
    assert_eq!(out["violations"], 0);
    assert_eq!(out["live_after_heal"], 5);
    assert!(out["first_failing_seed"].is_null());
}

#[test]
fn election_timing_has_every_statistic_in_order() {
    let out = json_line(&["raft-election", "--trials", "40", "--seed", "3"]);
    assert_eq!(out["timeout_ms"], serde_json::json!([150.0, 300.0]));
    assert_eq!(out["trials"], 40);
    let stat = |k: &str| {
        out[k]
            .as_f64()
            .unwrap_or_else(|| panic!("{k} missing: {out}"))
    };
    // The downtime is at least a minimum election timeout minus the
    // heartbeat interval (the crash can come just before a heartbeat).
    assert!(stat("median_ms") >= 75.0, "{out}");
    assert!(
        stat("median_ms") <= stat("p99_ms") && stat("p99_ms") <= stat("max_ms"),
        "{out}"
    );
    assert!(
        stat("mean_ms") > 0.0 && stat("mean_ms") <= stat("max_ms"),
        "{out}"
    );
}

#[test]
fn trace_is_deterministic() {
    let args = [
        "trace",
        "--protocol",
        "raft",
        "--seed",
        "42",
        "--steps",
        "2000",
    ];
    let out = json_line(&args);
    assert_eq!(out["digest"], "945e2235d1155a90");
    assert_eq!(out["steps"], 2000);
    assert_eq!(json_line(&args), out);
    assert!(
        out["term"].as_u64().unwrap() >= 1 && out["commit_index"].as_u64().unwrap() >= 1,
        "{out}"
    );
}

#[test]
fn bad_arguments_are_named_and_exit_2() {
    rejects(
        &["sweep", "--protocol", "zab", "--seeds", "1"],
        "--protocol",
    );
    rejects(
        &["sweep", "--protocol", "raft", "--seeds", "many"],
        "--seeds",
    );
    rejects(&["sweep", "--protocol", "raft"], "--seeds");
    rejects(
        &[
            "sweep",
            "--protocol",
            "raft",
            "--seeds",
            "1",
            "--nodes",
            "0",
        ],
        "--nodes",
    );
    rejects(
        &["raft-election", "--timeout-ms", "300-150"],
        "--timeout-ms",
    );
    rejects(&["raft-election", "--timeout-ms", "abc"], "--timeout-ms");
    rejects(&["raft-election", "--latency-ms", "-3"], "--latency-ms");
    rejects(
        &["raft-election", "--trials", "1", "--colour", "red"],
        "--colour",
    );
    rejects(&["trace", "--protocol", "raft", "--seed", "1"], "--steps");
    rejects(&["nonsense"], "nonsense");
}

#[test]
fn help_lists_every_experiment() {
    let output = lab(&["--help"]);
    assert!(output.status.success());
    let text = String::from_utf8_lossy(&output.stdout);
    for name in [
        "sweep",
        "raft-election",
        "trace",
        "bloom",
        "hll",
        "merkle-proof",
    ] {
        assert!(text.contains(name), "--help lacks {name}");
    }
}
