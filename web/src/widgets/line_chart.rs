//! [`LineChart`]: a few series as SVG polylines over labelled axes, with
//! horizontal reference lines (thresholds) and vertical markers (events).
//!
//! It only draws [`Chart`] view data; a page computes the points (a
//! detector's level over time, a curve against its theory) and the widget
//! maps data units onto a fixed view box that scales with its container.
//! The plot is written as SVG markup in one pass ([`svg_markup`]) rather
//! than as a tree of reactive nodes: it is redrawn whole on every change
//! anyway, and the markup costs the WebAssembly binary a fraction of the
//! code.

use super::markup::escape;
use super::view::Chart;
use leptos::prelude::*;

const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
/// Room for the axis numbers (left, bottom); rules are labelled inside.
const LEFT: f64 = 44.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 28.0;

/// Series with at most this many points get a dot at each.
const MAX_DOTS: usize = 32;

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

/// A short axis number: `0`, `2.5`, `1200`.
fn tick(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

/// Maps data units onto the plot area.
#[derive(Clone, Copy)]
struct Scale {
    x: (f64, f64),
    y: (f64, f64),
}

impl Scale {
    fn of(chart: &Chart) -> Self {
        let widen = |(lo, hi): (f64, f64)| {
            if hi > lo && lo.is_finite() && hi.is_finite() {
                (lo, hi)
            } else {
                (lo.min(0.0), lo.max(0.0) + 1.0)
            }
        };
        Self {
            x: widen(chart.x_range),
            y: widen(chart.y_range),
        }
    }

    fn px(&self, x: f64) -> f64 {
        let t = ((x - self.x.0) / (self.x.1 - self.x.0)).clamp(0.0, 1.0);
        LEFT + t * (WIDTH - LEFT - RIGHT)
    }

    fn py(&self, y: f64) -> f64 {
        let t = ((y - self.y.0) / (self.y.1 - self.y.0)).clamp(0.0, 1.0);
        HEIGHT - BOTTOM - t * (HEIGHT - TOP - BOTTOM)
    }
}

/// The inside of the chart's `<svg>`: axes, rules, marks, dots and lines.
pub fn svg_markup(c: &Chart) -> String {
    use std::fmt::Write;
    let s = Scale::of(c);
    let (x0, x1, y0, y1) = (s.px(s.x.0), s.px(s.x.1), s.py(s.y.0), s.py(s.y.1));
    let mut out = String::new();
    let mid = (y0 + y1) / 2.0;
    let _ = write!(
        out,
        r#"<g class="chart-axes"><line x1="{a}" x2="{b}" y1="{c}" y2="{c}"/><line x1="{a}" x2="{a}" y1="{c}" y2="{d}"/><text x="{l}" y="{c}" text-anchor="end" dominant-baseline="middle">{ylo}</text><text x="{l}" y="{d}" text-anchor="end" dominant-baseline="middle">{yhi}</text><text x="{a}" y="{xt}" text-anchor="start">{xlo}</text><text x="{b}" y="{xt}" text-anchor="end">{xhi}</text><text class="chart-axis-label" x="{xm}" y="{xl}" text-anchor="middle">{xlabel}</text><text class="chart-axis-label" x="{yl}" y="{ym}" text-anchor="middle" transform="rotate(-90 {yl} {ym})">{ylabel}</text></g>"#,
        a = fmt(x0),
        b = fmt(x1),
        c = fmt(y0),
        d = fmt(y1),
        l = fmt(x0 - 4.0),
        ylo = tick(s.y.0),
        yhi = tick(s.y.1),
        xt = fmt(y0 + 14.0),
        xlo = tick(s.x.0),
        xhi = tick(s.x.1),
        xm = fmt((x0 + x1) / 2.0),
        xl = fmt(y0 + 24.0),
        xlabel = escape(&c.x_label),
        yl = fmt(x0 - 30.0),
        ym = fmt(mid),
        ylabel = escape(&c.y_label),
    );
    for rule in &c.rules {
        let y = s.py(rule.y);
        let _ = write!(
            out,
            r#"<g class="chart-rule chart-{tone}"><line x1="{a}" x2="{b}" y1="{y}" y2="{y}"/><text x="{t}" y="{ty}" text-anchor="end">{label}</text></g>"#,
            tone = escape(&rule.tone),
            a = fmt(x0),
            b = fmt(x1),
            y = fmt(y),
            t = fmt(x1 - 2.0),
            ty = fmt(y - 4.0),
            label = escape(&rule.label),
        );
    }
    for mark in &c.marks {
        let x = fmt(s.px(mark.x));
        let _ = write!(
            out,
            r#"<g class="chart-mark chart-{tone}"><line x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/><text x="{x}" y="{ty}" text-anchor="middle">{label}</text></g>"#,
            tone = escape(&mark.tone),
            top = fmt(y1),
            bottom = fmt(y0),
            ty = fmt(y1 + 10.0),
            label = escape(&mark.label),
        );
    }
    for series in &c.series {
        let finite: Vec<(f64, f64)> = series
            .points
            .iter()
            .copied()
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .collect();
        let tone = escape(&series.tone);
        // Few points are also drawn as dots, so each measurement shows.
        if series.points.len() <= MAX_DOTS {
            for &(x, y) in &finite {
                let _ = write!(
                    out,
                    r#"<circle class="chart-dot chart-{tone}" cx="{}" cy="{}" r="3"/>"#,
                    fmt(s.px(x)),
                    fmt(s.py(y))
                );
            }
        }
        let points: Vec<String> = finite
            .iter()
            .map(|&(x, y)| format!("{},{}", fmt(s.px(x)), fmt(s.py(y))))
            .collect();
        let _ = write!(
            out,
            r#"<polyline class="chart-line chart-{tone}" data-testid="{id}-{tone}" data-points="{n}" points="{p}"/>"#,
            id = escape(&c.testid),
            n = series.points.len(),
            p = points.join(" "),
        );
    }
    out
}

/// The chart in `chart`, redrawn when it changes.
#[component]
pub fn LineChart(#[prop(into)] chart: Signal<Chart>) -> impl IntoView {
    let testid = chart.with_untracked(|c| c.testid.clone());
    let keys = move || {
        chart.with(|c| {
            c.series
                .iter()
                .map(|s| {
                    format!(
                        r#"<span class="chart-key chart-{}">{}</span>"#,
                        escape(&s.tone),
                        escape(&s.label)
                    )
                })
                .collect::<String>()
        })
    };
    view! {
        <figure class="line-chart" data-testid=testid.clone()>
            <figcaption class="chart-title">{move || chart.with(|c| c.title.clone())}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=move || chart.with(|c| format!("{}: {}", c.title, c.caption))
                inner_html=move || chart.with(svg_markup)>
            </svg>
            <div class="chart-legend" inner_html=keys></div>
            <p class="chart-caption" data-testid=format!("{testid}-caption")>
                {move || chart.with(|c| c.caption.clone())}
            </p>
        </figure>
    }
}
