//! The state the HyperLogLog page steps through: the sketch, the exact set
//! of distinct items seen (the truth the estimate is judged against), and
//! what the last item did.

use crate::player::Replay;
use crate::viz::item_stream::StreamItem;
use dsviz_core::sketch::HyperLogLog;
use dsviz_core::sketch::hyperloglog::HllItemView;
use std::collections::BTreeSet;

/// What adding the last item did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastAdd {
    pub item: String,
    /// Its 64-bit hash, register index and rank.
    pub view: HllItemView,
    /// The register's value before and after.
    pub old: u8,
    pub new: u8,
    /// Whether the item had not been seen before.
    pub first_time: bool,
}

/// The sketch after some operations.
#[derive(Clone, Debug, PartialEq)]
pub struct HllState {
    pub sketch: HyperLogLog,
    pub distinct: BTreeSet<String>,
    pub last: Option<LastAdd>,
}

impl HllState {
    /// An empty sketch of `2^precision` registers; a precision outside the
    /// core's range falls back to its smallest.
    pub fn new(precision: u8, seed: u64) -> Self {
        let sketch = HyperLogLog::new(precision, seed)
            .or_else(|_| HyperLogLog::new(dsviz_core::sketch::hyperloglog::MIN_PRECISION, seed))
            .expect("the smallest precision is valid");
        Self {
            sketch,
            distinct: BTreeSet::new(),
            last: None,
        }
    }

    /// Adds one item and records what it did.
    pub fn add(&mut self, item: &str) {
        let view = self.sketch.inspect(item);
        let old = self.sketch.registers()[view.register];
        self.sketch.insert(item);
        let new = self.sketch.registers()[view.register];
        let first_time = self.distinct.insert(item.to_string());
        self.last = Some(LastAdd {
            item: item.to_string(),
            view,
            old,
            new,
            first_time,
        });
    }
}

impl Replay for HllState {
    type Op = StreamItem;

    fn apply(&mut self, op: &StreamItem) {
        self.add(&op.item);
    }
}
