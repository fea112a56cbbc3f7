//! Atomic-commit experiments: the message count of one failure-free
//! transaction. (The seed sweep is `sweep --protocol 2pc|3pc`, in
//! `consensus.rs` with the others.)

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::commit::{Protocol, failure_free_messages};
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
