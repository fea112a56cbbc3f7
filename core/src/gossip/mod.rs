//! Epidemic dissemination: information spread by random pairwise contacts,
//! one file per protocol, each a [`Node`](crate::sim::Node) on the shared
//! simulator with rounds driven by a periodic timer and peers drawn from
//! each node's own seeded stream ([`round`]).
//!
//! * [`dissemination`]: anti-entropy of one update by push, pull or
//!   push-pull, with a fanout and a period (Demers et al. 1987, §2).
//! * [`rumor`]: rumor mongering, feedback or blind × counter or coin, with
//!   parameter `k`; residue, traffic, `t_avg` and `t_last` (Demers et al.
//!   1987, §3), optionally backed up by anti-entropy.
//! * [`membership`]: gossip-style failure detection with heartbeat
//!   counters, `T_fail` and `T_cleanup` (van Renesse, Minsky & Hayden 1998).
//! * [`scuttlebutt`]: reconciliation by per-origin versions, digests and
//!   deltas, with an MTU, the scuttle-depth (or scuttle-breadth) ordering and the backlog it
//!   leaves (van Renesse, Dumitriu, Gough & Thomas 2008).
//!
//! [`experiments`] holds the measurements (round counts, the rumor table
//! against its equation, the theory curves) and the seed sweeps, as plain
//! functions the lab CLI and the pages call one trial at a time.
//!
//! # Safety at every step, liveness after healing
//!
//! Every protocol's invariants are checked by the simulator after every
//! step: a node never un-learns (dissemination and rumor), a removed node
//! never spreads the same rumor again, heartbeats and versions only grow,
//! Scuttlebutt never sends a delta the peer's digest says it has and never
//! more than the MTU. Reaching everyone cannot hold while a partition or
//! crashes separate nodes; the sweeps demand it once everything heals.

pub mod dissemination;
pub mod experiments;
pub mod invariants;
pub mod membership;
pub mod round;
pub mod rumor;
pub mod scenario;
pub mod scuttlebutt;
mod sweep;

pub use dissemination::{AntiEntropyConfig, AntiEntropyNode, Mode};
pub use membership::{MemberState, MembershipConfig, MembershipNode};
pub use rumor::{RumorConfig, RumorNode, RumorVariant};
pub use scuttlebutt::{ScuttleOrder, ScuttlebuttConfig, ScuttlebuttNode};
pub use sweep::{GossipSweepOutcome, SweepProtocol, sweep_seed};

/// The colour of a node in an epidemic picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Status {
    /// Has not heard the update.
    Susceptible,
    /// Knows it (and, in rumor mongering, still spreads it).
    Infected,
    /// Knows it and has lost interest (rumor mongering only).
    Removed,
}

/// A node whose knowledge is one version number that only grows.
pub trait Knower {
    /// The newest version it knows (0: none).
    fn known(&self) -> u64;
}
