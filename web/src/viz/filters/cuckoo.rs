//! The cuckoo filter page's model: parameters, the script, and the plain
//! view data the picture draws (buckets of fingerprints, the two candidate
//! buckets, the chain of kicks).
//!
//! Fan, Andersen, Kaminsky, Mitzenmacher (2014), "Cuckoo filter: practically
//! better than Bloom": an item is an `f`-bit fingerprint stored in bucket
//! `i1 = hash(x)` or `i2 = i1 XOR hash(fp)`; when both are full a resident
//! is kicked to *its* other bucket, and so on, up to a bound.

use super::run::{FilterRun, LastOp, Membership};
use super::scenario::{FilterKind, WORDS, read_script_sizes};
use crate::permalink::Query;
use crate::viz::item_ops::{ItemOp, script};
use crate::viz::sketch_kit::{percent, read_seed};
use dsviz_core::sketch::CuckooFilter;
use dsviz_core::sketch::cuckoo::{InsertOutcome, InsertRecord};

/// The page's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct CuckooParams {
    pub seed: u64,
    /// Buckets (a power of two).
    pub buckets: usize,
    /// Slots per bucket (`b`).
    pub bucket_size: usize,
    /// Fingerprint bits (`f`).
    pub fingerprint_bits: u32,
    /// Kicks before an insert gives up.
    pub max_kicks: u32,
    /// Members inserted by the script (ignored when `fill`).
    pub items: usize,
    /// Insert until the first insert fails, to show "full".
    pub fill: bool,
    /// Queries of non-members after the insertions.
    pub queries: usize,
}

impl Default for CuckooParams {
    fn default() -> Self {
        Self {
            seed: 1,
            buckets: 8,
            bucket_size: 4,
            fingerprint_bits: 8,
            max_kicks: 100,
            items: 28,
            fill: false,
            queries: 16,
        }
    }
}

pub const MAX_BUCKETS: usize = 32;
pub const MAX_BUCKET_SIZE: usize = 8;
pub const MIN_FINGERPRINT_BITS: u32 = 4;
pub const MAX_FINGERPRINT_BITS: u32 = 16;
pub const MAX_KICKS: u32 = 500;

impl CuckooParams {
    pub fn slots(&self) -> usize {
        self.buckets * self.bucket_size
    }

    /// The most members the script may insert: twice the slots, so
    /// overfilling (and refusals) can be shown.
    pub fn max_items(&self) -> usize {
        2 * self.slots()
    }
}

impl FilterKind for CuckooParams {
    type Filter = CuckooFilter;
    const PATH: &'static str = "/cuckoo";

    fn read(query: &mut Query) -> Self {
        let d = Self::default();
        let seed = read_seed(query, d.seed);
        let buckets = query.number(
            "buckets",
            d.buckets,
            |b: &usize| b.is_power_of_two() && (2..=MAX_BUCKETS).contains(b),
            "a power of two from 2 to 32",
        );
        let bucket_size = query.number(
            "slots",
            d.bucket_size,
            |b| (1..=MAX_BUCKET_SIZE).contains(b),
            "a bucket size from 1 to 8",
        );
        let fingerprint_bits = query.number(
            "bits",
            d.fingerprint_bits,
            |f| (MIN_FINGERPRINT_BITS..=MAX_FINGERPRINT_BITS).contains(f),
            "a fingerprint size from 4 to 16 bits",
        );
        let max_kicks = query.number(
            "kicks",
            d.max_kicks,
            |k| *k <= MAX_KICKS,
            "a kick bound from 0 to 500",
        );
        let mut params = Self {
            seed,
            buckets,
            bucket_size,
            fingerprint_bits,
            max_kicks,
            fill: query.flag("fill"),
            ..d
        };
        (params.items, params.queries) = read_script_sizes(
            query,
            (d.items, d.queries),
            params.max_items(),
            "twice the slots",
        );
        params
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("seed", self.seed.to_string()),
            ("buckets", self.buckets.to_string()),
            ("slots", self.bucket_size.to_string()),
            ("bits", self.fingerprint_bits.to_string()),
            ("kicks", self.max_kicks.to_string()),
            ("items", self.items.to_string()),
        ];
        if self.fill {
            pairs.push(("fill", "1".into()));
        }
        pairs.push(("queries", self.queries.to_string()));
        pairs
    }

    fn seed(&self) -> u64 {
        self.seed
    }

    fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    fn empty_filter(&self) -> CuckooFilter {
        CuckooFilter::new(
            self.buckets,
            self.bucket_size,
            self.fingerprint_bits,
            self.max_kicks,
            self.seed,
        )
        .or_else(|_| {
            let d = Self::default();
            CuckooFilter::new(
                d.buckets,
                d.bucket_size,
                d.fingerprint_bits,
                d.max_kicks,
                d.seed,
            )
        })
        .unwrap_or_else(|_| unreachable!("the default geometry is valid"))
    }

    fn script(&self) -> Vec<ItemOp> {
        let members = if self.fill {
            // Insert until the first refusal (and include it).
            let candidates = WORDS.members(self.seed, self.max_items() + 8);
            let mut filter = self.empty_filter();
            let end = candidates
                .iter()
                .position(|item| filter.insert(item).is_err())
                .map_or(candidates.len(), |i| i + 1);
            candidates[..end].to_vec()
        } else {
            WORDS.members(self.seed, self.items)
        };
        let queries = WORDS.strangers(self.seed, self.queries, &members);
        script(members, queries)
    }
}

/// A cuckoo lookup: the item's fingerprint, its two buckets, and where (if
/// anywhere) the fingerprint was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CuckooProbe {
    pub fingerprint: u32,
    pub first_bucket: usize,
    pub second_bucket: usize,
    /// (bucket, slot) of the first match, first bucket first.
    pub found: Option<(usize, usize)>,
}

impl Membership for CuckooFilter {
    type Insert = InsertRecord;
    type Probe = CuckooProbe;

    fn insert_item(&mut self, item: &str) -> (InsertRecord, bool) {
        let stored = self.insert(item).is_ok();
        let record = self.last_insert().cloned().unwrap_or_else(|| {
            let a = self.address(item);
            InsertRecord {
                fingerprint: a.fingerprint,
                first_bucket: a.first_bucket,
                second_bucket: a.second_bucket,
                kicks: Vec::new(),
                outcome: InsertOutcome::Full,
            }
        });
        (record, stored)
    }

    fn probe(&self, item: &str) -> CuckooProbe {
        let a = self.address(item);
        let found = [a.first_bucket, a.second_bucket].into_iter().find_map(|b| {
            self.bucket(b)
                .iter()
                .position(|&fp| fp == a.fingerprint)
                .map(|s| (b, s))
        });
        CuckooProbe {
            fingerprint: a.fingerprint,
            first_bucket: a.first_bucket,
            second_bucket: a.second_bucket,
            found,
        }
    }

    fn says_maybe(probe: &CuckooProbe) -> bool {
        probe.found.is_some()
    }

    fn remove_item(&mut self, item: &str) -> bool {
        self.remove(item).is_ok()
    }

    fn stored(&self) -> usize {
        self.len()
    }

    fn slot_count(&self) -> usize {
        self.bucket_count() * self.bucket_size()
    }

    fn theory_fpr(&self) -> f64 {
        self.expected_fpr()
    }

    fn theory_formula(&self) -> String {
        let b = self.bucket_size();
        let f = self.fingerprint_bits();
        format!(
            "1 − (1 − 1/(2^f − 1))^(2bα) with b = {b}, f = {f}; a full table gives ≈ 2b/2^f = {}",
            percent(self.fpr_bound())
        )
    }
}

/// A fingerprint in hex, zero-padded to the width of `bits`.
pub fn hex(fingerprint: u32, bits: u32) -> String {
    let digits = bits.div_ceil(4) as usize;
    format!("{fingerprint:0digits$x}")
}

/// What a slot shows about the last operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotMark {
    None,
    /// The last insertion's fingerprint ended here.
    Placed,
    /// A fingerprint that was kicked ended here (the chain's last move).
    Moved,
    /// The last lookup matched here.
    Found,
}

/// One slot of a bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CuckooCell {
    pub slot: usize,
    /// The fingerprint in hex, or `None` for an empty slot.
    pub fingerprint: Option<String>,
    pub mark: SlotMark,
    /// The numbers of the kicks that happened in this slot (1-based).
    pub kicks: Vec<usize>,
}

/// One bucket: a row of slots.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CuckooRow {
    pub bucket: usize,
    pub cells: Vec<CuckooCell>,
    /// "i1", "i2" or "i1=i2" when this is a candidate bucket of the last
    /// operation's item.
    pub candidate: Option<&'static str>,
}

/// One kick of the chain, for the arrows and the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KickStep {
    /// 1-based.
    pub number: usize,
    pub placed: String,
    pub evicted: String,
    pub bucket: usize,
    pub slot: usize,
    pub next_bucket: usize,
}

/// The candidate buckets of the last operation's item.
fn candidates(run: &FilterRun<CuckooFilter>) -> Option<(usize, usize)> {
    match run.last.as_ref()? {
        LastOp::Insert { detail, .. } => Some((detail.first_bucket, detail.second_bucket)),
        LastOp::Query { probe, .. } | LastOp::Delete { probe, .. } => {
            Some((probe.first_bucket, probe.second_bucket))
        }
    }
}

/// Every bucket as a row, with the last operation marked.
pub fn cuckoo_rows(run: &FilterRun<CuckooFilter>) -> Vec<CuckooRow> {
    let filter = &run.filter;
    let bits = filter.fingerprint_bits();
    let pair = candidates(run);
    let (placed, found, kicks) = match run.last.as_ref() {
        Some(LastOp::Insert {
            detail,
            stored: true,
            ..
        }) => {
            let end = match detail.outcome {
                InsertOutcome::Placed { bucket, slot } => Some((bucket, slot)),
                InsertOutcome::Full => None,
            };
            (end, None, detail.kicks.as_slice())
        }
        Some(LastOp::Insert { detail, .. }) => (None, None, detail.kicks.as_slice()),
        Some(LastOp::Query { probe, .. }) => (None, probe.found, &[][..]),
        _ => (None, None, &[][..]),
    };
    let chained = !kicks.is_empty();
    filter
        .buckets()
        .enumerate()
        .map(|(bucket, slots)| CuckooRow {
            bucket,
            candidate: pair.and_then(|(i1, i2)| match (bucket == i1, bucket == i2) {
                (true, true) => Some("i1=i2"),
                (true, false) => Some("i1"),
                (false, true) => Some("i2"),
                _ => None,
            }),
            cells: slots
                .iter()
                .enumerate()
                .map(|(slot, &fp)| CuckooCell {
                    slot,
                    fingerprint: (fp != 0).then(|| hex(fp, bits)),
                    mark: if placed == Some((bucket, slot)) {
                        if chained {
                            SlotMark::Moved
                        } else {
                            SlotMark::Placed
                        }
                    } else if found == Some((bucket, slot)) {
                        SlotMark::Found
                    } else {
                        SlotMark::None
                    },
                    kicks: kicks
                        .iter()
                        .enumerate()
                        .filter(|(_, k)| (k.bucket, k.slot) == (bucket, slot))
                        .map(|(i, _)| i + 1)
                        .collect(),
                })
                .collect(),
        })
        .collect()
}

/// The last insertion's kick chain (at most `limit` kicks) and its length.
pub fn kick_steps(run: &FilterRun<CuckooFilter>, limit: usize) -> (Vec<KickStep>, usize) {
    let bits = run.filter.fingerprint_bits();
    match run.last.as_ref() {
        Some(LastOp::Insert { detail, .. }) => (
            detail
                .kicks
                .iter()
                .take(limit)
                .enumerate()
                .map(|(i, k)| KickStep {
                    number: i + 1,
                    placed: hex(k.placed, bits),
                    evicted: hex(k.evicted, bits),
                    bucket: k.bucket,
                    slot: k.slot,
                    next_bucket: k.next_bucket,
                })
                .collect(),
            detail.kicks.len(),
        ),
        _ => (Vec::new(), 0),
    }
}

/// One sentence on what the last operation did to the table.
pub fn describe_last(run: &FilterRun<CuckooFilter>) -> String {
    let bits = run.filter.fingerprint_bits();
    match run.last.as_ref() {
        None => "Nothing yet: step or play to insert the first item.".into(),
        Some(LastOp::Insert { item, detail, .. }) => {
            let head = format!(
                "Insert '{item}': fingerprint {}, buckets i1 = {} and i2 = i1 XOR hash({}) = {}. ",
                hex(detail.fingerprint, bits),
                detail.first_bucket,
                hex(detail.fingerprint, bits),
                detail.second_bucket
            );
            let tail = match (detail.outcome, detail.kicks.len()) {
                (InsertOutcome::Placed { bucket, slot }, 0) => {
                    format!("A free slot was waiting: bucket {bucket}, slot {slot}.")
                }
                (InsertOutcome::Placed { bucket, slot }, n) => format!(
                    "Both were full: {n} kick{} later the last evicted fingerprint settled in bucket {bucket}, slot {slot}.",
                    if n == 1 { "" } else { "s" }
                ),
                (InsertOutcome::Full, n) => format!(
                    "Full: {n} kicks (the bound) found no free slot, so every kick was undone and the item was not stored."
                ),
            };
            head + &tail
        }
        Some(LastOp::Query { item, probe, .. }) => format!(
            "Query '{item}': fingerprint {} is looked for in buckets {} and {}{}.",
            hex(probe.fingerprint, bits),
            probe.first_bucket,
            probe.second_bucket,
            match probe.found {
                Some((b, s)) => format!(" and found in bucket {b}, slot {s}"),
                None => ", and is in neither".into(),
            }
        ),
        Some(LastOp::Delete {
            item,
            probe,
            removed,
            was_member,
        }) => match (removed, was_member) {
            (true, true) => format!(
                "Delete '{item}': one copy of fingerprint {} removed from bucket {}.",
                hex(probe.fingerprint, bits),
                probe.found.map_or(0, |(b, _)| b)
            ),
            (true, false) => format!(
                "Delete '{item}': it was never inserted, but fingerprint {} matched in bucket {} and was removed — another item's fingerprint is gone, so that item may now be a false negative.",
                hex(probe.fingerprint, bits),
                probe.found.map_or(0, |(b, _)| b)
            ),
            (false, _) => format!(
                "Delete '{item}': fingerprint {} is in neither bucket {} nor {}; nothing removed.",
                hex(probe.fingerprint, bits),
                probe.first_bucket,
                probe.second_bucket
            ),
        },
    }
}
