//! The quotient filter page's model: parameters, the script, and the plain
//! view data the picture draws (slots with their three metadata bits,
//! runs, clusters, and where the last item went).
//!
//! Bender et al. (2012), "Don't thrash: how to cache your hash on flash":
//! a `q + r`-bit fingerprint is split into a quotient (its canonical slot)
//! and a remainder (what is stored). Remainders of one quotient form a
//! sorted *run*; runs that push each other right form a *cluster*. Three
//! bits per slot — `is_occupied`, `is_continuation`, `is_shifted` — are
//! enough to decode which quotient each remainder belongs to.

use super::run::{FilterRun, LastOp, Membership};
use super::scenario::{FilterKind, WORDS, read_script_sizes};
use crate::permalink::Query;
use crate::viz::item_ops::{ItemOp, script};
use crate::viz::sketch_kit::read_seed;
use dsviz_core::sketch::QuotientFilter;
use dsviz_core::sketch::quotient::QuotientInsert;

/// The page's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotientParams {
    pub seed: u64,
    /// `q`: the table has `2^q` slots.
    pub quotient_bits: u32,
    /// `r`: bits stored per slot besides the three metadata bits.
    pub remainder_bits: u32,
    /// Members inserted by the script.
    pub items: usize,
    /// Queries of non-members after the insertions.
    pub queries: usize,
}

impl Default for QuotientParams {
    fn default() -> Self {
        Self {
            seed: 1,
            quotient_bits: 5,
            remainder_bits: 4,
            items: 24,
            queries: 16,
        }
    }
}

pub const MIN_QUOTIENT_BITS: u32 = 3;
pub const MAX_QUOTIENT_BITS: u32 = 6;
pub const MIN_REMAINDER_BITS: u32 = 2;
pub const MAX_REMAINDER_BITS: u32 = 16;

impl QuotientParams {
    pub fn slots(&self) -> usize {
        1 << self.quotient_bits
    }

    /// The most members the script may insert: the slots plus four, so a
    /// full table (and its refusals) can be shown.
    pub fn max_items(&self) -> usize {
        self.slots() + 4
    }
}

impl FilterKind for QuotientParams {
    type Filter = QuotientFilter;
    const PATH: &'static str = "/quotient";

    fn read(query: &mut Query) -> Self {
        let d = Self::default();
        let mut params = Self {
            seed: read_seed(query, d.seed),
            quotient_bits: query.number(
                "q",
                d.quotient_bits,
                |q| (MIN_QUOTIENT_BITS..=MAX_QUOTIENT_BITS).contains(q),
                "a quotient size from 3 to 6 bits (8 to 64 slots)",
            ),
            remainder_bits: query.number(
                "r",
                d.remainder_bits,
                |r| (MIN_REMAINDER_BITS..=MAX_REMAINDER_BITS).contains(r),
                "a remainder size from 2 to 16 bits",
            ),
            ..d
        };
        (params.items, params.queries) = read_script_sizes(
            query,
            (d.items, d.queries),
            params.max_items(),
            "the slots plus 4",
        );
        params
    }

    fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("seed", self.seed.to_string()),
            ("q", self.quotient_bits.to_string()),
            ("r", self.remainder_bits.to_string()),
            ("items", self.items.to_string()),
            ("queries", self.queries.to_string()),
        ]
    }

    fn seed(&self) -> u64 {
        self.seed
    }

    fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
    }

    fn empty_filter(&self) -> QuotientFilter {
        QuotientFilter::new(self.quotient_bits, self.remainder_bits, self.seed)
            .or_else(|_| {
                let d = Self::default();
                QuotientFilter::new(d.quotient_bits, d.remainder_bits, d.seed)
            })
            .unwrap_or_else(|_| unreachable!("the default geometry is valid"))
    }

    fn script(&self) -> Vec<ItemOp> {
        let members = WORDS.members(self.seed, self.items);
        let queries = WORDS.strangers(self.seed, self.queries, &members);
        script(members, queries)
    }
}

/// What an insertion did: the item's quotient and remainder, and where the
/// remainder landed (`None` when the table was full).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotientInsertView {
    pub quotient: usize,
    pub remainder: u32,
    pub landed: Option<QuotientInsert>,
}

/// A quotient lookup: the run scanned and the slot that matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuotientProbe {
    pub quotient: usize,
    pub remainder: u32,
    /// (first slot, length) of the quotient's run, when `is_occupied` is set.
    pub run: Option<(usize, usize)>,
    pub found: Option<usize>,
}

impl Membership for QuotientFilter {
    type Insert = QuotientInsertView;
    type Probe = QuotientProbe;

    fn insert_item(&mut self, item: &str) -> (QuotientInsertView, bool) {
        let (quotient, remainder) = self.split(self.fingerprint(item));
        let landed = self.insert_traced(item).ok();
        (
            QuotientInsertView {
                quotient,
                remainder,
                landed,
            },
            landed.is_some(),
        )
    }

    fn probe(&self, item: &str) -> QuotientProbe {
        let (quotient, remainder) = self.split(self.fingerprint(item));
        let run = self.run_of(quotient);
        let size = self.slots().len();
        let found = run.and_then(|(start, len)| {
            (0..len)
                .map(|k| (start + k) % size)
                .find(|&slot| self.slots()[slot].remainder == remainder)
        });
        QuotientProbe {
            quotient,
            remainder,
            run,
            found,
        }
    }

    fn says_maybe(probe: &QuotientProbe) -> bool {
        probe.found.is_some()
    }

    fn remove_item(&mut self, item: &str) -> bool {
        self.remove(item).is_ok()
    }

    fn stored(&self) -> usize {
        self.len()
    }

    fn slot_count(&self) -> usize {
        self.slots().len()
    }

    fn theory_fpr(&self) -> f64 {
        let alpha = self.load_factor();
        1.0 - (-alpha / 2f64.powi(self.remainder_bits() as i32)).exp()
    }

    fn theory_formula(&self) -> String {
        format!(
            "1 − e^(−α/2^r) ≈ α·2^−r with r = {}, α = {:.2}",
            self.remainder_bits(),
            self.load_factor()
        )
    }
}

/// A remainder in hex, zero-padded to the width of `bits`.
pub fn remainder_hex(remainder: u32, bits: u32) -> String {
    let digits = bits.div_ceil(4) as usize;
    format!("{remainder:0digits$x}")
}

/// What a slot shows about the last operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuotientMark {
    None,
    /// The new remainder landed here.
    Landed,
    /// A remainder was pushed one slot right into here.
    Moved,
    /// Part of the run the lookup scanned.
    Scanned,
    /// The lookup matched here.
    Found,
}

/// One slot as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotientSlotView {
    pub index: usize,
    /// The remainder in hex, `None` for an empty slot.
    pub remainder: Option<String>,
    pub is_occupied: bool,
    pub is_continuation: bool,
    pub is_shifted: bool,
    /// The quotient of the remainder stored here.
    pub owner: Option<usize>,
    /// A colour index (0–5) for the run, different for neighbouring runs.
    pub run_tone: Option<usize>,
    pub run_start: bool,
    pub run_end: bool,
    pub cluster_start: bool,
    pub cluster_end: bool,
    /// The last operation's item has this slot as its quotient.
    pub canonical: bool,
    pub mark: QuotientMark,
}

/// Number of run colours.
pub const RUN_TONES: usize = 6;

/// Every slot, with runs, clusters and the last operation marked.
pub fn quotient_slots(run: &FilterRun<QuotientFilter>) -> Vec<QuotientSlotView> {
    let filter = &run.filter;
    let slots = filter.slots();
    let size = slots.len();
    let owners = filter.slot_quotients();
    let bits = filter.remainder_bits();
    let within = |slot: usize, start: usize, len: usize| (slot + size - start) % size < len;
    let (canonical, landed, moved, scanned, found) = match run.last.as_ref() {
        Some(LastOp::Insert { detail, .. }) => (
            Some(detail.quotient),
            detail.landed.map(|l| l.slot),
            detail.landed.map(|l| (l.slot + 1, l.shifted)),
            None,
            None,
        ),
        Some(LastOp::Query { probe, .. }) => {
            (Some(probe.quotient), None, None, probe.run, probe.found)
        }
        Some(LastOp::Delete { probe, .. }) => (Some(probe.quotient), None, None, None, None),
        None => (None, None, None, None, None),
    };
    // Colour runs in order from a cluster start, so a run that wraps past
    // the end of the table keeps one colour.
    let first = (0..size)
        .find(|&i| slots[i].is_cluster_start())
        .unwrap_or(0);
    let mut tones = vec![None; size];
    let mut tone = RUN_TONES - 1;
    for index in (0..size).map(|k| (first + k) % size) {
        if owners[index].is_some() {
            if !slots[index].is_continuation {
                tone = (tone + 1) % RUN_TONES;
            }
            tones[index] = Some(tone);
        }
    }
    // The last run coloured may touch the first (tone 0) across `first`: if
    // it drew tone 0 as well, give it tone 1 (its other neighbour has 5).
    let last = (first + size - 1) % size;
    if size > 1
        && tones[last] == Some(0)
        && tones[first] == Some(0)
        && owners[last] != owners[first]
    {
        let mut index = last;
        loop {
            tones[index] = Some(1);
            if !slots[index].is_continuation {
                break;
            }
            index = (index + size - 1) % size;
        }
    }
    let mut out: Vec<QuotientSlotView> = Vec::with_capacity(size);
    for (index, slot) in slots.iter().enumerate() {
        let next = &slots[(index + 1) % size];
        let holds = owners[index].is_some();
        let run_start = holds && !slot.is_continuation;
        let mark = if landed == Some(index) {
            QuotientMark::Landed
        } else if moved.is_some_and(|(first, n)| within(index, first % size, n)) {
            QuotientMark::Moved
        } else if found == Some(index) {
            QuotientMark::Found
        } else if scanned.is_some_and(|(start, len)| within(index, start, len)) {
            QuotientMark::Scanned
        } else {
            QuotientMark::None
        };
        out.push(QuotientSlotView {
            index,
            remainder: holds.then(|| remainder_hex(slot.remainder, bits)),
            is_occupied: slot.is_occupied,
            is_continuation: slot.is_continuation,
            is_shifted: slot.is_shifted,
            owner: owners[index],
            run_tone: tones[index],
            run_start,
            run_end: holds && !next.is_continuation,
            cluster_start: slot.is_cluster_start(),
            cluster_end: holds && (next.is_empty() || next.is_cluster_start()),
            canonical: canonical == Some(index),
            mark,
        });
    }
    out
}

/// One sentence on what the last operation did to the table.
pub fn describe_last(run: &FilterRun<QuotientFilter>) -> String {
    let bits = run.filter.remainder_bits();
    let r = |value: u32| remainder_hex(value, bits);
    match run.last.as_ref() {
        None => "Nothing yet: step or play to insert the first item.".into(),
        Some(LastOp::Insert { item, detail, .. }) => {
            let head = format!(
                "Insert '{item}': quotient {} (its canonical slot), remainder {}. ",
                detail.quotient,
                r(detail.remainder)
            );
            let tail = match detail.landed {
                None => "Full: every slot holds a remainder, so the item was not stored.".into(),
                Some(l) if l.slot == detail.quotient && l.shifted == 0 => {
                    format!("Slot {} was free: it landed in place.", l.slot)
                }
                Some(l) => format!(
                    "It landed in slot {}{}{}.",
                    l.slot,
                    if l.slot == detail.quotient {
                        ""
                    } else {
                        ", shifted right of its canonical slot by the runs before it"
                    },
                    match l.shifted {
                        0 => String::new(),
                        1 => ", and pushed 1 remainder one slot right".into(),
                        n => format!(", and pushed {n} remainders one slot right"),
                    }
                ),
            };
            head + &tail
        }
        Some(LastOp::Query { item, probe, .. }) => {
            let scan = match probe.run {
                None => format!(
                    "is_occupied is clear at slot {}: no stored item has this quotient",
                    probe.quotient
                ),
                Some((start, len)) => format!(
                    "its run is slot {start}{}, {}",
                    if len > 1 {
                        format!(" to {}", (start + len - 1) % run.filter.slots().len())
                    } else {
                        String::new()
                    },
                    match probe.found {
                        Some(slot) => format!("and slot {slot} holds the remainder"),
                        None => "and no slot in it holds the remainder".into(),
                    }
                ),
            };
            format!(
                "Query '{item}': quotient {}, remainder {}; {scan}.",
                probe.quotient,
                r(probe.remainder)
            )
        }
        Some(LastOp::Delete {
            item,
            probe,
            removed,
            was_member,
        }) => match (removed, was_member) {
            (true, true) => format!(
                "Delete '{item}': remainder {} removed from the run of quotient {}; the rest of the cluster slid back.",
                r(probe.remainder),
                probe.quotient
            ),
            (true, false) => format!(
                "Delete '{item}': it was never inserted, but quotient {} with remainder {} matched, so another item's fingerprint was removed — that item may now be a false negative.",
                probe.quotient,
                r(probe.remainder)
            ),
            (false, _) => format!(
                "Delete '{item}': quotient {} holds no remainder {}; nothing removed.",
                probe.quotient,
                r(probe.remainder)
            ),
        },
    }
}
