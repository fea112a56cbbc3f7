//! What the gossip pages share: a node's colour from its epidemic status
//! (susceptible, infected, removed), the node-count parameter, and the
//! newest version in the cluster (the one being spread).

use crate::viz::sim_page::{ParamSpec, network};
use dsviz_core::gossip::{Knower, Status};
use dsviz_core::sim::{Node, World};

/// The most nodes a gossip page runs: enough to see `log N` rounds.
pub const MAX_NODES: u32 = 256;

/// The network of the round-based pages: long enough to watch a message fly, short enough that
/// a request and its reply both land in the round they were sent in (100 ms).
pub const ROUND_LATENCY: ParamSpec = network::latency((10.0, 45.0));

pub const fn nodes_param(default: u32, expect: &'static str) -> ParamSpec {
    ParamSpec::count("nodes", "Nodes", (2, MAX_NODES), default, expect)
}

/// The CSS role of a status: `role-susceptible`, `role-infected`, `role-removed`.
pub fn role(status: Status) -> &'static str {
    match status {
        Status::Susceptible => "susceptible",
        Status::Infected => "infected",
        Status::Removed => "removed",
    }
}

/// The newest version any node knows (crashed ones included: what a
/// crashed node knew is durable), 0 when nobody knows anything.
pub fn newest_version<N: Node + Knower>(world: &World<N>) -> u64 {
    world.nodes().iter().map(Knower::known).max().unwrap_or(0)
}

/// "1 message" or "12 messages".
pub fn plural(n: u64, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
