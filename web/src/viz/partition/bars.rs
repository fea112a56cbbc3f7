//! A bar per node, coloured as the node, with a dashed mean line and an
//! optional limit line: the load pictures of the ring and range pages.

use super::common::{short, tone};
use dsviz_core::partition::NodeId;
use leptos::prelude::*;

const W: f64 = 300.0;
const H: f64 = 120.0;

/// `loads` as bars (test id `testid`), the mean, and `limit` if given,
/// then "max …, mean …: max/mean = …" with the ratio in `max-over-mean`.
pub fn node_bars(testid: &'static str, loads: &[(NodeId, u64)], limit: Option<u64>) -> AnyView {
    let n = loads.len().max(1);
    let total: u64 = loads.iter().map(|(_, l)| l).sum();
    let mean = total as f64 / n as f64;
    let max = loads.iter().map(|&(_, l)| l).max().unwrap_or(0);
    let top = max.max(limit.unwrap_or(0)).max(1) as f64;
    let width = W / n as f64;
    let y = move |v: f64| H - H * v / top;
    let ratio = if mean > 0.0 { max as f64 / mean } else { 0.0 };
    view! {
        <svg class="pt-bars" data-testid=testid viewBox=format!("0 -12 {W} {}", H + 28.0)
            role="img" aria-label="load per node">
            {loads.iter().enumerate().map(|(i, &(node, load))| {
                let x = i as f64 * width;
                let top_y = y(load as f64);
                view! {
                    <rect class=format!("pt-bar {}", tone(node)) data-node=node data-load=load
                        x=x + 2.0 width=(width - 4.0).max(1.0) y=top_y height=H - top_y />
                    <text class="pt-bar-label" x=x + width / 2.0 y=H + 12.0 text-anchor="middle">{node}</text>
                    <text class="pt-bar-value" x=x + width / 2.0 y=top_y - 2.0 text-anchor="middle">{load}</text>
                }
            }).collect_view()}
            <line class="pt-mean" x1="0" x2=W y1=y(mean) y2=y(mean) />
            {limit.map(|c| view! { <line class="pt-cap" x1="0" x2=W y1=y(c as f64) y2=y(c as f64) /> })}
        </svg>
        <p class="pt-figures">
            {format!("max {max}, mean {}: max/mean = ", short(mean, 1))}
            <strong data-testid="max-over-mean">{short(ratio, 2)}</strong>
        </p>
    }
    .into_any()
}
