//! The catalogue's small picture: a seven-node tree with one path marked
//! as differing.

use leptos::prelude::*;

/// A three-level binary tree, the path to the third leaf highlighted.
#[component]
pub fn MerklePreview() -> impl IntoView {
    // (x, y, differs) for the root, two inner nodes and four leaves.
    let nodes = [
        (50.0, 18.0, true),
        (28.0, 50.0, false),
        (72.0, 50.0, true),
        (16.0, 82.0, false),
        (40.0, 82.0, false),
        (60.0, 82.0, true),
        (84.0, 82.0, false),
    ];
    let edges = [(0, 1), (0, 2), (1, 3), (1, 4), (2, 5), (2, 6)];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {edges.iter().map(|&(a, b)| {
                let ((x1, y1, d1), (x2, y2, d2)) = (nodes[a], nodes[b]);
                let class = if d1 && d2 { "preview-edge merkle-preview-hot" } else { "preview-edge" };
                view! { <line x1=x1 y1=y1 x2=x2 y2=y2 class=class /> }
            }).collect_view()}
            {nodes.iter().map(|&(x, y, differs)| view! {
                <rect x=x - 8.0 y=y - 6.0 width="16" height="12" rx="2"
                    class=if differs { "preview-node merkle-preview-hot" } else { "preview-node" } />
            }).collect_view()}
        </svg>
    }
}
