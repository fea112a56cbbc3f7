//! Partition mode: put each server into group A, B or C, then split the
//! network so that only servers in the same group can talk. "Heal network"
//! (in the fault panel) joins them again.

use dsviz_core::sim::Fault;
use leptos::prelude::*;

/// Group names, in the order a click cycles through them.
const GROUPS: [&str; 3] = ["A", "B", "C"];

/// The groups as node lists, leaving out empty ones; `None` when everyone
/// is in one group (a split would change nothing).
pub fn partition_groups(assignment: &[usize]) -> Option<Vec<Vec<usize>>> {
    let groups: Vec<Vec<usize>> = (0..GROUPS.len())
        .map(|g| {
            assignment
                .iter()
                .enumerate()
                .filter(|&(_, &group)| group == g)
                .map(|(node, _)| node)
                .collect::<Vec<_>>()
        })
        .filter(|members| !members.is_empty())
        .collect();
    (groups.len() > 1).then_some(groups)
}

/// One button per server showing its group (click to change it) and a
/// "Split" button that injects the partition.
#[component]
pub fn PartitionPicker(
    node_count: Memo<usize>,
    fault: impl Fn(Fault) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let assignment = RwSignal::new(vec![0usize; node_count.get_untracked()]);
    // A new run may change the number of servers.
    Effect::new(move |_| {
        let n = node_count.get();
        assignment.update(|a| a.resize(n, 0));
    });
    let groups = Memo::new(move |_| assignment.with(|a| partition_groups(a)));
    view! {
        <div class="partition-picker" data-testid="partition-picker">
            <span class="partition-title">"Partition"</span>
            {move || {
                (0..node_count.get())
                    .map(|node| {
                        let group = move || assignment.with(|a| a.get(node).copied().unwrap_or(0));
                        view! {
                            <button
                                class=move || format!("partition-node group-{}", GROUPS[group()].to_lowercase())
                                data-testid=format!("partition-group-{node}")
                                data-group=move || GROUPS[group()]
                                title="Click to move this server to the next group"
                                on:click=move |_| assignment.update(|a| {
                                    if let Some(g) = a.get_mut(node) {
                                        *g = (*g + 1) % GROUPS.len();
                                    }
                                })
                            >
                                {format!("S{} ", node + 1)}
                                <b>{move || GROUPS[group()]}</b>
                            </button>
                        }
                    })
                    .collect_view()
            }}
            <button
                data-testid="apply-partition"
                disabled=move || groups.with(Option::is_none)
                title="Cut every link between servers of different groups"
                on:click=move |_| {
                    if let Some(groups) = groups.get_untracked() {
                        fault(Fault::Partition(groups));
                    }
                }
            >
                "Split"
            </button>
        </div>
    }
}
