//! A run: the world, the inputs that drive it, the trace it produced, and
//! checkpoints for travelling through it.
//!
//! The inputs (seed, parameters, and each injected action with its step) are
//! the source of truth: everything else can be recomputed from them.
//! [`Simulation::seek`] restores the nearest checkpoint at or before the
//! target and steps forward, so going back one step costs at most
//! `checkpoint_every` steps. Injecting an action while positioned before the
//! furthest step explored (the *horizon*) forks: the old future is discarded
//! (its inputs are kept as [`Branch`] for comparison) and a new one begins.

use super::fault::{Action, Input};
use super::network::NetworkConfig;
use super::node::Node;
use super::trace::StepRecord;
use super::world::World;
use alloc::vec::Vec;

/// How a run is set up.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SimConfig {
    /// The world seed; every random stream derives from it.
    pub seed: u64,
    /// The network at step 0.
    pub network: NetworkConfig,
    /// A checkpoint is kept every this many steps (at least 1).
    pub checkpoint_every: u64,
    /// Evaluate the protocol's invariants after every step.
    pub check_invariants: bool,
    /// Keep every step's record (the web app does; sweeps need not).
    pub record_trace: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            network: NetworkConfig::default(),
            checkpoint_every: 256,
            check_invariants: true,
            record_trace: true,
        }
    }
}

impl SimConfig {
    /// The default configuration with the given seed.
    pub fn seeded(seed: u64) -> Self {
        Self {
            seed,
            ..Self::default()
        }
    }
}

/// A future that a fork discarded, kept for comparison.
#[derive(Clone, Debug)]
pub struct Branch<C> {
    /// All inputs of the discarded branch.
    pub inputs: Vec<Input<C>>,
    /// How far it had been explored.
    pub horizon: u64,
    /// The step at which it was abandoned.
    pub forked_at: u64,
}

/// A steppable, seekable, forkable run of a protocol.
#[derive(Clone, Debug)]
pub struct Simulation<N: Node> {
    config: SimConfig,
    world: World<N>,
    inputs: Vec<Input<N::Command>>,
    checkpoints: Vec<World<N>>,
    trace: Vec<StepRecord<N>>,
    violations: Vec<(u64, super::invariant::Violation)>,
    last: Option<StepRecord<N>>,
    horizon: u64,
    previous: Option<Branch<N::Command>>,
}

impl<N: Node> Simulation<N> {
    /// A run of `nodes` (node `i` has id `i`) under `config`.
    pub fn new(config: SimConfig, nodes: Vec<N>) -> Self {
        let world = World::new(
            config.seed,
            nodes,
            config.network.clone(),
            config.check_invariants,
        );
        let config = SimConfig {
            checkpoint_every: config.checkpoint_every.max(1),
            ..config
        };
        Self {
            checkpoints: alloc::vec![world.clone()],
            world,
            config,
            inputs: Vec::new(),
            trace: Vec::new(),
            violations: Vec::new(),
            last: None,
            horizon: 0,
            previous: None,
        }
    }

    /// A run that will apply `inputs` at their steps as it goes.
    /// Inputs are sorted by step; of two at the same step the first is kept.
    pub fn with_inputs(
        config: SimConfig,
        nodes: Vec<N>,
        mut inputs: Vec<Input<N::Command>>,
    ) -> Self {
        inputs.sort_by_key(|i| i.at_step);
        inputs.dedup_by_key(|i| i.at_step);
        Self {
            inputs,
            ..Self::new(config, nodes)
        }
    }

    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The current state.
    pub fn world(&self) -> &World<N> {
        &self.world
    }

    /// Steps taken to reach the current state (the cursor).
    pub fn step_index(&self) -> u64 {
        self.world.steps()
    }

    /// The furthest step explored on this branch.
    pub fn horizon(&self) -> u64 {
        self.horizon
    }

    /// Every injected input of this branch, by step.
    pub fn inputs(&self) -> &[Input<N::Command>] {
        &self.inputs
    }

    /// The recorded steps of this branch (empty unless `record_trace`).
    pub fn trace(&self) -> &[StepRecord<N>] {
        &self.trace
    }

    /// Every violation recorded on this branch, with its step, in order.
    pub fn violations(&self) -> &[(u64, super::invariant::Violation)] {
        &self.violations
    }

    /// The branch the latest fork discarded.
    pub fn previous_branch(&self) -> Option<&Branch<N::Command>> {
        self.previous.as_ref()
    }

    /// Executes one step; `None` when the run is quiescent.
    pub fn step(&mut self) -> Option<&StepRecord<N>> {
        let index = self.world.steps();
        let input = self.input_at(index).map(|i| (i.action.clone(), i.at_time));
        let record = self.world.step(input)?;
        self.after_step(index, record);
        self.record_at(index)
    }

    /// Applies `action` as the next step. If the cursor is before the
    /// horizon, the old future is discarded first (a fork).
    pub fn inject(&mut self, action: Action<N::Command>) -> &StepRecord<N> {
        let at_step = self.world.steps();
        if at_step < self.horizon || self.inputs.iter().any(|i| i.at_step >= at_step) {
            self.fork(at_step);
        }
        let at_time = self.world.now();
        self.inputs.push(Input {
            at_step,
            at_time,
            action: action.clone(),
        });
        let record = self
            .world
            .step(Some((action, at_time)))
            .expect("an input always makes a step");
        self.after_step(at_step, record);
        self.record_at(at_step)
            .expect("the step just taken is recorded")
    }

    /// Runs until `steps` steps have been taken in total, or quiescence.
    pub fn run_to_step(&mut self, steps: u64) -> u64 {
        while self.world.steps() < steps && self.step().is_some() {}
        self.world.steps()
    }

    /// Runs every event and input due at or before `time`, then lets the
    /// clock reach `time`: simulated time passes even when nothing happens.
    pub fn run_until(&mut self, time: super::time::Time) {
        loop {
            let steps = self.world.steps();
            let due = match self.input_at(steps) {
                Some(input) => input.at_time <= time,
                None => self.world.next_event_time().is_some_and(|t| t <= time),
            };
            if !due || self.step().is_none() {
                break;
            }
        }
        if self.input_at(self.world.steps()).is_none() {
            self.world.advance_clock(time);
        }
    }

    /// When the next step happens: a pending input's time, or the next
    /// event's; `None` when the run is quiescent.
    pub fn next_step_time(&mut self) -> Option<super::time::Time> {
        match self.input_at(self.world.steps()) {
            Some(input) => Some(input.at_time),
            None => self.world.next_event_time(),
        }
    }

    /// Lets simulated time pass up to `time` without executing anything
    /// (never past the next pending step).
    pub fn advance_clock(&mut self, time: super::time::Time) {
        let limit = self.next_step_time().unwrap_or(time);
        self.world.advance_clock(time.min(limit));
    }

    /// Moves the cursor to `target` steps, backwards or forwards, and returns
    /// the step reached (less than `target` if the run went quiet first).
    pub fn seek(&mut self, target: u64) -> u64 {
        let slot =
            ((target / self.config.checkpoint_every) as usize).min(self.checkpoints.len() - 1);
        let checkpoint = &self.checkpoints[slot];
        if target < self.world.steps() || checkpoint.steps() > self.world.steps() {
            self.world = checkpoint.clone();
        }
        self.run_to_step(target)
    }

    /// Goes back one step (no-op at step 0).
    pub fn step_back(&mut self) -> u64 {
        self.seek(self.world.steps().saturating_sub(1))
    }

    fn input_at(&self, step: u64) -> Option<&Input<N::Command>> {
        self.inputs
            .binary_search_by_key(&step, |i| i.at_step)
            .ok()
            .map(|slot| &self.inputs[slot])
    }

    fn record_at(&self, index: u64) -> Option<&StepRecord<N>> {
        if self.config.record_trace {
            self.trace.get(index as usize)
        } else {
            self.last.as_ref()
        }
    }

    fn after_step(&mut self, index: u64, record: StepRecord<N>) {
        let steps = self.world.steps();
        if steps.is_multiple_of(self.config.checkpoint_every)
            && (steps / self.config.checkpoint_every) as usize == self.checkpoints.len()
        {
            self.checkpoints.push(self.world.clone());
        }
        if steps > self.horizon {
            let found = record.violations.iter().map(|v| (index, v.clone()));
            self.violations.extend(found);
            self.horizon = steps;
        }
        if self.config.record_trace {
            if index as usize == self.trace.len() {
                self.trace.push(record);
            }
        } else {
            self.last = Some(record);
        }
    }

    fn fork(&mut self, at_step: u64) {
        self.previous = Some(Branch {
            inputs: self.inputs.clone(),
            horizon: self.horizon,
            forked_at: at_step,
        });
        self.inputs.retain(|i| i.at_step < at_step);
        self.trace.truncate(at_step as usize);
        self.violations.retain(|(step, _)| *step < at_step);
        let keep = (at_step / self.config.checkpoint_every) as usize + 1;
        self.checkpoints.truncate(keep);
        self.horizon = at_step;
    }
}
