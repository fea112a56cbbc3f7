//! Laws of RFC 6962 proofs: a proof verifies exactly its own leaf, index,
//! size, and root, and any tampering breaks it; consistency proofs verify
//! exactly their own pair of trees; a diff finds exactly the changed leaves.

use dsviz_core::integrity::{
    Hash, MerkleTree, diff, leaf_hash, verify_consistency, verify_inclusion,
};
use proptest::collection::{btree_set, vec};
use proptest::prelude::*;

/// Distinct leaves: each starts with its own index.
fn leaves() -> impl Strategy<Value = Vec<Vec<u8>>> {
    vec(vec(any::<u8>(), 0..6), 1..40).prop_map(|tails| {
        tails
            .into_iter()
            .enumerate()
            .map(|(i, tail)| {
                let mut leaf = (i as u32).to_le_bytes().to_vec();
                leaf.extend(tail);
                leaf
            })
            .collect()
    })
}

fn flip(hash: &Hash, bit: usize) -> Hash {
    let mut flipped = *hash;
    flipped[bit / 8 % 32] ^= 1 << (bit % 8);
    flipped
}

proptest! {
    #[test]
    fn inclusion_proofs_verify_exactly_their_leaf(leaves in leaves(), pick: (prop::sample::Index, prop::sample::Index), bit in 0usize..256) {
        let tree = MerkleTree::from_leaves(&leaves);
        let n = tree.size();
        let size = pick.0.index(n as usize) as u64 + 1;
        let index = pick.1.index(size as usize) as u64;
        let proof = tree.inclusion_proof_at(index, size).unwrap().path;
        let root = tree.root_at(size).unwrap();
        let leaf = leaf_hash(&leaves[index as usize]);
        prop_assert_eq!(verify_inclusion(&leaf, index, size, &proof, &root), Ok(()));

        for other in 0..size + 2 {
            if other != index {
                prop_assert!(verify_inclusion(&leaf, other, size, &proof, &root).is_err(), "index {}", other);
                if other < size {
                    let other_leaf = leaf_hash(&leaves[other as usize]);
                    prop_assert!(verify_inclusion(&other_leaf, other, size, &proof, &root).is_err());
                }
            }
        }
        // Against another size's own root (the root commits to the size).
        for other_size in 1..=n {
            if other_size != size {
                let other_root = tree.root_at(other_size).unwrap();
                prop_assert!(verify_inclusion(&leaf, index, other_size, &proof, &other_root).is_err(), "size {}", other_size);
            }
        }
        prop_assert!(verify_inclusion(&flip(&leaf, bit), index, size, &proof, &root).is_err());
        prop_assert!(verify_inclusion(&leaf, index, size, &proof, &flip(&root, bit)).is_err());
        for position in 0..proof.len() {
            let mut tampered = proof.clone();
            tampered[position] = flip(&tampered[position], bit);
            prop_assert!(verify_inclusion(&leaf, index, size, &tampered, &root).is_err());
            let mut shorter = proof.clone();
            shorter.remove(position);
            prop_assert!(verify_inclusion(&leaf, index, size, &shorter, &root).is_err());
        }
        let mut longer = proof.clone();
        longer.push(root);
        prop_assert!(verify_inclusion(&leaf, index, size, &longer, &root).is_err());
    }

    #[test]
    fn consistency_proofs_verify_exactly_their_trees(leaves in leaves(), pick: (prop::sample::Index, prop::sample::Index), bit in 0usize..256) {
        let tree = MerkleTree::from_leaves(&leaves);
        let new_size = pick.0.index(tree.size() as usize) as u64 + 1;
        let old_size = pick.1.index(new_size as usize + 1) as u64;
        let proof = tree.consistency_proof(old_size, new_size).unwrap();
        let old_root = tree.root_at(old_size).unwrap();
        let new_root = tree.root_at(new_size).unwrap();
        prop_assert_eq!(verify_consistency(old_size, new_size, &old_root, &new_root, &proof), Ok(()));

        for other in 0..=new_size {
            // The empty proof is honestly valid for sizes 0 and new_size.
            let also_valid = proof.is_empty() && (other == 0 || other == new_size);
            if other != old_size && !also_valid {
                let other_root = tree.root_at(other).unwrap();
                prop_assert!(verify_consistency(other, new_size, &other_root, &new_root, &proof).is_err(), "old size {}", other);
            }
        }
        prop_assert!(verify_consistency(old_size, new_size, &flip(&old_root, bit), &new_root, &proof).is_err());
        if old_size > 0 {
            // (Every tree extends the empty one, whatever its root.)
            prop_assert!(verify_consistency(old_size, new_size, &old_root, &flip(&new_root, bit), &proof).is_err());
        }
        for position in 0..proof.len() {
            let mut tampered = proof.clone();
            tampered[position] = flip(&tampered[position], bit);
            prop_assert!(verify_consistency(old_size, new_size, &old_root, &new_root, &tampered).is_err());
        }
        // A history rewritten anywhere before old_size is caught.
        if old_size > 0 {
            let mut forged_leaves = leaves.clone();
            forged_leaves[(bit as u64 % old_size) as usize].push(0xFF);
            let forged = MerkleTree::from_leaves(&forged_leaves);
            let forged_proof = forged.consistency_proof(old_size, new_size).unwrap();
            prop_assert!(verify_consistency(old_size, new_size, &old_root, &forged.root_at(new_size).unwrap(), &forged_proof).is_err());
        }
    }

    #[test]
    fn diff_finds_exactly_the_changed_leaves(leaves in leaves(), changed in btree_set(0usize..40, 0..6)) {
        let changed: Vec<u64> = changed.into_iter().filter(|&i| i < leaves.len()).map(|i| i as u64).collect();
        let mut edited = leaves.clone();
        for &i in &changed {
            edited[i as usize].push(0xAB);
        }
        let (a, b) = (MerkleTree::from_leaves(&leaves), MerkleTree::from_leaves(&edited));
        let result = diff(&a, &b).unwrap();
        prop_assert_eq!(&result.differing_leaves, &changed);
        prop_assert_eq!((result.visits[0].start, result.visits[0].end), (0, a.size()));
        // Never more comparisons than nodes in the tree (2n - 1).
        prop_assert!(result.comparisons() < 2 * leaves.len());
        if changed.is_empty() {
            prop_assert_eq!(result.comparisons(), 1);
        }
    }
}
