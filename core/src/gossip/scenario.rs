//! Ready-made gossip set-ups shared by the experiments, the tests, the lab
//! CLI and the pages: clusters, the network the round counts assume, and
//! the scenario menu's fault scripts.

use super::dissemination::{AntiEntropyConfig, AntiEntropyNode};
use super::membership::{MembershipConfig, MembershipNode};
use super::rumor::{RumorConfig, RumorNode};
use super::scuttlebutt::{ScuttlebuttConfig, ScuttlebuttNode};
use crate::sim::{
    Fault, Latency, NetworkConfig, NodeId, Probability, SimConfig, Time, driver_stream, millis,
};
use alloc::vec::Vec;
use rand::RngExt;

/// `count` anti-entropy nodes; node 0 starts with version 1.
pub fn anti_entropy_cluster(count: usize, config: AntiEntropyConfig) -> Vec<AntiEntropyNode> {
    (0..count)
        .map(|id| AntiEntropyNode::new(config, u64::from(id == 0)))
        .collect()
}

/// `count` rumor-mongering nodes; node 0 starts infective with version 1.
pub fn rumor_cluster(count: usize, config: RumorConfig) -> Vec<RumorNode> {
    (0..count)
        .map(|id| RumorNode::new(config, u64::from(id == 0)))
        .collect()
}

/// `count` members with the same configuration.
pub fn membership_cluster(count: usize, config: MembershipConfig) -> Vec<MembershipNode> {
    (0..count).map(|_| MembershipNode::new(config)).collect()
}

/// `count` Scuttlebutt participants with the same configuration.
pub fn scuttlebutt_cluster(count: usize, config: ScuttlebuttConfig) -> Vec<ScuttlebuttNode> {
    (0..count).map(|_| ScuttlebuttNode::new(config)).collect()
}

/// Latencies of 1–10 ms, well inside the default 100 ms round, so a
/// message sent in a round arrives in it; `loss` on every link.
pub fn round_network(loss: Probability) -> NetworkConfig {
    NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: millis(10),
        },
        loss,
        ..NetworkConfig::default()
    }
}

/// A run for measurement: invariants on, no trace, no checkpoints (a
/// 10,000-node world is not cloned every few hundred steps).
pub fn measuring(seed: u64, network: NetworkConfig) -> SimConfig {
    SimConfig {
        seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    }
}

/// The scenario menu of the gossip pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum GossipScenario {
    /// Half the nodes cut off from the update until round 10.
    PartitionHeals,
    /// 30 % of the nodes (never node 0, the source) crash at once.
    ThirtyPercentDead,
    /// Every message is lost with probability 0.2.
    TwentyPercentLoss,
}

impl GossipScenario {
    pub const ALL: [GossipScenario; 3] = [
        GossipScenario::PartitionHeals,
        GossipScenario::ThirtyPercentDead,
        GossipScenario::TwentyPercentLoss,
    ];

    /// The name used in URLs.
    pub fn name(self) -> &'static str {
        match self {
            GossipScenario::PartitionHeals => "partition-heals",
            GossipScenario::ThirtyPercentDead => "thirty-percent-dead",
            GossipScenario::TwentyPercentLoss => "twenty-percent-loss",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.name() == text)
    }

    pub fn title(self) -> &'static str {
        match self {
            GossipScenario::PartitionHeals => "A partition that heals",
            GossipScenario::ThirtyPercentDead => "30 % of nodes dead",
            GossipScenario::TwentyPercentLoss => "20 % message loss",
        }
    }

    /// One sentence of why it matters.
    pub fn why(self) -> &'static str {
        match self {
            GossipScenario::PartitionHeals => {
                "The far side cannot hear the update until the partition heals; then it catches up in a few rounds."
            }
            GossipScenario::ThirtyPercentDead => {
                "Contacts wasted on dead nodes slow the spread a little, but every live node is still reached."
            }
            GossipScenario::TwentyPercentLoss => {
                "Loss only thins the contacts out: the spread stays logarithmic, with a few more rounds."
            }
        }
    }

    /// The faults to inject, each with the simulated time it happens at,
    /// for `count` nodes with rounds of `period`; the seed picks the dead.
    pub fn faults(self, count: usize, period: Time, seed: u64) -> Vec<(Time, Fault)> {
        match self {
            GossipScenario::PartitionHeals => {
                let far: Vec<NodeId> = (count / 2..count).collect();
                let near: Vec<NodeId> = (0..count / 2).collect();
                Vec::from([
                    (0, Fault::Partition(Vec::from([near, far]))),
                    (10 * period, Fault::Heal),
                ])
            }
            GossipScenario::ThirtyPercentDead => dead_nodes(count, 0.3, seed)
                .into_iter()
                .map(|id| (0, Fault::Crash(id)))
                .collect(),
            GossipScenario::TwentyPercentLoss => {
                Vec::from([(0, Fault::SetLoss(Probability::from_fraction(0.2)))])
            }
        }
    }
}

/// `round(fraction · count)` nodes other than node 0 (the source), drawn
/// from the seed, in ascending order.
pub fn dead_nodes(count: usize, fraction: f64, seed: u64) -> Vec<NodeId> {
    let want = libm::round(fraction.clamp(0.0, 1.0) * count as f64) as usize;
    let mut candidates: Vec<NodeId> = (1..count).collect();
    let want = want.min(candidates.len());
    let mut rng = driver_stream(seed, 13);
    for slot in 0..want {
        let pick = rng.random_range(slot..candidates.len());
        candidates.swap(slot, pick);
    }
    candidates.truncate(want);
    candidates.sort_unstable();
    candidates
}
