//! The Raft page: the ring with roles, terms and election timers, messages
//! in flight, every log, the space-time diagram, the Figure 3 invariants,
//! fault injection, parameters, permalinks and embedding.

use super::params::{RaftParams, RaftScenario};
use super::partition::PartitionPicker;
use super::view;
use crate::player::controls::{KeyHelp, PlayerControls, bind_keys, drive};
use crate::player::{Player, Transport};
use crate::viz::chrome::{
    ShareButtons, UrlProblems, VizHeader, browser_random_seed, keep_url_in_step,
};
use crate::widgets::{
    InvariantPanel, Lane, Legend, LogGrid, NodeRing, SpaceTimeDiagram, StateTable,
};
use dsviz_core::consensus::raft::{Command, RaftNode};
use dsviz_core::sim::{Action, Fault, Latency, Probability};
use leptos::prelude::*;

/// How much history the space-time diagram shows.
const SPACE_TIME_WINDOW_MS: f64 = 600.0;

type RaftPlayer = Player<RaftNode>;

fn build(
    params: &RaftParams,
    scenario_inputs: Vec<dsviz_core::sim::Input<Command>>,
    step: u64,
) -> RaftPlayer {
    let mut player = Player::new(RaftScenario::simulation(params, scenario_inputs));
    player.seek(step);
    player
}

/// The page, started from the URL's query string.
#[component]
pub fn RaftPage(search: String, embed: bool) -> impl IntoView {
    let scenario = RaftScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(build(&scenario.params, scenario.inputs, scenario.step));
    let selected_node = RwSignal::new(None::<usize>);
    let selected_message = RwSignal::new(None::<u64>);
    let help = RwSignal::new(false);
    drive(player);
    bind_keys(player, help);

    let permalink = move || {
        let query = player.with_untracked(|p| {
            RaftScenario::to_query(&params.get_untracked(), p.sim().inputs(), p.step_index())
        });
        format!("/raft{query}")
    };
    keep_url_in_step(player, embed, permalink);
    let link = Callback::new(move |()| permalink());

    let inject = move |action: Action<Command>| player.update(|p| p.inject(action));
    let cursor = Memo::new(move |_| player.with(|p| p.cursor_time()));
    let ring_nodes = Memo::new(move |_| {
        player.with(|p| view::ring_nodes(p.sim(), cursor.get(), selected_node.get()))
    });
    let reduced_motion = window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());
    let messages = Memo::new(move |_| {
        player.with(|p| view::flow_messages(p.sim(), cursor.get(), reduced_motion))
    });
    let logs = Memo::new(move |_| player.with(|p| view::log_rows(p.sim())));
    let table = Memo::new(move |_| player.with(|p| view::state_table(p.sim())));
    let invariants = Memo::new(move |_| player.with(|p| view::invariants(p.sim())));
    let space_time =
        Memo::new(move |_| player.with(|p| view::space_time(p.sim(), SPACE_TIME_WINDOW_MS)));
    let node_count = Memo::new(move |_| params.with(|p| p.nodes));
    let leader = Memo::new(move |_| {
        player.with(|p| dsviz_core::consensus::raft::scenario::current_leader(p.sim().world()))
    });
    let next_value = move || player.with_untracked(|p| p.step_index() + 1);

    let seek = Callback::new(move |step: u64| {
        player.update(|p| {
            p.set_playing(false);
            p.seek(step);
        })
    });
    let pick_node = Callback::new(move |id: usize| {
        selected_message.set(None);
        selected_node.update(|s| *s = if *s == Some(id) { None } else { Some(id) });
    });
    let pick_message = Callback::new(move |id: u64| {
        selected_node.set(None);
        selected_message.set(Some(id));
    });

    view! {
        <section class="viz raft" class:embed=embed data-testid="raft-page">
            <UrlProblems problems=problems />
            <VizHeader embed=embed title="Raft" lede="Leader election and log replication (Ongaro & Ousterhout, 2014). Crash the leader, cut the network, and watch the Figure 3 properties hold." />
            <PlayerControls player=player />
            <div class="status-line" data-testid="status-line">
                {move || match leader.get() {
                    Some(l) => view! {
                        <span data-testid="leader" data-leader=l>
                            {format!("Leader S{} in term {}", l + 1, player.with(|p| p.sim().world().node(l).term()))}
                        </span>
                    }.into_any(),
                    None => view! { <span data-testid="leader" data-leader="none">"No leader"</span> }.into_any(),
                }}
            </div>
            <div class="viz-main">
                <div class="viz-stage">
                    <NodeRing nodes=ring_nodes messages=messages on_select=pick_node on_message=pick_message />
                    <Legend items=Signal::stored(view::legend()) />
                </div>
                <aside class="viz-side">
                    <FaultPanel
                        player=player
                        selected_node=selected_node
                        selected_message=selected_message
                        node_count=node_count
                        next_value=next_value
                        inject=inject
                    />
                    <InvariantPanel invariants=invariants on_seek=seek />
                    <SpaceTimeDiagram
                        lanes=Signal::derive(move || {
                            (0..node_count.get()).map(|node| Lane { node, label: format!("S{}", node + 1) }).collect::<Vec<_>>()
                        })
                        arrows=Signal::derive(move || space_time.with(|s| s.0.clone()))
                        marks=Signal::derive(move || space_time.with(|s| s.1.clone()))
                        cursor_ms=Signal::derive(move || cursor.get() as f64 / 1000.0)
                        window_ms=Signal::stored(SPACE_TIME_WINDOW_MS)
                        on_seek=seek
                    />

                </aside>
            </div>
            <LogGrid rows=logs />
            <StateTable
                headers=Signal::derive(move || table.with(|t| t.0.clone()))
                rows=Signal::derive(move || table.with(|t| t.1.clone()))
            />
            <Show when=move || !embed>
                <ParamsForm params=params player=player problems=problems />
            </Show>
            <ShareButtons link=link title="Raft" />
            <KeyHelp open=help />
        </section>
    }
}

/// Actions on the selected node or message, the network, and loss.
#[component]
fn FaultPanel(
    player: RwSignal<RaftPlayer>,
    selected_node: RwSignal<Option<usize>>,
    selected_message: RwSignal<Option<u64>>,
    node_count: Memo<usize>,
    next_value: impl Fn() -> u64 + Copy + Send + Sync + 'static,
    inject: impl Fn(Action<Command>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let fault = move |f: Fault| inject(Action::Fault(f));
    let node_up = move |id: usize| player.with(|p| p.sim().world().is_up(id));
    let loss = Memo::new(move |_| player.with(|p| p.sim().world().network().loss.fraction()));
    let latency_max_ms = Memo::new(move |_| {
        player.with(|p| match p.sim().world().network().latency {
            Latency::Fixed(t)
            | Latency::Uniform { max: t, .. }
            | Latency::HeavyTailed { max: t, .. } => t as f64 / 1000.0,
        })
    });
    view! {
        <div class="fault-panel" data-testid="fault-panel">
            <h3>"Inject"</h3>
            {move || match selected_node.get() {
                Some(id) if id < node_count.get() => view! {
                    <div class="fault-target" data-testid="node-actions">
                        <strong>{format!("Server S{}", id + 1)}</strong>
                        <Show when=move || node_up(id) fallback=move || view! {
                            <button data-testid="restart-node" on:click=move |_| fault(Fault::Restart(id))>"Restart"</button>
                        }>
                            <button data-testid="crash-node" on:click=move |_| fault(Fault::Crash(id))>"Crash"</button>
                            <button data-testid="timeout-node" on:click=move |_| inject(Action::Command { node: id, command: Command::TimeoutNow })>"Time out now"</button>
                            <button data-testid="request-node" on:click=move |_| inject(Action::Command { node: id, command: Command::Propose(next_value()) })>"Client request"</button>
                            <button data-testid="isolate-node" on:click=move |_| fault(Fault::Partition(vec![vec![id]]))>"Isolate"</button>
                        </Show>
                        <LinkCutter from=id node_count=node_count fault=fault />
                    </div>
                }.into_any(),
                _ => match selected_message.get().filter(|m| player.with(|p| p.sim().world().message(*m).is_some())) {
                    Some(id) => view! {
                        <div class="fault-target" data-testid="message-actions">
                            <strong>{format!("Message #{id}")}</strong>
                            <button data-testid="drop-message" on:click=move |_| fault(Fault::DropMessage(id))>"Drop"</button>
                            <button data-testid="duplicate-message" on:click=move |_| fault(Fault::DuplicateMessage(id))>"Duplicate"</button>
                            <button data-testid="delay-message" on:click=move |_| fault(Fault::DelayMessage { id, by: 100_000 })>"Delay 100 ms"</button>
                        </div>
                    }.into_any(),
                    None => view! { <p class="hint">"Click a server or a message in flight."</p> }.into_any(),
                },
            }}
            <PartitionPicker node_count=node_count fault=fault />
            <div class="fault-network">
                <button data-testid="heal" on:click=move |_| fault(Fault::Heal)>"Heal network"</button>
                <label>
                    "Loss "
                    <input
                        type="range"
                        data-testid="loss"
                        min="0"
                        max="0.5"
                        step="0.05"
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
                    <input
                        type="range"
                        data-testid="latency-max"
                        min="1"
                        max="200"
                        step="1"
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

/// Cuts the link from one server to another, one way or both ways, or
/// mends it.
#[component]
fn LinkCutter(
    from: usize,
    node_count: Memo<usize>,
    fault: impl Fn(Fault) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let to = RwSignal::new((from + 1) % node_count.get_untracked().max(1));
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
                        .map(|n| view! { <option value=n selected=move || to.get() == n>{format!("S{}", n + 1)}</option> })
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

/// Seed, node count and timing; applying starts a new run.
#[component]
fn ParamsForm(
    params: RwSignal<RaftParams>,
    player: RwSignal<RaftPlayer>,
    problems: RwSignal<Vec<String>>,
) -> impl IntoView {
    let draft = RwSignal::new(params.get_untracked());
    let apply = move || {
        let p = draft.get_untracked();
        params.set(p.clone());
        player.set(build(&p, Vec::new(), 0));
    };
    let number_field = move |label: &'static str,
                             testid: &'static str,
                             get: fn(&RaftParams) -> f64,
                             set: fn(&mut RaftParams, f64)| {
        view! {
            <label>
                {label}
                <input
                    type="number"
                    data-testid=testid
                    prop:value=move || draft.with(|d| get(d).to_string())
                    on:change=move |ev| {
                        match event_target_value(&ev).parse::<f64>() {
                            Ok(v) if v.is_finite() && v >= 0.0 => draft.update(|d| set(d, v)),
                            _ => problems.update(|list| list.push(format!("'{label}' needs a number"))),
                        }
                    }
                />
            </label>
        }
    };
    view! {
        <form class="params" data-testid="params" on:submit=move |ev| {
            ev.prevent_default();
            apply();
        }>
            <h3>"Scenario"</h3>
            <label>
                "Seed"
                <input type="number" data-testid="seed" prop:value=move || draft.with(|d| d.seed.to_string())
                    on:change=move |ev| {
                        if let Ok(seed) = event_target_value(&ev).parse() {
                            draft.update(|d| d.seed = seed);
                        }
                    }
                />
            </label>
            <button type="button" data-testid="random-seed" on:click=move |_| {
                draft.update(|d| d.seed = browser_random_seed());
                apply();
            }>"New random seed"</button>
            <label>
                "Servers"
                <select data-testid="nodes" on:change=move |ev| {
                    if let Ok(n) = event_target_value(&ev).parse() {
                        draft.update(|d| d.nodes = n);
                    }
                }>
                    {(3..=9usize).map(|n| view! { <option value=n selected=move || draft.with(|d| d.nodes == n)>{n}</option> }).collect_view()}
                </select>
            </label>
            {number_field("Election timeout min (ms)", "timeout-min", |d| d.election_timeout_ms.0, |d, v| d.election_timeout_ms.0 = v.max(10.0))}
            {number_field("Election timeout max (ms)", "timeout-max", |d| d.election_timeout_ms.1, |d, v| d.election_timeout_ms.1 = v.max(d.election_timeout_ms.0))}
            {number_field("Heartbeat (ms)", "heartbeat", |d| d.heartbeat_ms, |d, v| d.heartbeat_ms = v.clamp(1.0, d.election_timeout_ms.0 - 1.0))}
            {number_field("Latency min (ms)", "latency-min", |d| d.latency_ms.0, |d, v| d.latency_ms.0 = v.min(5_000.0))}
            {number_field("Latency max (ms)", "latency-max", |d| d.latency_ms.1, |d, v| d.latency_ms.1 = v.clamp(d.latency_ms.0, 5_000.0))}
            <button type="submit" data-testid="apply-params">"Start new run"</button>
        </form>
    }
}
