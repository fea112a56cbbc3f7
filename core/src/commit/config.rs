//! Timing of both commit protocols, derived from one bound on message
//! latency.
//!
//! Three-phase commit is non-blocking only in a *synchronous* system: a
//! process that has not answered within the bound has crashed (Skeen 1981).
//! With `D` the largest one-way latency, a participant that voted at time
//! `t` hears the next step by `t + 3D` (the last vote reaches the
//! coordinator at most `2D` after the vote request left it, and the answer
//! takes `D` more), so its outcome timeout is longer than that; the
//! termination protocol's candidates wait in turn, a few `D` apart, so the
//! lowest-numbered one's state request reaches the others before they give
//! up themselves.

use crate::sim::{Time, millis};

/// How a commit cluster behaves in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CommitConfig {
    /// How many transactions the coordinator starts by itself, one after
    /// another.
    pub transactions: u32,
    /// The pause between one transaction's end and the next one's start.
    pub gap: Time,
    /// The bound `D` on one-way message latency the timeouts are built from.
    pub latency_bound: Time,
    /// Two-phase commit: in-doubt participants ask each other too (the
    /// cooperative termination protocol), not only the coordinator.
    pub cooperative: bool,
}

impl Default for CommitConfig {
    fn default() -> Self {
        Self {
            transactions: 5,
            gap: millis(60),
            latency_bound: millis(15),
            cooperative: false,
        }
    }
}

impl CommitConfig {
    fn d(&self) -> Time {
        self.latency_bound.max(1)
    }

    /// Coordinator: how long it waits for every vote (they are due within
    /// `2D`).
    pub fn vote_timeout(&self) -> Time {
        3 * self.d()
    }

    /// Coordinator: how long it waits for acknowledgements.
    pub fn ack_timeout(&self) -> Time {
        3 * self.d()
    }

    /// Participant: how long after voting (or pre-committing) it waits for
    /// the next step; the `rank`-th participant (0 for node 1) waits
    /// `rank · 3D` longer, so candidates for the termination protocol take
    /// turns.
    pub fn outcome_timeout(&self, rank: u64) -> Time {
        4 * self.d() + rank * 3 * self.d()
    }

    /// How often a process in doubt asks again, and a coordinator resends.
    pub fn retry(&self) -> Time {
        4 * self.d()
    }

    /// 3PC termination: how long the new coordinator collects states.
    pub fn collect_window(&self) -> Time {
        3 * self.d()
    }
}
