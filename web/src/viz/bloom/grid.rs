//! The cell array drawn as an SVG grid: each cell's bit or counter, the
//! last item's positions lit by what the operation did there, the typed
//! item's positions outlined, saturated counters marked; and the small
//! picture for the catalogue.

use super::view::{CellView, columns};
use leptos::prelude::*;

/// Cell side, gap and the width of the row labels, in SVG units.
const SIDE: f64 = 20.0;
const GAP: f64 = 3.0;
const LABEL: f64 = 34.0;

fn origin(index: usize, cols: usize) -> (f64, f64) {
    let (row, col) = (index / cols, index % cols);
    (LABEL + col as f64 * (SIDE + GAP), row as f64 * (SIDE + GAP))
}

fn classes(cell: &CellView, preview: bool) -> String {
    let mut out = format!("bloom-cell mark-{}", cell.mark.key());
    if cell.value > 0 {
        out.push_str(" set");
    }
    if cell.saturated {
        out.push_str(" saturated");
    }
    if preview {
        out.push_str(" preview");
    }
    out
}

/// The grid. `cells` is the array with marks; `preview` the positions of
/// the item being typed (outlined, not applied).
#[component]
pub fn CellGrid(cells: Memo<Vec<CellView>>, preview: Memo<Vec<usize>>) -> impl IntoView {
    let count = Memo::new(move |_| cells.with(Vec::len));
    view! {
        <div class="bloom-grid-wrap">
            {move || {
                let m = count.get();
                let cols = columns(m);
                let rows = m.div_ceil(cols);
                let width = LABEL + cols as f64 * (SIDE + GAP) - GAP;
                let height = (rows as f64 * (SIDE + GAP) - GAP).max(SIDE);
                view! {
                    <svg
                        class="bloom-grid"
                        data-testid="cell-grid"
                        data-cells=m
                        // A margin on every side, so the rings of edge cells are not clipped.
                        viewBox=format!("-4 -4 {} {}", width + 8.0, height + 8.0)
                        role="img"
                        aria-label=format!("The array of {m} cells")
                    >
                        {(0..rows).map(|r| {
                            let y = r as f64 * (SIDE + GAP) + SIDE / 2.0;
                            view! { <text class="bloom-row-label" x=LABEL - 5.0 y=y>{r * cols}</text> }
                        }).collect_view()}
                        {(0..m).map(|i| cell_view(i, cols, cells, preview)).collect_view()}
                    </svg>
                }
            }}
        </div>
    }
}

fn cell_view(
    i: usize,
    cols: usize,
    cells: Memo<Vec<CellView>>,
    preview: Memo<Vec<usize>>,
) -> impl IntoView {
    let (x, y) = origin(i, cols);
    let cell = move || cells.with(|c| c.get(i).copied());
    let previewed = move || preview.with(|p| p.contains(&i));
    view! {
        <g
            class=move || cell().map(|c| classes(&c, previewed())).unwrap_or_default()
            data-testid=format!("cell-{i}")
            data-value=move || cell().map_or(0, |c| c.value)
            data-mark=move || cell().map_or("none", |c| c.mark.key())
            data-saturated=move || cell().is_some_and(|c| c.saturated).to_string()
            data-preview=move || previewed().to_string()
        >
            <title>{move || format!("cell {i}: {}", cell().map_or(0, |c| c.value))}</title>
            <rect class="bloom-cell-box" x=x y=y width=SIDE height=SIDE rx="3" />
            <rect class="bloom-cell-ring" x=x - 1.5 y=y - 1.5 width=SIDE + 3.0 height=SIDE + 3.0 rx="4" />
            <rect class="bloom-cell-preview" x=x + 3.0 y=y + 3.0 width=SIDE - 6.0 height=SIDE - 6.0 rx="2" />
            <text class="bloom-cell-value" x=x + SIDE / 2.0 y=y + SIDE / 2.0>
                {move || cell().map_or(0, |c| c.value)}
            </text>
        </g>
    }
}

/// What the cell colours mean.
#[component]
pub fn GridLegend(counting: Signal<bool>) -> impl IntoView {
    let swatch = |class: &'static str, label: &'static str, testid: &'static str| {
        view! {
            <li data-testid=testid>
                <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" class=format!("bloom-cell {class}")>
                    <rect class="bloom-cell-box" x="1" y="1" width="14" height="14" rx="2" />
                    <rect class="bloom-cell-ring" x="0.5" y="0.5" width="15" height="15" rx="2" />
                    <rect class="bloom-cell-preview" x="3.5" y="3.5" width="9" height="9" rx="1" />
                </svg>
                {label}
            </li>
        }
    };
    view! {
        <ul class="bloom-legend" data-testid="grid-legend" aria-label="Legend">
            {swatch("set mark-none", "set", "legend-set")}
            {swatch("set mark-new", "newly set", "legend-new")}
            {swatch("set mark-already", "already set", "legend-already")}
            {swatch("set mark-checked-set", "checked, set", "legend-checked-set")}
            {swatch("mark-checked-zero", "checked, 0", "legend-checked-zero")}
            {swatch("mark-none preview", "typed item", "legend-preview")}
            <Show when=move || counting.get()>
                {swatch("set mark-decremented", "decremented", "legend-decremented")}
                {swatch("set saturated", "saturated (15)", "legend-saturated")}
            </Show>
        </ul>
    }
}

/// A small static picture for the catalogue: a 4 × 4 bit array with an
/// item's three positions lit.
#[component]
pub fn BloomPreview() -> impl IntoView {
    const SET: [usize; 6] = [1, 4, 6, 9, 11, 14];
    const LIT: [usize; 3] = [4, 9, 14];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {(0..16usize).map(|i| {
                let (x, y) = (8.0 + (i % 4) as f64 * 22.0, 8.0 + (i / 4) as f64 * 22.0);
                let class = if LIT.contains(&i) {
                    "preview-cell lit"
                } else if SET.contains(&i) {
                    "preview-cell set"
                } else {
                    "preview-cell"
                };
                view! { <rect class=class x=x y=y width="18" height="18" rx="3" /> }
            }).collect_view()}
        </svg>
    }
}
