//! How many messages an election costs: a failure-free election from a
//! chosen initiator, counted message by message, next to the closed-form
//! counts of this implementation.
//!
//! The runs use one fixed latency (5 ms) and no loss, so every node moves in
//! lockstep — the setting of the textbook analyses. With random latencies a
//! node may finish an election before a slow Election reaches it and then
//! start another, so counts can only grow.
//!
//! Only election messages are counted (Bully: Election, Answer,
//! Coordinator; ring: Election or Collect, Elected, and the ack of each);
//! the leader's heartbeats are not. The formulas, for nodes `0..N` and one
//! initiator `i`:
//!
//! | algorithm | election | reply | announcement |
//! |---|---|---|---|
//! | Bully | `E = (N−i)(N−i−1)/2` | Answer: `E − max(0, N−2−i)` | Coordinator: `N − 1 + max(0, N−2−i)` |
//! | Chang–Roberts | `d(i, N−1) + N` | ack: every ring message | Elected: `N` |
//! | list | `N` | ack: every ring message | Elected: `N` |
//!
//! where `d(i, N−1)` is the number of hops from `i` to the highest node
//! along the ring. When every node starts at once: Bully sends
//! `N(N−1)/2` Elections, `N(N−1)/2 − (N−1)` Answers and `2(N−1)`
//! Coordinators (`N² − 1` in all, as when the lowest starts);
//! Chang–Roberts sends `2N − 1` Elections on an ascending ring and
//! `N(N+1)/2` on a descending one; the list variant sends `N²` Collects and
//! `N²` Elected. See [`bully`](super::bully) and [`ring`](super::ring) for
//! why.

use super::bully::{BullyCommand, BullyConfig};
use super::ring::{RingCommand, RingConfig, RingOrder, RingVariant};
use super::scenario::{bully_cluster, ring_cluster};
use super::stability::{Elector, Stability, stability};
use crate::sim::{
    Action, Latency, NetworkConfig, NodeId, SimConfig, Simulation, Time, driver_stream, millis,
};
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// Who starts the election.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Initiator {
    /// Node 0: Bully's worst case.
    Lowest,
    /// Node `N − 1`: the cheapest start.
    Highest,
    /// A node drawn from the seed.
    Random,
    /// Every node at the same instant.
    All,
}

impl Initiator {
    /// Reads `lowest`, `highest`, `random` or `all`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "lowest" => Some(Initiator::Lowest),
            "highest" => Some(Initiator::Highest),
            "random" => Some(Initiator::Random),
            "all" => Some(Initiator::All),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Initiator::Lowest => "lowest",
            Initiator::Highest => "highest",
            Initiator::Random => "random",
            Initiator::All => "all",
        }
    }

    /// The initiating nodes among `0..nodes`, in the order they start.
    pub fn pick(self, nodes: usize, seed: u64) -> Vec<NodeId> {
        let top = nodes.saturating_sub(1);
        match self {
            Initiator::Lowest => vec![0],
            Initiator::Highest => vec![top],
            Initiator::Random => vec![driver_stream(seed, 2).random_range(0..=top)],
            Initiator::All => (0..nodes).collect(),
        }
    }
}

/// Messages of one election, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MessageCount {
    pub nodes: usize,
    pub initiators: Vec<NodeId>,
    /// Sends by kind (see [`BullyMessage::kind`](super::bully::BullyMessage::kind),
    /// [`RingMessage::kind`](super::ring::RingMessage::kind)); heartbeats
    /// are not counted.
    pub by_kind: BTreeMap<&'static str, u64>,
    /// The leader every node agreed on (`None` if the run never settled).
    pub leader: Option<NodeId>,
    /// Simulated time from the first initiation until the world was stable.
    pub duration: Time,
}

impl MessageCount {
    /// All counted messages.
    pub fn total(&self) -> u64 {
        self.by_kind.values().sum()
    }

    /// The count of one kind (0 when none was sent).
    pub fn get(&self, kind: &str) -> u64 {
        self.by_kind.get(kind).copied().unwrap_or(0)
    }
}

/// The latency of every counting run.
pub const COUNT_LATENCY: Time = millis(5);
/// The longest a counting run may take to settle (simulated).
const SETTLE_LIMIT: Time = millis(600_000);
/// How long a counting run goes on after settling, so a late election
/// message would be counted.
const AFTER_SETTLING: Time = millis(1_000);

fn count_run<N: Elector>(
    nodes: Vec<N>,
    initiators: Vec<NodeId>,
    command: N::Command,
    kind: fn(&N::Msg) -> &'static str,
) -> MessageCount {
    let count = nodes.len();
    let config = SimConfig {
        seed: 0,
        network: NetworkConfig {
            latency: Latency::Fixed(COUNT_LATENCY),
            ..NetworkConfig::default()
        },
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    };
    let mut sim = Simulation::new(config, nodes);
    sim.run_to_step(count as u64);
    let mut by_kind = BTreeMap::new();
    let mut tally = |sent: &[crate::sim::SentMessage<N::Msg>]| {
        for message in sent.iter().filter(|m| N::is_election_message(&m.msg)) {
            *by_kind.entry(kind(&message.msg)).or_insert(0) += 1;
        }
    };
    let start = sim.world().now();
    for &node in &initiators {
        let record = sim.inject(Action::Command {
            node,
            command: command.clone(),
        });
        tally(&record.sent);
    }
    let mut leader = None;
    let mut settled_at = None;
    loop {
        let now = sim.world().now();
        if settled_at.is_none()
            && let Stability::Agreed { leader: agreed } = stability(sim.world())
        {
            leader = Some(agreed);
            settled_at = Some(now);
        }
        let limit = settled_at.map_or(start + SETTLE_LIMIT, |t| t + AFTER_SETTLING);
        if sim.next_step_time().is_none_or(|t| t > limit) {
            break;
        }
        if let Some(record) = sim.step() {
            tally(&record.sent);
        }
    }
    if sim.world().violation_count() > 0
        || !matches!(stability(sim.world()), Stability::Agreed { .. })
    {
        leader = None;
    }
    MessageCount {
        nodes: count,
        initiators,
        by_kind,
        leader,
        duration: settled_at.map_or(0, |t| t - start),
    }
}

/// A failure-free Bully election among `nodes` nodes, started by `initiator`.
pub fn bully_messages(nodes: usize, initiator: Initiator, seed: u64) -> MessageCount {
    let config = BullyConfig {
        elect_on_start: false,
        ..BullyConfig::default()
    };
    count_run(
        bully_cluster(nodes, config),
        initiator.pick(nodes, seed),
        BullyCommand::StartElection,
        |m| m.kind(),
    )
}

/// A failure-free ring election among `nodes` nodes, started by `initiator`.
pub fn ring_messages(
    nodes: usize,
    variant: RingVariant,
    order: RingOrder,
    initiator: Initiator,
    seed: u64,
) -> MessageCount {
    let config = RingConfig {
        variant,
        order,
        elect_on_start: false,
        ..RingConfig::default()
    };
    count_run(
        ring_cluster(nodes, config),
        initiator.pick(nodes, seed),
        RingCommand::StartElection,
        |m| m.kind(),
    )
}

fn kinds(pairs: [(&'static str, u64); 3]) -> BTreeMap<&'static str, u64> {
    pairs.into_iter().filter(|&(_, n)| n > 0).collect()
}

/// The Bully counts of the table above for one initiator `i` (or for every
/// node at once when `initiator` is `None`).
pub fn bully_expected(nodes: usize, initiator: Option<NodeId>) -> BTreeMap<&'static str, u64> {
    let n = nodes as u64;
    if n == 0 {
        return BTreeMap::new();
    }
    let (elections, late) = match initiator {
        Some(i) => {
            let i = (i as u64).min(n - 1);
            ((n - i) * (n - i - 1) / 2, (n - 1).saturating_sub(i + 1))
        }
        None => (n * (n - 1) / 2, n - 1),
    };
    kinds([
        ("election", elections),
        ("answer", elections - late),
        ("coordinator", n - 1 + late),
    ])
}

/// The ring counts of the table above for one initiator (or for every node
/// at once when `initiator` is `None`).
pub fn ring_expected(
    nodes: usize,
    variant: RingVariant,
    order: RingOrder,
    initiator: Option<NodeId>,
) -> BTreeMap<&'static str, u64> {
    let n = nodes as u64;
    if n <= 1 {
        return BTreeMap::new(); // A lone node elects itself silently.
    }
    let top = nodes - 1;
    let (elections, elected) = match (variant, initiator) {
        (RingVariant::List, Some(_)) => (n, n),
        (RingVariant::List, None) => (n * n, n * n),
        (RingVariant::ChangRoberts, Some(i)) => (order.distance(i, top, nodes) as u64 + n, n),
        (RingVariant::ChangRoberts, None) => {
            // Each candidacy travels until a higher node (a participant
            // already) discards it; the top one goes all the way round.
            let travel: u64 = (0..top)
                .map(|i| {
                    let mut at = i;
                    let mut hops = 0;
                    loop {
                        at = order.successor(at, nodes);
                        hops += 1;
                        if at > i {
                            break hops;
                        }
                    }
                })
                .sum();
            (travel + n, n)
        }
    };
    kinds([
        ("election", elections),
        ("elected", elected),
        ("ack", elections + elected),
    ])
}
