//! What Bully and ring share on the page: a node's colour and line from
//! what it believes (leader, electing, following, knowing none), its
//! running timer as an arc, and the status line's leader and agreement.

use crate::viz::sim_page::{NodeLook, ParamSpec};
use dsviz_core::election::scenario::highest_live;
use dsviz_core::election::{Elector, Stability, stability};
use dsviz_core::sim::{NodeId, PendingTimer, Time, World};

/// The most nodes a run may have (Bully sends N² messages in its worst case).
pub const MAX_NODES: u32 = 12;

pub const NODES: ParamSpec = ParamSpec::count(
    "nodes",
    "Nodes",
    (2, MAX_NODES),
    5,
    "a node count from 2 to 12",
);

/// `start=0` leaves the nodes idle until someone starts an election (the
/// message-count scenarios); `start=1` lets every node's leader timeout
/// fire at boot.
pub const ELECT_ON_START: ParamSpec = ParamSpec::count(
    "start",
    "Elect at boot (1 = on)",
    (0, 1),
    1,
    "0 (wait for a Start election) or 1 (elect at boot)",
);

/// A node's role (its CSS modifier) and the line under it.
pub fn belief<N: Elector>(
    world: &World<N>,
    id: NodeId,
    label: impl Fn(NodeId) -> String,
) -> (&'static str, String) {
    let node = world.node(id);
    if !world.is_up(id) {
        // What it believed was in memory, and is gone.
        ("crashed", "down".into())
    } else if node.is_leader() {
        ("leader", "leader".into())
    } else if node.in_election() {
        ("candidate", "electing".into())
    } else {
        match node.leader() {
            Some(leader) => ("follower", format!("follows {}", label(leader))),
            None => ("idle", "no leader".into()),
        }
    }
}

/// The fraction elapsed of the first timer `shown` picks out, at `cursor`.
pub fn timer_arc<T>(
    timers: &[PendingTimer<T>],
    cursor: Time,
    shown: impl Fn(&T) -> bool,
) -> Option<f64> {
    timers.iter().find(|t| shown(&t.timer)).map(|t| {
        let span = t.due.saturating_sub(t.set_at).max(1) as f64;
        (cursor.saturating_sub(t.set_at) as f64 / span).clamp(0.0, 1.0)
    })
}

/// A node's look from its belief and timer.
pub fn look<N: Elector>(
    world: &World<N>,
    id: NodeId,
    label: impl Fn(NodeId) -> String,
    timer: Option<f64>,
) -> NodeLook {
    let (role, detail) = belief(world, id, label);
    NodeLook {
        role: role.into(),
        detail,
        timer,
    }
}

/// The first half of the status line: who leads and whether everyone live
/// agrees on the highest live id; its test value is the agreed leader's
/// id, `electing`, `disagree` or `none`.
pub fn leadership<N: Elector>(
    world: &World<N>,
    label: impl Fn(NodeId) -> String,
) -> (String, String) {
    match stability(world) {
        Stability::Agreed { leader } => (
            format!(
                "All live nodes follow {} (the highest live id)",
                label(leader)
            ),
            leader.to_string(),
        ),
        Stability::Disagreed { node, leader } => (
            format!(
                "Stable but wrong: {} follows {} while the highest live node is {}",
                label(node),
                label(leader),
                highest_live(world).map_or("none".into(), &label)
            ),
            "disagree".into(),
        ),
        Stability::AllDown => ("Every node is down".into(), "none".into()),
        Stability::Electing { node } => (
            format!("Electing ({} takes part)", label(node)),
            "electing".into(),
        ),
        Stability::MessagesInFlight { count } => (
            format!("Electing ({count} election messages in flight)"),
            "electing".into(),
        ),
        Stability::NoLeader { node } => (format!("{} knows no leader", label(node)), "none".into()),
        Stability::LeaderDown { node, leader } => (
            format!(
                "{} still follows {}, which is down",
                label(node),
                label(leader)
            ),
            "electing".into(),
        ),
        Stability::StaleLeader { node, leader } => (
            format!(
                "{} follows {}, which has stepped down",
                label(node),
                label(leader)
            ),
            "electing".into(),
        ),
    }
}

/// "12 (Election 6, Answer 3, Coordinator 3)".
pub fn tally(parts: &[(&str, u64)]) -> (u64, String) {
    let total = parts.iter().map(|&(_, n)| n).sum();
    let named: Vec<String> = parts
        .iter()
        .map(|(name, n)| format!("{name} {n}"))
        .collect();
    (total, format!("{total} ({})", named.join(", ")))
}
