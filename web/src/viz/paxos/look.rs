//! Small pieces the consensus adapters share: how a ballot, a proposal
//! and a timer are shown.

use dsviz_core::consensus::paxos::Ballot;
use dsviz_core::sim::{PendingTimer, Time};

/// A ballot as the page writes it: `3·S2` is round 3 of proposer S2 (the
/// node labels count from 1, the core's ids from 0).
pub struct Shown(pub Ballot);

impl core::fmt::Display for Shown {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}·S{}", self.0.round, self.0.proposer + 1)
    }
}

/// `3·S2`, or `—`.
pub fn ballot(b: Option<Ballot>) -> String {
    b.map_or("—".into(), |b| Shown(b).to_string())
}

/// `3·S2 = 100`, or `—`.
pub fn proposal(p: Option<(Ballot, u64)>) -> String {
    p.map_or("—".into(), |(b, v)| format!("{} = {v}", Shown(b)))
}

/// The fraction of the first timer `is_main` picks that has run at `cursor`.
pub fn timer_arc<T>(
    timers: &[PendingTimer<T>],
    is_main: impl Fn(&T) -> bool,
    cursor: Time,
) -> Option<f64> {
    timers.iter().find(|t| is_main(&t.timer)).map(|t| {
        let span = t.due.saturating_sub(t.set_at).max(1) as f64;
        (cursor.saturating_sub(t.set_at) as f64 / span).clamp(0.0, 1.0)
    })
}
