//! Heavy hitters: the `k` items with the largest Count-Min estimates.
//!
//! # How it works
//!
//! A Count-Min sketch answers "how often was `x` seen?" but cannot list the
//! frequent items, because it does not store items. For the heavy-hitters
//! problem, Cormode and Muthukrishnan (2005) keep a small set of candidates
//! beside the sketch: after each update of `x`, look up its estimate; if `x`
//! is a candidate, refresh its estimate; otherwise, if the set has room or
//! `x`'s estimate beats the smallest candidate's, `x` replaces that one.
//!
//! ```text
//!   candidates (k = 3)       update "d" → estimate(d) = 9
//!   a: 14  b: 11  c: 6   →   a: 14  b: 11  d: 9     (c, the smallest, leaves)
//! ```
//!
//! The set is bounded by `k`, so memory stays `O(k)` besides the sketch. It
//! is a heuristic: a candidate's stored estimate is refreshed only when that
//! candidate is updated, so the set can lag behind the sketch; but estimates
//! never undercount, so an item that is truly frequent keeps re-entering it.
//! Ties are broken by the item's bytes so the result is deterministic.

use super::count_min::CountMinSketch;
use super::error::{SketchError, check_range};
use alloc::vec::Vec;

/// The most candidates accepted.
pub const MAX_TRACKED: usize = 1024;

/// One candidate and its latest estimate.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct HeavyHitter {
    pub item: Vec<u8>,
    pub estimate: u64,
}

/// A Count-Min sketch plus a bounded set of its top candidates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeavyHitters {
    sketch: CountMinSketch,
    tracked: usize,
    candidates: Vec<HeavyHitter>,
}

impl HeavyHitters {
    /// Tracks the top `tracked` items of `sketch`'s stream.
    pub fn new(sketch: CountMinSketch, tracked: usize) -> Result<Self, SketchError> {
        check_range("tracked", tracked, 1, MAX_TRACKED)?;
        Ok(Self {
            sketch,
            tracked,
            candidates: Vec::with_capacity(tracked),
        })
    }

    /// Counts `count` more of `item` and updates the candidate set.
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T, count: u64) {
        let item = item.as_ref();
        self.sketch.insert(item, count);
        let estimate = self.sketch.estimate(item);
        if let Some(known) = self.candidates.iter_mut().find(|c| c.item == item) {
            known.estimate = estimate;
            return;
        }
        if self.candidates.len() < self.tracked {
            self.candidates.push(HeavyHitter {
                item: item.to_vec(),
                estimate,
            });
            return;
        }
        let smallest = self
            .candidates
            .iter()
            .enumerate()
            .min_by(|(_, a), (_, b)| {
                a.estimate
                    .cmp(&b.estimate)
                    .then_with(|| b.item.cmp(&a.item))
            })
            .map(|(index, _)| index);
        if let Some(index) = smallest
            && estimate > self.candidates[index].estimate
        {
            self.candidates[index] = HeavyHitter {
                item: item.to_vec(),
                estimate,
            };
        }
    }

    /// The candidates, largest estimate first (ties by item bytes).
    pub fn top(&self) -> Vec<HeavyHitter> {
        let mut top = self.candidates.clone();
        top.sort_by(|a, b| {
            b.estimate
                .cmp(&a.estimate)
                .then_with(|| a.item.cmp(&b.item))
        });
        top
    }

    /// The underlying sketch.
    pub fn sketch(&self) -> &CountMinSketch {
        &self.sketch
    }

    /// `k`, the bound on the candidate set.
    pub fn tracked(&self) -> usize {
        self.tracked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sketch::UpdateRule;

    fn tracker(k: usize) -> HeavyHitters {
        HeavyHitters::new(
            CountMinSketch::new(256, 4, UpdateRule::Standard, 1).unwrap(),
            k,
        )
        .unwrap()
    }

    #[test]
    fn the_frequent_items_win_the_places() {
        let mut top = tracker(3);
        for round in 0..50u32 {
            top.insert("a", 5);
            top.insert("b", 3);
            top.insert("c", 2);
            top.insert(&round.to_le_bytes(), 1);
        }
        let names: Vec<Vec<u8>> = top.top().into_iter().map(|h| h.item).collect();
        assert_eq!(names, [b"a".to_vec(), b"b".to_vec(), b"c".to_vec()]);
        assert_eq!(top.top()[0].estimate, 250);
    }

    #[test]
    fn a_newcomer_replaces_the_smallest_only_when_larger() {
        let mut top = tracker(2);
        top.insert("a", 10);
        top.insert("b", 4);
        top.insert("c", 3);
        assert_eq!(
            top.top().iter().map(|h| h.estimate).collect::<Vec<_>>(),
            [10, 4]
        );
        top.insert("c", 3);
        let top = top.top();
        assert_eq!((top[1].item.as_slice(), top[1].estimate), (&b"c"[..], 6));
    }

    #[test]
    fn the_bound_is_validated() {
        let sketch = CountMinSketch::new(8, 1, UpdateRule::Standard, 0).unwrap();
        assert!(HeavyHitters::new(sketch.clone(), 0).is_err());
        assert!(HeavyHitters::new(sketch, MAX_TRACKED + 1).is_err());
    }
}
