//! The fault panel, the same for every protocol: actions on the selected
//! node (crash, restart, isolate, the adapter's own commands, one-way and
//! two-way link cuts) or the selected message in flight (drop, duplicate,
//! delay), partition groups, heal, and the loss and latency sliders.

use super::run::{Protocol, SimRun};
use dsviz_core::sim::{Fault, Latency, Probability};
use leptos::prelude::*;

type Run = RwSignal<Box<dyn SimRun>>;

/// Actions on the selected node or message, the network, and loss.
#[component]
pub fn FaultPanel(
    protocol: &'static dyn Protocol,
    run: Run,
    selected_node: RwSignal<Option<usize>>,
    selected_message: RwSignal<Option<u64>>,
    node_count: Memo<usize>,
) -> impl IntoView {
    let fault = move |f: Fault| run.update(|r| r.inject_fault(f));
    let noun = protocol.meta().node_noun;
    let loss = Memo::new(move |_| run.with(|r| r.network().loss.fraction()));
    let latency_max_ms = Memo::new(move |_| {
        run.with(|r| match r.network().latency {
            Latency::Fixed(t)
            | Latency::Uniform { max: t, .. }
            | Latency::HeavyTailed { max: t, .. } => t as f64 / 1000.0,
        })
    });
    let node_actions = move |id: usize| {
        protocol
            .actions()
            .iter()
            .map(|action| {
                let name = action.id;
                view! {
                    <button data-testid=name title=action.help on:click=move |_| {
                        run.update(|r| { r.node_action(name, id); });
                    }>{action.label}</button>
                }
            })
            .collect_view()
    };
    let target = move || {
        match selected_node.get() {
        Some(id) if id < node_count.get() => {
            let label = run.with_untracked(|r| r.node_label(id));
            let up = Memo::new(move |_| run.with(|r| r.is_up(id)));
            view! {
                <div class="fault-target" data-testid="node-actions">
                    <strong>{format!("{noun} {label}")}</strong>
                    <Show when=move || up.get() fallback=move || view! {
                        <button data-testid="restart-node" on:click=move |_| fault(Fault::Restart(id))>"Restart"</button>
                    }>
                        <button data-testid="crash-node" on:click=move |_| fault(Fault::Crash(id))>"Crash"</button>
                        {node_actions(id)}
                        <button data-testid="isolate-node" on:click=move |_| fault(Fault::Partition(vec![vec![id]]))>"Isolate"</button>
                        <NodeTime run=run node=id />
                    </Show>
                    <LinkCutter run=run from=id node_count=node_count />
                </div>
            }
            .into_any()
        }
        _ => match selected_message
            .get()
            .filter(|m| run.with(|r| r.has_message(*m)))
        {
            Some(id) => view! {
                <div class="fault-target" data-testid="message-actions">
                    <strong>{format!("Message #{id}")}</strong>
                    <button data-testid="drop-message" on:click=move |_| fault(Fault::DropMessage(id))>"Drop"</button>
                    <button data-testid="duplicate-message" on:click=move |_| fault(Fault::DuplicateMessage(id))>"Duplicate"</button>
                    <button data-testid="delay-message" on:click=move |_| fault(Fault::DelayMessage { id, by: 100_000 })>"Delay 100 ms"</button>
                </div>
            }
            .into_any(),
            None => view! {
                <p class="hint">{format!("Click a {} or a message in flight.", noun.to_lowercase())}</p>
            }
            .into_any(),
        },
    }
    };
    view! {
        <div class="fault-panel" data-testid="fault-panel">
            <h3>"Inject"</h3>
            {target}
            <PartitionPicker run=run node_count=node_count />
            <div class="fault-network">
                <button data-testid="heal" on:click=move |_| fault(Fault::Heal)>"Heal network"</button>
                <label>
                    "Loss "
                    <input type="range" data-testid="loss" min="0" max="0.5" step="0.05"
                        prop:value=move || loss.get().to_string()
                        on:change=move |ev| {
                            let p = event_target_value(&ev).parse().unwrap_or(0.0);
                            fault(Fault::SetLoss(Probability::from_fraction(p)));
                        }
                    />
                    <span>{move || format!("{:.0} %", loss.get() * 100.0)}</span>
                </label>
                <label>
                    "Latency up to "
                    <input type="range" data-testid="latency-slider" min="1" max="200" step="1"
                        prop:value=move || latency_max_ms.get().to_string()
                        on:change=move |ev| {
                            let max_ms: f64 = event_target_value(&ev).parse().unwrap_or(15.0);
                            let max = (max_ms.clamp(1.0, 200.0) * 1000.0) as u64;
                            fault(Fault::SetLatency(Latency::Uniform { min: (max / 3).max(1), max }));
                        }
                    />
                    <span>{move || format!("{:.0} ms", latency_max_ms.get())}</span>
                </label>
            </div>
        </div>
    }
}

/// Faults of a node's time: a pause (as in a long garbage collection), a
/// slow node (busy after every event), and a clock that runs fast or slow.
#[component]
fn NodeTime(run: Run, node: usize) -> impl IntoView {
    let fault = move |f: Fault| run.update(|r| r.inject_fault(f));
    let rate = Memo::new(move |_| run.with(|r| r.node_time(node).clock_rate_ppm));
    let slow = Memo::new(move |_| run.with(|r| r.node_time(node).processing_delay) > 0);
    let set_rate = move |rate_ppm: u32| fault(Fault::SetClockRate { node, rate_ppm });
    let pause_ms = RwSignal::new(300.0_f64);
    view! {
        <span class="node-time">
            <button data-testid="pause-node" title="The node stops for this long (as in a garbage collection): what arrives meanwhile waits, then it handles all of it"
                on:click=move |_| {
                    let ms = pause_ms.get_untracked().clamp(1.0, MAX_PAUSE_MS);
                    fault(Fault::Pause { node, duration: (ms * 1000.0).round() as u64 })
                }>"Pause for"</button>
            <label class="pause-length">
                <input type="number" data-testid="pause-ms" min="1" max=MAX_PAUSE_MS step="50"
                    prop:value=move || pause_ms.get().to_string()
                    on:change=move |ev| {
                        if let Ok(ms) = event_target_value(&ev).trim().parse::<f64>()
                            && ms.is_finite()
                        {
                            pause_ms.set(ms.clamp(1.0, MAX_PAUSE_MS));
                        }
                    } />
                " ms"
            </label>
            <button data-testid="slow-node" title="Every event keeps this node busy for 5 ms"
                on:click=move |_| fault(Fault::SetProcessingDelay { node, per_event: if slow.get_untracked() { 0 } else { 5_000 } })>
                {move || if slow.get() { "Not slow" } else { "Slow (5 ms/event)" }}
            </button>
            <label>
                "Clock "
                <select data-testid="clock-rate" on:change=move |ev| {
                    if let Ok(rate_ppm) = event_target_value(&ev).parse() {
                        set_rate(rate_ppm);
                    }
                }>
                    {CLOCK_RATES.iter().map(|&(ppm, label)| view! {
                        <option value=ppm selected=move || rate.get() == ppm>{label}</option>
                    }).collect_view()}
                </select>
            </label>
        </span>
    }
}

/// The longest pause the panel offers (a minute).
const MAX_PAUSE_MS: f64 = 60_000.0;

/// Clock rates offered, in parts per million of real time.
const CLOCK_RATES: [(u32, &str); 5] = [
    (250_000, "¼× (slow)"),
    (500_000, "½× (slow)"),
    (1_000_000, "exact"),
    (2_000_000, "2× (fast)"),
    (4_000_000, "4× (fast)"),
];

/// Cuts the link from one node to another, one way or both ways, or mends it.
#[component]
fn LinkCutter(run: Run, from: usize, node_count: Memo<usize>) -> impl IntoView {
    let to = RwSignal::new((from + 1) % node_count.get_untracked().max(1));
    let fault = move |f: Fault| run.update(|r| r.inject_fault(f));
    view! {
        <span class="link-cutter">
            <label>
                "Link to "
                <select data-testid="link-target" on:change=move |ev| {
                    if let Ok(target) = event_target_value(&ev).parse() {
                        to.set(target);
                    }
                }>
                    {move || (0..node_count.get())
                        .filter(|&n| n != from)
                        .map(|n| view! {
                            <option value=n selected=move || to.get() == n>{run.with_untracked(|r| r.node_label(n))}</option>
                        })
                        .collect_view()}
                </select>
            </label>
            <button data-testid="cut-one-way" on:click=move |_| fault(Fault::CutLink { from, to: to.get() })>"Cut →"</button>
            <button data-testid="cut-both-ways" on:click=move |_| {
                fault(Fault::CutLink { from, to: to.get() });
                fault(Fault::CutLink { from: to.get(), to: from });
            }>"Cut ↔"</button>
            <button data-testid="mend-link" on:click=move |_| {
                fault(Fault::HealLink { from, to: to.get() });
                fault(Fault::HealLink { from: to.get(), to: from });
            }>"Mend"</button>
        </span>
    }
}

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

/// Above this many nodes a button per node would fill the panel: the picker
/// then splits the cluster into halves.
pub const MAX_PICKED_NODES: usize = 16;

/// Up to [`MAX_PICKED_NODES`] nodes: one button per node showing its group
/// (click to change it), and a "Split" button that cuts every link between
/// groups. Above, the one button splits the cluster into its first and its
/// second half.
#[component]
fn PartitionPicker(run: Run, node_count: Memo<usize>) -> impl IntoView {
    let assignment = RwSignal::new(vec![0usize; node_count.get_untracked()]);
    // A new run may change the number of nodes.
    Effect::new(move |_| {
        let n = node_count.get();
        assignment.update(|a| a.resize(n, 0));
    });
    let by_node = Memo::new(move |_| node_count.get() <= MAX_PICKED_NODES);
    let groups = Memo::new(move |_| {
        let n = node_count.get();
        if by_node.get() {
            assignment.with(|a| partition_groups(a))
        } else {
            Some(vec![(0..n / 2).collect(), (n / 2..n).collect()])
        }
    });
    view! {
        <div class="partition-picker" data-testid="partition-picker">
            <span class="partition-title">"Partition"</span>
            {move || (0..if by_node.get() { node_count.get() } else { 0 })
                .map(|node| {
                    let group = move || assignment.with(|a| a.get(node).copied().unwrap_or(0));
                    view! {
                        <button
                            class=move || format!("partition-node group-{}", GROUPS[group()].to_lowercase())
                            data-testid=format!("partition-group-{node}")
                            data-group=move || GROUPS[group()]
                            title="Click to move this node to the next group"
                            on:click=move |_| assignment.update(|a| {
                                if let Some(g) = a.get_mut(node) {
                                    *g = (*g + 1) % GROUPS.len();
                                }
                            })
                        >
                            {format!("{} ", run.with_untracked(|r| r.node_label(node)))}
                            <b>{move || GROUPS[group()]}</b>
                        </button>
                    }
                })
                .collect_view()}
            <button
                data-testid="apply-partition"
                disabled=move || groups.with(Option::is_none)
                title="Cut every link between nodes of different groups"
                on:click=move |_| {
                    if let Some(groups) = groups.get_untracked() {
                        run.update(|r| r.inject_fault(Fault::Partition(groups)));
                    }
                }
            >
                {move || if by_node.get() { "Split" } else { "Split in halves" }}
            </button>
        </div>
    }
}
