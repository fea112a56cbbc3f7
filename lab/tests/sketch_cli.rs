//! The sketch and Merkle experiments through the real binary: JSON lines on
//! success, exit code 2 and a message naming the argument on bad input.

mod common;

use common::{json_line, rejects};

const RFC_LEAVES: &str =
    ",00,10,2021,3031,40414243,5051525354555657,606162636465666768696a6b6c6d6e6f";

#[test]
fn bloom_reports_sizes_and_rates() {
    let out = json_line(&[
        "bloom",
        "--items",
        "10000",
        "--fpr",
        "0.01",
        "--queries",
        "100000",
        "--seed",
        "3",
    ]);
    assert_eq!(out["bits"], 95851);
    assert_eq!(out["hashes"], 7);
    assert_eq!(out["false_negatives"], 0);
    let (measured, theory) = (
        out["measured_fpr"].as_f64().unwrap(),
        out["theoretical_fpr"].as_f64().unwrap(),
    );
    assert!((measured - theory).abs() < 0.003, "{out}");
}

#[test]
fn cuckoo_fills_until_the_first_failure() {
    let out = json_line(&[
        "cuckoo",
        "--fingerprint-bits",
        "12",
        "--bucket-size",
        "4",
        "--capacity",
        "4096",
        "--queries",
        "10000",
    ]);
    assert_eq!(out["buckets"], 1024);
    assert!(out["load_factor"].as_f64().unwrap() > 0.9, "{out}");
    assert!(out["bits_per_item"].as_f64().unwrap() < 13.5, "{out}");
    assert!(out["items"].as_u64().unwrap() <= 4096);
}

#[test]
fn hll_reports_error_against_theory() {
    let out = json_line(&[
        "hll",
        "--precision",
        "8",
        "--distinct",
        "2000",
        "--trials",
        "30",
        "--seed",
        "9",
    ]);
    assert_eq!(
        (
            out["precision"].as_u64(),
            out["distinct"].as_u64(),
            out["trials"].as_u64()
        ),
        (Some(8), Some(2000), Some(30))
    );
    assert_eq!(out["theoretical_rse"], 0.065);
    assert!(out["rmse_relative"].as_f64().unwrap() < 0.13, "{out}");
    assert!(
        (out["mean_estimate"].as_f64().unwrap() - 2000.0).abs() < 200.0,
        "{out}"
    );
}

#[test]
fn count_min_reports_overestimates() {
    let out = json_line(&[
        "count-min",
        "--epsilon",
        "0.01",
        "--delta",
        "0.01",
        "--items",
        "20000",
        "--zipf",
        "1.1",
        "--universe",
        "1000",
    ]);
    assert_eq!(
        (out["width"].as_u64(), out["depth"].as_u64()),
        (Some(272), Some(5))
    );
    assert!(
        out["fraction_over_bound"].as_f64().unwrap() <= 0.01,
        "{out}"
    );
    assert!(out["max_overestimate"].as_u64().is_some());
}

#[test]
fn merkle_root_matches_rfc6962_reference_vectors() {
    let out = json_line(&["merkle-root", "--leaves", RFC_LEAVES]);
    assert_eq!(out["leaves"], 8);
    assert_eq!(
        out["root"],
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    );
    let one = json_line(&["merkle-root", "--leaves", ""]);
    assert_eq!(
        one["root"],
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    );
}

#[test]
fn merkle_proof_matches_the_reference_and_verifies() {
    let out = json_line(&["merkle-proof", "--leaves", RFC_LEAVES, "--index", "5"]);
    assert_eq!(out["verified"], true);
    assert_eq!(
        out["root"],
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"
    );
    let proof: Vec<&str> = out["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_str().unwrap())
        .collect();
    assert_eq!(
        proof,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ]
    );
}

#[test]
fn bad_arguments_exit_2_and_name_the_argument() {
    rejects(
        &["bloom", "--items", "0", "--fpr", "0.01", "--queries", "10"],
        "--items",
    );
    rejects(
        &["bloom", "--items", "10", "--fpr", "1.5", "--queries", "10"],
        "--fpr",
    );
    rejects(
        &["bloom", "--items", "10", "--fpr", "abc", "--queries", "10"],
        "--fpr",
    );
    rejects(&["bloom", "--items", "10", "--fpr", "0.1"], "--queries");
    rejects(
        &[
            "bloom",
            "--items",
            "100000000",
            "--fpr",
            "0.000000001",
            "--queries",
            "10",
        ],
        "--items",
    );
    rejects(
        &[
            "cuckoo",
            "--fingerprint-bits",
            "0",
            "--bucket-size",
            "4",
            "--capacity",
            "10",
        ],
        "--fingerprint-bits",
    );
    rejects(
        &[
            "cuckoo",
            "--fingerprint-bits",
            "8",
            "--bucket-size",
            "99",
            "--capacity",
            "10",
        ],
        "--bucket-size",
    );
    rejects(
        &[
            "hll",
            "--precision",
            "3",
            "--distinct",
            "10",
            "--trials",
            "1",
        ],
        "--precision",
    );
    rejects(
        &[
            "hll",
            "--precision",
            "8",
            "--distinct",
            "10",
            "--trials",
            "1",
            "--estimator",
            "magic",
        ],
        "--estimator",
    );
    rejects(
        &[
            "count-min",
            "--epsilon",
            "0",
            "--delta",
            "0.1",
            "--items",
            "10",
            "--zipf",
            "1",
        ],
        "--epsilon",
    );
    rejects(
        &[
            "count-min",
            "--epsilon",
            "0.000000001",
            "--delta",
            "0.1",
            "--items",
            "10",
            "--zipf",
            "1",
        ],
        "--epsilon",
    );
    rejects(
        &[
            "count-min",
            "--epsilon",
            "0.1",
            "--delta",
            "0.1",
            "--items",
            "10",
            "--zipf",
            "-1",
        ],
        "--zipf",
    );
    rejects(&["merkle-root", "--leaves", "00,0g"], "--leaves");
    rejects(&["merkle-root"], "--leaves");
    rejects(
        &["merkle-proof", "--leaves", "00,01", "--index", "2"],
        "--index",
    );
    rejects(
        &["merkle-proof", "--leaves", "00,01", "--index", "-1"],
        "--index",
    );
    rejects(
        &[
            "bloom",
            "--items",
            "10",
            "--fpr",
            "0.1",
            "--queries",
            "10",
            "--colour",
            "red",
        ],
        "--colour",
    );
}
