//! The trade-off study: each detector run with a range of thresholds
//! (φ) or timeouts (a fixed timeout), over many seeds on the page's
//! network and heartbeat settings, each run crashing M at a random phase;
//! the mean detection time plotted against false positives per minute —
//! the two qualities of Chen, Toueg & Aguilera (2002). At equal mistakes,
//! the lower curve detects sooner.

use crate::viz::sim_page::{ParamValues, Study, StudySpec, network_of};
use crate::widgets::view::{Chart, ChartSeries};
use dsviz_core::failure::experiments::{DetectorSetup, TradeoffPoint, tradeoff};
use dsviz_core::failure::{DetectorKind, HeartbeatConfig, PhiConfig};
use dsviz_core::sim::millis;

/// Runs per point.
const SEEDS: u64 = 8;
/// φ thresholds tried.
const THRESHOLDS: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0];
/// Fixed timeouts tried, in heartbeat intervals.
const TIMEOUTS: [f64; 8] = [1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0];

pub static TRADEOFF: StudySpec = StudySpec {
    title: "Detection time against false positives",
    explain: "Runs φ at thresholds 0.5 to 12 and the fixed timeout at 1.1 to 4 heartbeat intervals, 8 seeds each, on this page's heartbeat, jitter, latency and loss: 30 s runs with M crashing after 20 s. At equal false positives, the lower curve detects a crash sooner.",
    button: "Run 128 detector runs",
    start: |values| Box::new(TradeoffStudy::new(values)),
};

struct TradeoffStudy {
    base: DetectorSetup,
    kinds: Vec<DetectorKind>,
    points: Vec<TradeoffPoint>,
}

impl TradeoffStudy {
    fn new(values: &ParamValues) -> Self {
        let ms = |key: &str, fallback: f64| (values.number(key, fallback) * 1000.0).round() as u64;
        let heartbeat = HeartbeatConfig {
            interval: ms("interval", 100.0),
            jitter: ms("jitter", 10.0),
        };
        let network = network_of(values);
        let base = DetectorSetup {
            heartbeat,
            latency: network.latency,
            loss: network.loss,
            duration: millis(30_000),
            crash_at: Some(millis(20_000)),
            seed: values.seed,
            ..DetectorSetup::new(DetectorKind::Fixed { timeout: 1 }, values.seed)
        };
        let phi = PhiConfig {
            min_std_dev: ms("min-std", 10.0),
            first_heartbeat_estimate: heartbeat.interval,
            ..PhiConfig::default()
        };
        let kinds = THRESHOLDS
            .iter()
            .map(|&threshold| DetectorKind::Phi(PhiConfig { threshold, ..phi }))
            .chain(TIMEOUTS.iter().map(|&k| DetectorKind::Fixed {
                timeout: (heartbeat.interval as f64 * k).round() as u64,
            }))
            .collect();
        Self {
            base,
            kinds,
            points: Vec::new(),
        }
    }

    fn series(&self, phi: bool, label: &str, tone: &str) -> ChartSeries {
        let mut points: Vec<(f64, f64)> = self
            .points
            .iter()
            .filter(|p| matches!(p.detector, DetectorKind::Phi(_)) == phi)
            .map(|p| (p.mistakes_per_minute, p.mean_detection_ms))
            .collect();
        points.sort_by(|a, b| a.0.total_cmp(&b.0).then(b.1.total_cmp(&a.1)));
        ChartSeries {
            label: label.into(),
            tone: tone.into(),
            points,
        }
    }
}

impl Study for TradeoffStudy {
    fn run_slice(&mut self) {
        if let Some(&kind) = self.kinds.get(self.points.len()) {
            self.points.extend(tradeoff(&self.base, &[kind], SEEDS));
        }
    }

    fn progress(&self) -> (usize, usize) {
        (
            self.points.len() * SEEDS as usize,
            self.kinds.len() * SEEDS as usize,
        )
    }

    fn chart(&self) -> Chart {
        let x_max = self
            .points
            .iter()
            .map(|p| p.mistakes_per_minute)
            .fold(0.0, f64::max);
        let y_max = self
            .points
            .iter()
            .map(|p| p.mean_detection_ms)
            .fold(0.0, f64::max);
        let undetected: u64 = self.points.iter().map(|p| p.undetected).sum();
        Chart {
            testid: "tradeoff-chart".into(),
            title: "Mean detection time against false positives per minute".into(),
            x_label: "false positives per minute".into(),
            y_label: "detection (ms)".into(),
            x_range: (0.0, (x_max * 1.1).max(1.0)),
            y_range: (0.0, (y_max * 1.1).max(1.0)),
            series: vec![
                self.series(true, "φ accrual (threshold 12 → 0.5)", "phi"),
                self.series(false, "fixed timeout (4 → 1.1 intervals)", "silence"),
            ],
            rules: Vec::new(),
            marks: Vec::new(),
            caption: format!(
                "{} settings of {} runs each; {undetected} crashes never detected",
                self.points.len(),
                SEEDS
            ),
        }
    }
}
