//! Browser tests for the partitioning pages' models, permalinks and pages
//! (`cargo test -p dsviz-web --target wasm32-unknown-unknown --test partition`).
#![cfg(target_arch = "wasm32")]

use dsviz_core::partition::experiments::{balls_into_bins, fluid_limit};
use dsviz_core::partition::{BallsIntoBins, RangeConfig};
use dsviz_web::permalink::Query;
use dsviz_web::player::{Replay, Transport};
use dsviz_web::viz::partition::balls_experiment::MaxLoadRun;
use dsviz_web::viz::partition::balls_model::{
    BallsScenario, BallsState, balls_player, batches, default_setup as balls_default,
};
use dsviz_web::viz::partition::common::{
    NodeChange, encode_placed, merge_placed, placed_of, read_placed_changes,
};
use dsviz_web::viz::partition::range_model::{
    RangeOp, RangeState, bound_value, operations, placed_changes, workload,
};
use dsviz_web::viz::partition::range_params::{
    RangeScenario, default_setup as range_default, range_player,
};
use dsviz_web::viz::partition::ring_model::{RingSetup, RingState, Scheme};
use dsviz_web::viz::partition::ring_params::{RingScenario, default_setup, ring_player};
use dsviz_web::viz::partition::{BallsPage, RangePage, RingPage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn setup(scheme: Scheme) -> RingSetup {
    RingSetup {
        scheme,
        ..default_setup()
    }
}

#[wasm_bindgen_test]
fn adding_a_node_moves_exactly_the_keys_it_now_owns() {
    for scheme in [Scheme::Ring, Scheme::Rendezvous] {
        let before = RingState::new(setup(scheme));
        let mut after = before.clone();
        after.apply(&NodeChange::Add);
        let change = after.last().expect("a change").clone();
        assert_eq!(change.node, 4);
        assert!(change.refused.is_none());
        let (old, new) = (before.owners(), after.owners());
        let changed: Vec<usize> = (0..old.len()).filter(|&i| old[i] != new[i]).collect();
        let moved: Vec<usize> = change.moved.iter().map(|m| m.key).collect();
        assert_eq!(
            moved, changed,
            "{scheme:?}: moved keys are those whose owner changed"
        );
        assert!(
            change
                .moved
                .iter()
                .all(|m| m.to == 4 && new[m.key] == Some(4))
        );
        // 200 keys, 5 nodes: about 40 move; far fewer than rehashing all.
        assert!(
            (10..=90).contains(&moved.len()),
            "{scheme:?}: {} moved",
            moved.len()
        );
        assert!((change.expected_share() - 0.2).abs() < 1e-12);
    }
}

#[wasm_bindgen_test]
fn removing_a_node_moves_only_its_keys_and_the_last_node_is_refused() {
    let mut state = RingState::new(RingSetup {
        nodes: 2,
        ..setup(Scheme::Ring)
    });
    let owners = state.owners();
    state.apply(&NodeChange::Remove(1));
    let change = state.last().unwrap().clone();
    let held: Vec<usize> = (0..owners.len())
        .filter(|&i| owners[i] == Some(1))
        .collect();
    assert_eq!(change.moved.iter().map(|m| m.key).collect::<Vec<_>>(), held);
    assert!(state.owners().iter().all(|o| *o == Some(0)));
    state.apply(&NodeChange::Remove(0));
    assert!(
        state.last().unwrap().refused.is_some(),
        "the last node keeps its keys"
    );
    state.apply(&NodeChange::Remove(9));
    assert!(
        state.last().unwrap().refused.is_some(),
        "an unknown node is refused"
    );
    assert_eq!(state.nodes(), vec![0]);
}

#[wasm_bindgen_test]
fn schemes_share_key_positions_and_bounded_loads_respect_the_cap() {
    let ring = RingState::new(setup(Scheme::Ring));
    let hrw = RingState::new(setup(Scheme::Rendezvous));
    let mut bounded = RingState::new(RingSetup {
        c: 1.1,
        ..setup(Scheme::Bounded)
    });
    for i in 0..50 {
        assert_eq!(ring.key_position(i), hrw.key_position(i));
        assert_eq!(ring.key_position(i), bounded.key_position(i));
    }
    assert!(hrw.tokens().is_empty());
    assert_eq!(ring.tokens().len(), 4 * 8);
    for change in [NodeChange::Add, NodeChange::Remove(0), NodeChange::Add] {
        bounded.apply(&change);
        let cap = bounded.cap().unwrap();
        assert!(
            bounded.loads().values().all(|&l| l <= cap),
            "cap {cap}: {:?}",
            bounded.loads()
        );
    }
    assert!(bounded.max_over_mean() <= 1.1 + 1e-9 + 5.0 / 200.0);
    // Preference lists: distinct, owner first, as long as asked.
    for state in [&ring, &hrw, &bounded] {
        let owners = state.owners();
        for (i, &owner) in owners.iter().enumerate().take(20) {
            let list = state.preference_list(i, 3);
            assert_eq!(list.len(), 3);
            assert_eq!(Some(list[0]), owner);
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 3);
        }
    }
}

#[wasm_bindgen_test]
fn the_ring_permalink_round_trips_and_names_bad_values() {
    let s = RingScenario::from_query(
        "?scheme=bounded&nodes=5&vnodes=3&keys=90&c=1.5&r=2&seed=9&ops=a,r2,a&step=2&key=17",
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(s.setup.scheme, Scheme::Bounded);
    assert_eq!(
        s.changes,
        vec![NodeChange::Add, NodeChange::Remove(2), NodeChange::Add]
    );
    let query = RingScenario::to_query(&s.setup, s.replicas, &s.changes, s.step, s.key);
    assert_eq!(RingScenario::from_query(&query), s);
    let bad = RingScenario::from_query(
        "?scheme=chord&nodes=0&vnodes=x&keys=99999&c=9&ops=a,zz,r&step=50&key=-1",
    );
    common::assert_named(
        &bad.problems,
        &[
            "scheme=chord",
            "nodes=0",
            "vnodes=x",
            "keys=99999",
            "c=9",
            "'zz'",
            "'r'",
            "step=50",
            "key=-1",
        ],
    );
    assert_eq!(bad.setup, default_setup());
    assert_eq!(bad.changes, vec![NodeChange::Add]);
    let player = ring_player(bad.setup, bad.changes, bad.step);
    assert_eq!(player.step_index(), 0);
}

#[wasm_bindgen_test]
fn placed_changes_merge_into_a_run_and_read_back() {
    let generated = vec![10, 11, 12];
    let placed = [
        (0, NodeChange::Add),
        (2, NodeChange::Remove(1)),
        (9, NodeChange::Add),
    ];
    let wrap = |c: NodeChange| match c {
        NodeChange::Add => 100,
        NodeChange::Remove(n) => 200 + n as i32,
    };
    let ops = merge_placed(generated, &placed, wrap);
    assert_eq!(ops, vec![100, 10, 201, 11, 12, 100]);
    let back = placed_of(&ops, |&op| match op {
        100 => Some(NodeChange::Add),
        o if o >= 200 => Some(NodeChange::Remove((o - 200) as usize)),
        _ => None,
    });
    assert_eq!(
        back,
        vec![
            (0, NodeChange::Add),
            (2, NodeChange::Remove(1)),
            (5, NodeChange::Add)
        ]
    );
    let mut q = Query::parse(&format!("?c={}", encode_placed(&back)));
    assert_eq!(read_placed_changes(&mut q, "c"), back);
    let mut q = Query::parse("?c=3.a,2.a,x.a,4.q");
    assert_eq!(read_placed_changes(&mut q, "c"), vec![(3, NodeChange::Add)]);
    assert_eq!(q.problems.len(), 3, "{:?}", q.problems);
}

#[wasm_bindgen_test]
fn a_zipf_workload_splits_the_hot_range_and_expiry_merges() {
    let s = range_default();
    let ops = workload(&s);
    assert_eq!(ops, workload(&s), "same seed, same workload");
    let writes: usize = ops
        .iter()
        .map(|op| match op {
            RangeOp::Writes(w) => w.len(),
            _ => 0,
        })
        .sum();
    assert_eq!(writes as u64, s.writes);
    let mut state = RangeState::new(s);
    let mut split_at = None;
    let mut hottest_start = u64::MAX;
    for (i, op) in ops.iter().enumerate() {
        state.apply(op);
        if split_at.is_none() && state.last().unwrap().splits > 0 {
            split_at = Some(i);
            let ranges = state.ranges();
            let hot = ranges.iter().max_by_key(|r| r.load).unwrap();
            hottest_start = bound_value(&hot.start);
        }
        // The ranges tile the key space in order, whatever happened.
        let ranges = state.ranges();
        assert!(ranges[0].start.is_empty());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end.as_ref(), Some(&pair[1].start));
        }
        assert!(ranges.last().unwrap().end.is_none());
        if matches!(op, RangeOp::Writes(_)) {
            assert!(state.partitioner().merges() == 0, "writes never merge");
        }
    }
    assert!(
        split_at.is_some_and(|i| i < 20),
        "a range splits early: {split_at:?}"
    );
    assert!(
        hottest_start < 10,
        "the hot range holds the lowest keys: starts at {hottest_start}"
    );
    let part = state.partitioner();
    assert!(part.splits() > 5, "{} splits", part.splits());
    assert!(part.merges() > 0, "expiry merges small ranges");
    assert!(part.range_moves() > 0, "the balancer moved ranges");
}

#[wasm_bindgen_test]
fn a_node_added_mid_run_takes_ranges_and_the_permalink_keeps_it() {
    let s = range_default();
    let placed = vec![(30, NodeChange::Add)];
    let mut player = range_player(s, &placed, 31);
    let state = player.state();
    assert_eq!(state.next_node(), 4);
    let step = state.last().unwrap().clone();
    assert!(step.refused.is_none());
    assert!(
        !step.moved.is_empty(),
        "the balancer hands node 3 some ranges"
    );
    assert!(
        step.moved.iter().any(|&(_, _, to)| to == 3),
        "{:?}",
        step.moved
    );
    assert_eq!(placed_changes(player.ops()), placed);
    assert_eq!(operations(&s, &placed).len(), player.horizon() as usize);
    let query = RangeScenario::to_query(&s, &placed, 31);
    let back = RangeScenario::from_query(&query);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!((back.setup, back.placed, back.step), (s, placed, 31));
    player.seek(0);
    assert_eq!(player.state().ranges().len(), 1);
    let bad = RangeScenario::from_query(
        "?nodes=99&u=1&s=-2&writes=0&batch=x&expire=101&split-keys=1&split-load=0&changes=z&step=-1",
    );
    common::assert_named(
        &bad.problems,
        &[
            "nodes=99",
            "u=1",
            "s=-2",
            "writes=0",
            "batch=x",
            "expire=101",
            "split-keys=1",
            "split-load=0",
            "'z'",
            "step=-1",
        ],
    );
    assert_eq!(bad.setup, range_default());
    assert_eq!(RangeConfig::default().slop, 0.2);
}

#[wasm_bindgen_test]
fn balls_step_like_the_core_and_the_profile_meets_the_fluid_limit() {
    let s = balls_default();
    assert_eq!(batches(&s).iter().sum::<u64>(), s.balls);
    let batched = dsviz_web::viz::partition::balls_model::BallsSetup { batch: 7, ..s };
    assert_eq!(batches(&batched), vec![7, 7, 7, 7, 7, 5]);
    let mut player = balls_player(&s, 40);
    let mut core = BallsIntoBins::new(s.bins, s.choices, s.seed).unwrap();
    core.throw_many(s.balls);
    assert_eq!(player.state().run().loads(), core.loads());
    let last = player.state().last().unwrap();
    assert_eq!(last.candidates.len(), 2);
    let (measured, theory) = player.state().profile();
    assert_eq!(measured.len(), theory.len());
    assert!(measured.len() >= 5);
    assert_eq!(theory, fluid_limit(2, 1.0, measured.len()));
    player.seek(0);
    assert!(player.state().last().is_none());
    // Many bins: the measured profile is close to the fluid limit.
    let mut big = BallsState::new(&dsviz_web::viz::partition::balls_model::BallsSetup {
        bins: 400,
        balls: 400,
        ..s
    });
    big.apply(&400);
    let (m, t) = big.profile();
    assert!(
        (m[0] - t[0]).abs() < 0.06 && (m[1] - t[1]).abs() < 0.06,
        "{m:?} vs {t:?}"
    );

    let query = BallsScenario::to_query(&s, 12);
    let back = BallsScenario::from_query(&query);
    assert!(back.problems.is_empty());
    assert_eq!((back.setup, back.step), (s, 12));
    let bad = BallsScenario::from_query("?n=1&d=9&m=0&batch=0&exp-n=7&trials=0&step=x");
    common::assert_named(
        &bad.problems,
        &[
            "n=1", "d=9", "m=0", "batch=0", "exp-n=7", "trials=0", "step=x",
        ],
    );
    assert_eq!(bad.setup, balls_default());
    let heavy = BallsScenario::from_query("?exp-n=1000000&trials=500");
    common::assert_named(&heavy.problems, &["trials=500"]);
    assert_eq!(heavy.setup.trials, 100);
}

#[wasm_bindgen_test]
fn the_sliced_experiment_agrees_with_the_core_experiment() {
    let mut run = MaxLoadRun::new(1_000, 4, 77);
    let mut slices = 0;
    while !run.run_slice() {
        slices += 1;
        assert!(slices < 100);
    }
    assert_eq!(run.progress(), (12, 12));
    for result in &run.results {
        let core = balls_into_bins(1_000, 1_000, result.choices, 4, 77).unwrap();
        assert_eq!(
            result.max_loads, core.max_load_histogram,
            "d = {}",
            result.choices
        );
        assert!((result.mean_max_load() - core.mean_max_load).abs() < 1e-12);
    }
    let means: Vec<f64> = run.results.iter().map(|r| r.mean_max_load()).collect();
    assert!(means[0] > means[1] && means[1] >= means[2], "{means:?}");
    // Slicing inside a trial gives the same answer.
    let mut sliced = MaxLoadRun::new(300_000, 1, 5);
    let mut whole = BallsIntoBins::new(
        300_000,
        1,
        dsviz_web::viz::partition::balls_experiment::trial_seed(5, 0),
    )
    .unwrap();
    whole.throw_many(300_000);
    assert!(!sliced.run_slice(), "300,000 balls take two slices");
    while !sliced.run_slice() {}
    assert_eq!(
        sliced.results[0].max_loads.keys().next(),
        Some(&whole.max_load())
    );
}

/// Clicks an element: HTML elements by `click()`, SVG ones by a click event.
fn click(container: &web_sys::HtmlElement, selector: &str) {
    let element = common::find(container, selector);
    match element.dyn_ref::<web_sys::HtmlElement>() {
        Some(html) => html.click(),
        None => {
            let event = web_sys::Event::new("click").expect("a click event");
            element.dispatch_event(&event).expect("dispatch the click");
        }
    }
}

#[wasm_bindgen_test]
async fn the_ring_page_adds_a_node_and_counts_the_moved_keys() {
    let container = common::container();
    let _mounted = leptos::mount::mount_to(container.clone(), || {
        view! { <RingPage search="?keys=120&step=0".to_string() embed=false /> }
    });
    leptos::task::tick().await;
    let find = |selector: &str| common::find(&container, selector);
    assert_eq!(
        find("[data-testid=hash-ring]")
            .get_attribute("data-moved")
            .as_deref(),
        Some("0")
    );
    click(&container, "[data-testid=add-node]");
    leptos::task::tick().await;
    let moved: usize = find("[data-testid=moved-count]")
        .text_content()
        .unwrap()
        .parse()
        .unwrap();
    assert!(moved > 0);
    assert_eq!(
        find("[data-testid=hash-ring]").get_attribute("data-moved"),
        Some(moved.to_string())
    );
    let ringed = container
        .query_selector_all("[data-moved=true]")
        .unwrap()
        .length() as usize;
    assert_eq!(ringed, moved);
    assert_eq!(
        find("[data-testid=expected-count]")
            .text_content()
            .as_deref(),
        Some("24")
    );
    click(&container, "[data-testid=key-3]");
    leptos::task::tick().await;
    assert_eq!(
        find("[data-testid=preference-list]").child_element_count(),
        3
    );
    click(&container, "[data-testid=scheme-hrw]");
    leptos::task::tick().await;
    assert_eq!(
        find("[data-testid=hash-ring]")
            .query_selector_all(".ring-token")
            .unwrap()
            .length(),
        0
    );
}

#[wasm_bindgen_test]
async fn the_range_and_balls_pages_render_and_bad_links_say_so() {
    let container = common::container();
    let _range = leptos::mount::mount_to(container.clone(), || {
        view! { <RangePage search="?step=40&u=zero".to_string() embed=false /> }
    });
    let _balls = leptos::mount::mount_to(container.clone(), || {
        view! { <BallsPage search="?step=40".to_string() embed=true /> }
    });
    leptos::task::tick().await;
    let find = |selector: &str| common::find(&container, selector);
    assert!(
        find("[data-testid=url-problems]")
            .text_content()
            .unwrap()
            .contains("u=zero")
    );
    let ranges: usize = find("[data-testid=range-count]")
        .text_content()
        .unwrap()
        .parse()
        .unwrap();
    assert!(ranges > 1, "a hot range has split by step 40");
    assert_eq!(
        find("[data-testid=key-bar]").get_attribute("data-ranges"),
        Some(ranges.to_string())
    );
    assert_eq!(
        find("[data-testid=ball-count]").text_content().as_deref(),
        Some("40")
    );
    assert_eq!(
        container
            .query_selector_all("[data-testid^=bin-]")
            .unwrap()
            .length(),
        40
    );
    assert!(
        container
            .query_selector("[data-testid=profile-chart]")
            .unwrap()
            .is_some()
    );
}
