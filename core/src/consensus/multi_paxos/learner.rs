//! The learner: the chosen log and the gap-free prefix applied from it.

use super::{LogValue, Slot};
use alloc::collections::BTreeMap;

/// What a node knows to be chosen, and how far it has applied.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Learner {
    chosen: BTreeMap<Slot, LogValue>,
    applied: Slot,
}

impl Learner {
    /// Every slot known chosen, with its value (there may be gaps).
    pub fn chosen(&self) -> &BTreeMap<Slot, LogValue> {
        &self.chosen
    }

    /// Slots `1..=applied()` have been applied to the state machine, in order.
    pub fn applied(&self) -> Slot {
        self.applied
    }

    /// The value chosen at `slot`, if known.
    pub fn get(&self, slot: Slot) -> Option<LogValue> {
        self.chosen.get(&slot).copied()
    }

    /// Records that `slot` holds `value` and applies every slot that is
    /// now contiguous with the applied prefix. Returns false if the slot
    /// was already known (with whatever value: a second value is kept out,
    /// and the invariant checker sees the disagreement from the acceptors).
    pub fn learn(&mut self, slot: Slot, value: LogValue) -> bool {
        if slot == 0 || self.chosen.contains_key(&slot) {
            return false;
        }
        self.chosen.insert(slot, value);
        while self.chosen.contains_key(&(self.applied + 1)) {
            self.applied += 1;
        }
        true
    }

    /// The applied commands in order (no-ops skipped): the state machine.
    pub fn applied_commands(&self) -> impl Iterator<Item = u64> + '_ {
        self.chosen
            .range(..=self.applied)
            .filter_map(|(_, v)| match v {
                LogValue::Command(c) => Some(*c),
                LogValue::Noop => None,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gap_holds_back_later_slots_until_it_is_filled() {
        let mut l = Learner::default();
        assert!(l.learn(1, LogValue::Command(10)));
        assert!(l.learn(3, LogValue::Command(30)));
        assert_eq!(l.applied(), 1, "slot 3 waits for slot 2");
        assert!(l.learn(2, LogValue::Noop));
        assert_eq!(l.applied(), 3);
        assert_eq!(
            l.applied_commands().collect::<alloc::vec::Vec<_>>(),
            [10, 30]
        );
        assert!(!l.learn(2, LogValue::Command(20)), "a slot is learned once");
    }
}
