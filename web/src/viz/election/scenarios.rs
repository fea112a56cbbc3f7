//! The election pages' named scenarios. The message-count ones start from
//! idle nodes on a fixed 5 ms network, the textbook's lockstep setting, so
//! the count at the end matches the formula in the status line; the crash
//! ones start from a cluster that has settled on its highest node.

use super::bully::BULLY;
use super::ring::RING;
use crate::viz::sim_page::{AdaptedRun, Adapter, Scenario, SimRun, scripted};
use dsviz_core::election::bully::BullyCommand;
use dsviz_core::election::ring::RingCommand;
use dsviz_core::election::{Elector, Stability, stability};
use dsviz_core::sim::{Fault, Node, millis};

/// Generous: a five-node election settles within a few hundred steps.
const STEPS: u64 = 20_000;

const IDLE: &str = "?seed=3&nodes=5&start=0&latency=5";
const BOOTED: &str = "?seed=3&nodes=5";

/// Steps until the cluster is stable and agrees; returns the leader.
fn settle<A: Adapter>(run: &mut AdaptedRun<A>) -> Option<usize>
where
    A::Node: Elector,
{
    let mut leader = None;
    run.step_until(STEPS, |w| match stability(w) {
        Stability::Agreed { leader: l } => {
            leader = Some(l);
            true
        }
        _ => false,
    });
    leader
}

/// Boots the nodes, sends `command` to each of `nodes` at once, then takes
/// one step, so the link opens with the first election messages on the wire.
fn start<A: Adapter>(run: &mut AdaptedRun<A>, nodes: &[usize], command: <A::Node as Node>::Command)
where
    <A::Node as Node>::Command: Copy,
{
    run.run_until(0); // Every node starts at time zero.
    for &node in nodes {
        run.command(node, command);
    }
    run.step_until(1, |_| false);
}

/// Settles, crashes the leader, lets `after_crash` act, and returns.
fn crash_leader<A: Adapter>(run: &mut AdaptedRun<A>, after_crash: impl FnOnce(&mut AdaptedRun<A>))
where
    A::Node: Elector,
{
    if let Some(leader) = settle(run) {
        run.inject_fault(Fault::Crash(leader));
        after_crash(run);
    }
}

/// Crashes the settled leader, waits for the next one, restarts the old.
fn leader_recovers<A: Adapter>(run: &mut AdaptedRun<A>)
where
    A::Node: Elector,
{
    if let Some(old) = settle(run) {
        run.inject_fault(Fault::Crash(old));
        if settle(run).is_some() {
            let at = run.player().sim().world().now() + millis(50);
            run.run_until(at);
            run.inject_fault(Fault::Restart(old));
        }
    }
}

pub static BULLY_SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "worst-case",
        title: "Worst case: the lowest node starts",
        why: "Five idle nodes and S1 starts the election: every node challenges every higher one, and the count ends at N² − 1 = 24 messages.",
        query: || {
            scripted(&BULLY, IDLE, |run| {
                start(run, &[0], BullyCommand::StartElection)
            })
        },
    },
    Scenario {
        slug: "best-case",
        title: "Best case: the highest node starts",
        why: "S5 starts: nobody is higher, so it announces itself at once with N − 1 = 4 Coordinator messages.",
        query: || {
            scripted(&BULLY, IDLE, |run| {
                start(run, &[4], BullyCommand::StartElection)
            })
        },
    },
    Scenario {
        slug: "leader-crash",
        title: "The leader crashes, the lowest notices",
        why: "S5 led and has just crashed; S1 notices first: play to watch the challenge climb the ids until S4 hears no answer from S5 and takes over.",
        query: || {
            scripted(&BULLY, BOOTED, |run| {
                crash_leader(run, |run| run.command(0, BullyCommand::StartElection))
            })
        },
    },
    Scenario {
        slug: "concurrent",
        title: "Two nodes notice at once",
        why: "The leader has crashed and S1 and S3 start elections at the same instant: the elections merge, and one Coordinator ends both.",
        query: || {
            scripted(&BULLY, BOOTED, |run| {
                crash_leader(run, |run| {
                    run.command(0, BullyCommand::StartElection);
                    run.command(2, BullyCommand::StartElection);
                })
            })
        },
    },
    Scenario {
        slug: "leader-recovers",
        title: "The old leader comes back",
        why: "S5 crashed and S4 took over; S5 restarts now: play to watch it start an election, hear no answer, and bully its way back.",
        query: || scripted(&BULLY, BOOTED, leader_recovers),
    },
];

pub static RING_SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "worst-case",
        title: "Chang–Roberts: the node after the highest starts",
        why: "S1, just after S5 on the ring, starts: its candidacy is beaten at S2, S5's goes all the way round, then Elected circles once: 3N − 1 = 14 ring messages.",
        query: || {
            scripted(&RING, IDLE, |run| {
                start(run, &[0], RingCommand::StartElection)
            })
        },
    },
    Scenario {
        slug: "best-case",
        title: "Chang–Roberts: the highest node starts",
        why: "S5 starts: its candidacy goes round once unbeaten and Elected follows it: 2N = 10 ring messages.",
        query: || {
            scripted(&RING, IDLE, |run| {
                start(run, &[4], RingCommand::StartElection)
            })
        },
    },
    Scenario {
        slug: "list",
        title: "The circulating list",
        why: "The list variant: S1's message collects every id on its way round, then the highest is announced: 2N ring messages, but each grows with the ring.",
        query: || {
            scripted(
                &RING,
                "?seed=3&nodes=5&variant=1&start=0&latency=5",
                |run| start(run, &[0], RingCommand::StartElection),
            )
        },
    },
    Scenario {
        slug: "everyone",
        title: "Every node starts at once",
        why: "All five start together: each candidacy travels until a higher participant swallows it, and only S5's completes the circle.",
        query: || {
            scripted(&RING, IDLE, |run| {
                start(run, &[0, 1, 2, 3, 4], RingCommand::StartElection)
            })
        },
    },
    Scenario {
        slug: "dead-successor",
        title: "A dead node on the ring",
        why: "The leader S5 and S2 have crashed, and S1 notices: its message to S2 goes unacknowledged, so it skips to S3, and S4 is elected.",
        query: || {
            scripted(&RING, BOOTED, |run| {
                crash_leader(run, |run| {
                    run.inject_fault(Fault::Crash(1));
                    run.command(0, RingCommand::StartElection);
                })
            })
        },
    },
    Scenario {
        slug: "leader-recovers",
        title: "The old leader comes back",
        why: "S5 crashed and S4 took over; S5 restarts now and starts an election: its candidacy wins the ring back.",
        query: || scripted(&RING, BOOTED, leader_recovers),
    },
];
