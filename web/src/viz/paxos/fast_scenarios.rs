//! Fast Paxos's named scenarios: the core's lone client and collision,
//! re-created through the page's run (see [`super::replay`]), and a race
//! on a jittery network.

use super::fast::FAST_PAXOS;
use crate::viz::sim_page::{Scenario, SimRun, replay, scenario_base, scripted};
use dsviz_core::consensus::fast_paxos::Command;
use dsviz_core::consensus::fast_paxos::scenario::{collision, fast_decision};
use dsviz_core::sim::millis;

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "collision",
        title: "Collision → classic round",
        why: "Clients at A2 and A3 send 10 and 20 at the same instant; slower links make C1 and A2 vote 10 and A3 and A4 vote 20. Neither can reach a fast quorum of 3: the coordinator flags the collision and recovers through classic round 2.",
        query: || {
            let core = collision();
            scripted(
                &FAST_PAXOS,
                &scenario_base(&core, "nodes=4&latency=5"),
                |run| replay(run, &core),
            )
        },
    },
    Scenario {
        slug: "fast-decision",
        title: "A lone client: two message delays",
        why: "One client at A2 sends 10 to every acceptor; three of the four vote for it in the fast round, and it is chosen without the leader ever proposing.",
        query: || {
            let core = fast_decision();
            scripted(
                &FAST_PAXOS,
                &scenario_base(&core, "nodes=4&latency=5"),
                |run| replay(run, &core),
            )
        },
    },
    Scenario {
        slug: "race",
        title: "A race on a jittery network",
        why: "Two clients send 10 and 20 at once over links of 10–30 ms: whether a fast quorum forms or the round collides depends on the order the acceptors hear them in, so on the seed — change it and see; either way exactly one value is chosen.",
        query: || {
            scripted(&FAST_PAXOS, "?seed=4&nodes=4&latency=10-30", |run| {
                run.run_until(millis(31)); // The coordinator's Any has reached everyone.
                run.command(1, Command::Propose(10));
                run.command(2, Command::Propose(20));
            })
        },
    },
];
