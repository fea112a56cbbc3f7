//! The failure-detector page's adapter: node M sends heartbeats to two
//! monitors over the simulated network; φ runs the accrual detector of
//! Hayashibara et al. (2004) and T a fixed timeout. Each monitor is drawn
//! trusting or suspecting, with its level as an arc; pause M (a long GC),
//! leave out heartbeats, add jitter or loss, or crash it, and compare the
//! false positives and detection times in the status line.

use super::charts::{fixed_chart, phi_chart};
use super::scenarios::SCENARIOS;
use super::study::TRADEOFF;
use super::verdicts::{FIXED, MONITORED, PHI, Verdict, verdicts};
use crate::permalink::CommandCodec;
use crate::viz::sim_page::{
    Adapter, ExtraViews, MessageKind, NodeAction, NodeLook, PageMeta, ParamSpec, ParamValue,
    ParamValues, Scenario, StatusLine, StudySpec, charts_and_study, network,
};
use crate::widgets::view::{Chart, Shape};
use dsviz_core::failure::{
    Detector, DetectorCommand, DetectorKind, DetectorMessage, DetectorNode, HeartbeatConfig,
    PhiConfig,
};
use dsviz_core::sim::{NodeId, Time, World, millis};

pub struct DetectorAdapter;

pub static DETECTORS: DetectorAdapter = DetectorAdapter;

static META: PageMeta = PageMeta {
    path: "/failure-detectors",
    title: "Failure detectors",
    lede: "M sends a heartbeat every interval; two monitors judge the silence. T suspects after a fixed timeout; φ learns the distribution of arrival gaps and suspects when a gap this long becomes too unlikely (Hayashibara et al., 2004). Pause M, add jitter or loss, then crash it, and compare false positives with detection time.",
    node_noun: "Node",
    class: "detectors",
    window_ms: 1_500.0,
};

/// How often each monitor evaluates its detector.
const CHECK_EVERY: Time = millis(5);

/// Commands in URLs: `skip-N` and `reset`.
pub struct DetectorCommands;

impl CommandCodec for DetectorCommands {
    type Command = DetectorCommand;

    fn encode(command: &DetectorCommand) -> String {
        match command {
            DetectorCommand::SkipBeats(n) => format!("skip-{n}"),
            DetectorCommand::Reset => "reset".into(),
        }
    }

    fn decode(text: &str) -> Option<DetectorCommand> {
        match text {
            "reset" => Some(DetectorCommand::Reset),
            _ => text
                .strip_prefix("skip-")
                .and_then(|n| n.parse().ok())
                .filter(|&n| n <= 1_000)
                .map(DetectorCommand::SkipBeats),
        }
    }
}

const PARAMS: &[ParamSpec] = &[
    ParamSpec::number(
        "interval",
        "Heartbeat interval (ms)",
        (10.0, 2_000.0),
        100.0,
        "an interval from 10 to 2000 ms",
    ),
    ParamSpec::number(
        "jitter",
        "Jitter ± (ms)",
        (0.0, 1_000.0),
        10.0,
        "a jitter from 0 to 1000 ms",
    ),
    ParamSpec::number(
        "threshold",
        "φ threshold",
        (0.5, 16.0),
        8.0,
        "a threshold from 0.5 to 16",
    ),
    ParamSpec::number(
        "min-std",
        "φ minimum σ (ms)",
        (1.0, 1_000.0),
        10.0,
        "a standard deviation from 1 to 1000 ms",
    ),
    ParamSpec::number(
        "timeout",
        "Fixed timeout (ms)",
        (1.0, 10_000.0),
        250.0,
        "a timeout from 1 to 10000 ms",
    ),
    network::latency((1.0, 5.0)),
    network::LOSS,
];

const KINDS: &[MessageKind] = &[MessageKind::new("heartbeat", "Heartbeat", Shape::Circle)];

const ACTIONS: &[NodeAction] = &[
    NodeAction {
        id: "skip-beats",
        label: "Leave out 5 heartbeats",
        help: "M stays up but sends none of its next five heartbeats",
    },
    NodeAction {
        id: "reset-detector",
        label: "Forget the window",
        help: "This monitor drops what it has learnt and starts again",
    },
];

/// "φ 2.31" or "40 % of timeout".
fn level_text(detector: &Detector, level: f64) -> String {
    match detector {
        Detector::Phi(_) if level.is_infinite() => "φ ∞".into(),
        Detector::Phi(_) => format!("φ {level:.2}"),
        Detector::Fixed(_) => format!("{:.0} % of timeout", level * 100.0),
    }
}

fn verdict_text(name: &str, v: &Verdict, crashed: bool) -> String {
    let now = if v.suspects { "suspects" } else { "trusts" };
    let detected = match (crashed, v.detection) {
        (true, Some(t)) => format!(", detected the crash after {:.0} ms", t as f64 / 1000.0),
        (true, None) => ", crash not yet detected".into(),
        (false, _) => String::new(),
    };
    let fp = match v.false_positives {
        1 => "1 false positive".to_string(),
        n => format!("{n} false positives"),
    };
    format!("{name} {now} M ({fp}{detected})")
}

impl Adapter for DetectorAdapter {
    type Node = DetectorNode;
    type Codec = DetectorCommands;

    fn meta(&self) -> &'static PageMeta {
        &META
    }

    fn params(&self) -> &'static [ParamSpec] {
        PARAMS
    }

    fn reconcile(&self, values: &mut ParamValues) -> Vec<String> {
        let interval = values.number("interval", 100.0);
        if values.number("jitter", 10.0) >= interval {
            let jitter = (interval / 2.0).floor();
            values.set("jitter", ParamValue::Number(jitter));
            return vec![format!(
                "the jitter must stay below the interval; using {jitter} ms"
            )];
        }
        Vec::new()
    }

    fn nodes(&self, values: &ParamValues) -> Vec<DetectorNode> {
        let heartbeat = HeartbeatConfig {
            interval: values.millis("interval", 100.0),
            jitter: values.millis("jitter", 10.0),
        };
        let phi = PhiConfig {
            threshold: values.number("threshold", 8.0),
            min_std_dev: values.millis("min-std", 10.0),
            first_heartbeat_estimate: heartbeat.interval,
            ..PhiConfig::default()
        };
        vec![
            DetectorNode::monitored(heartbeat),
            DetectorNode::monitor(DetectorKind::Phi(phi), CHECK_EVERY),
            DetectorNode::monitor(
                DetectorKind::Fixed {
                    timeout: values.millis("timeout", 250.0),
                },
                CHECK_EVERY,
            ),
        ]
    }

    fn node_label(&self, id: NodeId) -> String {
        match id {
            MONITORED => "M".into(),
            PHI => "φ".into(),
            FIXED => "T".into(),
            other => format!("S{}", other + 1),
        }
    }

    fn node_look(&self, world: &World<DetectorNode>, id: NodeId, cursor: Time) -> NodeLook {
        let node = world.node(id);
        let Some(detector) = node.detector() else {
            return NodeLook {
                role: "monitored".into(),
                detail: format!("{} heartbeats sent", node.heartbeats()),
                timer: None,
            };
        };
        let level = detector.level(cursor);
        NodeLook {
            role: if node.suspected() {
                "suspecting".into()
            } else {
                "trusting".into()
            },
            detail: level_text(detector, level),
            timer: Some((level / detector.threshold()).clamp(0.0, 1.0)),
        }
    }

    fn message_kinds(&self) -> &'static [MessageKind] {
        KINDS
    }

    fn message_kind(&self, _: &DetectorMessage) -> &'static str {
        "heartbeat"
    }

    fn message_label(&self, msg: &DetectorMessage) -> String {
        let DetectorMessage::Heartbeat { seq } = msg;
        format!("Heartbeat #{seq}")
    }

    fn state_headers(&self) -> &'static [&'static str] {
        &[
            "detector",
            "verdict",
            "level",
            "heartbeats",
            "suspicions",
            "false positives",
            "gap mean / σ",
        ]
    }

    fn state_cells(&self, world: &World<DetectorNode>, id: NodeId) -> (String, Vec<String>) {
        let node = world.node(id);
        let Some(detector) = node.detector() else {
            let cells = vec![
                "monitored".into(),
                "—".into(),
                "—".into(),
                format!("{} sent", node.heartbeats()),
                "—".into(),
                "—".into(),
                "—".into(),
            ];
            return ("monitored".into(), cells);
        };
        let all = verdicts(world);
        let verdict = if id == PHI { all.phi } else { all.fixed };
        let now = world.now();
        let (kind, spread) = match detector {
            Detector::Phi(phi) => {
                let (mean, std) = phi.effective_mean_and_std_dev();
                (
                    format!("φ ≥ {}", phi.config().threshold),
                    format!("{:.1} / {:.1} ms", mean / 1000.0, std / 1000.0),
                )
            }
            Detector::Fixed(fixed) => {
                (format!("timeout {} ms", fixed.timeout() / 1000), "—".into())
            }
        };
        let suspicions = node.transitions().iter().filter(|t| t.suspected).count();
        let role = if node.suspected() {
            "suspecting"
        } else {
            "trusting"
        };
        let cells = vec![
            kind,
            if node.suspected() {
                "suspects"
            } else {
                "trusts"
            }
            .into(),
            level_text(detector, detector.level(now)),
            format!("{} received", node.heartbeats()),
            suspicions.to_string(),
            verdict.false_positives.to_string(),
            spread,
        ];
        (role.into(), cells)
    }

    fn actions(&self) -> &'static [NodeAction] {
        ACTIONS
    }

    fn command(
        &self,
        action: &str,
        node: NodeId,
        _world: &World<DetectorNode>,
        _step: u64,
    ) -> Option<DetectorCommand> {
        match action {
            "skip-beats" if node == MONITORED => Some(DetectorCommand::SkipBeats(5)),
            "reset-detector" if node != MONITORED => Some(DetectorCommand::Reset),
            _ => None,
        }
    }

    fn status(&self, world: &World<DetectorNode>) -> StatusLine {
        let v = verdicts(world);
        let crashed = v.crashed_at.is_some();
        let state = if crashed { "M is down" } else { "M is up" };
        let word = |v: &Verdict| if v.suspects { "suspect" } else { "trust" };
        StatusLine {
            text: format!(
                "{state} · {} · {}",
                verdict_text("φ", &v.phi, crashed),
                verdict_text("T", &v.fixed, crashed)
            ),
            testid: "verdicts",
            value: format!("{}-{}", word(&v.phi), word(&v.fixed)),
        }
    }

    fn charts(&self, world: &World<DetectorNode>, cursor: Time) -> Vec<Chart> {
        let window = millis(META.window_ms as u64 * 2);
        let crashed_at = world.crashed_at(MONITORED);
        [
            phi_chart(world, cursor, window, crashed_at),
            fixed_chart(world, cursor, window, crashed_at),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn study(&self) -> Option<&'static StudySpec> {
        Some(&TRADEOFF)
    }

    fn extra_views(&self) -> Option<ExtraViews> {
        Some(charts_and_study)
    }

    fn scenarios(&self) -> &'static [Scenario] {
        SCENARIOS
    }
}
