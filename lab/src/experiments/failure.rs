//! Failure-detector experiments: φ of a given window, one detector run on
//! the simulated network, and the detection-time / mistake trade-off.

use super::Experiment;
use crate::args::{ArgError, Args, ensure, ms_to_time};
use dsviz_core::failure::experiments::{DetectorSetup, run_detector, tradeoff};
use dsviz_core::failure::{DetectorKind, PhiAccrual, PhiConfig};
use dsviz_core::sim::{Latency, Probability, Time};
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            name: "phi",
            usage: "--intervals-ms A,B,C,... --elapsed-ms T [--min-std-ms 10] [--pause-ms 0] [--threshold 8]   φ = -log10(1 - F(T)) of that window",
            run: phi,
        },
        Experiment {
            name: "detector",
            usage: "--detector phi|fixed --interval-ms I --jitter-ms J --loss P --duration-ms D [--crash-at-ms C] [--threshold 8 | --timeout-ms T] [--pause-at-ms A --pause-ms L] [--latency-ms 1-5] [--min-std-ms 10] [--acceptable-pause-ms 0] --seed S",
            run: detector,
        },
        Experiment {
            name: "detector-tradeoff",
            usage: "--detector phi|fixed --values X,Y,... (thresholds or timeouts in ms) --seeds N [the network options of 'detector']   one line per value",
            run: detector_tradeoff,
        },
    ]
}

/// The longest simulated run accepted (one hour).
const MAX_DURATION_MS: f64 = 3_600_000.0;

fn time_to_ms(t: Time) -> f64 {
    t as f64 / 1000.0
}

/// A non-negative, finite number of milliseconds at most `max`.
fn ms(args: &mut Args, key: &str, default: Option<f64>, max: f64) -> Result<f64, ArgError> {
    let value = match default {
        Some(d) => args.get_or(key, d)?,
        None => args.required(key)?,
    };
    ensure(
        value.is_finite() && (0.0..=max).contains(&value),
        key,
        &format!("must be between 0 and {max} ms"),
    )?;
    Ok(value)
}

fn list(key: &str, text: &str) -> Result<Vec<f64>, ArgError> {
    let values: Result<Vec<f64>, _> = text.split(',').map(|v| v.trim().parse::<f64>()).collect();
    let values =
        values.map_err(|_| ArgError(format!("--{key}: expected numbers separated by commas")))?;
    ensure(!values.is_empty(), key, "needs at least one value")?;
    ensure(values.len() <= 100_000, key, "at most 100000 values")?;
    ensure(
        values.iter().all(|v| v.is_finite() && *v >= 0.0),
        key,
        "every value must be a non-negative number",
    )?;
    Ok(values)
}

fn threshold(args: &mut Args) -> Result<f64, ArgError> {
    let threshold: f64 = args.get_or("threshold", PhiConfig::default().threshold)?;
    ensure(
        threshold.is_finite() && threshold > 0.0 && threshold <= 1000.0,
        "threshold",
        "must be above 0 and at most 1000",
    )?;
    Ok(threshold)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn phi(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let text = args
        .text("intervals-ms")
        .ok_or_else(|| ArgError("--intervals-ms is required".into()))?;
    let intervals = list("intervals-ms", &text)?;
    let elapsed = ms(args, "elapsed-ms", None, MAX_DURATION_MS)?;
    let default = PhiConfig::default();
    let min_std = ms(
        args,
        "min-std-ms",
        Some(time_to_ms(default.min_std_dev)),
        MAX_DURATION_MS,
    )?;
    let pause = ms(args, "pause-ms", Some(0.0), MAX_DURATION_MS)?;
    let threshold = threshold(args)?;
    let config = PhiConfig {
        threshold,
        window: intervals.len(),
        min_std_dev: ms_to_time(min_std),
        acceptable_pause: ms_to_time(pause),
        ..default
    };
    let mut detector = PhiAccrual::new(config);
    let mut at: Time = 0;
    detector.heartbeat(at);
    for interval in &intervals {
        at = at.saturating_add(ms_to_time(*interval));
        detector.heartbeat(at);
    }
    let now = at.saturating_add(ms_to_time(elapsed));
    let phi = detector.phi(now);
    let (mean, std) = detector.effective_mean_and_std_dev();
    Ok(vec![json!({
        "phi": phi,
        "mean_ms": detector.mean() / 1000.0,
        "std_ms": detector.std_dev() / 1000.0,
        "effective_mean_ms": mean / 1000.0,
        "effective_std_ms": std / 1000.0,
        "threshold": threshold,
        "suspected": phi >= threshold,
    })])
}

/// `--detector` with its own options; `values` replaces the threshold or
/// timeout when sweeping.
fn detector_kind(args: &mut Args, sweeping: bool) -> Result<(String, DetectorKind), ArgError> {
    let name: String = args.required("detector")?;
    let default = PhiConfig::default();
    let kind = match name.as_str() {
        "phi" => {
            ensure(
                args.text("timeout-ms").is_none(),
                "timeout-ms",
                "applies to --detector fixed only",
            )?;
            let threshold = if sweeping {
                default.threshold
            } else {
                threshold(args)?
            };
            let min_std = ms(
                args,
                "min-std-ms",
                Some(time_to_ms(default.min_std_dev)),
                MAX_DURATION_MS,
            )?;
            let pause = ms(args, "acceptable-pause-ms", Some(0.0), MAX_DURATION_MS)?;
            DetectorKind::Phi(PhiConfig {
                threshold,
                min_std_dev: ms_to_time(min_std),
                acceptable_pause: ms_to_time(pause),
                ..default
            })
        }
        "fixed" => {
            for key in ["threshold", "min-std-ms", "acceptable-pause-ms"] {
                ensure(
                    args.text(key).is_none(),
                    key,
                    "applies to --detector phi only",
                )?;
            }
            let timeout = if sweeping {
                1.0
            } else {
                ms(args, "timeout-ms", None, MAX_DURATION_MS)?
            };
            ensure(timeout > 0.0, "timeout-ms", "must be positive")?;
            DetectorKind::Fixed {
                timeout: ms_to_time(timeout),
            }
        }
        other => {
            return Err(ArgError(format!(
                "--detector: expected phi or fixed, got '{other}'"
            )));
        }
    };
    Ok((name, kind))
}

/// The network, heartbeat and fault options shared by both commands.
fn setup(args: &mut Args, kind: DetectorKind) -> Result<DetectorSetup, ArgError> {
    let interval = ms(args, "interval-ms", None, 60_000.0)?;
    ensure(interval >= 0.01, "interval-ms", "must be at least 0.01 ms")?;
    let jitter = ms(args, "jitter-ms", None, 60_000.0)?;
    ensure(
        jitter < interval,
        "jitter-ms",
        "must be less than --interval-ms",
    )?;
    let loss: f64 = args.required("loss")?;
    ensure(
        (0.0..1.0).contains(&loss),
        "loss",
        "must be at least 0 and below 1",
    )?;
    let duration = ms(args, "duration-ms", None, MAX_DURATION_MS)?;
    ensure(duration > 0.0, "duration-ms", "must be positive")?;
    let crash = args.optional::<f64>("crash-at-ms")?;
    if let Some(c) = crash {
        ensure(
            c.is_finite() && c >= 0.0 && c < duration,
            "crash-at-ms",
            "must be within the run",
        )?;
    }
    let pause_at = args.optional::<f64>("pause-at-ms")?;
    let pause_len = args.optional::<f64>("pause-ms")?;
    let pauses = match (pause_at, pause_len) {
        (None, None) => Vec::new(),
        (Some(at), Some(len)) => {
            ensure(
                at.is_finite() && (0.0..duration).contains(&at),
                "pause-at-ms",
                "must be within the run",
            )?;
            ensure(
                len.is_finite() && len > 0.0 && len <= MAX_DURATION_MS,
                "pause-ms",
                "must be positive",
            )?;
            vec![(ms_to_time(at), ms_to_time(len))]
        }
        (Some(_), None) => {
            return Err(ArgError("--pause-ms is required with --pause-at-ms".into()));
        }
        (None, Some(_)) => {
            return Err(ArgError("--pause-at-ms is required with --pause-ms".into()));
        }
    };
    let latency = match args.text("latency-ms") {
        None => Latency::Uniform {
            min: ms_to_time(1.0),
            max: ms_to_time(5.0),
        },
        Some(text) => {
            let bad = || {
                ArgError(format!(
                    "--latency-ms: expected MS or MIN-MAX, got '{text}'"
                ))
            };
            let (low, high) = text.split_once('-').unwrap_or((&text, &text));
            let low: f64 = low.trim().parse().map_err(|_| bad())?;
            let high: f64 = high.trim().parse().map_err(|_| bad())?;
            ensure(
                low.is_finite()
                    && high.is_finite()
                    && 0.0 <= low
                    && low <= high
                    && high <= 60_000.0,
                "latency-ms",
                "needs 0 <= MIN <= MAX <= 60000",
            )?;
            Latency::Uniform {
                min: ms_to_time(low),
                max: ms_to_time(high),
            }
        }
    };
    let seed: u64 = args.required("seed")?;
    let mut setup = DetectorSetup::new(kind, seed);
    setup.heartbeat.interval = ms_to_time(interval);
    setup.heartbeat.jitter = ms_to_time(jitter);
    setup.loss = Probability::from_fraction(loss);
    setup.latency = latency;
    setup.duration = ms_to_time(duration);
    setup.crash_at = crash.map(ms_to_time);
    setup.pauses = pauses;
    setup.check_every = (setup.heartbeat.interval / 20).clamp(1, ms_to_time(5.0));
    Ok(setup)
}

fn detector(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let (name, kind) = detector_kind(args, false)?;
    let setup = setup(args, kind)?;
    let outcome = run_detector(&setup);
    Ok(vec![json!({
        "detector": name,
        "false_positives": outcome.false_positives,
        "detection_ms": outcome.detection.map(time_to_ms),
        "mistakes_per_s": round3(outcome.mistake_rate_per_s()),
        "wrong_fraction": outcome.wrong_fraction(),
        "heartbeats_sent": outcome.heartbeats_sent,
        "heartbeats_received": outcome.heartbeats_received,
    })])
}

fn detector_tradeoff(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let (name, base_kind) = detector_kind(args, true)?;
    let text = args
        .text("values")
        .ok_or_else(|| ArgError("--values is required".into()))?;
    let values = list("values", &text)?;
    ensure(values.len() <= 100, "values", "at most 100 values")?;
    ensure(
        values.iter().all(|&v| v > 0.0),
        "values",
        "must be positive",
    )?;
    let seeds: u64 = args.required("seeds")?;
    ensure(
        (1..=10_000).contains(&seeds),
        "seeds",
        "must be between 1 and 10000",
    )?;
    let setup = setup(args, base_kind)?;
    let kinds: Vec<DetectorKind> = values
        .iter()
        .map(|&v| match base_kind {
            DetectorKind::Phi(config) => DetectorKind::Phi(PhiConfig {
                threshold: v,
                ..config
            }),
            DetectorKind::Fixed { .. } => DetectorKind::Fixed {
                timeout: ms_to_time(v),
            },
        })
        .collect();
    let points = tradeoff(&setup, &kinds, seeds);
    Ok(values
        .iter()
        .zip(points)
        .map(|(&value, p)| {
            json!({
                "detector": name,
                "value": value,
                "runs": p.runs,
                "mean_detection_ms": round3(p.mean_detection_ms),
                "max_detection_ms": round3(p.max_detection_ms),
                "undetected": p.undetected,
                "false_positives": p.false_positives,
                "mistakes_per_minute": round3(p.mistakes_per_minute),
                "wrong_fraction": p.wrong_fraction,
            })
        })
        .collect())
}
