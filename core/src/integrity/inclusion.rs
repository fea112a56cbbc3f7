//! Inclusion (audit) proofs: `O(log n)` hashes that show one leaf is in a
//! tree with a given root.
//!
//! # How it works
//!
//! The proof for leaf `m` of `D[n]` (RFC 6962 §2.1.1) is the list of sibling
//! hashes on the path from the leaf up to the root, deepest first:
//!
//! ```text
//!   PATH(0, {d0})  = {}
//!   PATH(m, D[n])  = PATH(m, D[0:k])   : MTH(D[k:n])    if m < k
//!                  = PATH(m-k, D[k:n]) : MTH(D[0:k])    if m ≥ k
//!
//!   leaf 2 of 7:          root
//!                   ┌──────┴──────┐
//!                 [0,4)         *[4,7)*      ← third proof hash
//!              ┌───┴───┐
//!          *[0,2)*   [2,4)                   ← second proof hash
//!                   ┌─┴─┐
//!                   d2 *d3*                  ← first proof hash
//! ```
//!
//! The verifier (RFC 9162 §2.1.3.2) rehashes from the leaf upwards. It walks
//! the binary digits of the leaf index `fn` and of the last index `sn`: an
//! odd `fn`, or `fn = sn` (the node is the right edge), means the proof hash
//! is a left sibling; otherwise a right sibling. Right edges of unbalanced
//! trees have no sibling at some levels, which the verifier skips by
//! shifting until `fn` is odd again. The proof is valid when the hashes run
//! out exactly as `sn` reaches zero and the result is the root.
//!
//! The root commits to the tree size: trees of different sizes over
//! different-length leaf lists never share a root (the 0x00/0x01 prefixes
//! keep leaves and nodes apart), so a proof checked against the right root
//! also pins down the size.

use super::error::MerkleError;
use super::merkle::{Hash, MerkleTree, node_hash, split_point};
use alloc::vec::Vec;

/// The hashes that prove leaf `leaf_index` is in the tree of `tree_size`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct InclusionProof {
    pub leaf_index: u64,
    pub tree_size: u64,
    pub path: Vec<Hash>,
}

impl MerkleTree {
    /// The proof for leaf `index` in the whole tree.
    pub fn inclusion_proof(&self, index: u64) -> Result<InclusionProof, MerkleError> {
        self.inclusion_proof_at(index, self.size())
    }

    /// The proof for leaf `index` in the tree over the first `size` leaves.
    pub fn inclusion_proof_at(&self, index: u64, size: u64) -> Result<InclusionProof, MerkleError> {
        self.check_size(size)?;
        self.check_index(index, size)?;
        let mut path = Vec::new();
        self.collect_path(index, 0, size, &mut path);
        Ok(InclusionProof {
            leaf_index: index,
            tree_size: size,
            path,
        })
    }

    /// Appends `PATH(index - start, D[start:end])`, deepest hash first.
    fn collect_path(&self, index: u64, start: u64, end: u64, path: &mut Vec<Hash>) {
        if end - start == 1 {
            return;
        }
        let k = split_point(end - start);
        if index < start + k {
            self.collect_path(index, start, start + k, path);
            path.push(self.subtree(start + k, end));
        } else {
            self.collect_path(index, start + k, end, path);
            path.push(self.subtree(start, start + k));
        }
    }
}

/// The root that `path` leads to from `leaf` at `index` in a tree of `size`
/// (RFC 9162 §2.1.3.2: everything but the final comparison with the root).
pub fn root_from_inclusion_proof(
    leaf: &Hash,
    index: u64,
    size: u64,
    path: &[Hash],
) -> Result<Hash, MerkleError> {
    if index >= size {
        return Err(MerkleError::IndexOutOfRange { index, size });
    }
    let (mut fnode, mut snode) = (index, size - 1);
    let mut hash = *leaf;
    for sibling in path {
        if snode == 0 {
            return Err(MerkleError::ProofTooLong);
        }
        if fnode & 1 == 1 || fnode == snode {
            hash = node_hash(sibling, &hash);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            hash = node_hash(&hash, sibling);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(MerkleError::ProofTooShort);
    }
    Ok(hash)
}

/// Checks that `path` proves `leaf` (a leaf hash) is at `index` of the tree
/// of `size` leaves whose root is `root`.
pub fn verify_inclusion(
    leaf: &Hash,
    index: u64,
    size: u64,
    path: &[Hash],
    root: &Hash,
) -> Result<(), MerkleError> {
    if root_from_inclusion_proof(leaf, index, size, path)? != *root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::integrity::merkle::leaf_hash;

    #[test]
    fn the_picture_in_the_module_docs() {
        let tree = MerkleTree::from_leaves((0..7u8).map(|i| [i]));
        let proof = tree.inclusion_proof(2).unwrap();
        let want = [tree.subtree(3, 4), tree.subtree(0, 2), tree.subtree(4, 7)];
        assert_eq!(proof.path, want);
        verify_inclusion(&leaf_hash(&[2]), 2, 7, &proof.path, &tree.root()).unwrap();
    }

    #[test]
    fn the_right_edge_skips_missing_siblings() {
        // Leaf 6 of 7 has one sibling, [4, 6), then [0, 4).
        let tree = MerkleTree::from_leaves((0..7u8).map(|i| [i]));
        let proof = tree.inclusion_proof(6).unwrap();
        assert_eq!(proof.path, [tree.subtree(4, 6), tree.subtree(0, 4)]);
        verify_inclusion(&leaf_hash(&[6]), 6, 7, &proof.path, &tree.root()).unwrap();
    }

    #[test]
    fn a_single_leaf_needs_no_proof() {
        let tree = MerkleTree::from_leaves(["only"]);
        let proof = tree.inclusion_proof(0).unwrap();
        assert!(proof.path.is_empty());
        verify_inclusion(&leaf_hash(b"only"), 0, 1, &[], &tree.root()).unwrap();
    }

    #[test]
    fn wrong_lengths_are_reported() {
        let tree = MerkleTree::from_leaves((0..4u8).map(|i| [i]));
        let mut path = tree.inclusion_proof(1).unwrap().path;
        let leaf = leaf_hash(&[1]);
        path.push([0; 32]);
        assert_eq!(
            verify_inclusion(&leaf, 1, 4, &path, &tree.root()),
            Err(MerkleError::ProofTooLong)
        );
        path.truncate(1);
        assert_eq!(
            verify_inclusion(&leaf, 1, 4, &path, &tree.root()),
            Err(MerkleError::ProofTooShort)
        );
        assert!(matches!(
            verify_inclusion(&leaf, 4, 4, &path, &tree.root()),
            Err(MerkleError::IndexOutOfRange { .. })
        ));
        assert!(tree.inclusion_proof(4).is_err());
        assert!(tree.inclusion_proof_at(0, 5).is_err());
    }
}
