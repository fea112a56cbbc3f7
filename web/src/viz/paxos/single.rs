//! How single-decree Paxos looks on the simulation page: each node's
//! proposer phase on the ring (preparing, accepting, backing off, learned),
//! its retry timer as an arc, the six message kinds, the acceptor table
//! (promised ballot, accepted ballot and value, learned value) and the
//! chosen value with the number of ballots started in the status line.

use super::look::{Shown, ballot, proposal, timer_arc};
use super::single_scenarios::SCENARIOS;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, ms_to_time, network,
};
use crate::widgets::view::Shape;
use dsviz_core::consensus::paxos::scenario::{cluster, learned_value, rounds_started};
use dsviz_core::consensus::paxos::{
    Backoff, Command, Message, PaxosConfig, PaxosNode, ProposerPhase, Timer,
};
use dsviz_core::sim::{NodeId, Time, World, millis};

/// The Paxos adapter; `&PAXOS` is what the router hands the page.
pub struct PaxosAdapter;
pub static PAXOS: PaxosAdapter = PaxosAdapter;

/// Paxos commands in URLs: `propose.V`.
pub struct PaxosCommands;

impl CommandCodec for PaxosCommands {
    type Command = Command;

    fn encode(command: &Command) -> String {
        let Command::Propose(value) = command;
        format!("propose.{value}")
    }

    fn decode(text: &str) -> Option<Command> {
        let value = text.strip_prefix("propose.")?;
        value.parse().ok().map(Command::Propose)
    }
}

const META: PageMeta = PageMeta {
    path: "/paxos",
    title: "Paxos",
    lede: "Single-decree Paxos (Lamport, \"Paxos Made Simple\", 2001): proposers number their ballots, acceptors promise and accept, and a value accepted by a majority is chosen. A ballot 3·S2 is round 3 of proposer S2. Click a node to make it propose; watch two proposers duel, and a random backoff end the duel.",
    node_noun: "Node",
    class: "paxos",
    window_ms: 300.0,
};

/// The most nodes a Paxos run may have.
pub const MAX_NODES: u32 = 9;

const PARAMS: &[ParamSpec] = &[
    ParamSpec::count(
        "nodes",
        "Nodes",
        (3, MAX_NODES),
        5,
        "a node count from 3 to 9",
    ),
    ParamSpec::number(
        "backoff",
        "Backoff up to (ms, 0 = none)",
        (0.0, 1_000.0),
        60.0,
        "a backoff of 0 to 1000 ms",
    ),
    network::latency((5.0, 15.0)),
    network::LOSS,
];

pub(super) const KINDS: &[MessageKind] = &[
    MessageKind::new("prepare", "Prepare (1a)", Shape::Diamond),
    MessageKind::new("promise", "Promise (1b)", Shape::Circle),
    MessageKind::new("accept", "Accept (2a)", Shape::Square),
    MessageKind::new("accepted", "Accepted (2b)", Shape::Triangle),
    MessageKind::new("reject", "Reject", Shape::Circle),
    MessageKind::new("chosen", "Chosen", Shape::Square),
];

const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "propose-node",
    label: "Propose",
    help: "A client gives this node a value to propose (100 × its number)",
}];

/// The value node `node` proposes when its button is pressed: S1 → 100, S2 → 200, ….
pub fn button_value(node: NodeId) -> u64 {
    (node as u64 + 1) * 100
}

fn phase_name(node: &PaxosNode) -> &'static str {
    if node.learned().is_some() {
        return "learned";
    }
    match node.phase() {
        ProposerPhase::Idle => "follower",
        ProposerPhase::Preparing { .. } => "preparing",
        ProposerPhase::Accepting { .. } => "accepting",
        ProposerPhase::BackingOff => "backing-off",
    }
}

impl Adapter for PaxosAdapter {
    type Node = PaxosNode;
    type Codec = PaxosCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<PaxosNode> {
        let backoff = match values.number("backoff", 60.0) {
            ms if ms <= 0.0 => Backoff::None,
            ms => Backoff::Randomized {
                max: ms_to_time(ms),
            },
        };
        let config = PaxosConfig {
            backoff,
            round_timeout: millis(200),
            ..PaxosConfig::default()
        };
        cluster(values.count("nodes", 5), config)
    }

    fn node_look(&self, world: &World<PaxosNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let detail = match (node.learned(), node.current_ballot(), node.promised()) {
            (Some(v), _, _) => format!("learned {v}"),
            (None, Some(b), _) => format!("ballot {}", Shown(b)),
            (None, None, Some(p)) => format!("promised {}", Shown(p)),
            (None, None, None) => "idle".into(),
        };
        NodeLook {
            role: phase_name(node).into(),
            detail,
            timer: timer_arc(world.timers(id), |t| *t == Timer::Retry, cursor),
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
            Message::Prepare { ballot } => format!("Prepare {}", Shown(*ballot)),
            Message::Promise { ballot, accepted } => {
                format!(
                    "Promise {} · accepted {}",
                    Shown(*ballot),
                    proposal(*accepted)
                )
            }
            Message::Accept { ballot, value } => format!("Accept {} = {value}", Shown(*ballot)),
            Message::Accepted { ballot, value } => format!("Accepted {} = {value}", Shown(*ballot)),
            Message::Reject { ballot, promised } => {
                format!("Reject {} (promised {})", Shown(*ballot), Shown(*promised))
            }
            Message::Chosen { value } => format!("Chosen {value}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["proposer", "ballot", "promised", "accepted", "learned"]
    }

    fn state_cells(&self, world: &World<PaxosNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let role = phase_name(node).to_string();
        let cells = vec![
            role.replace('-', " "),
            ballot(node.current_ballot()),
            ballot(node.promised()),
            proposal(node.accepted()),
            node.learned().map_or("—".into(), |v| v.to_string()),
        ];
        (role, cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        node: NodeId,
        _world: &World<PaxosNode>,
        _step: u64,
    ) -> Option<Command> {
        (action == "propose-node").then(|| Command::Propose(button_value(node)))
    }

    fn status(&self, world: &World<PaxosNode>) -> StatusLine {
        let rounds = rounds_started(world);
        match learned_value(world) {
            Some(v) => StatusLine {
                text: format!("Chosen: {v} · {rounds} ballots started"),
                testid: "chosen",
                value: v.to_string(),
            },
            None => StatusLine {
                text: format!("Nothing chosen yet · {rounds} ballots started"),
                testid: "chosen",
                value: "none".into(),
            },
        }
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}
