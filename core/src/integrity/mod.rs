//! Integrity: Merkle trees as specified for Certificate Transparency.
//!
//! A Merkle tree commits to a list of byte strings with one 32-byte hash (the
//! root), and lets anyone check with `O(log n)` hashes that one entry is in
//! the list (an *inclusion proof*) or that a list is a prefix of a longer one
//! (a *consistency proof*). Two replicas that disagree find where by
//! comparing hashes top-down, touching only the subtrees that differ — the
//! mechanism behind anti-entropy repair in Dynamo-style stores.
//!
//! Everything follows RFC 6962 §2.1 (and the verification algorithms of its
//! successor RFC 9162 §2.1.3.2 and §2.1.4.2) byte for byte, so roots and
//! proofs match those of real transparency logs; see [`merkle`],
//! [`inclusion`], [`consistency`], and [`mod@diff`].
//!
//! # Example
//!
//! ```
//! use dsviz_core::integrity::{MerkleTree, leaf_hash, verify_inclusion};
//! let tree = MerkleTree::from_leaves(["a", "b", "c"]);
//! let proof = tree.inclusion_proof(1).unwrap();
//! assert!(verify_inclusion(&leaf_hash(b"b"), 1, 3, &proof.path, &tree.root()).is_ok());
//! assert!(verify_inclusion(&leaf_hash(b"x"), 1, 3, &proof.path, &tree.root()).is_err());
//! ```

pub mod consistency;
pub mod diff;
pub mod error;
pub mod hex;
pub mod inclusion;
pub mod merkle;

pub use consistency::verify_consistency;
pub use diff::{DiffVisit, TreeDiff, diff};
pub use error::MerkleError;
pub use inclusion::{InclusionProof, root_from_inclusion_proof, verify_inclusion};
pub use merkle::{Hash, MerkleTree, empty_root, leaf_hash, node_hash};
