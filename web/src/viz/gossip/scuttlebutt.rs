//! The Scuttlebutt page's adapter (van Renesse et al., LADIS 2008): a few
//! participants, each starting with writes of its own keys. Every round a
//! participant sends a random peer its digest (one max version per
//! origin); the peer answers with the deltas the digest says are missing
//! and its own digest, and gets back what it lacks — at most `mtu` deltas
//! per message. The state table is each participant's version table, the
//! log grid the deltas of each one's latest answer (coloured by origin),
//! and the status line the backlog; the study catches up after a burst of
//! writes with MTUs from 1 to 32.

use super::look::plural;
use super::scenarios::SCUTTLEBUTT_SCENARIOS;
use super::scuttle_study::CATCH_UP_STUDY;
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, StudySpec, network,
};
use crate::widgets::view::{LogCell, LogRow, Shape};
use dsviz_core::gossip::experiments::{
    scuttlebutt_backlog, scuttlebutt_backlog_of, scuttlebutt_converged,
};
use dsviz_core::gossip::scuttlebutt::{Delta, ScuttlebuttCommand, ScuttlebuttMessage};
use dsviz_core::gossip::{ScuttleOrder, ScuttlebuttConfig, ScuttlebuttNode};
use dsviz_core::sim::{NodeId, Time, World};

pub struct ScuttlebuttAdapter;

pub static SCUTTLEBUTT: ScuttlebuttAdapter = ScuttlebuttAdapter;

static META: PageMeta = PageMeta {
    path: "/scuttlebutt",
    title: "Scuttlebutt",
    lede: "Each participant owns some keys and numbers its writes; everyone holds a replica of everyone's keys. A digest — the highest version held per origin — summarises a replica, so an exchange sends only the deltas the peer lacks (van Renesse et al., 2008). Shrink the MTU and watch deltas left behind and convergence take longer.",
    node_noun: "Participant",
    class: "gossip scuttlebutt",
    window_ms: 400.0,
};

/// Commands in URLs: `put-KEY-VALUE`.
pub struct ScuttlebuttCommands;

impl CommandCodec for ScuttlebuttCommands {
    type Command = ScuttlebuttCommand;

    fn encode(command: &ScuttlebuttCommand) -> String {
        let ScuttlebuttCommand::Put { key, value } = command;
        format!("put-{key}-{value}")
    }

    fn decode(text: &str) -> Option<ScuttlebuttCommand> {
        let (key, value) = text.strip_prefix("put-")?.split_once('-')?;
        Some(ScuttlebuttCommand::Put {
            key: key.parse().ok().filter(|&k| k < 1_000)?,
            value: value.parse().ok()?,
        })
    }
}

const PARAMS: &[ParamSpec] = &[
    ParamSpec::count(
        "nodes",
        "Participants",
        (2, 8),
        4,
        "a participant count from 2 to 8",
    ),
    ParamSpec::count(
        "mtu",
        "MTU (deltas per message)",
        (1, 32),
        3,
        "an MTU from 1 to 32 deltas",
    ),
    ParamSpec::count(
        "order",
        "Order (0 scuttle-depth, 1 scuttle-breadth)",
        (0, 1),
        0,
        "0 (scuttle-depth) or 1 (scuttle-breadth)",
    ),
    ParamSpec::count(
        "keys",
        "Keys per participant",
        (1, 8),
        4,
        "a key count from 1 to 8",
    ),
    ParamSpec::count(
        "writes",
        "Writes per participant at the start",
        (0, 24),
        6,
        "a number of writes from 0 to 24",
    ),
    // Digest, reply and deltas (three trips) fit in a 100 ms round.
    network::latency((5.0, 30.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[
    MessageKind::new("digest", "Digest (max versions)", Shape::Triangle),
    MessageKind::new("reply", "Reply (deltas + digest)", Shape::Diamond),
    MessageKind::new("deltas", "Deltas", Shape::Square),
];

const ACTIONS: &[NodeAction] = &[NodeAction {
    id: "put",
    label: "Write one of its keys",
    help: "A client writes this participant's next key: a new version its peers must learn",
}];

/// The participants' configuration in `values`.
pub fn scuttle_config(values: &ParamValues) -> ScuttlebuttConfig {
    ScuttlebuttConfig {
        mtu: values.count("mtu", 3).max(1),
        order: if values.count("order", 0) == 1 {
            ScuttleOrder::Breadth
        } else {
            ScuttleOrder::Depth
        },
        ..ScuttlebuttConfig::default()
    }
}

/// The `w`-th start-up write of participant `id`: keys cycle, values name
/// the writer and the write.
fn start_write(id: NodeId, w: u32, keys: u32) -> (u32, u64) {
    (w % keys.max(1), (id as u64 + 1) * 100 + u64::from(w) + 1)
}

fn label(id: NodeId) -> String {
    format!("P{}", id + 1)
}

fn delta_text(d: &Delta) -> String {
    format!("{}.k{}=v{}", label(d.origin), d.key, d.version)
}

/// "P1.k0=v4, P2.k1=v2 …" (at most four, then how many more).
fn deltas_text(deltas: &[Delta]) -> String {
    if deltas.is_empty() {
        return "no deltas".into();
    }
    let mut shown: Vec<String> = deltas.iter().take(4).map(delta_text).collect();
    if deltas.len() > 4 {
        shown.push(format!("+{} more", deltas.len() - 4));
    }
    shown.join(", ")
}

/// "[P1 3, P2 0, P3 5]".
fn digest_text(digest: &[u64]) -> String {
    let parts: Vec<String> = digest
        .iter()
        .enumerate()
        .map(|(o, v)| format!("{} {v}", label(o)))
        .collect();
    format!("[{}]", parts.join(", "))
}

impl Adapter for ScuttlebuttAdapter {
    type Node = ScuttlebuttNode;
    type Codec = ScuttlebuttCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn nodes(&self, values: &ParamValues) -> Vec<ScuttlebuttNode> {
        let config = scuttle_config(values);
        let keys = values.count("keys", 4) as u32;
        let writes = values.count("writes", 6) as u32;
        (0..values.count("nodes", 4).max(2))
            .map(|id| {
                let own = (0..writes).map(|w| start_write(id, w, keys));
                ScuttlebuttNode::with_writes(config, id, own)
            })
            .collect()
    }

    fn node_label(&self, id: NodeId) -> String {
        label(id)
    }

    fn node_look(&self, world: &World<ScuttlebuttNode>, id: NodeId, _: Time) -> NodeLook {
        let backlog = scuttlebutt_backlog_of(world, id);
        NodeLook {
            role: if backlog == 0 { "caught-up" } else { "behind" }.into(),
            detail: if backlog == 0 {
                "has everything".into()
            } else {
                format!("lacks {backlog}")
            },
            timer: None,
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, msg: &ScuttlebuttMessage) -> &'static str {
        msg.kind()
    }

    fn message_label(&self, msg: &ScuttlebuttMessage) -> String {
        match msg {
            ScuttlebuttMessage::Digest { digest, .. } => format!("Digest {}", digest_text(digest)),
            ScuttlebuttMessage::Reply { deltas, digest, .. } => format!(
                "Reply: {} · digest {}",
                deltas_text(deltas),
                digest_text(digest)
            ),
            ScuttlebuttMessage::Deltas { deltas, .. } => format!("Deltas: {}", deltas_text(deltas)),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "version table (max version held per origin)",
            "own writes",
            "lacks",
            "latest answer",
        ]
    }

    fn state_cells(&self, world: &World<ScuttlebuttNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let backlog = scuttlebutt_backlog_of(world, id);
        let own = node.replica(id).map_or(0, |r| r.max_version());
        let latest = match node.last_exchange() {
            None => "—".into(),
            Some(x) => format!(
                "to {}: {} sent, {} left behind (its digest {})",
                label(x.peer),
                x.sent.len(),
                x.left_behind,
                digest_text(&x.digest)
            ),
        };
        let cells = vec![
            digest_text(&node.digest()),
            own.to_string(),
            backlog.to_string(),
            latest,
        ];
        let role = if backlog == 0 { "caught-up" } else { "behind" };
        (role.into(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        node: NodeId,
        world: &World<ScuttlebuttNode>,
        step: u64,
    ) -> Option<ScuttlebuttCommand> {
        if action != "put" {
            return None;
        }
        let held = world.node(node).replica(node);
        let next = held.map_or(0, |r| r.max_version());
        let keys = held.map_or(0, |r| r.entries().count() as u64).max(1);
        Some(ScuttlebuttCommand::Put {
            key: (next % keys) as u32,
            value: 10_000 + step,
        })
    }

    fn status(&self, world: &World<ScuttlebuttNode>) -> StatusLine {
        let backlog = scuttlebutt_backlog(world);
        let (mut messages, mut deltas, mut left) = (0, 0, 0);
        for node in world.nodes() {
            let c = node.counters();
            messages += c.messages_sent;
            deltas += c.deltas_sent;
            left += c.left_behind;
        }
        let state = if scuttlebutt_converged(world) {
            "Converged: every live participant holds every write".to_string()
        } else {
            format!(
                "Backlog: {}",
                plural(backlog as u64, "write", "writes") + " still to deliver"
            )
        };
        StatusLine {
            text: format!(
                "{state} · {} sent, {deltas} deltas, {left} left behind by the MTU",
                plural(messages, "message", "messages")
            ),
            testid: "backlog",
            value: backlog.to_string(),
        }
    }

    fn logs(&self, world: &World<ScuttlebuttNode>) -> Option<Vec<LogRow>> {
        let rows = world
            .nodes()
            .iter()
            .enumerate()
            .map(|(id, node)| {
                let (label_text, entries) = match node.last_exchange() {
                    None => (format!("{}: no answer yet", label(id)), Vec::new()),
                    Some(x) => (
                        format!(
                            "{} → {} (+{} left)",
                            label(id),
                            label(x.peer),
                            x.left_behind
                        ),
                        x.sent
                            .iter()
                            .map(|d| LogCell {
                                term: d.origin as u64 + 1,
                                label: format!("{} key {} = {}", delta_text(d), d.key, d.value),
                            })
                            .collect(),
                    ),
                };
                LogRow {
                    node: id,
                    label: label_text,
                    commit_index: entries.len(),
                    entries,
                }
            })
            .collect();
        Some(rows)
    }

    fn study(&self) -> Option<&'static StudySpec> {
        Some(&CATCH_UP_STUDY)
    }

    fn extra_views(&self) -> Option<crate::viz::sim_page::ExtraViews> {
        Some(crate::viz::sim_page::charts_and_study)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCUTTLEBUTT_SCENARIOS.as_slice()
    }
}
