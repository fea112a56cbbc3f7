//! Many seeded random workloads through the store: how often each scheme
//! loses updates or keeps superseded versions, and how large its clocks get.

use super::{Scheme, Store, random_store_workload};

/// One scheme's totals over a sweep.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchemeTally {
    /// Runs that ended with at least one lost update.
    pub runs_losing: usize,
    /// Distinct lost writes, summed over the runs' final states.
    pub lost_updates: usize,
    /// Distinct writes kept as false siblings, summed likewise.
    pub false_siblings: usize,
    /// The largest clock any run made, in entries.
    pub largest_clock: usize,
}

/// Runs `runs` workloads of `steps` operations (seeds `first_seed`,
/// `first_seed + 1`, …) and tallies each scheme, in [`Scheme::ALL`] order.
pub fn store_sweep(
    servers: usize,
    clients: usize,
    steps: usize,
    runs: u64,
    first_seed: u64,
) -> [SchemeTally; 3] {
    let mut tallies = [SchemeTally::default(); 3];
    for seed in first_seed..first_seed.saturating_add(runs) {
        let mut store = Store::new(servers, clients);
        for op in random_store_workload(servers, clients, steps, seed) {
            let applied = store.apply(op);
            debug_assert!(applied.is_ok(), "workloads fit their store");
        }
        for (tally, scheme) in tallies.iter_mut().zip(Scheme::ALL) {
            let run = store.scheme(scheme);
            let lost = run.lost_updates().len();
            tally.runs_losing += usize::from(lost > 0);
            tally.lost_updates += lost;
            tally.false_siblings += run.false_siblings().len();
            tally.largest_clock = tally.largest_clock.max(run.largest_clock());
        }
    }
    tallies
}
