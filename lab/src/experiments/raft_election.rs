//! `raft-election`: Figure 16 of the Raft paper, the downtime after a leader
//! crash. Without `--timeout-ms` it runs every curve of the figure and puts
//! the paper's numbers next to ours; each ingredient of the paper's set-up
//! has an option, so that switching one off shows what it contributes.

use super::Experiment;
use crate::args::{ArgError, Args, ensure, ms_to_time};
use dsviz_core::consensus::raft::{
    ElectionTiming, Figure16Setup, LogLengths, PAPER, PAPER_JITTER, PAPER_LATENCY,
    PAPER_PROCESSING, jittered,
};
use dsviz_core::sim::{Latency, Time, millis};
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![Experiment {
        name: "raft-election",
        usage: "[--timeout-ms MIN-MAX] [--nodes 5] [--latency-ms 3 | 2-4] [--jitter-ms 1] [--processing-ms 0] [--log-lengths staggered|equal] [--sync-heartbeat yes|no] [--trials 1000] [--seed S]   Figure 16 downtime after a leader crash; without --timeout-ms one line per curve of the figure, with the paper's numbers",
        run: raft_election,
    }]
}

/// The curves of Figure 16: the top graph (randomness) then the bottom one
/// (scale); 150–300 ms appears in both.
const CURVES_MS: [(u64, u64); 10] = [
    (150, 150),
    (150, 151),
    (150, 155),
    (150, 175),
    (150, 200),
    (150, 300),
    (12, 24),
    (25, 50),
    (50, 100),
    (100, 200),
];

/// Reads "150-300" or "7.5" (milliseconds) as a range; a single number is
/// a range of one value.
fn ms_range(key: &str, text: &str) -> Result<(f64, f64), ArgError> {
    let bad = || {
        ArgError(format!(
            "--{key}: expected MS or MIN-MAX in milliseconds, got '{text}'"
        ))
    };
    let (low, high) = text.split_once('-').unwrap_or((text, text));
    let low: f64 = low.trim().parse().map_err(|_| bad())?;
    let high: f64 = high.trim().parse().map_err(|_| bad())?;
    ensure(
        low.is_finite() && high.is_finite() && low >= 0.0 && low <= high,
        key,
        "needs 0 <= MIN <= MAX",
    )?;
    ensure(high <= 60_000.0, key, "must be at most 60000")?;
    Ok((low, high))
}

/// A non-negative number of milliseconds, at most `limit`.
fn ms_value(args: &mut Args, key: &str, default: Time, limit: f64) -> Result<Time, ArgError> {
    match args.optional::<f64>(key)? {
        None => Ok(default),
        Some(ms) => {
            ensure(
                ms.is_finite() && (0.0..=limit).contains(&ms),
                key,
                &format!("must be between 0 and {limit}"),
            )?;
            Ok(ms_to_time(ms))
        }
    }
}

fn yes_no(args: &mut Args, key: &str, default: bool) -> Result<bool, ArgError> {
    match args.text(key).as_deref() {
        None => Ok(default),
        Some("yes") => Ok(true),
        Some("no") => Ok(false),
        Some(other) => Err(ArgError(format!(
            "--{key}: expected yes or no, got '{other}'"
        ))),
    }
}

/// `--latency-ms` and `--jitter-ms`: a mean with ± jitter, or an explicit
/// `MIN-MAX` range (then without `--jitter-ms`).
fn latency(args: &mut Args) -> Result<Latency, ArgError> {
    let text = args.text("latency-ms");
    let (fastest, slowest) = match &text {
        Some(text) => ms_range("latency-ms", text)?,
        None => {
            let ms = PAPER_LATENCY as f64 / 1000.0;
            (ms, ms)
        }
    };
    if fastest < slowest {
        ensure(
            args.text("jitter-ms").is_none(),
            "jitter-ms",
            "cannot be combined with a --latency-ms range",
        )?;
        return Ok(Latency::Uniform {
            min: ms_to_time(fastest),
            max: ms_to_time(slowest),
        });
    }
    let mean = ms_to_time(fastest);
    let jitter = ms_value(args, "jitter-ms", PAPER_JITTER, 60_000.0)?;
    ensure(jitter <= mean, "jitter-ms", "must not exceed --latency-ms")?;
    Ok(jittered(mean, jitter))
}

fn log_lengths(args: &mut Args) -> Result<LogLengths, ArgError> {
    match args.text("log-lengths").as_deref() {
        None | Some("staggered") => Ok(LogLengths::Staggered),
        Some("equal") => Ok(LogLengths::Equal),
        Some(other) => Err(ArgError(format!(
            "--log-lengths: expected staggered or equal, got '{other}'"
        ))),
    }
}

fn raft_election(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let nodes: usize = args.get_or("nodes", 5)?;
    ensure(
        (2..=64).contains(&nodes),
        "nodes",
        "must be between 2 and 64 (one crashes)",
    )?;
    let timeouts = match args.text("timeout-ms") {
        None => CURVES_MS
            .iter()
            .map(|&(low, high)| (millis(low), millis(high)))
            .collect(),
        Some(text) => {
            let (low, high) = ms_range("timeout-ms", &text)?;
            ensure(low >= 1.0, "timeout-ms", "must be at least 1")?;
            vec![(ms_to_time(low), ms_to_time(high))]
        }
    };
    let latency = latency(args)?;
    let processing = ms_value(args, "processing-ms", PAPER_PROCESSING, 1_000.0)?;
    let log_lengths = log_lengths(args)?;
    let sync_heartbeat = yes_no(args, "sync-heartbeat", true)?;
    let trials: usize = args.get_or("trials", 1000)?;
    ensure(
        (1..=1_000_000).contains(&trials),
        "trials",
        "must be between 1 and 1000000",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let rows = timeouts
        .into_iter()
        .map(|(low, high)| {
            let setup = Figure16Setup {
                nodes,
                latency,
                processing,
                log_lengths,
                sync_heartbeat,
                ..Figure16Setup::paper(low, high)
            };
            row(&setup, &setup.run(trials, seed), trials)
        })
        .collect();
    Ok(rows)
}

fn ms(t: Time) -> f64 {
    t as f64 / 1000.0
}

fn row(setup: &Figure16Setup, timing: &ElectionTiming, trials: usize) -> Value {
    // With no finished trial there is no statistic to give: null, not 0.
    let stat = |x: f64| {
        if timing.samples_ms.is_empty() {
            Value::Null
        } else {
            json!((x * 1000.0).round() / 1000.0)
        }
    };
    let paper: serde_json::Map<String, Value> = PAPER
        .iter()
        .filter(|p| {
            let (low, high) = p.timeout_ms;
            (millis(low), millis(high)) == (setup.timeout_min, setup.timeout_max)
        })
        .map(|p| (p.statistic.name().to_string(), json!(p.value_ms)))
        .collect();
    json!({
        "timeout_ms": [ms(setup.timeout_min), ms(setup.timeout_max)],
        "nodes": setup.nodes,
        "latency_ms": [ms(setup.latency.min()), ms(setup.latency.max())],
        "processing_ms": ms(setup.processing),
        "log_lengths": match setup.log_lengths {
            LogLengths::Staggered => "staggered",
            LogLengths::Equal => "equal",
        },
        "sync_heartbeat": setup.sync_heartbeat,
        "trials": trials,
        "mean_ms": stat(timing.mean()),
        "median_ms": stat(timing.quantile(0.5)),
        "p99_ms": stat(timing.quantile(0.99)),
        "max_ms": stat(timing.max()),
        "unfinished": timing.unfinished,
        "unsettled": timing.unsettled,
        "paper_ms": paper,
    })
}
