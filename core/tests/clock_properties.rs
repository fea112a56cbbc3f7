//! Laws of the logical clocks, on random executions.
//!
//! * Vector clocks characterise happened-before: `V(a) < V(b)` exactly when
//!   `a → b`, computed here independently as reachability in the graph of
//!   program order and message edges (Lamport 1978, Mattern 1989).
//! * Lamport clocks satisfy the clock condition: `a → b ⇒ L(a) < L(b)`.
//! * Version-vector merge is a join: commutative, associative, idempotent,
//!   an upper bound, the least one.
//! * Dotted version vectors on a simulated store (clients read and write
//!   through servers, servers sync): every clock's event set is exactly the
//!   write's causal history, and each server keeps exactly the versions
//!   that no version it has seen strictly dominates — none lost that is
//!   not dominated, none kept that is (Almeida et al., DAIS 2014, §4).

use dsviz_core::clocks::{
    Causality, Dot, DottedVersionVector, LamportClock, Siblings, VectorClock, VersionVector,
};
use proptest::collection::vec;
use proptest::prelude::*;
use std::collections::BTreeSet;

const PROCESSES: usize = 4;

#[derive(Clone, Debug)]
enum Op {
    Local(usize),
    Send(usize, usize),
    /// Receive at the process, the pending message chosen by the number.
    Receive(usize, usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..PROCESSES).prop_map(Op::Local),
        (0..PROCESSES, 1..PROCESSES).prop_map(|(p, d)| Op::Send(p, (p + d) % PROCESSES)),
        (0..PROCESSES, any::<usize>()).prop_map(|(p, k)| Op::Receive(p, k)),
    ]
}

struct Execution {
    vector: Vec<VectorClock>,
    lamport: Vec<u64>,
    /// Direct causal predecessors of each event.
    preds: Vec<Vec<usize>>,
}

fn execute(ops: &[Op]) -> Execution {
    let mut vcs = vec![VectorClock::new(); PROCESSES];
    let mut lcs = [LamportClock::new(); PROCESSES];
    let mut last: Vec<Option<usize>> = vec![None; PROCESSES];
    // In flight: (to, send event, vector stamp, lamport stamp).
    let mut pending: Vec<(usize, usize, VectorClock, u64)> = Vec::new();
    let mut ex = Execution {
        vector: Vec::new(),
        lamport: Vec::new(),
        preds: Vec::new(),
    };
    for op in ops {
        let event = ex.vector.len();
        let mut preds = Vec::new();
        let p = match *op {
            Op::Local(p) | Op::Send(p, _) => {
                vcs[p].increment(p);
                ex.lamport.push(lcs[p].tick());
                p
            }
            Op::Receive(p, k) => {
                let mine: Vec<usize> = (0..pending.len()).filter(|&i| pending[i].0 == p).collect();
                if mine.is_empty() {
                    vcs[p].increment(p);
                    ex.lamport.push(lcs[p].tick());
                } else {
                    let (_, send, stamp, lamport) = pending.remove(mine[k % mine.len()]);
                    vcs[p].receive(p, &stamp);
                    ex.lamport.push(lcs[p].receive(lamport));
                    preds.push(send);
                }
                p
            }
        };
        if let Op::Send(_, to) = *op {
            pending.push((to, event, vcs[p].clone(), lcs[p].time()));
        }
        preds.extend(last[p]);
        last[p] = Some(event);
        ex.vector.push(vcs[p].clone());
        ex.preds.push(preds);
    }
    ex
}

/// `reach[a]` = every event that happened before `a`.
fn happened_before(preds: &[Vec<usize>]) -> Vec<BTreeSet<usize>> {
    let mut reach: Vec<BTreeSet<usize>> = Vec::new();
    for direct in preds {
        // Predecessors come earlier in the list, so their sets are done.
        let mut set = BTreeSet::new();
        for &p in direct {
            set.insert(p);
            set.extend(reach[p].iter().copied());
        }
        reach.push(set);
    }
    reach
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn vector_clocks_characterise_happened_before(ops in vec(op(), 1..60)) {
        let ex = execute(&ops);
        let before = happened_before(&ex.preds);
        for a in 0..ex.vector.len() {
            for b in 0..ex.vector.len() {
                let hb = before[b].contains(&a);
                prop_assert_eq!(ex.vector[a].happened_before(&ex.vector[b]), hb, "{} → {}", a, b);
                let concurrent = a != b && !hb && !before[a].contains(&b);
                prop_assert_eq!(ex.vector[a].concurrent(&ex.vector[b]), concurrent);
                prop_assert_eq!(ex.vector[a] == ex.vector[b], a == b);
                if hb {
                    prop_assert!(ex.lamport[a] < ex.lamport[b], "clock condition {} → {}", a, b);
                }
            }
        }
    }

    #[test]
    fn version_vector_merge_is_a_join(
        a in vec((0..5usize, 0..6u64), 0..6),
        b in vec((0..5usize, 0..6u64), 0..6),
        c in vec((0..5usize, 0..6u64), 0..6),
    ) {
        let (a, b, c) = (
            VersionVector::from_entries(a),
            VersionVector::from_entries(b),
            VersionVector::from_entries(c),
        );
        prop_assert_eq!(a.merged(&b), b.merged(&a));
        prop_assert_eq!(a.merged(&b).merged(&c), a.merged(&b.merged(&c)));
        prop_assert_eq!(a.merged(&a), a.clone());
        let m = a.merged(&b);
        prop_assert!(m.descends(&a) && m.descends(&b));
        // The least upper bound: anything above both is above the merge.
        let above = m.merged(&c);
        prop_assert!(above.descends(&m));
        if c.descends(&a) && c.descends(&b) {
            prop_assert!(c.descends(&m));
        }
        // compare agrees with descends both ways.
        let expected = match (a.descends(&b), b.descends(&a)) {
            (true, true) => Causality::Equal,
            (true, false) => Causality::After,
            (false, true) => Causality::Before,
            (false, false) => Causality::Concurrent,
        };
        prop_assert_eq!(a.compare(&b), expected);
    }
}

const SERVERS: usize = 3;
const CLIENTS: usize = 3;

#[derive(Clone, Debug)]
enum StoreOp {
    /// The client reads the key at the server.
    Read(usize, usize),
    /// The client writes through the server with what it read; `forget`
    /// clears its context afterwards (a client that never rereads).
    Write(usize, usize, bool),
    /// Anti-entropy: the first server's versions sync into the second.
    Sync(usize, usize),
}

fn store_op() -> impl Strategy<Value = StoreOp> {
    prop_oneof![
        (0..CLIENTS, 0..SERVERS).prop_map(|(c, s)| StoreOp::Read(c, s)),
        (0..CLIENTS, 0..SERVERS, any::<bool>()).prop_map(|(c, s, f)| StoreOp::Write(c, s, f)),
        (0..SERVERS, 0..SERVERS).prop_map(|(a, b)| StoreOp::Sync(a, b)),
    ]
}

fn events(clock: &DottedVersionVector) -> BTreeSet<Dot> {
    let mut set: BTreeSet<Dot> = clock
        .context()
        .entries()
        .flat_map(|(replica, n)| (1..=n).map(move |counter| Dot { replica, counter }))
        .collect();
    set.insert(clock.dot());
    set
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn dotted_version_vectors_keep_exactly_the_undominated(ops in vec(store_op(), 1..50)) {
        // The true causal history of every write, by its dot.
        let mut history: std::collections::BTreeMap<Dot, BTreeSet<Dot>> = Default::default();
        let mut servers: Vec<Siblings<u64>> = vec![Siblings::new(); SERVERS];
        // Every write each server has ever received, directly or by sync.
        let mut seen: Vec<BTreeSet<Dot>> = vec![BTreeSet::new(); SERVERS];
        let mut clients: Vec<(VersionVector, BTreeSet<Dot>)> = vec![Default::default(); CLIENTS];
        for (value, op) in ops.iter().enumerate() {
            let touched = match *op {
                StoreOp::Read(c, s) => {
                    let read: BTreeSet<Dot> = servers[s]
                        .dots()
                        .flat_map(|d| history[&d].iter().copied())
                        .collect();
                    clients[c] = (servers[s].context(), read);
                    s
                }
                StoreOp::Write(c, s, forget) => {
                    let clock = servers[s].update(&clients[c].0, s, value as u64);
                    let mut h = clients[c].1.clone();
                    h.insert(clock.dot());
                    prop_assert!(!history.contains_key(&clock.dot()), "dots are unique");
                    // The clock stands for exactly the write's causal history.
                    prop_assert_eq!(&events(&clock), &h, "clock {:?}", clock);
                    history.insert(clock.dot(), h);
                    seen[s].insert(clock.dot());
                    if forget {
                        clients[c] = Default::default();
                    }
                    s
                }
                StoreOp::Sync(a, b) => {
                    let from = servers[a].clone();
                    servers[b].sync(&from);
                    let more = seen[a].clone();
                    seen[b].extend(more);
                    b
                }
            };
            let expected: BTreeSet<Dot> = seen[touched]
                .iter()
                .copied()
                .filter(|d| {
                    !seen[touched].iter().any(|e| {
                        e != d && history[d].is_subset(&history[e])
                    })
                })
                .collect();
            let kept: BTreeSet<Dot> = servers[touched].dots().collect();
            prop_assert_eq!(kept, expected, "after {:?}", op);
            // Every kept version's clock is covered by the set's context.
            let context = servers[touched].context();
            for (clock, _) in servers[touched].versions() {
                prop_assert!(context.get(clock.dot().replica) >= clock.dot().counter);
            }
        }
    }
}

#[test]
fn concurrent_writes_through_one_server_stay_siblings() {
    // The case plain per-server version vectors get wrong.
    let mut server: Siblings<&str> = Siblings::new();
    let empty = VersionVector::new();
    let a = server.update(&empty, 0, "a");
    let b = server.update(&empty, 0, "b");
    assert_eq!(a.compare(&b), Causality::Concurrent);
    assert_eq!(server.len(), 2);
    // A client that read only "a" overwrites "a" but not "b".
    let read_a = VersionVector::from_entries([(0, 1)]);
    let c = server.update(&read_a, 0, "c");
    assert_eq!(
        c.dot(),
        Dot {
            replica: 0,
            counter: 3
        }
    );
    assert!(c.contains(a.dot()) && !c.contains(b.dot()));
    let mut values: Vec<&str> = server.values().copied().collect();
    values.sort_unstable();
    assert_eq!(values, ["b", "c"]);
}
