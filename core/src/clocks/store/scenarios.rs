//! Operation sequences for the store: a seeded random workload and named
//! scenarios that each show one difference between the schemes.

use super::{Store, StoreOp};
use crate::sim::driver_stream;
use alloc::vec::Vec;
use rand::RngExt;

/// `steps` random operations for `servers` servers and `clients` clients
/// from `seed`: reads, writes and syncs in proportions 2 : 2 : 1 (no syncs
/// with one server). Every operation applies to a store of that size.
pub fn random_store_workload(
    servers: usize,
    clients: usize,
    steps: usize,
    seed: u64,
) -> Vec<StoreOp> {
    let (servers, clients) = (servers.max(1), clients.max(1));
    let mut rng = driver_stream(seed, 0);
    let mut ops = Vec::with_capacity(steps);
    while ops.len() < steps {
        let roll = rng.random_range(0..5u32);
        let op = if roll == 4 && servers > 1 {
            let from = rng.random_range(0..servers);
            let to = (from + rng.random_range(1..servers)) % servers;
            StoreOp::Sync { from, to }
        } else {
            let client = rng.random_range(0..clients);
            let server = rng.random_range(0..servers);
            if roll < 2 {
                StoreOp::Read { client, server }
            } else {
                StoreOp::Write { client, server }
            }
        };
        ops.push(op);
    }
    ops
}

/// A named run: its size, its operations and why it matters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreScenario {
    /// The name in a permalink.
    pub key: &'static str,
    pub title: &'static str,
    /// One sentence on what it shows.
    pub why: &'static str,
    pub servers: usize,
    pub clients: usize,
    pub ops: Vec<StoreOp>,
}

impl StoreScenario {
    /// The store after every operation.
    pub fn run(&self) -> Store {
        let mut store = Store::new(self.servers, self.clients);
        for &op in &self.ops {
            let applied = store.apply(op);
            debug_assert!(applied.is_ok(), "scenario ops fit their store");
        }
        store
    }
}

const fn write(client: usize, server: usize) -> StoreOp {
    StoreOp::Write { client, server }
}

const fn read(client: usize, server: usize) -> StoreOp {
    StoreOp::Read { client, server }
}

const fn sync(from: usize, to: usize) -> StoreOp {
    StoreOp::Sync { from, to }
}

/// The named scenarios, in menu order.
pub fn store_scenarios() -> Vec<StoreScenario> {
    let many: Vec<StoreOp> = (0..6)
        .flat_map(|c| [read(c, c % 2), write(c, c % 2), sync(c % 2, (c + 1) % 2)])
        .collect();
    alloc::vec![
        StoreScenario {
            key: "two-clients",
            title: "Two clients, one server",
            why: "Two clients write without reading through the same server: with server ids the second clock {A:2} seems to descend from the first {A:1} and one update is lost; client ids and dotted version vectors keep both as siblings.",
            servers: 2,
            clients: 2,
            ops: alloc::vec![write(0, 0), write(1, 0), sync(0, 1)],
        },
        StoreScenario {
            key: "stale-read",
            title: "Stale read",
            why: "A client writes from a stale copy it read at another server while the first client overwrote it: the stale write is concurrent with the newer one, yet with server ids it gets a higher count at A and silently replaces it.",
            servers: 2,
            clients: 2,
            ops: alloc::vec![
                write(0, 0),
                sync(0, 1),
                read(1, 1),
                write(0, 0),
                write(1, 0),
                sync(0, 1)
            ],
        },
        StoreScenario {
            key: "many-clients",
            title: "Many clients",
            why: "Six clients each read the latest value and overwrite it: no conflict, but a client-id clock names every client that ever wrote (six entries) while a dotted version vector names at most the two servers.",
            servers: 2,
            clients: 6,
            ops: many,
        },
    ]
}

/// The scenario called `key`.
pub fn store_scenario(key: &str) -> Option<StoreScenario> {
    store_scenarios().into_iter().find(|s| s.key == key)
}
