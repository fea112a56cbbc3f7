//! How Multi-Paxos looks on the simulation page: leader, candidates and
//! followers with their ballots on the ring, the election timer as an arc,
//! every node's slot log beside it (each slot coloured by the ballot that
//! was accepted there, the applied prefix marked), and the applied log in
//! the status line.

use super::look::{Shown, ballot, timer_arc};
use super::multi_scenarios::SCENARIOS;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, leader_timing, network,
};
use crate::widgets::view::{LogCell, LogRow, Shape};
use dsviz_core::consensus::multi_paxos::scenario::{cluster, current_leader};
use dsviz_core::consensus::multi_paxos::{
    Command, LogValue, Message, MultiPaxosConfig, MultiPaxosNode, Role, Slot, Timer,
};
use dsviz_core::sim::{NodeId, Time, World};

/// The Multi-Paxos adapter; `&MULTI_PAXOS` is what the router hands the page.
pub struct MultiPaxosAdapter;
pub static MULTI_PAXOS: MultiPaxosAdapter = MultiPaxosAdapter;

/// Multi-Paxos commands in URLs: `submit.V` and `timeout`.
pub struct MultiPaxosCommands;

impl CommandCodec for MultiPaxosCommands {
    type Command = Command;

    fn encode(command: &Command) -> String {
        match command {
            Command::Submit(value) => format!("submit.{value}"),
            Command::TimeoutNow => "timeout".into(),
        }
    }

    fn decode(text: &str) -> Option<Command> {
        match text.split_once('.') {
            Some(("submit", value)) => value.parse().ok().map(Command::Submit),
            None if text == "timeout" => Some(Command::TimeoutNow),
            _ => None,
        }
    }
}

const META: PageMeta = PageMeta {
    path: "/multi-paxos",
    title: "Multi-Paxos",
    lede: "A replicated log of Paxos instances with a stable leader that runs phase 1 once for every slot (Lamport, \"Paxos Made Simple\", §3). Crash the leader with a slot left unchosen and watch the next one fill the gap with a no-op.",
    node_noun: "Node",
    class: "paxos",
    window_ms: 400.0,
};

const PARAMS: &[ParamSpec] = &[
    ParamSpec::count("nodes", "Nodes", (3, 9), 5, "a node count from 3 to 9"),
    leader_timing::TIMEOUT,
    leader_timing::HEARTBEAT,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("prepare", "Prepare (1a)", Shape::Diamond),
    MessageKind::new("promise", "Promise (1b)", Shape::Circle),
    MessageKind::new("accept", "Accept (2a)", Shape::Square),
    MessageKind::new("accepted", "Accepted (2b)", Shape::Triangle),
    MessageKind::new("reject", "Reject", Shape::Circle),
    MessageKind::new("chosen", "Chosen", Shape::Square),
    MessageKind::new("heartbeat", "Heartbeat", Shape::Triangle),
    MessageKind::new("catch-up", "Catch up", Shape::Diamond),
];

const ACTIONS: &[NodeAction] = &[
    NodeAction {
        id: "timeout-node",
        label: "Time out now",
        help: "Start an election on this node",
    },
    NodeAction {
        id: "submit-node",
        label: "Client command",
        help: "A client sends this node a command for the log (only a leader takes it)",
    },
];

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Follower => "follower",
        Role::Candidate => "candidate",
        Role::Leader => "leader",
    }
}

/// `7`, or `no-op`.
pub fn value_text(value: LogValue) -> String {
    match value {
        LogValue::Noop => "no-op".into(),
        LogValue::Command(c) => c.to_string(),
    }
}

/// The last slot node `node` has accepted or knows chosen.
fn last_slot(node: &MultiPaxosNode) -> Slot {
    let accepted = node.accepted().keys().next_back().copied().unwrap_or(0);
    let chosen = node.learner().chosen().keys().next_back().copied();
    accepted.max(chosen.unwrap_or(0))
}

/// Slot `slot` of node `node`'s log: the ballot it accepted there (its
/// round colours the cell; 0 when it accepted nothing) and what it knows.
fn slot_cell(node: &MultiPaxosNode, slot: Slot) -> LogCell {
    let accepted = node.accepted().get(&slot);
    let chosen = node.learner().get(slot);
    let term = accepted.map_or(0, |(b, _)| b.round);
    let what = match (accepted, chosen) {
        (_, Some(v)) => format!("{} · chosen", value_text(v)),
        (Some((_, v)), None) => format!("{} · accepted", value_text(*v)),
        (None, None) => "empty".into(),
    };
    let label = match accepted {
        Some((b, _)) => format!("ballot {} · {what}", Shown(*b)),
        None => what,
    };
    LogCell { term, label }
}

impl Adapter for MultiPaxosAdapter {
    type Node = MultiPaxosNode;
    type Codec = MultiPaxosCommands;

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

    fn nodes(&self, values: &ParamValues) -> Vec<MultiPaxosNode> {
        let timing = leader_timing::of(values);
        let config = MultiPaxosConfig {
            election_timeout_min: timing.election_min,
            election_timeout_max: timing.election_max,
            heartbeat_interval: timing.heartbeat,
            ..MultiPaxosConfig::default()
        };
        cluster(values.count("nodes", 5), config)
    }

    fn node_look(&self, world: &World<MultiPaxosNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let shown = if node.role() == Role::Follower {
            node.promised()
        } else {
            node.ballot()
        };
        NodeLook {
            role: role_name(node.role()).into(),
            detail: format!("ballot {}", ballot(shown)),
            timer: timer_arc(world.timers(id), |t| *t == Timer::Election, cursor),
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &Message) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &Message) -> String {
        match msg {
            Message::Prepare { ballot, from } => {
                format!("Prepare {} from slot {from}", Shown(*ballot))
            }
            Message::Promise { ballot, accepted } => {
                format!("Promise {} · {} accepted", Shown(*ballot), accepted.len())
            }
            Message::Accept {
                ballot,
                slot,
                value,
            } => format!(
                "Accept {} slot {slot} = {}",
                Shown(*ballot),
                value_text(*value)
            ),
            Message::Accepted { ballot, slot } => {
                format!("Accepted {} slot {slot}", Shown(*ballot))
            }
            Message::Reject { ballot, promised } => {
                format!("Reject {} (promised {})", Shown(*ballot), Shown(*promised))
            }
            Message::Chosen { slot, value } => {
                format!("Chosen slot {slot} = {}", value_text(*value))
            }
            Message::Heartbeat {
                ballot,
                chosen_prefix,
            } => format!("Heartbeat {} · chosen to {chosen_prefix}", Shown(*ballot)),
            Message::CatchUp { from } => format!("Catch up from slot {from}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["role", "ballot", "promised", "leader", "chosen", "applied"]
    }

    fn state_cells(&self, world: &World<MultiPaxosNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let role = role_name(node.role()).to_string();
        let cells = vec![
            role.clone(),
            ballot(node.ballot()),
            ballot(node.promised()),
            node.leader().map_or("—".into(), |l| self.label(l)),
            node.learner().chosen().len().to_string(),
            node.learner().applied().to_string(),
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
        _world: &World<MultiPaxosNode>,
        step: u64,
    ) -> Option<Command> {
        match action {
            "timeout-node" => Some(Command::TimeoutNow),
            // A command nobody sent before: the step it was sent at, plus one.
            "submit-node" => Some(Command::Submit(step + 1)),
            _ => None,
        }
    }

    /// The leader, and the log every running node has applied (the
    /// shortest applied prefix among them).
    fn status(&self, world: &World<MultiPaxosNode>) -> StatusLine {
        let applied = applied_everywhere(world);
        let log = if applied.is_empty() {
            "nothing".to_string()
        } else {
            applied.join(", ")
        };
        let leader = match current_leader(world) {
            Some(l) => format!(
                "Leader {} at ballot {}",
                self.label(l),
                ballot(world.node(l).ballot())
            ),
            None => "No leader".into(),
        };
        StatusLine {
            text: format!("{leader} · applied everywhere: {log}"),
            testid: "applied",
            value: applied.join(","),
        }
    }

    fn logs(&self, world: &World<MultiPaxosNode>) -> Option<Vec<LogRow>> {
        let rows = (0..world.nodes().len())
            .map(|id| {
                let node = world.node(id);
                LogRow {
                    node: id,
                    label: self.label(id),
                    entries: (1..=last_slot(node)).map(|s| slot_cell(node, s)).collect(),
                    commit_index: node.learner().applied() as usize,
                }
            })
            .collect();
        Some(rows)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}

impl MultiPaxosAdapter {
    fn label(&self, id: NodeId) -> String {
        Adapter::node_label(self, id)
    }
}

/// The applied prefix shared by every running node, as value texts.
pub fn applied_everywhere(world: &World<MultiPaxosNode>) -> Vec<String> {
    let running: Vec<&MultiPaxosNode> = (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .map(|id| world.node(id))
        .collect();
    let Some(shortest) = running.iter().min_by_key(|n| n.learner().applied()) else {
        return Vec::new();
    };
    (1..=shortest.learner().applied())
        .filter_map(|s| shortest.learner().get(s).map(value_text))
        .collect()
}
