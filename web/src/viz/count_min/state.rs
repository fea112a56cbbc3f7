//! The state the Count-Min page steps through: the sketch with its
//! heavy-hitter candidates, every item's true count (the truth the
//! estimates are judged against), and what the last item did.

use super::params::CmParams;
use crate::player::Replay;
use crate::viz::item_stream::StreamItem;
use dsviz_core::sketch::{CountMinSketch, HeavyHitters, UpdateRule};
use std::collections::BTreeMap;

/// What adding the last item did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastAdd {
    pub item: String,
    /// The item's column in each row.
    pub columns: Vec<usize>,
    /// Its counters before and after, row by row.
    pub before: Vec<u64>,
    pub after: Vec<u64>,
}

/// The sketch after some operations.
#[derive(Clone, Debug, PartialEq)]
pub struct CmState {
    pub hitters: HeavyHitters,
    pub truth: BTreeMap<String, u64>,
    pub last: Option<LastAdd>,
}

impl CmState {
    /// An empty sketch sized by the parameters' ε and δ. Parameters the core
    /// refuses (the page validates them first) fall back to a 1 × 1 sketch.
    pub fn new(params: &CmParams) -> Self {
        let sketch =
            CountMinSketch::with_error(params.epsilon, params.delta, params.rule(), params.seed)
                .or_else(|_| CountMinSketch::new(1, 1, UpdateRule::Standard, params.seed))
                .expect("a 1 × 1 sketch is valid");
        let hitters = HeavyHitters::new(sketch.clone(), params.tracked)
            .or_else(|_| HeavyHitters::new(sketch, 1))
            .expect("tracking one item is valid");
        Self {
            hitters,
            truth: BTreeMap::new(),
            last: None,
        }
    }

    pub fn sketch(&self) -> &CountMinSketch {
        self.hitters.sketch()
    }

    fn cells(&self, columns: &[usize]) -> Vec<u64> {
        columns
            .iter()
            .enumerate()
            .map(|(row, &column)| self.sketch().row(row).get(column).copied().unwrap_or(0))
            .collect()
    }

    /// Counts one more of `item` and records what it did.
    pub fn add(&mut self, item: &str) {
        let columns = self.sketch().columns(item);
        let before = self.cells(&columns);
        self.hitters.insert(item, 1);
        *self.truth.entry(item.to_string()).or_insert(0) += 1;
        let after = self.cells(&columns);
        self.last = Some(LastAdd {
            item: item.to_string(),
            columns,
            before,
            after,
        });
    }

    /// The true count of `item`.
    pub fn true_count(&self, item: &str) -> u64 {
        self.truth.get(item).copied().unwrap_or(0)
    }
}

impl Replay for CmState {
    type Op = StreamItem;

    fn apply(&mut self, op: &StreamItem) {
        self.add(&op.item);
    }
}
