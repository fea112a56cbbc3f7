//! The structure the page replays: a plain or counting Bloom filter, the
//! set of items truly inserted (so every answer can be judged), the outcome
//! of the last operation, and a running tally of the queries.

use crate::player::Replay;
use crate::viz::item_ops::ItemOp;
use dsviz_core::sketch::counting_bloom::COUNTER_MAX;
use dsviz_core::sketch::{BloomFilter, CountingBloomFilter, SketchError};
use std::collections::BTreeMap;

/// Which filter the page shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Variant {
    /// One bit per cell (Bloom 1970).
    #[default]
    Plain,
    /// A 4-bit counter per cell, so items can be removed (Fan et al. 2000).
    Counting,
}

impl Variant {
    /// The word used in URLs and test ids.
    pub fn key(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Counting => "counting",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "plain" => Some(Variant::Plain),
            "counting" => Some(Variant::Counting),
            _ => None,
        }
    }
}

/// What an operation found, judged against the truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The item's cells were set (incremented); `newly_set` went from 0.
    Inserted { newly_set: usize },
    /// A query found a zero cell and the item is indeed absent.
    DefinitelyNot,
    /// A query found a zero cell although the item was inserted: only
    /// possible after removing an item that was never inserted.
    FalseNegative,
    /// Every cell set, and the item was inserted.
    TruePositive,
    /// Every cell set, but the item was never inserted.
    FalsePositive,
    /// A counting filter removed an item that was inserted.
    Removed,
    /// A counting filter removed an item that was never inserted (it looked
    /// present): other items' counters went down.
    RemovedStranger,
    /// A counting filter refused: its counters prove the item absent.
    RemoveRefused,
    /// A plain filter cannot remove.
    RemoveUnsupported,
}

/// The last operation: the item's positions in hash order (they may repeat)
/// with each cell's value before and after, and the verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub op: ItemOp,
    pub positions: Vec<usize>,
    pub before: Vec<u8>,
    pub after: Vec<u8>,
    pub verdict: Verdict,
}

/// Queries so far, split by what the truth was.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub queries: u64,
    /// Queries of items not in the set at the time (each one could have
    /// been a false positive).
    pub negatives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Filter {
    Plain(BloomFilter),
    Counting(CountingBloomFilter),
}

/// A filter, the truth about it, and what happened last.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BloomState {
    filter: Filter,
    /// How many times each item was inserted and not removed.
    members: BTreeMap<String, u32>,
    last: Option<Outcome>,
    tally: Tally,
}

/// A measurement of the false-positive rate with fresh non-members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    pub probes: u64,
    pub hits: u64,
}

impl BloomState {
    /// An empty filter of `cells` cells and `hashes` hash functions.
    pub fn new(
        variant: Variant,
        cells: usize,
        hashes: u32,
        seed: u64,
    ) -> Result<Self, SketchError> {
        let filter = match variant {
            Variant::Plain => Filter::Plain(BloomFilter::new(cells, hashes, seed)?),
            Variant::Counting => Filter::Counting(CountingBloomFilter::new(cells, hashes, seed)?),
        };
        Ok(Self {
            filter,
            members: BTreeMap::new(),
            last: None,
            tally: Tally::default(),
        })
    }

    pub fn variant(&self) -> Variant {
        match self.filter {
            Filter::Plain(_) => Variant::Plain,
            Filter::Counting(_) => Variant::Counting,
        }
    }

    /// `m`, the number of cells.
    pub fn cell_count(&self) -> usize {
        match &self.filter {
            Filter::Plain(f) => f.bit_count(),
            Filter::Counting(f) => f.counter_count(),
        }
    }

    /// `k`, the number of hash functions.
    pub fn hash_count(&self) -> u32 {
        match &self.filter {
            Filter::Plain(f) => f.hash_count(),
            Filter::Counting(f) => f.hash_count(),
        }
    }

    /// Cell `index`: a bit (0 or 1) or a counter (0 to 15).
    pub fn cell(&self, index: usize) -> u8 {
        match &self.filter {
            Filter::Plain(f) => u8::from(f.bit(index)),
            Filter::Counting(f) => f.counter(index),
        }
    }

    /// Every cell, in index order.
    pub fn cells(&self) -> Vec<u8> {
        (0..self.cell_count()).map(|i| self.cell(i)).collect()
    }

    /// Whether cell `index` is a counter stuck at its maximum.
    pub fn is_saturated(&self, index: usize) -> bool {
        matches!(self.filter, Filter::Counting(_)) && self.cell(index) == COUNTER_MAX
    }

    /// How many cells are non-zero.
    pub fn ones(&self) -> usize {
        (0..self.cell_count()).filter(|&i| self.cell(i) > 0).count()
    }

    /// The item's `k` positions, in hash order (may repeat).
    pub fn positions(&self, item: &str) -> Vec<usize> {
        match &self.filter {
            Filter::Plain(f) => f.positions(item),
            Filter::Counting(f) => f.positions(item),
        }
    }

    /// Whether a query for `item` would answer "maybe".
    pub fn contains(&self, item: &str) -> bool {
        match &self.filter {
            Filter::Plain(f) => f.contains(item),
            Filter::Counting(f) => f.contains(item),
        }
    }

    /// Whether `item` is truly in the set.
    pub fn is_member(&self, item: &str) -> bool {
        self.members.contains_key(item)
    }

    /// `n`: how many distinct items are truly in the set.
    pub fn member_count(&self) -> usize {
        self.members.len()
    }

    pub fn last(&self) -> Option<&Outcome> {
        self.last.as_ref()
    }

    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// `(1 - e^{-kn/m})^k` for the `n` distinct items now in the set.
    pub fn formula_fpr(&self) -> f64 {
        BloomFilter::theoretical_fpr(
            self.cell_count(),
            self.hash_count(),
            self.member_count() as u64,
        )
    }

    /// `(ones / m)^k`: the chance that `k` independent uniform positions
    /// all land on non-zero cells of the array as it is now.
    pub fn fill_fpr(&self) -> f64 {
        let fill = self.ones() as f64 / self.cell_count().max(1) as f64;
        fill.powi(self.hash_count() as i32)
    }

    /// Asks `count` items never inserted and counts the "maybe" answers.
    /// Probe items are `#probe-0`, `#probe-1`, …, skipping any member.
    pub fn probe(&self, count: u64) -> Probe {
        let mut hits = 0;
        let mut probes = 0;
        for i in 0..count {
            let item = format!("#probe-{i}");
            if self.is_member(&item) {
                continue;
            }
            probes += 1;
            hits += u64::from(self.contains(&item));
        }
        Probe { probes, hits }
    }

    fn values_at(&self, positions: &[usize]) -> Vec<u8> {
        positions.iter().map(|&p| self.cell(p)).collect()
    }

    fn insert(&mut self, item: &str) {
        match &mut self.filter {
            Filter::Plain(f) => {
                f.insert(item);
            }
            Filter::Counting(f) => f.insert(item),
        }
        *self.members.entry(item.to_string()).or_default() += 1;
    }

    fn query(&mut self, item: &str) -> Verdict {
        let maybe = self.contains(item);
        let member = self.is_member(item);
        self.tally.queries += 1;
        if !member {
            self.tally.negatives += 1;
        }
        match (maybe, member) {
            (true, true) => Verdict::TruePositive,
            (true, false) => {
                self.tally.false_positives += 1;
                Verdict::FalsePositive
            }
            (false, true) => {
                self.tally.false_negatives += 1;
                Verdict::FalseNegative
            }
            (false, false) => Verdict::DefinitelyNot,
        }
    }

    fn remove(&mut self, item: &str) -> Verdict {
        let Filter::Counting(filter) = &mut self.filter else {
            return Verdict::RemoveUnsupported;
        };
        if filter.remove(item).is_err() {
            return Verdict::RemoveRefused;
        }
        match self.members.get_mut(item) {
            Some(count) if *count > 1 => {
                *count -= 1;
                Verdict::Removed
            }
            Some(_) => {
                self.members.remove(item);
                Verdict::Removed
            }
            None => Verdict::RemovedStranger,
        }
    }
}

impl Replay for BloomState {
    type Op = ItemOp;

    fn apply(&mut self, op: &ItemOp) {
        let item = op.item();
        let positions = self.positions(item);
        let before = self.values_at(&positions);
        let verdict = match op {
            ItemOp::Insert(_) => {
                self.insert(item);
                Verdict::Inserted { newly_set: 0 }
            }
            ItemOp::Query(_) => self.query(item),
            ItemOp::Remove(_) => self.remove(item),
        };
        let after = self.values_at(&positions);
        let verdict = match verdict {
            Verdict::Inserted { .. } => Verdict::Inserted {
                newly_set: newly_set(&positions, &before, &after),
            },
            other => other,
        };
        self.last = Some(Outcome {
            op: op.clone(),
            positions,
            before,
            after,
            verdict,
        });
    }
}

/// How many distinct positions went from zero to non-zero.
fn newly_set(positions: &[usize], before: &[u8], after: &[u8]) -> usize {
    let mut newly: Vec<usize> = positions
        .iter()
        .zip(before.iter().zip(after))
        .filter(|(_, (b, a))| **b == 0 && **a > 0)
        .map(|(p, _)| *p)
        .collect();
    newly.sort_unstable();
    newly.dedup();
    newly.len()
}
