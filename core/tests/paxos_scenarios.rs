//! Paxos scenarios (Lamport, "Paxos Made Simple", 2001), each run with the
//! safety properties checked after every step.

use dsviz_core::consensus::paxos::scenario::{
    acceptor_crash_mid_round, all_learned, duelling_proposers, learned_value, propose,
    rounds_started, simulation,
};
use dsviz_core::consensus::paxos::{
    Backoff, Ballot, PaxosConfig, PaxosNode, expected_messages, failure_free_messages,
};
use dsviz_core::sim::{Simulation, millis};

fn no_violations(sim: &Simulation<PaxosNode>) {
    assert_eq!(
        sim.world().violation_count(),
        0,
        "{:?}",
        sim.world().first_violation()
    );
}

/// §2.4 ("Progress"): two proposers that retry at once pre-empt each other
/// for ever. Ten simulated seconds, hundreds of ballots, nothing chosen.
#[test]
fn duelling_proposers_without_backoff_livelock() {
    let mut sim = duelling_proposers(Backoff::None);
    sim.run_until(millis(10_000));
    no_violations(&sim);
    assert_eq!(learned_value(sim.world()), None);
    let rounds = rounds_started(sim.world());
    assert!(rounds > 200, "only {rounds} rounds: not a livelock");
}

/// The remedy of §2.4: randomized backoff lets one proposer finish.
#[test]
fn randomized_backoff_resolves_the_duel() {
    let mut sim = duelling_proposers(Backoff::Randomized { max: millis(60) });
    sim.run_until(millis(1_000));
    no_violations(&sim);
    assert!(all_learned(sim.world()));
    let chosen = learned_value(sim.world()).unwrap();
    assert!(chosen == 100 || chosen == 200, "chose {chosen}");
    assert!(rounds_started(sim.world()) < 20);
}

/// P2c at work: acceptors 1 and 2 crash as phase 2 begins; the remaining
/// majority chooses 1. When node 1 later proposes 2, it learns 1 instead.
#[test]
fn acceptor_crash_mid_round_still_chooses_and_stays_chosen() {
    let mut sim = acceptor_crash_mid_round();
    assert_eq!(
        learned_value(sim.world()),
        None,
        "positioned before the decision"
    );
    sim.run_until(millis(2_000));
    no_violations(&sim);
    // Node 2 restarted after the announcement and proposed nothing: it has
    // no reason to ask. Everyone else knows 1, node 1 from its own round.
    for id in [0, 1, 3, 4] {
        assert_eq!(sim.world().node(id).learned(), Some(1), "node {id}");
    }
    assert_eq!(sim.world().node(2).learned(), None);
    // The crashed acceptors' durable state survived their restart.
    assert!(sim.world().node(1).promised().is_some());
}

/// §2.2: a promise carries the highest accepted proposal, and the next
/// proposer must adopt its value.
#[test]
fn a_later_proposer_adopts_the_accepted_value() {
    let mut sim = simulation(3, PaxosConfig::default(), 5, 1);
    propose(&mut sim, 0, 10);
    sim.run_until(millis(200));
    assert_eq!(learned_value(sim.world()), Some(10));
    // A fresh node that never heard the decision: its acceptor state says
    // nothing, yet it learns 10 from the others.
    propose(&mut sim, 2, 20);
    sim.run_until(millis(400));
    no_violations(&sim);
    for id in 0..3 {
        assert_eq!(sim.world().node(id).learned(), Some(10));
        assert!(
            sim.world()
                .node(id)
                .accepted()
                .is_some_and(|(b, v)| v == 10 && b >= Ballot::new(1, 0))
        );
    }
}

#[test]
fn one_decision_costs_five_messages_per_other_node() {
    for nodes in [1, 3, 5, 7, 9] {
        assert_eq!(
            failure_free_messages(nodes),
            expected_messages(nodes),
            "N = {nodes}"
        );
        let total: u64 = failure_free_messages(nodes).values().sum();
        assert_eq!(total, 5 * (nodes as u64 - 1));
    }
}

#[test]
fn same_seed_same_trace() {
    let run = || {
        let mut sim = duelling_proposers(Backoff::Randomized { max: millis(60) });
        sim.run_until(millis(1_000));
        sim.world().digest()
    };
    assert_eq!(run(), run());
}
