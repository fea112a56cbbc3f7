//! The cuckoo and quotient filter pages' models: items, links, the replayed
//! state with its truth, and the view data the pictures draw.
#![cfg(target_arch = "wasm32")]

use dsviz_core::sketch::{CuckooFilter, QuotientFilter};
use dsviz_web::player::{Replay, Transport};
use dsviz_web::viz::filters::cuckoo::{SlotMark, cuckoo_rows, hex, kick_steps};
use dsviz_web::viz::filters::quotient::{QuotientMark, quotient_slots};
use dsviz_web::viz::filters::run::{FilterRun, LastOp, Membership, Verdict};
use dsviz_web::viz::filters::scenario::{FilterKind, Scenario, WORDS};
use dsviz_web::viz::filters::{CuckooParams, QuotientParams};
use dsviz_web::viz::item_ops::{ItemOp, decode_ops, encode_ops};
use dsviz_web::viz::item_text::check_item;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn operations_round_trip_through_link_text_and_bad_ones_are_named() {
    let ops = vec![
        ItemOp::Insert("owl-7".into()),
        ItemOp::Query("a.b_c".into()),
        ItemOp::Remove("X".into()),
        ItemOp::Insert("has space, too".into()),
    ];
    let text = encode_ops(&ops);
    assert_eq!(text, "i.owl-7,q.a.b_c,r.X,i.has~20space~2C~20too");
    assert_eq!(decode_ops(&text), (ops, Vec::new()));
    // Links from when the filter pages wrote a removal as `d.` still open.
    assert_eq!(decode_ops("d.X").0, vec![ItemOp::Remove("X".into())]);
    let (ops, problems) = decode_ops("i.ok,z.bad,q.,i.~G1,q.fine");
    assert_eq!(
        ops,
        vec![ItemOp::Insert("ok".into()), ItemOp::Query("fine".into())]
    );
    assert_eq!(problems.len(), 3);
    assert!(problems[0].contains("'z.bad'"));
}

#[wasm_bindgen_test]
fn generated_items_are_seeded_distinct_and_non_members_are_not_members() {
    let members = WORDS.members(4, 100);
    assert_eq!(members, WORDS.members(4, 100));
    assert_ne!(members, WORDS.members(5, 100));
    let mut sorted = members.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 100);
    let others = WORDS.strangers(4, 50, &members);
    assert_eq!(others.len(), 50);
    assert!(others.iter().all(|o| !members.contains(o)));
    assert!(
        members
            .iter()
            .all(|m| check_item(m).as_deref() == Ok(m.as_str()))
    );
    // The words every existing permalink was made with.
    assert_eq!(
        WORDS.members(1, 4),
        ["ant-704", "gnu-403", "fox-481", "yak-458"]
    );
    assert_eq!(
        WORDS.strangers(1, 3, &WORDS.members(1, 4)),
        ["dog-402", "dog-553", "eel-709"]
    );
}

#[wasm_bindgen_test]
fn cuckoo_links_read_good_values_and_replace_bad_ones() {
    let s = Scenario::<CuckooParams>::from_query(
        "?seed=9&buckets=16&slots=2&bits=12&kicks=30&items=20&queries=5",
    );
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let p = &s.params;
    assert_eq!(
        (
            p.seed,
            p.buckets,
            p.bucket_size,
            p.fingerprint_bits,
            p.max_kicks,
            p.items,
            p.queries
        ),
        (9, 16, 2, 12, 30, 20, 5)
    );
    assert_eq!(s.step, 25, "no step means the end of the script");

    let bad = Scenario::<CuckooParams>::from_query(
        "?buckets=12&slots=0&bits=99&kicks=-1&items=9999&queries=x&step=77&ops=i.ok,!!",
    );
    let d = CuckooParams::default();
    assert_eq!(bad.params, d);
    common::assert_named(
        &bad.problems,
        &[
            "buckets=12",
            "slots=0",
            "bits=99",
            "kicks=-1",
            "items=9999",
            "queries=x",
            "step=77",
            "'!!'",
        ],
    );
    assert_eq!(bad.fork.added, vec![ItemOp::Insert("ok".into())]);
}

#[wasm_bindgen_test]
fn quotient_links_read_good_values_and_replace_bad_ones() {
    let s = Scenario::<QuotientParams>::from_query("?seed=3&q=4&r=6&items=10&queries=2&step=4");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    assert_eq!(
        (
            s.params.quotient_bits,
            s.params.remainder_bits,
            s.params.items,
            s.step
        ),
        (4, 6, 10, 4)
    );
    let bad = Scenario::<QuotientParams>::from_query("?q=9&r=1&items=70&kept=500");
    assert_eq!(bad.params, QuotientParams::default());
    assert_eq!(bad.problems.len(), 4, "{:?}", bad.problems);
    assert_eq!(bad.fork.kept, bad.params.script().len());
}

#[wasm_bindgen_test]
fn a_link_holds_added_operations_and_reproduces_the_state() {
    let scenario = Scenario::<CuckooParams>::from_query("?seed=2&items=10&queries=4&step=6");
    let mut player = scenario.player();
    assert_eq!(player.step_index(), 6);
    player.push(ItemOp::Insert("mine".into()));
    player.push(ItemOp::Query("mine".into()));
    player.push(ItemOp::Remove("mine".into()));
    player.step_back();
    let link = Scenario::<CuckooParams>::link(&scenario.params, player.ops(), player.step_index());
    assert!(link.starts_with("/cuckoo?seed=2&"), "{link}");
    assert!(
        link.contains("kept=6&ops=i.mine,q.mine,r.mine&step=8"),
        "{link}"
    );
    let again = Scenario::<CuckooParams>::from_query(link.trim_start_matches("/cuckoo"));
    assert!(again.problems.is_empty(), "{:?}", again.problems);
    let replayed = again.player();
    assert_eq!(replayed.ops(), player.ops());
    // The same link as the page wrote it before removals were spelled `r.`.
    let earlier = link.replace("r.mine", "d.mine");
    let earlier = Scenario::<CuckooParams>::from_query(earlier.trim_start_matches("/cuckoo"));
    assert_eq!(earlier.player().state(), player.state());
    assert_eq!(replayed.state(), player.state());
    assert!(matches!(
        replayed.state().last,
        Some(LastOp::Query {
            verdict: Verdict::Member,
            ..
        })
    ));
    // An untouched script needs neither kept nor ops.
    let plain = scenario.player();
    let link = Scenario::<CuckooParams>::link(&scenario.params, plain.ops(), 3);
    assert!(!link.contains("kept") && !link.contains("ops="), "{link}");
}

fn run_to_end<K: FilterKind>(params: &K) -> FilterRun<K::Filter> {
    let mut run = FilterRun::new(params.empty_filter());
    for op in params.script() {
        run.apply(&op);
    }
    run
}

#[wasm_bindgen_test]
fn cuckoo_members_are_always_found_and_verdicts_match_the_truth() {
    let params = CuckooParams {
        fingerprint_bits: 4,
        queries: 64,
        ..CuckooParams::default()
    };
    let run = run_to_end(&params);
    assert_eq!(run.tally.inserts, params.items);
    for member in run.members() {
        assert!(
            CuckooFilter::says_maybe(&run.filter.probe(member)),
            "{member}"
        );
    }
    assert_eq!(run.tally.non_member_queries, 64);
    assert_eq!(run.tally.false_negatives, 0);
    // 4-bit fingerprints at load 7/8: about 2·4·0.875/15 ≈ 37 % false positives.
    assert!(run.tally.false_positives > 5, "{:?}", run.tally);
    let mut copy = run.clone();
    let fp_item = WORDS
        .strangers(params.seed, 64, &WORDS.members(params.seed, params.items))
        .into_iter()
        .find(|item| CuckooFilter::says_maybe(&run.filter.probe(item)))
        .expect("some non-member collides at this size");
    copy.apply(&ItemOp::Query(fp_item.clone()));
    assert!(matches!(
        copy.last,
        Some(LastOp::Query {
            verdict: Verdict::FalsePositive,
            ..
        })
    ));
    // Deleting it removes someone else's fingerprint: an unsafe delete.
    copy.apply(&ItemOp::Remove(fp_item));
    assert_eq!(copy.tally.unsafe_deletes, 1);
    assert_eq!(copy.filter.stored(), run.filter.stored() - 1);
}

#[wasm_bindgen_test]
fn cuckoo_rows_mark_the_candidates_and_where_the_fingerprint_went() {
    let params = CuckooParams::default();
    let mut run = FilterRun::new(params.empty_filter());
    for item in WORDS.members(params.seed, 20) {
        run.apply(&ItemOp::Insert(item.clone()));
        let address = run.filter.address(&item);
        let rows = cuckoo_rows(&run);
        assert_eq!(rows.len(), 8);
        let marked: Vec<usize> = rows
            .iter()
            .filter(|r| r.candidate.is_some())
            .map(|r| r.bucket)
            .collect();
        let mut want = vec![address.first_bucket, address.second_bucket];
        want.sort();
        want.dedup();
        assert_eq!(marked, want);
        let fp = hex(address.fingerprint, 8);
        let placed: Vec<_> = rows
            .iter()
            .flat_map(|r| r.cells.iter().map(move |c| (r.bucket, c)))
            .filter(|(_, c)| matches!(c.mark, SlotMark::Placed | SlotMark::Moved))
            .collect();
        assert_eq!(placed.len(), 1, "one slot shows where the chain ended");
        let (steps, total) = kick_steps(&run, 100);
        if total == 0 {
            assert_eq!(placed[0].1.fingerprint.as_deref(), Some(fp.as_str()));
            assert!(want.contains(&placed[0].0));
        }
        for pair in steps.windows(2) {
            assert_eq!(
                pair[0].next_bucket, pair[1].bucket,
                "the chain is connected"
            );
            assert_eq!(pair[0].evicted, pair[1].placed);
        }
    }
}

#[wasm_bindgen_test]
fn fill_mode_ends_the_inserts_with_a_refusal_after_the_full_kick_budget() {
    let params = CuckooParams {
        buckets: 4,
        bucket_size: 2,
        fill: true,
        queries: 0,
        max_kicks: 20,
        ..CuckooParams::default()
    };
    let script = params.script();
    let run = run_to_end(&params);
    assert_eq!(run.tally.refused, 1);
    assert!(script.len() <= 9 + 1, "at most 8 fit, plus the refused one");
    match &run.last {
        Some(LastOp::Insert {
            detail,
            stored: false,
            ..
        }) => assert_eq!(detail.kicks.len(), 20),
        other => panic!("the script ends with the refused insert, got {other:?}"),
    }
    let (shown, total) = kick_steps(&run, 12);
    assert_eq!((shown.len(), total), (12, 20));
}

#[wasm_bindgen_test]
fn quotient_slots_show_runs_clusters_bits_and_the_last_insert() {
    let params = QuotientParams::default();
    let mut run = FilterRun::new(params.empty_filter());
    for item in WORDS.members(params.seed, params.items) {
        run.apply(&ItemOp::Insert(item.clone()));
        let (quotient, remainder) = run.filter.split(run.filter.fingerprint(&item));
        let slots = quotient_slots(&run);
        assert_eq!(slots.len(), 32);
        assert!(slots[quotient].is_occupied && slots[quotient].canonical);
        let landed: Vec<_> = slots
            .iter()
            .filter(|s| s.mark == QuotientMark::Landed)
            .collect();
        assert_eq!(landed.len(), 1);
        assert_eq!(landed[0].remainder, Some(format!("{remainder:x}")));
        assert_eq!(landed[0].owner, Some(quotient));
        assert_eq!(landed[0].is_shifted, landed[0].index != quotient);
        for (a, b) in slots.iter().zip(slots.iter().cycle().skip(1)) {
            if b.is_continuation {
                assert_eq!(
                    a.run_tone, b.run_tone,
                    "one run, one colour, even across the wrap"
                );
            }
            if a.owner.is_some() && b.owner.is_some() && a.owner != b.owner {
                assert_ne!(a.run_tone, b.run_tone, "neighbouring runs differ in colour");
                assert!(a.run_end && b.run_start);
            }
            if b.owner.is_some() && a.owner.is_none() && b.index != 0 {
                assert!(b.cluster_start, "a cluster starts after an empty slot");
            }
        }
    }
    assert_eq!(run.filter.stored(), params.items);
}

#[wasm_bindgen_test]
fn quotient_queries_scan_the_run_and_full_tables_refuse() {
    let params = QuotientParams {
        quotient_bits: 3,
        remainder_bits: 2,
        items: 12,
        queries: 30,
        ..QuotientParams::default()
    };
    let run = run_to_end(&params);
    assert_eq!(run.tally.refused, 4, "8 slots take 8 of 12 items");
    assert_eq!(run.filter.stored(), 8);
    assert_eq!(run.tally.false_negatives, 0);
    // Two-bit remainders in a full table: α/4 — about a fifth of the queries.
    assert!(run.tally.false_positives > 0);
    let members: Vec<String> = run.members().map(String::from).collect();
    let mut copy = run.clone();
    copy.apply(&ItemOp::Query(members[0].clone()));
    let slots = quotient_slots(&copy);
    assert_eq!(
        slots
            .iter()
            .filter(|s| s.mark == QuotientMark::Found)
            .count(),
        1
    );
    assert!(QuotientFilter::says_maybe(&copy.filter.probe(&members[0])));
}

#[wasm_bindgen_test]
fn the_same_link_gives_the_same_state() {
    for query in [
        "?seed=7&fill=1",
        "?seed=8&buckets=4&slots=1&kicks=3&items=6",
    ] {
        let a = Scenario::<CuckooParams>::from_query(query).player();
        let b = Scenario::<CuckooParams>::from_query(query).player();
        assert_eq!(a.state(), b.state());
        assert_eq!(cuckoo_rows(a.state()), cuckoo_rows(b.state()));
    }
    let a = Scenario::<QuotientParams>::from_query("?seed=4&q=6&r=3&items=60").player();
    let b = Scenario::<QuotientParams>::from_query("?seed=4&q=6&r=3&items=60").player();
    assert_eq!(quotient_slots(a.state()), quotient_slots(b.state()));
}

#[wasm_bindgen_test]
fn run_colours_hold_across_the_wrap_for_many_tables() {
    for seed in 0..40 {
        for quotient_bits in [3, 4] {
            let params = QuotientParams {
                seed,
                quotient_bits,
                remainder_bits: 3,
                items: (1 << quotient_bits) - 1,
                queries: 0,
            };
            let slots = quotient_slots(&run_to_end(&params));
            for (a, b) in slots.iter().zip(slots.iter().cycle().skip(1)) {
                if b.is_continuation {
                    assert_eq!(
                        a.run_tone, b.run_tone,
                        "seed {seed}: slot {} continues a run",
                        b.index
                    );
                } else if a.owner.is_some() && b.owner.is_some() {
                    assert_ne!(
                        a.run_tone, b.run_tone,
                        "seed {seed}: runs meet at slot {}",
                        b.index
                    );
                }
            }
        }
    }
}
