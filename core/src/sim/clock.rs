//! Node-local clocks that may run fast or slow ([`Fault::SetClockRate`]).
//!
//! Each node reads a local clock
//!
//! ```text
//! local = base_local + (now - base_real) * rate_ppm / 1_000_000
//! ```
//!
//! in integer arithmetic (rounded down), where `now` is simulated (real)
//! time. A rate change rebases the clock at the current instant, so the
//! reading is continuous and never goes backwards. At the exact rate the
//! reading equals simulated time.
//!
//! [`Fault::SetClockRate`]: super::Fault::SetClockRate

use super::time::Time;

/// A clock rate that keeps exact time, in parts per million of real time.
pub const CLOCK_RATE_EXACT: u32 = 1_000_000;
/// The slowest accepted clock rate (1 ‰ of real time).
pub const CLOCK_RATE_MIN: u32 = 1_000;
/// The fastest accepted clock rate (100 × real time).
pub const CLOCK_RATE_MAX: u32 = 100_000_000;

const PPM: u128 = 1_000_000;

/// One node's local clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) struct LocalClock {
    rate_ppm: u32,
    base_real: Time,
    base_local: Time,
}

impl Default for LocalClock {
    fn default() -> Self {
        Self {
            rate_ppm: CLOCK_RATE_EXACT,
            base_real: 0,
            base_local: 0,
        }
    }
}

fn saturate(x: u128) -> Time {
    Time::try_from(x).unwrap_or(Time::MAX)
}

impl LocalClock {
    /// The rate in parts per million of real time.
    pub(crate) fn rate_ppm(self) -> u32 {
        self.rate_ppm
    }

    /// The reading at real time `now` (not before the last rebase).
    pub(crate) fn read(self, now: Time) -> Time {
        let elapsed = u128::from(now.saturating_sub(self.base_real));
        let local = elapsed * u128::from(self.rate_ppm) / PPM;
        self.base_local.saturating_add(saturate(local))
    }

    /// Changes the rate from real time `now` on, keeping the reading continuous.
    pub(crate) fn set_rate(&mut self, now: Time, rate_ppm: u32) {
        self.base_local = self.read(now);
        self.base_real = now;
        self.rate_ppm = rate_ppm;
    }

    /// The real time it takes this clock to advance by `local`, rounded up
    /// (so a timer never fires early by its own clock); 0 stays 0.
    pub(crate) fn real_span(self, local: Time) -> Time {
        let rate = u128::from(self.rate_ppm.max(1));
        saturate((u128::from(local) * PPM).div_ceil(rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_clock_reads_real_time() {
        let c = LocalClock::default();
        assert_eq!(c.read(0), 0);
        assert_eq!(c.read(123_456_789), 123_456_789);
        assert_eq!(c.real_span(0), 0);
        assert_eq!(c.real_span(77), 77);
    }

    #[test]
    fn rate_change_is_continuous_and_monotone() {
        let mut c = LocalClock::default();
        c.set_rate(1_000, 1_500_000);
        assert_eq!(c.read(1_000), 1_000);
        assert_eq!(c.read(2_000), 2_500);
        c.set_rate(2_000, 500_000);
        assert_eq!(c.read(2_000), 2_500);
        assert_eq!(c.read(4_000), 3_500);
        let mut last = 0;
        for t in (4_000..5_000).step_by(7) {
            let r = c.read(t);
            assert!(r >= last);
            last = r;
        }
    }

    #[test]
    fn spans_round_up_and_never_fire_early() {
        let mut c = LocalClock::default();
        c.set_rate(0, 1_500_000);
        assert_eq!(c.real_span(100), 67);
        assert!(c.read(67) >= 100);
        c.set_rate(0, 2_000_000);
        assert_eq!(c.real_span(100), 50);
        c.set_rate(0, CLOCK_RATE_MIN);
        assert_eq!(c.real_span(1), 1_000);
        c.set_rate(0, CLOCK_RATE_MAX);
        assert_eq!(c.real_span(1), 1, "at least one microsecond");
        assert_eq!(c.real_span(Time::MAX), Time::MAX / 100 + 1);
        assert_eq!(c.read(Time::MAX), Time::MAX, "saturates");
    }
}
