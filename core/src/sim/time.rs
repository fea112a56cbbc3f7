//! Simulated time.

/// Simulated time in microseconds since the start of the run.
///
/// Parameters and displays speak milliseconds; the microsecond resolution
/// lets latencies such as 7.5 ms be represented exactly.
pub type Time = u64;

/// Microseconds in one millisecond.
pub const MICROS_PER_MS: Time = 1_000;

/// Converts whole milliseconds to [`Time`].
pub const fn millis(ms: u64) -> Time {
    ms * MICROS_PER_MS
}
