//! The version-vectors page's run in the URL: a named scenario or a random
//! workload (servers, clients, length, seed), the operations added by hand,
//! and the step shown.
//!
//! `?scenario=two-clients&ops=r0-1,w0-1,s1-0&step=4` or
//! `?servers=3&clients=4&events=30&seed=7` — `rC-S` is a read by client C
//! at server S, `wC-S` a write, `sF-T` a sync from server F into T (all
//! from 0). Hand-made operations follow the scenario's or workload's.

use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::Replay;
use crate::viz::sketch_kit::{read_seed, read_step};
use dsviz_core::clocks::store::{
    Store, StoreOp, StoreScenario, random_store_workload, store_scenario, store_scenarios,
};

pub const MIN_SERVERS: usize = 2;
pub const MAX_SERVERS: usize = 4;
pub const MAX_CLIENTS: usize = 6;
/// The longest random workload.
pub const MAX_EVENTS: usize = 80;
/// The most operations a run may hold, hand-made ones included.
pub const MAX_TOTAL: usize = 200;

impl Replay for Store {
    type Op = StoreOp;

    fn apply(&mut self, op: &StoreOp) {
        // Every op in a player was checked when it was added.
        let _ = Store::apply(self, *op);
    }
}

/// Everything a version-vectors permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct VvScenario {
    /// The named scenario's key; `None` for a random workload.
    pub scenario: Option<&'static str>,
    pub servers: usize,
    pub clients: usize,
    /// Length of the random workload.
    pub events: usize,
    pub seed: u64,
    /// Operations added by hand after the scenario's.
    pub extra: Vec<StoreOp>,
    pub step: u64,
    pub problems: Vec<String>,
}

/// `r0-1,w0-1,s1-0`.
pub fn encode_ops(ops: &[StoreOp]) -> String {
    ops.iter()
        .map(|op| match *op {
            StoreOp::Read { client, server } => format!("r{client}-{server}"),
            StoreOp::Write { client, server } => format!("w{client}-{server}"),
            StoreOp::Sync { from, to } => format!("s{from}-{to}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_op(text: &str) -> Option<StoreOp> {
    let (kind, rest) = text.split_at_checked(1)?;
    let (a, b) = rest.split_once('-')?;
    let (a, b) = (a.parse().ok()?, b.parse().ok()?);
    match kind {
        "r" => Some(StoreOp::Read {
            client: a,
            server: b,
        }),
        "w" => Some(StoreOp::Write {
            client: a,
            server: b,
        }),
        "s" => Some(StoreOp::Sync { from: a, to: b }),
        _ => None,
    }
}

/// Reads `text` as operations that apply, in order, to `store` (which
/// they advance); each one that cannot be read or applied is skipped with a
/// sentence in `problems`.
pub fn decode_ops(
    text: &str,
    store: &mut Store,
    already: usize,
    problems: &mut Vec<String>,
) -> Vec<StoreOp> {
    let mut ops = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        if already + ops.len() >= MAX_TOTAL {
            problems.push(format!(
                "more than {MAX_TOTAL} operations; the rest were left out"
            ));
            break;
        }
        match decode_op(part) {
            None => problems.push(format!(
                "'{part}' in ops is not an operation (rC-S, wC-S or sF-T); skipped"
            )),
            Some(op) => match store.apply(op) {
                Ok(()) => ops.push(op),
                Err(why) => problems.push(format!("'{part}' in ops: {why}; skipped")),
            },
        }
    }
    ops
}

impl VvScenario {
    pub const DEFAULT_SERVERS: usize = 3;
    pub const DEFAULT_CLIENTS: usize = 3;
    pub const DEFAULT_EVENTS: usize = 24;
    /// What a page with no query opens.
    pub const DEFAULT_SCENARIO: &'static str = "two-clients";

    /// Reads a scenario, replacing or skipping what is unusable.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let named = match query.raw("scenario").map(str::to_owned) {
            None if query.raw("seed").is_none() && query.raw("events").is_none() => {
                store_scenario(Self::DEFAULT_SCENARIO)
            }
            None => None,
            Some(key) if key == "random" => None,
            Some(key) => {
                let found = store_scenario(&key);
                if found.is_none() {
                    let keys: Vec<&str> = store_scenarios().iter().map(|s| s.key).collect();
                    query.problems.push(format!(
                        "'scenario={key}' is not one of {} or random; a random workload instead",
                        keys.join(", ")
                    ));
                }
                found
            }
        };
        let servers = query.number(
            "servers",
            Self::DEFAULT_SERVERS,
            |s| (MIN_SERVERS..=MAX_SERVERS).contains(s),
            "a server count from 2 to 4",
        );
        let clients = query.number(
            "clients",
            Self::DEFAULT_CLIENTS,
            |c| (1..=MAX_CLIENTS).contains(c),
            "a client count from 1 to 6",
        );
        let events = query.number(
            "events",
            Self::DEFAULT_EVENTS,
            |e| *e <= MAX_EVENTS,
            "an operation count from 0 to 80",
        );
        let seed = read_seed(&mut query, 1);
        let mut scenario = Self {
            scenario: named.as_ref().map(|s| s.key),
            servers,
            clients,
            events,
            seed,
            extra: Vec::new(),
            step: 0,
            problems: Vec::new(),
        };
        if let Some(named) = &named {
            scenario.servers = named.servers;
            scenario.clients = named.clients;
            scenario.events = Self::DEFAULT_EVENTS;
        }
        let base = scenario.base_ops();
        let mut store = Store::new(scenario.servers, scenario.clients);
        for &op in &base {
            let _ = store.apply(op);
        }
        let mut problems = std::mem::take(&mut query.problems);
        if let Some(text) = query.raw("ops") {
            scenario.extra = decode_ops(text, &mut store, base.len(), &mut problems);
        }
        let total = (base.len() + scenario.extra.len()) as u64;
        scenario.step = read_step(&mut query, total, total);
        problems.append(&mut query.problems);
        scenario.problems = problems;
        scenario
    }

    /// The named scenario, if any.
    pub fn named(&self) -> Option<StoreScenario> {
        self.scenario.and_then(store_scenario)
    }

    /// The named scenario's operations or the random workload.
    pub fn base_ops(&self) -> Vec<StoreOp> {
        match self.named() {
            Some(named) => named.ops,
            None => random_store_workload(self.servers, self.clients, self.events, self.seed),
        }
    }

    /// The scenario's operations followed by the hand-made ones.
    pub fn ops(&self) -> Vec<StoreOp> {
        let mut ops = self.base_ops();
        ops.extend_from_slice(&self.extra);
        ops
    }

    pub fn to_query(&self) -> String {
        let mut pairs = match self.scenario {
            Some(key) => vec![
                ("scenario", key.to_string()),
                ("seed", self.seed.to_string()),
            ],
            None => vec![
                ("scenario", "random".to_string()),
                ("servers", self.servers.to_string()),
                ("clients", self.clients.to_string()),
                ("events", self.events.to_string()),
                ("seed", self.seed.to_string()),
            ],
        };
        if !self.extra.is_empty() {
            pairs.push(("ops", encode_ops(&self.extra)));
        }
        pairs.push(("step", self.step.to_string()));
        build(&pairs)
    }
}
