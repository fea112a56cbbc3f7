//! The registry of experiments the CLI can run.

use crate::args::{ArgError, Args};
use serde_json::Value;

/// One runnable experiment: a name, its usage line, and the function that runs it.
pub struct Experiment {
    pub name: &'static str,
    pub usage: &'static str,
    pub run: fn(&mut Args) -> Result<Vec<Value>, ArgError>,
}

/// Every experiment, in the order `--help` lists them.
pub fn all() -> Vec<Experiment> {
    let mut list = Vec::new();
    list.extend(consensus::experiments());
    list.extend(raft_election::experiments());
    list.extend(commit::experiments());
    list.extend(election::experiments());
    list.extend(failure::experiments());
    list.extend(clocks::experiments());
    list.extend(sketch::experiments());
    list.extend(partition::experiments());
    list.extend(gossip::experiments());
    list
}

/// Finds an experiment by name.
pub fn find(name: &str) -> Option<Experiment> {
    all().into_iter().find(|e| e.name == name)
}

/// The `--help` text.
pub fn help() -> String {
    let mut text =
        String::from("usage: dsviz-lab <experiment> [--key value ...]\n\nexperiments:\n");
    for e in all() {
        text.push_str(&format!("  {:<16} {}\n", e.name, e.usage));
    }
    text
}

mod clocks;
mod commit;
mod consensus;
mod election;
mod failure;
mod gossip;
mod partition;
mod raft_election;
mod sketch;
