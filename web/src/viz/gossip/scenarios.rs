//! The gossip pages' scenario menu: a plain spread, and the core's
//! [`GossipScenario`]s (a partition that heals, 30 % of nodes dead, 20 %
//! loss) with their faults scripted at the times the core gives. A link
//! opens just after the faults at time 0, with later ones (the heal) still
//! ahead, so playing it shows the whole story.

use super::anti_entropy::GOSSIP;
use super::rumor::RUMOR;
use super::scuttlebutt::SCUTTLEBUTT;
use crate::player::Transport as _;
use crate::viz::sim_page::{AdaptedRun, Adapter, Scenario, SimRun, scripted};
use dsviz_core::gossip::scenario::GossipScenario;
use dsviz_core::sim::{Time, millis};
use std::sync::LazyLock;

/// Every gossip protocol's round.
const ROUND: Time = millis(100);

/// 256 nodes, push-pull, fanout 1.
const BASE: &str = "?seed=1&nodes=256";

/// Starts every node, applies `faults` at their times (for `count` nodes,
/// rounds of `period`), and leaves the run just after those at time 0.
pub fn apply_faults<A: Adapter>(
    run: &mut AdaptedRun<A>,
    scenario: GossipScenario,
    count: usize,
    period: Time,
    seed: u64,
) {
    run.run_until(0);
    let mut opening = None;
    for (at, fault) in scenario.faults(count, period, seed) {
        run.run_until(at);
        run.inject_fault(fault);
        if at == 0 {
            opening = Some(run.step_index());
        }
    }
    if let Some(step) = opening {
        run.seek(step);
    }
}

fn gossip_with(scenario: GossipScenario) -> String {
    scripted(&GOSSIP, BASE, |run| {
        apply_faults(run, scenario, 256, ROUND, 1)
    })
}

fn entry(scenario: GossipScenario, query: fn() -> String) -> Scenario {
    Scenario {
        slug: scenario.name(),
        title: scenario.title(),
        why: scenario.why(),
        query,
    }
}

pub static GOSSIP_SCENARIOS: LazyLock<Vec<Scenario>> = LazyLock::new(|| {
    vec![
        Scenario {
            slug: "spread",
            title: "One update, 256 nodes",
            why: "Push-pull with fanout 1 and no faults: the update doubles and more each round and reaches every node in about log₃ N + a few rounds, close to the theoretical curve.",
            query: || scripted(&GOSSIP, BASE, |run| run.run_until(0)),
        },
        entry(GossipScenario::PartitionHeals, || {
            gossip_with(GossipScenario::PartitionHeals)
        }),
        entry(GossipScenario::ThirtyPercentDead, || {
            gossip_with(GossipScenario::ThirtyPercentDead)
        }),
        entry(GossipScenario::TwentyPercentLoss, || {
            gossip_with(GossipScenario::TwentyPercentLoss)
        }),
    ]
});

pub static RUMOR_SCENARIOS: LazyLock<Vec<Scenario>> = LazyLock::new(|| {
    vec![
        Scenario {
            slug: "feedback-counter",
            title: "Feedback and a counter, k = 2",
            why: "The paper's best variant on 256 nodes: a node stops after two pushes that found the peer knew; about 6 % never hear the rumor, as s = exp(−3(1−s)) predicts.",
            query: || {
                scripted(&RUMOR, "?seed=1&nodes=256&variant=0&k=2", |run| {
                    run.run_until(0)
                })
            },
        },
        Scenario {
            slug: "blind-counter",
            title: "Blind, k = 2",
            why: "Without feedback every node pushes exactly twice whatever the peer knew: the rumor dies out earlier and about one node in five never hears it (s = exp(−2(1−s))).",
            query: || {
                scripted(&RUMOR, "?seed=1&nodes=256&variant=1&k=2", |run| {
                    run.run_until(0)
                })
            },
        },
        Scenario {
            slug: "k-four",
            title: "Feedback and a counter, k = 4",
            why: "A larger k buys a smaller residue with more traffic: under 1 % of the nodes are missed, at about five rumors per node.",
            query: || {
                scripted(&RUMOR, "?seed=1&nodes=256&variant=0&k=4", |run| {
                    run.run_until(0)
                })
            },
        },
        Scenario {
            slug: "backup",
            title: "Rumors backed up by anti-entropy",
            why: "k = 1 leaves a fifth of the nodes uninformed, but every fifth round each node also runs one push-pull exchange: the residue learns the update and spreads it as a new rumor, until everyone has it.",
            query: || {
                scripted(&RUMOR, "?seed=1&nodes=256&variant=0&k=1&backup=5", |run| {
                    run.run_until(0)
                })
            },
        },
        entry(GossipScenario::ThirtyPercentDead, || {
            scripted(&RUMOR, "?seed=1&nodes=256", |run| {
                apply_faults(run, GossipScenario::ThirtyPercentDead, 256, ROUND, 1)
            })
        }),
    ]
});

const SCUTTLE_BASE: &str = "?seed=1&nodes=4&keys=4&writes=8";

fn scuttle_with(scenario: GossipScenario) -> String {
    scripted(
        &SCUTTLEBUTT,
        "?seed=1&nodes=6&mtu=3&keys=4&writes=6",
        |run| apply_faults(run, scenario, 6, ROUND, 1),
    )
}

pub static SCUTTLEBUTT_SCENARIOS: LazyLock<Vec<Scenario>> = LazyLock::new(|| {
    vec![
        Scenario {
            slug: "small-mtu",
            title: "An MTU of one delta",
            why: "Four participants with eight writes each, one delta per message: every answer leaves most of what is due behind, and catching up takes several times as many rounds as with room for everything.",
            query: || {
                scripted(&SCUTTLEBUTT, &format!("{SCUTTLE_BASE}&mtu=1"), |run| {
                    run.run_until(0)
                })
            },
        },
        Scenario {
            slug: "large-mtu",
            title: "An MTU that fits everything",
            why: "The same writes with room for 32 deltas: each exchange sends exactly what the digest says is missing, and everyone holds everything after a couple of rounds.",
            query: || {
                scripted(&SCUTTLEBUTT, &format!("{SCUTTLE_BASE}&mtu=32"), |run| {
                    run.run_until(0)
                })
            },
        },
        entry(GossipScenario::PartitionHeals, || {
            scuttle_with(GossipScenario::PartitionHeals)
        }),
        entry(GossipScenario::TwentyPercentLoss, || {
            scuttle_with(GossipScenario::TwentyPercentLoss)
        }),
    ]
});
