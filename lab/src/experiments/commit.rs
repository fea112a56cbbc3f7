//! Atomic-commit experiments: the two- and three-phase commit seed sweep
//! (reached through `sweep --protocol 2pc|3pc`) and the message count of one
//! failure-free transaction.

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::commit::{FaultMix, Protocol, failure_free_messages, sweep_seed};
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![Experiment {
        name: "messages",
        usage: "--protocol 2pc|3pc --nodes N   messages of one failure-free commit with N participants",
        run: messages,
    }]
}

/// `2pc` or `3pc`.
pub fn protocol_named(name: &str) -> Option<Protocol> {
    match name {
        "2pc" => Some(Protocol::TwoPhase),
        "3pc" => Some(Protocol::ThreePhase),
        _ => None,
    }
}

fn required_protocol(args: &mut Args) -> Result<Protocol, ArgError> {
    let name: String = args.required("protocol")?;
    protocol_named(&name)
        .ok_or_else(|| ArgError(format!("--protocol: expected 2pc or 3pc, got '{name}'")))
}

fn participants(args: &mut Args, default: usize) -> Result<usize, ArgError> {
    let nodes: usize = args.get_or("nodes", default)?;
    ensure(
        (1..=32).contains(&nodes),
        "nodes",
        "must be between 1 and 32 participants",
    )?;
    Ok(nodes)
}

fn messages(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let protocol = required_protocol(args)?;
    let nodes = participants(args, 3)?;
    Ok(vec![json!({
        "protocol": protocol.name(),
        "nodes": nodes,
        "messages": failure_free_messages(protocol, nodes),
    })])
}

/// `sweep --protocol 2pc|3pc --seeds N [--start-seed S] [--nodes P]
/// [--faults crashes|partitions]`: the Raft sweep's JSON, plus the fault mix.
pub fn sweep(args: &mut Args, protocol: Protocol) -> Result<Vec<Value>, ArgError> {
    let seeds: u64 = args.required("seeds")?;
    ensure(seeds >= 1, "seeds", "must be at least 1")?;
    let start: u64 = args.get_or("start-seed", 0)?;
    ensure(
        start.checked_add(seeds).is_some(),
        "start-seed",
        "too large",
    )?;
    let nodes = participants(args, 3)?;
    let faults: String = args.get_or("faults", String::from("crashes"))?;
    let mix = match faults.as_str() {
        "crashes" => FaultMix::Crashes,
        "partitions" => FaultMix::Partitions,
        other => {
            return Err(ArgError(format!(
                "--faults: expected crashes or partitions, got '{other}'"
            )));
        }
    };
    let (mut violations, mut live, mut first_failing) = (0u64, 0u64, None);
    for seed in start..start + seeds {
        let outcome = sweep_seed(protocol, seed, nodes, mix);
        violations += outcome.violations;
        if outcome.live_after_heal {
            live += 1;
        }
        if first_failing.is_none() && (outcome.violations > 0 || !outcome.live_after_heal) {
            first_failing = Some(seed);
        }
    }
    Ok(vec![json!({
        "protocol": protocol.name(),
        "faults": mix.name(),
        "seeds": seeds,
        "violations": violations,
        "live_after_heal": live,
        "first_failing_seed": first_failing,
    })])
}
