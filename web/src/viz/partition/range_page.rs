//! The range partitioning page: the key space as a bar cut into ranges
//! coloured by node, each range's load above it against the split
//! threshold, the hot range marked, splits, merges and moves as they
//! happen, node loads, and node changes a person adds.

use super::bars::node_bars;
use super::common::{NodeChange, short, tone};
use super::range_model::{RangeSetup, RangeState, RangeStep, bound_value, placed_changes};
use super::range_params::{
    EXPONENTS, MAX_BATCH, MAX_NODES, MAX_UNIVERSE, MAX_WRITES, RangeScenario, range_player,
};
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::param_fields::{choice_field, count_field};
use dsviz_core::partition::RangeInfo;
use leptos::prelude::*;

type RangePlayer = OpPlayer<RangeState>;

const W: f64 = 640.0;
const LOAD_H: f64 = 90.0;
const BAR_Y: f64 = LOAD_H + 8.0;
const BAR_H: f64 = 34.0;

/// Where key `k` falls along the bar: a logarithmic scale, so the hot low
/// keys of a Zipf workload get room.
fn x_of(k: u64, universe: u64) -> f64 {
    W * ((1.0 + k as f64).ln() / (2.0 + universe as f64).ln()).clamp(0.0, 1.0)
}

/// The page, started from the URL's query string.
#[component]
pub fn RangePage(search: String, embed: bool) -> impl IntoView {
    let scenario = RangeScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let setup = RwSignal::new(scenario.setup);
    let player = RwSignal::new(range_player(
        scenario.setup,
        &scenario.placed,
        scenario.step,
    ));
    let kit = page_kit(player, embed, move || {
        let query = player.with_untracked(|p| {
            RangeScenario::to_query(
                &setup.get_untracked(),
                &placed_changes(p.ops()),
                p.step_index(),
            )
        });
        format!("/range-partitioning{query}")
    });
    let change = Callback::new(move |change: NodeChange| {
        let (mut placed, step) = player.with_untracked(|p| {
            let step = p.step_index() as usize;
            (placed_changes(&p.ops()[..step]), step)
        });
        // Changes placed after the cursor are dropped: the new one forks the run.
        placed.push((step, change));
        player.set(range_player(
            setup.get_untracked(),
            &placed,
            step as u64 + 1,
        ));
    });

    let ranges = Memo::new(move |_| player.with(|p| p.state().ranges()));
    let last = Memo::new(move |_| player.with(|p| p.state().last().cloned()));
    let totals = Memo::new(move |_| {
        player.with(|p| {
            let part = p.state().partitioner();
            (
                part.splits(),
                part.merges(),
                part.range_moves(),
                p.state().counts(),
            )
        })
    });
    let node_loads = Memo::new(move |_| {
        player.with(|p| {
            p.state()
                .partitioner()
                .node_loads()
                .into_iter()
                .collect::<Vec<_>>()
        })
    });
    let nodes =
        Memo::new(move |_| node_loads.with(|l| l.iter().map(|&(n, _)| n).collect::<Vec<_>>()));
    let next_node = Memo::new(move |_| player.with(|p| p.state().next_node()));

    view! {
        <VizPage class="viz partition-page range-page" testid="range-page" embed=embed problems=problems kit=kit
            title="Range partitioning"
            lede="Keys stay in order and the key space is cut into ranges, each on one node (Bigtable's tablets). A skewed Zipf workload writes the low keys far more often, so their range runs hot: it splits where its load halves, the balancer moves ranges to the least loaded node, and when keys expire small neighbours merge."
            params=move || view! { <RangeParamsForm setup=setup player=player /> }
        >
            <PlayerControls player=player />
            <StepLine last=last />
            <div class="pt-toolbar" data-testid="change-bar">
                <button data-testid="add-node" on:click=move |_| change.run(NodeChange::Add)>
                    {move || format!("Add node {}", next_node.get())}
                </button>
                {move || nodes.get().into_iter().map(|n| view! {
                    <button data-testid=format!("remove-node-{n}") disabled=move || nodes.with(|l| l.len() <= 1)
                        on:click=move |_| change.run(NodeChange::Remove(n))>{format!("Remove node {n}")}</button>
                }).collect_view()}
            </div>
            <Counters ranges=ranges totals=totals />
            <KeyBar setup=setup ranges=ranges last=last />
            <div class="viz-main">
                <div class="viz-stage">
                    <RangeList ranges=ranges setup=setup />
                </div>
                <aside class="viz-side">
                    <div class="pt-panel" data-testid="node-load-panel">
                        <h3>"Writes per node"</h3>
                        {move || node_bars("node-loads", &node_loads.get(), None)}
                        <p class="muted">"The balancer moves a range while the busiest node carries more than 1.2 × the mean."</p>
                    </div>
                </aside>
            </div>
        </VizPage>
    }
}

/// What the last step did, in words.
#[component]
fn StepLine(last: Memo<Option<RangeStep>>) -> impl IntoView {
    view! {
        <p class="status-line" data-testid="range-step">
            {move || match last.get() {
                None => "No writes yet: press Step or Play.".to_string(),
                Some(step) => {
                    let mut parts = vec![step.what.clone()];
                    if let Some(why) = &step.refused {
                        parts.push(format!("refused: {why}"));
                    }
                    if step.splits > 0 {
                        parts.push(format!("{} split{}", step.splits, if step.splits == 1 { "" } else { "s" }));
                    }
                    if step.merges > 0 {
                        parts.push(format!("{} merge{}", step.merges, if step.merges == 1 { "" } else { "s" }));
                    }
                    for (start, from, to) in &step.moved {
                        parts.push(format!("range from {start} moved node {from} → {to}"));
                    }
                    parts.join(" · ")
                }
            }}
        </p>
    }
}

/// Ranges, splits, merges, moves and work so far.
#[component]
fn Counters(
    ranges: Memo<Vec<RangeInfo>>,
    totals: Memo<(u64, u64, u64, (u64, u64))>,
) -> impl IntoView {
    let item = |label: &'static str, testid: &'static str, value: Signal<String>| {
        view! { <span>{label} " " <strong data-testid=testid>{value}</strong></span> }
    };
    view! {
        <p class="pt-counters" data-testid="range-counters">
            {item("ranges", "range-count", Signal::derive(move || ranges.with(Vec::len).to_string()))}
            {item("splits", "split-count", Signal::derive(move || totals.get().0.to_string()))}
            {item("merges", "merge-count", Signal::derive(move || totals.get().1.to_string()))}
            {item("range moves", "move-count", Signal::derive(move || totals.get().2.to_string()))}
            {item("writes", "write-count", Signal::derive(move || totals.get().3.0.to_string()))}
            {item("expired", "delete-count", Signal::derive(move || totals.get().3.1.to_string()))}
        </p>
    }
}

/// The key space: load per range above, the ranges coloured by node below.
#[component]
fn KeyBar(
    setup: RwSignal<RangeSetup>,
    ranges: Memo<Vec<RangeInfo>>,
    last: Memo<Option<RangeStep>>,
) -> impl IntoView {
    view! {
        <figure class="pt-figure">
            <svg class="range-bar" data-testid="key-bar" viewBox=format!("-14 -4 {} {}", W + 32.0, BAR_Y + BAR_H + 26.0)
                data-ranges=move || ranges.with(Vec::len)
                role="img" aria-label="the key space split into ranges, each range's load above it">
                {move || {
                    let s = setup.get();
                    let ranges = ranges.get();
                    let fresh = last.with(|l| l.as_ref().map(|l| l.new_starts.clone()).unwrap_or_default());
                    let moved: Vec<u64> = last.with(|l| l.as_ref().map(|l| l.moved.iter().map(|m| m.0).collect()).unwrap_or_default());
                    let hottest = ranges.iter().map(|r| r.load).max().unwrap_or(0);
                    let top = hottest.max(s.max_load).max(1) as f64;
                    let threshold_y = LOAD_H - LOAD_H * s.max_load as f64 / top;
                    let body = ranges.iter().enumerate().map(|(i, r)| {
                        let start = bound_value(&r.start);
                        let end = r.end.as_deref().map_or(s.universe + 1, bound_value);
                        let (x0, x1) = (x_of(start, s.universe), x_of(end, s.universe));
                        let h = LOAD_H * r.load as f64 / top;
                        let hot = hottest > 0 && r.load == hottest;
                        let class = format!(
                            "range-cell {}{}{}",
                            tone(r.node),
                            if fresh.contains(&start) { " fresh" } else { "" },
                            if moved.contains(&start) { " moved" } else { "" },
                        );
                        view! {
                            <rect class="range-load" class:hot=hot x=x0 width=(x1 - x0).max(0.5) y=LOAD_H - h height=h />
                            <rect class=class data-testid=format!("range-{i}") data-node=r.node data-load=r.load
                                data-keys=r.keys data-hot=hot.to_string() data-start=start
                                x=x0 width=(x1 - x0).max(0.5) y=BAR_Y height=BAR_H>
                                <title>{format!("[{start}, {end}) on node {}: {} keys, {} writes", r.node, r.keys, r.load)}</title>
                            </rect>
                        }
                    }).collect_view();
                    let mut ticks = vec![1u64];
                    while ticks.last().is_some_and(|&t| t * 10 <= s.universe) {
                        ticks.push(ticks.last().unwrap() * 10);
                    }
                    view! {
                        {body}
                        <line class="pt-cap" x1="0" x2=W y1=threshold_y y2=threshold_y />
                        <text class="pt-bar-label" x=W y=if threshold_y < 12.0 { threshold_y + 11.0 } else { threshold_y - 3.0 } text-anchor="end">{format!("split at load > {}", s.max_load)}</text>
                        {ticks.into_iter().map(|t| {
                            let x = x_of(t, s.universe);
                            view! {
                                <line class="range-tick" x1=x x2=x y1=BAR_Y + BAR_H y2=BAR_Y + BAR_H + 5.0 />
                                <text class="pt-bar-label" x=x y=BAR_Y + BAR_H + 16.0 text-anchor="middle">{t}</text>
                            }
                        }).collect_view()}
                    }
                }}
            </svg>
            <figcaption class="pt-legend">
                <span><span class="pt-swatch load"></span>"writes to the range"</span>
                <span><span class="pt-swatch hot"></span>"the hottest range"</span>
                <span><span class="pt-swatch fresh"></span>"just split off"</span>
                <span><span class="pt-swatch moved"></span>"just moved"</span>
                <span class="muted">"keys 1 to " {move || setup.with(|s| s.universe)} ", on a logarithmic scale"</span>
            </figcaption>
        </figure>
    }
}

/// Every range: bounds, node, keys and load.
#[component]
fn RangeList(ranges: Memo<Vec<RangeInfo>>, setup: RwSignal<RangeSetup>) -> impl IntoView {
    view! {
        <div class="pt-panel range-list" data-testid="range-list">
            <h3>"Ranges"</h3>
            <table>
                <thead><tr><th>"keys from"</th><th>"to"</th><th>"node"</th><th>"stored"</th><th>"writes"</th></tr></thead>
                <tbody>
                    {move || {
                        let universe = setup.with(|s| s.universe);
                        ranges.get().into_iter().map(|r| {
                            let end = r.end.as_deref().map_or(format!("{} (end)", universe), |e| bound_value(e).to_string());
                            view! {
                                <tr>
                                    <td>{bound_value(&r.start)}</td>
                                    <td>{end}</td>
                                    <td><span class=format!("pt-chip {}", tone(r.node))>{r.node}</span></td>
                                    <td>{r.keys}</td>
                                    <td>{r.load}</td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// The workload and thresholds besides the seed.
#[component]
fn RangeParamsForm(setup: RwSignal<RangeSetup>, player: RwSignal<RangePlayer>) -> impl IntoView {
    let draft = RwSignal::new(setup.get_untracked());
    let apply = Callback::new(move |()| {
        let next = draft.get_untracked();
        setup.set(next);
        player.set(range_player(next, &[], 0));
    });
    let exponents = EXPONENTS
        .iter()
        .map(|&e| (e as usize, short(f64::from(e) / 100.0, 2)))
        .collect();
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=apply>
            {count_field(draft, "Nodes at the start", "nodes", |d| d.nodes, |d, v| d.nodes = v, 1, |_| MAX_NODES)}
            {count_field(draft, "Keys (universe)", "universe", |d| d.universe as usize, |d, v| d.universe = v as u64, 2, |_| MAX_UNIVERSE as usize)}
            {choice_field(draft, "Zipf exponent s", "exponent", exponents,
                |d| (d.exponent * 100.0).round() as usize, |d, v| d.exponent = v as f64 / 100.0)}
            {count_field(draft, "Writes", "writes", |d| d.writes as usize, |d, v| d.writes = v as u64, 1, |_| MAX_WRITES as usize)}
            {count_field(draft, "Writes per step", "batch", |d| d.batch as usize, |d, v| d.batch = v as u64, 1, |_| MAX_BATCH as usize)}
            {count_field(draft, "Keys expiring after (%)", "expire", |d| d.expire_percent as usize, |d, v| d.expire_percent = v as u64, 0, |_| 100)}
            {count_field(draft, "Split above keys", "split-keys", |d| d.max_keys, |d, v| d.max_keys = v, 2, |_| 100_000)}
            {count_field(draft, "Split above writes", "split-load", |d| d.max_load as usize, |d, v| d.max_load = v as u64, 2, |_| 1_000_000)}
        </ParamsForm>
    }
}
