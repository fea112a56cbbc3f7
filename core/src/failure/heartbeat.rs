//! The fixed-timeout heartbeat detector: suspect a process when no
//! heartbeat has arrived for `timeout`.
//!
//! This is the detector most systems start with, and the baseline the
//! accrual detectors improve on (Chen, Toueg & Aguilera, "On the Quality of
//! Service of Failure Detectors", IEEE Transactions on Computers 51(5),
//! 2002). Its one parameter trades two qualities against each other: a
//! short timeout detects a crash quickly (detection time ≈ timeout minus
//! the age of the last heartbeat at the crash) but suspects a live process
//! whenever a heartbeat is late — by jitter, a slow link, a lost message
//! or a pause; a long one makes few mistakes and detects slowly. It knows
//! nothing of how regular the heartbeats have been.
//!
//! ```text
//!  heartbeats  │   │   │    │  │   ·  (crash)
//!  time since  /|  /|  /|   /| /|  /‾‾‾‾‾‾‾‾
//!  last       / | / | / |  / |/ | /    ← suspect once above the timeout
//!  timeout  ─────────────────────────────────
//! ```

use crate::sim::Time;

/// Suspects after `timeout` without a heartbeat.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FixedTimeout {
    timeout: Time,
    last: Option<Time>,
}

impl FixedTimeout {
    pub fn new(timeout: Time) -> Self {
        Self {
            timeout,
            last: None,
        }
    }

    pub fn timeout(&self) -> Time {
        self.timeout
    }

    /// When the latest heartbeat arrived.
    pub fn last_heartbeat(&self) -> Option<Time> {
        self.last
    }

    /// Records a heartbeat arriving at `now` (an older time is ignored).
    pub fn heartbeat(&mut self, now: Time) {
        self.last = Some(self.last.map_or(now, |l| l.max(now)));
    }

    /// Time since the latest heartbeat (0 before the first).
    pub fn elapsed(&self, now: Time) -> Time {
        self.last.map_or(0, |l| now.saturating_sub(l))
    }

    /// Whether the process is suspected at `now`: strictly more than
    /// `timeout` since the latest heartbeat. Nothing is suspected before
    /// the first heartbeat.
    pub fn suspects(&self, now: Time) -> bool {
        self.last.is_some() && self.elapsed(now) > self.timeout
    }

    /// Elapsed time as a fraction of the timeout (1.0 at the threshold),
    /// for drawing next to φ.
    pub fn level(&self, now: Time) -> f64 {
        self.elapsed(now) as f64 / self.timeout.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspects_strictly_after_the_timeout() {
        let mut d = FixedTimeout::new(100);
        assert!(!d.suspects(1_000), "nothing before the first heartbeat");
        d.heartbeat(50);
        assert!(!d.suspects(150));
        assert!(d.suspects(151));
        d.heartbeat(140);
        d.heartbeat(120); // late delivery of an older one
        assert_eq!(d.last_heartbeat(), Some(140));
        assert!(!d.suspects(240));
        assert!((d.level(190) - 0.5).abs() < 1e-12);
    }
}
