//! A filter under a sequence of operations, with the truth kept beside it.
//!
//! [`FilterRun`] is the state the operation player replays: the filter, the
//! multiset of items really inserted (so every "maybe" can be marked a true
//! member or a false positive), what the last operation did, and a tally of
//! verdicts. [`Membership`] is what a filter must offer to be shown this way.

use super::scenario::WORDS;
use crate::player::Replay;
use crate::viz::item_ops::ItemOp;
use std::collections::BTreeMap;
use std::fmt::Debug;

/// What the page needs from a membership filter.
pub trait Membership: Clone + Debug + Send + Sync + 'static {
    /// What one insertion did (where it went, what moved).
    type Insert: Clone + Debug + PartialEq + Send + Sync + 'static;
    /// What one lookup examined and found.
    type Probe: Clone + Debug + PartialEq + Send + Sync + 'static;

    /// Inserts; the flag is false when the filter refused (full).
    fn insert_item(&mut self, item: &str) -> (Self::Insert, bool);
    /// Looks the item up without changing anything.
    fn probe(&self, item: &str) -> Self::Probe;
    /// The lookup's answer: true for "maybe in the set".
    fn says_maybe(probe: &Self::Probe) -> bool;
    /// Removes one copy of the item's fingerprint; false when none was found.
    fn remove_item(&mut self, item: &str) -> bool;
    /// Stored fingerprints.
    fn stored(&self) -> usize;
    /// Slots in the table.
    fn slot_count(&self) -> usize;
    /// The expected false-positive rate at the current load.
    fn theory_fpr(&self) -> f64;
    /// The formula behind [`Membership::theory_fpr`], in words and symbols.
    fn theory_formula(&self) -> String;
}

/// A query's answer against the truth.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// "Definitely not", and the item is indeed absent.
    DefinitelyNot,
    /// "Maybe", and the item is a member.
    Member,
    /// "Maybe", but the item was never inserted.
    FalsePositive,
    /// "Definitely not" for a member: only possible after deleting an item
    /// that was never inserted, which removed a member's fingerprint.
    FalseNegative,
}

impl Verdict {
    pub fn of(says_maybe: bool, is_member: bool) -> Self {
        match (says_maybe, is_member) {
            (false, false) => Self::DefinitelyNot,
            (true, true) => Self::Member,
            (true, false) => Self::FalsePositive,
            (false, true) => Self::FalseNegative,
        }
    }

    /// A stable name for tests and styles.
    pub fn key(self) -> &'static str {
        match self {
            Self::DefinitelyNot => "definitely-not",
            Self::Member => "maybe-member",
            Self::FalsePositive => "false-positive",
            Self::FalseNegative => "false-negative",
        }
    }

    /// The verdict in words.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::DefinitelyNot => "definitely not in the set",
            Self::Member => "maybe in the set — and it is a member",
            Self::FalsePositive => "maybe in the set — a false positive: it was never inserted",
            Self::FalseNegative => {
                "definitely not — a false negative, caused by deleting an item that was never inserted"
            }
        }
    }
}

/// The last operation and what it did.
#[derive(Clone, Debug, PartialEq)]
pub enum LastOp<F: Membership> {
    Insert {
        item: String,
        detail: F::Insert,
        stored: bool,
    },
    Query {
        item: String,
        probe: F::Probe,
        verdict: Verdict,
    },
    Delete {
        item: String,
        /// The lookup before removing: where the fingerprint was found.
        probe: F::Probe,
        removed: bool,
        was_member: bool,
    },
}

/// Counts over the whole run.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub inserts: usize,
    pub refused: usize,
    pub member_queries: usize,
    pub non_member_queries: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub deletes: usize,
    /// Deletes of items that were never inserted but matched a fingerprint.
    pub unsafe_deletes: usize,
}

/// The filter, the truth, and the last operation.
#[derive(Clone, Debug, PartialEq)]
pub struct FilterRun<F: Membership> {
    pub filter: F,
    /// Each inserted item and how many copies are stored.
    members: BTreeMap<String, usize>,
    pub last: Option<LastOp<F>>,
    pub tally: Tally,
}

impl<F: Membership> FilterRun<F> {
    pub fn new(filter: F) -> Self {
        Self {
            filter,
            members: BTreeMap::new(),
            last: None,
            tally: Tally::default(),
        }
    }

    /// Whether the item was inserted (and not deleted since).
    pub fn is_member(&self, item: &str) -> bool {
        self.members.contains_key(item)
    }

    /// The true members, in order.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.members.keys().map(String::as_str)
    }

    /// Stored fingerprints over slots.
    pub fn load(&self) -> f64 {
        self.filter.stored() as f64 / self.filter.slot_count().max(1) as f64
    }

    /// The false-positive rate measured on `count` fresh non-members derived
    /// from `seed`: (false positives, probes).
    pub fn probe_fpr(&self, seed: u64, count: usize) -> (usize, usize) {
        let members: Vec<String> = self.members.keys().cloned().collect();
        let probes = WORDS.strangers(seed ^ 0x5EED_F00D, count, &members);
        let hits = probes
            .iter()
            .filter(|item| F::says_maybe(&self.filter.probe(item)))
            .count();
        (hits, probes.len())
    }
}

impl<F: Membership> Replay for FilterRun<F> {
    type Op = ItemOp;

    fn apply(&mut self, op: &ItemOp) {
        let last = match op {
            ItemOp::Insert(item) => {
                let (detail, stored) = self.filter.insert_item(item);
                self.tally.inserts += 1;
                if stored {
                    *self.members.entry(item.clone()).or_default() += 1;
                } else {
                    self.tally.refused += 1;
                }
                LastOp::Insert {
                    item: item.clone(),
                    detail,
                    stored,
                }
            }
            ItemOp::Query(item) => {
                let probe = self.filter.probe(item);
                let member = self.is_member(item);
                let verdict = Verdict::of(F::says_maybe(&probe), member);
                if member {
                    self.tally.member_queries += 1;
                } else {
                    self.tally.non_member_queries += 1;
                }
                match verdict {
                    Verdict::FalsePositive => self.tally.false_positives += 1,
                    Verdict::FalseNegative => self.tally.false_negatives += 1,
                    _ => {}
                }
                LastOp::Query {
                    item: item.clone(),
                    probe,
                    verdict,
                }
            }
            ItemOp::Remove(item) => {
                let probe = self.filter.probe(item);
                let was_member = self.is_member(item);
                let removed = self.filter.remove_item(item);
                self.tally.deletes += 1;
                if removed && was_member {
                    if let Some(count) = self.members.get_mut(item.as_str()) {
                        *count -= 1;
                        if *count == 0 {
                            self.members.remove(item.as_str());
                        }
                    }
                } else if removed {
                    self.tally.unsafe_deletes += 1;
                }
                LastOp::Delete {
                    item: item.clone(),
                    probe,
                    removed,
                    was_member,
                }
            }
        };
        self.last = Some(last);
    }
}
