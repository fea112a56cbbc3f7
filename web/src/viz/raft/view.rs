//! Maps Raft's state at the player's cursor onto the shared widgets' plain
//! view data. Nothing here is kept between frames: every view is a function
//! of the trace and the cursor.

use crate::widgets::view::{
    FlowMessage, InvariantStatus, LegendItem, LogCell, LogRow, MessageFate, RingNode, Shape,
    SpaceTimeArrow, SpaceTimeMark, StateRow,
};
use dsviz_core::consensus::raft::{Message, RaftNode, Role, Timer};
use dsviz_core::sim::{Fate, NodeStatus, Simulation, StepEvent, Time};

const MS: f64 = 1000.0;

/// The message kinds and how the legend names them.
pub fn legend() -> Vec<LegendItem> {
    [
        ("request-vote", "RequestVote"),
        ("vote-reply", "Vote"),
        ("append-entries", "AppendEntries"),
        ("append-reply", "AppendEntries reply"),
    ]
    .into_iter()
    .map(|(kind, label)| LegendItem {
        kind: kind.into(),
        label: label.into(),
        shape: shape_of(kind),
    })
    .collect()
}

/// Each kind of message has its own shape, so colour is never the only cue.
fn shape_of(kind: &str) -> Shape {
    match kind {
        "request-vote" => Shape::Diamond,
        "vote-reply" => Shape::Circle,
        "append-entries" => Shape::Square,
        _ => Shape::Triangle,
    }
}

/// The CSS modifier for a message.
pub fn message_kind(msg: &Message) -> &'static str {
    match msg {
        Message::RequestVote { .. } => "request-vote",
        Message::Vote { .. } => "vote-reply",
        Message::AppendEntries { .. } => "append-entries",
        Message::AppendReply { .. } => "append-reply",
    }
}

/// A short label for a message.
pub fn message_label(msg: &Message) -> String {
    match msg {
        Message::RequestVote { term, .. } => format!("RequestVote t{term}"),
        Message::Vote { term, granted } => {
            format!("Vote t{term} {}", if *granted { "yes" } else { "no" })
        }
        Message::AppendEntries { term, entries, .. } if entries.is_empty() => {
            format!("Heartbeat t{term}")
        }
        Message::AppendEntries { term, entries, .. } => {
            format!("Append t{term} ×{}", entries.len())
        }
        Message::AppendReply { term, success, .. } => {
            format!("Reply t{term} {}", if *success { "ok" } else { "no" })
        }
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

/// The ring's nodes.
pub fn ring_nodes(
    sim: &Simulation<RaftNode>,
    cursor: Time,
    selected: Option<usize>,
) -> Vec<RingNode> {
    let world = sim.world();
    (0..world.nodes().len())
        .map(|id| {
            let node = world.node(id);
            let crashed = world.status(id) == NodeStatus::Crashed;
            let timer = world
                .timers(id)
                .iter()
                .find(|t| t.timer == Timer::Election)
                .map(|t| {
                    let span = t.due.saturating_sub(t.set_at).max(1) as f64;
                    (cursor.saturating_sub(t.set_at) as f64 / span).clamp(0.0, 1.0)
                });
            RingNode {
                id,
                label: format!("S{}", id + 1),
                role: if crashed {
                    "crashed".into()
                } else {
                    role_name(node.role()).into()
                },
                detail: format!("term {}", node.term()),
                timer: if crashed { None } else { timer },
                crashed,
                selected: selected == Some(id),
            }
        })
        .collect()
}

/// How long a lost message takes to fall away on screen.
const FALL_AWAY: Time = 40_000;

/// Messages in flight at the cursor, placed along their edges, and those
/// lost recently, falling away. With `reduced_motion` a message is drawn
/// half-way along its edge for its whole flight instead of sliding.
pub fn flow_messages(
    sim: &Simulation<RaftNode>,
    cursor: Time,
    reduced_motion: bool,
) -> Vec<FlowMessage> {
    let place = |fraction: f64| {
        if reduced_motion {
            0.5
        } else {
            fraction.clamp(0.0, 1.0)
        }
    };
    let message = |id, from, to, msg: &Message, progress, fate| FlowMessage {
        id,
        from,
        to,
        progress,
        kind: message_kind(msg).into(),
        label: message_label(msg),
        shape: shape_of(message_kind(msg)),
        fate,
    };
    let mut shown: Vec<FlowMessage> = sim
        .world()
        .in_flight()
        .map(|e| {
            let span = e.deliver_at.saturating_sub(e.sent_at).max(1) as f64;
            let progress = place(cursor.saturating_sub(e.sent_at) as f64 / span);
            let fate = if sim.world().is_up(e.to) {
                MessageFate::InFlight
            } else {
                MessageFate::Dropping { at: 0.9 }
            };
            message(e.id, e.from, e.to, &e.msg, progress, fate)
        })
        .collect();
    let upto = (sim.step_index() as usize).min(sim.trace().len());
    for record in sim.trace()[..upto].iter().rev() {
        if record.time + FALL_AWAY < cursor {
            break;
        }
        let falling = cursor.saturating_sub(record.time) as f64 / FALL_AWAY as f64;
        if let StepEvent::Dropped { envelope: e, .. } = &record.event {
            shown.push(message(
                e.id,
                e.from,
                e.to,
                &e.msg,
                place(0.9 + 0.1 * falling),
                MessageFate::Dropping { at: 0.9 },
            ));
        }
        for sent in record
            .sent
            .iter()
            .filter(|s| matches!(s.fate, Fate::Lost | Fate::Blocked))
        {
            let progress = place(falling);
            shown.push(message(
                sent.id,
                sent.from,
                sent.to,
                &sent.msg,
                progress,
                MessageFate::Dropping { at: 0.3 },
            ));
        }
    }
    shown
}

/// Each server's log, coloured by term, with its commit index.
pub fn log_rows(sim: &Simulation<RaftNode>) -> Vec<LogRow> {
    let world = sim.world();
    (0..world.nodes().len())
        .map(|id| {
            let node = world.node(id);
            LogRow {
                node: id,
                label: format!("S{}", id + 1),
                entries: node
                    .log()
                    .entries()
                    .iter()
                    .map(|e| LogCell {
                        term: e.term,
                        label: e.value.map_or_else(|| "·".to_string(), |v| v.to_string()),
                    })
                    .collect(),
                commit_index: node.commit_index() as usize,
            }
        })
        .collect()
}

/// The state table's header and rows.
pub fn state_table(sim: &Simulation<RaftNode>) -> (Vec<String>, Vec<StateRow>) {
    let world = sim.world();
    let headers = [
        "server",
        "status",
        "role",
        "term",
        "voted for",
        "log",
        "commit",
    ]
    .map(String::from)
    .to_vec();
    let rows = (0..world.nodes().len())
        .map(|id| {
            let node = world.node(id);
            let up = world.is_up(id);
            StateRow {
                role: if up {
                    role_name(node.role()).into()
                } else {
                    "crashed".into()
                },
                cells: vec![
                    format!("S{}", id + 1),
                    if up { "up".into() } else { "crashed".into() },
                    role_name(node.role()).into(),
                    node.term().to_string(),
                    node.voted_for()
                        .map_or("—".into(), |v| format!("S{}", v + 1)),
                    node.log().last_index().to_string(),
                    node.commit_index().to_string(),
                ],
            }
        })
        .collect();
    (headers, rows)
}

/// Each Figure 3 property, with the first step (up to the cursor) that broke it.
pub fn invariants(sim: &Simulation<RaftNode>) -> Vec<InvariantStatus> {
    use dsviz_core::sim::Invariants;
    let upto = sim.step_index();
    sim.world()
        .invariants()
        .names()
        .iter()
        .map(|&name| {
            let broken = sim
                .violations()
                .iter()
                .find(|(step, v)| *step < upto && v.property == name);
            InvariantStatus {
                name: name.into(),
                broken_at_step: broken.map(|(step, _)| *step),
                detail: broken.map(|(_, v)| v.detail.clone()),
            }
        })
        .collect()
}

/// Arrows and marks of the space-time diagram within `window_ms` before the cursor.
pub fn space_time(
    sim: &Simulation<RaftNode>,
    window_ms: f64,
) -> (Vec<SpaceTimeArrow>, Vec<SpaceTimeMark>) {
    let upto = (sim.step_index() as usize).min(sim.trace().len());
    let cursor_ms = sim.world().now() as f64 / MS;
    let since = cursor_ms - window_ms;
    let mut arrows: Vec<SpaceTimeArrow> = Vec::new();
    let mut marks = Vec::new();
    for record in sim.trace()[..upto].iter().rev() {
        let time_ms = record.time as f64 / MS;
        if time_ms < since - 2.0 * window_ms {
            break;
        }
        match &record.event {
            StepEvent::Delivered(e) | StepEvent::Dropped { envelope: e, .. } => {
                let dropped = matches!(record.event, StepEvent::Dropped { .. });
                arrows.push(SpaceTimeArrow {
                    id: e.id,
                    from: e.from,
                    to: e.to,
                    sent_ms: e.sent_at as f64 / MS,
                    arrived_ms: (!dropped).then_some(time_ms),
                    kind: message_kind(&e.msg).into(),
                    dropped,
                });
            }
            StepEvent::Input { action, .. } => marks.push(SpaceTimeMark {
                step: record.step,
                node: record.actor.unwrap_or(0),
                time_ms,
                label: format!("{action:?}"),
                kind: "input".into(),
            }),
            _ => {}
        }
        for sent in &record.sent {
            if matches!(sent.fate, Fate::Lost | Fate::Blocked) {
                arrows.push(SpaceTimeArrow {
                    id: sent.id,
                    from: sent.from,
                    to: sent.to,
                    sent_ms: time_ms,
                    arrived_ms: None,
                    kind: message_kind(&sent.msg).into(),
                    dropped: true,
                });
            }
        }
        if let Some(node) = record.actor {
            for note in &record.notes {
                marks.push(SpaceTimeMark {
                    step: record.step,
                    node,
                    time_ms,
                    label: note.clone(),
                    kind: "note".into(),
                });
            }
        }
    }
    // Messages still in flight are drawn up to the cursor.
    for e in sim.world().in_flight() {
        arrows.push(SpaceTimeArrow {
            id: e.id,
            from: e.from,
            to: e.to,
            sent_ms: e.sent_at as f64 / MS,
            arrived_ms: None,
            kind: message_kind(&e.msg).into(),
            dropped: false,
        });
    }
    arrows.retain(|a| a.arrived_ms.unwrap_or(cursor_ms) >= since);
    marks.retain(|m| m.time_ms >= since);
    (arrows, marks)
}
