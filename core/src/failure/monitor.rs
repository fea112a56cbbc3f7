//! The detectors on the simulated network: a monitored node sends
//! heartbeats, monitor nodes run a detector on what arrives and record
//! every change of verdict.
//!
//! Node 0 is usually the monitored one and every other node a monitor (each
//! may run its own detector, so a page can show φ and a fixed timeout side
//! by side). The heartbeat interval is jittered from the monitored node's
//! own random stream; the network adds latency and loss; a
//! [`Fault::Pause`](crate::sim::Fault) freezes the monitored node while it
//! stays alive — the classic cause of false suspicion; a crash stops it for
//! good. Monitors evaluate their detector every `check_every` on their own
//! clock and keep a bounded history of levels (φ, or elapsed / timeout)
//! and the full list of transitions.
//!
//! A restarted monitor forgets its window (it is volatile) and learns
//! again; a restarted monitored node keeps numbering its heartbeats where
//! it stopped, as an incarnation counter would, because monitors drop a
//! heartbeat whose number is not above the latest they accepted (so that
//! duplicated and overtaken heartbeats do not distort the window).

use super::heartbeat::FixedTimeout;
use super::phi_accrual::{PhiAccrual, PhiConfig};
use crate::sim::{Context, NoInvariants, Node, NodeId, Time, millis};
use alloc::collections::VecDeque;
use alloc::format;
use alloc::vec::Vec;
use rand::RngExt;

/// Which detector a monitor runs.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DetectorKind {
    /// Suspect after this long without a heartbeat.
    Fixed { timeout: Time },
    /// The φ accrual detector.
    Phi(PhiConfig),
}

/// A running detector.
#[derive(Clone, Debug, PartialEq)]
pub enum Detector {
    Fixed(FixedTimeout),
    Phi(PhiAccrual),
}

impl Detector {
    pub fn new(kind: DetectorKind) -> Self {
        match kind {
            DetectorKind::Fixed { timeout } => Detector::Fixed(FixedTimeout::new(timeout)),
            DetectorKind::Phi(config) => Detector::Phi(PhiAccrual::new(config)),
        }
    }

    pub fn kind(&self) -> DetectorKind {
        match self {
            Detector::Fixed(d) => DetectorKind::Fixed {
                timeout: d.timeout(),
            },
            Detector::Phi(d) => DetectorKind::Phi(*d.config()),
        }
    }

    pub fn heartbeat(&mut self, now: Time) {
        match self {
            Detector::Fixed(d) => d.heartbeat(now),
            Detector::Phi(d) => d.heartbeat(now),
        }
    }

    pub fn suspects(&self, now: Time) -> bool {
        match self {
            Detector::Fixed(d) => d.suspects(now),
            Detector::Phi(d) => d.suspects(now),
        }
    }

    /// φ for the accrual detector; elapsed / timeout for the fixed one.
    pub fn level(&self, now: Time) -> f64 {
        match self {
            Detector::Fixed(d) => d.level(now),
            Detector::Phi(d) => d.phi(now),
        }
    }

    /// The level at which it suspects (the threshold, or 1 for a timeout).
    pub fn threshold(&self) -> f64 {
        match self {
            Detector::Fixed(_) => 1.0,
            Detector::Phi(d) => d.config().threshold,
        }
    }
}

/// How the monitored node sends heartbeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HeartbeatConfig {
    pub interval: Time,
    /// Each gap is `interval` plus a uniform draw in `[-jitter, +jitter]`.
    pub jitter: Time,
}

impl Default for HeartbeatConfig {
    fn default() -> Self {
        Self {
            interval: millis(100),
            jitter: millis(10),
        }
    }
}

/// A change of a monitor's verdict.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Transition {
    /// The monitor's local time of the check that saw it.
    pub at: Time,
    /// True when it began to suspect, false when it stopped.
    pub suspected: bool,
    /// The level at that check.
    pub level: f64,
}

/// The most recent levels a monitor keeps.
pub const LEVEL_HISTORY: usize = 1024;

/// Heartbeat messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DetectorMessage {
    Heartbeat { seq: u64 },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DetectorTimer {
    /// The monitored node's next heartbeat.
    Beat,
    /// A monitor's next evaluation.
    Check,
}

/// What a person can ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum DetectorCommand {
    /// Monitored node: leave out the next `n` heartbeats (it stays up).
    SkipBeats(u32),
    /// Monitor: forget the window and start learning again.
    Reset,
}

/// What a node does.
#[derive(Clone, Debug, PartialEq)]
pub enum DetectorRole {
    Monitored {
        config: HeartbeatConfig,
        next_seq: u64,
        skip: u32,
        sent: u64,
    },
    Monitor {
        detector: Detector,
        check_every: Time,
        last_seq: Option<u64>,
        received: u64,
        suspected: bool,
        transitions: Vec<Transition>,
        levels: VecDeque<(Time, f64)>,
    },
}

/// One node of a failure-detection run.
#[derive(Clone, Debug)]
pub struct DetectorNode {
    role: DetectorRole,
}

impl DetectorNode {
    /// The node that sends heartbeats to every other node.
    pub fn monitored(config: HeartbeatConfig) -> Self {
        Self {
            role: DetectorRole::Monitored {
                config,
                next_seq: 0,
                skip: 0,
                sent: 0,
            },
        }
    }

    /// A node that runs `kind` on the heartbeats it receives, evaluating
    /// every `check_every`.
    pub fn monitor(kind: DetectorKind, check_every: Time) -> Self {
        Self {
            role: DetectorRole::Monitor {
                detector: Detector::new(kind),
                check_every: check_every.max(1),
                last_seq: None,
                received: 0,
                suspected: false,
                transitions: Vec::new(),
                levels: VecDeque::new(),
            },
        }
    }

    pub fn role(&self) -> &DetectorRole {
        &self.role
    }

    /// A monitor's detector.
    pub fn detector(&self) -> Option<&Detector> {
        match &self.role {
            DetectorRole::Monitor { detector, .. } => Some(detector),
            DetectorRole::Monitored { .. } => None,
        }
    }

    /// A monitor's verdict at its latest check.
    pub fn suspected(&self) -> bool {
        matches!(
            self.role,
            DetectorRole::Monitor {
                suspected: true,
                ..
            }
        )
    }

    /// A monitor's level (φ, or elapsed / timeout) at local time `now`.
    pub fn level_at(&self, now: Time) -> Option<f64> {
        self.detector().map(|d| d.level(now))
    }

    /// A monitor's changes of verdict, in order.
    pub fn transitions(&self) -> &[Transition] {
        match &self.role {
            DetectorRole::Monitor { transitions, .. } => transitions,
            DetectorRole::Monitored { .. } => &[],
        }
    }

    /// A monitor's latest levels with their check times (at most
    /// [`LEVEL_HISTORY`]).
    pub fn levels(&self) -> impl Iterator<Item = (Time, f64)> + '_ {
        let levels = match &self.role {
            DetectorRole::Monitor { levels, .. } => Some(levels.iter().copied()),
            DetectorRole::Monitored { .. } => None,
        };
        levels.into_iter().flatten()
    }

    /// Heartbeats sent (monitored) or accepted (monitor).
    pub fn heartbeats(&self) -> u64 {
        match self.role {
            DetectorRole::Monitored { sent, .. } => sent,
            DetectorRole::Monitor { received, .. } => received,
        }
    }

    fn arm(&mut self, cx: &mut Context<'_, Self>) {
        match &self.role {
            DetectorRole::Monitored { config, .. } => {
                let jitter = config.jitter.min(config.interval.saturating_sub(1));
                let gap = if jitter > 0 {
                    let low = config.interval - jitter;
                    cx.rng().random_range(low..=config.interval + jitter)
                } else {
                    config.interval
                };
                cx.set_timer(DetectorTimer::Beat, gap.max(1));
            }
            DetectorRole::Monitor { check_every, .. } => {
                cx.set_timer(DetectorTimer::Check, *check_every);
            }
        }
    }
}

impl Node for DetectorNode {
    type Msg = DetectorMessage;
    type Timer = DetectorTimer;
    type Command = DetectorCommand;
    type Invariants = NoInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.arm(cx);
    }

    fn on_message(&mut self, _: NodeId, msg: DetectorMessage, cx: &mut Context<'_, Self>) {
        let DetectorMessage::Heartbeat { seq } = msg;
        if let DetectorRole::Monitor {
            detector,
            last_seq,
            received,
            ..
        } = &mut self.role
            && last_seq.is_none_or(|last| seq > last)
        {
            // Duplicates and heartbeats overtaken by a newer one are ignored.
            *last_seq = Some(seq);
            *received += 1;
            detector.heartbeat(cx.now());
        }
    }

    fn on_timer(&mut self, timer: DetectorTimer, cx: &mut Context<'_, Self>) {
        match (&mut self.role, timer) {
            (
                DetectorRole::Monitored {
                    next_seq,
                    skip,
                    sent,
                    ..
                },
                DetectorTimer::Beat,
            ) => {
                let seq = *next_seq;
                *next_seq += 1;
                if *skip > 0 {
                    *skip -= 1;
                } else {
                    *sent += 1;
                    cx.broadcast(DetectorMessage::Heartbeat { seq });
                }
            }
            (
                DetectorRole::Monitor {
                    detector,
                    suspected,
                    transitions,
                    levels,
                    ..
                },
                DetectorTimer::Check,
            ) => {
                let now = cx.now();
                let level = detector.level(now);
                let verdict = detector.suspects(now);
                if verdict != *suspected {
                    *suspected = verdict;
                    transitions.push(Transition {
                        at: now,
                        suspected: verdict,
                        level,
                    });
                    cx.note(if verdict { "suspects" } else { "trusts again" });
                }
                if levels.len() >= LEVEL_HISTORY {
                    levels.pop_front();
                }
                levels.push_back((now, level));
            }
            _ => return,
        }
        self.arm(cx);
    }

    fn on_command(&mut self, cmd: DetectorCommand, cx: &mut Context<'_, Self>) {
        match (&mut self.role, cmd) {
            (DetectorRole::Monitored { skip, .. }, DetectorCommand::SkipBeats(n)) => {
                *skip = skip.saturating_add(n);
                cx.note(format!("leaves out {n} heartbeats"));
            }
            (DetectorRole::Monitor { detector, .. }, DetectorCommand::Reset) => {
                *detector = Detector::new(detector.kind());
                cx.note("forgets its window");
            }
            _ => cx.note("not for this node"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        match &mut self.role {
            DetectorRole::Monitored { skip, .. } => *skip = 0,
            DetectorRole::Monitor {
                detector,
                last_seq,
                suspected,
                ..
            } => {
                *detector = Detector::new(detector.kind());
                *last_seq = None;
                *suspected = false;
            }
        }
        self.arm(cx);
    }
}
