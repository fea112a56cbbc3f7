//! `Legend`: the message kinds on a page, each with the shape and colour it is drawn in.
use leptos::prelude::*;

use super::shape::shape_view;
use super::view::{LegendItem, kind_classes};

/// The message kinds with their shape and colour.
///
/// Props:
/// - `items`: one [`LegendItem`] per kind, in display order.
#[component]
pub fn Legend(#[prop(into)] items: Signal<Vec<LegendItem>>) -> impl IntoView {
    view! {
        <ul class="legend" data-testid="legend" aria-label="Legend">
            <For
                each=move || items.get()
                key=|item| item.clone()
                children=|item| {
                    view! {
                        <li class="legend-item" data-testid=format!("legend-{}", item.kind)>
                            <svg
                                class=kind_classes(&item.kind)
                                viewBox="-8 -8 16 16"
                                width="16"
                                height="16"
                                aria-hidden="true"
                            >
                                {shape_view(item.shape, 5.5)}
                            </svg>
                            <span>{item.label}</span>
                        </li>
                    }
                }
            />
        </ul>
    }
}
