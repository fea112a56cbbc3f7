//! The Count-Min page's model: permalink parsing (good and bad values), the
//! seeded Zipf stream, the state's counters and truth, the highlighted
//! cells and minimum, the bound, and the heavy hitters against the truth.
#![cfg(target_arch = "wasm32")]

use dsviz_core::sketch::UpdateRule;
use dsviz_web::player::{OpPlayer, Transport};
use dsviz_web::viz::count_min::params::generated_stream;
use dsviz_web::viz::count_min::view::{grid, hitters, last, sizing};
use dsviz_web::viz::count_min::{CmParams, CmScenario, CmState};
use dsviz_web::viz::item_stream::{insert_typed, typed_positions};
use std::collections::BTreeMap;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_good_link_is_read_exactly_and_written_back() {
    let search = "?seed=9&eps=0.2&delta=0.01&s=1.5&u=50&n=300&k=3&cu=1&typed=4:cat&step=12";
    let s = CmScenario::from_query(search);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(
        s.params,
        CmParams {
            seed: 9,
            epsilon: 0.2,
            delta: 0.01,
            skew: 1.5,
            universe: 50,
            stream: 300,
            tracked: 3,
            conservative: true
        }
    );
    assert_eq!(s.params.rule(), UpdateRule::Conservative);
    assert_eq!(
        (s.typed.clone(), s.step),
        (vec![(4, "cat".to_string())], 12)
    );
    assert_eq!(CmScenario::to_query(&s.params, &s.typed, s.step), search);
}

#[wasm_bindgen_test]
fn bad_values_are_named_and_replaced_by_defaults() {
    let s = CmScenario::from_query(
        "?seed=-1&eps=0.001&delta=1&s=NaN&u=0&n=6000&k=50&cu=maybe&typed=x:y&step=-3",
    );
    assert_eq!(s.params, CmParams::default());
    common::assert_named(
        &s.problems,
        &[
            "seed=-1",
            "eps=0.001",
            "delta=1",
            "s=NaN",
            "u=0",
            "n=6000",
            "k=50",
            "cu=maybe",
            "'x:y'",
            "step=-3",
        ],
    );
    assert_eq!(s.step, 0);
}

#[wasm_bindgen_test]
fn the_stream_is_seeded_and_skewed() {
    let params = CmParams {
        stream: 2_000,
        ..CmParams::default()
    };
    let a = generated_stream(&params);
    assert_eq!(a, generated_stream(&params));
    assert_ne!(
        a,
        generated_stream(&CmParams {
            seed: 2,
            ..params.clone()
        })
    );
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &a {
        *counts.entry(item).or_default() += 1;
    }
    assert!(counts["item-1"] > counts.get("item-10").copied().unwrap_or(0));
    assert!(
        counts["item-1"] > 2_000 / 20,
        "rank 1 is common under s = 1.1"
    );
}

#[wasm_bindgen_test]
fn each_add_raises_its_counters_and_the_estimate_never_undercounts() {
    let params = CmParams::default();
    let mut state = CmState::new(&params);
    let s = sizing(&state);
    assert_eq!((s.width, s.depth), (28, 3), "⌈e/0.1⌉ = 28, ⌈ln 20⌉ = 3");
    for item in generated_stream(&params).iter().take(300) {
        state.add(item);
        let l = last(&state).unwrap();
        for &(row, column, before, after) in &l.cells {
            assert_eq!(after, before + 1, "standard update adds 1 in every row");
            assert_eq!(state.sketch().row(row)[column], after);
        }
        assert_eq!(l.estimate, state.sketch().estimate(item.as_str()));
        assert!(l.estimate >= l.truth);
        assert!(!l.min_rows.is_empty());
        let g = grid(&state);
        let hits: Vec<_> = g.iter().flatten().filter(|c| c.hit).collect();
        assert_eq!(hits.len(), 3, "one highlighted counter per row");
        assert!(hits.iter().filter(|c| c.min).all(|c| c.count == l.estimate));
        assert_eq!(hits.iter().filter(|c| c.min).count(), l.min_rows.len());
    }
    assert_eq!(state.truth.values().sum::<u64>(), 300);
    let s = sizing(&state);
    assert_eq!(s.total, 300);
    assert!((s.bound - std::f64::consts::E / 28.0 * 300.0).abs() < 1e-9);
}

#[wasm_bindgen_test]
fn conservative_update_raises_only_up_to_the_new_estimate() {
    let params = CmParams {
        conservative: true,
        ..CmParams::default()
    };
    let mut state = CmState::new(&params);
    for item in generated_stream(&params).iter().take(300) {
        state.add(item);
        let l = last(&state).unwrap();
        for &(_, _, before, after) in &l.cells {
            assert!(after <= l.estimate.max(before));
        }
        assert!(l.estimate >= l.truth);
    }
}

#[wasm_bindgen_test]
fn heavy_hitters_are_listed_against_the_truth() {
    let params = CmParams {
        stream: 1_000,
        ..CmParams::default()
    };
    let mut player = OpPlayer::new(
        CmScenario::initial(&params),
        CmScenario::ops(&params, &[]),
        5.0,
    );
    player.seek(1_000);
    let rows = hitters(player.state());
    assert_eq!(rows.len(), 5);
    assert!(rows.windows(2).all(|w| w[0].estimate >= w[1].estimate));
    assert_eq!(rows[0].item, "item-1");
    assert_eq!(rows[0].true_rank, 1);
    for row in &rows {
        // A candidate's estimate was taken at its latest occurrence, when its
        // count was already what it is now: it never undercounts.
        assert!(row.estimate >= row.truth, "{row:?}");
        assert!(row.true_rank >= 1);
    }
    player.seek(10);
    let player = insert_typed(&player, CmScenario::initial(&params), 5.0, "cat".into());
    assert_eq!(player.state().true_count("cat"), 1);
    assert_eq!(typed_positions(player.ops()), vec![(10, "cat".to_string())]);
    assert_eq!(player.horizon(), 1_001);
}
