//! The election experiments and the election sweeps through the real binary.

mod common;

use common::{json_line, rejects};

#[test]
fn bully_from_the_lowest_node_costs_n_squared_minus_one() {
    for n in [3u64, 5, 8] {
        let nodes = n.to_string();
        let out = json_line(&[
            "election",
            "--algorithm",
            "bully",
            "--nodes",
            &nodes,
            "--initiator",
            "lowest",
        ]);
        assert_eq!(out["algorithm"], "bully");
        assert_eq!(out["nodes"], n);
        assert_eq!(out["initiator"], "lowest");
        assert_eq!(out["messages"], n * n - 1, "{out}");
        assert_eq!(out["messages"], out["expected_messages"]);
        assert_eq!(out["leader"], n - 1);
    }
}

#[test]
fn ring_defaults_to_chang_roberts_and_takes_the_list_variant() {
    let out = json_line(&[
        "election",
        "--algorithm",
        "ring",
        "--nodes",
        "6",
        "--initiator",
        "lowest",
    ]);
    assert_eq!(out["variant"], "chang-roberts");
    // 2N − 1 Elections, N Elected, and an ack for each.
    assert_eq!(out["by_kind"]["election"], 11, "{out}");
    assert_eq!(out["by_kind"]["elected"], 6);
    assert_eq!(out["messages"], 34);
    assert_eq!(out["leader"], 5);
    let list = json_line(&[
        "election",
        "--algorithm",
        "ring",
        "--variant",
        "list",
        "--nodes",
        "6",
        "--initiator",
        "random",
        "--seed",
        "4",
    ]);
    assert_eq!(list["variant"], "list");
    assert_eq!(list["messages"], 24, "{list}");
    assert_eq!(list["initiators"].as_array().unwrap().len(), 1);
}

#[test]
fn chang_roberts_worst_case_on_a_descending_ring() {
    let out = json_line(&[
        "election",
        "--algorithm",
        "ring",
        "--nodes",
        "10",
        "--initiator",
        "all",
        "--order",
        "descending",
    ]);
    assert_eq!(out["by_kind"]["election"], 55, "N(N+1)/2: {out}");
    assert_eq!(out["by_kind"], out["expected_by_kind"]);
}

#[test]
fn sweeps_run_bully_and_both_rings() {
    for protocol in [
        &["--protocol", "bully"][..],
        &["--protocol", "ring"],
        &["--protocol", "ring", "--variant", "list"],
    ] {
        let mut args = vec!["sweep", "--seeds", "4", "--start-seed", "50"];
        args.extend_from_slice(protocol);
        let out = json_line(&args);
        assert_eq!(out["protocol"], protocol[1]);
        assert_eq!(out["seeds"], 4);
        assert_eq!(out["violations"], 0, "{out}");
        assert_eq!(out["live_after_heal"], 4);
        assert!(out["first_failing_seed"].is_null());
    }
}

#[test]
fn bad_arguments_are_named_and_exit_2() {
    let base = ["election", "--nodes", "5", "--initiator", "lowest"];
    let with = |extra: &[&'static str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        args
    };
    rejects(&with(&["--algorithm", "paxos"]), "--algorithm");
    rejects(&base, "--algorithm");
    rejects(
        &with(&["--algorithm", "bully", "--variant", "list"]),
        "--variant",
    );
    rejects(
        &with(&["--algorithm", "ring", "--variant", "fast"]),
        "--variant",
    );
    rejects(
        &with(&["--algorithm", "ring", "--order", "sideways"]),
        "--order",
    );
    rejects(
        &[
            "election",
            "--algorithm",
            "bully",
            "--nodes",
            "1",
            "--initiator",
            "lowest",
        ],
        "--nodes",
    );
    rejects(
        &[
            "election",
            "--algorithm",
            "bully",
            "--nodes",
            "5",
            "--initiator",
            "middle",
        ],
        "--initiator",
    );
    rejects(
        &[
            "sweep",
            "--protocol",
            "raft",
            "--variant",
            "list",
            "--seeds",
            "1",
        ],
        "--variant",
    );
    rejects(
        &[
            "sweep",
            "--protocol",
            "ring",
            "--variant",
            "x",
            "--seeds",
            "1",
        ],
        "--variant",
    );
}

#[test]
fn help_lists_the_election_experiment() {
    let output = common::lab(&["--help"]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("election") && text.contains("raft|bully|ring"),
        "{text}"
    );
}
