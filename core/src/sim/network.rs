//! The network model: latency distributions, loss, duplication, reordering,
//! partitions (including one-way cuts) and per-link delay.
//!
//! Probabilities are parts per million ([`Probability`]) so that the
//! configuration hashes and compares exactly. Each link `(from, to)` is
//! directed; a symmetric partition cuts both directions.

use super::node::NodeId;
use super::rng::NodeRng;
use super::time::Time;
use alloc::collections::BTreeMap;
use rand::RngExt;

/// A probability in parts per million (`1_000_000` = certain).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Probability(pub u32);

impl Probability {
    pub const NEVER: Self = Self(0);
    pub const ALWAYS: Self = Self(1_000_000);

    /// From a fraction in `[0, 1]`; out-of-range values are clamped.
    pub fn from_fraction(p: f64) -> Self {
        let clamped = if p.is_nan() { 0.0 } else { p.clamp(0.0, 1.0) };
        Self(libm::round(clamped * 1_000_000.0) as u32)
    }

    /// As a fraction in `[0, 1]`.
    pub fn fraction(self) -> f64 {
        f64::from(self.0) / 1_000_000.0
    }

    /// Draws once: true with this probability. Draws nothing when never.
    pub fn sample(self, rng: &mut NodeRng) -> bool {
        self.0 > 0 && (self.0 >= 1_000_000 || rng.random_range(0..1_000_000u32) < self.0)
    }
}

/// One-way message latency.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Latency {
    /// Always the same.
    Fixed(Time),
    /// Uniform in `[min, max]`.
    Uniform { min: Time, max: Time },
    /// Pareto-distributed with scale `min` and shape `alpha_milli / 1000`,
    /// capped at `max`: most messages are fast, a few very slow.
    HeavyTailed {
        min: Time,
        alpha_milli: u32,
        max: Time,
    },
}

impl Latency {
    /// Draws one latency.
    pub fn sample(self, rng: &mut NodeRng) -> Time {
        match self {
            Latency::Fixed(t) => t,
            Latency::Uniform { min, max } if max > min => rng.random_range(min..=max),
            Latency::Uniform { min, .. } => min,
            Latency::HeavyTailed {
                min,
                alpha_milli,
                max,
            } => {
                let alpha = f64::from(alpha_milli.max(1)) / 1000.0;
                // 1 - u lies in (0, 1], so the power is finite.
                let u: f64 = 1.0 - rng.random::<f64>();
                let draw = min as f64 / libm::pow(u, 1.0 / alpha);
                if draw >= max as f64 {
                    max
                } else {
                    (draw as Time).max(min)
                }
            }
        }
    }

    /// The smallest latency this distribution can produce.
    pub fn min(self) -> Time {
        match self {
            Latency::Fixed(t) => t,
            Latency::Uniform { min, .. } | Latency::HeavyTailed { min, .. } => min,
        }
    }

    /// The largest latency this distribution can produce: the bound a
    /// protocol that relies on timeouts (three-phase commit) must exceed.
    pub fn max(self) -> Time {
        match self {
            Latency::Fixed(t) => t,
            Latency::Uniform { min, max } => max.max(min),
            Latency::HeavyTailed { min, max, .. } => max.max(min),
        }
    }
}

/// Per-link overrides.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LinkConfig {
    /// Messages on this link are blocked.
    pub cut: bool,
    /// Replaces the global loss probability when set.
    pub loss: Option<Probability>,
    /// Added to every latency draw on this link.
    pub extra_delay: Time,
}

/// The whole network's configuration and link state.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct NetworkConfig {
    pub latency: Latency,
    pub loss: Probability,
    pub duplication: Probability,
    /// When false, each link delivers in the order it was sent (FIFO).
    pub reordering: bool,
    /// Overrides for directed links `(from, to)`.
    pub links: BTreeMap<(NodeId, NodeId), LinkConfig>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        Self {
            latency: Latency::Uniform {
                min: 5_000,
                max: 15_000,
            },
            loss: Probability::NEVER,
            duplication: Probability::NEVER,
            reordering: true,
            links: BTreeMap::new(),
        }
    }
}

impl NetworkConfig {
    /// The directed link's overrides (defaults when none).
    pub fn link(&self, from: NodeId, to: NodeId) -> LinkConfig {
        self.links.get(&(from, to)).copied().unwrap_or_default()
    }

    /// Whether messages from `from` to `to` are blocked.
    pub fn is_cut(&self, from: NodeId, to: NodeId) -> bool {
        self.links.get(&(from, to)).is_some_and(|l| l.cut)
    }

    /// The loss probability on a directed link.
    pub fn loss_on(&self, from: NodeId, to: NodeId) -> Probability {
        self.link(from, to).loss.unwrap_or(self.loss)
    }

    pub(crate) fn link_mut(&mut self, from: NodeId, to: NodeId) -> &mut LinkConfig {
        self.links.entry((from, to)).or_default()
    }

    /// Cuts every link between nodes of different groups, both ways. Nodes
    /// in no group form one more group together.
    pub(crate) fn partition(&mut self, node_count: usize, groups: &[alloc::vec::Vec<NodeId>]) {
        // Each node's group, found once (the first group naming it), so the
        // cost is one pass over the groups plus one per link cut.
        let mut group_of = alloc::vec![groups.len(); node_count];
        for (index, group) in groups.iter().enumerate().rev() {
            for &n in group {
                if let Some(slot) = group_of.get_mut(n) {
                    *slot = index;
                }
            }
        }
        for from in 0..node_count {
            for to in 0..node_count {
                if from != to && group_of[from] != group_of[to] {
                    self.link_mut(from, to).cut = true;
                }
            }
        }
    }

    /// Removes every cut, keeping loss and delay overrides.
    pub(crate) fn heal(&mut self) {
        for link in self.links.values_mut() {
            link.cut = false;
        }
        self.links.retain(|_, l| *l != LinkConfig::default());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::rng::network_stream;

    #[test]
    fn latency_draws_stay_in_range() {
        let mut rng = network_stream(1);
        for _ in 0..1000 {
            let t = Latency::Uniform { min: 10, max: 20 }.sample(&mut rng);
            assert!((10..=20).contains(&t));
            let h = Latency::HeavyTailed {
                min: 100,
                alpha_milli: 1500,
                max: 10_000,
            }
            .sample(&mut rng);
            assert!((100..=10_000).contains(&h));
        }
    }

    #[test]
    fn heavy_tail_has_a_tail() {
        let mut rng = network_stream(2);
        let lat = Latency::HeavyTailed {
            min: 1000,
            alpha_milli: 1500,
            max: 1_000_000,
        };
        let draws: alloc::vec::Vec<Time> = (0..10_000).map(|_| lat.sample(&mut rng)).collect();
        let slow = draws.iter().filter(|&&t| t > 4000).count();
        // P(X > 4 min) = 4^-1.5 = 1/8 for a Pareto with alpha 1.5.
        assert!((1000..1500).contains(&slow), "{slow}");
    }

    #[test]
    fn partition_cuts_between_groups_only() {
        let mut net = NetworkConfig::default();
        net.partition(4, &[alloc::vec![0, 1]]);
        assert!(!net.is_cut(0, 1));
        assert!(!net.is_cut(2, 3));
        assert!(net.is_cut(0, 2) && net.is_cut(3, 1));
        net.heal();
        assert!(net.links.is_empty());
    }

    #[test]
    fn probability_round_trips() {
        assert_eq!(Probability::from_fraction(0.25).0, 250_000);
        assert_eq!(Probability::from_fraction(2.0), Probability::ALWAYS);
        assert_eq!(Probability::from_fraction(f64::NAN), Probability::NEVER);
    }
}
