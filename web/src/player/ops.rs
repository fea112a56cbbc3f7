//! A player over a list of operations applied to a data structure: step
//! *n* shows the structure after the first *n* operations (one insertion,
//! one query, one edit). Used by the sketch and integrity pages, whose
//! "simulation" is a deterministic fold rather than a network of nodes.
//!
//! Going back restores the nearest checkpoint (one every
//! [`CHECKPOINT_EVERY`] operations) and replays forward, so scrubbing over
//! thousands of operations stays cheap. Adding an operation while scrubbed
//! into the past forks: the old future is discarded, as in the simulator.

use super::transport::{Transport, clamp_speed_log10};

/// Operations between two saved states.
pub const CHECKPOINT_EVERY: usize = 64;

/// A structure that changes one operation at a time, deterministically.
pub trait Replay: Clone + Send + Sync + 'static {
    type Op: Clone + Send + Sync + 'static;
    /// Applies one operation. Must depend only on `self` and `op`.
    fn apply(&mut self, op: &Self::Op);
}

/// Playback over `ops` applied in order to an initial state.
#[derive(Clone, Debug)]
pub struct OpPlayer<M: Replay> {
    ops: Vec<M::Op>,
    state: M,
    step: usize,
    /// `checkpoints[i]` is the state after `i * CHECKPOINT_EVERY` operations.
    checkpoints: Vec<M>,
    playing: bool,
    speed_log10: f64,
    /// Operations per real second at 1×.
    rate: f64,
    /// Fractional operations owed to playback from earlier frames.
    owed: f64,
}

impl<M: Replay> OpPlayer<M> {
    /// A paused player at step 0 that plays `rate` operations per second
    /// at 1×.
    pub fn new(initial: M, ops: Vec<M::Op>, rate: f64) -> Self {
        Self {
            ops,
            state: initial.clone(),
            step: 0,
            checkpoints: vec![initial],
            playing: false,
            speed_log10: 0.0,
            rate: if rate.is_finite() && rate > 0.0 {
                rate
            } else {
                1.0
            },
            owed: 0.0,
        }
    }

    /// A paused player already moved to `step` (clamped to the operations
    /// there are): how a page opens a permalink.
    pub fn at(initial: M, ops: Vec<M::Op>, rate: f64, step: u64) -> Self {
        let mut player = Self::new(initial, ops, rate);
        player.seek(step);
        player
    }

    /// The structure after the operations up to the cursor.
    pub fn state(&self) -> &M {
        &self.state
    }

    /// Every operation, including those after the cursor.
    pub fn ops(&self) -> &[M::Op] {
        &self.ops
    }

    /// The operation that produced the state shown, if any.
    pub fn last_op(&self) -> Option<&M::Op> {
        self.step.checked_sub(1).map(|i| &self.ops[i])
    }

    /// The state before the last operation (for showing what it changed).
    pub fn previous_state(&self) -> Option<M> {
        let step = self.step.checked_sub(1)?;
        let mut copy = self.clone();
        copy.seek(step as u64);
        Some(copy.state)
    }

    /// Applies `op` at the cursor: the operations after it are discarded
    /// and `op` becomes the new last one. Pauses playback.
    pub fn push(&mut self, op: M::Op) {
        self.playing = false;
        self.ops.truncate(self.step);
        self.checkpoints.truncate(self.step / CHECKPOINT_EVERY + 1);
        self.ops.push(op);
        self.advance();
    }

    fn advance(&mut self) -> bool {
        let Some(op) = self.ops.get(self.step) else {
            return false;
        };
        self.state.apply(op);
        self.step += 1;
        if self.step.is_multiple_of(CHECKPOINT_EVERY)
            && self.checkpoints.len() == self.step / CHECKPOINT_EVERY
        {
            self.checkpoints.push(self.state.clone());
        }
        true
    }
}

impl<M: Replay> Transport for OpPlayer<M> {
    fn step_index(&self) -> u64 {
        self.step as u64
    }

    fn horizon(&self) -> u64 {
        self.ops.len() as u64
    }

    fn is_playing(&self) -> bool {
        self.playing
    }

    fn set_playing(&mut self, playing: bool) {
        // Play at the end starts over, as a media player does.
        if playing && !self.playing && self.step == self.ops.len() {
            self.seek(0);
        }
        self.playing = playing;
        self.owed = 0.0;
    }

    fn speed_log10(&self) -> f64 {
        self.speed_log10
    }

    fn set_speed_log10(&mut self, value: f64) {
        self.speed_log10 = clamp_speed_log10(value);
    }

    fn step_forward(&mut self) -> bool {
        self.advance()
    }

    fn step_back(&mut self) {
        self.playing = false;
        if self.step > 0 {
            self.seek(self.step as u64 - 1);
        }
    }

    fn seek(&mut self, step: u64) -> u64 {
        let target = usize::try_from(step)
            .unwrap_or(usize::MAX)
            .min(self.ops.len());
        if target < self.step {
            let base = (target / CHECKPOINT_EVERY).min(self.checkpoints.len() - 1);
            self.state = self.checkpoints[base].clone();
            self.step = base * CHECKPOINT_EVERY;
        }
        while self.step < target && self.advance() {}
        self.step as u64
    }

    fn tick(&mut self, wall_ms: f64) -> u64 {
        if !self.playing || !wall_ms.is_finite() || wall_ms <= 0.0 {
            return 0;
        }
        self.owed += wall_ms / 1000.0 * self.rate * self.speed();
        let due = self.owed.floor();
        self.owed -= due;
        let mut taken = 0;
        while (taken as f64) < due && taken < super::MAX_STEPS_PER_TICK {
            if !self.advance() {
                self.playing = false;
                break;
            }
            taken += 1;
        }
        taken
    }

    fn position_label(&self) -> String {
        format!("{} of {}", self.step, self.ops.len())
    }
}
