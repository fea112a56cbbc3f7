//! Consensus, election and commit experiments: the fault-injection seed
//! sweep (Raft, Bully, ring, 2PC, 3PC, and the gossip family), the Raft vs
//! Multi-Paxos comparison and a single deterministic trace (Figure 16's
//! election downtime is in `raft_election`).

use super::Experiment;
use super::election::{ring_variant, variant_name};
use crate::args::{ArgError, Args, ensure, ms_to_time};
use dsviz_core::commit::{self, FaultMix};
use dsviz_core::consensus::compare::{Comparison, Tally, raft_vs_multi_paxos};
use dsviz_core::consensus::raft::{self, scenario};
use dsviz_core::consensus::{fast_paxos, multi_paxos, paxos, pbft, sweep::SweepOutcome};
use dsviz_core::election::experiments::{bully_sweep_seed, ring_sweep_seed};
use dsviz_core::election::ring::RingVariant;
use dsviz_core::gossip;
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            name: "sweep",
            usage: "--protocol raft|bully|ring|2pc|3pc|paxos|multi-paxos|fast-paxos|pbft|gossip|rumor|membership|scuttlebutt --seeds N [--start-seed S] [--nodes 5] [--variant chang-roberts|list] [--faults crashes|partitions]   random faults, then heal; counts violations and liveness (2pc/3pc: --nodes counts participants; pbft: 3f+1 replicas, default 4, up to f of them Byzantine; the gossip family defaults to 16 nodes)",
            run: sweep,
        },
        Experiment {
            name: "compare",
            usage: "[--nodes 5] [--seed S] [--every-ms 20] [--duration-ms 5000] [--leader-crashes no|yes]   Raft vs Multi-Paxos: messages per committed command on the same seed and faults",
            run: compare,
        },
        Experiment {
            name: "trace",
            usage: "--protocol raft --seed S --steps K   digest and state after K steps of the demo run",
            run: trace,
        },
    ]
}

fn require_raft(args: &mut Args) -> Result<(), ArgError> {
    let protocol: String = args.required("protocol")?;
    ensure(protocol == "raft", "protocol", "only 'raft' is available")
}

fn node_count(args: &mut Args) -> Result<usize, ArgError> {
    node_count_or(args, 5)
}

fn node_count_or(args: &mut Args, default: usize) -> Result<usize, ArgError> {
    let nodes: usize = args.get_or("nodes", default)?;
    ensure(
        (1..=64).contains(&nodes),
        "nodes",
        "must be between 1 and 64",
    )?;
    Ok(nodes)
}

/// `--nodes` for PBFT: `3f + 1` replicas (default 4), `f` from 1 to 4.
pub fn pbft_replicas(args: &mut Args) -> Result<usize, ArgError> {
    let nodes: usize = args.get_or("nodes", 4)?;
    ensure(
        (4..=13).contains(&nodes) && (nodes - 1).is_multiple_of(3),
        "nodes",
        "PBFT needs 3f + 1 replicas: 4, 7, 10 or 13",
    )?;
    Ok(nodes)
}

/// A protocol the sweep can run.
#[derive(Clone, Copy)]
enum SweepProtocol {
    Raft,
    Paxos,
    MultiPaxos,
    FastPaxos,
    Pbft,
    Bully,
    Ring(RingVariant),
    Commit(commit::Protocol, FaultMix),
    Gossip(gossip::SweepProtocol),
}

impl SweepProtocol {
    fn from_args(args: &mut Args) -> Result<Self, ArgError> {
        let protocol: String = args.required("protocol")?;
        let chosen = match protocol.as_str() {
            "raft" => SweepProtocol::Raft,
            "paxos" => SweepProtocol::Paxos,
            "multi-paxos" => SweepProtocol::MultiPaxos,
            "fast-paxos" => SweepProtocol::FastPaxos,
            "pbft" => SweepProtocol::Pbft,
            "bully" => SweepProtocol::Bully,
            "ring" => return Ok(SweepProtocol::Ring(ring_variant(args)?)),
            "2pc" | "3pc" => {
                let protocol =
                    super::commit::protocol_named(&protocol).unwrap_or(commit::Protocol::TwoPhase);
                return Ok(SweepProtocol::Commit(protocol, fault_mix(args)?));
            }
            other => match gossip::SweepProtocol::parse(other) {
                Some(protocol) => SweepProtocol::Gossip(protocol),
                None => {
                    return Err(ArgError(format!(
                        "--protocol: expected raft, paxos, multi-paxos, fast-paxos, pbft, bully, ring, 2pc, 3pc, gossip, rumor, membership or scuttlebutt, got '{other}'"
                    )));
                }
            },
        };
        ensure(
            args.text("variant").is_none(),
            "variant",
            "applies to --protocol ring only",
        )?;
        ensure(
            args.text("faults").is_none(),
            "faults",
            "applies to --protocol 2pc and 3pc only",
        )?;
        Ok(chosen)
    }

    fn name(self) -> &'static str {
        match self {
            SweepProtocol::Raft => "raft",
            SweepProtocol::Paxos => "paxos",
            SweepProtocol::MultiPaxos => "multi-paxos",
            SweepProtocol::FastPaxos => "fast-paxos",
            SweepProtocol::Pbft => "pbft",
            SweepProtocol::Bully => "bully",
            SweepProtocol::Ring(_) => "ring",
            SweepProtocol::Commit(protocol, _) => protocol.name(),
            SweepProtocol::Gossip(protocol) => protocol.name(),
        }
    }

    /// One seed: (safety violations, live after healing).
    fn run(self, seed: u64, nodes: usize) -> (u64, bool) {
        match self {
            SweepProtocol::Raft => {
                let o = raft::sweep_seed(seed, nodes);
                (o.violations, o.live_after_heal)
            }
            SweepProtocol::Paxos => outcome(paxos::sweep_seed(seed, nodes, Default::default())),
            SweepProtocol::MultiPaxos => {
                outcome(multi_paxos::sweep_seed(seed, nodes, Default::default()))
            }
            SweepProtocol::FastPaxos => {
                outcome(fast_paxos::sweep_seed(seed, nodes, Default::default()))
            }
            SweepProtocol::Pbft => {
                let f = (nodes - 1) / 3;
                outcome(pbft::sweep_seed(seed, f, f, Default::default()))
            }
            SweepProtocol::Bully => {
                let o = bully_sweep_seed(seed, nodes);
                (o.violations, o.live_after_heal)
            }
            SweepProtocol::Ring(variant) => {
                let o = ring_sweep_seed(seed, nodes, variant);
                (o.violations, o.live_after_heal)
            }
            SweepProtocol::Commit(protocol, mix) => {
                let o = commit::sweep_seed(protocol, seed, nodes, mix);
                (o.violations, o.live_after_heal)
            }
            SweepProtocol::Gossip(protocol) => {
                let o = gossip::sweep_seed(protocol, seed, nodes);
                (o.violations, o.live_after_heal)
            }
        }
    }
}

fn outcome(o: SweepOutcome) -> (u64, bool) {
    (o.violations, o.live_after_heal)
}

fn sweep(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let protocol = SweepProtocol::from_args(args)?;
    let seeds: u64 = args.required("seeds")?;
    ensure(seeds >= 1, "seeds", "must be at least 1")?;
    let start: u64 = args.get_or("start-seed", 0)?;
    ensure(
        start.checked_add(seeds).is_some(),
        "start-seed",
        "too large",
    )?;
    let nodes = match protocol {
        SweepProtocol::Gossip(_) => node_count_or(args, 16)?,
        SweepProtocol::Pbft => pbft_replicas(args)?,
        _ => node_count(args)?,
    };
    let (mut violations, mut live, mut first_failing) = (0u64, 0u64, None);
    for seed in start..start + seeds {
        let (found, live_after_heal) = protocol.run(seed, nodes);
        violations += found;
        if live_after_heal {
            live += 1;
        }
        if first_failing.is_none() && (found > 0 || !live_after_heal) {
            first_failing = Some(seed);
        }
    }
    let mut out = json!({
        "protocol": protocol.name(),
        "seeds": seeds,
        "violations": violations,
        "live_after_heal": live,
        "first_failing_seed": first_failing,
    });
    match protocol {
        SweepProtocol::Ring(variant) => out["variant"] = json!(variant_name(variant)),
        SweepProtocol::Commit(_, mix) => out["faults"] = json!(mix.name()),
        _ => {}
    }
    Ok(vec![out])
}

/// `--faults crashes|partitions` (default crashes), for the commit sweeps.
fn fault_mix(args: &mut Args) -> Result<FaultMix, ArgError> {
    let faults: String = args.get_or("faults", String::from("crashes"))?;
    match faults.as_str() {
        "crashes" => Ok(FaultMix::Crashes),
        "partitions" => Ok(FaultMix::Partitions),
        other => Err(ArgError(format!(
            "--faults: expected crashes or partitions, got '{other}'"
        ))),
    }
}

fn compare(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let nodes = node_count(args)?;
    let seed: u64 = args.get_or("seed", 0)?;
    let every: u64 = args.get_or("every-ms", 20)?;
    ensure(
        (1..=10_000).contains(&every),
        "every-ms",
        "must be between 1 and 10000",
    )?;
    let duration: u64 = args.get_or("duration-ms", 5_000)?;
    ensure(
        (1..=600_000).contains(&duration),
        "duration-ms",
        "must be between 1 and 600000",
    )?;
    let crashes: String = args.get_or("leader-crashes", String::from("no"))?;
    let leader_crashes = match crashes.as_str() {
        "no" => false,
        "yes" => true,
        other => {
            return Err(ArgError(format!(
                "--leader-crashes: expected yes or no, got '{other}'"
            )));
        }
    };
    let setup = Comparison {
        nodes,
        seed,
        duration: ms_to_time(duration as f64),
        submit_every: ms_to_time(every as f64),
        leader_crashes,
        ..Comparison::default()
    };
    let (raft, paxos) = raft_vs_multi_paxos(setup);
    let row = |name: &str, t: Tally| {
        json!({
            "protocol": name,
            "nodes": nodes,
            "seed": seed,
            "leader_crashes": leader_crashes,
            "messages": t.messages,
            "committed": t.committed,
            "messages_per_command": t.per_command().map(|x| (x * 1000.0).round() / 1000.0),
        })
    };
    Ok(vec![row("raft", raft), row("multi-paxos", paxos)])
}

fn trace(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    require_raft(args)?;
    let seed: u64 = args.required("seed")?;
    let steps: u64 = args.required("steps")?;
    ensure(steps <= 10_000_000, "steps", "must be at most 10000000")?;
    let mut sim = scenario::demo(seed);
    let reached = sim.run_to_step(steps);
    let world = sim.world();
    let leader = scenario::current_leader(world);
    let term = (0..world.nodes().len())
        .map(|id| world.node(id).term())
        .max()
        .unwrap_or(0);
    let commit = (0..world.nodes().len())
        .map(|id| world.node(id).commit_index())
        .max()
        .unwrap_or(0);
    Ok(vec![json!({
        "protocol": "raft",
        "seed": seed,
        "steps": reached,
        "digest": format!("{:016x}", world.digest()),
        "leader": leader,
        "term": term,
        "commit_index": commit,
    })])
}
