//! PBFT (Castro & Liskov, OSDI 1999): the normal case, an equivocating
//! primary replaced by a view change, f + 1 Byzantine replicas breaking
//! agreement, message counts, and the seed sweep with up to f Byzantine
//! replicas.

use dsviz_core::consensus::pbft::scenario::{
    answered, behave, current_view, equivocating_primary, highest_view, normal_case, phase_matrix,
    simulation, submit, too_many_byzantine,
};
use dsviz_core::consensus::pbft::{
    AGREEMENT, Behaviour, PbftConfig, PbftNode, Phase, expected_messages, failure_free_messages,
    sweep_seed,
};
use dsviz_core::sim::{Simulation, millis};

fn no_violations(sim: &Simulation<PbftNode>) {
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

/// §4.2: pre-prepare, prepare, commit; every replica executes sequence
/// number 1 and the client accepts f + 1 matching replies.
#[test]
fn the_normal_case_executes_everywhere() {
    let mut sim = normal_case();
    sim.run_until(sim.world().now() + millis(100));
    no_violations(&sim);
    assert_eq!(answered(sim.world()), 1);
    let matrix = phase_matrix(sim.world());
    assert_eq!(matrix, [(1, vec![Some(Phase::Executed); 4])]);
    for id in 0..4 {
        let replica = sim.world().node(id).replica().unwrap();
        assert_eq!(replica.phase(1), Some(Phase::Executed), "replica {id}");
        assert_eq!(replica.view(), 0);
    }
}

/// §4.4: the equivocating primary stops progress in view 0; the backups
/// time out and view 1's primary gets the request executed.
#[test]
fn an_equivocating_primary_is_replaced_by_a_view_change() {
    let mut sim = equivocating_primary();
    sim.run_until(sim.world().now() + millis(100));
    assert_eq!(answered(sim.world()), 0, "no reply in view 0");
    sim.run_until(sim.world().now() + millis(2_000));
    no_violations(&sim);
    assert_eq!(answered(sim.world()), 1, "answered after the view change");
    assert!(highest_view(sim.world()) >= 1);
    for id in 1..4 {
        let replica = sim.world().node(id).replica().unwrap();
        assert!(
            replica.view() >= 1 && replica.in_normal_operation(),
            "replica {id}"
        );
    }
    // The honest replicas work in view 1 under primary R1, whatever view
    // the equivocator R0 keeps asking for.
    assert_eq!(current_view(sim.world()), 1);
    sim.run_until(sim.world().now() + millis(2_000));
    assert_eq!(current_view(sim.world()), 1);
}

/// §4.5 assumes at most f faulty replicas: with f + 1 = 2 equivocators,
/// two honest replicas commit different requests at sequence number 1.
#[test]
fn f_plus_one_byzantine_replicas_break_agreement() {
    let mut sim = too_many_byzantine();
    sim.run_until(sim.world().now() + millis(200));
    let (_, violation) = sim.world().first_violation().expect("agreement violated");
    assert_eq!(violation.property, AGREEMENT, "{violation:?}");
    let one = sim
        .world()
        .node(1)
        .replica()
        .unwrap()
        .committed()
        .get(&1)
        .copied();
    let two = sim
        .world()
        .node(2)
        .replica()
        .unwrap()
        .committed()
        .get(&1)
        .copied();
    assert!(
        one.is_some() && two.is_some() && one != two,
        "{one:?} vs {two:?}"
    );
}

/// Lying replies and wrong digests from one replica change nothing: the
/// client still needs f + 1 matching replies.
#[test]
fn one_liar_cannot_fool_the_client() {
    let config = PbftConfig::default();
    for behaviour in [
        Behaviour::LyingReplies,
        Behaviour::WrongDigests,
        Behaviour::Silent,
    ] {
        let mut sim = simulation(config, 5);
        behave(&mut sim, 2, behaviour);
        for op in 1..=6 {
            submit(&mut sim, &config, op);
        }
        sim.run_until(sim.world().now() + millis(2_000));
        no_violations(&sim);
        assert_eq!(answered(sim.world()), 6, "{behaviour:?}");
    }
}

/// With two liars the client accepts a wrong result.
#[test]
fn two_liars_fool_the_client() {
    let config = PbftConfig::default();
    let mut sim = simulation(config, 6);
    behave(&mut sim, 0, Behaviour::LyingReplies);
    behave(&mut sim, 1, Behaviour::LyingReplies);
    // The honest replicas' replies come late.
    for honest in [2, 3] {
        sim.inject(dsviz_core::sim::Action::Fault(
            dsviz_core::sim::Fault::SetLinkDelay {
                from: honest,
                to: config.client_id(),
                extra: millis(20),
            },
        ));
    }
    submit(&mut sim, &config, 1);
    sim.run_until(sim.world().now() + millis(200));
    assert!(
        sim.world().violation_count() > 0,
        "the lie was accepted and flagged"
    );
}

#[test]
fn one_request_costs_two_n_squared_minus_n_plus_one_messages() {
    for f in [1, 2] {
        assert_eq!(failure_free_messages(f), expected_messages(f), "f = {f}");
    }
    assert_eq!(failure_free_messages(1).values().sum::<u64>(), 29);
}

#[test]
fn two_hundred_seeds_with_up_to_f_byzantine_are_safe_and_live() {
    for seed in 0..seeds() {
        let outcome = sweep_seed(seed, 1, 1, PbftConfig::default());
        assert_eq!(
            outcome.violations, 0,
            "seed {seed}: safety violated: {:?}",
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "seed {seed}: the client got no answer after healing"
        );
    }
}

/// §4.4: a NewView must re-propose every request prepared in an earlier
/// view. Without that rule, a sequence number committed in the old view
/// is given to another request and honest replicas disagree.
#[test]
fn the_sweep_catches_a_new_view_that_ignores_prepared_requests() {
    let config = PbftConfig {
        unsafe_new_view_ignores_prepared: true,
        ..PbftConfig::default()
    };
    let broken = (0..seeds())
        .map(|seed| sweep_seed(seed, 1, 1, config))
        .find(|o| o.violations > 0)
        .expect("some seed shows disagreement");
    let (_, violation) = broken.first_violation.unwrap();
    assert_eq!(violation.property, AGREEMENT, "{violation:?}");
}

#[test]
fn same_seed_same_trace() {
    let run = || {
        let mut sim = equivocating_primary();
        sim.run_until(sim.world().now() + millis(2_000));
        sim.world().digest()
    };
    assert_eq!(run(), run());
}
