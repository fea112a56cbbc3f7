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
    let out = json_line(&[
        "raft-election",
        "--timeout-ms",
        "150-300",
        "--trials",
        "40",
        "--seed",
        "3",
    ]);
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
fn election_timing_defaults_to_every_curve_of_figure_16() {
    let output = lab(&["raft-election", "--trials", "3"]);
    assert!(output.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[2]["timeout_ms"], serde_json::json!([150.0, 155.0]));
    assert_eq!(rows[2]["paper_ms"]["median"], 287.0);
    assert_eq!(rows[6]["paper_ms"]["mean"], 35.0);
    assert_eq!(rows[0]["log_lengths"], "staggered");
    assert_eq!(rows[0]["sync_heartbeat"], true);
    assert_eq!(rows[0]["latency_ms"], serde_json::json!([2.0, 4.0]));
}

#[test]
fn election_timing_takes_each_ingredient_as_an_option() {
    let out = json_line(&[
        "raft-election",
        "--timeout-ms",
        "50-100",
        "--trials",
        "5",
        "--log-lengths",
        "equal",
        "--sync-heartbeat",
        "no",
        "--latency-ms",
        "7.5",
        "--jitter-ms",
        "0",
        "--processing-ms",
        "0.5",
    ]);
    assert_eq!(out["log_lengths"], "equal");
    assert_eq!(out["sync_heartbeat"], false);
    assert_eq!(out["latency_ms"], serde_json::json!([7.5, 7.5]));
    assert_eq!(out["processing_ms"], 0.5);
    assert_eq!(out["trials"], 5);
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
    rejects(&["raft-election", "--jitter-ms", "9"], "--jitter-ms");
    rejects(
        &["raft-election", "--latency-ms", "2-4", "--jitter-ms", "1"],
        "--jitter-ms",
    );
    rejects(
        &["raft-election", "--processing-ms", "-1"],
        "--processing-ms",
    );
    rejects(
        &["raft-election", "--log-lengths", "ragged"],
        "--log-lengths",
    );
    rejects(
        &["raft-election", "--sync-heartbeat", "maybe"],
        "--sync-heartbeat",
    );
    rejects(&["raft-election", "--nodes", "1"], "--nodes");
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
