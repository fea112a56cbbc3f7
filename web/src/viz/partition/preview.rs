//! Small static pictures for the catalogue.

use leptos::prelude::*;

/// A ring with virtual-node ticks in three colours.
#[component]
pub fn HashRingPreview() -> impl IntoView {
    let ticks: Vec<(f64, f64, f64, f64, usize)> = (0..12)
        .map(|i| {
            let a = std::f64::consts::TAU * (i as f64 * 0.29 + (i % 3) as f64 * 0.11);
            let (s, c) = a.sin_cos();
            (
                50.0 + 30.0 * s,
                50.0 - 30.0 * c,
                50.0 + 42.0 * s,
                50.0 - 42.0 * c,
                i % 3,
            )
        })
        .collect();
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            <circle cx="50" cy="50" r="36" class="preview-edge" fill="none" />
            {ticks.into_iter().map(|(x1, y1, x2, y2, t)| view! {
                <line x1=x1 y1=y1 x2=x2 y2=y2 class=format!("ring-token tone-{t}") />
            }).collect_view()}
        </svg>
    }
}

/// A bar cut into ranges of uneven width, one hot.
#[component]
pub fn RangePreview() -> impl IntoView {
    const CUTS: [(f64, f64, usize, f64); 5] = [
        (6.0, 8.0, 0, 50.0),
        (14.0, 10.0, 1, 38.0),
        (24.0, 18.0, 2, 20.0),
        (42.0, 22.0, 0, 12.0),
        (64.0, 30.0, 1, 8.0),
    ];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {CUTS.into_iter().map(|(x, w, t, h)| view! {
                <rect x=x width=w - 1.0 y=62.0 - h height=h class="preview-node" />
                <rect x=x width=w - 1.0 y="66" height="20" class=format!("range-cell tone-{t}") />
            }).collect_view()}
        </svg>
    }
}

/// Bins of balls, nearly level.
#[component]
pub fn BallsPreview() -> impl IntoView {
    const LOADS: [u32; 7] = [2, 1, 2, 3, 1, 2, 2];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            <line x1="6" x2="94" y1="88" y2="88" class="preview-edge" />
            {LOADS.iter().enumerate().map(|(i, &load)| (0..load).map(move |b| view! {
                <rect x=9.0 + i as f64 * 12.0 width="9" y=77.0 - f64::from(b) * 12.0 height="10" rx="2"
                    class=if i == 3 && b == 2 { "preview-node leader" } else { "preview-node" } />
            }).collect_view()).collect_view()}
        </svg>
    }
}
