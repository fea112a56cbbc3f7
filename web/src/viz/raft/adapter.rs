//! How Raft looks on the simulation page: roles and terms on the ring, the
//! election timer as an arc, the four RPCs, every server's log, the state
//! table, "time out now" and client requests, and the scenario menu.

use super::scenarios::SCENARIOS;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, leader_timing, network,
};
use crate::widgets::view::{LogCell, LogRow, Shape};
use dsviz_core::consensus::raft::scenario::{cluster, current_leader};
use dsviz_core::consensus::raft::{Command, Message, RaftConfig, RaftNode, Role, Timer};
use dsviz_core::sim::{NodeId, Time, World};

/// The Raft adapter; `&RAFT` is what the router hands the page.
pub struct RaftAdapter;
pub static RAFT: RaftAdapter = RaftAdapter;

/// Raft's commands in URLs: `propose.V` and `timeout`.
pub struct RaftCommands;

impl CommandCodec for RaftCommands {
    type Command = Command;

    fn encode(command: &Command) -> String {
        match command {
            Command::Propose(value) => format!("propose.{value}"),
            Command::TimeoutNow => "timeout".into(),
        }
    }

    fn decode(text: &str) -> Option<Command> {
        match text.split_once('.') {
            Some(("propose", value)) => value.parse().ok().map(Command::Propose),
            None if text == "timeout" => Some(Command::TimeoutNow),
            _ => None,
        }
    }
}

const META: PageMeta = PageMeta {
    path: "/raft",
    title: "Raft",
    lede: "Leader election and log replication (Ongaro & Ousterhout, 2014). Crash the leader, cut the network, and watch the Figure 3 properties hold.",
    node_noun: "Server",
    class: "raft",
    window_ms: 600.0,
};

/// The most servers a Raft run may have (the stress scenario uses 64).
pub const MAX_SERVERS: u32 = 64;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::count(
        "nodes",
        "Servers",
        (3, MAX_SERVERS),
        5,
        "a server count from 3 to 64",
    ),
    leader_timing::TIMEOUT,
    leader_timing::HEARTBEAT,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("request-vote", "RequestVote", Shape::Diamond),
    MessageKind::new("vote-reply", "Vote", Shape::Circle),
    MessageKind::new("append-entries", "AppendEntries", Shape::Square),
    MessageKind::new("append-reply", "AppendEntries reply", Shape::Triangle),
];

const ACTIONS: &[NodeAction] = &[
    NodeAction {
        id: "timeout-node",
        label: "Time out now",
        help: "Start an election on this server",
    },
    NodeAction {
        id: "request-node",
        label: "Client request",
        help: "A client sends this server a new value to replicate",
    },
];

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

impl Adapter for RaftAdapter {
    type Node = RaftNode;
    type Codec = RaftCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    /// The heartbeat must be shorter than the shortest election timeout.
    fn reconcile(&self, values: &mut ParamValues) -> Vec<String> {
        leader_timing::reconcile(values)
    }

    fn nodes(&self, values: &ParamValues) -> Vec<RaftNode> {
        let timing = leader_timing::of(values);
        let config = RaftConfig {
            election_timeout_min: timing.election_min,
            election_timeout_max: timing.election_max,
            heartbeat_interval: timing.heartbeat,
            ..RaftConfig::default()
        };
        cluster(values.count("nodes", 5), config)
    }

    fn node_look(&self, world: &World<RaftNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let timer = world
            .timers(id)
            .iter()
            .find(|t| t.timer == Timer::Election)
            .map(|t| {
                let span = t.due.saturating_sub(t.set_at).max(1) as f64;
                (cursor.saturating_sub(t.set_at) as f64 / span).clamp(0.0, 1.0)
            });
        NodeLook {
            role: role_name(node.role()).into(),
            detail: format!("term {}", node.term()),
            timer,
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &Message) -> &'static str {
        match msg {
            Message::RequestVote { .. } => "request-vote",
            Message::Vote { .. } => "vote-reply",
            Message::AppendEntries { .. } => "append-entries",
            Message::AppendReply { .. } => "append-reply",
        }
    }

    fn message_label(&self, msg: &Message) -> String {
        let yes = |b: bool, y: &str, n: &str| if b { y.to_string() } else { n.to_string() };
        match msg {
            Message::RequestVote { term, .. } => format!("RequestVote t{term}"),
            Message::Vote { term, granted } => {
                format!("Vote t{term} {}", yes(*granted, "yes", "no"))
            }
            Message::AppendEntries { term, entries, .. } if entries.is_empty() => {
                format!("Heartbeat t{term}")
            }
            Message::AppendEntries { term, entries, .. } => {
                format!("Append t{term} ×{}", entries.len())
            }
            Message::AppendReply { term, success, .. } => {
                format!("Reply t{term} {}", yes(*success, "ok", "no"))
            }
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["role", "term", "voted for", "log", "commit"]
    }

    fn state_cells(&self, world: &World<RaftNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let role = role_name(node.role()).to_string();
        let cells = vec![
            role.clone(),
            node.term().to_string(),
            node.voted_for()
                .map_or("—".into(), |v| self.node_label_of(v)),
            node.log().last_index().to_string(),
            node.commit_index().to_string(),
        ];
        (role, cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        _node: NodeId,
        _world: &World<RaftNode>,
        step: u64,
    ) -> Option<Command> {
        match action {
            "timeout-node" => Some(Command::TimeoutNow),
            // A value nobody proposed before: the step it was proposed at, plus one.
            "request-node" => Some(Command::Propose(step + 1)),
            _ => None,
        }
    }

    fn status(&self, world: &World<RaftNode>) -> StatusLine {
        match current_leader(world) {
            Some(l) => StatusLine {
                text: format!(
                    "Leader {} in term {}",
                    self.node_label_of(l),
                    world.node(l).term()
                ),
                testid: "leader",
                value: l.to_string(),
            },
            None => StatusLine {
                text: "No leader".into(),
                testid: "leader",
                value: "none".into(),
            },
        }
    }

    fn logs(&self, world: &World<RaftNode>) -> Option<Vec<LogRow>> {
        let rows = (0..world.nodes().len())
            .map(|id| {
                let node = world.node(id);
                LogRow {
                    node: id,
                    label: self.node_label_of(id),
                    entries: node
                        .log()
                        .entries()
                        .iter()
                        .map(|e| LogCell {
                            term: e.term,
                            label: format!(
                                "term {} · {}",
                                e.term,
                                e.value
                                    .map_or_else(|| "no-op".to_string(), |v| v.to_string())
                            ),
                        })
                        .collect(),
                    commit_index: node.commit_index() as usize,
                }
            })
            .collect();
        Some(rows)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}

impl RaftAdapter {
    fn node_label_of(&self, id: NodeId) -> String {
        Adapter::node_label(self, id)
    }
}
