//! Fast Paxos, as in Lamport, "Fast Paxos", Distributed Computing 19(2),
//! 2006.
//!
//! # The algorithm
//!
//! Node 0 is the **coordinator** (and the learner that announces the
//! decision); every node is an **acceptor**, and a client request
//! ([`Command::Propose`]) at any node makes that node the client's proxy.
//!
//! * **Fast round.** Round 1 is fast: the coordinator sends `Any` (a
//!   phase 2a message with no value, as the paper describes fast rounds), and each client
//!   sends its value *straight to the acceptors*. Each acceptor accepts the
//!   first value that reaches it and reports to the coordinator. A value
//!   accepted by a **fast quorum** is chosen in two message delays from
//!   the client instead of three.
//! * **Collision.** If concurrent clients' values reach the acceptors in
//!   different orders, no value may reach a fast quorum. The coordinator
//!   sees it as soon as the votes still missing could no longer make any
//!   value reach a fast quorum, raises the collision flag, and
//!   **recovers through a classic round**: Prepare / Promise from a
//!   classic quorum, then Accept / Accepted as in Paxos.
//! * **Picking the value** (the paper's rule for a coordinator picking
//!   a value in phase 2a after a fast round, which makes recovery safe):
//!   let `k` be the highest round reported in the promises of a classic
//!   quorum `Q`. If `k` was classic, its one value. If `k` was fast, the
//!   value `v` that *might* have been chosen — one accepted in round `k` by
//!   at least `fast − (N − |Q|)` members of `Q` (a fast quorum that
//!   chose `v` overlaps `Q` in at least that many); the quorum sizes make
//!   at most one value qualify. Otherwise any value reported, or any
//!   proposed one.
//!
//! # Quorum sizes
//!
//! For `N` acceptors this module uses a majority as classic quorum,
//! `classic = ⌊N/2⌋ + 1`, and the smallest fast quorum that satisfies the
//! paper's requirement that any classic quorum and any two fast quorums
//! intersect: `classic + 2·fast > 2N`, i.e. `fast = ⌈(2N − classic + 1)/2⌉`
//! ([`quorums`]). Classic quorums intersect as in Paxos.
//!
//! | N | classic | fast | failures tolerated (classic / fast) |
//! |---|---|---|---|
//! | 3 | 2 | 3 | 1 / 0 |
//! | 4 | 3 | 3 | 1 / 1 |
//! | 5 | 3 | 4 | 2 / 1 |
//! | 7 | 4 | 6 | 3 / 1 |
//!
//! `N = 4` is the example of the issue and of the paper's `N > 2F`,
//! `N > 2E + F` with `F = E = 1`: one acceptor may fail and rounds can
//! still be fast, with fast quorum 3 (3 + 2·3 = 9 > 8).
//!
//! # Simplifications
//!
//! The coordinator is fixed (node 0; electing one is the business of
//! [`multi_paxos`](super::multi_paxos) or Raft); only round 1 is fast and
//! every recovery round is classic; recovery runs an explicit phase 1
//! rather than the paper's "coordinated recovery" that reuses the fast
//! round's phase 2b messages.
//!
//! # Safety
//!
//! [`FastPaxosInvariants`] checks after every step that at most one value
//! is chosen (fast quorums in fast rounds, classic quorums in classic
//! ones) and that every learned value is the chosen one.
//! [`FastPaxosConfig::unsafe_ignore_fast_quorum_rule`], for demonstration
//! only, makes recovery pick the value of round `k` with the fewest votes; the
//! sweep then finds two values chosen.

mod acceptor;
mod invariants;
mod node;
mod pick;
pub mod scenario;
mod sweep;

pub use acceptor::FastAcceptor;
pub use invariants::{FastPaxosInvariants, ONE_VALUE_CHOSEN};
pub use node::{COORDINATOR, CoordinatorPhase, FastPaxosConfig, FastPaxosNode};
pub use pick::pick_value;
pub use sweep::sweep_seed;

/// A value a client proposes.
pub type Value = u64;

/// A round: its number and whether it is fast.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Round {
    pub number: u64,
    pub fast: bool,
}

impl Round {
    /// Round 1, the fast one.
    pub const FIRST: Round = Round {
        number: 1,
        fast: true,
    };

    pub fn classic(number: u64) -> Self {
        Self {
            number,
            fast: false,
        }
    }
}

/// Classic and fast quorum sizes for `n` acceptors (see the module docs).
pub fn quorums(n: usize) -> (usize, usize) {
    let classic = n / 2 + 1;
    let fast = (2 * n + 1 - classic).div_ceil(2);
    (classic, fast.min(n))
}

/// Messages of Fast Paxos.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Message {
    /// The coordinator opens fast round `round`: accept any client value.
    Any { round: Round },
    /// A client's value, sent straight to the acceptors.
    Propose { value: Value },
    /// Phase 1a of a classic round.
    Prepare { round: Round },
    /// Phase 1b: the acceptor's vote with the highest round, if any.
    Promise {
        round: Round,
        accepted: Option<(Round, Value)>,
    },
    /// Phase 2a of a classic round.
    Accept { round: Round, value: Value },
    /// Phase 2b, to the coordinator.
    Accepted { round: Round, value: Value },
    /// The value is chosen.
    Chosen { value: Value },
}

impl Message {
    /// A short name of the message's kind.
    pub fn kind(&self) -> &'static str {
        match self {
            Message::Any { .. } => "any",
            Message::Propose { .. } => "propose",
            Message::Prepare { .. } => "prepare",
            Message::Promise { .. } => "promise",
            Message::Accept { .. } => "accept",
            Message::Accepted { .. } => "accepted",
            Message::Chosen { .. } => "chosen",
        }
    }
}

/// Fast Paxos timers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Timer {
    /// The coordinator's round took too long: start a classic round.
    Round,
}

/// What a client or a person asks a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Command {
    /// A client at this node sends `value` to every acceptor.
    Propose(Value),
}

#[cfg(test)]
mod tests {
    use super::quorums;

    #[test]
    fn quorum_sizes_meet_the_intersection_requirements() {
        assert_eq!(quorums(4), (3, 3));
        assert_eq!(quorums(5), (3, 4));
        assert_eq!(quorums(7), (4, 6));
        for n in 1..=20 {
            let (classic, fast) = quorums(n);
            assert!(2 * classic > n, "classic quorums intersect (N = {n})");
            assert!(classic + 2 * fast > 2 * n, "Q_c ∩ Q_f ∩ Q_f' ≠ ∅ (N = {n})");
            assert!(fast <= n);
        }
    }
}
