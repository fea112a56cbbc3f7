//! The Certificate Transparency reference test vectors for RFC 6962 trees:
//! eight leaves, the roots of their prefixes of sizes 1..8, and known
//! inclusion and consistency proofs (as published with the reference Go
//! implementation of transparency logs).

use dsviz_core::integrity::hex::{decode, decode_hash, encode};
use dsviz_core::integrity::{
    Hash, MerkleError, MerkleTree, leaf_hash, verify_consistency, verify_inclusion,
};

const LEAVES: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

const ROOTS: [&str; 8] = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/// (leaf index, tree size, proof).
const INCLUSION: [(u64, u64, &[&str]); 4] = [
    (
        0,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        &[
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        3,
        &["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"],
    ),
    (
        1,
        5,
        &[
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
];

/// (old size, new size, proof).
const CONSISTENCY: [(u64, u64, &[&str]); 4] = [
    (
        1,
        8,
        &[
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        &[
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        &[
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
];

fn reference_tree() -> MerkleTree {
    MerkleTree::from_leaves(LEAVES.iter().map(|leaf| decode(leaf).unwrap()))
}

fn hashes(list: &[&str]) -> Vec<Hash> {
    list.iter().map(|h| decode_hash(h).unwrap()).collect()
}

#[test]
fn roots_of_every_prefix_match_the_reference() {
    let tree = reference_tree();
    for (size, want) in (1..=8).zip(ROOTS) {
        assert_eq!(encode(&tree.root_at(size).unwrap()), want, "size {size}");
    }
}

#[test]
fn inclusion_proofs_match_and_verify() {
    let tree = reference_tree();
    for (index, size, proof) in INCLUSION {
        let want = hashes(proof);
        assert_eq!(
            tree.inclusion_proof_at(index, size).unwrap().path,
            want,
            "leaf {index} of {size}"
        );
        let leaf = leaf_hash(&decode(LEAVES[index as usize]).unwrap());
        let root = decode_hash(ROOTS[size as usize - 1]).unwrap();
        verify_inclusion(&leaf, index, size, &want, &root).unwrap();
    }
}

#[test]
fn consistency_proofs_match_and_verify() {
    let tree = reference_tree();
    for (old, new, proof) in CONSISTENCY {
        let want = hashes(proof);
        assert_eq!(
            tree.consistency_proof(old, new).unwrap(),
            want,
            "{old} → {new}"
        );
        let old_root = decode_hash(ROOTS[old as usize - 1]).unwrap();
        let new_root = decode_hash(ROOTS[new as usize - 1]).unwrap();
        verify_consistency(old, new, &old_root, &new_root, &want).unwrap();
        assert!(
            verify_consistency(old, new, &new_root, &old_root, &want).is_err(),
            "swapped roots"
        );
    }
}

/// The corruptions the reference test suite applies to each known proof.
#[test]
fn corrupted_reference_proofs_fail() {
    for (index, size, proof) in INCLUSION {
        let proof = hashes(proof);
        let leaf = leaf_hash(&decode(LEAVES[index as usize]).unwrap());
        let root = decode_hash(ROOTS[size as usize - 1]).unwrap();
        let check = |i: u64, n: u64, leaf: &Hash, path: &[Hash], root: &Hash| {
            verify_inclusion(leaf, i, n, path, root)
        };
        assert!(check(index.wrapping_sub(1), size, &leaf, &proof, &root).is_err());
        assert!(check(index + 1, size, &leaf, &proof, &root).is_err());
        assert!(check(index ^ 2, size, &leaf, &proof, &root).is_err());
        assert!(check(index, size * 2, &leaf, &proof, &root).is_err());
        assert!(check(index, size / 2, &leaf, &proof, &root).is_err());
        assert!(check(index, size, &leaf_hash(b"WrongLeaf"), &proof, &root).is_err());
        let mut longer = proof.clone();
        longer.push(root);
        assert_eq!(
            check(index, size, &leaf, &longer, &root),
            Err(MerkleError::ProofTooLong)
        );
        for position in 0..proof.len() {
            let mut flipped = proof.clone();
            flipped[position][0] ^= 8;
            assert_eq!(
                check(index, size, &leaf, &flipped, &root),
                Err(MerkleError::RootMismatch)
            );
        }
    }
}
