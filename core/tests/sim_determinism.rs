//! Determinism and time travel: the same seed and inputs give the same
//! trace; seeking to any earlier step reproduces exactly the state that was
//! recorded there; an input injected in the past forks a new future.

use dsviz_core::consensus::raft::scenario::{current_leader, demo, propose_steadily};
use dsviz_core::consensus::raft::{Command, RaftNode};
use dsviz_core::sim::{Action, Fault, Simulation, millis};

/// The digest of `demo(42)` after 2,000 steps. The same constant is
/// asserted inside headless Chromium by `web/tests/determinism.rs`, so a
/// platform difference (usize width, float formatting, iteration order)
/// fails one of the two.
pub const DEMO_42_DIGEST_AT_2000: u64 = 0x945e_2235_d115_5a90;

fn snapshot(sim: &Simulation<RaftNode>) -> String {
    let world = sim.world();
    let in_flight: Vec<_> = world.in_flight().map(|e| (e.id, e.deliver_at)).collect();
    let timers: Vec<_> = (0..world.nodes().len())
        .map(|id| format!("{:?}", world.timers(id)))
        .collect();
    format!(
        "{} {:016x} {:?} {:?} {:?} {:?}",
        world.now(),
        world.digest(),
        world.nodes(),
        in_flight,
        timers,
        world.network()
    )
}

#[test]
fn same_seed_same_digest_and_different_seed_different_digest() {
    let run = |seed| {
        let mut sim = demo(seed);
        sim.run_to_step(3_000);
        sim.world().digest()
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7), run(8));
}

#[test]
fn demo_digest_is_pinned() {
    let mut sim = demo(42);
    assert_eq!(sim.run_to_step(2_000), 2_000);
    assert_eq!(
        sim.world().digest(),
        DEMO_42_DIGEST_AT_2000,
        "got {:#018x}",
        sim.world().digest()
    );
}

#[test]
fn seeking_back_reproduces_every_recorded_state() {
    let mut sim = demo(3);
    let mut states = vec![snapshot(&sim)];
    let mut value = 0;
    while sim.step_index() < 1_500 {
        if sim.step_index().is_multiple_of(97)
            && let Some(leader) = current_leader(sim.world())
        {
            value += 1;
            sim.inject(Action::Command {
                node: leader,
                command: Command::Propose(value),
            });
        } else if sim.step_index() == 700 {
            sim.inject(Action::Fault(Fault::Crash(2)));
        } else {
            sim.step();
        }
        states.push(snapshot(&sim));
    }
    for target in (0..states.len() as u64).rev() {
        assert_eq!(sim.seek(target), target);
        assert_eq!(
            snapshot(&sim),
            states[target as usize],
            "state differs after seeking back to step {target}"
        );
    }
    // And forwards again, from the start, across checkpoints.
    for target in [10u64, 300, 299, 1_499, 1_500, 256, 257] {
        sim.seek(target);
        assert_eq!(
            snapshot(&sim),
            states[target as usize],
            "state differs after seeking to step {target}"
        );
    }
    assert_eq!(sim.horizon(), 1_500);
}

#[test]
fn replaying_recorded_inputs_reproduces_the_run() {
    let mut live = demo(5);
    propose_steadily(&mut live, millis(3_000), millis(40), 0);
    live.inject(Action::Fault(Fault::Partition(vec![vec![0, 1]])));
    live.run_until(millis(4_000));
    let replay_config = live.config().clone();
    let mut replay = Simulation::with_inputs(
        replay_config,
        demo(5).world().nodes().to_vec(),
        live.inputs().to_vec(),
    );
    replay.run_to_step(live.step_index());
    assert_eq!(replay.world().digest(), live.world().digest());
}

#[test]
fn injecting_in_the_past_forks_a_new_future() {
    let mut sim = demo(9);
    sim.run_to_step(400);
    sim.inject(Action::Fault(Fault::Crash(0)));
    sim.run_to_step(900);
    let old_digest = sim.world().digest();
    sim.seek(200);
    sim.inject(Action::Fault(Fault::Crash(4)));
    assert_eq!(sim.horizon(), 201, "the old future is gone");
    assert_eq!(sim.trace().len(), 201);
    assert_eq!(
        sim.inputs().len(),
        1,
        "the crash at step 400 belonged to the old branch"
    );
    let previous = sim.previous_branch().expect("the old branch is kept");
    assert_eq!(
        (previous.forked_at, previous.horizon, previous.inputs.len()),
        (200, 900, 1)
    );
    sim.run_to_step(900);
    assert_ne!(sim.world().digest(), old_digest);
    // Going back before the fork point and forward again stays on the new branch.
    let new_digest = sim.world().digest();
    sim.seek(100);
    sim.seek(900);
    assert_eq!(sim.world().digest(), new_digest);
}

#[test]
fn violations_are_indexed_by_step_and_forget_discarded_branches() {
    // A healthy run has none; the index starts empty and stays consistent
    // with the trace across a fork.
    let mut sim = demo(4);
    sim.run_to_step(500);
    let from_trace: Vec<_> = sim
        .trace()
        .iter()
        .flat_map(|r| r.violations.iter().map(move |v| (r.step, v.clone())))
        .collect();
    assert_eq!(sim.violations(), from_trace.as_slice());
    sim.seek(100);
    sim.inject(Action::Fault(Fault::Crash(0)));
    assert!(sim.violations().iter().all(|(step, _)| *step <= 100));
}
