//! Ready-made PBFT runs shared by the tests, the lab and the pages. Each
//! returns a [`Simulation`] with its scripted inputs recorded, positioned
//! where the story starts.

use super::client::Client;
use super::node::{PbftConfig, PbftNode};
use super::replica::Replica;
use super::{Behaviour, Command, Phase};
use crate::sim::{Action, Latency, NetworkConfig, NodeId, SimConfig, Simulation, World, millis};
use alloc::vec::Vec;

/// `3f + 1` replicas and the client (the last node).
pub fn cluster(config: PbftConfig) -> Vec<PbftNode> {
    let mut nodes: Vec<PbftNode> = (0..config.replicas())
        .map(|_| PbftNode::Replica(Replica::new(config)))
        .collect();
    nodes.push(PbftNode::Client(Client::new(config)));
    nodes
}

/// A simulation with a fixed 5 ms latency and no loss, every node started.
pub fn simulation(config: PbftConfig, seed: u64) -> Simulation<PbftNode> {
    let network = NetworkConfig {
        latency: Latency::Fixed(millis(5)),
        ..NetworkConfig::default()
    };
    let mut sim = Simulation::new(
        SimConfig {
            network,
            ..SimConfig::seeded(seed)
        },
        cluster(config),
    );
    sim.run_to_step(config.replicas() as u64 + 1);
    sim
}

/// The client submits `op`.
pub fn submit(sim: &mut Simulation<PbftNode>, config: &PbftConfig, op: u64) {
    sim.inject(Action::Command {
        node: config.client_id(),
        command: Command::Submit(op),
    });
}

/// Makes replica `replica` Byzantine with `behaviour`.
pub fn behave(sim: &mut Simulation<PbftNode>, replica: NodeId, behaviour: Behaviour) {
    sim.inject(Action::Command {
        node: replica,
        command: Command::Behave(behaviour),
    });
}

/// How many requests the client has had answered.
pub fn answered(world: &World<PbftNode>) -> usize {
    world
        .nodes()
        .iter()
        .filter_map(PbftNode::client)
        .map(|c| c.accepted().len())
        .sum()
}

/// The highest view any running replica is in.
pub fn highest_view(world: &World<PbftNode>) -> u64 {
    world
        .nodes()
        .iter()
        .filter_map(PbftNode::replica)
        .map(|r| r.view())
        .max()
        .unwrap_or(0)
}

/// The view the honest replicas work in: the highest view an honest replica
/// is in normal operation in; while every honest replica is changing views,
/// the highest view an honest one has moved to. A Byzantine replica (an
/// equivocating former primary keeps asking for view changes) does not
/// count, unlike in [`highest_view`].
pub fn current_view(world: &World<PbftNode>) -> u64 {
    let honest = || {
        world
            .nodes()
            .iter()
            .filter_map(PbftNode::replica)
            .filter(|r| r.is_honest())
    };
    honest()
        .filter(|r| r.in_normal_operation())
        .map(|r| r.view())
        .max()
        .or_else(|| honest().map(|r| r.view()).max())
        .unwrap_or(0)
}

/// The phase matrix the page draws: for every sequence number some
/// replica knows of (above its stable checkpoint), each replica's phase
/// there (`None`: nothing yet, or already behind its checkpoint).
pub fn phase_matrix(world: &World<PbftNode>) -> Vec<(u64, Vec<Option<Phase>>)> {
    let replicas: Vec<_> = world.nodes().iter().filter_map(PbftNode::replica).collect();
    let mut seqs = alloc::collections::BTreeSet::new();
    for r in &replicas {
        seqs.extend(r.known_seqs());
    }
    seqs.into_iter()
        .map(|s| (s, replicas.iter().map(|r| r.phase(s)).collect()))
        .collect()
}

/// The normal case: `f = 1`, four honest replicas, one request.
pub fn normal_case() -> Simulation<PbftNode> {
    let config = PbftConfig::default();
    let mut sim = simulation(config, 1);
    submit(&mut sim, &config, 7);
    sim
}

/// An equivocating primary: `f = 1`; replica 0 (the primary of view 0)
/// pre-prepares the client's request to replica 1 and a null request to
/// replicas 2 and 3. The null request commits at 2 and 3, the client's
/// never does; the client re-sends it to everyone, the backups' timers
/// expire, and view 1 (primary 1) executes it. Positioned after the
/// request.
pub fn equivocating_primary() -> Simulation<PbftNode> {
    let config = PbftConfig::default();
    let mut sim = simulation(config, 2);
    behave(&mut sim, 0, Behaviour::Equivocate);
    submit(&mut sim, &config, 7);
    sim
}

/// Too many Byzantine replicas: `f = 1` but replicas 0 (the primary) and
/// 3 both equivocate. Honest replica 1 gets the client's request, honest
/// replica 2 a null request for the same sequence number, and the two
/// liars prepare and commit both: each honest replica sees `2f` prepares
/// and `2f + 1` commits for its own version, and they commit different
/// requests at sequence number 1 — the Agreement violation the page
/// shows. Positioned after the request.
pub fn too_many_byzantine() -> Simulation<PbftNode> {
    let config = PbftConfig::default();
    let mut sim = simulation(config, 3);
    behave(&mut sim, 0, Behaviour::Equivocate);
    behave(&mut sim, 3, Behaviour::Equivocate);
    submit(&mut sim, &config, 7);
    sim
}
