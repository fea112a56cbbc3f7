//! Leader election: the Bully algorithm and election on a logical ring.
//!
//! * [`bully`]: Garcia-Molina, "Elections in a Distributed Computing
//!   System", IEEE Transactions on Computers C-31(1), 1982, in the
//!   Election / Answer / Coordinator form of the textbooks (Coulouris et
//!   al., *Distributed Systems: Concepts and Design*, §15.3).
//! * [`ring`]: the ring algorithm, in two variants — the circulating list
//!   of Tanenbaum & van Steen (*Distributed Systems*, §6.5) and Chang &
//!   Roberts, "An improved algorithm for decentralized extrema-finding in
//!   circular configurations of processes", CACM 22(5), 1979.
//!
//! Both elect the *highest live id*. Both detect a failed leader the same
//! way: the leader broadcasts a heartbeat every interval, and a node that
//! hears none from its leader for a randomized timeout starts an election
//! (so which node detects the failure first is random; a
//! `StartElection` command picks it by hand). A node that restarts starts
//! an election, so a recovered higher node takes over again.
//!
//! # What is checked, and when
//!
//! Agreement cannot hold at every instant: while an election runs, or a
//! crash is not yet detected, nodes legitimately disagree. So there are two
//! kinds of property.
//!
//! **Safety, at every step** ([`ElectionInvariants`], checked by the
//! simulator under any fault, loss and partition included):
//!
//! * *No lower leader*: no node ever believes in a leader with an id lower
//!   than its own. A node that hears a lower node claim leadership starts
//!   an election (or, if it leads, re-announces itself) instead of
//!   following it — the "bully" rule.
//! * *Unopposed leader*: a node that considers itself leader has heard no
//!   higher node (an Answer, Coordinator or heartbeat in Bully; a higher
//!   candidate in the ring) since its election began. A node that hears a
//!   higher one steps down at once.
//!
//! **Agreement, once stable** ([`stability`], [`agreement_violation`]).
//! The world is *stable* when
//!
//! 1. no live node is taking part in an election (Bully: electing or
//!    waiting for a Coordinator; ring: a participant, or waiting for a
//!    successor's ack),
//! 2. no election message (everything but heartbeats) is in flight,
//!    including messages held by a paused node, and
//! 3. every live node believes in a leader that is up and that itself
//!    believes it leads (so a crash nobody has detected yet, or a stale
//!    belief in a node that has stepped down, is a transient, not a
//!    disagreement).
//!
//! *Stable agreement* says: when the world is stable, every live node
//! believes in the same leader, and it is the highest live id. On a network
//! that loses no messages and is not partitioned (crashes, restarts,
//! pauses, delays and reordering allowed) it holds at every step, and the
//! sweeps check it at every step of such runs. With loss or partitions it
//! can fail for a while legitimately — a lost Coordinator leaves a node
//! following a leader that still believes it leads until the next heartbeat
//! from the new one reaches it; two sides of a partition each elect their
//! own — so there the sweeps require it only after everything heals: the
//! world must become stable and agree on the highest live id.

pub mod bully;
pub mod counts;
pub mod experiments;
mod invariants;
pub mod ring;
pub mod scenario;
mod stability;

pub use invariants::{ElectionInvariants, NO_LOWER_LEADER, UNOPPOSED_LEADER};
pub use stability::{AGREEMENT, Elector, Stability, agreement_violation, stability};
