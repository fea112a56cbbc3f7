//! Seed sweeps of two- and three-phase commit under random faults
//! (Bernstein, Hadzilacos & Goodman 1987, ch. 7): atomicity, "commit needs
//! every yes" and "decisions are final" are checked after every step, and
//! once everything heals every transaction must be decided on every
//! process. A failure names its seed; `dsviz-lab sweep --protocol 2pc
//! --seeds 1 --start-seed S` replays it.
//!
//! Expected, as the literature says: 2PC never violates atomicity (it
//! blocks instead), under crashes or partitions; 3PC never violates it under
//! crashes alone, on a network that honours its latency bound; 3PC *does*
//! violate it under partitions and loss.

use dsviz_core::commit::{FaultMix, Protocol, sweep_seed};

fn seeds() -> u64 {
    std::env::var("DSVIZ_SWEEP_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
}

fn clean_sweep(protocol: Protocol, mix: FaultMix) {
    for seed in 0..seeds() {
        let participants = 2 + (seed % 4) as usize;
        let outcome = sweep_seed(protocol, seed, participants, mix);
        assert_eq!(
            outcome.violations,
            0,
            "{} {} seed {seed}: safety violated: {:?}",
            protocol.name(),
            mix.name(),
            outcome.first_violation
        );
        assert!(
            outcome.live_after_heal,
            "{} {} seed {seed}: not every transaction decided everywhere after healing",
            protocol.name(),
            mix.name()
        );
    }
}

#[test]
fn two_phase_commit_is_atomic_under_crashes() {
    clean_sweep(Protocol::TwoPhase, FaultMix::Crashes);
}

#[test]
fn two_phase_commit_is_atomic_under_partitions() {
    clean_sweep(Protocol::TwoPhase, FaultMix::Partitions);
}

#[test]
fn three_phase_commit_is_atomic_under_crashes() {
    clean_sweep(Protocol::ThreePhase, FaultMix::Crashes);
}

#[test]
fn three_phase_commit_breaks_atomicity_under_partitions() {
    let mut violating = Vec::new();
    for seed in 0..seeds() {
        let outcome = sweep_seed(
            Protocol::ThreePhase,
            seed,
            2 + (seed % 4) as usize,
            FaultMix::Partitions,
        );
        assert!(
            outcome.live_after_heal,
            "3pc partitions seed {seed}: not every transaction decided after healing"
        );
        if outcome.violations > 0 {
            violating.push(seed);
        }
    }
    assert!(
        !violating.is_empty(),
        "no seed of {} broke 3PC's atomicity under partitions",
        seeds()
    );
}
