//! Experiments that measure the partitioning structures against their
//! theory.
//!
//! Each is a plain function from parameters and a seed to a plain report,
//! so the lab CLI prints it as JSON and the web app plots it. Keys are the
//! little-endian bytes of `0..keys` (the range experiment uses big-endian
//! bytes, so byte order is numeric order); nodes are numbered `0..nodes`
//! and added nodes continue the numbering. The same seed gives the same
//! report on every platform.

use super::balls::BallsIntoBins;
use super::error::{PartitionError, check_finite, check_range};
use super::range::{RangeConfig, RangePartitioner};
use super::{BoundedLoadRing, HashRing, NodeId, Partitioner, max_over_mean};
use crate::sim::driver_stream;
use crate::sketch::Zipf;
use crate::sketch::hashing::splitmix64;
use alloc::collections::BTreeMap;
use alloc::vec;
use alloc::vec::Vec;

/// The most balls (over all trials) or writes an experiment accepts.
pub const MAX_WORK: u64 = 1_000_000_000;
/// The most stored keys an experiment accepts.
pub const MAX_KEYS: u64 = 1_000_000;
/// The most nodes an experiment accepts.
pub const MAX_NODES: usize = 10_000;

fn key(i: u64) -> [u8; 8] {
    i.to_le_bytes()
}

/// Balls into bins, repeated over independent trials.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BallsReport {
    pub bins: usize,
    pub balls: u64,
    pub choices: u32,
    pub trials: u32,
    /// How many trials ended with each maximum load.
    pub max_load_histogram: BTreeMap<u32, u32>,
    pub mean_max_load: f64,
    /// `fraction_at_least[i - 1]`: the mean over trials of the fraction of
    /// bins holding at least `i` balls, up to the largest maximum seen.
    pub fraction_at_least: Vec<f64>,
    /// The same fractions predicted by the fluid limit at `t = balls / bins`.
    pub fluid_limit: Vec<f64>,
}

/// `trials` runs of `balls` balls into `bins` bins with `choices` choices.
pub fn balls_into_bins(
    bins: usize,
    balls: u64,
    choices: u32,
    trials: u32,
    seed: u64,
) -> Result<BallsReport, PartitionError> {
    check_range("balls", balls, 1, MAX_WORK)?;
    check_range("trials", trials, 1, 1_000_000)?;
    if balls.saturating_mul(u64::from(trials)) > MAX_WORK {
        return Err(PartitionError::invalid(
            "trials",
            alloc::format!("balls × trials must be at most {MAX_WORK}"),
        ));
    }
    let mut histogram = BTreeMap::new();
    let mut sums: Vec<f64> = Vec::new();
    let mut max_sum = 0u64;
    for trial in 0..trials {
        let mut run = BallsIntoBins::new(bins, choices, trial_seed(seed, trial))?;
        run.throw_many(balls);
        let max = run.max_load();
        *histogram.entry(max).or_insert(0) += 1;
        max_sum += u64::from(max);
        let fractions = run.fraction_at_least();
        if sums.len() < fractions.len() {
            sums.resize(fractions.len(), 0.0);
        }
        for (sum, f) in sums.iter_mut().zip(fractions) {
            *sum += f;
        }
    }
    let t = f64::from(trials);
    Ok(BallsReport {
        bins,
        balls,
        choices,
        trials,
        max_load_histogram: histogram,
        mean_max_load: max_sum as f64 / t,
        fluid_limit: fluid_limit(choices, balls as f64 / bins as f64, sums.len()),
        fraction_at_least: sums.into_iter().map(|s| s / t).collect(),
    })
}

fn trial_seed(seed: u64, trial: u32) -> u64 {
    splitmix64(seed ^ u64::from(trial).rotate_left(32))
}

/// Mitzenmacher's fluid limit: `sᵢ(t)` for `i = 1..=levels`, the fraction
/// of bins with at least `i` balls after `t · n` balls with `d` choices,
/// from `dsᵢ/dt = sᵢ₋₁ᵈ − sᵢᵈ`, `s₀ = 1`, `sᵢ(0) = 0`, integrated by the
/// classical Runge–Kutta method with step 1/1000 (at most 10⁶ steps).
pub fn fluid_limit(d: u32, t: f64, levels: usize) -> Vec<f64> {
    if levels == 0 || t.is_nan() || t <= 0.0 {
        return vec![0.0; levels];
    }
    let steps = libm::ceil(t * 1000.0).min(1e6) as usize;
    let h = t / steps as f64;
    let d = d as i32;
    let slope = |s: &[f64], out: &mut [f64]| {
        for i in 0..s.len() {
            let above = if i == 0 {
                1.0
            } else {
                libm::pow(s[i - 1], f64::from(d))
            };
            out[i] = above - libm::pow(s[i], f64::from(d));
        }
    };
    let mut s = vec![0.0; levels];
    let (mut k1, mut k2, mut k3, mut k4) = (s.clone(), s.clone(), s.clone(), s.clone());
    let mut tmp = s.clone();
    for _ in 0..steps {
        slope(&s, &mut k1);
        for i in 0..levels {
            tmp[i] = s[i] + 0.5 * h * k1[i];
        }
        slope(&tmp, &mut k2);
        for i in 0..levels {
            tmp[i] = s[i] + 0.5 * h * k2[i];
        }
        slope(&tmp, &mut k3);
        for i in 0..levels {
            tmp[i] = s[i] + h * k3[i];
        }
        slope(&tmp, &mut k4);
        for i in 0..levels {
            s[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
    }
    s
}

/// What adding nodes to a consistent-hash ring moves.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RingReport {
    pub nodes: usize,
    pub vnodes: u32,
    pub keys: u64,
    pub added: usize,
    /// Keys whose owner differs after the additions.
    pub moved: u64,
    pub moved_fraction: f64,
    /// `added / (nodes + added)`: the newcomers' expected share.
    pub expected_fraction: f64,
    pub max_over_mean_load_before: f64,
    pub max_over_mean_load: f64,
}

/// A ring of `nodes` nodes with `vnodes` tokens each holding `keys` keys;
/// then `add` more nodes, all at once.
pub fn ring_add_nodes(
    nodes: usize,
    vnodes: u32,
    keys: u64,
    add: usize,
    seed: u64,
) -> Result<RingReport, PartitionError> {
    check_range("nodes", nodes, 1, MAX_NODES)?;
    check_range("add", add, 0, MAX_NODES)?;
    check_range("keys", keys, 1, MAX_KEYS)?;
    let mut ring = HashRing::new(vnodes, seed)?;
    let weights = |range: core::ops::Range<usize>| range.map(|n| (n, 1.0)).collect::<Vec<_>>();
    ring.add_weighted_nodes(&weights(0..nodes))?;
    for i in 0..keys {
        ring.insert(&key(i))?;
    }
    let before: Vec<NodeId> = ring.keys().map(|(_, owner)| owner).collect();
    let max_over_mean_load_before = max_over_mean(&ring.loads());
    ring.add_weighted_nodes(&weights(nodes..nodes + add))?;
    let moved = ring
        .keys()
        .zip(&before)
        .filter(|((_, now), was)| now != *was)
        .count() as u64;
    Ok(RingReport {
        nodes,
        vnodes,
        keys,
        added: add,
        moved,
        moved_fraction: moved as f64 / keys as f64,
        expected_fraction: add as f64 / (nodes + add) as f64,
        max_over_mean_load_before,
        max_over_mean_load: max_over_mean(&ring.loads()),
    })
}

/// Consistent hashing with bounded loads, before and after one node joins.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct BoundedReport {
    pub nodes: usize,
    pub vnodes: u32,
    pub keys: u64,
    pub c: f64,
    pub cap: usize,
    pub max_load: usize,
    pub mean_load: f64,
    /// The plain ring's `max / mean` on the same tokens, for comparison.
    pub plain_max_over_mean_load: f64,
    /// Keys that changed node when node `nodes` joined.
    pub moves_on_add: u64,
    /// Keys the plain ring on the same tokens moves for the same join.
    pub plain_moves_on_add: u64,
    pub cap_after_add: usize,
    pub max_load_after_add: usize,
}

/// `nodes` nodes with `vnodes` tokens each, `keys` keys at load factor `c`;
/// then one more node.
pub fn bounded_load(
    nodes: usize,
    vnodes: u32,
    keys: u64,
    c: f64,
    seed: u64,
) -> Result<BoundedReport, PartitionError> {
    check_range("nodes", nodes, 1, MAX_NODES)?;
    check_range("keys", keys, 1, MAX_KEYS)?;
    check_finite("c", c, 1.0, super::bounded::MAX_C)?;
    let mut bounded = BoundedLoadRing::new(c, vnodes, seed)?;
    let mut plain = HashRing::new(vnodes, seed)?;
    bounded.add_nodes(&(0..nodes).collect::<Vec<_>>())?;
    plain.add_weighted_nodes(&(0..nodes).map(|n| (n, 1.0)).collect::<Vec<_>>())?;
    let all: Vec<[u8; 8]> = (0..keys).map(key).collect();
    bounded.extend(all.iter().map(|k| &k[..]))?;
    let (cap, max_load) = (bounded.cap(), bounded.max_load());
    let homes: Vec<Option<NodeId>> = all.iter().map(|k| plain.owner(k)).collect();
    let mut plain_loads: BTreeMap<NodeId, usize> = (0..nodes).map(|n| (n, 0)).collect();
    for home in homes.iter().flatten() {
        *plain_loads.entry(*home).or_insert(0) += 1;
    }
    let moves_on_add = bounded.add_node(nodes)?.len() as u64;
    plain.add_node(nodes)?;
    let plain_moves_on_add = all
        .iter()
        .zip(&homes)
        .filter(|(k, home)| plain.owner(&k[..]) != **home)
        .count() as u64;
    Ok(BoundedReport {
        nodes,
        vnodes,
        keys,
        c,
        cap,
        max_load,
        mean_load: keys as f64 / nodes as f64,
        plain_max_over_mean_load: max_over_mean(&plain_loads),
        moves_on_add,
        plain_moves_on_add,
        cap_after_add: bounded.cap(),
        max_load_after_add: bounded.max_load(),
    })
}

/// How Zipf-ranked keys are laid out in the key space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum KeyOrder {
    /// Rank `r` is the key `splitmix64(r)`: hot keys are scattered
    /// (YCSB's scrambled Zipfian).
    Scrambled,
    /// Rank `r` is the key `r`: hot keys are neighbours, one hot range.
    Sequential,
}

/// A write workload for the range partitioner.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RangeWorkload {
    /// Writes, each to a key drawn from Zipf(`universe`, `exponent`).
    pub writes: u64,
    pub universe: u64,
    pub exponent: f64,
    pub order: KeyOrder,
    pub nodes: usize,
    pub config: RangeConfig,
}

/// Range partitioning after a Zipf write workload.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RangeReport {
    pub writes: u64,
    pub distinct_keys: usize,
    pub nodes: usize,
    pub ranges: usize,
    pub splits: u64,
    pub merges: u64,
    pub range_moves: u64,
    pub key_moves: u64,
    /// Busiest node's load (writes) over the mean.
    pub max_over_mean_load: f64,
    /// Fullest node's stored keys over the mean.
    pub max_over_mean_keys: f64,
    pub max_range_load: u64,
    /// The load of the most written key, a floor for any range holding it.
    pub hottest_key_load: u64,
}

/// Runs `workload` against a range partitioner of `workload.nodes` nodes.
pub fn range_zipf(workload: RangeWorkload, seed: u64) -> Result<RangeReport, PartitionError> {
    check_range("writes", workload.writes, 1, MAX_WORK)?;
    check_range("nodes", workload.nodes, 1, MAX_NODES)?;
    let zipf = Zipf::new(workload.universe, workload.exponent).map_err(|e| match e {
        crate::sketch::SketchError::InvalidParameter { name, reason } => {
            PartitionError::InvalidParameter { name, reason }
        }
        other => PartitionError::invalid("universe", alloc::format!("{other}")),
    })?;
    let mut partitioner = RangePartitioner::new(workload.config)?;
    for node in 0..workload.nodes {
        partitioner.add_node(node)?;
    }
    let mut rng = driver_stream(seed, 0);
    let mut key_moves = 0u64;
    let mut hottest = 0u64;
    for _ in 0..workload.writes {
        let rank = zipf.sample(&mut rng);
        let key = match workload.order {
            KeyOrder::Scrambled => splitmix64(rank),
            KeyOrder::Sequential => rank,
        }
        .to_be_bytes();
        key_moves += partitioner.insert(&key)?.moves.len() as u64;
        hottest = hottest.max(partitioner.key_load(&key).unwrap_or(0));
    }
    let node_loads = partitioner.node_loads();
    let total: u64 = node_loads.values().sum();
    let max = node_loads.values().copied().max().unwrap_or(0);
    Ok(RangeReport {
        writes: workload.writes,
        distinct_keys: partitioner.key_count(),
        nodes: workload.nodes,
        ranges: partitioner.range_count(),
        splits: partitioner.splits(),
        merges: partitioner.merges(),
        range_moves: partitioner.range_moves(),
        key_moves,
        max_over_mean_load: max as f64 * workload.nodes as f64 / total as f64,
        max_over_mean_keys: max_over_mean(&partitioner.loads()),
        max_range_load: partitioner
            .ranges()
            .iter()
            .map(|r| r.load)
            .max()
            .unwrap_or(0),
        hottest_key_load: hottest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fluid_limit_has_closed_forms_for_one_and_two_choices() {
        // d = 1: the Poisson tail; d = 2: ds₁/dt = 1 - s₁², so s₁ = tanh t.
        let one = fluid_limit(1, 1.0, 3);
        let e = libm::exp(-1.0);
        let poisson = [1.0 - e, 1.0 - 2.0 * e, 1.0 - 2.5 * e];
        for (got, want) in one.iter().zip(poisson) {
            assert!((got - want).abs() < 1e-9, "{one:?}");
        }
        let two = fluid_limit(2, 1.0, 2);
        assert!((two[0] - libm::tanh(1.0)).abs() < 1e-9, "{two:?}");
        assert_eq!(fluid_limit(2, 0.0, 2), vec![0.0, 0.0]);
        assert!(fluid_limit(2, 1.0, 0).is_empty());
    }

    #[test]
    fn reports_are_deterministic_and_checked() {
        let a = balls_into_bins(1_000, 1_000, 2, 3, 5).unwrap();
        assert_eq!(a, balls_into_bins(1_000, 1_000, 2, 3, 5).unwrap());
        assert_eq!(a.max_load_histogram.values().sum::<u32>(), 3);
        assert_eq!(
            a.fraction_at_least.len(),
            *a.max_load_histogram.keys().last().unwrap() as usize
        );
        assert!(balls_into_bins(0, 10, 2, 1, 0).is_err());
        assert!(balls_into_bins(10, 10, 0, 1, 0).is_err());
        assert!(balls_into_bins(10, MAX_WORK, 1, 2, 0).is_err());
        assert!(ring_add_nodes(0, 10, 10, 1, 0).is_err());
        assert!(bounded_load(3, 10, 100, 0.5, 0).is_err());
        let ring = ring_add_nodes(4, 50, 5_000, 1, 2).unwrap();
        assert!(ring.moved > 0 && ring.moved_fraction < 0.4, "{ring:?}");
        let bounded = bounded_load(4, 50, 4_000, 1.25, 2).unwrap();
        assert_eq!(bounded.cap, 1_250);
        assert!(
            bounded.max_load <= bounded.cap && bounded.max_load_after_add <= bounded.cap_after_add
        );
    }

    #[test]
    fn zipf_workloads_split_their_hot_ranges() {
        let workload = |order| RangeWorkload {
            writes: 5_000,
            universe: 1_000,
            exponent: 1.0,
            order,
            nodes: 4,
            config: RangeConfig {
                max_keys: usize::MAX,
                max_load: 200,
                slop: 0.2,
            },
        };
        let scrambled = range_zipf(workload(KeyOrder::Scrambled), 1).unwrap();
        let sequential = range_zipf(workload(KeyOrder::Sequential), 1).unwrap();
        assert_eq!(scrambled.writes, 5_000);
        assert!(scrambled.splits > 0 && sequential.splits > 0);
        assert!(scrambled.max_range_load >= scrambled.hottest_key_load);
        let bad = RangeWorkload {
            exponent: -1.0,
            ..workload(KeyOrder::Scrambled)
        };
        assert!(matches!(
            range_zipf(bad, 0),
            Err(PartitionError::InvalidParameter {
                name: "exponent",
                ..
            })
        ));
    }
}
