//! The Bloom page's model: URL parsing (good and bad values), item
//! encoding (shared by every sketch page), the generated run, the replayed
//! filter's verdicts and tally, the view's cell marks, and the mounted page.
#![cfg(target_arch = "wasm32")]

use dsviz_web::player::{OpPlayer, Replay, Transport};
use dsviz_web::viz::bloom::params::{WORDS, switch_variant};
use dsviz_web::viz::bloom::state::Verdict;
use dsviz_web::viz::bloom::view::{self, Mark};
use dsviz_web::viz::bloom::{BloomPage, BloomParams, BloomScenario, BloomState, Variant};
use dsviz_web::viz::item_ops::{ItemOp, decode_ops};
use dsviz_web::viz::item_text::{MAX_ITEM_CHARS, check_item, decode_item, encode_item};
use leptos::prelude::*;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn replay(params: &BloomParams, ops: &[ItemOp]) -> BloomState {
    let mut state = params.initial_state();
    ops.iter().for_each(|op| state.apply(op));
    state
}

fn insert(item: &str) -> ItemOp {
    ItemOp::Insert(item.into())
}
fn query(item: &str) -> ItemOp {
    ItemOp::Query(item.into())
}
fn remove(item: &str) -> ItemOp {
    ItemOp::Remove(item.into())
}

#[wasm_bindgen_test]
fn an_empty_query_gives_the_default_run() {
    let s = BloomScenario::from_query("");
    assert_eq!(s.params, BloomParams::default());
    assert_eq!(s.ops, s.params.generated_ops());
    assert_eq!(s.ops.len(), 20 + 30);
    assert_eq!(s.step, 0);
    assert!(s.problems.is_empty(), "{:?}", s.problems);
}

#[wasm_bindgen_test]
fn good_values_are_read() {
    let s = BloomScenario::from_query("?variant=counting&m=200&k=5&n=10&q=4&seed=9&step=7");
    assert_eq!(
        s.params,
        BloomParams {
            variant: Variant::Counting,
            cells: 200,
            hashes: 5,
            items: 10,
            queries: 4,
            seed: 9
        }
    );
    assert_eq!((s.ops.len(), s.step), (14, 7));
    assert!(s.problems.is_empty(), "{:?}", s.problems);
}

#[wasm_bindgen_test]
fn bad_values_are_named_and_replaced_by_defaults() {
    let s = BloomScenario::from_query(
        "?variant=fancy&m=5000&k=0&n=x&q=-3&seed=abc&at=999&step=999999&ops=z.cat,i.~ZZ,i.ok",
    );
    common::assert_named(
        &s.problems,
        &[
            "variant=fancy",
            "m=5000",
            "k=0",
            "n=x",
            "q=-3",
            "seed=abc",
            "at=999",
            "step=999999",
            "'z.cat'",
            "'i.~ZZ'",
        ],
    );
    let d = BloomParams::default();
    assert_eq!(s.params, d);
    // The readable operation survives, after the whole generated run.
    let mut expected = d.generated_ops();
    expected.push(insert("ok"));
    assert_eq!(s.ops, expected);
    assert_eq!(s.step, 0);
}

#[wasm_bindgen_test]
fn items_survive_the_url_whatever_their_text() {
    for item in [
        "cat",
        "hello world",
        "a,b~c&d=e",
        "naïve ☃ 猫",
        "%41+x",
        "dots.and-dashes_",
    ] {
        let encoded = encode_item(item);
        assert!(
            encoded
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)),
            "{encoded} is URL-safe"
        );
        assert_eq!(decode_item(&encoded).as_deref(), Some(item));
        // Through a whole link too.
        let params = BloomParams::default();
        let ops = vec![query(item)];
        let link = BloomScenario::to_query(&params, &ops, 1);
        let back = BloomScenario::from_query(&link);
        assert_eq!(back.ops, ops, "{link}");
    }
    for bad in ["~", "~4", "~G1", "~+1", "~FF", ""] {
        assert_eq!(decode_item(bad), None, "{bad} is refused");
    }
}

#[wasm_bindgen_test]
fn empty_and_overlong_items_are_refused_with_a_reason() {
    assert_eq!(check_item("  cat "), Ok("cat".to_string()));
    assert!(check_item("   ").is_err());
    let long = "x".repeat(MAX_ITEM_CHARS + 1);
    let why = check_item(&long).unwrap_err();
    assert!(why.contains("64") && why.contains("65"), "{why}");
    assert!(
        check_item(&"é".repeat(MAX_ITEM_CHARS)).is_ok(),
        "characters, not bytes"
    );
    assert_eq!(decode_item(&long), None);
    let (ops, problems) = decode_ops(&format!("i.{long},q.fine"));
    assert_eq!(ops, vec![query("fine")]);
    assert_eq!(problems.len(), 1);
}

#[wasm_bindgen_test]
fn a_link_reproduces_a_forked_run_with_own_operations() {
    let params = BloomParams {
        variant: Variant::Counting,
        ..BloomParams::default()
    };
    let mut ops = params.generated_ops();
    ops.truncate(10);
    ops.extend([
        insert("my item, really"),
        query("x~y"),
        remove("my item, really"),
    ]);
    let link = BloomScenario::to_query(&params, &ops, 12);
    assert!(link.contains("at=10"), "{link}");
    let back = BloomScenario::from_query(&link);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(
        (back.params, back.ops.clone(), back.step),
        (params.clone(), ops.clone(), 12)
    );
    assert_eq!(
        replay(&params, &back.ops[..12]),
        replay(&params, &ops[..12])
    );
}

#[wasm_bindgen_test]
fn an_untouched_run_writes_only_its_parameters() {
    let params = BloomParams::default();
    let link = BloomScenario::to_query(&params, &params.generated_ops(), 5);
    assert!(!link.contains("ops=") && !link.contains("at="), "{link}");
    // A run cut short by a push that matched the generated op keeps its length.
    let short = &params.generated_ops()[..8];
    let back = BloomScenario::from_query(&BloomScenario::to_query(&params, short, 8));
    assert_eq!(back.ops, short);
}

#[wasm_bindgen_test]
fn a_plain_filter_link_cannot_remove() {
    let s = BloomScenario::from_query("?variant=plain&ops=i.cat,r.cat");
    assert!(
        s.problems.iter().any(|p| p.contains("r.cat")),
        "{:?}",
        s.problems
    );
    assert!(!s.ops.iter().any(|op| matches!(op, ItemOp::Remove(_))));
    let (ops, step) = switch_variant(
        &[insert("a"), remove("a"), query("a"), insert("b")],
        3,
        Variant::Plain,
    );
    assert_eq!((ops, step), (vec![insert("a"), query("a"), insert("b")], 2));
    let (ops, step) = switch_variant(&[insert("a"), remove("a")], 2, Variant::Counting);
    assert_eq!((ops.len(), step), (2, 2));
}

#[wasm_bindgen_test]
fn the_generated_run_is_seeded_and_asks_only_strangers() {
    let a = WORDS.members(7, 50);
    assert_eq!(a, WORDS.members(7, 50));
    assert_ne!(a, WORDS.members(8, 50));
    assert_eq!(a.len(), 50);
    let mut distinct = a.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 50);
    let asked = WORDS.strangers(7, 200, &a);
    assert_eq!(asked.len(), 200);
    assert!(asked.iter().all(|s| !a.contains(s)));
    // The words every existing permalink was made with.
    assert_eq!(WORDS.members(1, 4), ["bouvoze", "zipou", "viro", "ruli"]);
    assert_eq!(
        WORDS.strangers(1, 3, &WORDS.members(1, 4)),
        ["zoubi", "zounito", "fouvu"]
    );
}

#[wasm_bindgen_test]
fn an_insert_sets_exactly_its_positions_and_marks_them_new() {
    let params = BloomParams::default();
    let state = replay(&params, &[insert("cat")]);
    let positions = state.positions("cat");
    assert_eq!(positions.len(), 3);
    for (i, value) in state.cells().into_iter().enumerate() {
        assert_eq!(value == 1, positions.contains(&i), "cell {i}");
    }
    let cells = view::cells(&state);
    for &p in &positions {
        assert_eq!(cells[p].mark, Mark::NewlySet);
    }
    let outcome = state.last().unwrap();
    let mut distinct = positions.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(
        outcome.verdict,
        Verdict::Inserted {
            newly_set: distinct.len()
        }
    );
    // Inserting again changes nothing and marks them already set.
    let again = replay(&params, &[insert("cat"), insert("cat")]);
    assert_eq!(again.cells(), state.cells());
    assert!(
        positions
            .iter()
            .all(|&p| view::cells(&again)[p].mark == Mark::AlreadySet)
    );
}

#[wasm_bindgen_test]
fn the_default_run_catches_false_positives_and_tallies_them() {
    let params = BloomParams::default();
    let ops = params.generated_ops();
    let mut state = params.initial_state();
    let mut seen_fp = 0;
    for op in &ops {
        state.apply(op);
        let verdict = state.last().unwrap().verdict;
        if let ItemOp::Query(_) = op {
            assert!(
                matches!(verdict, Verdict::DefinitelyNot | Verdict::FalsePositive),
                "{verdict:?}"
            );
            if verdict == Verdict::FalsePositive {
                seen_fp += 1;
                let sentence = view::verdict_sentence(state.last().unwrap());
                assert!(sentence.contains("FALSE POSITIVE"), "{sentence}");
                assert!(
                    view::cells(&state)
                        .iter()
                        .all(|c| c.mark != Mark::CheckedZero)
                );
            } else {
                assert!(
                    view::cells(&state)
                        .iter()
                        .any(|c| c.mark == Mark::CheckedZero)
                );
            }
        }
    }
    let tally = state.tally();
    assert_eq!((tally.queries, tally.negatives), (30, 30));
    assert_eq!(tally.false_positives, seen_fp);
    assert!(
        seen_fp > 0,
        "the default run shows at least one false positive"
    );
    let figures = view::fpr(&state);
    assert_eq!(figures.measured, Some(seen_fp as f64 / 30.0));
    assert_eq!(figures.members, 20);
    let expected = (1.0 - (-3.0 * 20.0 / 96.0f64).exp()).powi(3);
    assert!((figures.formula - expected).abs() < 1e-12);
    // Every member is still reported present: no false negatives.
    for op in &ops[..20] {
        assert!(state.contains(op.item()));
    }
}

#[wasm_bindgen_test]
fn a_probe_of_fresh_strangers_lands_near_the_formula() {
    let params = BloomParams {
        cells: 1024,
        hashes: 4,
        items: 200,
        queries: 0,
        ..BloomParams::default()
    };
    let state = replay(&params, &params.generated_ops());
    let probe = state.probe(10_000);
    assert_eq!(probe.probes, 10_000);
    let measured = probe.hits as f64 / probe.probes as f64;
    assert!(
        (measured - state.formula_fpr()).abs() < 0.03,
        "{measured} vs {}",
        state.formula_fpr()
    );
    assert!((measured - state.fill_fpr()).abs() < 0.03);
}

#[wasm_bindgen_test]
fn counting_removes_restore_counters_and_refuse_strangers() {
    let params = BloomParams {
        variant: Variant::Counting,
        ..BloomParams::default()
    };
    let dog_only = replay(&params, &[insert("dog")]);
    let state = replay(&params, &[insert("dog"), insert("cat"), remove("cat")]);
    assert_eq!(state.cells(), dog_only.cells());
    assert_eq!(state.last().unwrap().verdict, Verdict::Removed);
    assert!(
        state
            .positions("cat")
            .iter()
            .all(|&p| view::cells(&state)[p].mark == Mark::Decremented)
    );
    let refused = replay(&params, &[insert("dog"), remove("cat")]);
    assert_eq!(refused.cells(), dog_only.cells());
    assert_eq!(refused.last().unwrap().verdict, Verdict::RemoveRefused);
    // A plain filter refuses every removal.
    let plain = replay(&BloomParams::default(), &[insert("dog"), remove("dog")]);
    assert_eq!(plain.last().unwrap().verdict, Verdict::RemoveUnsupported);
    assert!(plain.contains("dog"));
}

#[wasm_bindgen_test]
fn removing_a_stranger_that_looks_present_causes_a_false_negative() {
    let params = BloomParams {
        variant: Variant::Counting,
        cells: 8,
        hashes: 1,
        ..BloomParams::default()
    };
    let base = replay(&params, &[insert("a")]);
    let target = base.positions("a")[0];
    let stranger = (0..1000)
        .map(|i| format!("s{i}"))
        .find(|s| base.positions(s)[0] == target)
        .expect("one word in eight shares the cell");
    let mut state = base.clone();
    state.apply(&remove(&stranger));
    assert_eq!(state.last().unwrap().verdict, Verdict::RemovedStranger);
    state.apply(&query("a"));
    assert_eq!(state.last().unwrap().verdict, Verdict::FalseNegative);
    assert_eq!(state.tally().false_negatives, 1);
    assert!(view::verdict_sentence(state.last().unwrap()).contains("FALSE NEGATIVE"));
}

#[wasm_bindgen_test]
fn counters_saturate_at_fifteen_and_are_marked() {
    let params = BloomParams {
        variant: Variant::Counting,
        cells: 8,
        hashes: 1,
        ..BloomParams::default()
    };
    let ops: Vec<ItemOp> = (0..16).map(|_| insert("hot")).collect();
    let state = replay(&params, &ops);
    let p = state.positions("hot")[0];
    assert_eq!(state.cell(p), 15);
    assert!(view::cells(&state)[p].saturated);
    assert_eq!(view::fpr(&state).saturated, 1);
    let plain = replay(
        &BloomParams {
            cells: 8,
            hashes: 1,
            ..BloomParams::default()
        },
        &ops,
    );
    assert!(!view::cells(&plain)[p].saturated);
}

#[wasm_bindgen_test]
fn the_optimal_k_hint_follows_m_over_n() {
    let at = |cells, items| {
        BloomParams {
            cells,
            items,
            ..BloomParams::default()
        }
        .optimal_hashes()
    };
    assert_eq!(at(96, 20), 3);
    assert_eq!(at(1024, 100), 7);
    assert_eq!(at(8, 500), 1);
    assert_eq!(
        at(64, 0),
        16,
        "n = 0 counts as 1, and k stays in the slider's range"
    );
    assert_eq!(at(1024, 10), 16);
}

#[wasm_bindgen_test]
fn the_player_replays_the_same_state_at_the_same_step() {
    let s = BloomScenario::from_query("?seed=4&step=33");
    let mut a = OpPlayer::new(s.params.initial_state(), s.ops.clone(), 2.0);
    a.seek(s.step);
    let mut b = OpPlayer::new(s.params.initial_state(), s.ops, 2.0);
    b.seek(50);
    b.seek(33);
    assert_eq!(a.state(), b.state());
}

#[wasm_bindgen_test]
async fn the_page_mounts_with_its_cells_at_the_linked_step() {
    let container = common::container();
    let _mounted = leptos::mount::mount_to(container.clone(), || {
        view! { <BloomPage search="?m=64&step=3".to_string() embed=false /> }
    });
    leptos::task::tick().await;
    let find = |selector: &str| common::find(&container, selector);
    assert_eq!(
        find("[data-testid=cell-grid]")
            .get_attribute("data-cells")
            .as_deref(),
        Some("64")
    );
    assert_eq!(
        find("[data-testid=step-index]").text_content().as_deref(),
        Some("3")
    );
    assert_eq!(
        find("[data-testid=verdict]")
            .get_attribute("data-verdict")
            .as_deref(),
        Some("inserted")
    );
    let lit = (0..64)
        .filter(|i| {
            let mark = find(&format!("[data-testid=cell-{i}]")).get_attribute("data-mark");
            matches!(mark.as_deref(), Some("new" | "already"))
        })
        .count();
    assert!(
        (1..=3).contains(&lit),
        "the third item's positions are lit ({lit})"
    );
}
