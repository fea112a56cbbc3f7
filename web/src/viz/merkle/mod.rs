//! The Merkle tree visualization: two replicas of the same blocks, each
//! hashed into an RFC 6962 Merkle tree (Merkle 1987, "A digital signature
//! based on a conventional encryption function"; Laurie, Langley & Kasper,
//! RFC 6962 "Certificate Transparency", 2013, §2.1).
//!
//! A leaf hash is `SHA-256(0x00 ‖ block)`, an inner node's hash is
//! `SHA-256(0x01 ‖ left ‖ right)`, and a tree over `n` blocks splits at the
//! largest power of two below `n`, so sizes that are not powers of two give
//! a shallower right edge. Editing a block changes every hash on its path to
//! the root. The diff (anti-entropy repair as in Dynamo, DeCandia et al.
//! 2007, §4.7) compares the roots and descends only where the hashes differ,
//! so `d` differing blocks among `n` cost `O(d log n)` comparisons. An
//! inclusion proof for a block is the list of sibling hashes on its path;
//! the verifier rehashes up from the leaf and must reach the root.
//!
//! The page replays [`model::MerkleOp`]s: the edits, then one diff
//! comparison per step, all computed by `dsviz_core::integrity`.

pub mod layout;
pub mod model;
mod page;
pub mod params;
mod preview;
mod tree_svg;
pub mod view;

pub use page::MerklePage;
pub use preview::MerklePreview;
