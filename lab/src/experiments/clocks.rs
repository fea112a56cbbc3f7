//! Logical-time experiments: one replicated key under server-id version
//! vectors, client-id version vectors and dotted version vectors, over
//! many seeded random workloads.

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::clocks::store::{Scheme, store_sweep};
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![Experiment {
        name: "version-vectors",
        usage: "--servers S --clients C --ops N --runs R [--seed S]   lost updates, false siblings and clock sizes per tagging scheme",
        run: version_vectors,
    }]
}

fn scheme_name(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::ServerIds => "server-ids",
        Scheme::ClientIds => "client-ids",
        Scheme::Dotted => "dotted",
    }
}

fn version_vectors(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let servers: usize = args.get_or("servers", 3)?;
    ensure(
        (1..=16).contains(&servers),
        "servers",
        "must be between 1 and 16",
    )?;
    let clients: usize = args.get_or("clients", 3)?;
    ensure(
        (1..=64).contains(&clients),
        "clients",
        "must be between 1 and 64",
    )?;
    let ops: usize = args.get_or("ops", 60)?;
    ensure(ops <= 2_000, "ops", "must be at most 2000")?;
    let runs: u64 = args.get_or("runs", 100)?;
    ensure(
        (1..=10_000).contains(&runs),
        "runs",
        "must be between 1 and 10000",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let tallies = store_sweep(servers, clients, ops, runs, seed);
    Ok(Scheme::ALL
        .into_iter()
        .zip(tallies)
        .map(|(scheme, t)| {
            json!({
                "scheme": scheme_name(scheme),
                "servers": servers,
                "clients": clients,
                "ops": ops,
                "runs": runs,
                "runs_losing": t.runs_losing,
                "lost_updates": t.lost_updates,
                "false_siblings": t.false_siblings,
                "largest_clock": t.largest_clock,
            })
        })
        .collect())
}
