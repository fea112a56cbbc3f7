//! How two- and three-phase commit look on the simulation page: each
//! process's state for the newest transaction on the ring (BLOCKED ones
//! stand out), its timeout as an arc, every message kind of both protocols,
//! each process's write-ahead log in the log grid, held locks and votes in
//! the state table, and the messages of the current transaction counted
//! against `4N` / `6N` in the status line.

use super::scenarios::{SCENARIOS_2PC, SCENARIOS_3PC};
use crate::permalink::{WordCommands, Words};
use crate::viz::sim_page::{
    Adapter, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValues, Scenario,
    StatusLine, ms_to_time, network,
};
use crate::widgets::view::{LogCell, LogRow, Shape};
use dsviz_core::commit::scenario::cluster;
use dsviz_core::commit::{
    COORDINATOR, Command, CommitConfig, CommitNode, Decision, KEYS, LogRecord, Message, Protocol,
    RoundStage, Timer, TrafficPhase, TxId, TxPhase, Vote,
};
use dsviz_core::sim::{NodeId, Time, World, millis};

/// One adapter per protocol; `&TWO_PC` and `&THREE_PC` are what the router
/// hands the page.
pub struct CommitAdapter {
    protocol: Protocol,
    meta: PageMeta,
    params: &'static [ParamSpec],
    kinds: &'static [MessageKind],
}

pub static TWO_PC: CommitAdapter = CommitAdapter {
    protocol: Protocol::TwoPhase,
    meta: PageMeta {
        path: "/2pc",
        title: "Two-phase commit",
        lede: "A coordinator asks every participant to vote, then tells them the outcome (Gray, 1978). Crash the coordinator after the votes and watch the participants block, holding their locks, until it recovers from its log.",
        node_noun: "Process",
        class: "commit",
        window_ms: 400.0,
    },
    params: PARAMS_2PC,
    kinds: KINDS_2PC,
};

pub static THREE_PC: CommitAdapter = CommitAdapter {
    protocol: Protocol::ThreePhase,
    meta: PageMeta {
        path: "/3pc",
        title: "Three-phase commit",
        lede: "A pre-commit round between the vote and the commit lets participants finish without a crashed coordinator (Skeen, 1981) — on a network that keeps its latency bound. Partition it during pre-commit and watch atomicity break.",
        node_noun: "Process",
        class: "commit",
        window_ms: 400.0,
    },
    params: PARAMS_3PC,
    kinds: KINDS_3PC,
};

/// Commands in URLs: `begin`, `vote-no`.
impl WordCommands for Command {
    const WORDS: &'static [(&'static str, Self)] =
        &[("begin", Command::Begin), ("vote-no", Command::VoteNoNext)];
}

/// The most participants a run may have.
pub const MAX_PARTICIPANTS: u32 = 16;

const PARTICIPANTS: ParamSpec = ParamSpec::count(
    "participants",
    "Participants",
    (1, MAX_PARTICIPANTS),
    4,
    "a participant count from 1 to 16",
);

const TRANSACTIONS: ParamSpec = ParamSpec::count(
    "transactions",
    "Transactions",
    (0, 50),
    12,
    "a transaction count from 0 to 50",
);

const GAP: ParamSpec = ParamSpec::number(
    "gap",
    "Gap between transactions (ms)",
    (0.0, 10_000.0),
    60.0,
    "a gap from 0 to 10000 ms",
);

const COOPERATIVE: ParamSpec = ParamSpec::count(
    "cooperative",
    "Cooperative termination (1 = on)",
    (0, 1),
    0,
    "0 (ask only the coordinator) or 1 (ask the other participants too)",
);

const PARAMS_2PC: &[ParamSpec] = &[
    PARTICIPANTS,
    TRANSACTIONS,
    GAP,
    COOPERATIVE,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const PARAMS_3PC: &[ParamSpec] = &[
    PARTICIPANTS,
    TRANSACTIONS,
    GAP,
    network::latency((5.0, 15.0)),
    network::LOSS,
];

const KINDS_2PC: &[MessageKind] = &[
    MessageKind::new("prepare", "PREPARE", Shape::Diamond),
    MessageKind::new("vote", "Vote", Shape::Circle),
    MessageKind::new("decision", "COMMIT / ABORT", Shape::Square),
    MessageKind::new("ack", "Ack", Shape::Triangle),
    MessageKind::new("decision-request", "Decision request", Shape::Diamond),
    MessageKind::new("uncertain", "Uncertain", Shape::Circle),
];

const KINDS_3PC: &[MessageKind] = &[
    MessageKind::new("prepare", "CAN-COMMIT?", Shape::Diamond),
    MessageKind::new("vote", "Vote", Shape::Circle),
    MessageKind::new("pre-commit", "PRE-COMMIT", Shape::Square),
    MessageKind::new("pre-commit-ack", "Pre-commit ack", Shape::Triangle),
    MessageKind::new("decision", "DO-COMMIT / ABORT", Shape::Square),
    MessageKind::new("ack", "Ack", Shape::Triangle),
    MessageKind::new("decision-request", "Decision request", Shape::Diamond),
    MessageKind::new("state-request", "State request", Shape::Diamond),
    MessageKind::new("state", "State", Shape::Circle),
];

const ACTIONS: &[NodeAction] = &[
    NodeAction {
        id: "begin-node",
        label: "Begin transaction",
        help: "The coordinator starts one more transaction",
    },
    NodeAction {
        id: "vote-no-node",
        label: "Vote no next",
        help: "This participant votes no on the next vote request",
    },
];

/// A process's state in the page's words; `role` is its CSS modifier.
struct Standing {
    role: &'static str,
    label: &'static str,
}

impl CommitAdapter {
    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    fn uncertain_word(&self) -> &'static str {
        match self.protocol {
            Protocol::TwoPhase => "READY",
            Protocol::ThreePhase => "WAIT",
        }
    }

    /// A crashed process shows only that: what it held in memory is gone.
    fn standing_in(&self, world: &World<CommitNode>, id: NodeId) -> Standing {
        if world.is_up(id) {
            self.standing(world.node(id))
        } else {
            Standing {
                role: "crashed",
                label: "DOWN",
            }
        }
    }

    fn standing(&self, node: &CommitNode) -> Standing {
        let at = |role, label| Standing { role, label };
        let Some(tx) = node.latest_tx() else {
            return at("init", "INIT");
        };
        if node.is_blocked(tx) {
            return at("blocked", "BLOCKED");
        }
        // The coordinator's round says more than its log while it runs.
        let phase = match node.round().filter(|r| r.tx == tx).map(|r| r.stage) {
            Some(RoundStage::Voting) => return at("uncertain", "COLLECTING"),
            Some(RoundStage::Recovering) => return at("blocked", "RECOVERING"),
            Some(RoundStage::PreCommitting) => TxPhase::PreCommitted,
            Some(RoundStage::Deciding(decision)) => TxPhase::of(decision),
            None => node.phase(tx),
        };
        match phase {
            TxPhase::Init => at("init", "INIT"),
            TxPhase::Uncertain => at("uncertain", self.uncertain_word()),
            TxPhase::PreCommitted => at("precommitted", "PRE-COMMITTED"),
            TxPhase::Committed => at("committed", "COMMITTED"),
            TxPhase::Aborted => at("aborted", "ABORTED"),
        }
    }

    /// The transaction the page is about: the coordinator's newest.
    fn current_tx(world: &World<CommitNode>) -> Option<TxId> {
        world.node(COORDINATOR).latest_tx()
    }

    fn label_of(&self, id: NodeId) -> String {
        Adapter::node_label(self, id)
    }
}

/// A log record as a cell: coloured by transaction, with what it says.
fn record_cell(record: &LogRecord) -> LogCell {
    let tx = record.tx();
    let what = match *record {
        LogRecord::Begin { key, .. } => format!("BEGIN, writes {}", key_name(key)),
        LogRecord::Voted {
            vote: Vote::Yes, ..
        } => "voted YES".into(),
        LogRecord::Voted { vote: Vote::No, .. } => "voted NO".into(),
        LogRecord::PreCommitted { .. } => "PRE-COMMIT".into(),
        LogRecord::Decided {
            decision: Decision::Commit,
            ..
        } => "COMMIT".into(),
        LogRecord::Decided {
            decision: Decision::Abort,
            ..
        } => "ABORT".into(),
        LogRecord::End { .. } => "END".into(),
    };
    LogCell {
        term: tx,
        label: format!("tx {tx} · {what}"),
    }
}

fn key_name(key: u8) -> &'static str {
    KEYS.get(usize::from(key)).copied().unwrap_or("?")
}

impl Adapter for CommitAdapter {
    type Node = CommitNode;
    type Codec = Words<Command>;

    fn meta(&self) -> &'static PageMeta {
        // The statics live forever; the reference to their field does too.
        match self.protocol {
            Protocol::TwoPhase => &TWO_PC.meta,
            Protocol::ThreePhase => &THREE_PC.meta,
        }
    }

    fn params(&self) -> &'static [ParamSpec] {
        self.params
    }

    fn nodes(&self, values: &ParamValues) -> Vec<CommitNode> {
        let (_, latency_max) = values.range("latency", (5.0, 15.0));
        let config = CommitConfig {
            transactions: values.count("transactions", 12) as u32,
            gap: ms_to_time(values.number("gap", 60.0)),
            latency_bound: ms_to_time(latency_max).max(millis(1)),
            cooperative: values.count("cooperative", 0) == 1,
        };
        cluster(self.protocol, values.count("participants", 4), config)
    }

    fn node_label(&self, id: NodeId) -> String {
        if id == COORDINATOR {
            "C".into()
        } else {
            format!("P{id}")
        }
    }

    fn node_look(&self, world: &World<CommitNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let standing = self.standing_in(world, id);
        let detail = match node.latest_tx() {
            Some(tx) => format!("tx {tx} · {}", standing.label),
            None => standing.label.to_string(),
        };
        let timer = world
            .timers(id)
            .iter()
            .find(|t| !matches!(t.timer, Timer::NextTransaction))
            .map(|t| {
                let span = t.due.saturating_sub(t.set_at).max(1) as f64;
                (cursor.saturating_sub(t.set_at) as f64 / span).clamp(0.0, 1.0)
            });
        NodeLook {
            role: standing.role.into(),
            detail,
            timer,
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        self.kinds
    }

    fn message_kind(&self, msg: &Message) -> &'static str {
        match msg {
            Message::VoteRequest { .. } => "prepare",
            Message::Vote { .. } => "vote",
            Message::PreCommit { .. } => "pre-commit",
            Message::PreCommitAck { .. } => "pre-commit-ack",
            Message::Decision { .. } => "decision",
            Message::Ack { .. } => "ack",
            Message::DecisionRequest { .. } => "decision-request",
            Message::Uncertain { .. } => "uncertain",
            Message::StateRequest { .. } => "state-request",
            Message::State { .. } => "state",
        }
    }

    fn message_label(&self, msg: &Message) -> String {
        let three = self.protocol == Protocol::ThreePhase;
        match *msg {
            Message::VoteRequest { tx, key } if three => {
                format!("CAN-COMMIT? tx {tx} ({})", key_name(key))
            }
            Message::VoteRequest { tx, key } => format!("PREPARE tx {tx} ({})", key_name(key)),
            Message::Vote { tx, vote } => format!("Vote {vote:?} tx {tx}"),
            Message::PreCommit { tx } => format!("PRE-COMMIT tx {tx}"),
            Message::PreCommitAck { tx } => format!("Pre-commit ack tx {tx}"),
            Message::Decision {
                tx,
                decision: Decision::Commit,
            } if three => format!("DO-COMMIT tx {tx}"),
            Message::Decision { tx, decision } => {
                format!("{} tx {tx}", format!("{decision:?}").to_uppercase())
            }
            Message::Ack { tx } => format!("Ack tx {tx}"),
            Message::DecisionRequest { tx } => format!("Outcome of tx {tx}?"),
            Message::Uncertain { tx } => format!("Uncertain about tx {tx}"),
            Message::StateRequest { tx } => format!("State of tx {tx}?"),
            Message::State { tx, phase, .. } => format!("State tx {tx}: {phase:?}"),
        }
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &["role", "tx", "state", "vote", "locks", "log"]
    }

    fn state_cells(&self, world: &World<CommitNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let standing = self.standing_in(world, id);
        let tx = node.latest_tx();
        let vote = tx
            .and_then(|tx| node.ledger().record(tx).vote)
            .map_or("—", |v| match v {
                Vote::Yes => "yes",
                Vote::No => "no",
            });
        let locks: Vec<String> = node
            .ledger()
            .locks()
            .iter()
            .map(|(key, holder)| format!("{}: tx {holder}", key_name(key)))
            .collect();
        let cells = vec![
            if node.is_coordinator() {
                "coordinator".into()
            } else {
                "participant".into()
            },
            tx.map_or("—".into(), |t| t.to_string()),
            standing.label.to_string(),
            vote.to_string(),
            if locks.is_empty() {
                "—".into()
            } else {
                locks.join(", ")
            },
            node.ledger().wal().len().to_string(),
        ];
        (standing.role.to_string(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        node: NodeId,
        _world: &World<CommitNode>,
        _step: u64,
    ) -> Option<Command> {
        match action {
            "begin-node" if node == COORDINATOR => Some(Command::Begin),
            "vote-no-node" if node != COORDINATOR => Some(Command::VoteNoNext),
            _ => None,
        }
    }

    fn status(&self, world: &World<CommitNode>) -> StatusLine {
        let Some(tx) = Self::current_tx(world) else {
            return StatusLine {
                text: "No transaction yet".into(),
                testid: "outcome",
                value: "none".into(),
            };
        };
        let nodes = world.nodes();
        let decided = |d: Decision| nodes.iter().any(|n| n.ledger().decision(tx) == Some(d));
        let blocked = nodes.iter().filter(|n| n.is_blocked(tx)).count();
        let (value, summary) = match (decided(Decision::Commit), decided(Decision::Abort)) {
            (true, true) => (
                "split",
                "COMMITTED and ABORTED: atomicity broken".to_string(),
            ),
            (true, false) => ("committed", "COMMIT".to_string()),
            (false, true) => ("aborted", "ABORT".to_string()),
            (false, false) if blocked > 0 => ("blocked", format!("{blocked} blocked")),
            (false, false) => ("pending", "in progress".to_string()),
        };
        let count = |phase| -> u32 { nodes.iter().map(|n| n.traffic().count(tx, phase)).sum() };
        let counts: Vec<String> = TrafficPhase::ALL
            .iter()
            .filter(|&&p| self.protocol == Protocol::ThreePhase || p != TrafficPhase::PreCommit)
            .map(|&p| {
                let name = match p {
                    TrafficPhase::Voting => "vote",
                    TrafficPhase::PreCommit => "pre-commit",
                    TrafficPhase::Outcome => "outcome",
                    TrafficPhase::Termination => "termination",
                };
                format!("{name} {}", count(p))
            })
            .collect();
        let total: u32 = TrafficPhase::ALL.iter().map(|&p| count(p)).sum();
        let per = self.protocol.messages_per_participant();
        let participants = nodes.len() as u64 - 1;
        StatusLine {
            text: format!(
                "tx {tx}: {summary} · {total} messages ({}; failure-free {per}N = {})",
                counts.join(", "),
                per * participants
            ),
            testid: "outcome",
            value: value.into(),
        }
    }

    fn logs(&self, world: &World<CommitNode>) -> Option<Vec<LogRow>> {
        let rows = (0..world.nodes().len())
            .map(|id| {
                let records = world.node(id).ledger().wal().records();
                LogRow {
                    node: id,
                    label: self.label_of(id),
                    entries: records.iter().map(record_cell).collect(),
                    // Every record is forced to disk before it is acted on.
                    commit_index: records.len(),
                }
            })
            .collect();
        Some(rows)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        match self.protocol {
            Protocol::TwoPhase => SCENARIOS_2PC,
            Protocol::ThreePhase => SCENARIOS_3PC,
        }
    }
}
