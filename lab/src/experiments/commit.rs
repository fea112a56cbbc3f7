//! Message counts of one failure-free run: an atomic-commit transaction
//! (2PC, 3PC) or a consensus decision (Paxos, Multi-Paxos, PBFT), next to
//! the closed form where it has kinds. (The seed sweeps are `sweep`, in
//! `consensus.rs` with the others.)

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::commit::{Protocol, failure_free_messages};
use dsviz_core::consensus::{multi_paxos, paxos, pbft};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub fn experiments() -> Vec<Experiment> {
    vec![Experiment {
        name: "messages",
        usage: "--protocol 2pc|3pc|paxos|multi-paxos|pbft --nodes N   messages of one failure-free commit (N participants) or decision (N nodes), by kind next to the formula",
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

fn participants(args: &mut Args, default: usize) -> Result<usize, ArgError> {
    let nodes: usize = args.get_or("nodes", default)?;
    ensure(
        (1..=32).contains(&nodes),
        "nodes",
        "must be between 1 and 32 participants",
    )?;
    Ok(nodes)
}

fn kinds(map: &BTreeMap<&'static str, u64>) -> Value {
    Value::Object(
        map.iter()
            .map(|(&k, &v)| (k.to_string(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

/// A consensus decision's counts: total, by kind, and the formula's kinds.
fn consensus_counts(
    name: &str,
    nodes: usize,
    counted: BTreeMap<&'static str, u64>,
    expected: BTreeMap<&'static str, u64>,
) -> Vec<Value> {
    vec![json!({
        "protocol": name,
        "nodes": nodes,
        "messages": counted.values().sum::<u64>(),
        "by_kind": kinds(&counted),
        "expected_by_kind": kinds(&expected),
        "matches_formula": counted == expected,
    })]
}

fn consensus_nodes(args: &mut Args, min: usize) -> Result<usize, ArgError> {
    let nodes: usize = args.required("nodes")?;
    ensure(
        (min..=64).contains(&nodes),
        "nodes",
        &format!("must be between {min} and 64"),
    )?;
    Ok(nodes)
}

fn messages(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let name: String = args.required("protocol")?;
    match name.as_str() {
        "paxos" => {
            let nodes = consensus_nodes(args, 1)?;
            return Ok(consensus_counts(
                "paxos",
                nodes,
                paxos::failure_free_messages(nodes),
                paxos::expected_messages(nodes),
            ));
        }
        "multi-paxos" => {
            let nodes = consensus_nodes(args, 1)?;
            return Ok(consensus_counts(
                "multi-paxos",
                nodes,
                multi_paxos::failure_free_messages(nodes),
                multi_paxos::expected_messages(nodes),
            ));
        }
        "pbft" => {
            let nodes = super::consensus::pbft_replicas(args)?;
            let f = (nodes - 1) / 3;
            return Ok(consensus_counts(
                "pbft",
                nodes,
                pbft::failure_free_messages(f),
                pbft::expected_messages(f),
            ));
        }
        "2pc" | "3pc" => {}
        other => {
            return Err(ArgError(format!(
                "--protocol: expected 2pc, 3pc, paxos, multi-paxos or pbft, got '{other}'"
            )));
        }
    }
    let protocol = protocol_named(&name).unwrap_or(Protocol::TwoPhase);
    let nodes = participants(args, 3)?;
    Ok(vec![json!({
        "protocol": protocol.name(),
        "nodes": nodes,
        "messages": failure_free_messages(protocol, nodes),
    })])
}
