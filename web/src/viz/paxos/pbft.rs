//! How PBFT looks on the simulation page: primary, backups, Byzantine
//! replicas and the client on the ring with their views, the ten message
//! kinds, the phase matrix (one row per replica, one cell per sequence
//! number: pre-prepared, prepared, committed, executed) in the log grid,
//! each replica's view, behaviour and checkpoint in the state table, the
//! Byzantine behaviours as actions on a clicked replica, and the current
//! view in the status line.

use super::look::timer_arc;
use super::pbft_scenarios::SCENARIOS;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, network,
};
use crate::widgets::view::{LogCell, LogRow, Shape};
use dsviz_core::consensus::pbft::scenario::{cluster, current_view};
use dsviz_core::consensus::pbft::{
    Behaviour, Command, Message, Payload, PbftConfig, PbftNode, Phase, Replica, Timer,
};
use dsviz_core::sim::{NodeId, Time, World};

/// The PBFT adapter; `&PBFT` is what the router hands the page.
pub struct PbftAdapter;
pub static PBFT: PbftAdapter = PbftAdapter;

/// The page runs the core's defaults, `f = 1`: replicas R0–R3 and the client.
fn config() -> PbftConfig {
    PbftConfig::default()
}

/// The client's node id (after the four replicas).
pub const CLIENT: NodeId = 4;

/// PBFT commands in URLs: `submit.V` and `behave.NAME`.
pub struct PbftCommands;

fn behaviour_slug(b: Behaviour) -> &'static str {
    match b {
        Behaviour::Honest => "honest",
        Behaviour::Silent => "silent",
        Behaviour::Equivocate => "equivocate",
        Behaviour::WrongDigests => "wrong-digests",
        Behaviour::LyingReplies => "lying-replies",
    }
}

const BEHAVIOURS: [Behaviour; 5] = [
    Behaviour::Honest,
    Behaviour::Silent,
    Behaviour::Equivocate,
    Behaviour::WrongDigests,
    Behaviour::LyingReplies,
];

impl CommandCodec for PbftCommands {
    type Command = Command;

    fn encode(command: &Command) -> String {
        match command {
            Command::Submit(op) => format!("submit.{op}"),
            Command::Behave(b) => format!("behave.{}", behaviour_slug(*b)),
        }
    }

    fn decode(text: &str) -> Option<Command> {
        match text.split_once('.')? {
            ("submit", op) => op.parse().ok().map(Command::Submit),
            ("behave", name) => BEHAVIOURS
                .into_iter()
                .find(|b| behaviour_slug(*b) == name)
                .map(Command::Behave),
            _ => None,
        }
    }
}

const META: PageMeta = PageMeta {
    path: "/pbft",
    title: "PBFT",
    lede: "Practical Byzantine Fault Tolerance (Castro & Liskov, 1999): 3f + 1 = 4 replicas agree on the client's requests even when f = 1 of them lies. Click a replica to make it Byzantine. The phase grid shows each sequence number at each replica: 1 pre-prepared, 2 prepared, 3 committed, 4 executed.",
    node_noun: "Replica",
    class: "paxos",
    window_ms: 300.0,
};

const PARAMS: &[ParamSpec] = &[network::latency((5.0, 15.0)), network::LOSS];

const KINDS: &[MessageKind] = &[
    MessageKind::new("request", "Request", Shape::Circle),
    MessageKind::new("pre-prepare", "Pre-prepare", Shape::Diamond),
    MessageKind::new("prepare", "Prepare", Shape::Square),
    MessageKind::new("commit", "Commit", Shape::Triangle),
    MessageKind::new("reply", "Reply", Shape::Circle),
    MessageKind::new("checkpoint", "Checkpoint", Shape::Square),
    MessageKind::new("fetch-state", "Fetch state", Shape::Diamond),
    MessageKind::new("state", "State", Shape::Square),
    MessageKind::new("view-change", "View change", Shape::Diamond),
    MessageKind::new("new-view", "New view", Shape::Triangle),
];

const ACTIONS: &[NodeAction] = &[
    NodeAction {
        id: "submit-node",
        label: "Submit",
        help: "The client (C) submits a new operation",
    },
    NodeAction {
        id: "behave-silent",
        label: "Silent",
        help: "This replica handles nothing and sends nothing",
    },
    NodeAction {
        id: "behave-equivocate",
        label: "Equivocate",
        help: "As primary it pre-prepares different requests to different backups; it prepares and commits every digest it sees",
    },
    NodeAction {
        id: "behave-wrong-digests",
        label: "Wrong digests",
        help: "Its prepares and commits carry a corrupted digest",
    },
    NodeAction {
        id: "behave-lying-replies",
        label: "Lying replies",
        help: "It replies to the client with a wrong result",
    },
    NodeAction {
        id: "behave-honest",
        label: "Honest",
        help: "This replica follows the protocol again",
    },
];

fn replica(world: &World<PbftNode>, id: NodeId) -> Option<&Replica> {
    world.node(id).replica()
}

fn role_of(world: &World<PbftNode>, id: NodeId) -> &'static str {
    match replica(world, id) {
        None => "client",
        Some(r) if !r.is_honest() => "byzantine",
        Some(r) if r.primary() == id => "primary",
        Some(r) if !r.in_normal_operation() => "candidate",
        Some(_) => "follower",
    }
}

fn phase_rank(phase: Option<Phase>) -> u64 {
    match phase {
        None => 0,
        Some(Phase::PrePrepared) => 1,
        Some(Phase::Prepared) => 2,
        Some(Phase::Committed) => 3,
        Some(Phase::Executed) => 4,
    }
}

fn phase_name(phase: Option<Phase>) -> &'static str {
    match phase {
        None => "nothing yet",
        Some(Phase::PrePrepared) => "pre-prepared",
        Some(Phase::Prepared) => "prepared",
        Some(Phase::Committed) => "committed",
        Some(Phase::Executed) => "executed",
    }
}

fn payload_text(payload: &Payload) -> String {
    match payload {
        Payload::Null => "null request".into(),
        Payload::Op(request) => format!("op {}", request.op),
    }
}

impl Adapter for PbftAdapter {
    type Node = PbftNode;
    type Codec = PbftCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, _values: &ParamValues) -> Vec<PbftNode> {
        cluster(config())
    }

    fn node_label(&self, id: NodeId) -> String {
        if id == CLIENT {
            "C".into()
        } else {
            format!("R{id}")
        }
    }

    fn node_look(&self, world: &World<PbftNode>, id: NodeId, cursor: Time) -> NodeLook {
        let detail = match world.node(id) {
            PbftNode::Client(c) => format!("{} answered", c.accepted().len()),
            PbftNode::Replica(r) if r.is_honest() => {
                format!("view {} · exec {}", r.view(), r.last_executed())
            }
            PbftNode::Replica(r) => format!("view {} · {}", r.view(), r.behaviour().name()),
        };
        let main = |t: &Timer| matches!(t, Timer::ViewChange | Timer::Retransmit);
        NodeLook {
            role: role_of(world, id).into(),
            detail,
            timer: timer_arc(world.timers(id), main, cursor),
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
            Message::Request(r) => format!("Request op {} (t{})", r.op, r.timestamp),
            Message::PrePrepare {
                view, seq, payload, ..
            } => format!("Pre-prepare v{view} #{seq} {}", payload_text(payload)),
            Message::Prepare { view, seq, digest } => {
                format!("Prepare v{view} #{seq} d{:04x}", digest & 0xffff)
            }
            Message::Commit { view, seq, digest } => {
                format!("Commit v{view} #{seq} d{:04x}", digest & 0xffff)
            }
            Message::Reply { view, result, .. } => {
                format!("Reply v{view} result {:04x}", result & 0xffff)
            }
            Message::Checkpoint { seq, .. } => format!("Checkpoint #{seq}"),
            Message::FetchState { seq } => format!("Fetch state #{seq}"),
            Message::State(s) => format!("State #{}", s.seq),
            Message::ViewChange { view, info } => {
                format!("View change to v{view} · {} prepared", info.prepared.len())
            }
            Message::NewView {
                view, pre_prepares, ..
            } => format!("New view v{view} · {} re-proposed", pre_prepares.len()),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["role", "view", "behaviour", "executed", "checkpoint"]
    }

    fn state_cells(&self, world: &World<PbftNode>, id: NodeId) -> (String, Vec<String>) {
        let role = role_of(world, id).to_string();
        let cells = match world.node(id) {
            PbftNode::Client(c) => vec![
                "client".into(),
                "—".into(),
                "honest".into(),
                format!("{} answered", c.accepted().len()),
                "—".into(),
            ],
            PbftNode::Replica(r) => vec![
                if r.primary() == id {
                    "primary"
                } else {
                    "backup"
                }
                .into(),
                if r.in_normal_operation() {
                    r.view().to_string()
                } else {
                    format!("{} (changing)", r.view())
                },
                r.behaviour().name().into(),
                r.last_executed().to_string(),
                r.stable_checkpoint().to_string(),
            ],
        };
        (role, cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        node: NodeId,
        _world: &World<PbftNode>,
        step: u64,
    ) -> Option<Command> {
        if action == "submit-node" {
            // Only the client submits; a fresh operation: the step, plus one.
            return (node == CLIENT).then_some(Command::Submit(step + 1));
        }
        let name = action.strip_prefix("behave-")?;
        let behaviour = BEHAVIOURS
            .into_iter()
            .find(|b| behaviour_slug(*b) == name)?;
        (node != CLIENT).then_some(Command::Behave(behaviour))
    }

    fn status(&self, world: &World<PbftNode>) -> StatusLine {
        let view = current_view(world);
        let primary = view as usize % config().replicas();
        let answered = world
            .node(CLIENT)
            .client()
            .map_or(0, |c| c.accepted().len());
        let liars: Vec<String> = (0..config().replicas())
            .filter_map(|id| {
                let r = replica(world, id)?;
                (!r.is_honest()).then(|| format!("{} {}", self.label(id), r.behaviour().name()))
            })
            .collect();
        let byzantine = if liars.is_empty() {
            "every replica honest".to_string()
        } else {
            format!("Byzantine: {}", liars.join(", "))
        };
        StatusLine {
            text: format!(
                "View {view} · primary {} · {answered} request(s) answered · {byzantine}",
                self.label(primary)
            ),
            testid: "view",
            value: view.to_string(),
        }
    }

    /// The phase matrix: a row per replica, a cell per sequence number.
    fn logs(&self, world: &World<PbftNode>) -> Option<Vec<LogRow>> {
        let last = (0..config().replicas())
            .filter_map(|id| replica(world, id))
            .filter_map(|r| r.known_seqs().last().copied().max(Some(r.last_executed())))
            .max()
            .unwrap_or(0);
        let rows = (0..config().replicas())
            .filter_map(|id| {
                let r = replica(world, id)?;
                let entries = (1..=last)
                    .map(|seq| {
                        let phase = r.phase(seq);
                        let what = r
                            .committed()
                            .get(&seq)
                            .map_or(String::new(), |(_, p)| format!(" · {}", payload_text(p)));
                        LogCell {
                            term: phase_rank(phase),
                            label: format!("{}{what}", phase_name(phase)),
                        }
                    })
                    .collect();
                Some(LogRow {
                    node: id,
                    label: self.label(id),
                    entries,
                    commit_index: r.last_executed() as usize,
                })
            })
            .collect();
        Some(rows)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}

impl PbftAdapter {
    fn label(&self, id: NodeId) -> String {
        Adapter::node_label(self, id)
    }
}
