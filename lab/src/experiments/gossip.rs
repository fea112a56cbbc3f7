//! Epidemic dissemination: anti-entropy round counts (`gossip`) and the
//! rumor-mongering table against the residue equation (`rumor`). The gossip
//! seed sweeps run through `sweep --protocol gossip|rumor|membership|scuttlebutt`.

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::gossip::experiments::{
    DisseminationSetup, dissemination_stats, residue_for, rumor_stats, traffic_for,
};
use dsviz_core::gossip::{Mode, RumorConfig, RumorVariant};
use dsviz_core::sim::Probability;
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            name: "gossip",
            usage: "--mode push|pull|push-pull --nodes N --fanout F --trials T [--loss P] [--dead FRACTION] [--seed S]   rounds until every live node has the update",
            run: gossip,
        },
        Experiment {
            name: "rumor",
            usage: "--nodes N --k K --variant feedback-counter|blind-counter|feedback-coin|blind-coin --trials T [--seed S]   residue, traffic, t_avg, t_last (Demers et al. 1987)",
            run: rumor,
        },
    ]
}

fn nodes(args: &mut Args) -> Result<usize, ArgError> {
    let nodes: usize = args.required("nodes")?;
    ensure(
        (1..=100_000).contains(&nodes),
        "nodes",
        "must be between 1 and 100000",
    )?;
    Ok(nodes)
}

fn trials(args: &mut Args) -> Result<usize, ArgError> {
    let trials: usize = args.required("trials")?;
    ensure(
        (1..=100_000).contains(&trials),
        "trials",
        "must be between 1 and 100000",
    )?;
    Ok(trials)
}

/// Keeps a statistic to three decimals.
fn round3(x: f64) -> Value {
    json!((x * 1000.0).round() / 1000.0)
}

fn gossip(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let text: String = args.required("mode")?;
    let mode = Mode::parse(&text).ok_or_else(|| {
        ArgError(format!(
            "--mode: expected push, pull or push-pull, got '{text}'"
        ))
    })?;
    let nodes = nodes(args)?;
    ensure(nodes >= 2, "nodes", "needs at least 2 nodes to gossip")?;
    let fanout: usize = args.required("fanout")?;
    ensure(
        (1..nodes).contains(&fanout),
        "fanout",
        "must be between 1 and nodes - 1",
    )?;
    let trials = trials(args)?;
    ensure(
        nodes.saturating_mul(trials) <= 100_000_000,
        "trials",
        "nodes x trials must be at most 100000000",
    )?;
    let loss: f64 = args.get_or("loss", 0.0)?;
    ensure(
        (0.0..1.0).contains(&loss),
        "loss",
        "must be a probability in [0, 1)",
    )?;
    let dead: f64 = args.get_or("dead", 0.0)?;
    ensure(
        (0.0..1.0).contains(&dead),
        "dead",
        "must be a fraction in [0, 1)",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let setup = DisseminationSetup {
        fanout,
        loss: Probability::from_fraction(loss),
        dead,
        ..DisseminationSetup::new(mode, nodes)
    };
    let stats = dissemination_stats(&setup, trials, seed);
    let mut out = json!({
        "mode": mode.name(),
        "nodes": nodes,
        "fanout": fanout,
        "trials": trials,
        "mean_rounds": round3(stats.mean_rounds),
        "max_rounds": stats.max_rounds,
        "messages_per_node": round3(stats.messages_per_node),
        "redundant_per_node": round3(stats.redundant_per_node),
        "unfinished": stats.unfinished,
    });
    if loss > 0.0 {
        out["loss"] = json!(loss);
    }
    if dead > 0.0 {
        out["dead"] = json!(dead);
    }
    Ok(vec![out])
}

fn rumor(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let nodes = nodes(args)?;
    ensure(nodes >= 2, "nodes", "needs at least 2 nodes to gossip")?;
    let k: u32 = args.required("k")?;
    ensure((1..=100).contains(&k), "k", "must be between 1 and 100")?;
    let text: String = args.required("variant")?;
    let variant = RumorVariant::parse(&text).ok_or_else(|| {
        ArgError(format!(
            "--variant: expected feedback-counter, blind-counter, feedback-coin or blind-coin, got '{text}'"
        ))
    })?;
    let trials = trials(args)?;
    ensure(
        nodes.saturating_mul(trials) <= 100_000_000,
        "trials",
        "nodes x trials must be at most 100000000",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let config = RumorConfig {
        variant,
        k,
        ..RumorConfig::default()
    };
    let stats = rumor_stats(config, nodes, trials, seed);
    Ok(vec![json!({
        "k": k,
        "variant": variant.name(),
        "nodes": nodes,
        "trials": trials,
        "residue": (stats.residue * 1e5).round() / 1e5,
        "residue_sd": (stats.residue_sd * 1e5).round() / 1e5,
        "equation_residue": (residue_for(variant, k) * 1e5).round() / 1e5,
        "equation_traffic": round3(traffic_for(residue_for(variant, k))),
        "traffic": round3(stats.traffic),
        "t_avg": round3(stats.t_avg),
        "t_last": round3(stats.t_last),
    })])
}
