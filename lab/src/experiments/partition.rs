//! Partitioning experiments: balls into bins with d choices, what a
//! consistent-hash ring moves when nodes join, bounded-load consistent
//! hashing, and range partitioning under a Zipf write workload.

use super::Experiment;
use crate::args::{ArgError, Args, ensure, flag_error};
use dsviz_core::partition::PartitionError;
use dsviz_core::partition::experiments::{
    KeyOrder, MAX_KEYS, MAX_NODES, MAX_WORK, RangeWorkload, balls_into_bins, bounded_load,
    range_zipf, ring_add_nodes,
};
use dsviz_core::partition::range::RangeConfig;
use serde_json::{Map, Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            name: "balls-into-bins",
            usage: "--bins N --balls M --choices D --trials T [--seed S]   max load with d random choices",
            run: balls,
        },
        Experiment {
            name: "ring",
            usage: "--nodes N --vnodes V --keys K [--add A] [--seed S]   keys moved when A nodes join",
            run: ring,
        },
        Experiment {
            name: "bounded-load",
            usage: "--nodes N --keys K --c C [--vnodes V (default 1)] [--seed S]   cap ⌈c·m/n⌉, moves when a node joins",
            run: bounded,
        },
        Experiment {
            name: "range",
            usage: "--keys K --zipf S --split-at N [--split-by load|keys] [--nodes N] [--universe U] [--order scrambled|sequential] [--slop X] [--seed S]",
            run: range,
        },
    ]
}

/// Turns a core validation error into one naming the CLI argument.
fn partition_error(err: PartitionError, flags: &[(&str, &str)]) -> ArgError {
    let invalid = match &err {
        PartitionError::InvalidParameter { name, reason } => Some((*name, reason.as_ref())),
        _ => None,
    };
    flag_error(invalid, &err, flags)
}

fn between(args: &mut Args, key: &str, low: u64, high: u64) -> Result<u64, ArgError> {
    let value: u64 = args.required(key)?;
    ensure(
        (low..=high).contains(&value),
        key,
        &format!("must be between {low} and {high}"),
    )?;
    Ok(value)
}

fn balls(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let bins = between(args, "bins", 1, 1 << 24)? as usize;
    let balls = between(args, "balls", 1, MAX_WORK)?;
    let choices = between(args, "choices", 1, 16)? as u32;
    let trials = between(args, "trials", 1, 1_000_000)? as u32;
    ensure(
        balls.saturating_mul(u64::from(trials)) <= MAX_WORK,
        "trials",
        &format!("balls × trials must be at most {MAX_WORK}"),
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let report = balls_into_bins(bins, balls, choices, trials, seed).map_err(|e| {
        partition_error(
            e,
            &[
                ("bins", "bins"),
                ("balls", "balls"),
                ("choices", "choices"),
                ("trials", "trials"),
            ],
        )
    })?;
    let histogram: Map<String, Value> = report
        .max_load_histogram
        .iter()
        .map(|(load, count)| (load.to_string(), json!(count)))
        .collect();
    Ok(vec![json!({
        "bins": report.bins,
        "balls": report.balls,
        "choices": report.choices,
        "trials": report.trials,
        "max_load_histogram": histogram,
        "mean_max_load": report.mean_max_load,
        "fraction_at_least": report.fraction_at_least,
        "fluid_limit": report.fluid_limit,
    })])
}

fn ring(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let nodes = between(args, "nodes", 1, MAX_NODES as u64)? as usize;
    let vnodes = between(args, "vnodes", 1, 10_000)? as u32;
    let keys = between(args, "keys", 1, MAX_KEYS)?;
    let add: u64 = args.get_or("add", 1)?;
    ensure(
        add <= MAX_NODES as u64,
        "add",
        &format!("must be at most {MAX_NODES}"),
    )?;
    ensure(
        (nodes as u64 + add) * u64::from(vnodes) <= 1 << 20,
        "vnodes",
        "(nodes + add) × vnodes must be at most 1048576 tokens",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let report = ring_add_nodes(nodes, vnodes, keys, add as usize, seed).map_err(|e| {
        partition_error(
            e,
            &[
                ("nodes", "nodes"),
                ("vnodes", "vnodes"),
                ("keys", "keys"),
                ("add", "add"),
            ],
        )
    })?;
    Ok(vec![json!({
        "nodes": report.nodes,
        "vnodes": report.vnodes,
        "keys": report.keys,
        "added": report.added,
        "moved": report.moved,
        "moved_fraction": report.moved_fraction,
        "expected_fraction": report.expected_fraction,
        "max_over_mean_load_before": report.max_over_mean_load_before,
        "max_over_mean_load": report.max_over_mean_load,
    })])
}

fn bounded(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let nodes = between(args, "nodes", 1, MAX_NODES as u64)? as usize;
    let keys = between(args, "keys", 1, MAX_KEYS)?;
    let c: f64 = args.required("c")?;
    ensure(
        (1.0..=1_000.0).contains(&c),
        "c",
        "must be a number between 1 and 1000",
    )?;
    let vnodes: u32 = args.get_or("vnodes", 1)?;
    ensure(
        (1..=10_000).contains(&vnodes),
        "vnodes",
        "must be between 1 and 10000",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let report = bounded_load(nodes, vnodes, keys, c, seed).map_err(|e| {
        partition_error(
            e,
            &[
                ("nodes", "nodes"),
                ("vnodes", "vnodes"),
                ("keys", "keys"),
                ("c", "c"),
            ],
        )
    })?;
    Ok(vec![json!({
        "nodes": report.nodes,
        "vnodes": report.vnodes,
        "keys": report.keys,
        "c": report.c,
        "cap": report.cap,
        "max_load": report.max_load,
        "mean_load": report.mean_load,
        "plain_max_over_mean_load": report.plain_max_over_mean_load,
        "moves_on_add": report.moves_on_add,
        "plain_moves_on_add": report.plain_moves_on_add,
        "cap_after_add": report.cap_after_add,
        "max_load_after_add": report.max_load_after_add,
    })])
}

fn range(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let writes = between(args, "keys", 1, 10_000_000)?;
    let exponent: f64 = args.required("zipf")?;
    ensure(
        (0.0..=10.0).contains(&exponent),
        "zipf",
        "must be between 0 and 10",
    )?;
    let split_at = between(args, "split-at", 1, u64::MAX)?;
    let by_load = match args.text("split-by").as_deref() {
        None | Some("load") => true,
        Some("keys") => false,
        Some(other) => {
            return Err(ArgError(format!(
                "--split-by: expected 'load' or 'keys', got '{other}'"
            )));
        }
    };
    let nodes: u64 = args.get_or("nodes", 10)?;
    ensure(
        (1..=MAX_NODES as u64).contains(&nodes),
        "nodes",
        &format!("must be between 1 and {MAX_NODES}"),
    )?;
    let universe: u64 = args.get_or("universe", 100_000)?;
    ensure(
        (1..=1 << 22).contains(&universe),
        "universe",
        "must be between 1 and 4194304",
    )?;
    let order = match args.text("order").as_deref() {
        None | Some("scrambled") => KeyOrder::Scrambled,
        Some("sequential") => KeyOrder::Sequential,
        Some(other) => {
            return Err(ArgError(format!(
                "--order: expected 'scrambled' or 'sequential', got '{other}'"
            )));
        }
    };
    let slop: f64 = args.get_or("slop", 0.2)?;
    ensure(
        (0.0..=100.0).contains(&slop),
        "slop",
        "must be a number between 0 and 100",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let config = if by_load {
        RangeConfig {
            max_keys: usize::MAX,
            max_load: split_at,
            slop,
        }
    } else {
        RangeConfig {
            max_keys: usize::try_from(split_at).unwrap_or(usize::MAX),
            max_load: u64::MAX,
            slop,
        }
    };
    let workload = RangeWorkload {
        writes,
        universe,
        exponent,
        order,
        nodes: nodes as usize,
        config,
    };
    let report = range_zipf(workload, seed).map_err(|e| {
        partition_error(
            e,
            &[
                ("writes", "keys"),
                ("exponent", "zipf"),
                ("universe", "universe"),
                ("max_load", "split-at"),
                ("max_keys", "split-at"),
                ("slop", "slop"),
                ("nodes", "nodes"),
            ],
        )
    })?;
    Ok(vec![json!({
        "writes": report.writes,
        "distinct_keys": report.distinct_keys,
        "nodes": report.nodes,
        "split_by": if by_load { "load" } else { "keys" },
        "split_at": split_at,
        "order": if order == KeyOrder::Scrambled { "scrambled" } else { "sequential" },
        "ranges": report.ranges,
        "splits": report.splits,
        "merges": report.merges,
        "range_moves": report.range_moves,
        "key_moves": report.key_moves,
        "max_over_mean_load": report.max_over_mean_load,
        "max_over_mean_keys": report.max_over_mean_keys,
        "max_range_load": report.max_range_load,
        "hottest_key_load": report.hottest_key_load,
    })])
}
