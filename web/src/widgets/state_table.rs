//! `StateTable`: per-node state as an HTML table, one header row and one row per node.
//!
//! The body is written as one markup string (see [`super::markup`]): it changes whenever a
//! node's state does, and one string binding is much less wasm than a keyed list of reactive
//! rows. A row's `role` becomes a CSS class (`role-{role}`) that tints its first cell, matching
//! the node's colour in the ring. With `max_rows`, a long table (a cluster of hundreds of nodes)
//! shows its first rows and a button that shows the rest.
use leptos::prelude::*;

use super::markup::escape;
use super::view::StateRow;

/// The `<tr>` rows of `rows`, at most `limit` of them.
pub fn rows_markup(rows: &[StateRow], limit: usize) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, row) in rows.iter().take(limit).enumerate() {
        let role = if row.role.is_empty() {
            String::new()
        } else {
            format!(" role-{}", escape(&row.role))
        };
        let _ = write!(
            out,
            r#"<tr class="state-row{role}" data-testid="state-row-{i}">"#
        );
        for (j, cell) in row.cells.iter().enumerate() {
            let tag = if j == 0 { r#"th scope="row""# } else { "td" };
            let close = if j == 0 { "th" } else { "td" };
            let _ = write!(out, "<{tag}>{}</{close}>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out
}

/// Headers and rows of per-node state.
///
/// Props:
/// - `headers`: the column titles.
/// - `rows`: one [`StateRow`] per node, one cell per header.
/// - `caption` (optional): a caption above the table.
/// - `max_rows` (optional): how many rows to show until the viewer asks for all.
#[component]
pub fn StateTable(
    #[prop(into)] headers: Signal<Vec<String>>,
    #[prop(into)] rows: Signal<Vec<StateRow>>,
    #[prop(into, optional)] caption: Option<String>,
    #[prop(optional)] max_rows: Option<usize>,
) -> impl IntoView {
    let show_all = RwSignal::new(false);
    let row_count = Memo::new(move |_| rows.with(Vec::len));
    let limit = move || match max_rows {
        Some(max) if !show_all.get() => max,
        _ => usize::MAX,
    };
    let head = move || {
        headers.with(|hs| {
            hs.iter()
                .map(|h| format!(r#"<th scope="col">{}</th>"#, escape(h)))
                .collect::<String>()
        })
    };
    view! {
        <div class="widget-scroll">
            <table class="state-table" data-testid="state-table">
                {caption.map(|c| view! { <caption>{c}</caption> })}
                <thead><tr inner_html=head></tr></thead>
                <tbody inner_html=move || rows.with(|rs| rows_markup(rs, limit()))></tbody>
            </table>
            <button class="state-table-more" data-testid="state-table-more"
                hidden=move || max_rows.is_none_or(|max| row_count.get() <= max)
                on:click=move |_| show_all.update(|all| *all = !*all)>
                {move || if show_all.get() {
                    "Show fewer rows".to_string()
                } else {
                    format!("Show all {} rows", row_count.get())
                }}
            </button>
        </div>
    }
}
