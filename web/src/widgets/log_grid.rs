//! `LogGrid`: each node's replicated log as a row of cells, one per entry.
//!
//! Cells show their term and are coloured by it (`term-{term % 8}`, a palette that cycles over
//! terms), so diverging logs stand out at a glance; a bar after the last committed entry marks
//! the commit index, and uncommitted cells are drawn hatched. Long logs show their last
//! `max_entries` entries with a count of the earlier ones. Rows are keyed by their whole content,
//! so only the rows that changed are rebuilt.
use leptos::prelude::*;

use super::view::LogRow;

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
    // The first index shown, the same for every row so that columns line up. It is computed
    // here from `rows`, not in a memo of its own: a closure reading both `rows` and a memo of
    // `rows` can miss a change of `rows` in Leptos 0.8 (the grid once never showed an entry).
    let keyed = move || {
        rows.with(|rs| {
            let longest = rs.iter().map(|r| r.entries.len()).max().unwrap_or(0);
            let first = longest.saturating_sub(max_entries.max(1));
            rs.iter().map(|r| (first, r.clone())).collect::<Vec<_>>()
        })
    };
    view! {
        <div class="widget-scroll">
            <table class="log-grid" data-testid="log-grid">
                <tbody>
                    <For
                        each=keyed
                        key=|row| row.clone()
                        children=|(first, row)| {
                            let node = row.node;
                            let commit = row.commit_index;
                            view! {
                                <tr
                                    class="log-row"
                                    data-testid=format!("log-row-{node}")
                                    data-commit-index=commit
                                >
                                    <th scope="row">{row.label}</th>
                                    <td class="log-entries">
                                        {(commit <= first)
                                            .then(|| view! { <span class="log-commit-start" /> })}
                                        {(first > 0)
                                            .then(|| {
                                                view! {
                                                    <span class="log-elided" title="earlier entries">
                                                        {format!("+{first}")}
                                                    </span>
                                                }
                                            })}
                                        {row
                                            .entries
                                            .into_iter()
                                            .enumerate()
                                            .skip(first)
                                            .map(|(i, e)| {
                                                let index = i + 1;
                                                let committed = index <= commit;
                                                view! {
                                                    <span
                                                        class=format!("log-cell term-{}", e.term % 8)
                                                        class:uncommitted=!committed
                                                        class:commit-edge=index == commit
                                                        data-testid=format!("log-cell-{node}-{index}")
                                                        title=if e.label.is_empty() {
                                                            format!("#{index} · term {}", e.term)
                                                        } else {
                                                            format!("#{index} · {}", e.label)
                                                        }
                                                    >
                                                        {e.term}
                                                    </span>
                                                }
                                            })
                                            .collect_view()}
                                    </td>
                                </tr>
                            }
                        }
                    />
                </tbody>
            </table>
        </div>
    }
}
