//! A process's durable log and its lock table, with the rules both commit
//! protocols share: how a participant votes, decides and recovers.

use super::wal::{LogRecord, TxRecord, WriteAheadLog};
use super::{Decision, TxId, TxPhase, Vote};
use alloc::collections::BTreeMap;

/// Which transaction holds each key (strict two-phase locking: from the yes
/// vote to the outcome).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LockTable {
    held: BTreeMap<u8, TxId>,
}

impl LockTable {
    /// The holder of `key`, if any.
    pub fn holder(&self, key: u8) -> Option<TxId> {
        self.held.get(&key).copied()
    }

    /// Every held lock: `(key, transaction)`.
    pub fn iter(&self) -> impl Iterator<Item = (u8, TxId)> + '_ {
        self.held.iter().map(|(k, t)| (*k, *t))
    }

    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    fn release(&mut self, tx: TxId) {
        self.held.retain(|_, holder| *holder != tx);
    }
}

/// The write-ahead log and the locks it implies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Ledger {
    wal: WriteAheadLog,
    locks: LockTable,
}

impl Ledger {
    pub fn wal(&self) -> &WriteAheadLog {
        &self.wal
    }

    pub fn locks(&self) -> &LockTable {
        &self.locks
    }

    pub fn record(&self, tx: TxId) -> TxRecord {
        self.wal.get(tx)
    }

    pub fn phase(&self, tx: TxId) -> TxPhase {
        self.wal.get(tx).phase()
    }

    pub fn decision(&self, tx: TxId) -> Option<Decision> {
        self.wal.get(tx).decision
    }

    /// Coordinator: logs the start of `tx`.
    pub fn begin(&mut self, tx: TxId, key: u8) {
        self.wal.append(LogRecord::Begin { tx, key });
    }

    /// Coordinator: logs that every participant acknowledged.
    pub fn end(&mut self, tx: TxId) {
        if !self.wal.get(tx).ended {
            self.wal.append(LogRecord::End { tx });
        }
    }

    /// Participant: votes on `tx`, at most once. It votes no when asked to
    /// (`refuse`) or when another undecided transaction holds the key, and
    /// then aborts at once (a no-voter may, Bernstein et al. §7.3); a yes
    /// vote takes the key's lock. The vote is logged before it is returned,
    /// so it can be sent.
    pub fn vote(&mut self, tx: TxId, key: u8, refuse: bool) -> Vote {
        let record = self.wal.get(tx);
        if let Some(vote) = record.vote {
            return vote;
        }
        if record.decision == Some(Decision::Abort) {
            // Aborted on its own before it was asked (cooperative termination).
            return Vote::No;
        }
        let conflict = self.locks.holder(key).is_some_and(|holder| holder != tx);
        if refuse || conflict {
            self.wal.append(LogRecord::Voted {
                tx,
                key,
                vote: Vote::No,
            });
            self.decide(tx, Decision::Abort);
            return Vote::No;
        }
        self.locks.held.insert(key, tx);
        self.wal.append(LogRecord::Voted {
            tx,
            key,
            vote: Vote::Yes,
        });
        Vote::Yes
    }

    /// 3PC: enters PRE-COMMITTED (from uncertain only); `true` if it did.
    pub fn pre_commit(&mut self, tx: TxId) -> bool {
        if self.phase(tx) == TxPhase::Uncertain {
            self.wal.append(LogRecord::PreCommitted { tx });
            true
        } else {
            false
        }
    }

    /// Logs the outcome and releases the transaction's locks. A decision is
    /// written once; `false` if there already was one.
    pub fn decide(&mut self, tx: TxId, decision: Decision) -> bool {
        if self.wal.get(tx).decision.is_some() {
            return false;
        }
        self.wal.append(LogRecord::Decided { tx, decision });
        self.locks.release(tx);
        true
    }

    /// After a restart: the locks of every transaction voted yes and not
    /// decided are taken again, from the log.
    pub fn recover_locks(&mut self) {
        self.locks = LockTable::default();
        for (tx, record) in self.wal.transactions() {
            if record.vote == Some(Vote::Yes)
                && record.decision.is_none()
                && let Some(key) = record.key
            {
                self.locks.held.insert(key, tx);
            }
        }
    }

    /// Transactions this process is in doubt about: voted yes (or, for the
    /// coordinator, begun) and not decided.
    pub fn in_doubt(&self) -> impl Iterator<Item = TxId> + '_ {
        self.wal
            .transactions()
            .filter(|(_, r)| {
                r.decision.is_none()
                    && matches!(r.phase(), TxPhase::Uncertain | TxPhase::PreCommitted)
            })
            .map(|(tx, _)| tx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_yes_vote_locks_until_the_outcome() {
        let mut ledger = Ledger::default();
        assert_eq!(ledger.vote(1, 0, false), Vote::Yes);
        assert_eq!(ledger.locks().holder(0), Some(1));
        // Another transaction on the same key is refused while in doubt.
        assert_eq!(ledger.vote(2, 0, false), Vote::No);
        assert_eq!(ledger.phase(2), TxPhase::Aborted);
        assert!(ledger.decide(1, Decision::Commit));
        assert!(
            !ledger.decide(1, Decision::Abort),
            "a decision is written once"
        );
        assert!(ledger.locks().is_empty());
        assert_eq!(ledger.vote(3, 0, false), Vote::Yes);
    }

    #[test]
    fn locks_come_back_from_the_log() {
        let mut ledger = Ledger::default();
        ledger.vote(1, 2, false);
        ledger.locks = LockTable::default();
        ledger.recover_locks();
        assert_eq!(ledger.locks().holder(2), Some(1));
        assert_eq!(ledger.in_doubt().collect::<alloc::vec::Vec<_>>(), [1]);
    }
}
