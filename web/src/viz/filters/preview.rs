//! The catalogue's small pictures of the two filters.

use leptos::prelude::*;

/// Four buckets of four slots, two of them candidates, and a kick arrow.
#[component]
pub fn CuckooPreview() -> impl IntoView {
    view! {
        <svg class="preview filters-preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {(0..4).map(|row| {
                let y = 12.0 + row as f64 * 19.0;
                view! {
                    {(0..4).map(|col| {
                        let filled = (row * 4 + col) % 3 != 2;
                        let candidate = row == 0 || row == 2;
                        let class = match (candidate, filled) {
                            (true, true) => "preview-cell candidate filled",
                            (true, false) => "preview-cell candidate",
                            (false, true) => "preview-cell filled",
                            (false, false) => "preview-cell",
                        };
                        view! { <rect class=class x=6.0 + col as f64 * 17.0 y=y width="14" height="14" rx="2" /> }
                    }).collect_view()}
                }
            }).collect_view()}
            <path class="preview-kick" d="M 76 19 C 96 19, 96 57, 78 57" />
            <polygon class="preview-kick-head" points="76,57 82,53 82,61" />
        </svg>
    }
}

/// A row of slots with run colours, a cluster bracket and metadata bits.
#[component]
pub fn QuotientPreview() -> impl IntoView {
    let runs = [
        None,
        Some(0),
        Some(0),
        Some(1),
        None,
        Some(2),
        Some(2),
        Some(2),
    ];
    view! {
        <svg class="preview filters-preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {runs.iter().enumerate().map(|(i, run)| {
                let x = 4.0 + i as f64 * 11.6;
                let cell = if run.is_some() { "preview-cell filled" } else { "preview-cell" };
                view! {
                    <rect class=cell x=x y="30" width="10" height="22" rx="2" />
                    {run.map(|tone| view! {
                        <rect class=format!("preview-run run-tone-{tone}") x=x y="54" width="10.5" height="5" />
                    })}
                    {(0..3).map(|b| view! {
                        <rect class=if run.is_some() && (i + b) % 2 == 0 { "preview-bit on" } else { "preview-bit" }
                            x=x + 0.5 + b as f64 * 3.2 y="64" width="2.6" height="4" />
                    }).collect_view()}
                }
            }).collect_view()}
            <path class="preview-cluster" d="M 16 76 V 80 H 49.6 V 76 M 62 76 V 80 H 95 V 76" />
        </svg>
    }
}
