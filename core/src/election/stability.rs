//! When an election is over, and whether the nodes then agree.
//!
//! See the [module docs](super) for the definition of *stable* and of
//! *stable agreement*. Both need what a safety checker cannot see — which
//! nodes are up and which messages are in flight — so they read the whole
//! [`World`] and are called by the experiments and the web page, not by the
//! simulator's per-step [`Invariants`](crate::sim::Invariants).

use crate::sim::{Node, NodeId, Violation, World};
use alloc::format;

/// The property name of stable agreement.
pub const AGREEMENT: &str = "Stable Agreement";

/// What an election protocol exposes for checking and drawing.
pub trait Elector: Node {
    /// The leader this node believes in (itself when it leads).
    fn leader(&self) -> Option<NodeId>;
    /// Whether this node believes it is the leader.
    fn is_leader(&self) -> bool;
    /// Whether this node is taking part in an election right now.
    fn in_election(&self) -> bool;
    /// The highest node above this one heard from since its current
    /// election began (`None` when none): a leader must have heard none.
    fn heard_higher(&self) -> Option<NodeId>;
    /// Whether a message belongs to an election (heartbeats do not).
    fn is_election_message(msg: &Self::Msg) -> bool;
}

/// Why the world is, or is not, stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Stability {
    /// Stable; every live node believes in `leader`.
    Agreed { leader: NodeId },
    /// Stable, but the live nodes believe in different leaders, or all in
    /// one that is not the highest live id: a violation.
    Disagreed { node: NodeId, leader: NodeId },
    /// No node is up.
    AllDown,
    /// A live node takes part in an election.
    Electing { node: NodeId },
    /// Election messages are in flight (or held by a paused node).
    MessagesInFlight { count: usize },
    /// A live node knows no leader.
    NoLeader { node: NodeId },
    /// A live node believes in a crashed leader (not yet detected).
    LeaderDown { node: NodeId, leader: NodeId },
    /// A live node believes in a node that no longer believes it leads.
    StaleLeader { node: NodeId, leader: NodeId },
}

impl Stability {
    /// Whether the world is stable (agreeing or not).
    pub fn is_stable(self) -> bool {
        matches!(self, Stability::Agreed { .. } | Stability::Disagreed { .. })
    }
}

/// Classifies the world (see the [module docs](super)).
pub fn stability<N: Elector>(world: &World<N>) -> Stability {
    let count = world.nodes().len();
    let live = || (0..count).filter(|&id| world.is_up(id));
    let Some(highest) = live().max() else {
        return Stability::AllDown;
    };
    if let Some(node) = live().find(|&id| world.node(id).in_election()) {
        return Stability::Electing { node };
    }
    let in_flight = world
        .in_flight()
        .filter(|e| N::is_election_message(&e.msg))
        .count();
    if in_flight > 0 {
        return Stability::MessagesInFlight { count: in_flight };
    }
    for node in live() {
        match world.node(node).leader() {
            None => return Stability::NoLeader { node },
            Some(leader) if leader >= count || !world.is_up(leader) => {
                return Stability::LeaderDown { node, leader };
            }
            Some(leader) if !world.node(leader).is_leader() => {
                return Stability::StaleLeader { node, leader };
            }
            Some(_) => {}
        }
    }
    match live().find_map(|id| {
        world
            .node(id)
            .leader()
            .filter(|&l| l != highest)
            .map(|l| (id, l))
    }) {
        Some((node, leader)) => Stability::Disagreed { node, leader },
        None => Stability::Agreed { leader: highest },
    }
}

/// Stable agreement as a property: `Some` when the world is stable and the
/// live nodes do not all follow the highest live id.
pub fn agreement_violation<N: Elector>(world: &World<N>) -> Option<Violation> {
    match stability(world) {
        Stability::Disagreed { node, leader } => {
            let highest = (0..world.nodes().len())
                .filter(|&id| world.is_up(id))
                .max()
                .unwrap_or(0);
            Some(Violation {
                property: AGREEMENT,
                detail: format!(
                    "stable, but node {node} follows {leader} while the highest live node is {highest}"
                ),
            })
        }
        _ => None,
    }
}
