//! Paxos's named scenarios, each re-created from the core's
//! `paxos::scenario` through the page's own run (see [`super::replay`]).

use super::single::PAXOS;
use crate::viz::sim_page::{Scenario, replay, scenario_base, scripted};
use dsviz_core::consensus::paxos::Backoff;
use dsviz_core::consensus::paxos::scenario::{acceptor_crash_mid_round, duelling_proposers};
use dsviz_core::sim::millis;

/// The core's duel with `backoff`, on the page with `backoff_ms`.
fn duel(backoff: Backoff, backoff_ms: u32) -> String {
    let core = duelling_proposers(backoff);
    let params = format!("nodes=3&backoff={backoff_ms}&latency=5");
    scripted(&PAXOS, &scenario_base(&core, &params), |run| {
        replay(run, &core)
    })
}

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "duelling-livelock",
        title: "Duelling proposers: livelock",
        why: "S1 and S3 propose at the same instant and retry at once when pre-empted: each Prepare overtakes the other's Accept, the ballots climb for ever and nothing is chosen.",
        query: || duel(Backoff::None, 0),
    },
    Scenario {
        slug: "duelling-backoff",
        title: "Duelling proposers: random backoff",
        why: "The same duel, but a pre-empted proposer waits a random time up to 60 ms first: one of them gets through both phases and its value is chosen within a few ballots.",
        query: || duel(Backoff::Randomized { max: millis(60) }, 60),
    },
    Scenario {
        slug: "acceptor-crash",
        title: "Acceptor crash mid-round",
        why: "S2 and S3 crash just as S1's Accepts leave: the other three are still a majority and 1 is chosen. They restart, S2 proposes 2, and its Prepare learns that 1 was chosen.",
        query: || {
            let core = acceptor_crash_mid_round();
            scripted(
                &PAXOS,
                &scenario_base(&core, "nodes=5&backoff=60&latency=5"),
                |run| replay(run, &core),
            )
        },
    },
];
