//! The Bully algorithm on the simulation page: each node's belief (leader,
//! electing, following) on the ring, its running timeout as an arc, and the
//! election messages counted against the textbook's best and worst case.

use super::look::{ELECT_ON_START, NODES, leadership, look, tally, timer_arc};
use super::scenarios::BULLY_SCENARIOS;
use crate::permalink::{WordCommands, Words};
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, network,
};
use crate::widgets::view::Shape;
use dsviz_core::election::bully::{
    BullyCommand, BullyConfig, BullyMessage, BullyNode, BullyState, BullyTimer,
};
use dsviz_core::election::counts::bully_expected;
use dsviz_core::election::scenario::bully_cluster;
use dsviz_core::sim::{NodeId, Time, World};

pub struct BullyAdapter;

pub static BULLY: BullyAdapter = BullyAdapter;

static META: PageMeta = PageMeta {
    path: "/bully",
    title: "Bully election",
    lede: "A node that misses its leader asks every higher node; any that is alive answers and takes over, and the highest one left announces itself (Garcia-Molina, 1982). Crash the leader, pick who notices first, and count the messages: the lowest id is the worst case.",
    node_noun: "Node",
    class: "election",
    window_ms: 600.0,
};

/// Commands in URLs: `elect`.
impl WordCommands for BullyCommand {
    const WORDS: &'static [(&'static str, Self)] = &[("elect", BullyCommand::StartElection)];
}

const PARAMS: &[ParamSpec] = &[
    NODES,
    ELECT_ON_START,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("election", "Election", Shape::Diamond),
    MessageKind::new("answer", "Answer (OK)", Shape::Circle),
    MessageKind::new("coordinator", "Coordinator", Shape::Square),
    MessageKind::new("heartbeat", "Heartbeat", Shape::Triangle),
];

pub(super) const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "elect-node",
    label: "Start election",
    help: "This node notices the leader is gone and starts an election now",
}];

fn label(id: NodeId) -> String {
    format!("S{}", id + 1)
}

impl Adapter for BullyAdapter {
    type Node = BullyNode;
    type Codec = Words<BullyCommand>;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<BullyNode> {
        let config = BullyConfig {
            elect_on_start: values.count("start", 1) == 1,
            ..BullyConfig::default()
        };
        bully_cluster(values.count("nodes", 5), config)
    }

    fn node_look(&self, world: &World<BullyNode>, id: NodeId, cursor: Time) -> NodeLook {
        let electing = world.node(id).state() != BullyState::Idle;
        let arc = timer_arc(world.timers(id), cursor, |t| match t {
            BullyTimer::AnswerWait | BullyTimer::CoordinatorWait => true,
            BullyTimer::LeaderWatch => !electing,
            BullyTimer::Heartbeat => false,
        });
        look(world, id, label, arc)
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &BullyMessage) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &BullyMessage) -> String {
        match msg {
            BullyMessage::Election => "Election: is anyone higher alive?".into(),
            BullyMessage::Answer => "Answer: I am, I take over".into(),
            BullyMessage::Coordinator => "Coordinator: I lead".into(),
            BullyMessage::Heartbeat => "Heartbeat from the leader".into(),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "state",
            "leader",
            "heard higher",
            "elections started",
            "elected",
            "sent E / A / C",
        ]
    }

    fn state_cells(&self, world: &World<BullyNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let (role, _) = super::look::belief(world, id, label);
        let c = node.counters();
        let cells = vec![
            match node.state() {
                BullyState::Idle => "idle",
                BullyState::Electing => "electing",
                BullyState::AwaitingCoordinator => "awaiting coordinator",
            }
            .into(),
            node.leader().map_or("—".into(), label),
            node.heard_higher().map_or("—".into(), label),
            c.elections_started.to_string(),
            c.times_elected.to_string(),
            format!(
                "{} / {} / {}",
                c.elections_sent, c.answers_sent, c.coordinators_sent
            ),
        ];
        (role.into(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        _node: NodeId,
        _world: &World<BullyNode>,
        _step: u64,
    ) -> Option<BullyCommand> {
        (action == "elect-node").then_some(BullyCommand::StartElection)
    }

    fn status(&self, world: &World<BullyNode>) -> StatusLine {
        let (who, value) = leadership(world, label);
        let sum = |f: fn(&BullyNode) -> u64| -> u64 { world.nodes().iter().map(f).sum() };
        let (_, counted) = tally(&[
            ("Election", sum(|n| n.counters().elections_sent)),
            ("Answer", sum(|n| n.counters().answers_sent)),
            ("Coordinator", sum(|n| n.counters().coordinators_sent)),
        ]);
        let n = world.nodes().len();
        let cost = |from| bully_expected(n, Some(from)).values().sum::<u64>();
        StatusLine {
            text: format!(
                "{who} · election messages so far: {counted} · one election among {n} costs {} from the highest, {} from the lowest (O(N) to O(N²))",
                cost(n.saturating_sub(1)),
                cost(0)
            ),
            testid: "leader",
            value,
        }
    }

    fn scenarios(&self) -> &'static [Scenario] {
        BULLY_SCENARIOS
    }
}
