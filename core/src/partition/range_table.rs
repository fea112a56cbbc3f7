//! The bookkeeping of [`super::RangePartitioner`]: ranges by start key,
//! each node's load, and each node's ranges ordered by load, kept in step
//! by three operations (`put`, `take`, `update`) so that the balancer finds
//! its candidate range in `O(log R)` instead of scanning every range.

use super::NodeId;
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec::Vec;
use core::ops::Bound;

/// One range's owner and counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range {
    pub node: NodeId,
    pub keys: usize,
    pub load: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RangeTable {
    ranges: BTreeMap<Vec<u8>, Range>,
    node_loads: BTreeMap<NodeId, u64>,
    by_node: BTreeMap<NodeId, BTreeSet<(u64, Vec<u8>)>>,
}

impl RangeTable {
    pub fn add_node(&mut self, node: NodeId) {
        self.node_loads.insert(node, 0);
        self.by_node.insert(node, BTreeSet::new());
    }

    /// Forgets a node that holds no ranges.
    pub fn remove_node(&mut self, node: NodeId) {
        debug_assert!(self.by_node.get(&node).is_none_or(BTreeSet::is_empty));
        self.node_loads.remove(&node);
        self.by_node.remove(&node);
    }

    pub fn has_node(&self, node: NodeId) -> bool {
        self.node_loads.contains_key(&node)
    }

    pub fn node_count(&self) -> usize {
        self.node_loads.len()
    }

    pub fn node_loads(&self) -> &BTreeMap<NodeId, u64> {
        &self.node_loads
    }

    pub fn clear(&mut self) {
        *self = Self::default();
    }

    pub fn len(&self) -> usize {
        self.ranges.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Vec<u8>, &Range)> + '_ {
        self.ranges.iter()
    }

    pub fn get(&self, start: &[u8]) -> Range {
        self.ranges[start]
    }

    /// The range holding `key`: the last one starting at or before it.
    pub fn containing(&self, key: &[u8]) -> Option<(&Vec<u8>, &Range)> {
        self.ranges
            .range::<[u8], _>((Bound::Unbounded, Bound::Included(key)))
            .next_back()
    }

    /// The start of the range after the one at `start` (its end).
    pub fn end_of(&self, start: &[u8]) -> Option<Vec<u8>> {
        self.ranges
            .range::<[u8], _>((Bound::Excluded(start), Bound::Unbounded))
            .next()
            .map(|(next, _)| next.clone())
    }

    /// The start of the range before the one at `start`.
    pub fn before(&self, start: &[u8]) -> Option<Vec<u8>> {
        self.ranges
            .range::<[u8], _>((Bound::Unbounded, Bound::Excluded(start)))
            .next_back()
            .map(|(s, _)| s.clone())
    }

    /// Adds a range (its node must be present).
    pub fn put(&mut self, start: Vec<u8>, range: Range) {
        *self
            .node_loads
            .get_mut(&range.node)
            .expect("a range's node is present") += range.load;
        self.by_node
            .get_mut(&range.node)
            .expect("a range's node is present")
            .insert((range.load, start.clone()));
        let previous = self.ranges.insert(start, range);
        debug_assert!(previous.is_none(), "put adds a new range");
    }

    /// Removes the range at `start`.
    pub fn take(&mut self, start: &[u8]) -> Range {
        let range = self.ranges.remove(start).expect("the range exists");
        *self
            .node_loads
            .get_mut(&range.node)
            .expect("a range's node is present") -= range.load;
        self.by_node
            .get_mut(&range.node)
            .expect("a range's node is present")
            .remove(&(range.load, start.to_vec()));
        range
    }

    /// Changes the range at `start` through `change`.
    pub fn update(&mut self, start: &[u8], change: impl FnOnce(&mut Range)) {
        let range = self.ranges.get_mut(start).expect("the range exists");
        let old = *range;
        change(range);
        let new = *range;
        if (old.node, old.load) == (new.node, new.load) {
            return;
        }
        let loads = &mut self.node_loads;
        *loads.get_mut(&old.node).expect("a range's node is present") -= old.load;
        *loads.get_mut(&new.node).expect("a range's node is present") += new.load;
        let mut entry = (old.load, start.to_vec());
        self.by_node
            .get_mut(&old.node)
            .expect("a range's node is present")
            .remove(&entry);
        entry.0 = new.load;
        self.by_node
            .get_mut(&new.node)
            .expect("a range's node is present")
            .insert(entry);
    }

    /// The starts of `node`'s ranges, heaviest first.
    pub fn ranges_of(&self, node: NodeId) -> Vec<Vec<u8>> {
        self.by_node
            .get(&node)
            .map(|set| set.iter().rev().map(|(_, s)| s.clone()).collect())
            .unwrap_or_default()
    }

    /// The busiest node (smallest id on a tie) and its load.
    pub fn busiest(&self) -> Option<(NodeId, u64)> {
        self.node_loads
            .iter()
            .max_by_key(|&(n, l)| (*l, core::cmp::Reverse(*n)))
            .map(|(&n, &l)| (n, l))
    }

    /// The least-loaded node other than `not` (smallest id on a tie).
    pub fn idlest_except(&self, not: Option<NodeId>) -> Option<(NodeId, u64)> {
        self.node_loads
            .iter()
            .filter(|&(&n, _)| Some(n) != not)
            .min_by_key(|&(n, l)| (*l, *n))
            .map(|(&n, &l)| (n, l))
    }

    /// `node`'s range whose load is in `1..gap` and nearest `gap / 2` (the
    /// lighter one on a tie): moving it to a node `gap` lighter evens the
    /// pair out best.
    pub fn candidate(&self, node: NodeId, gap: u64) -> Option<Vec<u8>> {
        let set = self.by_node.get(&node)?;
        let half = gap / 2;
        let below = set
            .range((Bound::Unbounded, Bound::Excluded((half + 1, Vec::new()))))
            .next_back();
        let above = set
            .range((Bound::Included((half + 1, Vec::new())), Bound::Unbounded))
            .next();
        [below, above]
            .into_iter()
            .flatten()
            .filter(|(load, _)| *load > 0 && *load < gap)
            .min_by_key(|(load, _)| (gap.abs_diff(2 * load), *load))
            .map(|(_, start)| start.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn loads_and_indices_follow_every_change() {
        let mut t = RangeTable::default();
        t.add_node(1);
        t.add_node(2);
        let r = |node, load| Range {
            node,
            keys: 1,
            load,
        };
        t.put(vec![], r(1, 10));
        t.put(vec![5], r(1, 3));
        t.put(vec![9], r(1, 6));
        assert_eq!(t.node_loads()[&1], 19);
        assert_eq!(t.ranges_of(1), vec![vec![], vec![9], vec![5]]);
        // gap 19 → half 9: loads 10 (|19-20| = 1) beats 6 and 3.
        assert_eq!(t.candidate(1, 19), Some(vec![]));
        assert_eq!(
            t.candidate(1, 8),
            Some(vec![5]),
            "moving 3 leaves a gap of 2, moving 6 one of 4"
        );
        assert_eq!(t.candidate(1, 3), None, "nothing lighter than the gap");
        t.update(&[9], |range| range.node = 2);
        assert_eq!((t.node_loads()[&1], t.node_loads()[&2]), (13, 6));
        assert_eq!(t.busiest(), Some((1, 13)));
        assert_eq!(t.idlest_except(None), Some((2, 6)));
        assert_eq!(t.idlest_except(Some(2)), Some((1, 13)));
        assert_eq!(t.containing(&[7]).map(|(s, _)| s.clone()), Some(vec![5]));
        assert_eq!(t.end_of(&[5]), Some(vec![9]));
        assert_eq!(t.before(&[5]), Some(vec![]));
        assert_eq!(t.take(&[5]).load, 3);
        assert_eq!(t.node_loads()[&1], 10);
    }
}
