//! The one error type of the integrity family: bad requests and failed
//! verifications, each with a message a person can act on.

use core::fmt;

/// Why a Merkle operation or verification failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MerkleError {
    /// A leaf index at or past the tree size.
    IndexOutOfRange { index: u64, size: u64 },
    /// A tree size larger than the tree that was asked.
    SizeOutOfRange { size: u64, available: u64 },
    /// A consistency check from a larger size to a smaller one.
    SizesOutOfOrder { old: u64, new: u64 },
    /// Two trees of different sizes given to a diff.
    SizeMismatch { left: u64, right: u64 },
    /// A proof with hashes left over after reaching the root.
    ProofTooLong,
    /// A proof that ran out of hashes before reaching the root.
    ProofTooShort,
    /// The proof does not lead to the expected root.
    RootMismatch,
    /// A consistency proof that does not lead to the old root.
    OldRootMismatch,
    /// Text that is not an even number of hex digits.
    InvalidHex { position: usize },
}

impl fmt::Display for MerkleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IndexOutOfRange { index, size } => {
                write!(f, "leaf index {index} is not below the tree size {size}")
            }
            Self::SizeOutOfRange { size, available } => {
                write!(f, "size {size} exceeds the {available} leaves present")
            }
            Self::SizesOutOfOrder { old, new } => {
                write!(f, "old size {old} is larger than new size {new}")
            }
            Self::SizeMismatch { left, right } => {
                write!(f, "trees have different sizes ({left} and {right})")
            }
            Self::ProofTooLong => f.write_str("the proof has more hashes than the tree needs"),
            Self::ProofTooShort => f.write_str("the proof has fewer hashes than the tree needs"),
            Self::RootMismatch => f.write_str("the proof does not lead to the expected root"),
            Self::OldRootMismatch => f.write_str("the proof does not lead to the old root"),
            Self::InvalidHex { position } => write!(f, "invalid hex at character {position}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for MerkleError {}
