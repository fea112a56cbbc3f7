//! How Fast Paxos looks on the simulation page: the coordinator's round
//! (fast or classic) and each acceptor's vote on the ring, its round timer
//! as an arc, the seven message kinds, the acceptor table (promised round,
//! vote with its round kind, open fast round, learned value), and in the
//! status line the round kind, the collision marker and the chosen value.

use super::fast_scenarios::SCENARIOS;
use super::look::timer_arc;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, network,
};
use crate::widgets::view::Shape;
use dsviz_core::consensus::fast_paxos::scenario::cluster;
use dsviz_core::consensus::fast_paxos::{
    COORDINATOR, Command, CoordinatorPhase, FastPaxosConfig, FastPaxosNode, Message, Round, Timer,
    quorums,
};
use dsviz_core::sim::{NodeId, Time, World};

/// The Fast Paxos adapter; `&FAST_PAXOS` is what the router hands the page.
pub struct FastPaxosAdapter;
pub static FAST_PAXOS: FastPaxosAdapter = FastPaxosAdapter;

/// Fast Paxos commands in URLs: `propose.V`.
pub struct FastPaxosCommands;

impl CommandCodec for FastPaxosCommands {
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
    path: "/fast-paxos",
    title: "Fast Paxos",
    lede: "Clients send their values straight to the acceptors, and a value accepted by a fast quorum is chosen one message delay sooner (Lamport, \"Fast Paxos\", 2006). With N = 4 both quorums have 3 members. Two clients at once can collide: the coordinator notices and recovers through a classic round.",
    node_noun: "Acceptor",
    class: "paxos",
    window_ms: 200.0,
};

const PARAMS: &[ParamSpec] = &[
    ParamSpec::count(
        "nodes",
        "Acceptors",
        (3, 9),
        4,
        "an acceptor count from 3 to 9",
    ),
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("any", "Any (fast 2a)", Shape::Triangle),
    MessageKind::new("propose", "Client value", Shape::Circle),
    MessageKind::new("prepare", "Prepare (1a)", Shape::Diamond),
    MessageKind::new("promise", "Promise (1b)", Shape::Circle),
    MessageKind::new("accept", "Accept (2a)", Shape::Square),
    MessageKind::new("accepted", "Accepted (2b)", Shape::Triangle),
    MessageKind::new("chosen", "Chosen", Shape::Square),
];

const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "propose-node",
    label: "Client value",
    help: "A client at this node sends a value (10 × its number) straight to every acceptor",
}];

/// The value a client at node `node` sends when its button is pressed: S1 → 10, S2 → 20, ….
pub fn client_value(node: NodeId) -> u64 {
    (node as u64 + 1) * 10
}

/// `r1 fast` / `r2 classic`.
fn round_text(round: Round) -> String {
    let kind = if round.fast { "fast" } else { "classic" };
    format!("r{} {kind}", round.number)
}

fn role_of(world: &World<FastPaxosNode>, id: NodeId) -> &'static str {
    let node = world.node(id);
    if node.learned().is_some() {
        "learned"
    } else if id == COORDINATOR {
        "leader"
    } else if node.acceptor().accepted().is_some() {
        "accepting"
    } else {
        "follower"
    }
}

/// The round the coordinator is in, or the one it decided in.
fn latest_round(world: &World<FastPaxosNode>) -> Option<Round> {
    let coordinator = world.node(COORDINATOR);
    coordinator
        .round()
        .or_else(|| coordinator.acceptor().accepted().map(|(r, _)| r))
}

impl Adapter for FastPaxosAdapter {
    type Node = FastPaxosNode;
    type Codec = FastPaxosCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<FastPaxosNode> {
        cluster(values.count("nodes", 4), FastPaxosConfig::default())
    }

    fn node_label(&self, id: NodeId) -> String {
        if id == COORDINATOR {
            "C1".into()
        } else {
            format!("A{}", id + 1)
        }
    }

    fn node_look(&self, world: &World<FastPaxosNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let detail = match (node.learned(), node.acceptor().accepted()) {
            (Some(v), _) => format!("learned {v}"),
            (None, Some((round, v))) => format!("voted {v} in {}", round_text(round)),
            (None, None) if id == COORDINATOR => latest_round(world)
                .map_or("coordinator".into(), |r| {
                    format!("coordinating {}", round_text(r))
                }),
            (None, None) => "no vote".into(),
        };
        NodeLook {
            role: role_of(world, id).into(),
            detail,
            timer: timer_arc(world.timers(id), |t| *t == Timer::Round, cursor),
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
            Message::Any { round } => format!("Any {}", round_text(*round)),
            Message::Propose { value } => format!("Client value {value}"),
            Message::Prepare { round } => format!("Prepare {}", round_text(*round)),
            Message::Promise { round, accepted } => format!(
                "Promise {} · vote {}",
                round_text(*round),
                accepted.map_or("—".into(), |(r, v)| format!("{v} in {}", round_text(r)))
            ),
            Message::Accept { round, value } => format!("Accept {} = {value}", round_text(*round)),
            Message::Accepted { round, value } => {
                format!("Accepted {} = {value}", round_text(*round))
            }
            Message::Chosen { value } => format!("Chosen {value}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["role", "promised", "vote", "fast round open", "learned"]
    }

    fn state_cells(&self, world: &World<FastPaxosNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let acceptor = node.acceptor();
        let role = role_of(world, id).to_string();
        let shown_role = if id == COORDINATOR {
            "coordinator".to_string()
        } else {
            "acceptor".to_string()
        };
        let cells = vec![
            shown_role,
            match acceptor.promised() {
                0 => "—".into(),
                r => format!("r{r}"),
            },
            acceptor
                .accepted()
                .map_or("—".into(), |(r, v)| format!("{v} in {}", round_text(r))),
            acceptor
                .open_fast_round()
                .map_or("—".into(), |r| format!("r{}", r.number)),
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
        _world: &World<FastPaxosNode>,
        _step: u64,
    ) -> Option<Command> {
        (action == "propose-node").then(|| Command::Propose(client_value(node)))
    }

    /// The round kind, the collision marker and the chosen value.
    fn status(&self, world: &World<FastPaxosNode>) -> StatusLine {
        let coordinator = world.node(COORDINATOR);
        let (classic, fast) = quorums(world.nodes().len());
        let round = latest_round(world).map_or("no round yet".into(), |r| {
            let kind = if r.fast { "fast" } else { "classic" };
            format!("round {} ({kind})", r.number)
        });
        let collisions = match coordinator.collisions() {
            0 => "no collision".to_string(),
            n => format!("⚠ collision ×{n}, recovered by a classic round"),
        };
        let chosen = match &coordinator.phase() {
            CoordinatorPhase::Done { value } => Some(*value),
            _ => coordinator.learned(),
        };
        StatusLine {
            text: format!(
                "{round} · {collisions} · {} · quorums: classic {classic}, fast {fast}",
                chosen.map_or("nothing chosen yet".into(), |v| format!("chosen: {v}"))
            ),
            testid: "chosen",
            value: chosen.map_or("none".into(), |v| v.to_string()),
        }
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}
