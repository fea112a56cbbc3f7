//! The gossip page's adapter: anti-entropy of one update by push, pull or
//! push-pull (Demers et al. 1987, §2) among up to 256 nodes. Each node is
//! drawn susceptible or infected; the status line counts the infected, the
//! messages and the redundant ones; the chart follows the infected fraction
//! per round against the mean-field curve of
//! [`theory_curve`](dsviz_core::gossip::experiments::theory_curve).

use super::charts::spread_chart;
use super::look::{ROUND_LATENCY, newest_version, nodes_param, plural, role};
use super::scenarios::GOSSIP_SCENARIOS;
use crate::permalink::{WordCommands, Words};
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, network,
};
use crate::widgets::view::{Chart, Shape};
use dsviz_core::gossip::dissemination::{AntiEntropyCommand, AntiEntropyMessage};
use dsviz_core::gossip::experiments::{infected_count, traffic_totals};
use dsviz_core::gossip::round::round_at;
use dsviz_core::gossip::scenario::anti_entropy_cluster;
use dsviz_core::gossip::{AntiEntropyConfig, AntiEntropyNode, Mode, Status};
use dsviz_core::sim::{NodeId, Time, World};

pub struct GossipAdapter;

pub static GOSSIP: GossipAdapter = GossipAdapter;

static META: PageMeta = PageMeta {
    path: "/gossip",
    title: "Gossip: push, pull and push-pull",
    lede: "One node knows an update; every round each node contacts random peers and pushes what it knows, pulls what they know, or both (Demers et al., 1987). The update reaches all N nodes in about log N rounds: watch the infected fraction against the theoretical curve, then kill nodes or lose messages and watch it spread anyway.",
    node_noun: "Node",
    class: "gossip",
    window_ms: 120.0,
};

/// Commands in URLs: `publish`.
impl WordCommands for AntiEntropyCommand {
    const WORDS: &'static [(&'static str, Self)] = &[("publish", AntiEntropyCommand::Publish)];
}

/// `mode=0|1|2`: push, pull, push-pull.
pub const MODES: [Mode; 3] = [Mode::Push, Mode::Pull, Mode::PushPull];

const PARAMS: &[ParamSpec] = &[
    nodes_param(128, "a node count from 2 to 256"),
    ParamSpec::count(
        "mode",
        "Mode (0 push, 1 pull, 2 push-pull)",
        (0, 2),
        2,
        "0 (push), 1 (pull) or 2 (push-pull)",
    ),
    ParamSpec::count(
        "fanout",
        "Fanout (peers per round)",
        (1, 8),
        1,
        "a fanout from 1 to 8",
    ),
    ROUND_LATENCY,
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("push", "Push (my version)", Shape::Circle),
    MessageKind::new("pull", "Pull (send me yours)", Shape::Triangle),
    MessageKind::new("push-pull", "Push-pull (both)", Shape::Diamond),
    MessageKind::new("reply", "Reply (a newer version)", Shape::Square),
];

const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "publish",
    label: "Write a new version here",
    help: "This node writes a version newer than any it knows; gossip spreads it like the first",
}];

/// The configuration every node of `values` runs.
pub fn config_of(values: &ParamValues) -> AntiEntropyConfig {
    AntiEntropyConfig {
        mode: MODES[values.count("mode", 2).min(2)],
        fanout: values.count("fanout", 1).max(1),
        ..AntiEntropyConfig::default()
    }
}

/// The round the cluster is in at `now` (rounds are the same for every node).
pub fn current_round(world: &World<AntiEntropyNode>, now: Time) -> u32 {
    let period = world
        .nodes()
        .first()
        .map_or(AntiEntropyConfig::default().period, |n| n.config.period);
    round_at(now, period)
}

fn live_count<N: dsviz_core::sim::Node>(world: &World<N>) -> usize {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id))
        .count()
}

impl Adapter for GossipAdapter {
    type Node = AntiEntropyNode;
    type Codec = Words<AntiEntropyCommand>;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<AntiEntropyNode> {
        anti_entropy_cluster(values.count("nodes", 128).max(2), config_of(values))
    }

    fn node_label(&self, id: NodeId) -> String {
        format!("N{}", id + 1)
    }

    fn node_look(&self, world: &World<AntiEntropyNode>, id: NodeId, _: Time) -> NodeLook {
        let node = world.node(id);
        let status = node.status(newest_version(world));
        let detail = match (status, node.learned_round()) {
            (Status::Susceptible, _) => String::new(),
            (_, Some(0)) => "source".into(),
            (_, Some(round)) => format!("round {round}"),
            (_, None) => String::new(),
        };
        NodeLook {
            role: role(status).into(),
            detail,
            timer: None,
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &AntiEntropyMessage) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &AntiEntropyMessage) -> String {
        match *msg {
            AntiEntropyMessage::Push(v) => format!("Push v{v}"),
            AntiEntropyMessage::Pull(v) => format!("Pull (has v{v})"),
            AntiEntropyMessage::PushPull(v) => format!("Push-pull v{v}"),
            AntiEntropyMessage::Reply(v) => format!("Reply v{v}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "epidemic",
            "version",
            "learned in round",
            "redundant received",
        ]
    }

    fn state_cells(&self, world: &World<AntiEntropyNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let status = node.status(newest_version(world));
        let learned = match (status, node.learned_round()) {
            (Status::Susceptible, _) | (_, None) => "—".into(),
            (_, Some(round)) => round.to_string(),
        };
        let cells = vec![
            role(status).into(),
            format!("v{}", node.version()),
            learned,
            node.counters().redundant.to_string(),
        ];
        (role(status).into(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        _node: NodeId,
        _world: &World<AntiEntropyNode>,
        _step: u64,
    ) -> Option<AntiEntropyCommand> {
        (action == "publish").then_some(AntiEntropyCommand::Publish)
    }

    fn status(&self, world: &World<AntiEntropyNode>) -> StatusLine {
        let newest = newest_version(world);
        let live = live_count(world);
        let infected = infected_count(world, newest);
        let totals = traffic_totals(world);
        let round = current_round(world, world.now());
        let spread = if infected == live {
            format!("all {live} live nodes have v{newest}")
        } else {
            format!("{infected} of {live} live nodes have v{newest}")
        };
        StatusLine {
            text: format!(
                "Round {round}: {spread} · {} sent, {} redundant",
                plural(totals.sent, "message", "messages"),
                totals.redundant
            ),
            testid: "spread",
            value: format!("{infected}/{live}"),
        }
    }

    fn charts(&self, world: &World<AntiEntropyNode>, cursor: Time) -> Vec<Chart> {
        vec![spread_chart(world, cursor)]
    }

    fn extra_views(&self) -> Option<crate::viz::sim_page::ExtraViews> {
        Some(crate::viz::sim_page::charts_and_study)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        GOSSIP_SCENARIOS.as_slice()
    }
}
