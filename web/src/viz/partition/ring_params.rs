//! The hash ring page's scenario in the URL.
//!
//! `?scheme=ring&nodes=4&vnodes=8&keys=200&c=1.25&r=3&seed=1&ops=a,r1,a&step=2&key=17`:
//! the scheme (`ring`, `hrw` or `bounded`), the starting nodes, virtual
//! nodes per node, keys, the bounded-load factor, replicas in a
//! preference list, the seed, the node changes (`a` adds a node, `rN`
//! removes node N), the step shown and the key whose replicas are listed.

use super::common::{NodeChange, encode_changes, read_changes};
use super::ring_model::{RingSetup, RingState, Scheme};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::OpPlayer;
use crate::viz::sketch_kit::{read_seed, read_step};

pub const MAX_NODES: usize = 16;
pub const MAX_VNODES: u32 = 64;
pub const MAX_KEYS: usize = 600;
pub const MAX_REPLICAS: usize = 5;
/// The bounded-load factors offered.
pub const C_CHOICES: [f64; 6] = [1.0, 1.1, 1.25, 1.5, 2.0, 3.0];

/// Node changes per second at 1×.
pub const RATE: f64 = 2.0;

/// Everything a hash ring permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct RingScenario {
    pub setup: RingSetup,
    pub replicas: usize,
    pub changes: Vec<NodeChange>,
    pub step: u64,
    pub key: Option<usize>,
    pub problems: Vec<String>,
}

/// The run a fresh page shows.
pub fn default_setup() -> RingSetup {
    RingSetup {
        scheme: Scheme::Ring,
        seed: 1,
        nodes: 4,
        vnodes: 8,
        keys: 200,
        c: 1.25,
    }
}

pub const DEFAULT_REPLICAS: usize = 3;

/// The node changes a fresh page plays: nodes join and leave in turn.
pub fn default_changes(nodes: usize) -> Vec<NodeChange> {
    vec![
        NodeChange::Add,
        NodeChange::Remove(1.min(nodes.saturating_sub(1))),
        NodeChange::Add,
        NodeChange::Add,
        NodeChange::Remove(0),
        NodeChange::Add,
    ]
}

impl RingScenario {
    /// Reads a scenario, replacing each bad value by its default.
    pub fn from_query(search: &str) -> Self {
        let d = default_setup();
        let mut query = Query::parse(search);
        let scheme = match query.raw("scheme").map(str::to_owned) {
            None => d.scheme,
            Some(text) => Scheme::parse(&text).unwrap_or_else(|| {
                query.problems.push(format!(
                    "'scheme={text}' is not ring, hrw or bounded; using consistent hashing"
                ));
                d.scheme
            }),
        };
        let nodes = query.number(
            "nodes",
            d.nodes,
            |n| (1..=MAX_NODES).contains(n),
            &format!("a node count from 1 to {MAX_NODES}"),
        );
        let vnodes = query.number(
            "vnodes",
            d.vnodes,
            |v| (1..=MAX_VNODES).contains(v),
            &format!("a virtual-node count from 1 to {MAX_VNODES}"),
        );
        let keys = query.number(
            "keys",
            d.keys,
            |k| (1..=MAX_KEYS).contains(k),
            &format!("a key count from 1 to {MAX_KEYS}"),
        );
        let c = query.number(
            "c",
            d.c,
            |c: &f64| (1.0..=3.0).contains(c),
            "a load factor from 1 to 3",
        );
        let replicas = query.number(
            "r",
            DEFAULT_REPLICAS,
            |r| (1..=MAX_REPLICAS).contains(r),
            &format!("a replica count from 1 to {MAX_REPLICAS}"),
        );
        let seed = read_seed(&mut query, d.seed);
        let changes = read_changes(&mut query, "ops").unwrap_or_else(|| default_changes(nodes));
        let step = read_step(&mut query, 0, changes.len() as u64);
        let key =
            query
                .raw("key")
                .map(str::to_owned)
                .and_then(|text| match text.parse::<usize>() {
                    Ok(k) if k < keys => Some(k),
                    _ => {
                        query.problems.push(format!(
                            "'key={text}' is not a key from 0 to {}; no key picked",
                            keys - 1
                        ));
                        None
                    }
                });
        Self {
            setup: RingSetup {
                scheme,
                seed,
                nodes,
                vnodes,
                keys,
                c,
            },
            replicas,
            changes,
            step,
            key,
            problems: query.problems,
        }
    }

    /// The query string that reproduces a run at `step`.
    pub fn to_query(
        setup: &RingSetup,
        replicas: usize,
        changes: &[NodeChange],
        step: u64,
        key: Option<usize>,
    ) -> String {
        let mut pairs = vec![
            ("scheme", setup.scheme.key().to_string()),
            ("nodes", setup.nodes.to_string()),
            ("vnodes", setup.vnodes.to_string()),
            ("keys", setup.keys.to_string()),
            ("c", setup.c.to_string()),
            ("r", replicas.to_string()),
            ("seed", setup.seed.to_string()),
            ("ops", encode_changes(changes)),
            ("step", step.to_string()),
        ];
        if let Some(k) = key {
            pairs.push(("key", k.to_string()));
        }
        build(&pairs)
    }
}

/// A player over `changes` from `setup`, at `step`.
pub fn ring_player(setup: RingSetup, changes: Vec<NodeChange>, step: u64) -> OpPlayer<RingState> {
    OpPlayer::at(RingState::new(setup), changes, RATE, step)
}
