//! The clocks page's run in the URL: process count, workload length and
//! seed, the events added by hand, the step shown and the event picked.
//!
//! `?processes=3&events=24&seed=1&ops=l0,s0-2,d5&step=27&pick=12` — `lP`
//! is a local event at process P (from 0), `sP-Q` a send from P to Q, `dM`
//! the delivery of message M. Hand-made events follow the workload.

use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::Replay;
use crate::viz::sketch_kit::read_seed;
use dsviz_core::clocks::{ClockOp, Execution, random_workload};

pub const MIN_PROCESSES: usize = 2;
pub const MAX_PROCESSES: usize = 6;
/// The longest random workload.
pub const MAX_EVENTS: usize = 120;
/// The most events a run may hold, hand-made ones included.
pub const MAX_TOTAL: usize = 400;

impl Replay for Execution {
    type Op = ClockOp;

    fn apply(&mut self, op: &ClockOp) {
        // Every op in a player was checked when it was added.
        let _ = Execution::apply(self, *op);
    }
}

/// Everything a clocks permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct ClocksScenario {
    pub processes: usize,
    /// Length of the seeded workload.
    pub events: usize,
    pub seed: u64,
    /// Events added by hand after the workload.
    pub extra: Vec<ClockOp>,
    pub step: u64,
    pub pick: Option<usize>,
    pub problems: Vec<String>,
}

/// `l0,s0-2,d5`.
pub fn encode_ops(ops: &[ClockOp]) -> String {
    ops.iter()
        .map(|op| match *op {
            ClockOp::Local(p) => format!("l{p}"),
            ClockOp::Send { from, to } => format!("s{from}-{to}"),
            ClockOp::Deliver(m) => format!("d{m}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn decode_op(text: &str) -> Option<ClockOp> {
    let (kind, rest) = text.split_at_checked(1)?;
    match kind {
        "l" => rest.parse().ok().map(ClockOp::Local),
        "d" => rest.parse().ok().map(ClockOp::Deliver),
        "s" => {
            let (from, to) = rest.split_once('-')?;
            Some(ClockOp::Send {
                from: from.parse().ok()?,
                to: to.parse().ok()?,
            })
        }
        _ => None,
    }
}

/// Reads `text` as operations that apply, in order, after `after`; each one
/// that cannot be read or applied is skipped with a sentence in `problems`.
pub fn decode_ops(text: &str, after: &Execution, problems: &mut Vec<String>) -> Vec<ClockOp> {
    let mut execution = after.clone();
    let mut ops = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        if execution.events().len() >= MAX_TOTAL {
            problems.push(format!(
                "more than {MAX_TOTAL} events; the rest were left out"
            ));
            break;
        }
        match decode_op(part) {
            None => problems.push(format!(
                "'{part}' in ops is not an event (lP, sP-Q or dM); skipped"
            )),
            Some(op) => match execution.apply(op) {
                Ok(_) => ops.push(op),
                Err(why) => problems.push(format!("'{part}' in ops: {why}; skipped")),
            },
        }
    }
    ops
}

impl ClocksScenario {
    pub const DEFAULT_PROCESSES: usize = 3;
    pub const DEFAULT_EVENTS: usize = 24;

    /// Reads a scenario, replacing or skipping what is unusable.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let processes = query.number(
            "processes",
            Self::DEFAULT_PROCESSES,
            |p| (MIN_PROCESSES..=MAX_PROCESSES).contains(p),
            "a process count from 2 to 6",
        );
        let events = query.number(
            "events",
            Self::DEFAULT_EVENTS,
            |e| *e <= MAX_EVENTS,
            "an event count from 0 to 120",
        );
        let seed = read_seed(&mut query, 1);
        let mut problems = std::mem::take(&mut query.problems);
        let workload = random_workload(processes, events, seed);
        let mut after = Execution::new(processes);
        for op in &workload {
            let _ = after.apply(*op);
        }
        let extra = query
            .raw("ops")
            .map(|text| decode_ops(text, &after, &mut problems))
            .unwrap_or_default();
        let total = (workload.len() + extra.len()) as u64;
        let step = query.number(
            "step",
            total,
            |s| *s <= total,
            &format!("a step from 0 to {total}"),
        );
        let pick =
            query
                .raw("pick")
                .map(str::to_owned)
                .and_then(|text| match text.parse::<usize>() {
                    Ok(e) if (e as u64) < step => Some(e),
                    _ => {
                        problems.push(format!(
                            "'pick={text}' is not one of the {step} events shown; nothing picked"
                        ));
                        None
                    }
                });
        problems.append(&mut query.problems);
        Self {
            processes,
            events,
            seed,
            extra,
            step,
            pick,
            problems,
        }
    }

    /// The workload followed by the hand-made events.
    pub fn ops(&self) -> Vec<ClockOp> {
        let mut ops = random_workload(self.processes, self.events, self.seed);
        ops.extend_from_slice(&self.extra);
        ops
    }

    pub fn to_query(&self) -> String {
        let mut pairs = vec![
            ("processes", self.processes.to_string()),
            ("events", self.events.to_string()),
            ("seed", self.seed.to_string()),
        ];
        if !self.extra.is_empty() {
            pairs.push(("ops", encode_ops(&self.extra)));
        }
        pairs.push(("step", self.step.to_string()));
        if let Some(pick) = self.pick {
            pairs.push(("pick", pick.to_string()));
        }
        build(&pairs)
    }
}
