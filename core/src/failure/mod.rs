//! Failure detectors: how a process decides that another has crashed, when
//! all it can see is that messages stop arriving.
//!
//! * [`heartbeat`]: the fixed timeout — suspect after `T` without a
//!   heartbeat.
//! * [`phi_accrual`]: the φ accrual detector (Hayashibara, Défago, Yared &
//!   Katayama, SRDS 2004) — a suspicion level from the distribution of past
//!   inter-arrival times, compared with a threshold.
//!
//! Both are plain types usable without the simulator
//! ([`FixedTimeout::suspects`], [`PhiAccrual::phi`]), and run on the
//! simulated network as [`DetectorNode`]s ([`monitor`]), where jitter,
//! loss, pauses and crashes can be injected. [`experiments`] measures the
//! trade-off the detectors are about: detection time against mistakes
//! (Chen, Toueg & Aguilera, "On the Quality of Service of Failure
//! Detectors", IEEE Transactions on Computers 51(5), 2002). In an
//! asynchronous system no detector can be both complete and accurate
//! (Chandra & Toueg, "Unreliable Failure Detectors for Reliable
//! Distributed Systems", JACM 43(2), 1996): a slow process and a dead one
//! look alike for a while; the parameters only choose where to err.

pub mod experiments;
pub mod heartbeat;
pub mod monitor;
pub mod phi_accrual;

pub use heartbeat::FixedTimeout;
pub use monitor::{
    Detector, DetectorCommand, DetectorKind, DetectorMessage, DetectorNode, DetectorRole,
    DetectorTimer, HeartbeatConfig, Transition,
};
pub use phi_accrual::{PhiAccrual, PhiConfig, log10_normal_tail, normal_cdf, normal_tail, phi_of};
