//! The rumor-mongering page's adapter (Demers et al. 1987, §3): an
//! infective node pushes the rumor to one random peer a round and loses
//! interest after `k` unnecessary contacts (counter) or with probability
//! `1/k` after each (coin), told by feedback or blind. Nodes are drawn
//! susceptible, infective or removed, a counter's progress towards `k` as
//! an arc; the status line gives the residue and traffic against the
//! equation, and the study repeats the run many times for k = 1 … 5.

use super::look::{ROUND_LATENCY, newest_version, nodes_param, role};
use super::rumor_study::RESIDUE_STUDY;
use super::scenarios::RUMOR_SCENARIOS;
use crate::permalink::{WordCommands, Words};
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, StudySpec, network,
};
use crate::widgets::view::Shape;
use dsviz_core::gossip::experiments::{residue_for, rumor_outcome, rumor_status_counts};
use dsviz_core::gossip::rumor::{RumorCommand, RumorMessage};
use dsviz_core::gossip::scenario::rumor_cluster;
use dsviz_core::gossip::{RumorConfig, RumorNode, RumorVariant, Status};
use dsviz_core::sim::{NodeId, Time, World};

pub struct RumorAdapter;

pub static RUMOR: RumorAdapter = RumorAdapter;

static META: PageMeta = PageMeta {
    path: "/rumor",
    title: "Rumor mongering",
    lede: "A node that hears a hot rumor pushes it to a random peer every round, and loses interest after k pushes that found the peer already knew (Demers et al., 1987). Rumors are cheap but not certain: some nodes never hear — the residue, which the paper's equation s = exp(−(k+1)(1−s)) predicts. Change k and the variant, and run the study to compare hundreds of runs with the equation.",
    node_noun: "Node",
    class: "gossip rumor",
    window_ms: 300.0,
};

/// Commands in URLs: `publish`.
impl WordCommands for RumorCommand {
    const WORDS: &'static [(&'static str, Self)] = &[("publish", RumorCommand::Publish)];
}

const PARAMS: &[ParamSpec] = &[
    nodes_param(128, "a node count from 2 to 256"),
    ParamSpec::count(
        "variant",
        "Variant (0 feedback+counter, 1 blind+counter, 2 feedback+coin, 3 blind+coin)",
        (0, 3),
        0,
        "a variant from 0 to 3",
    ),
    ParamSpec::count(
        "k",
        "k (contacts before losing interest)",
        (1, 8),
        2,
        "a k from 1 to 8",
    ),
    ParamSpec::count(
        "backup",
        "Anti-entropy backup every m rounds (0 none)",
        (0, 20),
        0,
        "a number of rounds from 0 (no backup) to 20",
    ),
    ROUND_LATENCY,
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("rumor", "Rumor", Shape::Circle),
    MessageKind::new("feedback", "Feedback (did you know?)", Shape::Triangle),
    MessageKind::new("backup", "Backup anti-entropy", Shape::Diamond),
    MessageKind::new("backup-reply", "Backup reply", Shape::Square),
];

const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "publish",
    label: "Start a new rumor here",
    help: "This node writes a newer version and starts spreading it as a hot rumor",
}];

/// The rumor configuration of `values`.
pub fn rumor_config(values: &ParamValues) -> RumorConfig {
    RumorConfig {
        variant: RumorVariant::ALL[values.count("variant", 0).min(3)],
        k: values.count("k", 2).max(1) as u32,
        backup_every: values.count("backup", 0) as u32,
        ..RumorConfig::default()
    }
}

fn percent(fraction: f64) -> String {
    format!("{:.1} %", fraction * 100.0)
}

impl Adapter for RumorAdapter {
    type Node = RumorNode;
    type Codec = Words<RumorCommand>;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<RumorNode> {
        rumor_cluster(values.count("nodes", 128).max(2), rumor_config(values))
    }

    fn node_label(&self, id: NodeId) -> String {
        format!("N{}", id + 1)
    }

    fn node_look(&self, world: &World<RumorNode>, id: NodeId, _: Time) -> NodeLook {
        let node = world.node(id);
        let status = node.status(newest_version(world));
        let k = node.config.k.max(1);
        let counting = node.config.variant.counter() && status == Status::Infected;
        NodeLook {
            role: role(status).into(),
            detail: match status {
                Status::Infected => format!("{} of {k}", node.contacts()),
                _ => String::new(),
            },
            timer: counting.then(|| f64::from(node.contacts()) / f64::from(k)),
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &RumorMessage) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &RumorMessage) -> String {
        match *msg {
            RumorMessage::Rumor(v) => format!("Rumor v{v}"),
            RumorMessage::Feedback {
                version,
                already_knew: true,
            } => format!("Feedback: already knew v{version}"),
            RumorMessage::Feedback { version, .. } => format!("Feedback: v{version} was news"),
            RumorMessage::Backup(v) => format!("Backup (has v{v})"),
            RumorMessage::BackupReply(v) => format!("Backup reply v{v}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "epidemic",
            "version",
            "contacts towards k",
            "learned in round",
            "rumors sent",
        ]
    }

    fn state_cells(&self, world: &World<RumorNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let status = node.status(newest_version(world));
        let learned = match (status, node.learned_round()) {
            (Status::Susceptible, _) | (_, None) => "—".into(),
            (_, Some(round)) => round.to_string(),
        };
        let cells = vec![
            role(status).into(),
            format!("v{}", node.version()),
            node.contacts().to_string(),
            learned,
            node.counters().rumors_sent.to_string(),
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
        _world: &World<RumorNode>,
        _step: u64,
    ) -> Option<RumorCommand> {
        (action == "publish").then_some(RumorCommand::Publish)
    }

    fn status(&self, world: &World<RumorNode>) -> StatusLine {
        let [s, i, r] = rumor_status_counts(world, newest_version(world));
        let outcome = rumor_outcome(world);
        // Of the live nodes: a crashed node cannot hear anything, and is no residue of the rumor.
        let residue = s as f64 / (s + i + r).max(1) as f64;
        let config = world.nodes().first().map(|n| n.config).unwrap_or_default();
        let equation = residue_for(config.variant, config.k);
        let counts = format!("{s} susceptible, {i} infective, {r} removed");
        let traffic = format!(
            "traffic {:.2} rumors per node · last informed in round {}",
            outcome.traffic, outcome.t_last
        );
        let (text, value) = if i == 0 {
            (
                format!(
                    "Done: residue {} (equation {} for {} k = {}) · {counts} · {traffic}",
                    percent(residue),
                    percent(equation),
                    config.variant.name(),
                    config.k
                ),
                "done",
            )
        } else {
            (
                format!(
                    "Spreading: {counts} · residue so far {} · {traffic}",
                    percent(residue)
                ),
                "spreading",
            )
        };
        StatusLine {
            text,
            testid: "rumor",
            value: value.into(),
        }
    }

    fn study(&self) -> Option<&'static StudySpec> {
        Some(&RESIDUE_STUDY)
    }

    fn extra_views(&self) -> Option<crate::viz::sim_page::ExtraViews> {
        Some(crate::viz::sim_page::charts_and_study)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        RUMOR_SCENARIOS.as_slice()
    }
}
