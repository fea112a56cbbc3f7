//! The HyperLogLog page's model: permalink parsing (good and bad values),
//! the generated stream, typed items, the hash's bit roles, the state's
//! register updates, the estimates, and the 1,000-stream experiment.
#![cfg(target_arch = "wasm32")]

use dsviz_core::sketch::Estimator;
use dsviz_core::sketch::experiments::hll_error;
use dsviz_web::player::{OpPlayer, Transport};
use dsviz_web::viz::hyperloglog::experiment::{STREAMS, StreamsRun};
use dsviz_web::viz::hyperloglog::params::generated_stream;
use dsviz_web::viz::hyperloglog::view::{BitRole, bars, estimates, hash_bits};
use dsviz_web::viz::hyperloglog::{HllParams, HllScenario, HllState};
use dsviz_web::viz::item_stream::{
    decode_typed, encode_typed, insert_typed, merge, typed_positions,
};
use std::collections::BTreeSet;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_good_link_is_read_exactly_and_written_back() {
    let s =
        HllScenario::from_query("?seed=42&p=8&n=120&runN=500&typed=3:alice,10:bob%20smith&step=7");
    assert_eq!(
        s.params,
        HllParams {
            seed: 42,
            precision: 8,
            stream: 120,
            run_distinct: 500
        }
    );
    assert_eq!(
        s.typed,
        vec![(3, "alice".to_string()), (10, "bob smith".to_string())]
    );
    assert_eq!(s.step, 7);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    // Written back with items in the sketch pages' `~XX` form; the link
    // above, from before, still opens the same.
    let query = HllScenario::to_query(&s.params, &s.typed, s.step);
    assert_eq!(
        query,
        "?seed=42&p=8&n=120&runN=500&typed=3:alice,10:bob~20smith&step=7"
    );
    assert_eq!(HllScenario::from_query(&query), s);
}

#[wasm_bindgen_test]
fn bad_values_are_named_and_replaced_by_defaults() {
    let s =
        HllScenario::from_query("?seed=x&p=12&n=0&runN=99999999&typed=oops,5:ok,2:late&step=9999");
    assert_eq!(s.params, HllParams::default());
    common::assert_named(
        &s.problems,
        &[
            "seed=x",
            "p=12",
            "n=0",
            "runN=99999999",
            "'oops'",
            "'2:late'",
            "step=9999",
        ],
    );
    assert_eq!(s.typed, vec![(5, "ok".to_string())]);
    assert_eq!(s.step, 0);
}

#[wasm_bindgen_test]
fn typed_items_survive_the_link_and_bad_entries_are_dropped() {
    let (typed, problems) = decode_typed("1:a,1:b");
    assert_eq!((typed.len(), problems.len()), (1, 1), "positions must rise");
    let odd = vec![
        (0usize, "ü ✓ & = ?".to_string()),
        (2, "a,b:c~d".to_string()),
        (5, "x".repeat(64)),
    ];
    let query = format!("?typed={}", encode_typed(&odd));
    assert_eq!(HllScenario::from_query(&query).typed, odd);
    let (typed, problems) = decode_typed(&format!("0:{}", "x".repeat(65)));
    assert_eq!(
        (typed.len(), problems.len()),
        (0, 1),
        "at most 64 characters"
    );
    // Links from before the `~XX` form: percent-encoded (the query decodes
    // them) and a `~` kept as it is.
    let earlier = HllScenario::from_query("?typed=0:%C3%BC%20%26,3:a~b");
    assert_eq!(
        earlier.typed,
        vec![(0, "ü &".to_string()), (3, "a~b".to_string())]
    );
    assert!(earlier.problems.is_empty(), "{:?}", earlier.problems);
}

#[wasm_bindgen_test]
fn the_generated_stream_is_seeded_and_has_repeats() {
    let params = HllParams::default();
    let a = generated_stream(&params);
    assert_eq!(a, generated_stream(&params));
    assert_eq!(a.len(), params.stream);
    let distinct: BTreeSet<&String> = a.iter().collect();
    assert!(distinct.len() < a.len(), "some items repeat");
    assert!(distinct.len() > a.len() / 2, "most items are new");
    let other = generated_stream(&HllParams { seed: 2, ..params });
    assert_ne!(a, other);
}

#[wasm_bindgen_test]
fn typed_items_are_inserted_and_the_stream_goes_on() {
    let generated: Vec<String> = (0..5).map(|i| format!("g{i}")).collect();
    let typed = vec![
        (0, "first".to_string()),
        (3, "mid".to_string()),
        (99, "end".to_string()),
    ];
    let ops = merge(generated, &typed);
    let items: Vec<&str> = ops.iter().map(|o| o.item.as_str()).collect();
    assert_eq!(items, ["first", "g0", "g1", "mid", "g2", "g3", "g4", "end"]);
    assert_eq!(typed_positions(&ops)[..2], typed[..2]);
    assert_eq!(typed_positions(&ops)[2], (7, "end".to_string()));

    let params = HllParams {
        stream: 20,
        ..HllParams::default()
    };
    let mut player = OpPlayer::new(
        HllScenario::initial(&params),
        HllScenario::ops(&params, &[]),
        5.0,
    );
    player.seek(4);
    let player = insert_typed(&player, HllScenario::initial(&params), 5.0, "alice".into());
    assert_eq!(player.step_index(), 5);
    assert_eq!(player.horizon(), 21, "nothing was discarded");
    assert_eq!(player.state().last.as_ref().unwrap().item, "alice");
    assert_eq!(
        typed_positions(player.ops()),
        vec![(4, "alice".to_string())]
    );
}

#[wasm_bindgen_test]
fn hash_bits_mark_index_zeros_and_the_first_one() {
    // p = 4: index 1010, then 000 and a 1: rank 4.
    let hash = 0b1010_0001u64 << 56 | 0xFF;
    let bits = hash_bits(hash, 4);
    assert_eq!(bits.len(), 64);
    let roles: Vec<BitRole> = bits.iter().map(|b| b.1).collect();
    assert!(roles[..4].iter().all(|r| *r == BitRole::Index));
    assert_eq!(roles[4..7], [BitRole::Zero; 3]);
    assert_eq!(roles[7], BitRole::One);
    assert!(roles[8..].iter().all(|r| *r == BitRole::Rest));
    assert!(bits[0].0);
    assert!(!bits[1].0);
    // All zeros after the index: no 1 to find.
    let zeros = hash_bits(0xF000_0000_0000_0000, 4);
    assert_eq!(zeros.iter().filter(|b| b.1 == BitRole::Zero).count(), 60);
}

#[wasm_bindgen_test]
fn each_add_raises_its_register_to_the_rank_and_repeats_change_nothing() {
    let mut state = HllState::new(6, 9);
    for i in 0..50 {
        let before = state.sketch.registers().to_vec();
        state.add(&format!("item-{i}"));
        let last = state.last.clone().unwrap();
        let view = state.sketch.inspect(&format!("item-{i}"));
        assert_eq!(last.view, view);
        let bits = hash_bits(view.hash, 6);
        let index_bits = bits
            .iter()
            .take(6)
            .fold(0usize, |acc, b| acc * 2 + usize::from(b.0));
        assert_eq!(index_bits, view.register);
        assert_eq!(
            bits.iter().filter(|b| b.1 == BitRole::Zero).count() + 1,
            usize::from(view.rank)
        );
        assert_eq!(last.old, before[view.register]);
        assert_eq!(last.new, before[view.register].max(view.rank));
    }
    let registers = state.sketch.registers().to_vec();
    state.add("item-3");
    assert!(!state.last.as_ref().unwrap().first_time);
    assert_eq!(state.sketch.registers(), registers.as_slice());
    assert_eq!(state.distinct.len(), 50);
    let (chart, _) = bars(&state);
    assert_eq!(chart.len(), 64);
    assert_eq!(chart.iter().filter(|b| b.touched).count(), 1);
}

#[wasm_bindgen_test]
fn estimates_follow_the_truth_and_name_the_classic_choice() {
    let mut state = HllState::new(8, 1);
    for i in 0..30 {
        state.add(&format!("x{i}"));
    }
    let e = estimates(&state);
    assert_eq!(e.truth, 30);
    assert!(e.classic_uses_linear, "few items: linear counting");
    assert_eq!(Some(e.classic), e.linear);
    assert!((e.improved - 30.0).abs() < 6.0, "{}", e.improved);
    for i in 30..3_000 {
        state.add(&format!("x{i}"));
    }
    let e = estimates(&state);
    assert!(!e.classic_uses_linear);
    assert_eq!(e.classic, e.raw);
    assert_eq!(e.improved, state.sketch.estimate_with(Estimator::Ertl));
}

#[wasm_bindgen_test]
fn the_experiment_matches_the_core_and_does_not_depend_on_slicing() {
    let mut run = StreamsRun::new(6, 500, 5);
    let mut slices = 0;
    while !run.run_slice() {
        slices += 1;
    }
    assert!(slices > 0, "the work is sliced");
    assert_eq!(run.errors.len(), STREAMS as usize);
    let core = hll_error(6, 500, STREAMS, Estimator::Ertl, 5).unwrap();
    assert!(
        (run.rmse() - core.rmse_relative).abs() < 1e-9,
        "{} vs {}",
        run.rmse(),
        core.rmse_relative
    );
    assert!((run.standard_error() - core.theoretical_rse).abs() < 1e-12);
    assert_eq!(run.histogram().iter().sum::<u32>(), STREAMS);
    assert!(run.share_within(2.0) > 0.85 && run.share_within(2.0) <= 1.0);
    let mut again = StreamsRun::new(6, 500, 5);
    while !again.run_slice() {}
    assert_eq!(again, run, "deterministic from the seed");
}
