//! Raft's named scenarios: each a one-click permalink to a moment worth
//! watching.

use super::adapter::{RAFT, RaftAdapter};
use crate::viz::sim_page::{AdaptedRun, Scenario, SimRun, scripted};
use dsviz_core::consensus::raft::Command;
use dsviz_core::consensus::raft::scenario::current_leader;
use dsviz_core::sim::Fault;

/// Enough steps for a first election at any seed of the default timing.
const ELECTION_STEPS: u64 = 5_000;

fn until_leader(run: &mut AdaptedRun<RaftAdapter>) -> Option<usize> {
    run.step_until(ELECTION_STEPS, |w| current_leader(w).is_some());
    current_leader(run.player().sim().world())
}

/// Steps until every running server has committed `index` entries.
fn until_committed(run: &mut AdaptedRun<RaftAdapter>, index: u64) {
    run.step_until(ELECTION_STEPS, |w| {
        (0..w.nodes().len()).all(|id| !w.is_up(id) || w.node(id).commit_index() >= index)
    });
}

/// Elects a leader, waits for its first entry (the §8 no-op) to commit everywhere, then hands
/// the run and the leader to `then`.
fn once_settled(
    run: &mut AdaptedRun<RaftAdapter>,
    then: impl FnOnce(&mut AdaptedRun<RaftAdapter>, usize),
) {
    if let Some(leader) = until_leader(run) {
        until_committed(run, 1);
        then(run, leader);
    }
}

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "leader-crash",
        title: "Leader crash",
        why: "The leader has just crashed: play to watch the followers' timers run out and a new leader win a higher term.",
        query: || {
            scripted(&RAFT, "?seed=3", |run| {
                once_settled(run, |run, leader| run.inject_fault(Fault::Crash(leader)))
            })
        },
    },
    Scenario {
        slug: "client-requests",
        title: "Log replication",
        why: "Six client requests reach the leader: play to watch AppendEntries carry them and the commit mark follow a majority.",
        query: || {
            scripted(&RAFT, "?seed=1", |run| {
                once_settled(run, |run, leader| {
                    for value in 1..=6 {
                        run.command(leader, Command::Propose(value));
                    }
                })
            })
        },
    },
    Scenario {
        slug: "partitioned-leader",
        title: "Partitioned old leader",
        why: "The leader and one follower are cut off from the other three: the majority elects a new leader while the old one still believes it leads.",
        query: || {
            scripted(&RAFT, "?seed=3", |run| {
                once_settled(run, |run, leader| {
                    let buddy = (leader + 1) % 5;
                    run.inject_fault(Fault::Partition(vec![vec![leader, buddy]]));
                    run.command(leader, Command::Propose(7));
                })
            })
        },
    },
    Scenario {
        slug: "stress",
        title: "64 servers",
        why: "A crowd: 64 servers with a 20 ms heartbeat over a slow network keep 500 and more messages in flight.",
        query: || {
            scripted(
                &RAFT,
                "?seed=7&nodes=64&timeout=1000-2000&heartbeat=20&latency=50-150",
                // Past the first election (timeouts of 1–2 s), into steady replication.
                |run| run.run_until(2_500_000),
            )
        },
    },
];
