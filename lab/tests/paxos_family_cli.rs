//! Paxos, Multi-Paxos, Fast Paxos and PBFT through the real binary: the
//! sweeps print the same JSON as Raft's, and `messages` counts one
//! failure-free decision against its formula.

mod common;

use common::{json_line, rejects};

fn sweep(protocol: &str, nodes: &str) -> serde_json::Value {
    json_line(&[
        "sweep",
        "--protocol",
        protocol,
        "--seeds",
        "20",
        "--nodes",
        nodes,
    ])
}

fn assert_clean(out: &serde_json::Value, protocol: &str) {
    assert_eq!(out["protocol"], protocol, "{out}");
    assert_eq!(out["seeds"], 20, "{out}");
    assert_eq!(out["violations"], 0, "{out}");
    assert_eq!(out["live_after_heal"], 20, "{out}");
    assert!(out["first_failing_seed"].is_null(), "{out}");
}

#[test]
fn paxos_sweep_is_clean() {
    assert_clean(&sweep("paxos", "5"), "paxos");
}

#[test]
fn paxos_decision_costs_five_messages_per_other_node() {
    for n in [3u64, 5, 7] {
        let out = json_line(&["messages", "--protocol", "paxos", "--nodes", &n.to_string()]);
        assert_eq!(out["messages"], 5 * (n - 1), "{out}");
        assert_eq!(out["by_kind"]["promise"], n - 1, "{out}");
        assert_eq!(out["matches_formula"], true, "{out}");
    }
}

#[test]
fn multi_paxos_sweep_is_clean() {
    assert_clean(&sweep("multi-paxos", "5"), "multi-paxos");
}

#[test]
fn multi_paxos_command_costs_three_messages_per_other_node() {
    for n in [3u64, 5] {
        let out = json_line(&[
            "messages",
            "--protocol",
            "multi-paxos",
            "--nodes",
            &n.to_string(),
        ]);
        assert_eq!(out["messages"], 3 * (n - 1), "{out}");
        assert_eq!(out["matches_formula"], true, "{out}");
    }
}

#[test]
fn fast_paxos_sweep_is_clean() {
    assert_clean(&sweep("fast-paxos", "4"), "fast-paxos");
}

#[test]
fn pbft_sweep_is_clean() {
    assert_clean(&sweep("pbft", "4"), "pbft");
}

#[test]
fn pbft_request_costs_the_formula() {
    for (n, total) in [(4u64, 29u64), (7, 92)] {
        let out = json_line(&["messages", "--protocol", "pbft", "--nodes", &n.to_string()]);
        assert_eq!(out["messages"], total, "{out}");
        assert_eq!(out["by_kind"]["prepare"], (n - 1) * (n - 1), "{out}");
        assert_eq!(out["matches_formula"], true, "{out}");
    }
}

#[test]
fn bad_arguments_are_named() {
    rejects(
        &["messages", "--protocol", "pbft", "--nodes", "5"],
        "--nodes",
    );
    rejects(
        &[
            "sweep",
            "--protocol",
            "pbft",
            "--seeds",
            "1",
            "--nodes",
            "6",
        ],
        "--nodes",
    );
    rejects(
        &["messages", "--protocol", "paxo", "--nodes", "3"],
        "--protocol",
    );
    rejects(
        &["messages", "--protocol", "paxos", "--nodes", "0"],
        "--nodes",
    );
    rejects(&["messages", "--protocol", "paxos"], "--nodes");
    rejects(&["sweep", "--protocol", "paxos", "--seeds", "x"], "--seeds");
}

#[test]
fn compare_prints_raft_and_multi_paxos() {
    let output = common::lab(&["compare", "--duration-ms", "2000"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["protocol"], "raft");
    assert_eq!(rows[1]["protocol"], "multi-paxos");
    for row in &rows {
        assert!(row["committed"].as_u64().unwrap() > 50, "{row}");
        assert!(row["messages_per_command"].as_f64().unwrap() > 8.0, "{row}");
    }
    rejects(
        &["compare", "--leader-crashes", "maybe"],
        "--leader-crashes",
    );
    rejects(&["compare", "--every-ms", "0"], "--every-ms");
}
