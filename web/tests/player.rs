//! The playback controller, and permalinks of the simulation page (with Raft; every protocol's
//! scenarios), in the browser.
#![cfg(target_arch = "wasm32")]

use dsviz_core::sim::{Action, Fault};
use dsviz_web::player::{Player, Transport};
use dsviz_web::viz::commit::{THREE_PC, TWO_PC};
use dsviz_web::viz::election::{BULLY, RING};
use dsviz_web::viz::failure::DETECTORS;
use dsviz_web::viz::gossip::{GOSSIP, RUMOR, SCUTTLEBUTT};
use dsviz_web::viz::paxos::{FAST_PAXOS, MULTI_PAXOS, PAXOS, PBFT};
use dsviz_web::viz::raft::RAFT;
use dsviz_web::viz::sim_page::{AdaptedRun, ParamValues, Protocol, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn player() -> Player<dsviz_core::consensus::raft::RaftNode> {
    let values = ParamValues::defaults(Protocol::params(&RAFT));
    AdaptedRun::new(&RAFT, &values, Vec::new()).player().clone()
}

#[wasm_bindgen_test]
fn play_moves_the_cursor_by_real_time_times_speed() {
    let mut p = player();
    assert_eq!(p.tick(16.0), 0, "paused players do not move");
    p.set_playing(true);
    p.set_speed_log10(1.0); // 10×
    p.tick(100.0);
    assert_eq!(
        p.cursor_time(),
        1_000_000,
        "100 ms of real time at 10× is 1 s"
    );
    assert!(
        p.step_index() > 5,
        "elections happened within the first second"
    );
    assert!(p.sim().world().now() <= p.cursor_time());
    p.set_speed_log10(9.0);
    assert_eq!(p.speed_log10(), 2.0, "speed is clamped to 100×");
}

#[wasm_bindgen_test]
fn step_and_back_return_to_the_same_state() {
    let mut p = player();
    for _ in 0..40 {
        assert!(p.step_forward());
    }
    let digest = p.sim().world().digest();
    let time = p.cursor_time();
    for _ in 0..10 {
        p.step_back();
    }
    assert_eq!(p.step_index(), 30);
    for _ in 0..10 {
        p.step_forward();
    }
    assert_eq!((p.sim().world().digest(), p.cursor_time()), (digest, time));
}

#[wasm_bindgen_test]
fn seek_and_fork() {
    let mut p = player();
    p.seek(300);
    assert_eq!(p.step_index(), 300);
    assert_eq!(p.horizon(), 300);
    p.seek(120);
    p.inject(Action::Fault(Fault::Crash(1)));
    assert_eq!(p.step_index(), 121);
    assert_eq!(
        p.horizon(),
        121,
        "injecting in the past discards the old future"
    );
    assert_eq!(p.sim().inputs().len(), 1);
}

#[wasm_bindgen_test]
fn a_permalink_round_trips_and_reproduces_the_run() {
    let values = ParamValues::defaults(Protocol::params(&RAFT));
    let (mut run, problems) = RAFT.start(&values, "", 200);
    assert!(problems.is_empty());
    run.inject_fault(Fault::Partition(vec![vec![0, 1]]));
    assert!(run.node_action("request-node", 2));
    run.seek(400);
    let query = run.query(&values);
    let opened = open(&RAFT, &query);
    assert!(opened.problems.is_empty(), "{:?}", opened.problems);
    assert_eq!(opened.values, values);
    assert_eq!(opened.run.step_index(), 400);
    assert_eq!(opened.run.digest(), run.digest());
    assert_eq!(opened.run.query(&opened.values), query);
}

#[wasm_bindgen_test]
fn bad_url_values_are_named_and_replaced_by_defaults() {
    let opened = open(
        &RAFT,
        "?seed=abc&nodes=99&timeout=300-100&latency=5-15&loss=2&inputs=5@0:crash.9,x,7@0:explode.1&step=900000",
    );
    assert_eq!(
        opened.values,
        ParamValues::defaults(Protocol::params(&RAFT))
    );
    assert_eq!(opened.run.step_index(), 0);
    let text = opened.problems.join("\n");
    for named in [
        "seed=abc",
        "nodes=99",
        "timeout=300-100",
        "loss=2",
        "crash.9",
        "'x'",
        "explode.1",
        "step=900000",
    ] {
        assert!(text.contains(named), "no problem names {named}: {text}");
    }
    let fine = open(
        &RAFT,
        "?seed=9&nodes=7&timeout=100-200&heartbeat=20&latency=3&loss=0.1",
    );
    assert!(fine.problems.is_empty(), "{:?}", fine.problems);
    let v = &fine.values;
    assert_eq!(
        (v.seed, v.count("nodes", 0), v.range("latency", (0.0, 0.0))),
        (9, 7, (3.0, 3.0))
    );
    assert_eq!(fine.run.node_count(), 7);
}

#[wasm_bindgen_test]
fn a_heartbeat_not_below_the_election_timeout_is_fixed_and_said() {
    let opened = open(&RAFT, "?timeout=100-200&heartbeat=150");
    assert_eq!(opened.values.number("heartbeat", 0.0), 33.0);
    assert!(opened.problems.join(" ").contains("heartbeat=150"));
}

/// Every protocol on the simulation page.
const PROTOCOLS: [&'static dyn Protocol; 13] = [
    &RAFT,
    &TWO_PC,
    &THREE_PC,
    &BULLY,
    &RING,
    &DETECTORS,
    &PAXOS,
    &MULTI_PAXOS,
    &FAST_PAXOS,
    &PBFT,
    &GOSSIP,
    &RUMOR,
    &SCUTTLEBUTT,
];

#[wasm_bindgen_test]
fn every_state_table_row_has_a_cell_under_every_header() {
    for protocol in PROTOCOLS {
        for scenario in protocol.scenarios() {
            let opened = open(protocol, &format!("?scenario={}", scenario.slug));
            let (headers, rows) = opened.run.state_table();
            for row in &rows {
                assert_eq!(
                    row.cells.len(),
                    headers.len(),
                    "{} {}: {headers:?} against {:?}",
                    protocol.meta().path,
                    scenario.slug,
                    row.cells
                );
            }
        }
    }
}

#[wasm_bindgen_test]
fn every_scenario_opens_without_problems_and_past_step_zero() {
    let protocols = PROTOCOLS;
    for (protocol, scenario) in protocols
        .iter()
        .flat_map(|p| p.scenarios().iter().map(move |s| (*p, s)))
    {
        let query = (scenario.query)();
        let opened = open(protocol, &format!("?scenario={}", scenario.slug));
        assert!(
            opened.problems.is_empty(),
            "{}: {:?}",
            scenario.slug,
            opened.problems
        );
        assert!(
            opened.run.step_index() > 0,
            "{} starts at step 0",
            scenario.slug
        );
        assert_eq!(opened.run.query(&opened.values), query, "{}", scenario.slug);
    }
    let unknown = open(&RAFT, "?scenario=nope");
    assert!(unknown.problems.join(" ").contains("nope"));
}
