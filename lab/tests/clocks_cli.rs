//! The version-vectors experiment through the real binary.

mod common;

use common::{lab, rejects};
use serde_json::Value;

/// Every JSON line the binary printed.
fn json_lines(args: &[&str]) -> Vec<Value> {
    let output = lab(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn only_server_id_version_vectors_lose_updates_and_only_client_ids_grow() {
    let lines = json_lines(&[
        "version-vectors",
        "--servers",
        "3",
        "--clients",
        "5",
        "--ops",
        "60",
        "--runs",
        "40",
    ]);
    let schemes: Vec<&str> = lines
        .iter()
        .map(|l| l["scheme"].as_str().unwrap())
        .collect();
    assert_eq!(schemes, ["server-ids", "client-ids", "dotted"]);
    let (ids, clients, dotted) = (&lines[0], &lines[1], &lines[2]);
    assert!(ids["runs_losing"].as_u64().unwrap() > 20, "{ids}");
    assert_eq!(ids["false_siblings"], 0, "{ids}");
    for exact in [clients, dotted] {
        assert_eq!(exact["lost_updates"], 0, "{exact}");
        assert_eq!(exact["false_siblings"], 0, "{exact}");
    }
    assert!(dotted["largest_clock"].as_u64().unwrap() <= 3, "{dotted}");
    assert!(clients["largest_clock"].as_u64().unwrap() > 3, "{clients}");
}

#[test]
fn bad_sizes_are_named() {
    rejects(&["version-vectors", "--servers", "0"], "servers");
    rejects(&["version-vectors", "--clients", "x"], "clients");
    rejects(&["version-vectors", "--runs", "0"], "runs");
}
