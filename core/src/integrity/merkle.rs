//! The Merkle tree hash of RFC 6962 §2.1.
//!
//! # How it works
//!
//! For a list `D[n]` of byte strings, the Merkle Tree Hash is
//!
//! ```text
//!   MTH({})     = SHA-256()                                (empty string)
//!   MTH({d0})   = SHA-256(0x00 ‖ d0)                       (leaf hash)
//!   MTH(D[n])   = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n]))
//!                 where k is the largest power of two strictly less than n
//! ```
//!
//! The one-byte prefixes keep a leaf from ever being mistaken for an inner
//! node (a second-preimage defence). Splitting at the largest power of two
//! makes every left subtree perfect, and lets the tree grow by appending
//! without rehashing what is already complete. Seven leaves:
//!
//! ```text
//!                         root
//!                 ┌────────┴─────────┐          k = 4
//!             [0, 4)               [4, 7)       k = 2
//!           ┌───┴────┐           ┌───┴────┐
//!        [0, 2)   [2, 4)      [4, 6)      d6
//!        ┌─┴─┐    ┌─┴─┐       ┌─┴─┐
//!        d0  d1   d2  d3      d4  d5
//! ```
//!
//! # Storage
//!
//! [`MerkleTree`] keeps, for each height `h`, the hashes of the complete,
//! aligned blocks of `2^h` leaves (`levels[h][i]` covers leaves
//! `[i·2^h, (i+1)·2^h)`). Every left subtree in the recursion above is such
//! a block, so any subtree hash costs `O(log n)` hash computations, and
//! appending a leaf updates at most one block per level.

use super::error::MerkleError;
use alloc::vec;
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// `SHA-256(0x00 ‖ data)`.
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x00]);
    hasher.update(data);
    hasher.finalize().into()
}

/// `SHA-256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut hasher = Sha256::new();
    hasher.update([0x01]);
    hasher.update(left);
    hasher.update(right);
    hasher.finalize().into()
}

/// `SHA-256()`, the root of the empty tree.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two strictly less than `n` (for `n ≥ 2`).
pub fn split_point(n: u64) -> u64 {
    debug_assert!(n >= 2);
    1 << (63 - (n - 1).leading_zeros())
}

/// A Merkle tree over a growing list of leaves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MerkleTree {
    levels: Vec<Vec<Hash>>,
}

impl MerkleTree {
    /// The empty tree.
    pub fn new() -> Self {
        Self {
            levels: vec![Vec::new()],
        }
    }

    /// A tree over `leaves`, in order.
    pub fn from_leaves<I>(leaves: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<[u8]>,
    {
        let mut tree = Self::new();
        for leaf in leaves {
            tree.push(leaf.as_ref());
        }
        tree
    }

    /// Appends one leaf.
    pub fn push(&mut self, data: &[u8]) {
        self.push_leaf_hash(leaf_hash(data));
    }

    /// Appends one leaf given by its leaf hash.
    pub fn push_leaf_hash(&mut self, hash: Hash) {
        if self.levels.is_empty() {
            self.levels.push(Vec::new());
        }
        self.levels[0].push(hash);
        let mut height = 0;
        while self.levels[height].len().is_multiple_of(2) {
            let level = &self.levels[height];
            let parent = node_hash(&level[level.len() - 2], &level[level.len() - 1]);
            if self.levels.len() == height + 1 {
                self.levels.push(Vec::new());
            }
            self.levels[height + 1].push(parent);
            height += 1;
        }
    }

    /// The number of leaves.
    pub fn size(&self) -> u64 {
        self.levels.first().map_or(0, |leaves| leaves.len() as u64)
    }

    /// The leaf hash at `index`.
    pub fn leaf(&self, index: u64) -> Result<Hash, MerkleError> {
        self.check_index(index, self.size())?;
        Ok(self.levels[0][index as usize])
    }

    /// The root of the whole tree.
    pub fn root(&self) -> Hash {
        self.root_at(self.size()).unwrap_or_else(|_| empty_root())
    }

    /// The root of the tree over the first `size` leaves.
    pub fn root_at(&self, size: u64) -> Result<Hash, MerkleError> {
        self.check_size(size)?;
        Ok(if size == 0 {
            empty_root()
        } else {
            self.subtree(0, size)
        })
    }

    /// `MTH(D[start:end])` for `start < end ≤ size`.
    pub fn subtree_root(&self, start: u64, end: u64) -> Result<Hash, MerkleError> {
        self.check_size(end)?;
        self.check_index(start, end)?;
        Ok(self.subtree(start, end))
    }

    pub(crate) fn subtree(&self, start: u64, end: u64) -> Hash {
        let width = end - start;
        if width.is_power_of_two() && start.is_multiple_of(width) {
            let height = width.trailing_zeros() as usize;
            return self.levels[height][(start / width) as usize];
        }
        let k = split_point(width);
        node_hash(
            &self.subtree(start, start + k),
            &self.subtree(start + k, end),
        )
    }

    pub(crate) fn check_index(&self, index: u64, size: u64) -> Result<(), MerkleError> {
        if index >= size {
            return Err(MerkleError::IndexOutOfRange { index, size });
        }
        Ok(())
    }

    pub(crate) fn check_size(&self, size: u64) -> Result<(), MerkleError> {
        if size > self.size() {
            return Err(MerkleError::SizeOutOfRange {
                size,
                available: self.size(),
            });
        }
        Ok(())
    }
}

/// `MTH` computed straight from the recursive definition, without caching.
pub fn root_of(leaves: &[&[u8]]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaf_hash(leaves[0]),
        n => {
            let k = split_point(n as u64) as usize;
            node_hash(&root_of(&leaves[..k]), &root_of(&leaves[k..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrity::hex;

    #[test]
    fn split_point_is_the_largest_power_of_two_below() {
        let cases = [
            (2, 1),
            (3, 2),
            (4, 2),
            (5, 4),
            (8, 4),
            (9, 8),
            (1 << 40, 1 << 39),
        ];
        for (n, k) in cases {
            assert_eq!(split_point(n), k, "n = {n}");
        }
    }

    #[test]
    fn empty_tree_root_is_sha256_of_nothing() {
        let want = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(hex::encode(&empty_root()), want);
        assert_eq!(MerkleTree::new().root(), empty_root());
        assert_eq!(MerkleTree::default().root(), empty_root());
    }

    #[test]
    fn cached_roots_equal_the_recursive_definition() {
        let data: Vec<Vec<u8>> = (0..37u8).map(|i| vec![i; usize::from(i % 5)]).collect();
        let tree = MerkleTree::from_leaves(&data);
        for size in 0..=data.len() {
            let slices: Vec<&[u8]> = data[..size].iter().map(Vec::as_slice).collect();
            assert_eq!(
                tree.root_at(size as u64).unwrap(),
                root_of(&slices),
                "size {size}"
            );
        }
        for (start, end) in [(0, 1), (3, 9), (5, 6), (8, 16), (17, 37)] {
            let slices: Vec<&[u8]> = data[start..end].iter().map(Vec::as_slice).collect();
            assert_eq!(
                tree.subtree_root(start as u64, end as u64).unwrap(),
                root_of(&slices)
            );
        }
    }

    #[test]
    fn out_of_range_requests_are_errors() {
        let tree = MerkleTree::from_leaves(["a", "b"]);
        assert_eq!(
            tree.root_at(3),
            Err(MerkleError::SizeOutOfRange {
                size: 3,
                available: 2
            })
        );
        assert_eq!(
            tree.leaf(2),
            Err(MerkleError::IndexOutOfRange { index: 2, size: 2 })
        );
        assert!(tree.subtree_root(1, 1).is_err());
        assert!(tree.subtree_root(0, 3).is_err());
        assert_eq!(tree.leaf(1).unwrap(), leaf_hash(b"b"));
    }
}
