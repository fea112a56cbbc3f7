//! Election on a logical ring on the simulation page: Chang–Roberts
//! (forward only the highest candidate) or the circulating list, each
//! message passed to the next live successor, with its ack; the messages
//! counted against the textbook's bounds.

use super::look::{ELECT_ON_START, NODES, leadership, look, tally, timer_arc};
use super::scenarios::RING_SCENARIOS;
use crate::permalink::{WordCommands, Words};
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, network,
};
use crate::widgets::view::Shape;
use dsviz_core::election::counts::ring_expected;
use dsviz_core::election::ring::{
    RingCommand, RingConfig, RingMessage, RingNode, RingOrder, RingState, RingTimer, RingVariant,
};
use dsviz_core::election::scenario::ring_cluster;
use dsviz_core::sim::{NodeId, Time, World};

pub struct RingAdapter;

pub static RING: RingAdapter = RingAdapter;

static META: PageMeta = PageMeta {
    path: "/ring",
    title: "Ring election",
    lede: "Candidates travel round a logical ring, each node passing the message to its next live successor; Chang and Roberts (1979) forward only the highest id, the circulating list collects every id. Crash the leader, or a node on the way, and count what an election costs.",
    node_noun: "Node",
    class: "election",
    window_ms: 600.0,
};

/// Commands in URLs: `elect`.
impl WordCommands for RingCommand {
    const WORDS: &'static [(&'static str, Self)] = &[("elect", RingCommand::StartElection)];
}

const VARIANT: ParamSpec = ParamSpec::count(
    "variant",
    "Variant (0 = Chang–Roberts, 1 = list)",
    (0, 1),
    0,
    "0 (Chang–Roberts) or 1 (circulating list)",
);

const PARAMS: &[ParamSpec] = &[
    NODES,
    VARIANT,
    ELECT_ON_START,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("election", "Election / list", Shape::Diamond),
    MessageKind::new("elected", "Elected", Shape::Square),
    MessageKind::new("ack", "Ack", Shape::Circle),
    MessageKind::new("heartbeat", "Heartbeat", Shape::Triangle),
];

fn label(id: NodeId) -> String {
    format!("S{}", id + 1)
}

fn variant_of(values: &ParamValues) -> RingVariant {
    if values.count("variant", 0) == 1 {
        RingVariant::List
    } else {
        RingVariant::ChangRoberts
    }
}

impl Adapter for RingAdapter {
    type Node = RingNode;
    type Codec = Words<RingCommand>;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<RingNode> {
        let config = RingConfig {
            variant: variant_of(values),
            order: RingOrder::Ascending,
            elect_on_start: values.count("start", 1) == 1,
            ..RingConfig::default()
        };
        ring_cluster(values.count("nodes", 5), config)
    }

    fn node_look(&self, world: &World<RingNode>, id: NodeId, cursor: Time) -> NodeLook {
        let electing = world.node(id).state() == RingState::Participant;
        let arc = timer_arc(world.timers(id), cursor, |t| match t {
            RingTimer::Round | RingTimer::Ack(_) => true,
            RingTimer::LeaderWatch => !electing,
            RingTimer::Heartbeat => false,
        });
        look(world, id, label, arc)
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &RingMessage) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &RingMessage) -> String {
        match msg {
            RingMessage::Election {
                candidate, hops, ..
            } => format!("Election: candidate {} ({hops} hops)", label(*candidate)),
            RingMessage::Collect { ids, .. } => {
                let ids: Vec<String> = ids.iter().map(|&id| label(id)).collect();
                format!("Election list: {}", ids.join(", "))
            }
            RingMessage::Elected { leader, hops, .. } => {
                format!("Elected: {} ({hops} hops)", label(*leader))
            }
            RingMessage::Ack { .. } => "Ack: passed on".into(),
            RingMessage::Heartbeat => "Heartbeat from the leader".into(),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "state",
            "leader",
            "highest seen",
            "awaiting ack",
            "elections started",
            "sent E / L / ack",
            "dead successors skipped",
        ]
    }

    fn state_cells(&self, world: &World<RingNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let (role, _) = super::look::belief(world, id, label);
        let c = node.counters();
        let cells = vec![
            match node.state() {
                RingState::Idle => "idle",
                RingState::Participant => "participant",
            }
            .into(),
            node.leader().map_or("—".into(), label),
            node.highest_seen().map_or("—".into(), label),
            {
                let to: Vec<String> = node.pending().map(|(_, p)| label(p.to)).collect();
                if to.is_empty() {
                    "—".into()
                } else {
                    to.join(", ")
                }
            },
            c.elections_started.to_string(),
            format!(
                "{} / {} / {}",
                c.elections_sent, c.elected_sent, c.acks_sent
            ),
            c.skips.to_string(),
        ];
        (role.into(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        super::bully::ACTIONS
    }

    fn command(
        &self,
        action: &str,
        _node: NodeId,
        _world: &World<RingNode>,
        _step: u64,
    ) -> Option<RingCommand> {
        (action == "elect-node").then_some(RingCommand::StartElection)
    }

    fn status(&self, world: &World<RingNode>) -> StatusLine {
        let (who, value) = leadership(world, label);
        let sum = |f: fn(&RingNode) -> u64| -> u64 { world.nodes().iter().map(f).sum() };
        let (_, counted) = tally(&[
            ("Election", sum(|n| n.counters().elections_sent)),
            ("Elected", sum(|n| n.counters().elected_sent)),
            ("Ack", sum(|n| n.counters().acks_sent)),
        ]);
        let n = world.nodes().len();
        let variant = world
            .nodes()
            .first()
            .map_or(RingVariant::ChangRoberts, |node| node.config.variant);
        // Ring messages only (acks ride on each): one initiator at the
        // highest id is the cheapest, the one just after it the dearest.
        let cost = |from| {
            let kinds = ring_expected(n, variant, RingOrder::Ascending, Some(from));
            kinds.get("election").copied().unwrap_or(0) + kinds.get("elected").copied().unwrap_or(0)
        };
        let bounds = match variant {
            RingVariant::ChangRoberts => format!(
                "one Chang–Roberts election among {n} sends {} to {} ring messages (2N to 3N − 1), plus an ack each",
                cost(n.saturating_sub(1)),
                cost(0)
            ),
            RingVariant::List => format!(
                "one list election among {n} sends {} ring messages (2N), plus an ack each",
                cost(0)
            ),
        };
        StatusLine {
            text: format!("{who} · election messages so far: {counted} · {bounds}"),
            testid: "leader",
            value,
        }
    }

    fn scenarios(&self) -> &'static [Scenario] {
        RING_SCENARIOS
    }
}
