//! The playback controller and the Raft permalink, in the browser.
#![cfg(target_arch = "wasm32")]

use dsviz_core::consensus::raft::Command;
use dsviz_core::sim::{Action, Fault};
use dsviz_web::player::{Player, Transport};
use dsviz_web::viz::raft::{RaftParams, RaftScenario};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn player() -> Player<dsviz_core::consensus::raft::RaftNode> {
    Player::new(RaftScenario::simulation(&RaftParams::default(), Vec::new()))
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
    let mut p = player();
    p.seek(200);
    p.inject(Action::Fault(Fault::Partition(vec![vec![0, 1]])));
    p.inject(Action::Command {
        node: 2,
        command: Command::Propose(7),
    });
    p.seek(400);
    let params = RaftParams::default();
    let query = RaftScenario::to_query(&params, p.sim().inputs(), p.step_index());
    let scenario = RaftScenario::from_query(&query);
    assert!(scenario.problems.is_empty(), "{:?}", scenario.problems);
    assert_eq!(scenario.params, params);
    assert_eq!(scenario.inputs, p.sim().inputs());
    let mut replay = Player::new(RaftScenario::simulation(&scenario.params, scenario.inputs));
    replay.seek(scenario.step);
    assert_eq!(replay.sim().world().digest(), p.sim().world().digest());
}

#[wasm_bindgen_test]
fn bad_url_values_are_named_and_replaced_by_defaults() {
    let scenario = RaftScenario::from_query(
        "?seed=abc&nodes=40&timeout=300-100&latency=5-15&loss=2&inputs=5@0:crash.9,x,7@0:explode.1&step=900000",
    );
    let d = RaftParams::default();
    assert_eq!(scenario.params, d);
    assert!(scenario.inputs.is_empty());
    let text = scenario.problems.join("\n");
    for named in [
        "seed=abc",
        "nodes=40",
        "timeout=300-100",
        "loss=2",
        "crash.9",
        "'x'",
        "explode.1",
        "step=900000",
    ] {
        assert!(text.contains(named), "no problem names {named}: {text}");
    }
    let fine =
        RaftScenario::from_query("?seed=9&nodes=7&timeout=100-200&heartbeat=20&latency=3&loss=0.1");
    assert!(fine.problems.is_empty(), "{:?}", fine.problems);
    assert_eq!(
        (fine.params.seed, fine.params.nodes, fine.params.latency_ms),
        (9, 7, (3.0, 3.0))
    );
}
