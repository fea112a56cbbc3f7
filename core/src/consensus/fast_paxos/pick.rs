//! The coordinator's choice of value for a classic recovery round (the
//! phase 2a rule of "Fast Paxos"): the one rule that keeps a value that a
//! fast quorum may have chosen.

use super::{Round, Value};
use alloc::collections::BTreeMap;

/// The value to propose, given the promises of a quorum (each acceptor's
/// latest vote, if any) among `n` acceptors with fast quorum `fast`.
/// `None` when nobody in the quorum has voted: the coordinator is free.
/// `careful = false` drops the rule (for demonstration: picks the value of
/// round `k` with the fewest votes in the quorum).
pub fn pick_value(
    promises: &[Option<(Round, Value)>],
    n: usize,
    fast: usize,
    careful: bool,
) -> Option<Value> {
    let k = promises.iter().flatten().map(|(r, _)| *r).max()?;
    let mut votes: BTreeMap<Value, usize> = BTreeMap::new();
    for (_, v) in promises.iter().flatten().filter(|(r, _)| *r == k) {
        *votes.entry(*v).or_insert(0) += 1;
    }
    let smallest = votes.keys().next().copied();
    if !k.fast {
        return smallest;
    }
    if !careful {
        // Any value of round k will do, thinks the careless coordinator:
        // it takes the one with the fewest votes.
        return votes.iter().min_by_key(|&(_, &c)| c).map(|(&v, _)| v);
    }
    // A fast quorum that chose v shares at least this many members with
    // the quorum that answered.
    let overlap = fast.saturating_sub(n - promises.len());
    votes
        .iter()
        .find(|&(_, &count)| count >= overlap.max(1))
        .map(|(&v, _)| v)
        .or(smallest)
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Round = Round::FIRST;

    #[test]
    fn keeps_the_value_a_fast_quorum_may_have_chosen() {
        // N = 4, fast quorum 3: acceptors a, b, c may have chosen 7 in
        // the fast round; the classic quorum {b, c, d} reports 7, 7, 9, and
        // two votes are all a fast quorum can share with it: 7 is kept.
        let promises = [Some((F, 9)), Some((F, 7)), Some((F, 7))];
        assert_eq!(pick_value(&promises, 4, 3, true), Some(7));
        let promises = [Some((F, 3)), Some((F, 7)), Some((F, 7))];
        assert_eq!(pick_value(&promises, 4, 3, true), Some(7));
        // Without the rule 3 is proposed, and a chosen 7 is lost.
        assert_eq!(pick_value(&promises, 4, 3, false), Some(3));
        let promises = [Some((F, 9)), Some((F, 7)), Some((F, 7))];
        assert_eq!(pick_value(&promises, 4, 3, false), Some(9));
    }

    #[test]
    fn a_classic_round_has_one_value_and_an_empty_quorum_leaves_a_free_choice() {
        let c = Round::classic(2);
        assert_eq!(
            pick_value(&[Some((F, 1)), Some((c, 4)), None], 4, 3, true),
            Some(4)
        );
        assert_eq!(pick_value(&[None, None, None], 4, 3, true), None);
    }
}
