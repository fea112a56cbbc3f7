//! The φ accrual detector against independently computed normal tails, and
//! both detectors on the simulated network: a pause crosses the threshold,
//! an acceptable pause does not, a crash is detected, and a fixed timeout
//! tuned for a quiet network makes mistakes under jitter where φ adapts.

use dsviz_core::failure::experiments::{DetectorSetup, run_detector, tradeoff};
use dsviz_core::failure::{
    DetectorKind, FixedTimeout, PhiAccrual, PhiConfig, log10_normal_tail, normal_cdf, phi_of,
};
use dsviz_core::sim::{Probability, millis};

/// `log10 Q(y)` computed without `erfc`: the Maclaurin series of `erf` for
/// small `y`, and Laplace's continued fraction
/// `Q(y) = φ(y) / (y + 1/(y + 2/(y + 3/(y + …))))` for the tail, in logs
/// so that it does not underflow.
fn reference_log10_tail(y: f64) -> f64 {
    if y < 2.5 {
        let x = y / std::f64::consts::SQRT_2;
        // erf(x) = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1))
        let (mut term, mut sum) = (x, 0.0);
        for n in 0..200 {
            sum += term / (2 * n + 1) as f64;
            term *= -x * x / (n + 1) as f64;
        }
        let erf = 2.0 / std::f64::consts::PI.sqrt() * sum;
        (0.5 * (1.0 - erf)).log10()
    } else {
        let mut fraction = y;
        for k in (1..=2_000).rev() {
            fraction = y + k as f64 / fraction;
        }
        let log10_density =
            -0.5 * y * y / std::f64::consts::LN_10 - (2.0 * std::f64::consts::PI).sqrt().log10();
        log10_density - fraction.log10()
    }
}

#[test]
fn normal_tail_matches_table_values() {
    // Q(1), Q(2), Q(3): the one-, two- and three-sigma tails.
    for (y, q) in [
        (1.0, 0.158_655_253_931_457_05),
        (2.0, 0.022_750_131_948_179_21),
        (3.0, 0.001_349_898_031_630_095),
    ] {
        let ours = 10f64.powf(log10_normal_tail(y));
        assert!(
            (ours - q).abs() < 1e-12 * q.max(1e-300) + 1e-16,
            "Q({y}) = {ours}, table {q}"
        );
        assert!((normal_cdf(y) - (1.0 - q)).abs() < 1e-15);
    }
}

#[test]
fn normal_tail_matches_an_independent_computation_far_into_the_tail() {
    let mut y = -4.0;
    while y <= 60.0 {
        let ours = log10_normal_tail(y);
        let reference = reference_log10_tail(y);
        let tolerance = 1e-9 * reference.abs().max(1.0);
        assert!(
            (ours - reference).abs() < tolerance,
            "y = {y}: log10 Q = {ours}, reference {reference}"
        );
        y += 0.25;
    }
}

#[test]
fn phi_is_minus_log10_of_the_tail_of_the_window() {
    // Intervals 90, 100, 110 ms: mean 100 ms, population σ = √(200/3) ms.
    let mut d = PhiAccrual::new(PhiConfig {
        min_std_dev: millis(1),
        ..PhiConfig::default()
    });
    for t in [0, 90, 190, 300] {
        d.heartbeat(millis(t));
    }
    let sigma = (200.0f64 / 3.0).sqrt();
    assert!((d.mean() - 100_000.0).abs() < 1e-9);
    assert!((d.std_dev() / 1000.0 - sigma).abs() < 1e-9);
    for elapsed_ms in [50.0, 100.0, 110.0, 130.0, 150.0, 250.0] {
        let y = (elapsed_ms - 100.0) / sigma;
        let expected = -reference_log10_tail(y);
        let phi = d.phi(millis(300) + (elapsed_ms * 1000.0) as u64);
        assert!(
            (phi - expected).abs() < 1e-9 * expected.max(1.0),
            "{elapsed_ms}: {phi} vs {expected}"
        );
    }
    // φ = 1, 2, 3 at the tails of 10 %, 1 %, 0.1 %.
    for (phi, y) in [
        (1.0, 1.281_551_565_544_6),
        (2.0, 2.326_347_874_040_8),
        (3.0, 3.090_232_306_167_8),
    ] {
        assert!((phi_of(y, 0.0, 1.0) - phi).abs() < 1e-9);
    }
}

#[test]
fn the_floor_and_the_pause_change_phi_as_documented() {
    let regular = |config: PhiConfig| {
        let mut d = PhiAccrual::new(config);
        for beat in 0..50 {
            d.heartbeat(millis(100) * beat);
        }
        d
    };
    let tight = regular(PhiConfig {
        min_std_dev: millis(1),
        ..PhiConfig::default()
    });
    let floored = regular(PhiConfig::default());
    let paused = regular(PhiConfig {
        acceptable_pause: millis(300),
        ..PhiConfig::default()
    });
    let at = millis(4_900) + millis(130);
    assert!(
        tight.phi(at) > 100.0,
        "perfectly regular beats: 30 ms late is hopeless"
    );
    assert!(
        (floored.phi(at) - -reference_log10_tail(3.0)).abs() < 1e-9,
        "σ = 10 ms"
    );
    assert!(paused.phi(at) < 1e-6, "a pause of 300 ms is expected");
}

#[test]
fn fixed_timeout_is_a_threshold_on_silence() {
    let mut d = FixedTimeout::new(millis(200));
    d.heartbeat(millis(1_000));
    assert!(!d.suspects(millis(1_200)));
    assert!(d.suspects(millis(1_201)));
}

fn setup(kind: DetectorKind, jitter_ms: u64) -> DetectorSetup {
    let mut setup = DetectorSetup::new(kind, 7);
    setup.heartbeat.jitter = millis(jitter_ms);
    setup.duration = millis(30_000);
    setup.crash_at = Some(millis(25_000));
    setup
}

/// A 600 ms pause of a node sending every 100 ms: φ crosses 8 during the
/// pause (a false positive: the node never crashed) and falls back when
/// the heartbeats resume; with a 700 ms acceptable pause it never does.
#[test]
fn phi_crosses_the_threshold_during_a_pause() {
    let mut s = setup(DetectorKind::Phi(PhiConfig::default()), 5);
    s.crash_at = None;
    s.pauses = vec![(millis(10_000), millis(600))];
    let outcome = run_detector(&s);
    assert_eq!(outcome.false_positives, 1, "{outcome:?}");
    assert!(outcome.wrongly_suspected > millis(300) && outcome.wrongly_suspected < millis(600));
    let tolerant = DetectorSetup {
        detector: DetectorKind::Phi(PhiConfig {
            acceptable_pause: millis(700),
            ..PhiConfig::default()
        }),
        ..s
    };
    assert_eq!(run_detector(&tolerant).false_positives, 0);
}

#[test]
fn both_detect_a_crash_in_about_their_timeout() {
    for kind in [
        DetectorKind::Fixed {
            timeout: millis(200),
        },
        DetectorKind::Phi(PhiConfig::default()),
    ] {
        let outcome = run_detector(&setup(kind, 5));
        assert_eq!(outcome.false_positives, 0, "{kind:?}");
        let detection = outcome.detection.expect("detected");
        assert!(detection <= millis(250), "{kind:?}: {detection}");
        assert!(outcome.heartbeats_received >= 240, "{outcome:?}");
    }
    let mut never = setup(DetectorKind::Phi(PhiConfig::default()), 5);
    never.crash_at = None;
    assert_eq!(run_detector(&never).detection, None);
}

/// The adaptivity of §1 of the paper: a timeout of 120 ms suits heartbeats
/// every 100 ± 5 ms, but when the jitter grows to ± 40 ms it suspects the
/// live node again and again; φ learns the wider spread and does not, at
/// the price of a slower detection.
#[test]
fn fixed_timeout_errs_under_jitter_where_phi_adapts() {
    let fixed = DetectorKind::Fixed {
        timeout: millis(120),
    };
    let phi = DetectorKind::Phi(PhiConfig::default());
    for kind in [fixed, phi] {
        assert_eq!(
            run_detector(&setup(kind, 5)).false_positives,
            0,
            "quiet: {kind:?}"
        );
    }
    let fixed_jittery = run_detector(&setup(fixed, 40));
    let phi_jittery = run_detector(&setup(phi, 40));
    assert!(fixed_jittery.false_positives >= 10, "{fixed_jittery:?}");
    assert_eq!(phi_jittery.false_positives, 0, "{phi_jittery:?}");
    assert!(phi_jittery.detection > fixed_jittery.detection);
}

/// With loss, raising the threshold trades detection time for mistakes.
#[test]
fn the_threshold_trades_detection_time_for_mistakes() {
    let mut base = setup(DetectorKind::Phi(PhiConfig::default()), 10);
    base.loss = Probability::from_fraction(0.05);
    base.duration = millis(20_000);
    base.crash_at = Some(millis(15_000));
    let kinds: Vec<DetectorKind> = [1.0, 3.0, 8.0, 16.0]
        .iter()
        .map(|&threshold| {
            DetectorKind::Phi(PhiConfig {
                threshold,
                ..PhiConfig::default()
            })
        })
        .collect();
    let points = tradeoff(&base, &kinds, 8);
    for pair in points.windows(2) {
        assert!(
            pair[0].mean_detection_ms < pair[1].mean_detection_ms,
            "{pair:?}"
        );
        assert!(
            pair[0].false_positives >= pair[1].false_positives,
            "{pair:?}"
        );
    }
    assert!(points[0].false_positives > points[3].false_positives);
    assert!(points.iter().all(|p| p.undetected == 0));
}
