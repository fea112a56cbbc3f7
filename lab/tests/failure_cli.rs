//! The failure-detector experiments through the real binary.

mod common;

use common::{json_line, lab, rejects};

#[test]
fn phi_of_a_window_is_minus_log10_of_the_normal_tail() {
    // Intervals 90, 100, 110 ms: μ = 100, σ = √(200/3) ≈ 8.165 ms. At
    // 100 ms, exactly the mean, Q = 1/2 and φ = log10 2.
    let out = json_line(&[
        "phi",
        "--intervals-ms",
        "90,100,110",
        "--elapsed-ms",
        "100",
        "--min-std-ms",
        "1",
    ]);
    assert!(
        (out["phi"].as_f64().unwrap() - std::f64::consts::LOG10_2).abs() < 1e-12,
        "{out}"
    );
    assert!((out["mean_ms"].as_f64().unwrap() - 100.0).abs() < 1e-12);
    assert!((out["std_ms"].as_f64().unwrap() - (200.0f64 / 3.0).sqrt()).abs() < 1e-9);
    assert_eq!(out["suspected"], false);
    // An acceptable pause moves the mean; the floor lifts σ.
    let paused = json_line(&[
        "phi",
        "--intervals-ms",
        "100,100",
        "--elapsed-ms",
        "600",
        "--pause-ms",
        "500",
    ]);
    assert!((paused["phi"].as_f64().unwrap() - std::f64::consts::LOG10_2).abs() < 1e-12);
    assert_eq!(paused["effective_std_ms"], 10.0);
    let late = json_line(&["phi", "--intervals-ms", "100,100", "--elapsed-ms", "400"]);
    assert_eq!(late["suspected"], true);
    assert!(late["phi"].as_f64().unwrap().is_finite());
}

#[test]
fn detector_runs_report_mistakes_and_detection() {
    let common = [
        "--interval-ms",
        "100",
        "--jitter-ms",
        "40",
        "--loss",
        "0",
        "--duration-ms",
        "20000",
        "--crash-at-ms",
        "15000",
        "--seed",
        "7",
    ];
    let mut fixed = vec!["detector", "--detector", "fixed", "--timeout-ms", "120"];
    fixed.extend_from_slice(&common);
    let fixed = json_line(&fixed);
    let mut phi = vec!["detector", "--detector", "phi", "--threshold", "8"];
    phi.extend_from_slice(&common);
    let phi = json_line(&phi);
    assert!(fixed["false_positives"].as_u64().unwrap() > 5, "{fixed}");
    assert_eq!(phi["false_positives"], 0, "{phi}");
    let (f, p) = (
        fixed["detection_ms"].as_f64().unwrap(),
        phi["detection_ms"].as_f64().unwrap(),
    );
    assert!(f > 0.0 && f <= 125.0 && p > f, "{fixed} {phi}");
    // Without a crash nothing is detected.
    let quiet = json_line(&[
        "detector",
        "--detector",
        "phi",
        "--interval-ms",
        "100",
        "--jitter-ms",
        "5",
        "--loss",
        "0",
        "--duration-ms",
        "5000",
        "--seed",
        "1",
    ]);
    assert!(quiet["detection_ms"].is_null());
    assert_eq!(quiet["heartbeats_sent"], quiet["heartbeats_received"]);
}

#[test]
fn a_pause_makes_phi_suspect_a_live_node() {
    let out = json_line(&[
        "detector",
        "--detector",
        "phi",
        "--interval-ms",
        "100",
        "--jitter-ms",
        "5",
        "--loss",
        "0",
        "--duration-ms",
        "10000",
        "--pause-at-ms",
        "5000",
        "--pause-ms",
        "800",
        "--seed",
        "2",
    ]);
    assert_eq!(out["false_positives"], 1, "{out}");
}

#[test]
fn tradeoff_gives_one_line_per_value() {
    let output = lab(&[
        "detector-tradeoff",
        "--detector",
        "fixed",
        "--values",
        "120,200,300",
        "--interval-ms",
        "100",
        "--jitter-ms",
        "10",
        "--loss",
        "0.05",
        "--duration-ms",
        "10000",
        "--crash-at-ms",
        "8000",
        "--seeds",
        "3",
        "--seed",
        "0",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    let detection: Vec<f64> = lines
        .iter()
        .map(|l| l["mean_detection_ms"].as_f64().unwrap())
        .collect();
    assert!(
        detection[0] < detection[1] && detection[1] < detection[2],
        "{lines:?}"
    );
    assert!(lines[0]["false_positives"].as_u64() >= lines[2]["false_positives"].as_u64());
}

#[test]
fn bad_arguments_are_named_and_exit_2() {
    rejects(&["phi", "--elapsed-ms", "10"], "--intervals-ms");
    rejects(
        &["phi", "--intervals-ms", "1,x", "--elapsed-ms", "10"],
        "--intervals-ms",
    );
    rejects(
        &["phi", "--intervals-ms", "1,-2", "--elapsed-ms", "10"],
        "--intervals-ms",
    );
    rejects(
        &["phi", "--intervals-ms", "1", "--elapsed-ms", "-1"],
        "--elapsed-ms",
    );
    rejects(
        &[
            "phi",
            "--intervals-ms",
            "1",
            "--elapsed-ms",
            "1",
            "--threshold",
            "0",
        ],
        "--threshold",
    );
    let base = [
        "--interval-ms",
        "100",
        "--jitter-ms",
        "10",
        "--loss",
        "0",
        "--duration-ms",
        "1000",
        "--seed",
        "1",
    ];
    let run = |extra: &[&'static str]| {
        let mut args = vec!["detector"];
        args.extend_from_slice(extra);
        args.extend_from_slice(&base);
        args
    };
    rejects(&run(&["--detector", "gossip"]), "--detector");
    rejects(&run(&["--detector", "fixed"]), "--timeout-ms");
    rejects(
        &run(&[
            "--detector",
            "fixed",
            "--timeout-ms",
            "100",
            "--threshold",
            "3",
        ]),
        "--threshold",
    );
    rejects(
        &run(&["--detector", "phi", "--timeout-ms", "100"]),
        "--timeout-ms",
    );
    rejects(
        &run(&["--detector", "phi", "--crash-at-ms", "5000"]),
        "--crash-at-ms",
    );
    rejects(
        &run(&["--detector", "phi", "--pause-ms", "5"]),
        "--pause-at-ms",
    );
    rejects(
        &[
            "detector",
            "--detector",
            "phi",
            "--interval-ms",
            "100",
            "--jitter-ms",
            "100",
            "--loss",
            "0",
            "--duration-ms",
            "10",
            "--seed",
            "1",
        ],
        "--jitter-ms",
    );
    rejects(
        &[
            "detector",
            "--detector",
            "phi",
            "--interval-ms",
            "100",
            "--jitter-ms",
            "1",
            "--loss",
            "1",
            "--duration-ms",
            "10",
            "--seed",
            "1",
        ],
        "--loss",
    );
    rejects(
        &["detector-tradeoff", "--detector", "phi", "--values", "1,2"],
        "--seeds",
    );
}
