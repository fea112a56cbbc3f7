//! Failure detection on the simulation page: a monitored node's heartbeats
//! judged side by side by a φ accrual detector and a fixed timeout, each
//! monitor's level plotted live against its threshold.

mod adapter;
mod charts;
mod scenarios;
mod study;
mod verdicts;

pub use adapter::{DETECTORS, DetectorAdapter};
pub use verdicts::{Verdicts, verdicts};
