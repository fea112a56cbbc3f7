//! One replica's tree as SVG: node boxes with the first hex digits of their
//! hash, leaves with their block text, the diff's marks and the proof's.

use super::layout::{LEAF_H, NODE_H, NODE_W, size};
use super::model::Side;
use super::view::NodeView;
use leptos::prelude::*;

/// The tree of `side`; clicking (or Enter on) a leaf calls `on_leaf`.
#[component]
pub fn TreeSvg(
    side: Side,
    blocks: Memo<usize>,
    nodes: Signal<Vec<NodeView>>,
    on_leaf: Callback<(Side, usize)>,
) -> impl IntoView {
    let dims = move || size(blocks.get());
    view! {
        <svg
            class="merkle-tree"
            data-testid=format!("tree-{}", side.key())
            width=move || dims().0
            height=move || dims().1
            viewBox=move || format!("0 0 {} {}", dims().0, dims().1)
            role="group"
            aria-label=format!("Replica {}'s Merkle tree", side.name())
        >
            {move || nodes.with(|list| list.iter().filter_map(|n| {
                let (px, py) = n.parent?;
                let class = if n.proof != super::view::ProofRole::None
                    && n.proof != super::view::ProofRole::Sibling
                {
                    "merkle-edge on-proof"
                } else {
                    "merkle-edge"
                };
                Some(view! { <line class=class x1=px y1=py x2=n.x y2=n.y /> })
            }).collect_view())}
            {move || nodes.get().into_iter().map(|n| node(side, n, on_leaf)).collect_view()}
        </svg>
    }
}

fn node(side: Side, n: NodeView, on_leaf: Callback<(Side, usize)>) -> impl IntoView {
    let leaf = n.is_leaf();
    let h = if leaf { LEAF_H } else { NODE_H };
    let mut class = format!("merkle-node walk-{} proof-{}", n.walk.key(), n.proof.key());
    if leaf {
        class.push_str(" leaf");
    }
    if n.differs {
        class.push_str(" differs");
    }
    if n.current {
        class.push_str(" current");
    }
    let index = n.start;
    let title = match &n.text {
        Some(text) => format!(
            "Replica {} block {index}: “{text}”\nleaf hash {}",
            side.name(),
            n.hash_hex
        ),
        None => format!(
            "Replica {} blocks {}–{}\nhash {}",
            side.name(),
            n.start,
            n.end - 1,
            n.hash_hex
        ),
    };
    let activate = move || {
        if leaf {
            on_leaf.run((side, index));
        }
    };
    view! {
        <g
            class=class
            data-testid=format!("node-{}-{}-{}", side.key(), n.start, n.end)
            data-walk=n.walk.key()
            data-differs=n.differs.to_string()
            data-visit=n.visit.map(|v| v.to_string()).unwrap_or_default()
            data-proof=n.proof.key()
            data-hash=n.hash_hex.clone()
            transform=format!("translate({} {})", n.x, n.y)
            tabindex=if leaf { Some("0") } else { None }
            role=if leaf { Some("button") } else { None }
            on:click=move |_| activate()
            on:keydown=move |ev| {
                if ev.key() == "Enter" || ev.key() == " " {
                    ev.prevent_default();
                    activate();
                }
            }
        >
            <title>{title}</title>
            <rect x=-NODE_W / 2.0 y=-h / 2.0 width=NODE_W height=h rx="5" />
            {n.text.as_ref().map(|_| view! {
                <text class="merkle-block" y=-4.0>{n.short_text()}</text>
            })}
            <text class="merkle-hash" y=if leaf { 11.0 } else { 4.0 }>{n.short_hash().to_string()}</text>
            {leaf.then(|| view! {
                <text class="merkle-index" y=h / 2.0 + 11.0>{format!("#{index}")}</text>
            })}
            {n.visit.map(|v| view! {
                <g class="merkle-badge" transform=format!("translate({} {})", NODE_W / 2.0 - 2.0, -h / 2.0)>
                    <circle r="8" />
                    <text y="3.5">{v}</text>
                </g>
            })}
        </g>
    }
}
