//! The partitioning structures against the numbers their papers predict,
//! with fixed seeds. Sizes are chosen so that a wrong rule is many standard
//! deviations away while each test stays fast in debug builds.

use dsviz_core::partition::experiments::{balls_into_bins, bounded_load, ring_add_nodes};
use dsviz_core::partition::{HashRing, NodeId, Partitioner, Rendezvous};
use std::collections::BTreeMap;

/// Mitzenmacher 2001, §3 (the fluid limit of the supermarket model, here
/// its static balls-into-bins form): `sᵢ(t)` = fraction of bins with at
/// least `i` balls after `t·n` balls, `dsᵢ/dt = sᵢ₋₁ᵈ − sᵢᵈ`, `s₀ = 1`.
/// Integrated here with the explicit midpoint method, step 10⁻⁴ (error
/// ~10⁻⁸, far below the sampling error), independently of the crate's
/// own Runge–Kutta integrator.
fn fluid(d: i32, t: f64, levels: usize) -> Vec<f64> {
    let slope = |s: &[f64]| -> Vec<f64> {
        (0..s.len())
            .map(|i| {
                let above = if i == 0 { 1.0 } else { s[i - 1].powi(d) };
                above - s[i].powi(d)
            })
            .collect()
    };
    let steps = (t * 10_000.0).round() as usize;
    let h = t / steps as f64;
    let mut s = vec![0.0; levels];
    for _ in 0..steps {
        let k1 = slope(&s);
        let mid: Vec<f64> = s.iter().zip(&k1).map(|(x, k)| x + 0.5 * h * k).collect();
        let k2 = slope(&mid);
        for (x, k) in s.iter_mut().zip(k2) {
            *x += h * k;
        }
    }
    s
}

/// `P(Poisson(λ) ≥ i)` for `i = 1..=levels`.
fn poisson_tail(lambda: f64, levels: usize) -> Vec<f64> {
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    (1..=levels)
        .map(|i| {
            below += term;
            term *= lambda / i as f64;
            1.0 - below
        })
        .collect()
}

/// With `n = 10⁵` bins and balls and 4 trials, each fraction has a
/// standard error of at most `√(0.25 / 4·10⁵) ≈ 0.0008`, and the finite-n
/// bias is O(1/n); 0.004 is five standard errors.
const TOLERANCE: f64 = 0.004;

fn compare(measured: &[f64], predicted: &[f64], what: &str) {
    for (i, (m, p)) in measured.iter().zip(predicted).enumerate() {
        assert!(
            (m - p).abs() < TOLERANCE,
            "{what}: s_{} measured {m:.5}, predicted {p:.5}",
            i + 1
        );
    }
}

/// Azar et al. / Mitzenmacher: two choices follow the fluid limit, whose
/// first level has the closed form `s₁(1) = tanh 1`.
#[test]
fn two_choices_follow_the_fluid_limit() {
    let report = balls_into_bins(100_000, 100_000, 2, 4, 21).unwrap();
    let predicted = fluid(2, 1.0, 4);
    assert!((predicted[0] - 1f64.tanh()).abs() < 1e-7, "{predicted:?}");
    assert!(report.fraction_at_least.len() >= 3, "{report:?}");
    compare(&report.fraction_at_least, &predicted, "d = 2");
    // s₄ ≈ 6·10⁻⁶: well under one bin per trial.
    assert!(report.fraction_at_least.get(3).copied().unwrap_or(0.0) < 1e-4);
    assert!(report.mean_max_load <= 4.0 && report.mean_max_load >= 3.0);
    // The crate's integrator agrees with this one.
    for (a, b) in report.fluid_limit.iter().zip(&predicted) {
        assert!((a - b).abs() < 1e-6);
    }
}

#[test]
fn three_choices_follow_the_fluid_limit() {
    let report = balls_into_bins(100_000, 100_000, 3, 4, 22).unwrap();
    compare(&report.fraction_at_least, &fluid(3, 1.0, 3), "d = 3");
    assert_eq!(
        report
            .max_load_histogram
            .keys()
            .copied()
            .collect::<Vec<_>>(),
        vec![3]
    );
}

/// One choice: a bin's load is Binomial(m, 1/n) → Poisson(m/n).
#[test]
fn one_choice_follows_the_poisson_tail() {
    let report = balls_into_bins(100_000, 100_000, 1, 4, 23).unwrap();
    let tail = poisson_tail(1.0, 6);
    compare(&report.fraction_at_least, &tail, "d = 1");
    assert_eq!(fluid(1, 1.0, 6).len(), 6);
    for (a, b) in fluid(1, 1.0, 6).iter().zip(&tail) {
        assert!(
            (a - b).abs() < 1e-7,
            "the d = 1 fluid limit is the Poisson tail"
        );
    }
    assert!(report.mean_max_load >= 7.0, "{report:?}");
}

/// Heavily loaded: with m = 8n, two choices keep the maximum within a few
/// balls of the mean (m/n + ln ln n / ln 2 + O(1), Berenbrink et al. 2000),
/// while one choice is √(2 (m/n) ln n) above it.
#[test]
fn two_choices_stay_near_the_mean_when_heavily_loaded() {
    let two = balls_into_bins(10_000, 80_000, 2, 1, 24).unwrap();
    let one = balls_into_bins(10_000, 80_000, 1, 1, 24).unwrap();
    assert!(two.mean_max_load <= 8.0 + 5.0, "{}", two.mean_max_load);
    assert!(one.mean_max_load >= 8.0 + 8.0, "{}", one.mean_max_load);
}

fn shares_of(p: &dyn Partitioner, keys: u64) -> BTreeMap<NodeId, f64> {
    let mut counts: BTreeMap<NodeId, u64> = BTreeMap::new();
    for i in 0..keys {
        *counts
            .entry(p.owner(&i.to_le_bytes()).unwrap())
            .or_insert(0) += 1;
    }
    counts
        .into_iter()
        .map(|(n, c)| (n, c as f64 / keys as f64))
        .collect()
}

/// A ring node of weight w gets round(w·V) tokens, so its share of the
/// circle, the sum of that many random arcs, is w/Σw within about
/// 1/√tokens relative; with V = 1000 that is 3.2 % for weight 1, and the
/// tolerance is 12 % relative.
#[test]
fn weighted_ring_shares_follow_the_weights() {
    let mut ring = HashRing::new(1_000, 31).unwrap();
    for (node, weight) in [(0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0)] {
        ring.add_weighted_node(node, weight).unwrap();
    }
    let shares = shares_of(&ring, 100_000);
    let circle = ring.shares();
    for (node, weight) in [(0, 1.0), (1, 2.0), (2, 3.0), (3, 4.0)] {
        let want = weight / 10.0;
        assert!(
            (shares[&node] - want).abs() < 0.12 * want,
            "node {node}: {shares:?}"
        );
        assert!((circle[&node] - want).abs() < 0.12 * want, "{circle:?}");
    }
}

/// Schindelhauer and Schomaker's logarithmic method gives node i exactly
/// the share wᵢ/Σw; over 10⁵ keys a share has a standard error below
/// 0.0016, and the tolerance is 0.008 absolute.
#[test]
fn weighted_rendezvous_shares_follow_the_weights() {
    let mut hrw = Rendezvous::new(32);
    let weights = [0.5, 1.0, 1.5, 2.0, 5.0];
    for (node, &w) in weights.iter().enumerate() {
        hrw.add_weighted_node(node, w).unwrap();
    }
    let shares = shares_of(&hrw, 100_000);
    for (node, &w) in weights.iter().enumerate() {
        let want = w / 10.0;
        assert!(
            (shares[&node] - want).abs() < 0.008,
            "node {node}: {shares:?}"
        );
    }
}

/// Plain HRW: ten nodes get a tenth each (standard error 0.001; tolerance
/// 0.006).
#[test]
fn rendezvous_spreads_keys_evenly() {
    let mut hrw = Rendezvous::new(33);
    for node in 0..10 {
        hrw.add_node(node).unwrap();
    }
    for (node, share) in shares_of(&hrw, 100_000) {
        assert!((share - 0.1).abs() < 0.006, "node {node}: {share}");
    }
}

/// Karger et al.: a joining node takes about 1/(N+1) of the keys. With
/// N = 10 and V = 100 its share has a relative spread of about 10 %, so
/// the moved fraction is checked within 0.03 of 1/11.
#[test]
fn a_ring_join_moves_about_one_in_n_plus_one() {
    let report = ring_add_nodes(10, 100, 30_000, 1, 34).unwrap();
    assert!(
        (report.moved_fraction - 1.0 / 11.0).abs() < 0.03,
        "{report:?}"
    );
    assert!(report.max_over_mean_load < 1.4, "{report:?}");
}

/// Mirrokni–Thorup–Zadimoghaddam: with one token per node the plain ring's
/// fullest node carries about ln n / n of the keys (here 2-3 × the mean), and
/// the cap holds it to ⌈1.25 · m/n⌉ — also after a join.
#[test]
fn the_cap_binds_where_the_plain_ring_is_lopsided() {
    let report = bounded_load(10, 1, 20_000, 1.25, 35).unwrap();
    assert_eq!(report.cap, 2_500);
    assert!(report.plain_max_over_mean_load > 1.5, "{report:?}");
    assert!(report.max_load <= report.cap, "{report:?}");
    assert_eq!(report.cap_after_add, 2_273);
    assert!(
        report.max_load_after_add <= report.cap_after_add,
        "{report:?}"
    );
}
