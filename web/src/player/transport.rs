//! What the shared control bar needs from any player: the transport of a
//! tape recorder (play, pause, step, back, seek, speed) over a sequence of
//! numbered steps.
//!
//! Two players implement it: [`super::Player`], whose steps are simulator
//! events in simulated time, and [`super::OpPlayer`], whose steps are the
//! operations applied to a data structure (one insertion, one query).

/// Playback over numbered steps, driven by the animation loop.
pub trait Transport: Send + Sync + 'static {
    /// Steps taken to reach the state shown.
    fn step_index(&self) -> u64;
    /// The furthest step explored (the scrubber's end).
    fn horizon(&self) -> u64;
    fn is_playing(&self) -> bool;
    fn set_playing(&mut self, playing: bool);
    /// Playback speed as a power of ten (0 = the page's natural pace).
    fn speed_log10(&self) -> f64;
    /// Sets the speed, clamped to [`super::SPEED_LOG10_MIN`] ..=
    /// [`super::SPEED_LOG10_MAX`]; a non-finite value means 1×.
    fn set_speed_log10(&mut self, value: f64);
    /// Takes one step. False when there is nothing left to do.
    fn step_forward(&mut self) -> bool;
    /// Goes back one step and pauses.
    fn step_back(&mut self);
    /// Moves to `step` (clamped to what can be reached) and returns it.
    fn seek(&mut self, step: u64) -> u64;
    /// Advances playback by `wall_ms` of real time; returns the steps run.
    fn tick(&mut self, wall_ms: f64) -> u64;
    /// Where the cursor is, for people ("12.5 ms", "item 7 of 40").
    fn position_label(&self) -> String;

    /// Speed as a plain factor.
    fn speed(&self) -> f64 {
        10f64.powf(self.speed_log10())
    }
}

/// Clamps a requested speed exponent to the slider's range.
pub fn clamp_speed_log10(value: f64) -> f64 {
    let value = if value.is_finite() { value } else { 0.0 };
    value.clamp(super::SPEED_LOG10_MIN, super::SPEED_LOG10_MAX)
}
