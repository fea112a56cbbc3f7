//! The Raft page's scenario: parameters, seed, inputs and cursor, read from
//! and written to the URL.

use crate::permalink::query::build;
use crate::permalink::{CommandCodec, Query, decode_inputs, encode_inputs};
use dsviz_core::consensus::raft::scenario::cluster;
use dsviz_core::consensus::raft::{Command, RaftConfig, RaftNode};
use dsviz_core::sim::{Input, Latency, NetworkConfig, Probability, SimConfig, Simulation};

/// Raft's commands in URLs: `propose.V` and `timeout`.
pub struct RaftCommands;

impl CommandCodec for RaftCommands {
    type Command = Command;

    fn encode(command: &Command) -> String {
        match command {
            Command::Propose(value) => format!("propose.{value}"),
            Command::TimeoutNow => "timeout".into(),
        }
    }

    fn decode(text: &str) -> Option<Command> {
        match text.split_once('.') {
            Some(("propose", value)) => value.parse().ok().map(Command::Propose),
            None if text == "timeout" => Some(Command::TimeoutNow),
            _ => None,
        }
    }
}

/// The page's parameters (times in milliseconds).
#[derive(Clone, Debug, PartialEq)]
pub struct RaftParams {
    pub seed: u64,
    pub nodes: usize,
    pub election_timeout_ms: (f64, f64),
    pub heartbeat_ms: f64,
    pub latency_ms: (f64, f64),
    pub loss: f64,
}

impl Default for RaftParams {
    fn default() -> Self {
        Self {
            seed: 1,
            nodes: 5,
            election_timeout_ms: (150.0, 300.0),
            heartbeat_ms: 50.0,
            latency_ms: (5.0, 15.0),
            loss: 0.0,
        }
    }
}

/// Everything a Raft permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct RaftScenario {
    pub params: RaftParams,
    pub inputs: Vec<Input<Command>>,
    pub step: u64,
    /// Sentences naming each URL value that was replaced by its default.
    pub problems: Vec<String>,
}

/// The furthest step a link may point at: opening it replays every step
/// before, so a larger value would freeze the page.
pub const MAX_LINKED_STEP: u64 = 200_000;

fn micros(ms: f64) -> u64 {
    (ms * 1000.0).round() as u64
}

impl RaftScenario {
    /// Reads a scenario from a query string, replacing bad values by defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let d = RaftParams::default();
        let params = RaftParams {
            seed: query.number("seed", d.seed, |_| true, "a whole number"),
            nodes: query.number(
                "nodes",
                d.nodes,
                |n| (3..=9).contains(n),
                "a node count from 3 to 9",
            ),
            election_timeout_ms: query.range(
                "timeout",
                d.election_timeout_ms,
                |low, high| low >= 10.0 && high <= 10_000.0,
                "a range MIN-MAX of milliseconds between 10 and 10000",
            ),
            heartbeat_ms: d.heartbeat_ms,
            latency_ms: query.range(
                "latency",
                d.latency_ms,
                |low, high| low >= 0.0 && high <= 5_000.0,
                "a range MIN-MAX of milliseconds between 0 and 5000",
            ),
            loss: query.number(
                "loss",
                d.loss,
                |p: &f64| (0.0..=1.0).contains(p),
                "a probability from 0 to 1",
            ),
        };
        let heartbeat_ok = |h: &f64| *h >= 1.0 && *h < params.election_timeout_ms.0;
        let heartbeat_ms = query.number(
            "heartbeat",
            d.heartbeat_ms.min(params.election_timeout_ms.0 / 2.0),
            heartbeat_ok,
            "a heartbeat in milliseconds, at least 1 and below the minimum election timeout",
        );
        let params = RaftParams {
            heartbeat_ms,
            ..params
        };
        let (inputs, mut input_problems) =
            decode_inputs::<RaftCommands>(query.raw("inputs").unwrap_or(""), params.nodes);
        let step = query.number(
            "step",
            0u64,
            |s| *s <= MAX_LINKED_STEP,
            "a step number up to 200000",
        );
        let mut problems = std::mem::take(&mut query.problems);
        problems.append(&mut input_problems);
        Self {
            params,
            inputs,
            step,
            problems,
        }
    }

    /// The query string that reproduces this scenario at `step`.
    pub fn to_query(params: &RaftParams, inputs: &[Input<Command>], step: u64) -> String {
        let range = |(low, high): (f64, f64)| {
            if low == high {
                format!("{low}")
            } else {
                format!("{low}-{high}")
            }
        };
        let mut pairs = vec![
            ("seed", params.seed.to_string()),
            ("nodes", params.nodes.to_string()),
            ("timeout", range(params.election_timeout_ms)),
            ("heartbeat", params.heartbeat_ms.to_string()),
            ("latency", range(params.latency_ms)),
            ("loss", params.loss.to_string()),
        ];
        if !inputs.is_empty() {
            pairs.push(("inputs", encode_inputs::<RaftCommands>(inputs)));
        }
        pairs.push(("step", step.to_string()));
        build(&pairs)
    }

    /// The simulation these parameters and inputs describe, at step 0.
    pub fn simulation(params: &RaftParams, inputs: Vec<Input<Command>>) -> Simulation<RaftNode> {
        let raft = RaftConfig {
            election_timeout_min: micros(params.election_timeout_ms.0),
            election_timeout_max: micros(params.election_timeout_ms.1),
            heartbeat_interval: micros(params.heartbeat_ms),
            ..RaftConfig::default()
        };
        let (low, high) = (micros(params.latency_ms.0), micros(params.latency_ms.1));
        let network = NetworkConfig {
            latency: if low == high {
                Latency::Fixed(low)
            } else {
                Latency::Uniform {
                    min: low,
                    max: high,
                }
            },
            loss: Probability::from_fraction(params.loss),
            ..NetworkConfig::default()
        };
        let config = SimConfig {
            network,
            ..SimConfig::seeded(params.seed)
        };
        Simulation::with_inputs(config, cluster(params.nodes, raft), inputs)
    }
}
