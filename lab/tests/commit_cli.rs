//! The atomic-commit experiments through the real binary.

mod common;

use common::{json_line, rejects};

#[test]
fn messages_are_4n_for_two_phase_and_6n_for_three_phase_commit() {
    for (protocol, per) in [("2pc", 4), ("3pc", 6)] {
        for nodes in [3u64, 5, 8] {
            let n = nodes.to_string();
            let out = json_line(&["messages", "--protocol", protocol, "--nodes", &n]);
            assert_eq!(out["protocol"], protocol);
            assert_eq!(out["nodes"], nodes);
            assert_eq!(out["messages"], per * nodes, "{out}");
        }
    }
}

#[test]
fn three_phase_commit_splits_under_partitions_and_two_phase_commit_does_not() {
    let sweep = |protocol: &str, faults: &str| {
        json_line(&[
            "sweep",
            "--protocol",
            protocol,
            "--seeds",
            "60",
            "--faults",
            faults,
            "--nodes",
            "3",
        ])
    };
    let three = sweep("3pc", "partitions");
    assert_eq!(three["faults"], "partitions");
    assert!(three["violations"].as_u64().unwrap() > 0, "{three}");
    assert!(three["first_failing_seed"].is_u64(), "{three}");
    for (protocol, faults) in [
        ("2pc", "partitions"),
        ("2pc", "crashes"),
        ("3pc", "crashes"),
    ] {
        let out = sweep(protocol, faults);
        assert_eq!(out["violations"], 0, "{protocol} {faults}: {out}");
        assert_eq!(out["live_after_heal"], 60, "{protocol} {faults}: {out}");
    }
}

#[test]
fn bad_commit_arguments_are_named() {
    rejects(&["messages", "--protocol", "4pc"], "--protocol");
    rejects(
        &["messages", "--protocol", "2pc", "--nodes", "0"],
        "--nodes",
    );
    rejects(
        &[
            "sweep",
            "--protocol",
            "3pc",
            "--seeds",
            "2",
            "--faults",
            "floods",
        ],
        "--faults",
    );
}
