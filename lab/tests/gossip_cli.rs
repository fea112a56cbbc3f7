//! The gossip experiments and sweeps through the real binary.

mod common;

use common::{json_line, rejects};

#[test]
fn gossip_reports_rounds_and_messages_per_mode() {
    let mut mean = Vec::new();
    for mode in ["push", "pull", "push-pull"] {
        let out = json_line(&[
            "gossip", "--mode", mode, "--nodes", "200", "--fanout", "1", "--trials", "3",
        ]);
        assert_eq!(out["mode"], mode);
        assert_eq!(out["nodes"], 200);
        assert_eq!(out["unfinished"], 0, "{out}");
        let rounds = out["mean_rounds"].as_f64().unwrap();
        assert!(rounds >= 4.0 && rounds <= out["max_rounds"].as_f64().unwrap());
        assert!(out["messages_per_node"].as_f64().unwrap() > 1.0, "{out}");
        mean.push(rounds);
    }
    // Push-pull is the fastest of the three.
    assert!(mean[2] < mean[0] && mean[2] < mean[1], "{mean:?}");
    let lossy = json_line(&[
        "gossip",
        "--mode",
        "push-pull",
        "--nodes",
        "100",
        "--fanout",
        "2",
        "--trials",
        "2",
        "--loss",
        "0.2",
        "--dead",
        "0.3",
        "--seed",
        "4",
    ]);
    assert_eq!(lossy["loss"], 0.2);
    assert_eq!(lossy["unfinished"], 0, "{lossy}");
}

#[test]
fn rumor_reports_the_table_row_and_the_equation() {
    let out = json_line(&[
        "rumor",
        "--nodes",
        "300",
        "--k",
        "2",
        "--variant",
        "feedback-counter",
        "--trials",
        "5",
    ]);
    assert_eq!(out["k"], 2);
    assert_eq!(out["variant"], "feedback-counter");
    assert_eq!(out["equation_residue"], 0.05952);
    let residue = out["residue"].as_f64().unwrap();
    assert!(residue > 0.01 && residue < 0.15, "{out}");
    for key in ["traffic", "t_avg", "t_last"] {
        assert!(out[key].as_f64().unwrap() > 1.0, "{key}: {out}");
    }
}

#[test]
fn sweeps_of_the_gossip_family_are_clean() {
    for protocol in ["gossip", "rumor", "membership", "scuttlebutt"] {
        let out = json_line(&["sweep", "--protocol", protocol, "--seeds", "20"]);
        assert_eq!(out["protocol"], protocol);
        assert_eq!(out["seeds"], 20);
        assert_eq!(out["violations"], 0, "{out}");
        assert_eq!(out["live_after_heal"], 20, "{out}");
        assert!(out["first_failing_seed"].is_null());
    }
}

#[test]
fn bad_input_names_the_argument() {
    let base = ["--nodes", "10", "--fanout", "1", "--trials", "1"];
    fn gossip<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["gossip"];
        args.extend_from_slice(extra);
        args
    }
    rejects(
        &gossip(&[&["--mode", "gather"][..], &base].concat()),
        "--mode",
    );
    rejects(
        &gossip(&[
            "--mode", "push", "--nodes", "10", "--fanout", "10", "--trials", "1",
        ]),
        "--fanout",
    );
    rejects(
        &gossip(&[
            "--mode", "push", "--nodes", "1", "--fanout", "1", "--trials", "1",
        ]),
        "--nodes",
    );
    rejects(
        &gossip(&[&["--mode", "push", "--loss", "1.5"][..], &base].concat()),
        "--loss",
    );
    rejects(
        &gossip(&[&["--mode", "push", "--dead", "-1"][..], &base].concat()),
        "--dead",
    );
    rejects(
        &gossip(&["--mode", "push", "--nodes", "10", "--fanout", "1"]),
        "--trials",
    );
    let rumor = ["rumor", "--nodes", "10", "--trials", "1"];
    rejects(
        &[&rumor[..], &["--k", "2", "--variant", "loud"]].concat(),
        "--variant",
    );
    rejects(
        &[&rumor[..], &["--k", "0", "--variant", "blind-coin"]].concat(),
        "--k",
    );
    rejects(
        &[
            "sweep",
            "--protocol",
            "gossip",
            "--seeds",
            "1",
            "--nodes",
            "0",
        ],
        "--nodes",
    );
    rejects(
        &["sweep", "--protocol", "chatter", "--seeds", "1"],
        "--protocol",
    );
}
