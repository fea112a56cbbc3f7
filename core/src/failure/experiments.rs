//! Failure-detector experiments: run a detector against one monitored
//! node that may pause and crash, and measure the two qualities of Chen,
//! Toueg & Aguilera (2002): how fast a crash is detected and how often a
//! live node is suspected. Plain functions returning data, shared by the
//! tests, the lab CLI and the web app's plots.
//!
//! * **False positive**: the monitor starts to suspect while the monitored
//!   node is up (paused counts as up: it has not crashed). The *mistake
//!   rate* is false positives per second of up time; the *wrong-suspicion
//!   fraction* is the share of up time spent suspected (1 − P_A, the query
//!   accuracy probability).
//! * **Detection time**: from the crash to the start of the suspicion that
//!   lasts to the end of the run (0 if the monitor already suspected at
//!   the crash and never stopped).

use super::monitor::{DetectorKind, DetectorNode, HeartbeatConfig};
use crate::sim::{
    Action, Fault, Latency, NetworkConfig, Probability, SimConfig, Simulation, Time, driver_stream,
    millis,
};
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// One detector run: node 0 sends heartbeats, node 1 monitors it.
#[derive(Clone, Debug, PartialEq)]
pub struct DetectorSetup {
    pub detector: DetectorKind,
    pub heartbeat: HeartbeatConfig,
    pub latency: Latency,
    pub loss: Probability,
    /// How often the monitor evaluates its detector.
    pub check_every: Time,
    pub duration: Time,
    /// When the monitored node crashes (never if `None`).
    pub crash_at: Option<Time>,
    /// Pauses of the monitored node: (start, length).
    pub pauses: Vec<(Time, Time)>,
    pub seed: u64,
}

impl DetectorSetup {
    /// A minute of 100 ms heartbeats with 10 ms jitter on a 1–5 ms network,
    /// checked every 5 ms, crashing at 50 s.
    pub fn new(detector: DetectorKind, seed: u64) -> Self {
        Self {
            detector,
            heartbeat: HeartbeatConfig::default(),
            latency: Latency::Uniform {
                min: millis(1),
                max: millis(5),
            },
            loss: Probability::NEVER,
            check_every: millis(5),
            duration: millis(60_000),
            crash_at: Some(millis(50_000)),
            pauses: Vec::new(),
            seed,
        }
    }
}

/// What one run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct DetectorOutcome {
    pub false_positives: u64,
    /// Up time spent suspected.
    pub wrongly_suspected: Time,
    /// Time the monitored node was up (the run, or until the crash).
    pub up_time: Time,
    /// From the crash to the lasting suspicion; `None` when there was no
    /// crash or it was never detected.
    pub detection: Option<Time>,
    pub heartbeats_sent: u64,
    pub heartbeats_received: u64,
}

impl DetectorOutcome {
    /// False positives per second of up time.
    pub fn mistake_rate_per_s(&self) -> f64 {
        self.false_positives as f64 / (self.up_time.max(1) as f64 / 1e6)
    }

    /// The share of up time spent suspected (1 − query accuracy).
    pub fn wrong_fraction(&self) -> f64 {
        self.wrongly_suspected as f64 / self.up_time.max(1) as f64
    }
}

/// Runs one detector (see [`DetectorSetup`]).
pub fn run_detector(setup: &DetectorSetup) -> DetectorOutcome {
    let config = SimConfig {
        seed: setup.seed,
        network: NetworkConfig {
            latency: setup.latency,
            loss: setup.loss,
            ..NetworkConfig::default()
        },
        checkpoint_every: u64::MAX,
        check_invariants: false,
        record_trace: false,
    };
    let nodes = vec![
        DetectorNode::monitored(setup.heartbeat),
        DetectorNode::monitor(setup.detector, setup.check_every),
    ];
    let mut sim = Simulation::new(config, nodes);
    let mut faults: Vec<(Time, Fault)> = setup
        .pauses
        .iter()
        .map(|&(at, duration)| (at, Fault::Pause { node: 0, duration }))
        .collect();
    if let Some(at) = setup.crash_at {
        faults.push((at, Fault::Crash(0)));
    }
    faults.sort_by_key(|(at, _)| *at);
    for (at, fault) in faults.into_iter().filter(|(at, _)| *at < setup.duration) {
        sim.run_until(at);
        sim.inject(Action::Fault(fault));
    }
    sim.run_until(setup.duration);
    let world = sim.world();
    let (monitored, monitor) = (world.node(0), world.node(1));
    let crash = setup.crash_at.filter(|&c| c < setup.duration);
    let up_until = crash.unwrap_or(setup.duration);
    let transitions = monitor.transitions();
    let false_positives = transitions
        .iter()
        .filter(|t| t.suspected && t.at < up_until)
        .count() as u64;
    // Suspected spans clipped to the up time.
    let mut wrongly_suspected = 0;
    let mut since: Option<Time> = None;
    for t in transitions {
        match (t.suspected, since) {
            (true, None) => since = Some(t.at),
            (false, Some(start)) => {
                wrongly_suspected += t.at.min(up_until).saturating_sub(start.min(up_until));
                since = None;
            }
            _ => {}
        }
    }
    if let Some(start) = since {
        wrongly_suspected += up_until.saturating_sub(start.min(up_until));
    }
    let detection = crash.and_then(|crash| match transitions.last() {
        Some(last) if last.suspected => Some(last.at.saturating_sub(crash)),
        _ => None,
    });
    DetectorOutcome {
        false_positives,
        wrongly_suspected,
        up_time: up_until,
        detection,
        heartbeats_sent: monitored.heartbeats(),
        heartbeats_received: monitor.heartbeats(),
    }
}

/// One point of the detection-time / mistake-rate trade-off.
#[derive(Clone, Debug, PartialEq)]
pub struct TradeoffPoint {
    pub detector: DetectorKind,
    pub runs: u64,
    /// Mean detection time in milliseconds over the runs that detected.
    pub mean_detection_ms: f64,
    pub max_detection_ms: f64,
    /// Runs whose crash was never detected.
    pub undetected: u64,
    /// False positives over all runs.
    pub false_positives: u64,
    /// False positives per minute of up time, over all runs.
    pub mistakes_per_minute: f64,
    /// Mean share of up time wrongly suspected.
    pub wrong_fraction: f64,
}

/// Runs `base` with each detector over `seeds` seeds, the crash moved by a
/// random fraction of an interval per seed so that it does not fall at the
/// same phase of the heartbeat; one point per detector, for plotting
/// detection time against mistakes as the threshold or timeout varies.
pub fn tradeoff(
    base: &DetectorSetup,
    detectors: &[DetectorKind],
    seeds: u64,
) -> Vec<TradeoffPoint> {
    detectors
        .iter()
        .map(|&detector| {
            let mut point = TradeoffPoint {
                detector,
                runs: seeds,
                mean_detection_ms: 0.0,
                max_detection_ms: 0.0,
                undetected: 0,
                false_positives: 0,
                mistakes_per_minute: 0.0,
                wrong_fraction: 0.0,
            };
            let (mut detected, mut detection_sum, mut up_time) = (0u64, 0.0, 0u64);
            for seed in 0..seeds {
                let shift = driver_stream(base.seed.wrapping_add(seed), 3)
                    .random_range(0..base.heartbeat.interval.max(1));
                let setup = DetectorSetup {
                    detector,
                    seed: base.seed.wrapping_add(seed),
                    crash_at: base.crash_at.map(|c| c + shift),
                    ..base.clone()
                };
                let outcome = run_detector(&setup);
                point.false_positives += outcome.false_positives;
                point.wrong_fraction += outcome.wrong_fraction() / seeds.max(1) as f64;
                up_time += outcome.up_time;
                match outcome.detection {
                    Some(d) => {
                        let ms = d as f64 / 1000.0;
                        detected += 1;
                        detection_sum += ms;
                        point.max_detection_ms = point.max_detection_ms.max(ms);
                    }
                    None if setup.crash_at.is_some() => point.undetected += 1,
                    None => {}
                }
            }
            point.mean_detection_ms = detection_sum / detected.max(1) as f64;
            point.mistakes_per_minute =
                point.false_positives as f64 / (up_time.max(1) as f64 / 60e6);
            point
        })
        .collect()
}
