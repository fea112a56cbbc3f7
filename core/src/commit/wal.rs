//! The write-ahead log: the durable record each process writes *before* it
//! tells anyone, so that after a crash it knows what it promised.
//!
//! Records are appended, never changed. An index by transaction answers
//! "what did I do about `tx`" in `O(log n)`.

use super::{Decision, TxId, TxPhase, Vote};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// One durable record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LogRecord {
    /// Coordinator: the transaction started (writing `key`).
    Begin { tx: TxId, key: u8 },
    /// Participant: its vote, written before it is sent.
    Voted { tx: TxId, key: u8, vote: Vote },
    /// 3PC: the process entered PRE-COMMITTED.
    PreCommitted { tx: TxId },
    /// The outcome.
    Decided { tx: TxId, decision: Decision },
    /// Coordinator: every participant acknowledged; the transaction is
    /// finished and may be forgotten.
    End { tx: TxId },
}

impl LogRecord {
    pub fn tx(&self) -> TxId {
        match *self {
            LogRecord::Begin { tx, .. }
            | LogRecord::Voted { tx, .. }
            | LogRecord::PreCommitted { tx }
            | LogRecord::Decided { tx, .. }
            | LogRecord::End { tx } => tx,
        }
    }
}

/// What the log says about one transaction.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct TxRecord {
    pub key: Option<u8>,
    pub begun: bool,
    pub vote: Option<Vote>,
    pub pre_committed: bool,
    pub decision: Option<Decision>,
    pub ended: bool,
}

impl TxRecord {
    /// The phase this record puts its process in.
    pub fn phase(&self) -> TxPhase {
        match (self.decision, self.pre_committed, self.vote, self.begun) {
            (Some(d), ..) => TxPhase::of(d),
            (None, true, ..) => TxPhase::PreCommitted,
            (None, false, Some(Vote::Yes), _) | (None, false, None, true) => TxPhase::Uncertain,
            _ => TxPhase::Init,
        }
    }
}

/// An append-only log with an index by transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct WriteAheadLog {
    records: Vec<LogRecord>,
    by_tx: BTreeMap<TxId, TxRecord>,
}

impl WriteAheadLog {
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a record (a forced write: it survives any later crash).
    pub fn append(&mut self, record: LogRecord) {
        let entry = self.by_tx.entry(record.tx()).or_default();
        match record {
            LogRecord::Begin { key, .. } => {
                entry.begun = true;
                entry.key = Some(key);
            }
            LogRecord::Voted { key, vote, .. } => {
                entry.vote = Some(vote);
                entry.key = Some(key);
            }
            LogRecord::PreCommitted { .. } => entry.pre_committed = true,
            LogRecord::Decided { decision, .. } => entry.decision = Some(decision),
            LogRecord::End { .. } => entry.ended = true,
        }
        self.records.push(record);
    }

    /// Every record, oldest first.
    pub fn records(&self) -> &[LogRecord] {
        &self.records
    }

    pub fn len(&self) -> usize {
        self.records.len()
    }

    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// What the log says about `tx`.
    pub fn get(&self, tx: TxId) -> TxRecord {
        self.by_tx.get(&tx).copied().unwrap_or_default()
    }

    /// Every transaction the log mentions, in order.
    pub fn transactions(&self) -> impl Iterator<Item = (TxId, &TxRecord)> {
        self.by_tx.iter().map(|(tx, r)| (*tx, r))
    }

    /// The highest transaction the log mentions.
    pub fn last_tx(&self) -> TxId {
        self.by_tx.keys().next_back().copied().unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_follows_the_records() {
        let mut wal = WriteAheadLog::new();
        wal.append(LogRecord::Voted {
            tx: 1,
            key: 0,
            vote: Vote::Yes,
        });
        assert_eq!(wal.get(1).phase(), TxPhase::Uncertain);
        wal.append(LogRecord::PreCommitted { tx: 1 });
        assert_eq!(wal.get(1).phase(), TxPhase::PreCommitted);
        wal.append(LogRecord::Decided {
            tx: 1,
            decision: Decision::Commit,
        });
        assert_eq!(wal.get(1).phase(), TxPhase::Committed);
        assert_eq!(wal.get(2).phase(), TxPhase::Init);
        assert_eq!(wal.len(), 3);
        assert_eq!(wal.last_tx(), 1);
    }
}
