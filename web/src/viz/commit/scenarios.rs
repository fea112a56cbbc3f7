//! The commit pages' named scenarios: each a one-click permalink to the
//! moment a protocol's failure behaviour shows. Both protocols use the same
//! seed and set-up, so the 2PC and 3PC versions of a crash can be compared.

use super::adapter::{CommitAdapter, THREE_PC, TWO_PC};
use crate::viz::sim_page::{AdaptedRun, Scenario, SimRun, scripted};
use dsviz_core::commit::{COORDINATOR, Command, TxPhase};
use dsviz_core::sim::{Fault, World, millis};

/// Generous: the first transaction's votes come within a few hundred steps.
const STEPS: u64 = 20_000;

const BASE: &str = "?seed=5&participants=4&transactions=3";

fn participants_voted_yes(world: &World<dsviz_core::commit::CommitNode>) -> bool {
    (1..world.nodes().len()).all(|p| world.node(p).phase(1) == TxPhase::Uncertain)
}

/// Steps until every participant has voted yes on the first transaction.
fn until_voted(run: &mut AdaptedRun<CommitAdapter>) -> bool {
    run.step_until(STEPS, participants_voted_yes)
}

/// Steps until the coordinator has logged PRE-COMMIT for the first one.
fn until_pre_committed(run: &mut AdaptedRun<CommitAdapter>) -> bool {
    run.step_until(STEPS, |w| {
        w.node(COORDINATOR).phase(1) == TxPhase::PreCommitted
    })
}

pub static SCENARIOS_2PC: &[Scenario] = &[
    Scenario {
        slug: "coordinator-crash",
        title: "Coordinator crash after prepare",
        why: "Every participant voted yes and the coordinator crashed: play to watch them time out and block, holding their locks, with nobody allowed to decide.",
        query: || {
            scripted(&TWO_PC, BASE, |run| {
                if until_voted(run) {
                    run.inject_fault(Fault::Crash(COORDINATOR));
                }
            })
        },
    },
    Scenario {
        slug: "coordinator-recovers",
        title: "Coordinator recovers from its log",
        why: "The participants have been blocked for half a second; the coordinator restarts now: play to watch it read BEGIN without a decision from its log, abort, and release everyone.",
        query: || {
            scripted(&TWO_PC, BASE, |run| {
                if until_voted(run) {
                    run.inject_fault(Fault::Crash(COORDINATOR));
                    let at = run.player().sim().world().now() + millis(500);
                    run.run_until(at);
                    run.inject_fault(Fault::Restart(COORDINATOR));
                }
            })
        },
    },
    Scenario {
        slug: "vote-no",
        title: "A participant votes no",
        why: "P2 will refuse the first transaction: play to watch one no vote abort it everywhere, and the next transactions commit.",
        query: || {
            scripted(&TWO_PC, BASE, |run| {
                run.run_until(0); // Every process starts at time zero.
                run.command(2, Command::VoteNoNext)
            })
        },
    },
    Scenario {
        slug: "cooperative",
        title: "Cooperative termination",
        why: "P4 never received PREPARE and the coordinator crashed after the others voted: with cooperative termination the blocked ones ask P4, which may still abort, and everyone is released.",
        query: || {
            scripted(
                &TWO_PC,
                "?seed=5&participants=4&transactions=3&cooperative=1",
                |run| {
                    run.inject_fault(Fault::CutLink {
                        from: COORDINATOR,
                        to: 4,
                    });
                    if run.step_until(STEPS, |w| {
                        (1..4).all(|p| w.node(p).phase(1) == TxPhase::Uncertain)
                    }) {
                        run.inject_fault(Fault::Crash(COORDINATOR));
                    }
                },
            )
        },
    },
];

pub static SCENARIOS_3PC: &[Scenario] = &[
    Scenario {
        slug: "coordinator-crash",
        title: "Coordinator crash during pre-commit",
        why: "The coordinator logged PRE-COMMIT, sent it and crashed: play to watch P1 time out, lead the termination protocol and commit without it.",
        query: || {
            scripted(&THREE_PC, BASE, |run| {
                if until_pre_committed(run) {
                    run.inject_fault(Fault::Crash(COORDINATOR));
                }
            })
        },
    },
    Scenario {
        slug: "crash-before-pre-commit",
        title: "Coordinator crash before pre-commit",
        why: "Every participant voted yes and the coordinator crashed before pre-committing: play to watch the termination protocol find everyone uncertain and abort — nobody blocks.",
        query: || {
            scripted(&THREE_PC, BASE, |run| {
                if until_voted(run) {
                    run.inject_fault(Fault::Crash(COORDINATOR));
                }
            })
        },
    },
    Scenario {
        slug: "partition",
        title: "Partition during pre-commit",
        why: "The coordinator and P1 are cut off from the rest while PRE-COMMIT is on the wire: play to watch one side commit and the other abort, and the invariant panel flag the step.",
        query: || {
            scripted(&THREE_PC, BASE, |run| {
                if until_pre_committed(run) {
                    run.inject_fault(Fault::Partition(vec![vec![COORDINATOR, 1]]));
                }
            })
        },
    },
    Scenario {
        slug: "total-failure",
        title: "Total failure",
        why: "Everyone pre-committed, then every process crashed; the participants are back and the coordinator returns last: they must wait until they have heard from all, then commit.",
        query: || {
            scripted(&THREE_PC, BASE, |run| {
                if run.step_until(STEPS, |w| {
                    (1..w.nodes().len()).all(|p| w.node(p).phase(1) == TxPhase::PreCommitted)
                }) {
                    let count = run.player().sim().world().nodes().len();
                    for node in 0..count {
                        run.inject_fault(Fault::Crash(node));
                    }
                    for node in 1..count {
                        run.inject_fault(Fault::Restart(node));
                    }
                    let at = run.player().sim().world().now() + millis(300);
                    run.run_until(at);
                    run.inject_fault(Fault::Restart(COORDINATOR));
                }
            })
        },
    },
];
