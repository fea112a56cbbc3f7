//! The moments the commit pages open, as tests: each reaches the moment
//! from a fixed seed and checks what the literature says happens there
//! (Gray 1978; Skeen 1981; Bernstein, Hadzilacos & Goodman 1987, ch. 7).

use dsviz_core::commit::{
    ATOMICITY, COORDINATOR, Command, CommitConfig, CommitNode, Decision, Protocol, TxPhase,
    scenario::{decided_everywhere, simulation},
};
use dsviz_core::sim::{Action, Fault, Simulation, millis};

const PARTICIPANTS: usize = 3;

fn sim(protocol: Protocol, cooperative: bool) -> Simulation<CommitNode> {
    let config = CommitConfig {
        transactions: 1,
        cooperative,
        ..CommitConfig::default()
    };
    simulation(protocol, PARTICIPANTS, config, 7, millis(5))
}

fn step_until(sim: &mut Simulation<CommitNode>, what: impl Fn(&Simulation<CommitNode>) -> bool) {
    for _ in 0..100_000 {
        if what(sim) {
            return;
        }
        assert!(sim.step().is_some(), "the run ended before the moment");
    }
    panic!("the moment never came");
}

fn run_for(sim: &mut Simulation<CommitNode>, ms: u64) {
    let until = sim.world().now() + millis(ms);
    sim.run_until(until);
}

fn participants() -> impl Iterator<Item = usize> {
    1..=PARTICIPANTS
}

fn phase(sim: &Simulation<CommitNode>, node: usize) -> TxPhase {
    sim.world().node(node).phase(1)
}

#[test]
fn two_phase_participants_block_without_their_coordinator_and_it_recovers_from_its_log() {
    let mut sim = sim(Protocol::TwoPhase, false);
    // Every participant voted yes; the votes are on their way.
    step_until(&mut sim, |s| {
        participants().all(|p| phase(s, p) == TxPhase::Uncertain)
    });
    sim.inject(Action::Fault(Fault::Crash(COORDINATOR)));
    run_for(&mut sim, 500);
    for p in participants() {
        let node = sim.world().node(p);
        assert!(node.is_blocked(1), "participant {p} should be blocked");
        assert_eq!(
            node.ledger().locks().holder(0),
            Some(1),
            "participant {p} holds the lock"
        );
    }
    sim.inject(Action::Fault(Fault::Restart(COORDINATOR)));
    run_for(&mut sim, 500);
    // Its log says BEGIN with no decision: it aborts and tells everyone.
    assert!(decided_everywhere(sim.world(), 1));
    for p in participants() {
        assert_eq!(phase(&sim, p), TxPhase::Aborted);
        assert!(sim.world().node(p).ledger().locks().is_empty());
    }
    assert!(sim.world().node(COORDINATOR).ledger().record(1).ended);
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn cooperative_termination_unblocks_when_a_participant_never_voted() {
    let mut sim = sim(Protocol::TwoPhase, true);
    // Participant 3 is cut off from the coordinator before the vote request
    // reaches it; the coordinator crashes once the others voted.
    sim.inject(Action::Fault(Fault::CutLink {
        from: COORDINATOR,
        to: 3,
    }));
    step_until(&mut sim, |s| {
        phase(s, 1) == TxPhase::Uncertain && phase(s, 2) == TxPhase::Uncertain
    });
    sim.inject(Action::Fault(Fault::Crash(COORDINATOR)));
    run_for(&mut sim, 1_000);
    // Participant 3 never voted, so it could abort when asked: nobody blocks.
    for p in participants() {
        assert_eq!(phase(&sim, p), TxPhase::Aborted, "participant {p}");
    }
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn a_no_vote_aborts_everywhere() {
    let mut sim = sim(Protocol::TwoPhase, false);
    sim.run_until(0); // Every process starts at time zero.
    sim.inject(Action::Command {
        node: 2,
        command: Command::VoteNoNext,
    });
    run_for(&mut sim, 1_000);
    assert!(decided_everywhere(sim.world(), 1));
    for node in 0..=PARTICIPANTS {
        assert_eq!(
            sim.world().node(node).ledger().decision(1),
            Some(Decision::Abort)
        );
    }
}

#[test]
fn three_phase_commits_without_a_coordinator_that_crashed_during_pre_commit() {
    let mut sim = sim(Protocol::ThreePhase, false);
    step_until(&mut sim, |s| {
        s.world().node(COORDINATOR).phase(1) == TxPhase::PreCommitted
    });
    sim.inject(Action::Fault(Fault::Crash(COORDINATOR)));
    run_for(&mut sim, 1_000);
    for p in participants() {
        assert_eq!(phase(&sim, p), TxPhase::Committed, "participant {p}");
    }
    // The coordinator, back, asks and learns the outcome.
    sim.inject(Action::Fault(Fault::Restart(COORDINATOR)));
    run_for(&mut sim, 1_000);
    assert_eq!(sim.world().node(COORDINATOR).phase(1), TxPhase::Committed);
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn three_phase_aborts_without_a_coordinator_that_crashed_before_pre_commit() {
    let mut sim = sim(Protocol::ThreePhase, false);
    step_until(&mut sim, |s| {
        participants().all(|p| phase(s, p) == TxPhase::Uncertain)
    });
    sim.inject(Action::Fault(Fault::Crash(COORDINATOR)));
    run_for(&mut sim, 1_000);
    for p in participants() {
        assert_eq!(phase(&sim, p), TxPhase::Aborted, "participant {p}");
    }
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn three_phase_breaks_atomicity_when_a_partition_splits_the_pre_commit() {
    let mut sim = sim(Protocol::ThreePhase, false);
    step_until(&mut sim, |s| {
        s.world().node(COORDINATOR).phase(1) == TxPhase::PreCommitted
    });
    // The pre-commits to participants 2 and 3 are still on the wire.
    sim.inject(Action::Fault(Fault::Partition(vec![vec![COORDINATOR, 1]])));
    run_for(&mut sim, 1_000);
    assert_eq!(sim.world().node(1).phase(1), TxPhase::Committed);
    assert_eq!(sim.world().node(2).phase(1), TxPhase::Aborted);
    let (step, violation) = sim.world().first_violation().expect("the checker sees it");
    assert_eq!(violation.property, ATOMICITY);
    assert!(*step > 0);
}

#[test]
fn two_phase_blocks_rather_than_split_under_the_same_partition() {
    let mut sim = sim(Protocol::TwoPhase, true);
    step_until(&mut sim, |s| {
        participants().all(|p| phase(s, p) == TxPhase::Uncertain)
    });
    sim.inject(Action::Fault(Fault::Partition(vec![vec![COORDINATOR, 1]])));
    run_for(&mut sim, 1_000);
    // Cut off from the coordinator, P2 and P3 voted yes and may not decide.
    for p in [2, 3] {
        assert!(sim.world().node(p).is_blocked(1), "participant {p} blocks");
    }
    sim.inject(Action::Fault(Fault::Heal));
    run_for(&mut sim, 1_000);
    assert!(decided_everywhere(sim.world(), 1));
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn three_phase_recovers_from_a_total_failure_once_everyone_is_back() {
    let mut sim = sim(Protocol::ThreePhase, false);
    step_until(&mut sim, |s| {
        participants().all(|p| phase(s, p) == TxPhase::PreCommitted)
    });
    for node in 0..=PARTICIPANTS {
        sim.inject(Action::Fault(Fault::Crash(node)));
    }
    // Back one by one: nobody may decide until it has heard from everyone.
    for node in 1..=PARTICIPANTS {
        sim.inject(Action::Fault(Fault::Restart(node)));
        run_for(&mut sim, 300);
        assert!(sim.world().node(node).is_blocked(1));
    }
    sim.inject(Action::Fault(Fault::Restart(COORDINATOR)));
    run_for(&mut sim, 1_000);
    for node in 0..=PARTICIPANTS {
        assert_eq!(
            sim.world().node(node).phase(1),
            TxPhase::Committed,
            "node {node}"
        );
    }
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn without_faults_transactions_run_one_after_another_and_commit() {
    let config = CommitConfig {
        transactions: 4,
        ..CommitConfig::default()
    };
    let mut sim = simulation(Protocol::TwoPhase, PARTICIPANTS, config, 3, millis(5));
    run_for(&mut sim, 2_000);
    assert!((1..=4).all(|tx| decided_everywhere(sim.world(), tx)));
    let committed = (1..=4)
        .filter(|&tx| sim.world().node(COORDINATOR).ledger().decision(tx) == Some(Decision::Commit))
        .count();
    assert_eq!(committed, 4, "without faults every transaction commits");
    assert_eq!(
        sim.world().node(1).ledger().wal().len(),
        8,
        "a vote and an outcome per tx"
    );
}
