//! Raft and Multi-Paxos on the same seed, network and leader crashes:
//! messages per committed command (see `consensus::compare`).

use dsviz_core::consensus::compare::{Comparison, Tally, raft_vs_multi_paxos};
use dsviz_core::sim::millis;

fn run(submit_every_ms: u64, leader_crashes: bool) -> (Tally, Tally) {
    raft_vs_multi_paxos(Comparison {
        duration: millis(3_000),
        submit_every: millis(submit_every_ms),
        leader_crashes,
        ..Comparison::default()
    })
}

/// Heavy load: commands dominate, 2(N − 1) for Raft against 3(N − 1).
#[test]
fn under_heavy_load_raft_sends_fewer_messages_per_command() {
    let (raft, paxos) = run(20, false);
    assert!(
        raft.committed > 120 && paxos.committed > 120,
        "{raft:?} {paxos:?}"
    );
    let (r, p) = (raft.per_command().unwrap(), paxos.per_command().unwrap());
    assert!(r > 8.0 && p > 12.0, "above the per-command floors: {r} {p}");
    assert!(p > r, "raft {r}, multi-paxos {p}");
}

/// Light load: heartbeats dominate, acknowledged in Raft, not in
/// Multi-Paxos.
#[test]
fn under_light_load_multi_paxos_sends_fewer() {
    let (raft, paxos) = run(100, false);
    assert!(
        raft.committed > 20 && paxos.committed > 20,
        "{raft:?} {paxos:?}"
    );
    let (r, p) = (raft.per_command().unwrap(), paxos.per_command().unwrap());
    assert!(r > p, "raft {r}, multi-paxos {p}");
}

#[test]
fn leader_crashes_cost_both_and_both_recover() {
    let (raft, paxos) = run(20, true);
    assert!(
        raft.committed > 100 && paxos.committed > 100,
        "{raft:?} {paxos:?}"
    );
    assert_eq!(run(20, true), (raft, paxos), "deterministic");
}
