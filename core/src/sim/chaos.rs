//! Building blocks of the seed sweeps' random faults (each protocol mixes
//! its own), drawn from a driver stream so that a seed replays exactly.

use super::fault::MessageId;
use super::node::{Node, NodeId};
use super::rng::NodeRng;
use super::world::World;
use alloc::vec::Vec;
use rand::RngExt;

/// A message in flight, chosen uniformly, if there is one.
pub fn pick_in_flight<N: Node>(driver: &mut NodeRng, world: &World<N>) -> Option<MessageId> {
    let in_flight: Vec<MessageId> = world.in_flight().map(|e| e.id).collect();
    (!in_flight.is_empty()).then(|| in_flight[driver.random_range(0..in_flight.len())])
}

/// One side of a random partition: each of `count` nodes joins it with
/// probability one half.
pub fn random_side(driver: &mut NodeRng, count: usize) -> Vec<NodeId> {
    (0..count).filter(|_| driver.random_bool(0.5)).collect()
}
