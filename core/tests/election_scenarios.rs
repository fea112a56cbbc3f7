//! Election scenarios, each run in the simulator with both safety
//! properties checked after every step: a crashed leader is replaced by the
//! next-highest node, a recovered higher node takes over again, a person
//! chooses which node detects the failure, a paused leader, a partition,
//! and a ring that skips a crashed successor.

use dsviz_core::election::bully::{BullyCommand, BullyConfig, BullyMessage, BullyNode, BullyState};
use dsviz_core::election::ring::{
    RingCommand, RingConfig, RingMessage, RingNode, RingOrder, RingState, RingVariant,
};
use dsviz_core::election::scenario::{bully_cluster, ring_cluster, settle};
use dsviz_core::election::{Elector, Stability, stability};
use dsviz_core::sim::{
    Action, Fault, Latency, NetworkConfig, SimConfig, Simulation, StepEvent, millis,
};
use std::collections::BTreeMap;

fn fixed_latency(seed: u64) -> SimConfig {
    SimConfig {
        network: NetworkConfig {
            latency: Latency::Fixed(millis(5)),
            ..NetworkConfig::default()
        },
        ..SimConfig::seeded(seed)
    }
}

fn no_violations<N: Elector>(sim: &Simulation<N>) {
    assert_eq!(
        sim.world().violation_count(),
        0,
        "{:?}",
        sim.world().first_violation()
    );
}

fn fault<N: Elector>(sim: &mut Simulation<N>, fault: Fault) {
    sim.inject(Action::Fault(fault));
}

fn settled<N: Elector>(sim: &mut Simulation<N>) -> usize {
    settle(sim, millis(10_000))
        .unwrap_or_else(|| panic!("did not settle: {:?}", stability(sim.world())))
}

/// Counts the election messages sent by the command `start` to `node` and
/// from then until the world settles.
fn messages_until_settled<N: Elector>(
    sim: &mut Simulation<N>,
    node: usize,
    start: N::Command,
    kind: fn(&N::Msg) -> &'static str,
) -> BTreeMap<&'static str, u64> {
    let mut counts = BTreeMap::new();
    let record = sim.inject(Action::Command {
        node,
        command: start,
    });
    for sent in record
        .sent
        .iter()
        .filter(|m| N::is_election_message(&m.msg))
    {
        *counts.entry(kind(&sent.msg)).or_insert(0) += 1;
    }
    let deadline = sim.world().now() + millis(10_000);
    while !matches!(stability(sim.world()), Stability::Agreed { .. }) {
        assert!(sim.world().now() < deadline, "{:?}", stability(sim.world()));
        let record = sim.step().expect("heartbeats keep the run going");
        for sent in record
            .sent
            .iter()
            .filter(|m| N::is_election_message(&m.msg))
        {
            *counts.entry(kind(&sent.msg)).or_insert(0) += 1;
        }
    }
    counts
}

#[test]
fn bully_crashed_leader_is_replaced_and_takes_over_again() {
    let mut sim = Simulation::new(fixed_latency(1), bully_cluster(5, BullyConfig::default()));
    assert_eq!(settled(&mut sim), 4, "the highest node leads");
    fault(&mut sim, Fault::Crash(4));
    assert!(
        matches!(
            stability(sim.world()),
            Stability::LeaderDown { leader: 4, .. }
        ),
        "a crash nobody detected yet is not a disagreement"
    );
    assert_eq!(settled(&mut sim), 3, "someone detected the crash");
    let elected_before = sim.world().node(4).counters().times_elected;
    fault(&mut sim, Fault::Restart(4));
    assert_eq!(
        sim.world().node(4).leader(),
        Some(4),
        "the highest node wins its own election at once on restart"
    );
    assert_eq!(settled(&mut sim), 4, "it bullied its way back");
    assert_eq!(
        sim.world().node(4).counters().times_elected,
        elected_before + 1
    );
    for id in 0..4 {
        assert_eq!(sim.world().node(id).leader(), Some(4));
        assert_eq!(sim.world().node(id).state(), BullyState::Idle);
    }
    no_violations(&sim);
}

/// Quiet nodes that never time out by themselves: only commands start
/// elections, so the test chooses who detects the failure.
fn quiet_bully(count: usize) -> Simulation<BullyNode> {
    let config = BullyConfig {
        elect_on_start: false,
        leader_timeout_min: millis(5_000),
        leader_timeout_max: millis(5_000),
        ..BullyConfig::default()
    };
    let mut sim = Simulation::new(fixed_latency(2), bully_cluster(count, config));
    sim.run_to_step(count as u64);
    sim.inject(Action::Command {
        node: count - 1,
        command: BullyCommand::StartElection,
    });
    assert_eq!(settled(&mut sim), count - 1);
    sim
}

/// The textbook's best case: the top node has crashed and the second
/// highest detects it: one Election (to the dead node), no Answer, and
/// after the answer timeout N − 2 Coordinators.
#[test]
fn bully_second_highest_detects_best_case() {
    for n in [3usize, 5, 8] {
        let mut sim = quiet_bully(n);
        fault(&mut sim, Fault::Crash(n - 1));
        let start = BullyCommand::StartElection;
        let counts = messages_until_settled(&mut sim, n - 2, start, |m: &BullyMessage| m.kind());
        let expected = BTreeMap::from([("election", 1), ("coordinator", n as u64 - 2)]);
        assert_eq!(counts, expected, "N = {n}");
        assert_eq!(settled(&mut sim), n - 2);
        no_violations(&sim);
    }
}

/// The lowest node detects the crash: every live node runs an election.
#[test]
fn bully_lowest_detects_and_everybody_above_it_joins() {
    let mut sim = quiet_bully(5);
    fault(&mut sim, Fault::Crash(4));
    sim.inject(Action::Command {
        node: 0,
        command: BullyCommand::StartElection,
    });
    let until = sim.world().now() + millis(12);
    sim.run_until(until);
    let world = sim.world();
    assert_eq!(
        world.node(0).state(),
        BullyState::AwaitingCoordinator,
        "1, 2, 3 answered"
    );
    for id in 1..4 {
        assert_eq!(
            world.node(id).counters().elections_started,
            1,
            "node {id} joined"
        );
    }
    assert_eq!(settled(&mut sim), 3);
    no_violations(&sim);
}

/// A command to a node already in an election changes nothing.
#[test]
fn bully_start_election_twice_is_a_no_op() {
    let mut sim = quiet_bully(4);
    fault(&mut sim, Fault::Crash(3));
    for _ in 0..2 {
        sim.inject(Action::Command {
            node: 1,
            command: BullyCommand::StartElection,
        });
    }
    assert_eq!(sim.world().node(1).counters().elections_started, 1);
    assert_eq!(settled(&mut sim), 2);
}

/// A long pause looks like a crash: the others elect node 3. When node 4
/// wakes, it handles what it held (an Election from 3), hears 3's
/// heartbeats and takes over again; nobody ever follows a lower node.
#[test]
fn bully_paused_leader_is_replaced_then_returns() {
    let mut sim = Simulation::new(fixed_latency(3), bully_cluster(5, BullyConfig::default()));
    assert_eq!(settled(&mut sim), 4);
    fault(
        &mut sim,
        Fault::Pause {
            node: 4,
            duration: millis(1_500),
        },
    );
    let until = sim.world().now() + millis(1_000);
    sim.run_until(until);
    assert_eq!(
        sim.world().node(3).leader(),
        Some(3),
        "3 leads while 4 is frozen"
    );
    assert!(sim.world().held_count(4) > 0, "4 holds messages");
    assert!(
        !stability(sim.world()).is_stable(),
        "an Election waits at 4"
    );
    let until = sim.world().now() + millis(600);
    sim.run_until(until);
    assert_eq!(settled(&mut sim), 4);
    no_violations(&sim);
}

/// A partition: each side elects its own highest node; after healing the
/// heartbeats reach across and everyone follows the highest.
#[test]
fn bully_partition_then_heal() {
    let mut sim = Simulation::new(fixed_latency(4), bully_cluster(5, BullyConfig::default()));
    assert_eq!(settled(&mut sim), 4);
    fault(&mut sim, Fault::Partition(vec![vec![0, 1, 2]]));
    let until = sim.world().now() + millis(1_500);
    sim.run_until(until);
    let world = sim.world();
    assert_eq!(
        world.node(0).leader(),
        Some(2),
        "the minority side elects 2"
    );
    assert_eq!(world.node(3).leader(), Some(4));
    fault(&mut sim, Fault::Heal);
    let until = sim.world().now() + millis(200);
    sim.run_until(until);
    assert_eq!(settled(&mut sim), 4);
    no_violations(&sim);
}

fn ring_sim(variant: RingVariant, seed: u64) -> Simulation<RingNode> {
    let config = RingConfig {
        variant,
        ..RingConfig::default()
    };
    Simulation::new(fixed_latency(seed), ring_cluster(5, config))
}

#[test]
fn ring_crashed_leader_is_replaced_and_takes_over_again() {
    for variant in [RingVariant::ChangRoberts, RingVariant::List] {
        let mut sim = ring_sim(variant, 5);
        assert_eq!(settled(&mut sim), 4, "{variant:?}");
        fault(&mut sim, Fault::Crash(4));
        assert_eq!(settled(&mut sim), 3, "{variant:?}: re-elected without 4");
        assert!(
            (0..4).any(|id| sim.world().node(id).counters().skips > 0),
            "{variant:?}: the ring went round the crashed node"
        );
        fault(&mut sim, Fault::Restart(4));
        assert_eq!(sim.world().node(4).state(), RingState::Participant);
        assert_eq!(
            settled(&mut sim),
            4,
            "{variant:?}: the recovered node took over"
        );
        no_violations(&sim);
    }
}

/// Node 2 is down; an election started by node 1 skips it after one ack
/// timeout and still goes all the way round. Node 1 forwards twice (its
/// own candidacy, then node 4's on its way round) and each forward starts
/// again at its immediate successor.
#[test]
fn ring_skips_a_crashed_successor() {
    let config = RingConfig {
        elect_on_start: false,
        leader_timeout_min: millis(5_000),
        leader_timeout_max: millis(5_000),
        ..RingConfig::default()
    };
    let mut sim = Simulation::new(fixed_latency(6), ring_cluster(5, config));
    sim.run_to_step(5);
    sim.inject(Action::Command {
        node: 4,
        command: RingCommand::StartElection,
    });
    assert_eq!(settled(&mut sim), 4);
    fault(&mut sim, Fault::Crash(2));
    let mut forwarded = Vec::new();
    let mut note = |sent: &[dsviz_core::sim::SentMessage<RingMessage>]| {
        for m in sent.iter().filter(|m| m.from == 1) {
            if let RingMessage::Election { candidate, .. } = m.msg {
                forwarded.push((candidate, m.to));
            }
        }
    };
    let record = sim.inject(Action::Command {
        node: 1,
        command: RingCommand::StartElection,
    });
    note(&record.sent);
    let deadline = sim.world().now() + millis(2_000);
    while sim.world().now() < deadline {
        note(&sim.step().expect("the run goes on").sent);
    }
    assert_eq!(
        forwarded,
        [(1, 2), (1, 3), (4, 2), (4, 3)],
        "1 tried 2, got no ack, went on to 3"
    );
    assert_eq!(
        sim.world().node(1).counters().skips,
        3,
        "two Elections and the Elected each skipped 2"
    );
    assert_eq!(settled(&mut sim), 4);
    no_violations(&sim);
}

/// Chang–Roberts on a descending ring: a lower candidacy is replaced by a
/// higher node's own; the participant flag stops duplicates.
#[test]
fn chang_roberts_forwards_only_the_maximum() {
    let config = RingConfig {
        order: RingOrder::Descending,
        elect_on_start: false,
        ..RingConfig::default()
    };
    let mut sim = Simulation::new(fixed_latency(7), ring_cluster(4, config));
    sim.run_to_step(4);
    sim.inject(Action::Command {
        node: 1,
        command: RingCommand::StartElection,
    });
    // 1 → 0 carries 1; 0 → 3 carries 1; 3 replaces it with 3, which goes round.
    let mut carried = Vec::new();
    while carried.len() < 6 {
        let record = sim.step().expect("running");
        if let StepEvent::Delivered(envelope) = &record.event
            && let RingMessage::Election { candidate, .. } = envelope.msg
        {
            carried.push((envelope.from, envelope.to, candidate));
        }
    }
    assert_eq!(
        carried,
        [
            (1, 0, 1),
            (0, 3, 1),
            (3, 2, 3),
            (2, 1, 3),
            (1, 0, 3),
            (0, 3, 3)
        ]
    );
    assert_eq!(settled(&mut sim), 3);
    no_violations(&sim);
}

#[test]
fn runs_are_deterministic() {
    let run = |seed| {
        let mut sim = ring_sim(RingVariant::ChangRoberts, seed);
        fault(&mut sim, Fault::Crash(4));
        sim.run_until(millis(3_000));
        let mut bully = Simulation::new(
            SimConfig::seeded(seed),
            bully_cluster(5, BullyConfig::default()),
        );
        bully.run_until(millis(1_000));
        bully.inject(Action::Fault(Fault::Crash(4)));
        bully.run_until(millis(3_000));
        (sim.world().digest(), bully.world().digest())
    };
    assert_eq!(run(9), run(9));
    assert_ne!(run(9), run(10));
}
