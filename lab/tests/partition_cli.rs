//! The partitioning experiments through the real binary: JSON lines on
//! success, exit code 2 and a message naming the argument on bad input.

mod common;

use common::{json_line, rejects};

#[test]
fn balls_into_bins_reports_the_load_profile() {
    let out = json_line(&[
        "balls-into-bins",
        "--bins",
        "20000",
        "--balls",
        "20000",
        "--choices",
        "2",
        "--trials",
        "3",
        "--seed",
        "4",
    ]);
    assert_eq!(
        (
            out["bins"].as_u64(),
            out["balls"].as_u64(),
            out["choices"].as_u64(),
            out["trials"].as_u64()
        ),
        (Some(20000), Some(20000), Some(2), Some(3))
    );
    let histogram = out["max_load_histogram"].as_object().unwrap();
    assert_eq!(
        histogram.values().map(|v| v.as_u64().unwrap()).sum::<u64>(),
        3
    );
    assert!(histogram.keys().all(|k| k == "3" || k == "4"), "{out}");
    let fractions: Vec<f64> = out["fraction_at_least"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_f64().unwrap())
        .collect();
    // s₁ = tanh 1 in the fluid limit; every ball is counted once: Σ sᵢ = m/n.
    assert!((fractions[0] - 0.7616).abs() < 0.01, "{out}");
    assert!((fractions.iter().sum::<f64>() - 1.0).abs() < 1e-9, "{out}");
    assert!(fractions.windows(2).all(|w| w[0] >= w[1]));
    let mean = out["mean_max_load"].as_f64().unwrap();
    assert!((3.0..=4.0).contains(&mean), "{out}");
}

#[test]
fn ring_moves_about_one_in_n_plus_one() {
    let out = json_line(&[
        "ring", "--nodes", "10", "--vnodes", "100", "--keys", "20000", "--add", "1",
    ]);
    let moved = out["moved_fraction"].as_f64().unwrap();
    assert!((moved - 1.0 / 11.0).abs() < 0.03, "{out}");
    assert!((out["expected_fraction"].as_f64().unwrap() - 1.0 / 11.0).abs() < 1e-12);
    assert!(out["max_over_mean_load"].as_f64().unwrap() < 1.5, "{out}");
}

#[test]
fn bounded_load_keeps_every_node_under_the_cap() {
    let out = json_line(&[
        "bounded-load",
        "--nodes",
        "8",
        "--keys",
        "8000",
        "--c",
        "1.25",
        "--seed",
        "2",
    ]);
    assert_eq!(out["cap"], 1250);
    assert!(out["max_load"].as_u64().unwrap() <= 1250, "{out}");
    assert_eq!(out["cap_after_add"], 1112);
    assert!(out["max_load_after_add"].as_u64().unwrap() <= 1112, "{out}");
    assert!(out["moves_on_add"].as_u64().unwrap() > 0, "{out}");
}

#[test]
fn range_splits_under_a_zipf_workload() {
    let out = json_line(&[
        "range",
        "--keys",
        "20000",
        "--zipf",
        "1.0",
        "--split-at",
        "500",
        "--nodes",
        "4",
        "--universe",
        "5000",
    ]);
    let (ranges, splits) = (
        out["ranges"].as_u64().unwrap(),
        out["splits"].as_u64().unwrap(),
    );
    assert_eq!(ranges, splits + 1, "every split adds one range: {out}");
    assert!(splits >= 20, "{out}");
    assert!(out["max_over_mean_load"].as_f64().unwrap() >= 1.0, "{out}");
    let by_keys = json_line(&[
        "range",
        "--keys",
        "20000",
        "--zipf",
        "0.5",
        "--split-at",
        "200",
        "--split-by",
        "keys",
        "--order",
        "sequential",
    ]);
    assert_eq!(by_keys["split_by"], "keys");
    assert_eq!(by_keys["order"], "sequential");
}

#[test]
fn bad_arguments_are_named() {
    rejects(
        &[
            "balls-into-bins",
            "--bins",
            "0",
            "--balls",
            "10",
            "--choices",
            "2",
            "--trials",
            "1",
        ],
        "--bins",
    );
    rejects(
        &[
            "balls-into-bins",
            "--bins",
            "10",
            "--balls",
            "10",
            "--choices",
            "0",
            "--trials",
            "1",
        ],
        "--choices",
    );
    rejects(
        &[
            "balls-into-bins",
            "--bins",
            "10",
            "--balls",
            "1000000000",
            "--choices",
            "2",
            "--trials",
            "2",
        ],
        "--trials",
    );
    rejects(
        &["ring", "--nodes", "0", "--vnodes", "10", "--keys", "10"],
        "--nodes",
    );
    rejects(
        &[
            "ring", "--nodes", "200", "--vnodes", "10000", "--keys", "10",
        ],
        "--vnodes",
    );
    rejects(&["ring", "--nodes", "10", "--vnodes", "10"], "--keys");
    rejects(
        &["bounded-load", "--nodes", "3", "--keys", "10", "--c", "0.5"],
        "--c",
    );
    rejects(
        &["bounded-load", "--nodes", "3", "--keys", "10", "--c", "nan"],
        "--c",
    );
    rejects(
        &["range", "--keys", "10", "--zipf", "-1", "--split-at", "5"],
        "--zipf",
    );
    rejects(
        &["range", "--keys", "10", "--zipf", "1", "--split-at", "0"],
        "--split-at",
    );
    rejects(
        &[
            "range",
            "--keys",
            "10",
            "--zipf",
            "1",
            "--split-at",
            "5",
            "--split-by",
            "size",
        ],
        "--split-by",
    );
    rejects(
        &[
            "range",
            "--keys",
            "10",
            "--zipf",
            "1",
            "--split-at",
            "5",
            "--order",
            "random",
        ],
        "--order",
    );
}
