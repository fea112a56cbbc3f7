//! The messages of one failure-free PBFT request, counted from the trace,
//! next to the closed form (§4.2).
//!
//! With `n = 3f + 1` replicas and one client: 1 Request (client to
//! primary), `n − 1` PrePrepares, `(n − 1)²` Prepares (each backup to every
//! other replica), `n (n − 1)` Commits (every replica to every other) and
//! `n` Replies: `2n² − n` in all besides the request — 29 messages for
//! `n = 4`. Checkpoints come every `checkpoint_interval` requests and are
//! not part of one request's cost; the run uses an interval larger than 1.

use super::node::PbftConfig;
use super::scenario::{simulation, submit};
use crate::sim::SentMessage;
use alloc::collections::BTreeMap;

/// Messages by kind from submitting one request until the run is quiet,
/// for `f` tolerated faults.
pub fn failure_free_messages(f: usize) -> BTreeMap<&'static str, u64> {
    let config = PbftConfig {
        f,
        ..PbftConfig::default()
    };
    let mut sim = simulation(config, 1);
    let mut counts = BTreeMap::new();
    let mut tally = |sent: &[SentMessage<super::Message>]| {
        for s in sent {
            *counts.entry(s.msg.kind()).or_insert(0u64) += 1;
        }
    };
    submit(&mut sim, &config, 1);
    if let Some(record) = sim.trace().last() {
        tally(&record.sent);
    }
    while let Some(record) = sim.step() {
        tally(&record.sent);
    }
    counts
}

/// The closed form for `n = 3f + 1` replicas.
pub fn expected_messages(f: usize) -> BTreeMap<&'static str, u64> {
    let n = (3 * f + 1) as u64;
    BTreeMap::from([
        ("request", 1),
        ("pre-prepare", n - 1),
        ("prepare", (n - 1) * (n - 1)),
        ("commit", n * (n - 1)),
        ("reply", n),
    ])
}
