//! [`LineChart`]: a few series as SVG polylines over labelled axes, with
//! horizontal reference lines (thresholds) and vertical markers (events).
//!
//! It only draws [`Chart`] view data; a page computes the points (a
//! detector's level over time, a curve against its theory) and the widget
//! maps data units onto a fixed view box that scales with its container.

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

/// The chart in `chart`, redrawn when it changes.
#[component]
pub fn LineChart(#[prop(into)] chart: Signal<Chart>) -> impl IntoView {
    let testid = chart.with_untracked(|c| c.testid.clone());
    let body = move || {
        chart.with(|c| {
            let s = Scale::of(c);
            let (x0, x1, y0, y1) = (s.px(s.x.0), s.px(s.x.1), s.py(s.y.0), s.py(s.y.1));
            let lines = c
                .series
                .iter()
                .map(|series| {
                    let points: Vec<String> = series
                        .points
                        .iter()
                        .filter(|(x, y)| x.is_finite() && y.is_finite())
                        .map(|&(x, y)| format!("{},{}", fmt(s.px(x)), fmt(s.py(y))))
                        .collect();
                    // Few points are also drawn as dots, so each measurement shows.
                    let dots = (series.points.len() <= MAX_DOTS).then(|| {
                        series
                            .points
                            .iter()
                            .filter(|(x, y)| x.is_finite() && y.is_finite())
                            .map(|&(x, y)| view! {
                                <circle class=format!("chart-dot chart-{}", series.tone)
                                    cx=fmt(s.px(x)) cy=fmt(s.py(y)) r="3" />
                            })
                            .collect_view()
                    });
                    view! {
                        {dots}
                        <polyline
                            class=format!("chart-line chart-{}", series.tone)
                            data-testid=format!("{}-{}", c.testid, series.tone)
                            data-points=series.points.len()
                            points=points.join(" ")
                        />
                    }
                })
                .collect_view();
            let rules = c
                .rules
                .iter()
                .map(|rule| {
                    let y = fmt(s.py(rule.y));
                    view! {
                        <g class=format!("chart-rule chart-{}", rule.tone)>
                            <line x1=fmt(x0) x2=fmt(x1) y1=y.clone() y2=y />
                            <text x=fmt(x1 - 2.0) y=fmt(s.py(rule.y) - 4.0) text-anchor="end">{rule.label.clone()}</text>
                        </g>
                    }
                })
                .collect_view();
            let marks = c
                .marks
                .iter()
                .map(|mark| {
                    let x = fmt(s.px(mark.x));
                    view! {
                        <g class=format!("chart-mark chart-{}", mark.tone)>
                            <line x1=x.clone() x2=x.clone() y1=fmt(y1) y2=fmt(y0) />
                            <text x=x y=fmt(y1 + 10.0) text-anchor="middle">{mark.label.clone()}</text>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <g class="chart-axes">
                    <line x1=fmt(x0) x2=fmt(x1) y1=fmt(y0) y2=fmt(y0) />
                    <line x1=fmt(x0) x2=fmt(x0) y1=fmt(y0) y2=fmt(y1) />
                    <text x=fmt(x0 - 4.0) y=fmt(y0) text-anchor="end" dominant-baseline="middle">{tick(s.y.0)}</text>
                    <text x=fmt(x0 - 4.0) y=fmt(y1) text-anchor="end" dominant-baseline="middle">{tick(s.y.1)}</text>
                    <text x=fmt(x0) y=fmt(y0 + 14.0) text-anchor="start">{tick(s.x.0)}</text>
                    <text x=fmt(x1) y=fmt(y0 + 14.0) text-anchor="end">{tick(s.x.1)}</text>
                    <text class="chart-axis-label" x=fmt((x0 + x1) / 2.0) y=fmt(y0 + 24.0) text-anchor="middle">{c.x_label.clone()}</text>
                    <text class="chart-axis-label" x=fmt(x0 - 30.0) y=fmt((y0 + y1) / 2.0) text-anchor="middle"
                        transform=format!("rotate(-90 {} {})", fmt(x0 - 30.0), fmt((y0 + y1) / 2.0))>{c.y_label.clone()}</text>
                </g>
                {rules}
                {marks}
                {lines}
            }
        })
    };
    let legend = move || {
        chart.with(|c| {
            c.series
                .iter()
                .map(|series| {
                    view! {
                        <span class=format!("chart-key chart-{}", series.tone)>{series.label.clone()}</span>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <figure class="line-chart" data-testid=testid>
            <figcaption class="chart-title">{move || chart.with(|c| c.title.clone())}</figcaption>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img"
                aria-label=move || chart.with(|c| format!("{}: {}", c.title, c.caption))>
                {body}
            </svg>
            <div class="chart-legend">{legend}</div>
            <p class="chart-caption" data-testid=move || chart.with(|c| format!("{}-caption", c.testid))>
                {move || chart.with(|c| c.caption.clone())}
            </p>
        </figure>
    }
}
