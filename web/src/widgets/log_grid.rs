//! `LogGrid`: each node's replicated log as a row of cells, one per entry.
//!
//! Cells show their term and are coloured by it (`term-{term % 8}`, a palette that cycles over
//! terms), so diverging logs stand out at a glance; a bar after the last committed entry marks
//! the commit index, and uncommitted cells are drawn hatched. Long logs show their last
//! `max_entries` entries with a count of the earlier ones. The rows are written as one markup
//! string (see [`super::markup`]): far less wasm than a keyed list of reactive rows.
use leptos::prelude::*;

use super::markup::escape;
use super::view::LogRow;

/// The `<tr>` rows of the grid, each showing entries from the same index on (so columns line
/// up) and at most `max_entries` of the longest log.
pub fn rows_markup(rows: &[LogRow], max_entries: usize) -> String {
    use std::fmt::Write;
    let longest = rows.iter().map(|r| r.entries.len()).max().unwrap_or(0);
    let first = longest.saturating_sub(max_entries.max(1));
    let mut out = String::new();
    for row in rows {
        let (node, commit) = (row.node, row.commit_index);
        let _ = write!(
            out,
            r#"<tr class="log-row" data-testid="log-row-{node}" data-commit-index="{commit}"><th scope="row">{}</th><td class="log-entries">"#,
            escape(&row.label)
        );
        if commit <= first {
            out.push_str(r#"<span class="log-commit-start"></span>"#);
        }
        if first > 0 {
            let _ = write!(
                out,
                r#"<span class="log-elided" title="earlier entries">+{first}</span>"#
            );
        }
        for (i, entry) in row.entries.iter().enumerate().skip(first) {
            let index = i + 1;
            let mut class = format!("log-cell term-{}", entry.term % 8);
            if index > commit {
                class.push_str(" uncommitted");
            }
            if index == commit {
                class.push_str(" commit-edge");
            }
            let title = if entry.label.is_empty() {
                format!("#{index} · term {}", entry.term)
            } else {
                format!("#{index} · {}", entry.label)
            };
            let _ = write!(
                out,
                r#"<span class="{class}" data-testid="log-cell-{node}-{index}" title="{}">{}</span>"#,
                escape(&title),
                entry.term
            );
        }
        out.push_str("</td></tr>");
    }
    out
}

/// One row of term-coloured entries per node, with the commit index marked.
///
/// Props:
/// - `rows`: one [`LogRow`] per node.
/// - `max_entries` (default 32): how many entries of each log to show, from the end.
#[component]
pub fn LogGrid(
    #[prop(into)] rows: Signal<Vec<LogRow>>,
    #[prop(default = 32)] max_entries: usize,
) -> impl IntoView {
    view! {
        <div class="widget-scroll">
            <table class="log-grid" data-testid="log-grid">
                <tbody inner_html=move || rows.with(|rs| rows_markup(rs, max_entries))></tbody>
            </table>
        </div>
    }
}
