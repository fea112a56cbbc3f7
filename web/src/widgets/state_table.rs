//! `StateTable`: per-node state as an HTML table, one header row and one row per node.
//!
//! Rows are keyed by their position and content, so a frame in which one node's state changed
//! rebuilds only that row. A row's `role` becomes a CSS class (`role-{role}`) that tints its
//! first cell, matching the node's colour in the ring.
use leptos::prelude::*;

use super::view::StateRow;

/// Headers and rows of per-node state.
///
/// Props:
/// - `headers`: the column titles.
/// - `rows`: one [`StateRow`] per node, one cell per header.
/// - `caption` (optional): a caption above the table.
#[component]
pub fn StateTable(
    #[prop(into)] headers: Signal<Vec<String>>,
    #[prop(into)] rows: Signal<Vec<StateRow>>,
    #[prop(into, optional)] caption: Option<String>,
) -> impl IntoView {
    let keyed = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <div class="widget-scroll">
            <table class="state-table" data-testid="state-table">
                {caption.map(|c| view! { <caption>{c}</caption> })}
                <thead>
                    <tr>
                        <For
                            each=move || headers.get().into_iter().enumerate()
                            key=|h| h.clone()
                            children=|(_, h)| view! { <th scope="col">{h}</th> }
                        />
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=keyed
                        key=|row| row.clone()
                        children=|(i, row)| {
                            let class = if row.role.is_empty() {
                                "state-row".to_string()
                            } else {
                                format!("state-row role-{}", row.role)
                            };
                            view! {
                                <tr class=class data-testid=format!("state-row-{i}")>
                                    {row
                                        .cells
                                        .into_iter()
                                        .enumerate()
                                        .map(|(j, c)| {
                                            if j == 0 {
                                                view! { <th scope="row">{c}</th> }.into_any()
                                            } else {
                                                view! { <td>{c}</td> }.into_any()
                                            }
                                        })
                                        .collect_view()}
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
    }
}
