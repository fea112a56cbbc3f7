//! The Scuttlebutt page's study: the page's participants, keys and burst
//! of writes, caught up with MTUs from 1 to 32 deltas
//! ([`scuttlebutt_catch_up`]), one MTU per slice; the backlog after each
//! round plotted per MTU, and the rounds to converge in the caption.

use super::scuttlebutt::scuttle_config;
use crate::viz::sim_page::{ParamValues, Study, StudySpec};
use crate::widgets::view::{Chart, ChartSeries};
use dsviz_core::gossip::ScuttleOrder;
use dsviz_core::gossip::experiments::{CatchUp, scuttlebutt_catch_up};

/// The MTUs tried.
pub const MTUS: [usize; 6] = [1, 2, 4, 8, 16, 32];
/// Give up after this many rounds.
const MAX_ROUNDS: u32 = 120;

pub static CATCH_UP_STUDY: StudySpec = StudySpec {
    title: "Backlog per round as the MTU changes",
    explain: "Every participant makes this page's writes at once, then gossip runs (no loss) until everyone holds everything; repeated with an MTU of 1, 2, 4, 8, 16 and 32 deltas per message. A small MTU leaves deltas behind every exchange, so the backlog drains slowly.",
    button: "Run 6 catch-ups",
    start: |values| Box::new(CatchUpStudy::new(values)),
};

pub struct CatchUpStudy {
    nodes: usize,
    order: ScuttleOrder,
    keys: u32,
    writes: u32,
    seed: u64,
    runs: Vec<(usize, CatchUp)>,
}

impl CatchUpStudy {
    pub fn new(values: &ParamValues) -> Self {
        Self {
            nodes: values.count("nodes", 4).max(2),
            order: scuttle_config(values).order,
            keys: values.count("keys", 4).max(1) as u32,
            writes: values.count("writes", 6) as u32,
            seed: values.seed,
            runs: Vec::new(),
        }
    }
}

impl Study for CatchUpStudy {
    fn run_slice(&mut self) {
        if let Some(&mtu) = MTUS.get(self.runs.len()) {
            let run = scuttlebutt_catch_up(
                self.nodes,
                mtu,
                self.order,
                self.keys,
                self.writes,
                self.seed,
                MAX_ROUNDS,
            );
            self.runs.push((mtu, run));
        }
    }

    fn progress(&self) -> (usize, usize) {
        (self.runs.len(), MTUS.len())
    }

    fn chart(&self) -> Chart {
        let series = self
            .runs
            .iter()
            .enumerate()
            .map(|(i, (mtu, run))| ChartSeries {
                label: format!("MTU {mtu}"),
                tone: format!("mtu-{i}"),
                points: run
                    .backlog
                    .iter()
                    .enumerate()
                    .map(|(r, &b)| (r as f64, b as f64))
                    .collect(),
            })
            .collect();
        let longest = self
            .runs
            .iter()
            .map(|(_, r)| r.backlog.len())
            .max()
            .unwrap_or(1);
        let top = self
            .runs
            .iter()
            .flat_map(|(_, r)| r.backlog.iter().copied())
            .max()
            .unwrap_or(1);
        let rounds: Vec<String> = self
            .runs
            .iter()
            .map(|(mtu, r)| match r.rounds {
                Some(n) => format!("MTU {mtu}: {n} rounds"),
                None => format!("MTU {mtu}: not within {MAX_ROUNDS}"),
            })
            .collect();
        Chart {
            testid: "catch-up-chart".into(),
            title: format!("Backlog after a burst of writes ({})", self.order.name()),
            x_label: "round".into(),
            y_label: "writes not yet everywhere".into(),
            x_range: (0.0, (longest.saturating_sub(1)).max(1) as f64),
            y_range: (0.0, (top as f64 * 1.05).max(1.0)),
            series,
            rules: Vec::new(),
            marks: Vec::new(),
            caption: if rounds.is_empty() {
                "No runs yet".into()
            } else {
                format!("Converged after {}", rounds.join(" · "))
            },
        }
    }
}
