//! Multi-Paxos ("Paxos Made Simple" §3; "Paxos Made Moderately Complex"):
//! scenarios, message counts and the seed sweep, with slot agreement and
//! gap-free application checked after every step.

use dsviz_core::consensus::multi_paxos::scenario::{
    current_leader, leader_change_with_gap, min_applied, run_until_leader, simulation, submit,
};
use dsviz_core::consensus::multi_paxos::{
    LogValue, MultiPaxosConfig, MultiPaxosNode, SLOT_AGREEMENT, expected_messages,
    failure_free_messages, sweep_seed,
};
use dsviz_core::sim::{Simulation, millis};

fn no_violations(sim: &Simulation<MultiPaxosNode>) {
    assert_eq!(
        sim.world().violation_count(),
        0,
        "{:?}",
        sim.world().first_violation()
    );
}

fn seeds() -> u64 {
    std::env::var("DSVIZ_SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

/// §3: a stable leader runs phase 1 once; later commands go straight to
/// phase 2 and are applied in slot order everywhere.
#[test]
fn a_stable_leader_skips_phase_one() {
    let mut sim = simulation(5, MultiPaxosConfig::default(), 5, 2);
    let leader = run_until_leader(&mut sim, millis(2_000)).expect("a leader");
    let ballot = sim.world().node(leader).ballot();
    for c in 1..=5 {
        submit(&mut sim, leader, c);
        sim.run_until(sim.world().now() + millis(3));
    }
    sim.run_until(sim.world().now() + millis(200));
    no_violations(&sim);
    assert_eq!(current_leader(sim.world()), Some(leader));
    assert_eq!(sim.world().node(leader).ballot(), ballot, "no new phase 1");
    for node in sim.world().nodes() {
        assert_eq!(
            node.learner().applied_commands().collect::<Vec<_>>(),
            [1, 2, 3, 4, 5]
        );
    }
}

/// §3 on gaps: the new leader fills a slot nobody reported with a no-op,
/// and learners, which held slot 3 back, apply 1, no-op, 3 in order.
#[test]
fn a_leader_change_fills_the_gap_with_a_noop() {
    let mut sim = leader_change_with_gap();
    let world = sim.world();
    assert_eq!(
        world.node(0).accepted().len(),
        3,
        "the old leader accepted slots 1-3"
    );
    for id in 1..5 {
        assert!(
            world.node(id).accepted().get(&2).is_none(),
            "slot 2 reached only node 0"
        );
        assert!(
            world.node(id).learner().applied() <= 1,
            "slot 3 waits behind the gap"
        );
    }
    sim.run_until(sim.world().now() + millis(2_000));
    no_violations(&sim);
    let new_leader = current_leader(sim.world()).expect("a new leader");
    assert_ne!(new_leader, 0);
    for id in 1..5 {
        let learner = sim.world().node(id).learner();
        assert!(
            learner.applied() >= 3,
            "node {id} applied {}",
            learner.applied()
        );
        assert_eq!(learner.get(2), Some(LogValue::Noop), "node {id}");
        assert_eq!(learner.applied_commands().collect::<Vec<_>>(), [1, 3]);
    }
}

/// A crashed node restarts with its durable log and catches up through
/// heartbeats.
#[test]
fn a_restarted_follower_catches_up() {
    use dsviz_core::sim::{Action, Fault};
    let mut sim = simulation(3, MultiPaxosConfig::default(), 5, 4);
    let leader = run_until_leader(&mut sim, millis(2_000)).unwrap();
    let follower = (leader + 1) % 3;
    sim.inject(Action::Fault(Fault::Crash(follower)));
    for c in 1..=4 {
        submit(&mut sim, leader, c);
    }
    sim.run_until(sim.world().now() + millis(100));
    sim.inject(Action::Fault(Fault::Restart(follower)));
    sim.run_until(sim.world().now() + millis(500));
    no_violations(&sim);
    assert!(min_applied(sim.world()) >= 4);
}

#[test]
fn a_command_costs_three_messages_per_other_node() {
    for nodes in [3, 5, 7] {
        assert_eq!(
            failure_free_messages(nodes),
            expected_messages(nodes),
            "N = {nodes}"
        );
    }
}

#[test]
fn two_hundred_seeds_are_safe_and_live_after_heal() {
    for seed in 0..seeds() {
        let nodes = if seed % 2 == 0 { 5 } else { 3 };
        let outcome = sweep_seed(seed, nodes, MultiPaxosConfig::default());
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: safety violated: {:?}",
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "seed {seed}: no command applied everywhere after healing"
        );
    }
}

/// Without re-proposing the reported values (P2c per slot), a new leader
/// overwrites chosen slots with no-ops, and the sweep sees it.
#[test]
fn the_sweep_catches_a_leader_that_ignores_promised_values() {
    let config = MultiPaxosConfig {
        unsafe_ignore_promised_values: true,
        ..MultiPaxosConfig::default()
    };
    let broken = (0..seeds())
        .map(|seed| sweep_seed(seed, 5, config))
        .find(|o| o.violations > 0)
        .expect("some seed shows a slot with two values");
    let (_, violation) = broken.first_violation.unwrap();
    assert_eq!(violation.property, SLOT_AGREEMENT, "{violation:?}");
}

#[test]
fn same_seed_same_trace() {
    let run = || {
        let mut sim = leader_change_with_gap();
        sim.run_until(sim.world().now() + millis(1_000));
        (sim.world().digest(), sim.step_index())
    };
    assert_eq!(run(), run());
}
