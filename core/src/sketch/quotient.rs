//! Quotient filter: a compact hash table of fingerprints that supports
//! insert, delete, and merge, and keeps each item in (or near) one slot.
//!
//! # How it works
//!
//! (Bender, Farach-Colton, Johnson, Kraner, Kuszmaul, Medjedovic, Montes,
//! Shetty, Spillane, Zadok 2012, "Don't thrash: how to cache your hash on
//! flash", PVLDB 5(11).) An item's `p = q + r`-bit fingerprint is split
//! into a *quotient* (high `q` bits) and a *remainder* (low `r` bits). The
//! table has `2^q` slots, each holding one remainder and three bits:
//!
//! - `is_occupied`: some stored fingerprint has this slot's index as its
//!   quotient (a property of the slot, not of the remainder in it);
//! - `is_continuation`: the remainder in this slot belongs to the same run
//!   as the one in the slot before;
//! - `is_shifted`: the remainder in this slot is not in its canonical slot
//!   (the slot whose index is its quotient).
//!
//! Remainders with the same quotient are kept together, sorted, as a *run*;
//! the run of quotient `fq` starts at slot `fq` if possible, otherwise right
//! after the previous run. A *cluster* is a maximal sequence of non-empty
//! slots that starts with a remainder in its canonical slot. Insertion shifts
//! later remainders of the cluster one slot to the right; the table wraps
//! around at the end.
//!
//! ```text
//!   fingerprints (quotient, remainder): (1,a) (1,b) (2,c) (4,d) (4,e) (4,f) (6,g)
//!
//!   slot            0   1   2   3   4   5   6   7
//!   remainder       .   a   b   c   d   e   f   g
//!   is_occupied     0   1   1   0   1   0   1   0
//!   is_continuation 0   0   1   0   0   1   1   0
//!   is_shifted      0   0   1   1   0   1   1   1
//!   clusters            └───────┘   └───────────┘
//!   runs of             └─1─┘   2   └───4───┘   6
//! ```
//!
//! To find the run of `fq`: walk left from slot `fq` to the start of its
//! cluster (the first slot with `is_shifted` clear), then walk right counting
//! runs (a run starts at each slot with `is_continuation` clear) and
//! occupied quotients (slots with `is_occupied` set) in step, until the
//! quotient count reaches `fq`.
//!
//! # Choices made here
//!
//! - The filter is a *multiset* of fingerprints: inserting the same
//!   fingerprint twice stores it twice, and a delete removes one copy. So two
//!   items that share a fingerprint can both be deleted without the second
//!   becoming a false negative.
//! - Delete decodes the affected cluster into `(quotient, remainder)` pairs,
//!   removes one, and lays the cluster out again from its start. That is the
//!   same work as shifting the tail of the cluster left, and is correct by
//!   construction because a quotient filter's layout is a function of its
//!   contents.
//! - Slots are kept unpacked (`u32` remainder plus three `bool`s) for
//!   clarity; a packed table uses `r + 3` bits per slot, which is what
//!   [`QuotientFilter::bits_per_slot`] reports.
//! - Merge walks both filters' fingerprints in sorted order and inserts them
//!   into a fresh table — the paper's merge of two sorted streams.
//!
//! # Example
//!
//! ```
//! use dsviz_core::sketch::QuotientFilter;
//! let mut filter = QuotientFilter::new(8, 10, 7).unwrap(); // 256 slots, 10-bit remainders
//! filter.insert("cat").unwrap();
//! assert!(filter.contains("cat"));
//! let (quotient, _) = filter.split(filter.fingerprint("cat"));
//! assert!(filter.slots()[quotient].is_occupied);
//! filter.remove("cat").unwrap();
//! assert!(filter.is_empty());
//! ```

use super::error::{SketchError, check_range};
use super::hashing::hash64;
use alloc::vec;
use alloc::vec::Vec;

/// The largest quotient accepted (2²² slots).
pub const MAX_QUOTIENT_BITS: u32 = 22;
/// The largest remainder accepted.
pub const MAX_REMAINDER_BITS: u32 = 32;

/// One slot: a remainder and the three metadata bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QuotientSlot {
    /// Meaningful only when the slot is not empty.
    pub remainder: u32,
    pub is_occupied: bool,
    pub is_continuation: bool,
    pub is_shifted: bool,
}

impl QuotientSlot {
    /// No remainder lives here (all three bits clear).
    pub fn is_empty(&self) -> bool {
        !self.is_occupied && !self.is_continuation && !self.is_shifted
    }

    /// The remainder here is in its canonical slot and starts its cluster.
    pub fn is_cluster_start(&self) -> bool {
        self.is_occupied && !self.is_continuation && !self.is_shifted
    }

    fn holds_remainder(&self) -> bool {
        self.is_continuation || self.is_shifted || self.is_occupied
    }
}

/// What an insert did, for step-by-step display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct QuotientInsert {
    /// The item's quotient: its canonical slot.
    pub quotient: usize,
    pub remainder: u32,
    /// The slot the new remainder landed in.
    pub slot: usize,
    /// How many remainders moved one slot to the right to make room: they
    /// now sit in the `shifted` slots after `slot` (wrapping at the end).
    pub shifted: usize,
}

/// A quotient filter over byte-string items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotientFilter {
    slots: Vec<QuotientSlot>,
    quotient_bits: u32,
    remainder_bits: u32,
    seed: u64,
    len: usize,
}

impl QuotientFilter {
    /// A filter with `2^quotient_bits` slots and `remainder_bits`-bit remainders.
    pub fn new(quotient_bits: u32, remainder_bits: u32, seed: u64) -> Result<Self, SketchError> {
        check_range("quotient_bits", quotient_bits, 1, MAX_QUOTIENT_BITS)?;
        check_range("remainder_bits", remainder_bits, 1, MAX_REMAINDER_BITS)?;
        Ok(Self {
            slots: vec![QuotientSlot::default(); 1 << quotient_bits],
            quotient_bits,
            remainder_bits,
            seed,
            len: 0,
        })
    }

    /// A filter for `capacity` items at false-positive rate `fpr`: the
    /// smallest table with load at most 75 %, and `r = ⌈log2(1/fpr)⌉`
    /// (the false-positive rate is about `load · 2^-r`).
    pub fn with_target(capacity: u64, fpr: f64, seed: u64) -> Result<Self, SketchError> {
        let max_capacity = (1u64 << MAX_QUOTIENT_BITS) * 3 / 4;
        check_range("capacity", capacity, 1, max_capacity)?;
        super::error::check_open_probability("fpr", fpr)?;
        let slots_needed = libm::ceil(capacity as f64 / 0.75) as u64;
        let quotient_bits = slots_needed.max(2).next_power_of_two().trailing_zeros();
        let remainder_bits = libm::ceil(-libm::log2(fpr)).max(1.0);
        if remainder_bits > f64::from(MAX_REMAINDER_BITS) {
            return Err(SketchError::invalid(
                "fpr",
                alloc::format!(
                    "{fpr} needs {remainder_bits}-bit remainders, more than {MAX_REMAINDER_BITS}"
                ),
            ));
        }
        Self::new(quotient_bits, remainder_bits as u32, seed)
    }

    /// The item's `q + r`-bit fingerprint: the top bits of its XXH3-64 hash.
    pub fn fingerprint<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> u64 {
        hash64(item.as_ref(), self.seed) >> (64 - self.quotient_bits - self.remainder_bits)
    }

    /// Splits a fingerprint into (quotient, remainder).
    pub fn split(&self, fingerprint: u64) -> (usize, u32) {
        let quotient = (fingerprint >> self.remainder_bits) as usize & (self.slots.len() - 1);
        let remainder = (fingerprint & ((1u64 << self.remainder_bits) - 1)) as u32;
        (quotient, remainder)
    }

    fn join(&self, quotient: usize, remainder: u32) -> u64 {
        ((quotient as u64) << self.remainder_bits) | u64::from(remainder)
    }

    /// Stores the item's fingerprint.
    pub fn insert<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> Result<(), SketchError> {
        self.insert_fingerprint(self.fingerprint(item))
    }

    /// `true` when the item's fingerprint is stored.
    pub fn contains<T: AsRef<[u8]> + ?Sized>(&self, item: &T) -> bool {
        self.contains_fingerprint(self.fingerprint(item))
    }

    /// Removes one copy of the item's fingerprint.
    pub fn remove<T: AsRef<[u8]> + ?Sized>(&mut self, item: &T) -> Result<(), SketchError> {
        self.remove_fingerprint(self.fingerprint(item))
    }

    /// Stores the item's fingerprint and reports where it went and what moved.
    pub fn insert_traced<T: AsRef<[u8]> + ?Sized>(
        &mut self,
        item: &T,
    ) -> Result<QuotientInsert, SketchError> {
        self.insert_fingerprint_traced(self.fingerprint(item))
    }

    /// Stores a fingerprint (bits above `q + r` are ignored).
    pub fn insert_fingerprint(&mut self, fingerprint: u64) -> Result<(), SketchError> {
        self.insert_fingerprint_traced(fingerprint).map(|_| ())
    }

    /// Stores a fingerprint and reports where its remainder landed and how
    /// many remainders shifted right. On [`SketchError::Full`] nothing changes.
    pub fn insert_fingerprint_traced(
        &mut self,
        fingerprint: u64,
    ) -> Result<QuotientInsert, SketchError> {
        if self.len == self.slots.len() {
            return Err(SketchError::Full);
        }
        let (quotient, remainder) = self.split(fingerprint);
        if self.slots[quotient].is_empty() {
            self.slots[quotient] = QuotientSlot {
                remainder,
                is_occupied: true,
                ..QuotientSlot::default()
            };
            self.len += 1;
            return Ok(QuotientInsert {
                quotient,
                remainder,
                slot: quotient,
                shifted: 0,
            });
        }
        let had_run = self.slots[quotient].is_occupied;
        self.slots[quotient].is_occupied = true;
        let run_start = self.run_start(quotient);
        let mut at = run_start;
        if had_run {
            // Stop before the first larger remainder, or just past the run.
            loop {
                if self.slots[at].remainder > remainder {
                    break;
                }
                at = self.next(at);
                if !self.slots[at].is_continuation {
                    break;
                }
            }
            if at == run_start {
                // The old head moves right and becomes a continuation.
                self.slots[run_start].is_continuation = true;
            }
        }
        let entry = QuotientSlot {
            remainder,
            is_occupied: false,
            is_continuation: had_run && at != run_start,
            is_shifted: at != quotient,
        };
        let shifted = self.shift_in(at, entry);
        self.len += 1;
        Ok(QuotientInsert {
            quotient,
            remainder,
            slot: at,
            shifted,
        })
    }

    /// `true` when the fingerprint is stored.
    pub fn contains_fingerprint(&self, fingerprint: u64) -> bool {
        let (quotient, remainder) = self.split(fingerprint);
        if !self.slots[quotient].is_occupied {
            return false;
        }
        let mut at = self.run_start(quotient);
        loop {
            let here = self.slots[at].remainder;
            if here == remainder {
                return true;
            }
            if here > remainder {
                return false;
            }
            at = self.next(at);
            if !self.slots[at].is_continuation {
                return false;
            }
        }
    }

    /// Removes one copy of a fingerprint.
    pub fn remove_fingerprint(&mut self, fingerprint: u64) -> Result<(), SketchError> {
        if !self.contains_fingerprint(fingerprint) {
            return Err(SketchError::NotPresent);
        }
        let (quotient, remainder) = self.split(fingerprint);
        let start = self.cluster_start(quotient);
        let mut entries = self.decode_cluster(start);
        let index = entries
            .iter()
            .position(|&e| e == (quotient, remainder))
            .ok_or(SketchError::NotPresent)?;
        entries.remove(index);
        let span = entries.len() + 1;
        let mask = self.mask();
        for offset in 0..span {
            let slot = &mut self.slots[(start + offset) & mask];
            *slot = QuotientSlot {
                is_occupied: slot.is_occupied,
                ..QuotientSlot::default()
            };
        }
        if !entries.iter().any(|&(q, _)| q == quotient) {
            self.slots[quotient].is_occupied = false;
        }
        self.lay_out(start, &entries);
        self.len -= 1;
        Ok(())
    }

    /// A new filter holding the fingerprints of both (a multiset sum).
    /// Both must have the same `q`, `r`, and seed.
    pub fn merge(&self, other: &Self) -> Result<Self, SketchError> {
        if (self.quotient_bits, self.remainder_bits, self.seed)
            != (other.quotient_bits, other.remainder_bits, other.seed)
        {
            return Err(SketchError::incompatible(alloc::format!(
                "geometry (q={}, r={}, seed={}) differs from (q={}, r={}, seed={})",
                self.quotient_bits,
                self.remainder_bits,
                self.seed,
                other.quotient_bits,
                other.remainder_bits,
                other.seed
            )));
        }
        if self.len + other.len > self.slots.len() {
            return Err(SketchError::Full);
        }
        let mut left = self.fingerprints().into_iter().peekable();
        let mut right = other.fingerprints().into_iter().peekable();
        let mut merged = Self::new(self.quotient_bits, self.remainder_bits, self.seed)?;
        loop {
            let next = match (left.peek().copied(), right.peek().copied()) {
                (Some(a), Some(b)) if a <= b => left.next(),
                (Some(_), Some(_)) => right.next(),
                (Some(_), None) => left.next(),
                (None, _) => right.next(),
            };
            let Some(fingerprint) = next else { break };
            merged.insert_fingerprint(fingerprint)?;
        }
        Ok(merged)
    }

    /// Every stored fingerprint (with repeats), in increasing order.
    pub fn fingerprints(&self) -> Vec<u64> {
        let mut all = Vec::with_capacity(self.len);
        let Some(first) = (0..self.slots.len()).find(|&i| self.slots[i].is_cluster_start()) else {
            return all;
        };
        let mut start = first;
        loop {
            let entries = self.decode_cluster(start);
            let span = entries.len();
            all.extend(entries.into_iter().map(|(q, r)| self.join(q, r)));
            start = (start + span) & self.mask();
            while !self.slots[start].is_cluster_start() {
                start = self.next(start);
            }
            if start == first {
                break;
            }
        }
        all.sort_unstable();
        all
    }

    /// Checks every structural invariant against a layout rebuilt from the
    /// decoded contents; returns a description of the first violation.
    pub fn check_layout(&self) -> Result<(), alloc::string::String> {
        let fingerprints = self.fingerprints();
        if fingerprints.len() != self.len {
            return Err(alloc::format!(
                "decoded {} fingerprints, expected {}",
                fingerprints.len(),
                self.len
            ));
        }
        let mut rebuilt = Self::new(self.quotient_bits, self.remainder_bits, self.seed)
            .map_err(|e| alloc::format!("{e}"))?;
        for &fingerprint in &fingerprints {
            rebuilt
                .insert_fingerprint(fingerprint)
                .map_err(|e| alloc::format!("{e}"))?;
        }
        for (index, (have, want)) in self.slots.iter().zip(&rebuilt.slots).enumerate() {
            let same = have.is_occupied == want.is_occupied
                && have.is_continuation == want.is_continuation
                && have.is_shifted == want.is_shifted
                && (want.is_empty() || have.remainder == want.remainder);
            if !same {
                return Err(alloc::format!(
                    "slot {index}: {have:?}, canonical layout has {want:?}"
                ));
            }
        }
        Ok(())
    }

    /// The run of `quotient` as (first slot, length), or `None` when no
    /// stored fingerprint has that quotient. The run may wrap past the end.
    pub fn run_of(&self, quotient: usize) -> Option<(usize, usize)> {
        if !self.slots.get(quotient)?.is_occupied {
            return None;
        }
        let start = self.run_start(quotient);
        let mut len = 1;
        while len < self.slots.len() && self.slots[(start + len) & self.mask()].is_continuation {
            len += 1;
        }
        Some((start, len))
    }

    /// For each slot, the quotient of the remainder stored there (`None`
    /// for an empty slot): consecutive equal quotients form a run, and the
    /// stretches between empty slots are the clusters.
    pub fn slot_quotients(&self) -> Vec<Option<usize>> {
        let mut owners = vec![None; self.slots.len()];
        for start in (0..self.slots.len()).filter(|&i| self.slots[i].is_cluster_start()) {
            for (offset, (quotient, _)) in self.decode_cluster(start).into_iter().enumerate() {
                owners[(start + offset) & self.mask()] = Some(quotient);
            }
        }
        owners
    }

    /// The slots, with their metadata bits, for display.
    pub fn slots(&self) -> &[QuotientSlot] {
        &self.slots
    }

    /// Number of stored fingerprints.
    pub fn len(&self) -> usize {
        self.len
    }

    /// `true` when nothing is stored.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Stored fingerprints over slots.
    pub fn load_factor(&self) -> f64 {
        self.len as f64 / self.slots.len() as f64
    }

    /// `r + 3`: the bits per slot of a packed table.
    pub fn bits_per_slot(&self) -> u32 {
        self.remainder_bits + 3
    }

    pub fn quotient_bits(&self) -> u32 {
        self.quotient_bits
    }

    pub fn remainder_bits(&self) -> u32 {
        self.remainder_bits
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// The first slot of the run of `quotient`, or where that run would go.
    /// Requires `is_occupied` set at `quotient` (slot `quotient` is then
    /// never empty).
    fn run_start(&self, quotient: usize) -> usize {
        let mut canonical = self.cluster_start(quotient);
        let mut run = canonical;
        while canonical != quotient {
            loop {
                run = self.next(run);
                if !self.slots[run].is_continuation {
                    break;
                }
            }
            loop {
                canonical = self.next(canonical);
                if self.slots[canonical].is_occupied {
                    break;
                }
            }
        }
        run
    }

    /// Walks left from a non-empty slot to the start of its cluster.
    fn cluster_start(&self, from: usize) -> usize {
        let mut at = from;
        while self.slots[at].is_shifted {
            at = self.prev(at);
        }
        at
    }

    /// The cluster starting at `start` as (quotient, remainder) pairs in slot order.
    fn decode_cluster(&self, start: usize) -> Vec<(usize, u32)> {
        let mut entries = Vec::new();
        let mut quotient = start;
        let mut at = start;
        loop {
            entries.push((quotient, self.slots[at].remainder));
            at = self.next(at);
            let slot = self.slots[at];
            if at == start || !slot.holds_remainder() || !slot.is_shifted {
                return entries;
            }
            if !slot.is_continuation {
                loop {
                    quotient = self.next(quotient);
                    if self.slots[quotient].is_occupied {
                        break;
                    }
                }
            }
        }
    }

    /// Writes sorted (quotient, remainder) pairs as runs from `start`, each run
    /// at its canonical slot or right after the previous run. The slots must
    /// be free of remainders and the `is_occupied` bits already right.
    fn lay_out(&mut self, start: usize, entries: &[(usize, u32)]) {
        let mut next_free = 0;
        for (index, &(quotient, remainder)) in entries.iter().enumerate() {
            let canonical = (quotient.wrapping_sub(start)) & self.mask();
            let new_run = index == 0 || entries[index - 1].0 != quotient;
            let offset = if new_run {
                next_free.max(canonical)
            } else {
                next_free
            };
            let index = (start + offset) & self.mask();
            let slot = &mut self.slots[index];
            slot.remainder = remainder;
            slot.is_continuation = !new_run;
            slot.is_shifted = offset != canonical;
            next_free = offset + 1;
        }
    }

    /// Puts `entry` at `at`, pushing the rest of the cluster one slot right;
    /// returns how many remainders moved.
    fn shift_in(&mut self, mut at: usize, mut entry: QuotientSlot) -> usize {
        let mut moved = 0;
        loop {
            let slot = &mut self.slots[at];
            let was_empty = slot.is_empty();
            let displaced = *slot;
            slot.remainder = entry.remainder;
            slot.is_continuation = entry.is_continuation;
            slot.is_shifted = entry.is_shifted;
            if was_empty {
                return moved;
            }
            entry = QuotientSlot {
                is_shifted: true,
                ..displaced
            };
            moved += 1;
            at = self.next(at);
        }
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn next(&self, index: usize) -> usize {
        (index + 1) & self.mask()
    }

    fn prev(&self, index: usize) -> usize {
        index.wrapping_sub(1) & self.mask()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter_with(fingerprints: &[(usize, u32)]) -> QuotientFilter {
        let mut filter = QuotientFilter::new(3, 4, 0).unwrap();
        for &(q, r) in fingerprints {
            filter.insert_fingerprint(filter.join(q, r)).unwrap();
        }
        filter
    }

    fn bits(filter: &QuotientFilter) -> [[u8; 8]; 3] {
        let mut out = [[0; 8]; 3];
        for (i, s) in filter.slots().iter().enumerate() {
            out[0][i] = u8::from(s.is_occupied);
            out[1][i] = u8::from(s.is_continuation);
            out[2][i] = u8::from(s.is_shifted);
        }
        out
    }

    #[test]
    fn the_module_docs_picture_is_what_the_filter_builds() {
        // Inserted out of order on purpose; a..g are remainders 1..7.
        let filter = filter_with(&[(4, 6), (1, 2), (6, 7), (4, 4), (2, 3), (1, 1), (4, 5)]);
        assert_eq!(
            bits(&filter),
            [
                [0, 1, 1, 0, 1, 0, 1, 0],
                [0, 0, 1, 0, 0, 1, 1, 0],
                [0, 0, 1, 1, 0, 1, 1, 1]
            ]
        );
        let remainders: Vec<u32> = filter.slots()[1..].iter().map(|s| s.remainder).collect();
        assert_eq!(remainders, [1, 2, 3, 4, 5, 6, 7]);
        filter.check_layout().unwrap();
    }

    #[test]
    fn runs_wrap_around_the_end_of_the_table() {
        let mut filter = filter_with(&[(7, 1), (7, 2), (7, 3), (0, 9)]);
        let slots = filter.slots();
        assert_eq!(
            (
                slots[7].remainder,
                slots[0].remainder,
                slots[1].remainder,
                slots[2].remainder
            ),
            (1, 2, 3, 9)
        );
        assert!(slots[0].is_continuation && slots[0].is_shifted && slots[0].is_occupied);
        assert!(slots[2].is_shifted && !slots[2].is_continuation);
        filter.check_layout().unwrap();
        filter.remove_fingerprint(filter.join(7, 1)).unwrap();
        assert_eq!(filter.slots()[1].remainder, 9);
        assert!(
            filter.slots()[1].is_shifted,
            "(0, 9) still sits behind the run of 7"
        );
        filter.check_layout().unwrap();
        assert_eq!(
            filter.fingerprints(),
            [filter.join(0, 9), filter.join(7, 2), filter.join(7, 3)]
        );
    }

    #[test]
    fn deleting_a_run_head_slides_the_cluster_back() {
        let mut filter = filter_with(&[(1, 1), (1, 2), (2, 3), (3, 4)]);
        filter.remove_fingerprint(filter.join(1, 1)).unwrap();
        filter.check_layout().unwrap();
        filter.remove_fingerprint(filter.join(1, 2)).unwrap();
        filter.check_layout().unwrap();
        let slots = filter.slots();
        assert!(!slots[1].is_occupied && slots[1].is_empty());
        assert!(slots[2].is_cluster_start() && slots[3].is_cluster_start());
        assert_eq!(
            filter.remove_fingerprint(filter.join(1, 2)),
            Err(SketchError::NotPresent)
        );
    }

    #[test]
    fn a_full_table_refuses_and_still_answers() {
        let mut filter = QuotientFilter::new(2, 3, 0).unwrap();
        for r in 0..4 {
            filter.insert_fingerprint(filter.join(2, r)).unwrap();
        }
        assert_eq!(filter.insert_fingerprint(0), Err(SketchError::Full));
        assert!((0..4).all(|r| filter.contains_fingerprint(filter.join(2, r))));
        assert!(!filter.contains_fingerprint(filter.join(1, 0)));
        filter.check_layout().unwrap();
        filter.remove_fingerprint(filter.join(2, 0)).unwrap();
        filter.check_layout().unwrap();
    }

    #[test]
    fn duplicates_are_counted() {
        let mut filter = filter_with(&[(5, 5), (5, 5)]);
        filter.remove_fingerprint(filter.join(5, 5)).unwrap();
        assert!(filter.contains_fingerprint(filter.join(5, 5)));
        filter.remove_fingerprint(filter.join(5, 5)).unwrap();
        assert!(filter.is_empty() && filter.slots().iter().all(QuotientSlot::is_empty));
    }

    #[test]
    fn merge_needs_the_same_geometry_and_room() {
        let a = filter_with(&[(1, 1), (2, 2), (3, 3), (4, 4)]);
        let b = filter_with(&[(1, 1), (6, 6), (6, 7), (0, 0)]);
        let merged = a.merge(&b).unwrap();
        assert_eq!(merged.len(), 8);
        merged.check_layout().unwrap();
        assert!(a.merge(&merged).is_err());
        let other = QuotientFilter::new(3, 5, 0).unwrap();
        assert!(matches!(
            a.merge(&other),
            Err(SketchError::Incompatible { .. })
        ));
    }

    #[test]
    fn traced_inserts_say_where_the_remainder_went_and_what_moved() {
        let mut filter = QuotientFilter::new(3, 4, 0).unwrap();
        let fingerprints = [
            (4, 6),
            (1, 2),
            (6, 7),
            (4, 4),
            (2, 3),
            (1, 1),
            (4, 5),
            (7, 9),
        ];
        for (q, r) in fingerprints {
            let before: Vec<u32> = filter.slots().iter().map(|s| s.remainder).collect();
            let trace = filter.insert_fingerprint_traced(filter.join(q, r)).unwrap();
            assert_eq!((trace.quotient, trace.remainder), (q, r));
            let after = filter.slots();
            assert_eq!(after[trace.slot].remainder, r, "landed where it says");
            for k in 1..=trace.shifted {
                let to = (trace.slot + k) % 8;
                let from = (trace.slot + k - 1) % 8;
                assert_eq!(after[to].remainder, before[from], "slot {to} moved right");
            }
            let touched = |i: usize| (i + 8 - trace.slot) % 8 <= trace.shifted;
            for i in (0..8).filter(|&i| !touched(i)) {
                assert_eq!(after[i].remainder, before[i], "slot {i} untouched");
            }
        }
        // (1,1) goes in front of (1,2) at slot 1 and pushes (1,2) and (2,3)
        // one slot on, into the empty slot 3; the run of 4 stays put.
        let mut again = filter_with(&[(4, 6), (1, 2), (6, 7), (4, 4), (2, 3)]);
        let trace = again.insert_fingerprint_traced(again.join(1, 1)).unwrap();
        assert_eq!((trace.slot, trace.shifted), (1, 2));
        let mut full = filter_with(&[(0, 0); 8]);
        assert_eq!(full.insert_fingerprint_traced(0), Err(SketchError::Full));
    }

    #[test]
    fn runs_and_owners_match_the_module_docs_picture() {
        let filter = filter_with(&[(4, 6), (1, 2), (6, 7), (4, 4), (2, 3), (1, 1), (4, 5)]);
        assert_eq!(
            filter.slot_quotients(),
            [
                None,
                Some(1),
                Some(1),
                Some(2),
                Some(4),
                Some(4),
                Some(4),
                Some(6)
            ]
        );
        assert_eq!(filter.run_of(1), Some((1, 2)));
        assert_eq!(filter.run_of(2), Some((3, 1)));
        assert_eq!(filter.run_of(4), Some((4, 3)));
        assert_eq!(filter.run_of(6), Some((7, 1)));
        assert_eq!(filter.run_of(0), None);
        assert_eq!(filter.run_of(99), None);
        let wrapped = filter_with(&[(7, 1), (7, 2), (7, 3), (0, 9)]);
        assert_eq!(wrapped.run_of(7), Some((7, 3)));
        assert_eq!(wrapped.run_of(0), Some((2, 1)));
        assert_eq!(wrapped.slot_quotients()[..3], [Some(7), Some(7), Some(0)]);
    }

    #[test]
    fn sizing_and_validation() {
        let filter = QuotientFilter::with_target(1000, 0.01, 0).unwrap();
        assert_eq!((filter.quotient_bits(), filter.remainder_bits()), (11, 7));
        assert!(QuotientFilter::new(0, 4, 0).is_err());
        assert!(QuotientFilter::new(23, 4, 0).is_err());
        assert!(QuotientFilter::new(8, 0, 0).is_err());
        assert!(QuotientFilter::new(8, 33, 0).is_err());
        assert!(QuotientFilter::with_target(0, 0.1, 0).is_err());
        assert!(QuotientFilter::with_target(100, 1e-12, 0).is_err());
    }
}
