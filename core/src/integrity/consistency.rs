//! Consistency proofs: `O(log n)` hashes that show the tree of `m` leaves is
//! a prefix of the tree of `n` leaves — the log only ever appended.
//!
//! # How it works
//!
//! The proof (RFC 6962 §2.1.2) holds the hashes needed to compute both
//! roots from the same nodes: the subtrees that make up the old tree, plus
//! those that the new tree adds around them.
//!
//! ```text
//!   PROOF(m, D[n])         = SUBPROOF(m, D[n], true)
//!   SUBPROOF(m, D[m], true)  = {}
//!   SUBPROOF(m, D[m], false) = {MTH(D[m])}
//!   SUBPROOF(m, D[n], b)     = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])      if m ≤ k
//!                            = SUBPROOF(m-k, D[k:n], false) : MTH(D[0:k]) if m > k
//!
//!   m = 3, n = 7:               new root
//!                        ┌─────────┴─────────┐
//!                      [0,4)               *[4,7)*   ← third
//!                  ┌─────┴─────┐
//!               *[0,2)*      [2,4)                   ← second
//!                           ┌──┴──┐
//!                          *d2*  *d3*                ← first two
//!   old root = H([0,2), d2);  new root = H(H([0,2), H(d2, d3)), [4,7))
//! ```
//!
//! The flag `b` records whether the subtree being described is known to the
//! verifier already (it is when it is the whole old tree, whose root the
//! verifier holds). The verifier (RFC 9162 §2.1.4.2) walks the bits of
//! `m - 1` and `n - 1` and rebuilds the old root `fr` and the new root `sr`
//! side by side from the same hashes.
//!
//! Sizes: `m = n` needs an empty proof and equal roots; `m = 0` (the empty
//! tree is a prefix of everything) needs an empty proof and the old root
//! must be the empty tree's root.

use super::error::MerkleError;
use super::merkle::{Hash, MerkleTree, empty_root, node_hash, split_point};
use alloc::vec::Vec;

impl MerkleTree {
    /// The proof that the tree of `old_size` leaves is a prefix of the tree
    /// of `new_size` leaves (`old_size ≤ new_size ≤ size`).
    pub fn consistency_proof(
        &self,
        old_size: u64,
        new_size: u64,
    ) -> Result<Vec<Hash>, MerkleError> {
        self.check_size(new_size)?;
        if old_size > new_size {
            return Err(MerkleError::SizesOutOfOrder {
                old: old_size,
                new: new_size,
            });
        }
        let mut proof = Vec::new();
        if old_size > 0 && old_size < new_size {
            self.collect_subproof(old_size, 0, new_size, true, &mut proof);
        }
        Ok(proof)
    }

    /// Appends `SUBPROOF(m, D[start:end], known)`.
    fn collect_subproof(&self, m: u64, start: u64, end: u64, known: bool, proof: &mut Vec<Hash>) {
        let width = end - start;
        if m == width {
            if !known {
                proof.push(self.subtree(start, end));
            }
            return;
        }
        let k = split_point(width);
        if m <= k {
            self.collect_subproof(m, start, start + k, known, proof);
            proof.push(self.subtree(start + k, end));
        } else {
            self.collect_subproof(m - k, start + k, end, false, proof);
            proof.push(self.subtree(start, start + k));
        }
    }
}

/// Checks that `proof` shows the tree (`old_size`, `old_root`) is a prefix of
/// the tree (`new_size`, `new_root`).
pub fn verify_consistency(
    old_size: u64,
    new_size: u64,
    old_root: &Hash,
    new_root: &Hash,
    proof: &[Hash],
) -> Result<(), MerkleError> {
    if old_size > new_size {
        return Err(MerkleError::SizesOutOfOrder {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 || old_size == new_size {
        if !proof.is_empty() {
            return Err(MerkleError::ProofTooLong);
        }
        let expected_old = if old_size == 0 {
            empty_root()
        } else {
            *new_root
        };
        return if *old_root == expected_old {
            Ok(())
        } else {
            Err(MerkleError::RootMismatch)
        };
    }
    let (first, rest) = match proof.split_first() {
        None => return Err(MerkleError::ProofTooShort),
        // A power-of-two old tree is a perfect subtree: its root starts the walk.
        Some(_) if old_size.is_power_of_two() => (old_root, proof),
        Some((first, rest)) => (first, rest),
    };
    let (mut fnode, mut snode) = (old_size - 1, new_size - 1);
    while fnode & 1 == 1 {
        fnode >>= 1;
        snode >>= 1;
    }
    let (mut old_hash, mut new_hash) = (*first, *first);
    for hash in rest {
        if snode == 0 {
            return Err(MerkleError::ProofTooLong);
        }
        if fnode & 1 == 1 || fnode == snode {
            old_hash = node_hash(hash, &old_hash);
            new_hash = node_hash(hash, &new_hash);
            while fnode & 1 == 0 && fnode != 0 {
                fnode >>= 1;
                snode >>= 1;
            }
        } else {
            new_hash = node_hash(&new_hash, hash);
        }
        fnode >>= 1;
        snode >>= 1;
    }
    if snode != 0 {
        return Err(MerkleError::ProofTooShort);
    }
    if old_hash != *old_root {
        return Err(MerkleError::OldRootMismatch);
    }
    if new_hash != *new_root {
        return Err(MerkleError::RootMismatch);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(n: u8) -> MerkleTree {
        MerkleTree::from_leaves((0..n).map(|i| [i]))
    }

    #[test]
    fn the_picture_in_the_module_docs() {
        let t = tree(7);
        let proof = t.consistency_proof(3, 7).unwrap();
        assert_eq!(
            proof,
            [
                t.subtree(2, 3),
                t.subtree(3, 4),
                t.subtree(0, 2),
                t.subtree(4, 7)
            ]
        );
        verify_consistency(3, 7, &t.root_at(3).unwrap(), &t.root(), &proof).unwrap();
    }

    #[test]
    fn power_of_two_old_trees_leave_out_their_own_root() {
        let t = tree(8);
        let proof = t.consistency_proof(4, 8).unwrap();
        assert_eq!(proof, [t.subtree(4, 8)]);
        verify_consistency(4, 8, &t.root_at(4).unwrap(), &t.root(), &proof).unwrap();
    }

    #[test]
    fn trivial_sizes() {
        let t = tree(5);
        assert!(t.consistency_proof(5, 5).unwrap().is_empty());
        assert!(t.consistency_proof(0, 5).unwrap().is_empty());
        verify_consistency(5, 5, &t.root(), &t.root(), &[]).unwrap();
        verify_consistency(0, 5, &empty_root(), &t.root(), &[]).unwrap();
        assert!(verify_consistency(0, 5, &t.root(), &t.root(), &[]).is_err());
        assert!(verify_consistency(5, 5, &t.root_at(4).unwrap(), &t.root(), &[]).is_err());
        assert!(verify_consistency(5, 5, &t.root(), &t.root(), &[t.root()]).is_err());
        assert!(verify_consistency(2, 5, &t.root_at(2).unwrap(), &t.root(), &[]).is_err());
        assert!(matches!(
            t.consistency_proof(3, 2),
            Err(MerkleError::SizesOutOfOrder { .. })
        ));
        assert!(matches!(
            verify_consistency(3, 2, &t.root(), &t.root(), &[]),
            Err(MerkleError::SizesOutOfOrder { .. })
        ));
        assert!(t.consistency_proof(3, 6).is_err());
    }

    #[test]
    fn a_rewritten_history_is_caught() {
        let honest = tree(6);
        let forged = MerkleTree::from_leaves([[0u8], [9], [2], [3], [4], [5]]);
        let proof = forged.consistency_proof(3, 6).unwrap();
        let result = verify_consistency(3, 6, &honest.root_at(3).unwrap(), &forged.root(), &proof);
        assert_eq!(result, Err(MerkleError::OldRootMismatch));
    }
}
