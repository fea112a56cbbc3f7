//! The balls-into-bins page's model and scenario: `m` balls thrown into
//! `n` bins a batch per step, each ball to the least loaded of `d`
//! random bins, remembering where the last ball looked.
//!
//! `?seed=1&n=40&d=2&m=40&batch=1&exp-n=10000&trials=100&step=40` — the
//! seed, bins, choices, balls, balls per step, the bins of the many-seeds
//! experiment, its trials per choice count, and the step shown.

use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::{OpPlayer, Replay};
use crate::viz::sketch_kit::{read_seed, read_step};
use dsviz_core::partition::experiments::fluid_limit;
use dsviz_core::partition::{BallsIntoBins, Throw};

pub const MAX_BINS: usize = 400;
pub const MAX_CHOICES: u32 = 4;
/// At most this many balls per bin on the picture.
pub const MAX_BALLS_PER_BIN: usize = 4;
pub const MAX_BATCH: u64 = 1_000;
/// The experiment's bin counts.
pub const EXPERIMENT_BINS: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];
pub const MAX_TRIALS: u32 = 1_000;
/// At most this many balls per choice count in the experiment (bins × trials):
/// about a minute of slices in the browser for all three choice counts.
pub const MAX_EXPERIMENT_BALLS: u64 = 100_000_000;

/// The most trials the experiment runs at `bins` bins.
pub fn max_trials(bins: usize) -> u32 {
    (MAX_EXPERIMENT_BALLS / bins.max(1) as u64).clamp(1, u64::from(MAX_TRIALS)) as u32
}

/// Steps per second at 1×.
pub const RATE: f64 = 8.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BallsSetup {
    pub seed: u64,
    pub bins: usize,
    pub choices: u32,
    pub balls: u64,
    /// Balls per step.
    pub batch: u64,
    /// The many-seeds experiment: `n` balls into `n` bins, this `n`.
    pub experiment_bins: usize,
    /// Trials per choice count in the experiment.
    pub trials: u32,
}

pub fn default_setup() -> BallsSetup {
    BallsSetup {
        seed: 1,
        bins: 40,
        choices: 2,
        balls: 40,
        batch: 1,
        experiment_bins: 10_000,
        trials: 100,
    }
}

/// One step: this many balls.
pub type Batch = u64;

/// The batches that throw `setup.balls` balls.
pub fn batches(setup: &BallsSetup) -> Vec<Batch> {
    let batch = setup.batch.max(1);
    let mut left = setup.balls;
    let mut out = Vec::new();
    while left > 0 {
        let now = left.min(batch);
        out.push(now);
        left -= now;
    }
    out
}

/// The bins and the last ball thrown.
#[derive(Clone, Debug, PartialEq)]
pub struct BallsState {
    run: BallsIntoBins,
    last: Option<Throw>,
}

impl BallsState {
    pub fn new(setup: &BallsSetup) -> Self {
        let run = BallsIntoBins::new(
            setup.bins.clamp(1, MAX_BINS),
            setup.choices.clamp(1, MAX_CHOICES),
            setup.seed,
        )
        .or_else(|_| BallsIntoBins::new(1, 1, setup.seed))
        .expect("one bin and one choice are always accepted");
        Self { run, last: None }
    }

    pub fn run(&self) -> &BallsIntoBins {
        &self.run
    }

    /// Where the last ball looked and where it went.
    pub fn last(&self) -> Option<&Throw> {
        self.last.as_ref()
    }

    /// `(measured, fluid limit)` fractions of bins with at least `i` balls,
    /// for `i = 1..=levels` (at least 4 levels, past the fullest bin).
    pub fn profile(&self) -> (Vec<f64>, Vec<f64>) {
        let mut measured = self.run.fraction_at_least();
        let levels = measured.len().max(4) + 1;
        measured.resize(levels, 0.0);
        let t = self.run.balls() as f64 / self.run.bins() as f64;
        (measured, fluid_limit(self.run.choices(), t, levels))
    }
}

impl Replay for BallsState {
    type Op = Batch;

    fn apply(&mut self, op: &Batch) {
        for _ in 0..*op {
            self.last = Some(self.run.throw());
        }
    }
}

/// Everything a balls-into-bins permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct BallsScenario {
    pub setup: BallsSetup,
    pub step: u64,
    pub problems: Vec<String>,
}

impl BallsScenario {
    pub fn from_query(search: &str) -> Self {
        let d = default_setup();
        let mut q = Query::parse(search);
        let seed = read_seed(&mut q, d.seed);
        let bins = q.number(
            "n",
            d.bins,
            |n| (2..=MAX_BINS).contains(n),
            &format!("a bin count from 2 to {MAX_BINS}"),
        );
        let choices = q.number(
            "d",
            d.choices,
            |c| (1..=MAX_CHOICES).contains(c),
            &format!("a choice count from 1 to {MAX_CHOICES}"),
        );
        let max_balls = (bins * MAX_BALLS_PER_BIN) as u64;
        let balls = q.number(
            "m",
            bins as u64,
            |m| (1..=max_balls).contains(m),
            &format!("a ball count from 1 to {max_balls} ({MAX_BALLS_PER_BIN} per bin)"),
        );
        let batch = q.number(
            "batch",
            d.batch,
            |b| (1..=MAX_BATCH).contains(b),
            &format!("a batch from 1 to {MAX_BATCH}"),
        );
        let experiment_bins = q.number(
            "exp-n",
            d.experiment_bins,
            |n| EXPERIMENT_BINS.contains(n),
            "one of 1000, 10000, 100000 or 1000000 bins",
        );
        let most = max_trials(experiment_bins);
        let trials = q.number(
            "trials",
            d.trials.min(most),
            |t| (1..=most).contains(t),
            &format!("a trial count from 1 to {most} at {experiment_bins} bins"),
        );
        let setup = BallsSetup {
            seed,
            bins,
            choices,
            balls,
            batch,
            experiment_bins,
            trials,
        };
        let step = read_step(&mut q, 0, batches(&setup).len() as u64);
        Self {
            setup,
            step,
            problems: q.problems,
        }
    }

    pub fn to_query(setup: &BallsSetup, step: u64) -> String {
        build(&[
            ("seed", setup.seed.to_string()),
            ("n", setup.bins.to_string()),
            ("d", setup.choices.to_string()),
            ("m", setup.balls.to_string()),
            ("batch", setup.batch.to_string()),
            ("exp-n", setup.experiment_bins.to_string()),
            ("trials", setup.trials.to_string()),
            ("step", step.to_string()),
        ])
    }
}

/// A player over `setup`'s balls at `step`.
pub fn balls_player(setup: &BallsSetup, step: u64) -> OpPlayer<BallsState> {
    OpPlayer::at(BallsState::new(setup), batches(setup), RATE, step)
}
