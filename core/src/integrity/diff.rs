//! Finding the leaves where two trees of the same size differ.
//!
//! # How it works
//!
//! Compare the roots; if they are equal, so is everything below (barring a
//! SHA-256 collision) and the search stops. Otherwise compare the two
//! children, and descend only into the ones that differ, down to the
//! leaves. This is how Dynamo-style replicas find what to repair while
//! exchanging few hashes (DeCandia et al. 2007, "Dynamo: Amazon's highly
//! available key-value store", §4.7):
//!
//! ```text
//!   leaves 0..8, leaf 5 differs            visit order
//!                 ≠ [0,8)                  1  [0,8)  differs
//!           ┌───────┴───────┐              2  [0,4)  equal → skip
//!        = [0,4)          ≠ [4,8)          3  [4,8)  differs
//!                       ┌───┴───┐          4  [4,6)  differs
//!                    ≠ [4,6)  = [6,8)      5  [4,5)  equal
//!                     ┌─┴─┐                6  [5,6)  differs → leaf 5
//!                    =4  ≠5                7  [6,8)  equal → skip
//! ```
//!
//! With `d` differing leaves among `n` the search compares `O(d log n)`
//! hashes instead of `n`. The subtrees are those of RFC 6962 (split at the
//! largest power of two), and the visit order is depth-first, left first, so
//! an animation can replay it step by step.

use super::error::MerkleError;
use super::merkle::{MerkleTree, split_point};
use alloc::vec::Vec;

/// One comparison: the subtree over leaves `[start, end)` and whether the
/// two trees agree on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DiffVisit {
    pub start: u64,
    pub end: u64,
    pub equal: bool,
}

/// The outcome of a diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TreeDiff {
    /// Indices of the leaves whose hashes differ, increasing.
    pub differing_leaves: Vec<u64>,
    /// Every comparison made, in order; its length is the number of hash
    /// pairs compared.
    pub visits: Vec<DiffVisit>,
}

impl TreeDiff {
    /// How many pairs of hashes were compared.
    pub fn comparisons(&self) -> usize {
        self.visits.len()
    }
}

/// The leaves at which `left` and `right` differ. Both must have the same
/// size; two empty trees have no differences and need no comparison.
pub fn diff(left: &MerkleTree, right: &MerkleTree) -> Result<TreeDiff, MerkleError> {
    if left.size() != right.size() {
        return Err(MerkleError::SizeMismatch {
            left: left.size(),
            right: right.size(),
        });
    }
    let mut result = TreeDiff::default();
    if left.size() > 0 {
        descend(left, right, 0, left.size(), &mut result);
    }
    Ok(result)
}

fn descend(left: &MerkleTree, right: &MerkleTree, start: u64, end: u64, result: &mut TreeDiff) {
    let equal = left.subtree(start, end) == right.subtree(start, end);
    result.visits.push(DiffVisit { start, end, equal });
    if equal {
        return;
    }
    if end - start == 1 {
        result.differing_leaves.push(start);
        return;
    }
    let middle = start + split_point(end - start);
    descend(left, right, start, middle, result);
    descend(left, right, middle, end, result);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_picture_in_the_module_docs() {
        let a = MerkleTree::from_leaves((0..8u8).map(|i| [i]));
        let b = MerkleTree::from_leaves((0..8u8).map(|i| [if i == 5 { 99 } else { i }]));
        let result = diff(&a, &b).unwrap();
        assert_eq!(result.differing_leaves, [5]);
        let order: Vec<(u64, u64, bool)> = result
            .visits
            .iter()
            .map(|v| (v.start, v.end, v.equal))
            .collect();
        assert_eq!(
            order,
            [
                (0, 8, false),
                (0, 4, true),
                (4, 8, false),
                (4, 6, false),
                (4, 5, true),
                (5, 6, false),
                (6, 8, true)
            ]
        );
        assert_eq!(result.comparisons(), 7);
    }

    #[test]
    fn equal_trees_need_one_comparison_and_empty_ones_none() {
        let a = MerkleTree::from_leaves(["x", "y", "z"]);
        assert_eq!(diff(&a, &a.clone()).unwrap().comparisons(), 1);
        let empty = MerkleTree::new();
        assert_eq!(diff(&empty, &empty).unwrap(), TreeDiff::default());
        assert!(matches!(
            diff(&a, &empty),
            Err(MerkleError::SizeMismatch { left: 3, right: 0 })
        ));
    }
}
