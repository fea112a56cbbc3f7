//! Multi-Paxos's named scenarios: the core's leader change with a gap,
//! re-created through the page's run (see [`super::replay`]), and a stable
//! leader taking client commands in phase 2 only.

use super::multi::MULTI_PAXOS;
use crate::viz::sim_page::{Scenario, replay, scenario_base, scripted};
use dsviz_core::consensus::multi_paxos::Command;
use dsviz_core::consensus::multi_paxos::scenario::{current_leader, leader_change_with_gap};
use dsviz_core::sim::millis;

/// Enough steps for a first election at any seed of the default timing.
const ELECTION_STEPS: u64 = 5_000;

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "leader-change-gap",
        title: "Leader change with a gap",
        why: "S1 led slots 1–3, but slot 2's Accepts were lost: slots 1 and 3 are chosen and learners wait behind the gap. S1 crashes now: the next leader's promises report nothing for slot 2, so it proposes a no-op there and every node applies 1, no-op, 3.",
        query: || {
            let core = leader_change_with_gap();
            scripted(
                &MULTI_PAXOS,
                &scenario_base(&core, "nodes=5&latency=5"),
                |run| replay(run, &core),
            )
        },
    },
    Scenario {
        slug: "client-commands",
        title: "A stable leader skips phase 1",
        why: "A leader is elected and four client commands reach it: each goes straight to Accept for the next slot — 3 (N − 1) messages a command instead of Paxos's 5 (N − 1).",
        query: || {
            scripted(&MULTI_PAXOS, "?seed=1&nodes=5&latency=5", |run| {
                run.step_until(ELECTION_STEPS, |w| current_leader(w).is_some());
                let Some(leader) = current_leader(run.player().sim().world()) else {
                    return;
                };
                // Let its first heartbeat settle the followers first.
                let at = run.player().sim().world().now() + millis(20);
                crate::viz::sim_page::SimRun::run_until(run, at);
                for command in 1..=4 {
                    run.command(leader, Command::Submit(command));
                }
            })
        },
    },
];
