//! The Bully and ring pages' adapters in the browser: played forward, every
//! scenario ends as its sentence promises — the message count of the
//! textbook's best and worst case, the highest live node elected after a
//! crash, a dead successor skipped, the old leader taking over again. That
//! each opens cleanly and round-trips its link is checked in `player.rs`.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::election::{BULLY, RING};
use dsviz_web::viz::sim_page::{Opened, Protocol, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn played(protocol: &'static dyn Protocol, slug: &str, ms: u64) -> Opened {
    let mut opened = open(protocol, &format!("?scenario={slug}"));
    assert!(opened.problems.is_empty(), "{slug}: {:?}", opened.problems);
    let until = opened.run.cursor_time() + ms * 1_000;
    opened.run.run_until(until);
    opened
}

/// The agreed leader's id (`data-value` of the status), or what is going on.
fn leader(opened: &Opened) -> String {
    opened.run.status().value
}

/// The election messages counted so far, read from the status line as a
/// viewer reads it: "election messages so far: 24 (…".
fn messages_so_far(opened: &Opened) -> u64 {
    let text = opened.run.status().text;
    let after = text
        .split("election messages so far: ")
        .nth(1)
        .unwrap_or_else(|| panic!("no count in {text}"));
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits
        .parse()
        .unwrap_or_else(|_| panic!("no count in {text}"))
}

#[wasm_bindgen_test]
fn bully_costs_n_squared_minus_one_from_the_lowest_and_n_minus_one_from_the_highest() {
    let worst = played(&BULLY, "worst-case", 800);
    assert_eq!(leader(&worst), "4", "{}", worst.run.status().text);
    assert_eq!(messages_so_far(&worst), 24);
    let best = played(&BULLY, "best-case", 800);
    assert_eq!(leader(&best), "4");
    assert_eq!(messages_so_far(&best), 4);
}

#[wasm_bindgen_test]
fn bully_elects_the_highest_live_node_after_crashes_and_recoveries() {
    for slug in ["leader-crash", "concurrent"] {
        let opened = played(&BULLY, slug, 1_500);
        assert_eq!(leader(&opened), "3", "{slug}: {}", opened.run.status().text);
    }
    let back = played(&BULLY, "leader-recovers", 1_500);
    assert_eq!(leader(&back), "4", "{}", back.run.status().text);
}

#[wasm_bindgen_test]
fn chang_roberts_costs_between_2n_and_3n_minus_one_ring_messages_plus_acks() {
    // Ring messages plus one ack each: 2 × (3N − 1) and 2 × 2N for N = 5.
    let worst = played(&RING, "worst-case", 800);
    assert_eq!(leader(&worst), "4", "{}", worst.run.status().text);
    assert_eq!(messages_so_far(&worst), 28);
    let best = played(&RING, "best-case", 800);
    assert_eq!(leader(&best), "4");
    assert_eq!(messages_so_far(&best), 20);
    let list = played(&RING, "list", 800);
    assert_eq!(leader(&list), "4");
    assert_eq!(messages_so_far(&list), 20);
    assert_eq!(leader(&played(&RING, "everyone", 800)), "4");
}

#[wasm_bindgen_test]
fn the_ring_skips_a_dead_successor_and_a_recovered_leader_wins_it_back() {
    let skipped = played(&RING, "dead-successor", 2_000);
    assert_eq!(leader(&skipped), "3", "{}", skipped.run.status().text);
    let s1 = &skipped.run.state_table().1[0];
    let skips = s1.cells.last().expect("a skips column");
    assert_ne!(skips, "0", "S1 skipped its dead successor S2");
    let back = played(&RING, "leader-recovers", 2_000);
    assert_eq!(leader(&back), "4", "{}", back.run.status().text);
}
