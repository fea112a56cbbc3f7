//! The replicated log of one Raft server, with a prefix digest per entry.
//!
//! Indices are 1-based as in the paper; index 0 is the empty prefix with
//! term 0. Next to every entry the log keeps `chain[i]`, a stable hash of
//! the whole prefix `1..=i`. Two logs with the same chain value at `i` hold
//! the same first `i` entries (up to a 2⁻⁶⁴ collision), which lets the
//! invariant checker compare logs in constant time.

use crate::sim::stable_hash;
use alloc::vec::Vec;

/// A position in the log; 0 means "before the first entry".
pub type LogIndex = u64;

/// One log entry: the term it was created in and the client's value
/// (`None` is the no-op a new leader appends, §8 of the paper).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Entry {
    pub term: u64,
    pub value: Option<u64>,
}

/// A Raft log.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RaftLog {
    entries: Vec<Entry>,
    chain: Vec<u64>,
}

impl RaftLog {
    /// A log holding `entries`.
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Self {
        let mut log = Self::default();
        for entry in entries {
            log.push(entry);
        }
        log
    }

    /// The index of the last entry (0 when empty).
    pub fn last_index(&self) -> LogIndex {
        self.entries.len() as LogIndex
    }

    /// The term of the last entry (0 when empty).
    pub fn last_term(&self) -> u64 {
        self.entries.last().map_or(0, |e| e.term)
    }

    /// The term at `index`; 0 for index 0, `None` past the end.
    pub fn term_at(&self, index: LogIndex) -> Option<u64> {
        match index {
            0 => Some(0),
            i => self.entries.get(i as usize - 1).map(|e| e.term),
        }
    }

    /// The entry at `index` (1-based).
    pub fn get(&self, index: LogIndex) -> Option<&Entry> {
        index
            .checked_sub(1)
            .and_then(|i| self.entries.get(i as usize))
    }

    /// The digest of the prefix `1..=index` (0 for the empty prefix).
    pub fn chain_at(&self, index: LogIndex) -> Option<u64> {
        match index {
            0 => Some(0),
            i => self.chain.get(i as usize - 1).copied(),
        }
    }

    /// All entries, index 1 first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Up to `max` entries starting at `from` (1-based).
    pub fn slice_from(&self, from: LogIndex, max: usize) -> Vec<Entry> {
        let start = (from.max(1) - 1) as usize;
        self.entries.iter().skip(start).take(max).copied().collect()
    }

    /// The first index holding `term`, if any.
    pub fn first_index_of_term(&self, term: u64) -> Option<LogIndex> {
        self.entries
            .iter()
            .position(|e| e.term == term)
            .map(|i| i as LogIndex + 1)
    }

    /// The last index holding `term`, if any.
    pub fn last_index_of_term(&self, term: u64) -> Option<LogIndex> {
        self.entries
            .iter()
            .rposition(|e| e.term == term)
            .map(|i| i as LogIndex + 1)
    }

    /// Appends one entry.
    pub fn push(&mut self, entry: Entry) {
        let previous = self.chain.last().copied().unwrap_or(0);
        self.chain.push(stable_hash(&(previous, entry)));
        self.entries.push(entry);
    }

    /// Removes the entries at `index` and after.
    pub fn truncate_from(&mut self, index: LogIndex) {
        let keep = index.saturating_sub(1) as usize;
        self.entries.truncate(keep);
        self.chain.truncate(keep);
    }

    /// Whether a log ending at (`last_index`, `last_term`) is at least as
    /// up to date as this one (§5.4.1).
    pub fn is_behind_or_equal(&self, last_index: LogIndex, last_term: u64) -> bool {
        last_term > self.last_term()
            || (last_term == self.last_term() && last_index >= self.last_index())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(term: u64, value: u64) -> Entry {
        Entry {
            term,
            value: Some(value),
        }
    }

    #[test]
    fn chain_identifies_prefixes() {
        let a = RaftLog::from_entries([entry(1, 1), entry(1, 2), entry(2, 3)]);
        let mut b = RaftLog::from_entries([entry(1, 1), entry(1, 2), entry(3, 9)]);
        assert_eq!(a.chain_at(2), b.chain_at(2));
        assert_ne!(a.chain_at(3), b.chain_at(3));
        b.truncate_from(3);
        b.push(entry(2, 3));
        assert_eq!(a, b);
    }

    #[test]
    fn up_to_date_compares_term_then_length() {
        let log = RaftLog::from_entries([entry(1, 1), entry(2, 2)]);
        assert!(log.is_behind_or_equal(2, 2));
        assert!(log.is_behind_or_equal(1, 3));
        assert!(!log.is_behind_or_equal(5, 1));
        assert!(!log.is_behind_or_equal(1, 2));
    }
}
