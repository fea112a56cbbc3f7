//! Ready-made election set-ups shared by the tests, the lab CLI and the web
//! app.

use super::bully::{BullyConfig, BullyNode};
use super::ring::{RingConfig, RingNode};
use super::stability::{Elector, Stability, stability};
use crate::sim::{Node, NodeId, SimConfig, Simulation, Time, World, millis};
use alloc::vec::Vec;

/// `count` Bully nodes with the same configuration.
pub fn bully_cluster(count: usize, config: BullyConfig) -> Vec<BullyNode> {
    (0..count).map(|_| BullyNode::new(config)).collect()
}

/// `count` ring nodes with the same configuration.
pub fn ring_cluster(count: usize, config: RingConfig) -> Vec<RingNode> {
    (0..count).map(|_| RingNode::new(config)).collect()
}

/// The default Bully run: five nodes, default timing and network.
pub fn bully_demo(seed: u64) -> Simulation<BullyNode> {
    Simulation::new(
        SimConfig::seeded(seed),
        bully_cluster(5, BullyConfig::default()),
    )
}

/// The default ring run: five nodes on an ascending ring.
pub fn ring_demo(seed: u64, config: RingConfig) -> Simulation<RingNode> {
    Simulation::new(SimConfig::seeded(seed), ring_cluster(5, config))
}

/// The highest id among the nodes that are up.
pub fn highest_live<N: Node>(world: &World<N>) -> Option<NodeId> {
    (0..world.nodes().len()).rev().find(|&id| world.is_up(id))
}

/// The live node that believes it leads, the highest if several do.
pub fn current_leader<N: Elector>(world: &World<N>) -> Option<NodeId> {
    (0..world.nodes().len())
        .rev()
        .find(|&id| world.is_up(id) && world.node(id).is_leader())
}

/// Runs in steps of `tick` until the world is stable and agrees, or `for_at_most`
/// has passed; returns the agreed leader.
pub fn settle<N: Elector>(sim: &mut Simulation<N>, for_at_most: Time) -> Option<NodeId> {
    let tick = millis(10);
    let deadline = sim.world().now() + for_at_most;
    loop {
        if let Stability::Agreed { leader } = stability(sim.world()) {
            return Some(leader);
        }
        let now = sim.world().now();
        if now >= deadline {
            return None;
        }
        sim.run_until((now + tick).min(deadline));
    }
}
