//! Fast Paxos (Lamport, "Fast Paxos", 2006): a fast decision, a collision
//! recovered through a classic round, and the seed sweep, with "only one
//! value is chosen" checked after every step.

use dsviz_core::consensus::fast_paxos::scenario::{all_learned, collision, fast_decision};
use dsviz_core::consensus::fast_paxos::{
    COORDINATOR, CoordinatorPhase, FastPaxosConfig, FastPaxosNode, ONE_VALUE_CHOSEN, sweep_seed,
};
use dsviz_core::sim::{Simulation, millis};

fn no_violations(sim: &Simulation<FastPaxosNode>) {
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

/// Fast rounds: a lone client's value reaches a fast quorum in round 1 and is
/// chosen without a classic round — two message delays from the client
/// to the coordinator's knowledge.
#[test]
fn a_lone_client_is_decided_in_the_fast_round() {
    let mut sim = fast_decision();
    let start = sim.world().now();
    while !matches!(
        sim.world().node(COORDINATOR).phase(),
        CoordinatorPhase::Done { .. }
    ) {
        sim.step().expect("runs until decided");
    }
    assert!(
        sim.world().now() - start <= millis(10),
        "client → acceptors → coordinator"
    );
    let coordinator = sim.world().node(COORDINATOR);
    assert_eq!(coordinator.learned(), Some(10));
    assert_eq!(coordinator.collisions(), 0);
    sim.run_until(sim.world().now() + millis(100));
    no_violations(&sim);
    assert!(all_learned(sim.world()));
}

/// Collision recovery: concurrent clients split the acceptors 2–2; no value can reach
/// the fast quorum of 3, the coordinator detects the collision and a
/// classic round chooses one of the two values.
#[test]
fn a_collision_is_recovered_by_a_classic_round() {
    let mut sim = collision();
    sim.run_until(sim.world().now() + millis(500));
    no_violations(&sim);
    let coordinator = sim.world().node(COORDINATOR);
    assert_eq!(coordinator.collisions(), 1, "collision flagged");
    let votes: Vec<_> = sim
        .world()
        .nodes()
        .iter()
        .map(|n| n.acceptor().accepted())
        .collect();
    assert!(
        votes
            .iter()
            .all(|v| v.is_some_and(|(round, _)| !round.fast && round.number == 2)),
        "everyone voted in classic round 2: {votes:?}"
    );
    let chosen = coordinator.learned().expect("chosen");
    assert!(chosen == 10 || chosen == 20);
    assert!(
        sim.world()
            .nodes()
            .iter()
            .all(|n| n.learned() == Some(chosen))
    );
}

#[test]
fn two_hundred_seeds_are_safe_and_live_after_heal() {
    for seed in 0..seeds() {
        let nodes = if seed % 2 == 0 { 4 } else { 5 };
        let outcome = sweep_seed(seed, nodes, FastPaxosConfig::default());
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: safety violated: {:?}",
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "seed {seed}: not every node learned after healing"
        );
    }
}

/// Without the phase 2a rule for a fast round's votes, recovery can discard a
/// value a fast quorum chose; the sweep finds two chosen values.
#[test]
fn the_sweep_catches_recovery_without_the_fast_quorum_rule() {
    let config = FastPaxosConfig {
        unsafe_ignore_fast_quorum_rule: true,
        ..FastPaxosConfig::default()
    };
    let broken = (0..seeds())
        .map(|seed| sweep_seed(seed, if seed % 2 == 0 { 4 } else { 5 }, config))
        .find(|o| o.violations > 0)
        .expect("some seed shows two chosen values");
    let (_, violation) = broken.first_violation.unwrap();
    assert_eq!(violation.property, ONE_VALUE_CHOSEN);
}

#[test]
fn same_seed_same_trace() {
    let run = || {
        let mut sim = collision();
        sim.run_until(sim.world().now() + millis(500));
        sim.world().digest()
    };
    assert_eq!(run(), run());
}
