//! The one playback controller behind every visualization.
//!
//! It wraps a [`Simulation`] and adds what a person watching needs: a
//! *cursor time* that moves smoothly between events (so messages can slide
//! along their edges), play/pause, a logarithmic speed, step and step back,
//! and seeking. Everything shown is derived from the simulation at the
//! cursor; the controller keeps no animation state of its own.
//!
//! Invariant: every event due at or before the cursor has been executed,
//! and the cursor is never before the world's clock.

use dsviz_core::sim::{Action, Node, Simulation, Time};

pub mod controls;
pub mod ops;
pub mod sliced;
pub mod transport;

pub use ops::{OpPlayer, Replay};
pub use sliced::SlicedJob;
pub use transport::Transport;

/// The slowest and fastest playback, as powers of ten of real time.
pub const SPEED_LOG10_MIN: f64 = -2.0;
pub const SPEED_LOG10_MAX: f64 = 2.0;
/// A frame never runs more steps than this, so one frame stays cheap.
pub const MAX_STEPS_PER_TICK: u64 = 2_000;
/// Simulated microseconds per real millisecond at 1× speed.
const MICROS_PER_WALL_MS: f64 = 1_000.0;

/// A protocol the browser can play: everything about it can live in a
/// reactive signal.
pub trait Playable:
    Node<
        Msg: Send + Sync + 'static,
        Timer: Send + Sync + 'static,
        Command: Send + Sync + 'static,
        Invariants: Send + Sync + 'static,
    > + Send
    + Sync
    + 'static
{
}

impl<N> Playable for N where
    N: Node<
            Msg: Send + Sync + 'static,
            Timer: Send + Sync + 'static,
            Command: Send + Sync + 'static,
            Invariants: Send + Sync + 'static,
        > + Send
        + Sync
        + 'static
{
}

/// Playback state over one simulation.
#[derive(Clone, Debug)]
pub struct Player<N: Node> {
    sim: Simulation<N>,
    cursor: Time,
    playing: bool,
    speed_log10: f64,
}

impl<N: Node> Player<N> {
    /// A paused player at the simulation's current step.
    pub fn new(sim: Simulation<N>) -> Self {
        let cursor = sim.world().now();
        Self {
            sim,
            cursor,
            playing: false,
            speed_log10: 0.0,
        }
    }

    pub fn sim(&self) -> &Simulation<N> {
        &self.sim
    }

    /// The instant shown (microseconds of simulated time).
    pub fn cursor_time(&self) -> Time {
        self.cursor
    }

    /// Steps taken to reach the state shown.
    /// Runs every event up to `time` and puts the cursor there.
    pub fn run_until(&mut self, time: Time) {
        self.sim.run_until(time);
        self.cursor = self.cursor.max(time);
    }

    /// Applies an action at the cursor time. Done while scrubbed into the
    /// past, it forks a new future from here.
    pub fn inject(&mut self, action: Action<N::Command>) {
        self.sim.advance_clock(self.cursor);
        self.sim.inject(action);
        self.cursor = self.cursor.max(self.sim.world().now());
    }
}

impl<N: Playable> Transport for Player<N> {
    fn step_index(&self) -> u64 {
        self.sim.step_index()
    }

    /// The furthest step explored (the scrubber's end).
    fn horizon(&self) -> u64 {
        self.sim.horizon()
    }

    fn is_playing(&self) -> bool {
        self.playing
    }

    fn set_playing(&mut self, playing: bool) {
        self.playing = playing;
    }

    /// Playback speed as a power of ten (0 = real time).
    fn speed_log10(&self) -> f64 {
        self.speed_log10
    }

    fn set_speed_log10(&mut self, value: f64) {
        self.speed_log10 = transport::clamp_speed_log10(value);
    }

    /// Executes the next event and moves the cursor to it. False when the
    /// run is quiescent.
    fn step_forward(&mut self) -> bool {
        let moved = self.sim.step().is_some();
        self.cursor = self.cursor.max(self.sim.world().now());
        if moved {
            self.cursor = self.sim.world().now();
        }
        moved
    }

    /// Goes back one step and pauses.
    fn step_back(&mut self) {
        self.playing = false;
        self.sim.step_back();
        self.cursor = self.sim.world().now();
    }

    /// Moves to `step` (clamped to what can be reached) and returns it.
    fn seek(&mut self, step: u64) -> u64 {
        let reached = self.sim.seek(step);
        self.cursor = self.sim.world().now();
        reached
    }

    /// Advances playback by `wall_ms` of real time: the cursor moves by
    /// that much simulated time times the speed, and every event it passes
    /// is executed (at most [`MAX_STEPS_PER_TICK`]). Returns the steps run.
    fn tick(&mut self, wall_ms: f64) -> u64 {
        if !self.playing || !wall_ms.is_finite() || wall_ms <= 0.0 {
            return 0;
        }
        let advance = (wall_ms * MICROS_PER_WALL_MS * 10f64.powf(self.speed_log10)) as Time;
        let target = self.cursor.saturating_add(advance.max(1));
        let start = self.sim.step_index();
        while self.sim.step_index() - start < MAX_STEPS_PER_TICK {
            match self.sim.next_step_time() {
                Some(at) if at <= target => {
                    self.sim.step();
                }
                _ => {
                    self.cursor = target;
                    return self.sim.step_index() - start;
                }
            }
        }
        // Too many events for one frame: show the last one executed.
        self.cursor = self.sim.world().now();
        self.sim.step_index() - start
    }

    fn position_label(&self) -> String {
        format!("{:.1} ms", self.cursor as f64 / 1000.0)
    }
}
