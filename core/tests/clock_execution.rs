//! The execution behind the clocks page: on random workloads the vector
//! clocks' order is exactly reachability in the graph of program order and
//! message edges, the Lamport order never contradicts it, the "Lamport
//! misleads" finder returns a genuine pair whenever one exists, and invalid
//! operations are refused without changing anything.

use dsviz_core::clocks::{Causality, ClockOp, ClockOpError, EventKind, Execution, random_workload};

/// Whether `b` is reachable from `a` (a → b), by brute force.
fn reachable(ex: &Execution, a: usize, b: usize) -> bool {
    let events = ex.events();
    let mut reached = vec![false; events.len()];
    reached[a] = true;
    // Events are in an order that respects causality, so one forward pass does.
    for e in a + 1..events.len() {
        let previous_on_process = (0..e)
            .rev()
            .find(|&i| events[i].process == events[e].process);
        let from_send = ex.send_of(e);
        reached[e] = previous_on_process.is_some_and(|i| reached[i])
            || from_send.is_some_and(|i| reached[i]);
    }
    a != b && reached[b]
}

#[test]
fn vector_order_is_reachability_and_lamport_respects_it() {
    for seed in 0..150 {
        let ops = random_workload(4, 40, seed);
        let mut ex = Execution::new(4);
        for &op in &ops {
            ex.apply(op).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        }
        let n = ex.events().len();
        for a in 0..n {
            for b in 0..n {
                let before = reachable(&ex, a, b);
                assert_eq!(
                    ex.relation(a, b) == Causality::Before,
                    before,
                    "seed {seed}: events {a} and {b}"
                );
                if before {
                    assert!(
                        ex.events()[a].lamport < ex.events()[b].lamport,
                        "seed {seed}"
                    );
                }
            }
        }
        let exists = (0..n).any(|a| {
            (0..n).any(|b| {
                ex.events()[a].lamport < ex.events()[b].lamport
                    && !reachable(&ex, a, b)
                    && !reachable(&ex, b, a)
            })
        });
        match ex.lamport_misleads() {
            Some((a, b)) => {
                assert!(exists);
                assert!(ex.events()[a].lamport < ex.events()[b].lamport);
                assert_eq!(ex.relation(a, b), Causality::Concurrent, "seed {seed}");
            }
            None => assert!(!exists, "seed {seed}: a misleading pair was missed"),
        }
    }
}

#[test]
fn lamports_example_two_processes_that_never_talk() {
    // P1 does three local events, P2 one: L(P2's) = 1 < 3 = L(P1's third), yet
    // they are concurrent.
    let mut ex = Execution::new(2);
    for op in [
        ClockOp::Local(0),
        ClockOp::Local(0),
        ClockOp::Local(0),
        ClockOp::Local(1),
    ] {
        ex.apply(op).expect("valid");
    }
    assert_eq!(ex.lamport_misleads(), Some((3, 2)));
    // A message from P2's event to P1 makes it a cause.
    let send = ex.apply(ClockOp::Send { from: 1, to: 0 }).expect("valid");
    let EventKind::Send { message, .. } = ex.events()[send].kind else {
        panic!("a send");
    };
    let receive = ex.apply(ClockOp::Deliver(message)).expect("in flight");
    assert_eq!(ex.relation(3, receive), Causality::Before);
    assert_eq!(ex.events()[receive].lamport, 4, "max(3, 2) + 1");
}

#[test]
fn invalid_operations_are_refused_and_change_nothing() {
    let mut ex = Execution::new(3);
    ex.apply(ClockOp::Send { from: 0, to: 1 }).expect("valid");
    let before = ex.clone();
    assert_eq!(ex.apply(ClockOp::Local(3)), Err(ClockOpError::NoProcess(3)));
    assert_eq!(
        ex.apply(ClockOp::Send { from: 2, to: 2 }),
        Err(ClockOpError::SelfSend(2))
    );
    assert_eq!(
        ex.apply(ClockOp::Deliver(7)),
        Err(ClockOpError::NoMessage(7))
    );
    assert_eq!(ex, before);
    ex.apply(ClockOp::Deliver(0)).expect("in flight");
    assert_eq!(
        ex.apply(ClockOp::Deliver(0)),
        Err(ClockOpError::NoMessage(0)),
        "delivered once"
    );
}

#[test]
fn workloads_are_deterministic_and_mix_every_kind() {
    assert_eq!(random_workload(3, 50, 9), random_workload(3, 50, 9));
    assert_ne!(random_workload(3, 50, 9), random_workload(3, 50, 10));
    let ops = random_workload(3, 200, 1);
    assert!(ops.iter().any(|o| matches!(o, ClockOp::Local(_))));
    assert!(ops.iter().any(|o| matches!(o, ClockOp::Send { .. })));
    assert!(ops.iter().any(|o| matches!(o, ClockOp::Deliver(_))));
}
