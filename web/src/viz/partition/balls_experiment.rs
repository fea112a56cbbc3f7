//! "Maximum load over many seeds": `n` balls into `n` bins for `d = 1, 2,
//! 3`, `T` trials each, done a slice at a time so the page stays
//! responsive (the result does not depend on the slicing).
//!
//! Trial `t` is seeded as the core's `experiments::balls_into_bins` seeds
//! it, `splitmix64(seed ⊕ rotl(t, 32))`, so a run here agrees exactly with
//! `dsviz-lab balls-into-bins` for the same seed. Theory for `m = n`:
//! `ln n / ln ln n` for one choice (Gonnet 1981; Raab & Steger 1998) and
//! `ln ln n / ln d + O(1)` for `d ≥ 2` (Azar et al. 1994).

use dsviz_core::partition::BallsIntoBins;
use dsviz_core::sketch::hashing::splitmix64;
use std::collections::BTreeMap;

/// The choice counts compared.
pub const CHOICES: [u32; 3] = [1, 2, 3];
/// Balls thrown per slice (a few milliseconds of work).
const BALLS_PER_SLICE: u64 = 200_000;

/// The seed of trial `trial`, as the core experiment derives it.
pub fn trial_seed(seed: u64, trial: u32) -> u64 {
    splitmix64(seed ^ u64::from(trial).rotate_left(32))
}

/// One choice count's results so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChoiceResult {
    pub choices: u32,
    /// How many trials ended with each maximum load.
    pub max_loads: BTreeMap<u32, u32>,
    pub trials_done: u32,
}

impl ChoiceResult {
    pub fn mean_max_load(&self) -> f64 {
        if self.trials_done == 0 {
            return 0.0;
        }
        let sum: u64 = self
            .max_loads
            .iter()
            .map(|(&l, &c)| u64::from(l) * u64::from(c))
            .sum();
        sum as f64 / f64::from(self.trials_done)
    }

    /// The theory's leading term for `n` balls into `n` bins.
    pub fn theory(&self, bins: usize) -> f64 {
        let ln_n = (bins as f64).ln();
        if self.choices <= 1 {
            ln_n / ln_n.ln()
        } else {
            ln_n.ln() / f64::from(self.choices).ln()
        }
    }
}

/// The experiment in progress or finished.
#[derive(Clone, Debug, PartialEq)]
pub struct MaxLoadRun {
    pub bins: usize,
    pub trials: u32,
    pub seed: u64,
    pub results: Vec<ChoiceResult>,
    /// The trial being thrown, if a slice stopped inside one.
    current: Option<BallsIntoBins>,
}

impl MaxLoadRun {
    pub fn new(bins: usize, trials: u32, seed: u64) -> Self {
        Self {
            bins: bins.max(1),
            trials: trials.max(1),
            seed,
            results: CHOICES
                .iter()
                .map(|&choices| ChoiceResult {
                    choices,
                    ..ChoiceResult::default()
                })
                .collect(),
            current: None,
        }
    }

    pub fn done(&self) -> bool {
        self.results.iter().all(|r| r.trials_done >= self.trials)
    }

    /// Trials finished over all choice counts, and the total.
    pub fn progress(&self) -> (u32, u32) {
        let done = self.results.iter().map(|r| r.trials_done).sum();
        (done, self.trials * CHOICES.len() as u32)
    }

    /// Throws the next slice of balls; true when every trial is done.
    pub fn run_slice(&mut self) -> bool {
        let mut budget = BALLS_PER_SLICE;
        while budget > 0 {
            let Some(index) = self
                .results
                .iter()
                .position(|r| r.trials_done < self.trials)
            else {
                return true;
            };
            let result = &mut self.results[index];
            let mut run = match self.current.take() {
                Some(run) => run,
                None => match BallsIntoBins::new(
                    self.bins,
                    result.choices,
                    trial_seed(self.seed, result.trials_done),
                ) {
                    Ok(run) => run,
                    Err(_) => {
                        result.trials_done = self.trials;
                        continue;
                    }
                },
            };
            let left = self.bins as u64 - run.balls();
            let now = left.min(budget);
            run.throw_many(now);
            budget -= now;
            if run.balls() >= self.bins as u64 {
                *result.max_loads.entry(run.max_load()).or_insert(0) += 1;
                result.trials_done += 1;
            } else {
                self.current = Some(run);
            }
        }
        self.done()
    }
}
