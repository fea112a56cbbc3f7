//! Re-creates a core scenario through the page's own run: the same inputs
//! at the same steps and simulated times, so the scenario's link (seed,
//! parameters and inputs) reproduces the core's run exactly.

use super::{AdaptedRun, Adapter, SimRun};
use crate::player::Transport;
use dsviz_core::sim::{Action, Simulation};

/// Plays every scripted input of `core` into `run` at the step and time it
/// was injected there, then moves `run` to the step `core` is at.
///
/// `run` must have been started from the same seed, nodes and network as
/// `core` (the scenario's base query says so); the tests compare digests.
pub fn replay<A: Adapter>(run: &mut AdaptedRun<A>, core: &Simulation<A::Node>) {
    for input in core.inputs() {
        let at = input.at_step;
        run.step_until(at, |w| w.steps() >= at);
        // The core let the clock reach the input's time with nothing due before it.
        if run.player().sim().world().now() < input.at_time {
            run.run_until(input.at_time);
        }
        match &input.action {
            Action::Fault(fault) => run.inject_fault(fault.clone()),
            Action::Command { node, command } => run.command(*node, command.clone()),
        }
    }
    run.seek(core.step_index());
}

/// A scenario's base query: `core`'s seed, then `params`.
pub fn scenario_base(core: &Simulation<impl dsviz_core::sim::Node>, params: &str) -> String {
    format!("?seed={}&{params}", core.config().seed)
}
