//! Client requests, the payload a sequence number is bound to, and their
//! digests (a specified hash, so digests agree on every platform).

use crate::sim::{NodeId, stable_hash};

/// A client's request: its operation, stamped with a timestamp that
/// orders the client's requests (§4.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Request {
    pub client: NodeId,
    pub timestamp: u64,
    pub op: u64,
}

/// What a sequence number is bound to: a request, or the null request a
/// new primary uses to fill a hole (§4.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Payload {
    Null,
    Op(Request),
}

/// The digest of a payload.
pub fn digest(payload: &Payload) -> u64 {
    stable_hash(payload)
}

/// The next service state after executing `op` (the service is a hash
/// chain of the operations, so every replica's state is comparable).
pub fn apply(state: u64, op: u64) -> u64 {
    stable_hash(&(state, op))
}
