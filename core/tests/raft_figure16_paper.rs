//! Figure 16 of the Raft paper (§9.3) reproduced with the faithful set-up
//! of `Figure16Setup::paper`: staggered logs, a synchronized heartbeat
//! before the crash, per-message latency jitter. Each number the paper
//! states must come out within ±35 %. The paper ran 1000 trials per curve
//! (100 for 150–150 ms); these tests run as many for a worst case and fewer
//! for a median or a mean, to stay fast in debug builds.

use dsviz_core::consensus::raft::{Figure16Setup, LogLengths, PAPER, Role, Statistic, jittered};
use dsviz_core::sim::{Action, Fault, millis};

/// Trials for a median or a mean; a worst case takes the paper's 1000.
const TRIALS: usize = 300;
const WORST_CASE_TRIALS: usize = 1000;
const TOLERANCE: f64 = 0.35;

fn setup(min_ms: u64, max_ms: u64) -> Figure16Setup {
    Figure16Setup::paper(millis(min_ms), millis(max_ms))
}

#[test]
fn every_number_the_paper_states_comes_out_within_35_percent() {
    for number in PAPER {
        let (min_ms, max_ms) = number.timeout_ms;
        let trials = match number.statistic {
            Statistic::Max => WORST_CASE_TRIALS,
            _ => TRIALS,
        };
        let timing = setup(min_ms, max_ms).run(trials, 16);
        assert_eq!((timing.unfinished, timing.unsettled), (0, 0), "{number:?}");
        let ours = timing.statistic(number.statistic);
        let error = (ours - number.value_ms).abs() / number.value_ms;
        assert!(
            error <= TOLERANCE,
            "{min_ms}–{max_ms} ms {}: paper {} ms, ours {ours:.1} ms",
            number.statistic.name(),
            number.value_ms
        );
    }
}

#[test]
fn without_randomness_no_trial_finishes_within_ten_seconds() {
    // The paper: "consistently took longer than 10 seconds".
    let timing = setup(150, 150).run(8, 16);
    assert!(
        timing.samples_ms.iter().all(|&ms| ms > 10_000.0),
        "{timing:?}"
    );
    assert_eq!(timing.unsettled, 0);
}

#[test]
fn a_7_5_ms_one_way_latency_cannot_give_the_papers_median() {
    // Reading the 15 ms broadcast time as 7.5 ms each way: split votes
    // repeat for 150–155 ms timeouts and the median is several times 287 ms.
    let slow = Figure16Setup {
        latency: jittered(7_500, 1_000),
        ..setup(150, 155)
    };
    let median = slow.run(100, 16).quantile(0.5);
    assert!(median > 2.0 * 287.0, "{median}");
}

#[test]
fn the_set_up_staggers_the_logs_and_synchronizes_the_timers() {
    for seed in 0..20 {
        let paper = setup(150, 155);
        let (mut sim, leader) = paper.prepare(seed).expect("a settled leader");
        assert_eq!(sim.world().node(leader).role(), Role::Leader);
        // Crash the leader and let its last heartbeat, still in flight,
        // arrive.
        sim.inject(Action::Fault(Fault::Crash(leader)));
        sim.run_until(sim.world().now() + paper.latency.max() + 1);
        let world = sim.world();
        let top = world.node(leader).log().last_index();
        let mut lags: Vec<u64> = (0..5)
            .filter(|&n| n != leader)
            .map(|n| top - world.node(n).log().last_index())
            .collect();
        lags.sort_unstable();
        assert_eq!(lags, [0, 1, 2, 3], "seed {seed}");
        // Every follower's election timer was restarted by the same
        // heartbeat: they come due within the timeout spread plus the
        // jitter of the heartbeat's delivery.
        let due: Vec<u64> = (0..5)
            .filter(|&n| n != leader)
            .flat_map(|n| world.timers(n).iter().map(|t| t.due))
            .collect();
        assert_eq!(due.len(), 4, "seed {seed}");
        let spread = due.iter().max().unwrap() - due.iter().min().unwrap();
        assert!(spread <= millis(5) + 2 * 1_000, "seed {seed}: {spread}");

        let equal = Figure16Setup {
            log_lengths: LogLengths::Equal,
            ..paper
        };
        let (sim, leader) = equal.prepare(seed).expect("a settled leader");
        let world = sim.world();
        let top = world.node(leader).log().last_index();
        assert!((0..5).all(|n| world.node(n).log().last_index() == top));
    }
}
