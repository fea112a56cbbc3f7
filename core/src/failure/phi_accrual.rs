//! The φ accrual failure detector (Hayashibara, Défago, Yared & Katayama,
//! "The φ Accrual Failure Detector", SRDS 2004).
//!
//! # How it works
//!
//! Instead of a yes/no verdict the detector outputs a *suspicion level* φ
//! that grows the longer a heartbeat is overdue, scaled by how regular the
//! heartbeats have been. It keeps a sliding window of the last inter-arrival
//! times, models them as a normal distribution with the window's mean μ and
//! standard deviation σ, and asks: if the process were alive, how likely is
//! it that the next heartbeat is still to come after `t` = the time since
//! the last one?
//!
//! ```text
//!   P_later(t) = 1 − F(t) = Q((t − μ) / σ)      F: the normal CDF
//!   φ(t)       = −log10 P_later(t)
//! ```
//!
//! φ = 1 means a 10 % chance that a live process would be this late, φ = 2
//! a 1 % chance, φ = 8 one in a hundred million. The application picks a
//! threshold; suspecting when φ ≥ Φ makes mistakes with probability about
//! `10^−Φ` per check if the model is right. Regular heartbeats (small σ)
//! make φ rise steeply right after the expected arrival; irregular ones
//! make it rise slowly, so the same threshold adapts the effective timeout
//! to the network.
//!
//! Two refinements from the implementations in Akka
//! (`akka.remote.PhiAccrualFailureDetector`) and Cassandra: σ is never
//! taken below `min_std_dev` (perfectly regular heartbeats would otherwise
//! make any tiny delay infinitely suspicious), and an `acceptable_pause` is
//! added to the mean (a pause of that length, such as a garbage collection,
//! is not suspicious at all). Before the window has a sample, the first
//! heartbeat estimate stands in for μ with σ = μ / 4, as in Akka.
//!
//! The normal tail `Q(y) = erfc(y / √2) / 2` comes from `libm::erfc`, which
//! stays accurate deep in the tail where `1 − F` would cancel to zero; past
//! `y = 37`, where even `erfc` underflows, φ is computed from the
//! asymptotic series of `Q`, so it stays finite and increasing.
//!
//! # Example
//!
//! ```
//! use dsviz_core::failure::{PhiAccrual, PhiConfig};
//! use dsviz_core::sim::millis;
//!
//! let mut detector = PhiAccrual::new(PhiConfig::default());
//! for beat in 0..10 {
//!     detector.heartbeat(millis(100) * beat);
//! }
//! let last = millis(900);
//! assert!(detector.phi(last + millis(100)) < 1.0, "on time");
//! assert!(detector.phi(last + millis(200)) > 8.0, "a whole interval late");
//! ```

use crate::sim::Time;
use alloc::collections::VecDeque;

/// Parameters of the φ detector. Akka's defaults, for heartbeats every
/// second, are threshold 8, 1000 samples, σ ≥ 100 ms and a 3 s pause; these
/// defaults suit the simulator's 100 ms heartbeats.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PhiConfig {
    /// Suspect when φ is at or above this.
    pub threshold: f64,
    /// How many inter-arrival times the window keeps (at least 1).
    pub window: usize,
    /// The smallest standard deviation used.
    pub min_std_dev: Time,
    /// Added to the mean: a pause this long is not suspicious.
    pub acceptable_pause: Time,
    /// Stands in for the mean before the first interval is known.
    pub first_heartbeat_estimate: Time,
}

impl Default for PhiConfig {
    fn default() -> Self {
        Self {
            threshold: 8.0,
            window: 200,
            min_std_dev: crate::sim::millis(10),
            acceptable_pause: 0,
            first_heartbeat_estimate: crate::sim::millis(100),
        }
    }
}

/// The detector's state: the latest arrival and the window of intervals.
///
/// The window's sums are kept exactly in integers (microseconds), so the
/// mean and variance carry no accumulated rounding error.
#[derive(Clone, Debug, PartialEq)]
pub struct PhiAccrual {
    config: PhiConfig,
    last: Option<Time>,
    intervals: VecDeque<Time>,
    sum: u128,
    sum_of_squares: u128,
}

impl PhiAccrual {
    pub fn new(config: PhiConfig) -> Self {
        Self {
            config,
            last: None,
            intervals: VecDeque::new(),
            sum: 0,
            sum_of_squares: 0,
        }
    }

    pub fn config(&self) -> &PhiConfig {
        &self.config
    }

    /// When the latest heartbeat arrived.
    pub fn last_heartbeat(&self) -> Option<Time> {
        self.last
    }

    /// The inter-arrival times in the window, oldest first.
    pub fn intervals(&self) -> impl Iterator<Item = Time> + '_ {
        self.intervals.iter().copied()
    }

    /// Records a heartbeat arriving at `now`; the interval since the
    /// previous one enters the window (the oldest leaves when it is full).
    /// A time before the latest heartbeat is ignored.
    pub fn heartbeat(&mut self, now: Time) {
        match self.last {
            Some(last) if now < last => return,
            Some(last) => self.push_interval(now - last),
            None => {}
        }
        self.last = Some(now);
    }

    fn push_interval(&mut self, interval: Time) {
        if self.intervals.len() >= self.config.window.max(1)
            && let Some(old) = self.intervals.pop_front()
        {
            self.sum -= u128::from(old);
            self.sum_of_squares -= u128::from(old) * u128::from(old);
        }
        self.intervals.push_back(interval);
        self.sum += u128::from(interval);
        self.sum_of_squares += u128::from(interval) * u128::from(interval);
    }

    /// The window's mean interval in microseconds (the first heartbeat
    /// estimate while the window is empty).
    pub fn mean(&self) -> f64 {
        let n = self.intervals.len() as u128;
        if n == 0 {
            return self.config.first_heartbeat_estimate as f64;
        }
        self.sum as f64 / n as f64
    }

    /// The window's (population) standard deviation in microseconds
    /// (a quarter of the estimate while the window is empty).
    pub fn std_dev(&self) -> f64 {
        let n = self.intervals.len() as u128;
        if n == 0 {
            return self.config.first_heartbeat_estimate as f64 / 4.0;
        }
        // n² · variance = n · Σx² − (Σx)², exact in integers.
        let scaled = n * self.sum_of_squares - self.sum * self.sum;
        libm::sqrt(scaled as f64) / n as f64
    }

    /// The mean and standard deviation the formula uses: the pause added,
    /// the floor applied.
    pub fn effective_mean_and_std_dev(&self) -> (f64, f64) {
        let mean = self.mean() + self.config.acceptable_pause as f64;
        let std = self.std_dev().max(self.config.min_std_dev as f64).max(1.0);
        (mean, std)
    }

    /// The suspicion level at `now` (0 before the first heartbeat).
    pub fn phi(&self, now: Time) -> f64 {
        let Some(last) = self.last else {
            return 0.0;
        };
        let elapsed = now.saturating_sub(last) as f64;
        let (mean, std) = self.effective_mean_and_std_dev();
        phi_of(elapsed, mean, std)
    }

    /// Whether φ has reached the threshold at `now`.
    pub fn suspects(&self, now: Time) -> bool {
        self.phi(now) >= self.config.threshold
    }
}

/// φ of an elapsed time under a normal model with `mean` and `std_dev`.
pub fn phi_of(elapsed: f64, mean: f64, std_dev: f64) -> f64 {
    let y = (elapsed - mean) / std_dev;
    (-log10_normal_tail(y)).max(0.0)
}

/// `log10 Q(y)`, where `Q(y) = 1 − F(y)` is the upper tail of the standard
/// normal distribution.
pub fn log10_normal_tail(y: f64) -> f64 {
    if y.is_nan() {
        return 0.0;
    }
    if y < 37.0 {
        return libm::log10(normal_tail(y));
    }
    // Q(y) = φ(y)/y · (1 − 1/y² + 3/y⁴ − 15/y⁶ + 105/y⁸ − …), in logs.
    let inverse_square = 1.0 / (y * y);
    let series = 1.0
        - inverse_square
            * (1.0
                - 3.0
                    * inverse_square
                    * (1.0 - 5.0 * inverse_square * (1.0 - 7.0 * inverse_square)));
    let ln = -0.5 * y * y - libm::log(y) - 0.5 * libm::log(2.0 * core::f64::consts::PI)
        + libm::log(series);
    ln / core::f64::consts::LN_10
}

/// The upper tail of the standard normal distribution, `Q(y) = 1 − F(y)`.
pub fn normal_tail(y: f64) -> f64 {
    0.5 * libm::erfc(y / core::f64::consts::SQRT_2)
}

/// The standard normal CDF `F(y)`.
pub fn normal_cdf(y: f64) -> f64 {
    0.5 * libm::erfc(-y / core::f64::consts::SQRT_2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::millis;

    #[test]
    fn window_statistics_are_exact_and_slide() {
        let mut d = PhiAccrual::new(PhiConfig {
            window: 3,
            ..PhiConfig::default()
        });
        for t in [0, 100, 300, 600, 1000] {
            d.heartbeat(t);
        }
        // Intervals 100, 200, 300, 400; the window keeps the last three.
        assert_eq!(
            d.intervals().collect::<alloc::vec::Vec<_>>(),
            [200, 300, 400]
        );
        assert_eq!(d.mean(), 300.0);
        assert!((d.std_dev() - libm::sqrt(20_000.0 / 3.0)).abs() < 1e-9);
        d.heartbeat(900); // older than the latest: ignored
        assert_eq!(d.last_heartbeat(), Some(1000));
    }

    #[test]
    fn phi_is_zero_before_the_first_heartbeat_and_grows_with_silence() {
        let mut d = PhiAccrual::new(PhiConfig::default());
        assert_eq!(d.phi(millis(10_000)), 0.0);
        for beat in 0..20 {
            d.heartbeat(millis(100) * beat + (beat % 3) * millis(4));
        }
        let last = d.last_heartbeat().unwrap();
        let mut previous = 0.0;
        for late in (0..2_000).step_by(7) {
            let phi = d.phi(last + millis(late));
            assert!(phi >= previous && phi.is_finite(), "{late}: {phi}");
            previous = phi;
        }
        assert!(previous > 1_000.0);
    }

    #[test]
    fn tail_is_continuous_where_the_asymptotic_series_takes_over() {
        let below = log10_normal_tail(37.0 - 1e-9);
        let above = log10_normal_tail(37.0);
        assert!(
            (below - above).abs() < 1e-6 * below.abs(),
            "{below} {above}"
        );
    }

    #[test]
    fn acceptable_pause_shifts_the_mean_and_the_floor_holds() {
        let config = PhiConfig {
            acceptable_pause: millis(500),
            min_std_dev: millis(50),
            ..PhiConfig::default()
        };
        let mut d = PhiAccrual::new(config);
        for beat in 0..10 {
            d.heartbeat(millis(100) * beat);
        }
        let (mean, std) = d.effective_mean_and_std_dev();
        assert_eq!(mean, millis(600) as f64);
        assert_eq!(std, millis(50) as f64, "regular beats: the floor applies");
        // At exactly the mean, y = 0 and Q = 1/2: φ = log10 2.
        let at_mean = d.phi(millis(900) + millis(600));
        assert!((at_mean - core::f64::consts::LOG10_2).abs() < 1e-12);
    }
}
