//! The acceptor of every slot at once: one promise covers the whole log
//! from a slot on, so a stable leader needs no phase 1 per command.

use super::{Ballot, LogValue, Slot};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

/// An acceptor's durable state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SlotAcceptor {
    promised: Option<Ballot>,
    accepted: BTreeMap<Slot, (Ballot, LogValue)>,
}

impl SlotAcceptor {
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// Every slot's accepted ballot and value.
    pub fn accepted(&self) -> &BTreeMap<Slot, (Ballot, LogValue)> {
        &self.accepted
    }

    fn admits(&self, ballot: Ballot) -> bool {
        self.promised.is_none_or(|p| ballot >= p)
    }

    /// Phase 1b for every slot from `from`: the accepted proposals to
    /// report, or the higher promise that refuses `ballot`.
    pub fn prepare(
        &mut self,
        ballot: Ballot,
        from: Slot,
    ) -> Result<Vec<(Slot, Ballot, LogValue)>, Ballot> {
        if !self.admits(ballot) {
            return Err(self.promised.unwrap_or(ballot));
        }
        self.promised = Some(ballot);
        Ok(self
            .accepted
            .range(from..)
            .map(|(&slot, &(b, v))| (slot, b, v))
            .collect())
    }

    /// Phase 2b for one slot.
    pub fn accept(&mut self, ballot: Ballot, slot: Slot, value: LogValue) -> Result<(), Ballot> {
        if !self.admits(ballot) {
            return Err(self.promised.unwrap_or(ballot));
        }
        self.promised = Some(ballot);
        self.accepted.insert(slot, (ballot, value));
        Ok(())
    }
}
