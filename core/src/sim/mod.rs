//! The deterministic discrete-event simulator shared by every message-passing
//! protocol in dsviz.
//!
//! # How it works
//!
//! A protocol is a [`Node`] state machine: handlers for start, message, timer,
//! command and restart that write their effects (sends, timers, notes) into a
//! [`Context`]. No protocol owns an event loop. The simulator owns:
//!
//! * an event queue ordered by `(time, sequence number)`, so ties resolve in
//!   the order events were scheduled;
//! * a [`network`] model (latency distributions, loss, duplication,
//!   reordering, partitions including one-way cuts, per-link delay);
//! * the [`fault`] vocabulary, applied as first-class *inputs* at a given
//!   step: crash and restart; partitions, one-way cuts and heal; dropping,
//!   duplicating and delaying one message; loss, duplication, latency and
//!   per-link delay; and per node, clock skew ([`Fault::SetClockRate`]: each
//!   node reads its own local clock), pauses ([`Fault::Pause`], a long GC
//!   pause) and slowness ([`Fault::SetProcessingDelay`]) — a paused or slow
//!   node holds what reaches it and handles it, in order, when it is free;
//! * the [`trace`]: one record per step, with the fate of every message sent,
//!   the invariant violations, and a running digest for determinism checks;
//! * checkpoints, so [`Simulation::seek`] can travel to any step, backwards
//!   or forwards, and an input injected in the past forks a new future.
//!
//! ```text
//!   inputs (seed, parameters, faults@step) ──► Simulation ──► trace
//!                                               │  ▲
//!                          checkpoints every K  ▼  │ seek(step)
//!                                              World (Clone)
//!                         queue · network · nodes · rngs · invariants
//! ```
//!
//! Determinism: the world seed derives one PCG-64 stream per node (stream id
//! = node id) and one for the network, so adding a node does not change the
//! others' randomness; containers iterate in a defined order; there is no
//! wall clock. The same seed and inputs give the same trace digest on every
//! platform. The design follows the deterministic-simulation testing habits
//! of FoundationDB, TigerBeetle's VOPR and turmoil.

mod chaos;
mod clock;
mod context;
mod digest;
pub mod fault;
mod heal;
mod invariant;
pub mod network;
mod node;
mod queue;
mod rng;
mod simulation;
mod time;
pub mod trace;
mod world;

pub use chaos::{pick_in_flight, random_side};
pub use clock::{CLOCK_RATE_EXACT, CLOCK_RATE_MAX, CLOCK_RATE_MIN};
pub use context::{Context, Effect};
pub use digest::{StableHasher, stable_hash};
pub use fault::{Action, Fault, Input, MessageId};
pub use heal::heal_everything;
pub use invariant::{Invariants, NoInvariants, Violation};
pub use network::{Latency, LinkConfig, NetworkConfig, Probability};
pub use node::{Node, NodeId, NodeStatus};
pub use rng::{NodeRng, driver_stream};
pub use simulation::{Branch, SimConfig, Simulation};
pub use time::{MICROS_PER_MS, Time, millis};
pub use trace::{Envelope, Fate, SentMessage, StepEvent, StepRecord};
pub use world::{PendingTimer, World};
