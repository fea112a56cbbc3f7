//! PBFT's named scenarios, each re-created from the core's
//! `pbft::scenario` through the page's own run (see [`super::replay`]).

use super::pbft::PBFT;
use crate::viz::sim_page::{Scenario, replay, scenario_base, scripted};
use dsviz_core::consensus::pbft::PbftNode;
use dsviz_core::consensus::pbft::scenario::{
    equivocating_primary, normal_case, too_many_byzantine,
};
use dsviz_core::sim::Simulation;

fn replayed(core: Simulation<PbftNode>) -> String {
    scripted(&PBFT, &scenario_base(&core, "latency=5"), |run| {
        replay(run, &core)
    })
}

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "normal-case",
        title: "The normal case",
        why: "Four honest replicas and one request: pre-prepare from the primary, prepares from the backups, commits from everyone, and the client accepts f + 1 = 2 matching replies.",
        query: || replayed(normal_case()),
    },
    Scenario {
        slug: "equivocating-primary",
        title: "Equivocating primary → view change",
        why: "Primary R0 pre-prepares the client's request to R1 and a null request to R2 and R3: the request never commits, the client re-sends it to everyone, the backups' timers run out, and view 1 with primary R1 executes it.",
        query: || replayed(equivocating_primary()),
    },
    Scenario {
        slug: "too-many-byzantine",
        title: "f + 1 Byzantine replicas: safety lost",
        why: "R0 and R3 both equivocate — two liars where 4 replicas tolerate one. R1 gets the request and R2 a null request for sequence number 1; the liars back both, and the two honest replicas commit different requests: Agreement is violated.",
        query: || replayed(too_many_byzantine()),
    },
];
