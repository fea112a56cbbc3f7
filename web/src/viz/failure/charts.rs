//! The two live plots: φ against its threshold, and the time since the
//! last heartbeat against the fixed timeout, over the last few seconds
//! before the cursor, with the crash marked.

use super::verdicts::{FIXED, PHI};
use crate::widgets::view::{Chart, ChartMark, ChartRule, ChartSeries};
use dsviz_core::failure::{Detector, DetectorNode};
use dsviz_core::sim::{NodeId, Time, World};

fn seconds(t: Time) -> f64 {
    t as f64 / 1e6
}

/// Monitor `id`'s levels within `window` before `cursor`, ending at the
/// cursor, each mapped by `value`.
fn trace(
    world: &World<DetectorNode>,
    id: NodeId,
    cursor: Time,
    window: Time,
    value: impl Fn(f64) -> f64,
) -> Vec<(f64, f64)> {
    let node = world.node(id);
    let from = cursor.saturating_sub(window);
    let mut points: Vec<(f64, f64)> = node
        .levels()
        .filter(|&(t, _)| t >= from && t <= cursor)
        .map(|(t, level)| (seconds(t), value(level)))
        .collect();
    if world.is_up(id)
        && let Some(level) = node.level_at(cursor)
    {
        points.push((seconds(cursor), value(level)));
    }
    points
}

fn crash_mark(crashed_at: Option<Time>, from: Time) -> Vec<ChartMark> {
    crashed_at
        .filter(|&t| t >= from)
        .map(|t| ChartMark {
            x: seconds(t),
            label: "crash".into(),
            tone: "crash".into(),
        })
        .into_iter()
        .collect()
}

fn x_range(cursor: Time, window: Time) -> (f64, f64) {
    let end = seconds(cursor.max(window));
    (end - seconds(window), end)
}

/// φ over time with the threshold line.
pub fn phi_chart(
    world: &World<DetectorNode>,
    cursor: Time,
    window: Time,
    crashed_at: Option<Time>,
) -> Option<Chart> {
    let node = world.nodes().get(PHI)?;
    let Some(Detector::Phi(phi)) = node.detector() else {
        return None;
    };
    let threshold = phi.config().threshold;
    let top = (threshold * 1.5).max(1.0);
    let points = trace(world, PHI, cursor, window, |level| level.min(top));
    let now = node.level_at(cursor).unwrap_or(0.0);
    Some(Chart {
        testid: "phi-chart".into(),
        title: "φ at the φ monitor".into(),
        x_label: "time (s)".into(),
        y_label: "φ".into(),
        x_range: x_range(cursor, window),
        y_range: (0.0, top),
        series: vec![ChartSeries {
            label: "φ = −log₁₀ P(a gap this long)".into(),
            tone: "phi".into(),
            points,
        }],
        rules: vec![ChartRule {
            y: threshold,
            label: format!("threshold {threshold}"),
            tone: "threshold".into(),
        }],
        marks: crash_mark(crashed_at, cursor.saturating_sub(window)),
        caption: if now.is_infinite() {
            "φ is beyond any threshold".into()
        } else {
            format!("φ is {now:.2} now (threshold {threshold})")
        },
    })
}

/// The silence since the last heartbeat with the timeout line.
pub fn fixed_chart(
    world: &World<DetectorNode>,
    cursor: Time,
    window: Time,
    crashed_at: Option<Time>,
) -> Option<Chart> {
    let node = world.nodes().get(FIXED)?;
    let Some(Detector::Fixed(fixed)) = node.detector() else {
        return None;
    };
    let timeout_ms = fixed.timeout() as f64 / 1000.0;
    let top = timeout_ms * 1.5;
    let points = trace(world, FIXED, cursor, window, |level| {
        (level * timeout_ms).min(top)
    });
    let silence = node.level_at(cursor).unwrap_or(0.0) * timeout_ms;
    Some(Chart {
        testid: "timeout-chart".into(),
        title: "Silence at the timeout monitor".into(),
        x_label: "time (s)".into(),
        y_label: "ms since a heartbeat".into(),
        x_range: x_range(cursor, window),
        y_range: (0.0, top),
        series: vec![ChartSeries {
            label: "time since the last heartbeat".into(),
            tone: "silence".into(),
            points,
        }],
        rules: vec![ChartRule {
            y: timeout_ms,
            label: format!("timeout {timeout_ms:.0} ms"),
            tone: "threshold".into(),
        }],
        marks: crash_mark(crashed_at, cursor.saturating_sub(window)),
        caption: format!("{silence:.0} ms since the last heartbeat (timeout {timeout_ms:.0} ms)"),
    })
}
