//! The ground truth of a store run, kept with sets of write ids and no
//! clocks at all, so the clocks can be judged against it.
//!
//! * `H(w)`, the causal history of write `w`: `{w}` together with the
//!   history of every value its client had read or written before it.
//! * The writes a server has received: those written through it and,
//!   transitively, those of every server that synced into it.
//! * The true siblings at a server: the received writes that belong to no
//!   other received write's history — exactly the versions a perfect
//!   tagging scheme keeps.

use super::WriteId;
use alloc::collections::BTreeSet;
use alloc::vec::Vec;

/// Histories, what each server received and what each client knows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Truth {
    histories: Vec<BTreeSet<WriteId>>,
    received: Vec<BTreeSet<WriteId>>,
    known: Vec<BTreeSet<WriteId>>,
}

impl Truth {
    pub fn new(servers: usize, clients: usize) -> Self {
        Self {
            histories: Vec::new(),
            received: alloc::vec![BTreeSet::new(); servers],
            known: alloc::vec![BTreeSet::new(); clients],
        }
    }

    /// The causal history of a write (itself included).
    pub fn history(&self, write: WriteId) -> &BTreeSet<WriteId> {
        &self.histories[write]
    }

    /// The writes a server has received.
    pub fn received(&self, server: usize) -> &BTreeSet<WriteId> {
        &self.received[server]
    }

    /// The writes a client knows of (directly or through what it read).
    pub fn known(&self, client: usize) -> &BTreeSet<WriteId> {
        &self.known[client]
    }

    /// Records write `write` (the next id) by `client` through `server`.
    pub fn write(&mut self, write: WriteId, client: usize, server: usize) {
        debug_assert_eq!(write, self.histories.len(), "write ids are dense");
        let mut history = self.known[client].clone();
        history.insert(write);
        self.histories.push(history);
        self.received[server].insert(write);
    }

    /// `client` has seen the values of `writes`.
    pub fn see(&mut self, client: usize, writes: impl IntoIterator<Item = WriteId>) {
        for w in writes {
            let h = &self.histories[w];
            self.known[client].extend(h.iter().copied());
        }
    }

    /// Everything `from` received is now received by `to`.
    pub fn sync(&mut self, from: usize, to: usize) {
        let more = self.received[from].clone();
        self.received[to].extend(more);
    }

    /// Whether `a` is in `b`'s history and differs from it: `b` supersedes `a`.
    pub fn supersedes(&self, b: WriteId, a: WriteId) -> bool {
        a != b && self.histories[b].contains(&a)
    }

    /// The received writes at `server` that no other received write supersedes.
    pub fn siblings(&self, server: usize) -> Vec<WriteId> {
        let received = &self.received[server];
        received
            .iter()
            .copied()
            .filter(|&a| !received.iter().any(|&b| self.supersedes(b, a)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_supersedes_what_its_client_saw_and_nothing_else() {
        let mut t = Truth::new(1, 2);
        t.write(0, 0, 0);
        t.write(1, 1, 0);
        assert_eq!(t.siblings(0), [0, 1]);
        t.see(1, [0, 1]);
        t.write(2, 1, 0);
        assert_eq!(t.siblings(0), [2]);
        assert!(t.supersedes(2, 0) && !t.supersedes(0, 2) && !t.supersedes(1, 0));
    }
}
