//! The operation player behind the sketch and integrity pages.
#![cfg(target_arch = "wasm32")]

use dsviz_web::player::ops::CHECKPOINT_EVERY;
use dsviz_web::player::{OpPlayer, Replay, Transport};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A running hash of every operation applied, so any reordering shows.
#[derive(Clone, Debug, PartialEq)]
struct Fold(u64);

impl Replay for Fold {
    type Op = u64;
    fn apply(&mut self, op: &u64) {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(*op);
    }
}

fn folded(ops: &[u64]) -> Fold {
    let mut f = Fold(1);
    ops.iter().for_each(|op| f.apply(op));
    f
}

fn player(n: u64) -> OpPlayer<Fold> {
    OpPlayer::new(Fold(1), (1..=n).collect(), 4.0)
}

#[wasm_bindgen_test]
fn seek_back_and_forth_matches_a_fresh_fold() {
    let ops: Vec<u64> = (1..=300).collect();
    let mut p = player(300);
    for target in [250u64, 3, 199, 64, 63, 65, 300, 0, 128, 1000] {
        let reached = p.seek(target);
        assert_eq!(reached, target.min(300));
        assert_eq!(p.state(), &folded(&ops[..reached as usize]), "at {target}");
    }
    const { assert!(CHECKPOINT_EVERY < 300, "the test crosses checkpoints") };
}

#[wasm_bindgen_test]
fn step_back_undoes_step() {
    let mut p = player(10);
    p.seek(7);
    let before = p.state().clone();
    assert!(p.step_forward());
    p.step_back();
    assert_eq!((p.step_index(), p.state()), (7, &before));
    p.seek(10);
    assert!(!p.step_forward(), "nothing after the last operation");
    assert_eq!(p.last_op(), Some(&10));
}

#[wasm_bindgen_test]
fn push_in_the_past_forks_the_future() {
    let mut p = player(200);
    p.seek(150);
    p.seek(70);
    p.push(999);
    assert_eq!((p.step_index(), p.horizon()), (71, 71));
    let mut expected: Vec<u64> = (1..=70).collect();
    expected.push(999);
    assert_eq!(p.state(), &folded(&expected));
    // Checkpoints from the discarded future must not come back.
    p.seek(0);
    p.seek(71);
    assert_eq!(p.state(), &folded(&expected));
}

#[wasm_bindgen_test]
fn playback_runs_rate_times_speed_operations_per_second() {
    let mut p = player(100);
    assert_eq!(p.tick(1000.0), 0, "paused players do not move");
    p.set_playing(true);
    assert_eq!(p.tick(1000.0), 4, "4 per second at 1×");
    p.set_speed_log10(1.0);
    assert_eq!(p.tick(125.0), 5, "10× for an eighth of a second");
    assert_eq!(p.tick(f64::NAN), 0);
    p.set_speed_log10(2.0);
    p.tick(1000.0);
    assert_eq!(p.step_index(), 100);
    assert!(!p.is_playing(), "playback stops at the end");
    p.set_playing(true);
    assert_eq!(p.step_index(), 0, "play at the end starts over");
}

#[wasm_bindgen_test]
fn at_opens_a_paused_player_at_a_clamped_step() {
    let ops: Vec<u64> = (1..=100).collect();
    let p = OpPlayer::at(Fold(1), ops.clone(), 4.0, 70);
    assert_eq!((p.step_index(), p.is_playing()), (70, false));
    assert_eq!(p.state(), &folded(&ops[..70]));
    let end = OpPlayer::at(Fold(1), ops.clone(), 4.0, 1_000);
    assert_eq!(end.step_index(), 100, "a step past the end is clamped");
}
