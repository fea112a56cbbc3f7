//! The gossip page's live plot: the fraction of live nodes infected at the
//! end of each round so far, against the mean-field curve for the same
//! mode, fanout, node count and loss.

use super::anti_entropy::current_round;
use super::look::newest_version;
use crate::widgets::view::{Chart, ChartRule, ChartSeries};
use dsviz_core::gossip::AntiEntropyNode;
use dsviz_core::gossip::experiments::{infected_count, infected_per_round, theory_curve};
use dsviz_core::sim::{Time, World};

/// The last round the plot always shows: two past the round in which the
/// theory says fewer than half a node is left.
fn theory_rounds(curve: &[f64], nodes: usize) -> u32 {
    let nearly = 1.0 - 0.5 / nodes.max(1) as f64;
    let done = curve
        .iter()
        .position(|&i| i >= nearly)
        .unwrap_or(curve.len());
    done as u32 + 2
}

/// The latest round in which a live node learned version `newest`.
fn last_learned(world: &World<AntiEntropyNode>, newest: u64) -> u32 {
    (0..world.nodes().len())
        .filter(|&id| world.is_up(id) && world.node(id).version() >= newest)
        .filter_map(|id| world.node(id).learned_round())
        .max()
        .unwrap_or(0)
}

/// The infected fraction per round against [`theory_curve`].
pub fn spread_chart(world: &World<AntiEntropyNode>, cursor: Time) -> Chart {
    let nodes = world.nodes().len();
    let config = world.nodes().first().map(|n| n.config).unwrap_or_default();
    let loss = world.network().loss.fraction();
    let live = (0..nodes).filter(|&id| world.is_up(id)).count();
    let newest = newest_version(world);
    // Once every live node has it the curve stops growing: the plot ends two
    // rounds after the last one learned (or where the theory ends).
    let all_by = if infected_count(world, newest) == live {
        last_learned(world, newest) + 2
    } else {
        u32::MAX
    };
    let round = current_round(world, cursor).min(all_by);
    let long = theory_curve(config.mode, config.fanout, nodes, loss, 200);
    let last = theory_rounds(&long, nodes).max(round);
    let theory: Vec<(f64, f64)> = theory_curve(config.mode, config.fanout, nodes, loss, last)
        .into_iter()
        .enumerate()
        .map(|(r, i)| (r as f64, i))
        .collect();
    let measured: Vec<(f64, f64)> = infected_per_round(world, newest, round)
        .into_iter()
        .enumerate()
        .map(|(r, n)| (r as f64, n as f64 / live.max(1) as f64))
        .collect();
    let now = measured.last().map_or(0.0, |p| p.1);
    let expected = theory.get(round as usize).map_or(1.0, |p| p.1);
    Chart {
        testid: "spread-chart".into(),
        title: "Infected fraction per round".into(),
        x_label: "round".into(),
        y_label: "infected".into(),
        x_range: (0.0, f64::from(last)),
        y_range: (0.0, 1.0),
        series: vec![
            ChartSeries {
                label: "this run".into(),
                tone: "measured".into(),
                points: measured,
            },
            ChartSeries {
                label: format!(
                    "mean-field theory ({}, fanout {})",
                    config.mode.name(),
                    config.fanout
                ),
                tone: "theory".into(),
                points: theory,
            },
        ],
        rules: vec![ChartRule {
            y: 1.0,
            label: "all".into(),
            tone: "target".into(),
        }],
        marks: Vec::new(),
        caption: format!(
            "Round {round}: {:.0} % of live nodes have v{newest} (theory {:.0} %)",
            now * 100.0,
            expected * 100.0
        ),
    }
}
