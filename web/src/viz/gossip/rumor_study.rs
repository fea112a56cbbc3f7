//! The rumor page's study: for k = 1 … 5, many runs of the page's variant
//! and node count (no loss, no backup: the setting of the paper's
//! equation), a few runs per slice; the mean residue per k plotted against
//! the residue the equation gives, with the traffic of both in the caption.

use super::rumor::rumor_config;
use crate::viz::sim_page::{ParamValues, Study, StudySpec};
use crate::widgets::view::{Chart, ChartSeries};
use dsviz_core::gossip::RumorConfig;
use dsviz_core::gossip::experiments::{RumorTally, residue_for, rumor_trial, traffic_for};

/// The k values tried.
pub const KS: [u32; 5] = [1, 2, 3, 4, 5];
/// Runs per k.
pub const TRIALS: usize = 40;
/// Runs per slice.
const PER_SLICE: usize = 4;

pub static RESIDUE_STUDY: StudySpec = StudySpec {
    title: "Residue over many runs against the equation",
    explain: "Runs this variant on this many nodes 40 times for each k from 1 to 5 (no loss, no backup) and plots the mean fraction of nodes that never heard the rumor next to the residue s that solves s = exp(−m(1−s)), m = k + 1 with feedback and m = k blind.",
    button: "Run 200 rumors",
    start: |values| Box::new(ResidueStudy::new(values)),
};

/// The study's state: one tally per k, filled in order.
pub struct ResidueStudy {
    config: RumorConfig,
    nodes: usize,
    seed: u64,
    tallies: Vec<RumorTally>,
    done: usize,
}

impl ResidueStudy {
    pub fn new(values: &ParamValues) -> Self {
        Self {
            config: rumor_config(values),
            nodes: values.count("nodes", 128).max(2),
            seed: values.seed,
            tallies: vec![RumorTally::default(); KS.len()],
            done: 0,
        }
    }

    fn started_ks(&self) -> impl Iterator<Item = (u32, &RumorTally)> {
        KS.iter()
            .zip(&self.tallies)
            .take(self.done.div_ceil(TRIALS))
            .map(|(&k, t)| (k, t))
    }
}

impl Study for ResidueStudy {
    fn run_slice(&mut self) {
        for _ in 0..PER_SLICE {
            let slot = self.done / TRIALS;
            let Some(&k) = KS.get(slot) else { return };
            let trial = (self.done % TRIALS) as u64;
            let config = RumorConfig { k, ..self.config };
            let seed = self.seed.wrapping_add(u64::from(k) * 10_000 + trial);
            self.tallies[slot].add(&rumor_trial(config, self.nodes, seed));
            self.done += 1;
        }
    }

    fn progress(&self) -> (usize, usize) {
        (self.done, KS.len() * TRIALS)
    }

    fn chart(&self) -> Chart {
        let variant = self.config.variant;
        let measured: Vec<(f64, f64)> = self
            .started_ks()
            .map(|(k, t)| (f64::from(k), t.stats().residue))
            .collect();
        let equation: Vec<(f64, f64)> = KS
            .iter()
            .map(|&k| (f64::from(k), residue_for(variant, k)))
            .collect();
        let traffic: Vec<String> = self
            .started_ks()
            .map(|(k, t)| {
                format!(
                    "k={k}: {:.2} (ln 1/s {:.2})",
                    t.stats().traffic,
                    traffic_for(residue_for(variant, k))
                )
            })
            .collect();
        let top = equation
            .iter()
            .chain(&measured)
            .map(|p| p.1)
            .fold(0.0, f64::max);
        Chart {
            testid: "residue-chart".into(),
            title: format!("Residue of {} against k", variant.name()),
            x_label: "k".into(),
            y_label: "fraction never informed".into(),
            x_range: (1.0, 5.0),
            y_range: (0.0, (top * 1.1).max(0.05)),
            series: vec![
                ChartSeries {
                    label: format!("mean of {TRIALS} runs on {} nodes", self.nodes),
                    tone: "measured".into(),
                    points: measured,
                },
                ChartSeries {
                    label: "equation".into(),
                    tone: "theory".into(),
                    points: equation,
                },
            ],
            rules: Vec::new(),
            marks: Vec::new(),
            caption: if traffic.is_empty() {
                "No runs yet".into()
            } else {
                format!("Rumors per node: {}", traffic.join(" · "))
            },
        }
    }
}
