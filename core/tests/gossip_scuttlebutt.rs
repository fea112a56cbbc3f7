//! Scuttlebutt (van Renesse et al., LADIS 2008): read off the trace, no
//! answer ever carries a delta the digest it answers says the peer has,
//! nor more than the MTU; after a partition heals every participant holds
//! every origin's keys exactly, for every MTU from one delta up; a small
//! MTU leaves deltas behind and takes longer to catch up.

use dsviz_core::gossip::experiments::{
    scuttlebutt_backlog, scuttlebutt_catch_up, scuttlebutt_converged,
};
use dsviz_core::gossip::scenario::{round_network, scuttlebutt_cluster};
use dsviz_core::gossip::scuttlebutt::{ScuttlebuttCommand, ScuttlebuttMessage};
use dsviz_core::gossip::{ScuttleOrder, ScuttlebuttConfig, ScuttlebuttNode};
use dsviz_core::sim::{
    Action, Fault, Probability, SimConfig, Simulation, StepEvent, driver_stream, millis,
};
use rand::RngExt;

const NODES: usize = 12;

/// Partitioned in two halves with writes on both sides, then healed.
fn partitioned_run(mtu: usize, seed: u64, record: bool) -> Simulation<ScuttlebuttNode> {
    partitioned_run_in(mtu, ScuttleOrder::Depth, seed, record)
}

fn partitioned_run_in(
    mtu: usize,
    order: ScuttleOrder,
    seed: u64,
    record: bool,
) -> Simulation<ScuttlebuttNode> {
    let config = SimConfig {
        seed,
        network: round_network(Probability::from_fraction(0.05)),
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: record,
    };
    let nodes = scuttlebutt_cluster(
        NODES,
        ScuttlebuttConfig {
            mtu,
            order,
            ..ScuttlebuttConfig::default()
        },
    );
    let mut sim = Simulation::new(config, nodes);
    let mut driver = driver_stream(seed, 1);
    sim.run_until(0);
    let half: Vec<usize> = (0..NODES / 2).collect();
    sim.inject(Action::Fault(Fault::Partition(vec![half])));
    for tick in 1..=30u64 {
        sim.run_until(tick * millis(50));
        for _ in 0..3 {
            let node = driver.random_range(0..NODES);
            let command = ScuttlebuttCommand::Put {
                key: driver.random_range(0..5),
                value: driver.random(),
            };
            sim.inject(Action::Command { node, command });
        }
    }
    sim.inject(Action::Fault(Fault::Heal));
    sim.inject(Action::Fault(Fault::SetLoss(Probability::NEVER)));
    sim
}

/// Rounds after healing until every replica is exact (at most `limit`).
fn rounds_to_converge(sim: &mut Simulation<ScuttlebuttNode>, limit: u64) -> Option<u64> {
    let healed = sim.world().now();
    (1..=limit).find(|&round| {
        sim.run_until(healed + round * millis(100));
        scuttlebutt_converged(sim.world())
    })
}

#[test]
fn no_delta_the_peer_already_has_and_never_more_than_the_mtu() {
    for (mtu, order) in [
        (1, ScuttleOrder::Depth),
        (3, ScuttleOrder::Depth),
        (2, ScuttleOrder::Breadth),
    ] {
        let mut sim = partitioned_run_in(mtu, order, 21, true);
        assert!(rounds_to_converge(&mut sim, 400).is_some());
        let (mut answers, mut deltas) = (0, 0);
        for record in sim.trace() {
            let StepEvent::Delivered(envelope) = &record.event else {
                continue;
            };
            let digest = match &envelope.msg {
                ScuttlebuttMessage::Digest { digest, .. } => digest,
                ScuttlebuttMessage::Reply { digest, .. } => digest,
                ScuttlebuttMessage::Deltas { .. } => continue,
            };
            for sent in record.sent.iter().filter(|s| s.to == envelope.from) {
                let carried = sent.msg.deltas();
                assert!(
                    carried.len() <= mtu,
                    "step {}: {} deltas",
                    record.step,
                    carried.len()
                );
                answers += 1;
                deltas += carried.len();
                for d in carried {
                    assert!(
                        d.version > digest[d.origin],
                        "step {}: sent version {} of origin {} to a peer at {}",
                        record.step,
                        d.version,
                        d.origin,
                        digest[d.origin]
                    );
                }
            }
        }
        assert!(
            answers > 100 && deltas > 100,
            "{answers} answers, {deltas} deltas"
        );
        assert_eq!(
            sim.world().violation_count(),
            0,
            "{:?}",
            sim.world().first_violation()
        );
    }
}

#[test]
fn converges_after_heal_with_any_mtu_of_one_delta_or_more() {
    let mut rounds = Vec::new();
    for mtu in [1, 2, 3, 5, 16, 1000] {
        for seed in 0..3 {
            let mut sim = partitioned_run(mtu, seed, false);
            assert!(
                scuttlebutt_backlog(sim.world()) > 0,
                "the partition left work"
            );
            let r = rounds_to_converge(&mut sim, 600)
                .unwrap_or_else(|| panic!("MTU {mtu} seed {seed}: no convergence"));
            assert_eq!(scuttlebutt_backlog(sim.world()), 0);
            assert_eq!(sim.world().violation_count(), 0);
            if seed == 0 {
                rounds.push(r);
            }
        }
        let mut breadth = partitioned_run_in(mtu, ScuttleOrder::Breadth, 7, false);
        assert!(
            rounds_to_converge(&mut breadth, 600).is_some(),
            "breadth, MTU {mtu}"
        );
        assert_eq!(breadth.world().violation_count(), 0);
    }
    // A one-delta MTU is slower than an unbounded one.
    assert!(rounds[0] > rounds[5], "{rounds:?}");
}

#[test]
fn a_small_mtu_leaves_a_backlog_behind() {
    let tight = scuttlebutt_catch_up(16, 1, ScuttleOrder::Depth, 8, 8, 4, 500);
    let roomy = scuttlebutt_catch_up(16, 200, ScuttleOrder::Depth, 8, 8, 4, 500);
    assert!(
        tight.left_behind > 0 && roomy.left_behind == 0,
        "{tight:?} {roomy:?}"
    );
    let (t, r) = (tight.rounds.unwrap(), roomy.rounds.unwrap());
    assert!(t > 2 * r, "MTU 1: {t} rounds, MTU 200: {r}");
    // 16 participants with 8 keys each: 15 · 8 missing writes each at first.
    assert_eq!(tight.backlog[0], 16 * 15 * 8);
    assert_eq!(*tight.backlog.last().unwrap(), 0);
}

#[test]
fn restarts_lose_replicas_but_never_own_keys() {
    let mut sim = partitioned_run(4, 8, false);
    assert!(rounds_to_converge(&mut sim, 400).is_some());
    let own_before = sim.world().node(3).replica(3).cloned();
    sim.inject(Action::Fault(Fault::Crash(3)));
    sim.inject(Action::Fault(Fault::Restart(3)));
    assert_eq!(sim.world().node(3).replica(3).cloned(), own_before);
    assert!(scuttlebutt_backlog(sim.world()) > 0);
    assert!(rounds_to_converge(&mut sim, 400).is_some());
    assert_eq!(sim.world().violation_count(), 0);
}

/// A participant built holding its writes starts where one given the same
/// `Put`s at time 0 does, and a cluster of them converges with every
/// invariant holding.
#[test]
fn participants_built_with_writes_match_puts_and_converge() {
    let config = ScuttlebuttConfig {
        mtu: 2,
        ..ScuttlebuttConfig::default()
    };
    let writes = |id: usize| (0..5u32).map(move |w| (w % 3, (id as u64 + 1) * 100 + u64::from(w)));
    let built: Vec<ScuttlebuttNode> = (0..4)
        .map(|id| ScuttlebuttNode::with_writes(config, id, writes(id)))
        .collect();
    let seeded = |seed| SimConfig {
        seed,
        network: round_network(Probability::NEVER),
        ..SimConfig::seeded(seed)
    };
    let mut sim = Simulation::new(seeded(5), built);
    let mut fed = Simulation::new(seeded(5), scuttlebutt_cluster(4, config));
    sim.run_until(0);
    fed.run_until(0);
    for id in 0..4 {
        for (key, value) in writes(id) {
            let command = ScuttlebuttCommand::Put { key, value };
            fed.inject(Action::Command { node: id, command });
        }
    }
    for id in 0..4 {
        let (a, b) = (sim.world().node(id), fed.world().node(id));
        assert_eq!(a.replica(id), b.replica(id), "participant {id}");
        assert_eq!(a.replica(id).unwrap().max_version(), 5);
    }
    assert_eq!(scuttlebutt_backlog(sim.world()), 3 * 4 * 3);
    sim.run_until(millis(3_000));
    assert!(scuttlebutt_converged(sim.world()));
    assert!(sim.violations().is_empty(), "{:?}", sim.violations());
}
