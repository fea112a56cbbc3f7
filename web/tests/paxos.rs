//! The consensus pages beyond Raft in the browser: every scenario's link
//! reproduces the core scenario it is built from (same digest at the same
//! step), and played forward it ends as its sentence says. That each opens
//! cleanly and round-trips its link is checked with every protocol's in
//! `player.rs`.
#![cfg(target_arch = "wasm32")]

use dsviz_core::consensus::fast_paxos::scenario as fast;
use dsviz_core::consensus::multi_paxos::scenario as multi;
use dsviz_core::consensus::paxos::Backoff;
use dsviz_core::consensus::paxos::scenario as paxos;
use dsviz_core::consensus::pbft::scenario as pbft;
use dsviz_core::sim::{Node, Simulation, millis};
use dsviz_web::viz::paxos::{FAST_PAXOS, MULTI_PAXOS, PAXOS, PBFT};
use dsviz_web::viz::sim_page::{Opened, Protocol, open};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Opens scenario `slug` and checks that it is the core's `core` run.
fn opened<N: Node>(protocol: &'static dyn Protocol, slug: &str, core: Simulation<N>) -> Opened {
    let opened = open(protocol, &format!("?scenario={slug}"));
    assert!(opened.problems.is_empty(), "{slug}: {:?}", opened.problems);
    assert_eq!(opened.run.step_index(), core.step_index(), "{slug}: step");
    assert_eq!(opened.run.digest(), core.world().digest(), "{slug}: digest");
    opened
}

fn play(opened: &mut Opened, ms: u64) {
    let until = opened.run.cursor_time() + millis(ms);
    opened.run.run_until(until);
}

fn status(opened: &Opened) -> String {
    opened.run.status().value
}

/// The cells of column `header` of the state table, one per node.
fn column(opened: &Opened, header: &str) -> Vec<String> {
    let (headers, rows) = opened.run.state_table();
    let at = headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {headers:?}"));
    rows.into_iter().map(|r| r.cells[at].clone()).collect()
}

/// The number before "ballots started" in the status line.
fn ballots_started(opened: &Opened) -> u64 {
    let text = opened.run.status().text;
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words.iter().position(|w| *w == "ballots").expect("a count");
    words[at - 1].parse().expect("a number")
}

#[wasm_bindgen_test]
fn paxos_duelling_proposers_livelock_without_backoff_and_agree_with_it() {
    let mut livelock = opened(
        &PAXOS,
        "duelling-livelock",
        paxos::duelling_proposers(Backoff::None),
    );
    play(&mut livelock, 2_000);
    assert_eq!(status(&livelock), "none");
    assert!(
        ballots_started(&livelock) > 50,
        "{:?}",
        livelock.run.status()
    );

    let mut backoff = opened(
        &PAXOS,
        "duelling-backoff",
        paxos::duelling_proposers(Backoff::Randomized { max: millis(60) }),
    );
    play(&mut backoff, 1_000);
    let chosen = status(&backoff);
    assert!(chosen == "100" || chosen == "200", "chose {chosen}");
    assert!(ballots_started(&backoff) < 20);
    assert!(column(&backoff, "learned").iter().all(|v| *v == chosen));
}

#[wasm_bindgen_test]
fn paxos_acceptor_crash_mid_round_still_chooses_and_the_value_stays_chosen() {
    let mut crash = opened(&PAXOS, "acceptor-crash", paxos::acceptor_crash_mid_round());
    assert_eq!(status(&crash), "none", "opens before the decision");
    play(&mut crash, 1);
    assert_eq!(column(&crash, "status")[1..3], ["crashed", "crashed"]);
    play(&mut crash, 2_000);
    assert_eq!(status(&crash), "1");
    let learned = column(&crash, "learned");
    for id in [0, 1, 3, 4] {
        assert_eq!(learned[id], "1", "S{}", id + 1);
    }
    assert!(
        crash
            .run
            .invariants()
            .iter()
            .all(|i| i.broken_at_step.is_none())
    );
}

/// The first step at which property `name` was broken, if it was.
fn broken_at(opened: &Opened, name: &str) -> Option<u64> {
    let all = opened.run.invariants();
    let row = all.iter().find(|i| i.name == name);
    row.unwrap_or_else(|| panic!("no invariant {name} in {all:?}"))
        .broken_at_step
}

fn no_violations(opened: &Opened) {
    for i in opened.run.invariants() {
        assert_eq!(i.broken_at_step, None, "{} broken: {:?}", i.name, i.detail);
    }
}

/// Node `node`'s log row as the cells' tooltips.
fn log_of(opened: &Opened, node: usize) -> Vec<String> {
    let rows = opened.run.logs().expect("a log grid");
    rows[node].entries.iter().map(|c| c.label.clone()).collect()
}

#[wasm_bindgen_test]
fn multi_paxos_leader_change_fills_the_gap_with_a_no_op() {
    let mut gap = opened(
        &MULTI_PAXOS,
        "leader-change-gap",
        multi::leader_change_with_gap(),
    );
    // Before the crash: slots 1 and 3 chosen, slot 2 accepted only at S1.
    assert_eq!(status(&gap), "1");
    let s2 = log_of(&gap, 1);
    assert_eq!(s2.len(), 3, "{s2:?}");
    assert!(s2[1] == "empty", "{s2:?}");
    play(&mut gap, 1_000);
    assert_eq!(status(&gap), "1,no-op,3");
    assert!(gap.run.status().text.starts_with("Leader S"));
    no_violations(&gap);
}

#[wasm_bindgen_test]
fn multi_paxos_stable_leader_takes_four_commands() {
    let mut commands = open(&MULTI_PAXOS, "?scenario=client-commands");
    assert!(commands.problems.is_empty(), "{:?}", commands.problems);
    play(&mut commands, 300);
    assert!(
        status(&commands).ends_with("1,2,3,4"),
        "{}",
        status(&commands)
    );
    no_violations(&commands);
}

#[wasm_bindgen_test]
fn fast_paxos_collision_recovers_through_a_classic_round() {
    let mut collision = opened(&FAST_PAXOS, "collision", fast::collision());
    assert_eq!(status(&collision), "none");
    play(&mut collision, 500);
    let chosen = status(&collision);
    assert!(chosen == "10" || chosen == "20", "chose {chosen}");
    let text = collision.run.status().text;
    assert!(text.contains("(classic)"), "{text}");
    assert!(text.contains("collision ×1"), "{text}");
    assert!(column(&collision, "learned").iter().all(|v| *v == chosen));
    no_violations(&collision);

    let mut alone = opened(&FAST_PAXOS, "fast-decision", fast::fast_decision());
    play(&mut alone, 500);
    assert_eq!(status(&alone), "10");
    let text = alone.run.status().text;
    assert!(
        text.contains("(fast)") && text.contains("no collision"),
        "{text}"
    );

    let mut race = open(&FAST_PAXOS, "?scenario=race");
    play(&mut race, 2_000);
    assert!(
        ["10", "20"].contains(&status(&race).as_str()),
        "{}",
        status(&race)
    );
    no_violations(&race);
}

#[wasm_bindgen_test]
fn pbft_view_change_replaces_an_equivocating_primary() {
    let mut normal = opened(&PBFT, "normal-case", pbft::normal_case());
    play(&mut normal, 300);
    assert_eq!(status(&normal), "0");
    assert!(normal.run.status().text.contains("1 request(s) answered"));
    // Every replica executed sequence number 1.
    for replica in 0..4 {
        let seq_one = &log_of(&normal, replica)[0];
        assert!(
            seq_one.starts_with("executed · op 7"),
            "R{replica}: {seq_one}"
        );
    }

    let mut equivocating = opened(&PBFT, "equivocating-primary", pbft::equivocating_primary());
    assert_eq!(status(&equivocating), "0");
    play(&mut equivocating, 2_000);
    assert_eq!(
        status(&equivocating),
        "1",
        "{:?}",
        equivocating.run.status()
    );
    let text = equivocating.run.status().text;
    assert!(
        text.contains("primary R1") && text.contains("1 request(s) answered"),
        "{text}"
    );
    no_violations(&equivocating);
}

/// On a slow network the equivocating former primary R0 keeps asking for
/// later views; the status line names the view the honest replicas work
/// in, as the state table does, not R0's.
#[wasm_bindgen_test]
fn pbft_status_names_the_honest_replicas_view_not_the_liars() {
    let mut run = open(
        &PBFT,
        "?seed=2&latency=40-80&inputs=5@0:cmd.0.behave.equivocate,6@0:cmd.4.submit.7",
    );
    assert!(run.problems.is_empty(), "{:?}", run.problems);
    play(&mut run, 1_250);
    let views = column(&run, "view");
    assert!(views[0].starts_with('2'), "R0 asks for view 2: {views:?}");
    assert_eq!(&views[1..4], ["1", "1", "1"], "{views:?}");
    assert_eq!(status(&run), "1", "{:?}", run.run.status());
    assert!(run.run.status().text.contains("primary R1"));
}

#[wasm_bindgen_test]
fn pbft_with_f_plus_one_byzantine_replicas_breaks_agreement() {
    let mut liars = opened(&PBFT, "too-many-byzantine", pbft::too_many_byzantine());
    assert_eq!(
        broken_at(&liars, "Agreement"),
        None,
        "opens before the violation"
    );
    play(&mut liars, 500);
    assert!(broken_at(&liars, "Agreement").is_some_and(|s| s > 0));
    let (r1, r2) = (log_of(&liars, 1), log_of(&liars, 2));
    assert!(
        r1[0].contains("op 7") && r2[0].contains("null"),
        "{r1:?} {r2:?}"
    );
}
