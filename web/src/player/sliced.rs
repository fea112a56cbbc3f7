//! Work too long for one frame — a study over many seeds, a thousand
//! sketches, trials of balls into bins — run a slice at a time on zero
//! timeouts, so the page keeps drawing and answering clicks meanwhile.
//!
//! A [`SlicedJob`] holds the running job in a signal (views read its
//! progress from there) and a generation counter: starting a new job or
//! clearing it moves the generation on, and a slice scheduled for an older
//! generation does nothing, so at most one job runs per panel.

use leptos::prelude::*;
use std::time::Duration;

/// One job at a time, advanced by `slice` until it reports that it is done.
pub struct SlicedJob<T: Send + Sync + 'static> {
    state: RwSignal<Option<T>>,
    generation: StoredValue<u64>,
    /// Does one bounded piece of work; returns whether the job is done.
    slice: fn(&mut T) -> bool,
}

impl<T: Send + Sync + 'static> Clone for SlicedJob<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for SlicedJob<T> {}

impl<T: Send + Sync + 'static> SlicedJob<T> {
    /// No job yet; `slice` advances one.
    pub fn new(slice: fn(&mut T) -> bool) -> Self {
        Self {
            state: RwSignal::new(None),
            generation: StoredValue::new(0),
            slice,
        }
    }

    /// Replaces any running job with `job` and starts running it.
    pub fn start(self, job: T) {
        let mine = self.next_generation();
        self.state.set(Some(job));
        self.schedule(mine);
    }

    /// Stops and forgets the job (new parameters make its results stale).
    pub fn clear(self) {
        self.next_generation();
        self.state.set(None);
    }

    /// Reads the job (tracked, like a signal).
    pub fn with<R>(self, read: impl FnOnce(&Option<T>) -> R) -> R {
        self.state.with(read)
    }

    fn next_generation(self) -> u64 {
        self.generation.update_value(|g| *g += 1);
        self.generation.get_value()
    }

    fn schedule(self, mine: u64) {
        set_timeout(
            move || {
                if self.generation.try_get_value() != Some(mine) {
                    return;
                }
                let done = self
                    .state
                    .try_update(|job| job.as_mut().is_none_or(self.slice))
                    .unwrap_or(true);
                if !done {
                    self.schedule(mine);
                }
            },
            Duration::from_millis(0),
        );
    }
}
