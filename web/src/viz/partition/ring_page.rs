//! The hash ring page: the circle with every node's virtual nodes and the
//! keys coloured by owner, node changes as player steps with the moved
//! keys highlighted and counted against `K/N`, the load histogram, the
//! scheme switch (consistent hashing, rendezvous, bounded loads) on the
//! same keys, and the preference list of a clicked key.

use super::bars::node_bars;
use super::common::{NodeChange, short, tone};
use super::ring_model::{RingSetup, RingState, Scheme, angle, key_position};
use super::ring_params::{
    C_CHOICES, MAX_KEYS, MAX_NODES, MAX_REPLICAS, MAX_VNODES, RingScenario, default_changes,
    ring_player,
};
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::param_fields::count_field;
use crate::viz::sketch_kit::percent;
use dsviz_core::partition::NodeId;
use leptos::prelude::*;
use std::collections::BTreeMap;

type RingPlayer = OpPlayer<RingState>;

const SIZE: f64 = 360.0;
const CENTRE: f64 = SIZE / 2.0;
const RADIUS: f64 = 150.0;
const KEY_RADIUS: f64 = 132.0;

fn on_circle(position: u64, radius: f64) -> (f64, f64) {
    let a = angle(position);
    (CENTRE + radius * a.sin(), CENTRE - radius * a.cos())
}

/// The page, started from the URL's query string.
#[component]
pub fn RingPage(search: String, embed: bool) -> impl IntoView {
    let scenario = RingScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let setup = RwSignal::new(scenario.setup);
    let replicas = RwSignal::new(scenario.replicas);
    let picked = RwSignal::new(scenario.key);
    let player = RwSignal::new(ring_player(scenario.setup, scenario.changes, scenario.step));
    let kit = page_kit(player, embed, move || {
        let query = player.with_untracked(|p| {
            RingScenario::to_query(
                &setup.get_untracked(),
                replicas.get_untracked(),
                p.ops(),
                p.step_index(),
                // Tracked: picking a key updates the address bar.
                picked.get(),
            )
        });
        format!("/hash-ring{query}")
    });
    let switch = Callback::new(move |next: RingSetup| {
        let (ops, step) = player.with_untracked(|p| (p.ops().to_vec(), p.step_index()));
        setup.set(next);
        player.set(ring_player(next, ops, step));
    });

    let positions = Memo::new(move |_| {
        let s = setup.get();
        (0..s.keys)
            .map(|i| key_position(s.seed, i))
            .collect::<Vec<_>>()
    });
    let owners = Memo::new(move |_| player.with(|p| p.state().owners()));
    let tokens = Memo::new(move |_| player.with(|p| p.state().tokens()));
    let last = Memo::new(move |_| player.with(|p| p.state().last().cloned()));
    let loads = Memo::new(move |_| player.with(|p| p.state().loads()));
    let cap = Memo::new(move |_| player.with(|p| p.state().cap()));
    let nodes = Memo::new(move |_| player.with(|p| p.state().nodes()));

    view! {
        <VizPage class="viz partition-page ring-page" testid="hash-ring-page" embed=embed problems=problems kit=kit
            title="Hash ring"
            lede="Consistent hashing places every node at many points (virtual nodes) on a circle, and a key belongs to the first point clockwise from its hash. A node joining or leaving moves only about K/N keys. Switch to rendezvous hashing or to bounded loads and replay the same changes on the same keys."
            params=move || view! { <RingParamsForm setup=setup replicas=replicas player=player picked=picked /> }
        >
            <PlayerControls player=player />
            <SchemeBar setup=setup switch=switch />
            <ChangeBar player=player nodes=nodes />
            <ChangeSummary last=last keys=Signal::derive(move || setup.with(|s| s.keys)) />
            <div class="viz-main">
                <div class="viz-stage">
                    <RingSvg setup=setup positions=positions owners=owners tokens=tokens last=last picked=picked />
                </div>
                <aside class="viz-side">
                    <LoadHistogram loads=loads cap=cap />
                    <PreferencePanel player=player picked=picked replicas=replicas />
                </aside>
            </div>
        </VizPage>
    }
}

/// The three schemes, and the load factor of bounded loads.
#[component]
fn SchemeBar(setup: RwSignal<RingSetup>, switch: Callback<RingSetup>) -> impl IntoView {
    view! {
        <div class="pt-toolbar" data-testid="scheme-bar" role="group" aria-label="Scheme">
            <span class="pt-toolbar-title">"Scheme"</span>
            {Scheme::ALL.into_iter().map(|scheme| view! {
                <button
                    data-testid=format!("scheme-{}", scheme.key())
                    aria-pressed=move || (setup.with(|s| s.scheme) == scheme).to_string()
                    class:primary=move || setup.with(|s| s.scheme) == scheme
                    on:click=move |_| {
                        let s = setup.get_untracked();
                        if s.scheme != scheme {
                            switch.run(RingSetup { scheme, ..s });
                        }
                    }
                >{scheme.name()}</button>
            }).collect_view()}
            <Show when=move || setup.with(|s| s.scheme == Scheme::Bounded)>
                <label>
                    "c "
                    <select data-testid="c" on:change=move |ev| {
                        if let Ok(c) = event_target_value(&ev).parse::<f64>() {
                            switch.run(RingSetup { c, ..setup.get_untracked() });
                        }
                    }>
                        {C_CHOICES.into_iter().map(|c| view! {
                            <option value=c.to_string() selected=move || setup.with(|s| s.c == c)>{short(c, 2)}</option>
                        }).collect_view()}
                    </select>
                </label>
            </Show>
        </div>
    }
}

/// "Add a node" and "Remove node …": each becomes the next step.
#[component]
fn ChangeBar(player: RwSignal<RingPlayer>, nodes: Memo<Vec<NodeId>>) -> impl IntoView {
    let chosen = RwSignal::new(None::<NodeId>);
    let target = move || {
        let list = nodes.get();
        chosen
            .get()
            .filter(|n| list.contains(n))
            .or(list.first().copied())
    };
    view! {
        <div class="pt-toolbar" data-testid="change-bar">
            <button data-testid="add-node" on:click=move |_| player.update(|p| p.push(NodeChange::Add))>
                {move || format!("Add node {}", player.with(|p| p.state().next_node()))}
            </button>
            <label>
                "Remove "
                <select data-testid="remove-pick" on:change=move |ev| {
                    chosen.set(event_target_value(&ev).parse().ok());
                }>
                    {move || nodes.get().into_iter().map(|n| view! {
                        <option value=n selected=move || target() == Some(n)>{format!("node {n}")}</option>
                    }).collect_view()}
                </select>
            </label>
            <button data-testid="remove-node" disabled=move || nodes.with(|n| n.len() <= 1)
                on:click=move |_| {
                    if let Some(node) = target() {
                        player.update(|p| p.push(NodeChange::Remove(node)));
                    }
                }>"Remove"</button>
            <span class="muted">"A change made here replaces the steps after the cursor."</span>
        </div>
    }
}

/// How many keys the last change moved, against `K/N`.
#[component]
fn ChangeSummary(
    last: Memo<Option<super::ring_model::Change>>,
    keys: Signal<usize>,
) -> impl IntoView {
    view! {
        <p class="status-line" data-testid="moved-summary">
            {move || match last.get() {
                None => view! { <span>"The starting placement. Press Step to apply the first node change, or add a node."</span> }.into_any(),
                Some(change) if change.refused.is_some() => view! {
                    <span data-testid="refused">
                        {format!("Could not {}: {}.", change.change.describe(), change.refused.unwrap_or_default())}
                    </span>
                }.into_any(),
                Some(change) => {
                    let k = keys.get();
                    let expected = change.expected_share() * k as f64;
                    let moved = change.moved.len();
                    let what = match change.change {
                        NodeChange::Add => format!("Node {} joined", change.node),
                        NodeChange::Remove(n) => format!("Node {n} left"),
                    };
                    view! {
                        <span>
                            {what} ": "
                            <strong data-testid="moved-count">{moved}</strong>
                            {format!(" of {k} keys moved ({}); K/N = {k}/{} ≈ ", percent(moved as f64 / k.max(1) as f64), change.nodes_before.max(change.nodes_after))}
                            <span data-testid="expected-count">{short(expected, 1)}</span>
                            " expected."
                        </span>
                    }.into_any()
                }
            }}
        </p>
    }
}

/// The circle: virtual nodes as ticks, keys as dots coloured by owner,
/// the keys the last change moved ringed.
#[component]
fn RingSvg(
    setup: RwSignal<RingSetup>,
    positions: Memo<Vec<u64>>,
    owners: Memo<Vec<Option<NodeId>>>,
    tokens: Memo<Vec<(u64, NodeId)>>,
    last: Memo<Option<super::ring_model::Change>>,
    picked: RwSignal<Option<usize>>,
) -> impl IntoView {
    let moved = Memo::new(move |_| {
        last.with(|l| {
            l.as_ref()
                .map(|c| {
                    c.moved
                        .iter()
                        .map(|m| m.key)
                        .collect::<std::collections::BTreeSet<_>>()
                })
                .unwrap_or_default()
        })
    });
    let rendezvous = move || setup.with(|s| s.scheme == Scheme::Rendezvous);
    view! {
        <figure class="pt-figure">
            <svg class="ring-svg" data-testid="hash-ring" viewBox=format!("0 0 {SIZE} {SIZE}")
                data-moved=move || moved.with(|m| m.len())
                role="img" aria-label="keys and virtual nodes on the hash ring">
                <circle class="ring-circle" class:no-ring=rendezvous cx=CENTRE cy=CENTRE r=RADIUS />
                {move || tokens.get().into_iter().map(|(position, node)| {
                    let (x1, y1) = on_circle(position, RADIUS - 7.0);
                    let (x2, y2) = on_circle(position, RADIUS + 7.0);
                    view! { <line class=format!("ring-token {}", tone(node)) data-node=node x1=x1 y1=y1 x2=x2 y2=y2 /> }
                }).collect_view()}
                {move || {
                    let owners = owners.get();
                    let moved = moved.get();
                    let chosen = picked.get();
                    positions.get().into_iter().enumerate().map(|(i, position)| {
                        // Three lanes, so keys with nearby hashes stay apart enough to click.
                        let (x, y) = on_circle(position, KEY_RADIUS - (i % 3) as f64 * 9.0);
                        let owner = owners.get(i).copied().flatten();
                        let was_moved = moved.contains(&i);
                        let class = format!(
                            "ring-key {}{}{}",
                            owner.map(tone).unwrap_or_default(),
                            if was_moved { " moved" } else { "" },
                            if chosen == Some(i) { " picked" } else { "" },
                        );
                        let r = if chosen == Some(i) { 6.5 } else if was_moved { 5.0 } else { 3.4 };
                        view! {
                            <circle class=class cx=x cy=y r=r data-testid=format!("key-{i}")
                                data-owner=owner.map(|o| o.to_string()).unwrap_or_default()
                                data-moved=was_moved.to_string()
                                on:click=move |_| picked.set(Some(i))>
                                <title>{format!("key k{i} on node {}", owner.map(|o| o.to_string()).unwrap_or("—".into()))}</title>
                            </circle>
                        }
                    }).collect_view()
                }}
                <text class="ring-centre" x=CENTRE y=CENTRE - 6.0 text-anchor="middle">
                    {move || setup.with(|s| s.scheme.name())}
                </text>
                <text class="ring-centre small" x=CENTRE y=CENTRE + 12.0 text-anchor="middle">
                    {move || if rendezvous() {
                        "no ring: dots sit at their key's hash".to_string()
                    } else {
                        format!("{} virtual nodes", tokens.with(Vec::len))
                    }}
                </text>
            </svg>
            <figcaption class="pt-legend" data-testid="ring-legend">
                <span><svg width="14" height="14" aria-hidden="true"><circle class="ring-key" cx="7" cy="7" r="4" /></svg>"a key (click for its replicas)"</span>
                <span><svg width="14" height="14" aria-hidden="true"><circle class="ring-key moved" cx="7" cy="7" r="5" /></svg>"moved by the last change"</span>
                <span><svg width="14" height="14" aria-hidden="true"><line class="ring-token" x1="7" y1="1" x2="7" y2="13" /></svg>"a virtual node"</span>
            </figcaption>
        </figure>
    }
}

/// Keys per node as bars, with the mean and (bounded loads) the cap.
#[component]
fn LoadHistogram(loads: Memo<BTreeMap<NodeId, usize>>, cap: Memo<Option<usize>>) -> impl IntoView {
    view! {
        <div class="pt-panel" data-testid="load-panel">
            <h3>"Keys per node"</h3>
            {move || {
                let loads: Vec<(NodeId, u64)> = loads.get().into_iter().map(|(n, l)| (n, l as u64)).collect();
                node_bars("load-histogram", &loads, cap.get().map(|c| c as u64))
            }}
            <p class="pt-legend">
                <span><span class="pt-swatch mean"></span>"mean"</span>
                {move || cap.get().map(|c| view! { <span><span class="pt-swatch cap"></span>{format!("cap ⌈c·K/N⌉ = {c}")}</span> })}
            </p>
        </div>
    }
}

/// The clicked key's owner and replicas.
#[component]
fn PreferencePanel(
    player: RwSignal<RingPlayer>,
    picked: RwSignal<Option<usize>>,
    replicas: RwSignal<usize>,
) -> impl IntoView {
    let list = Memo::new(move |_| {
        let key = picked.get()?;
        let r = replicas.get();
        player.with(|p| {
            (key < p.state().key_count()).then(|| (key, p.state().preference_list(key, r)))
        })
    });
    let scheme = move || player.with(|p| p.state().setup().scheme);
    view! {
        <div class="pt-panel" data-testid="preference-panel">
            <h3>"Replicas of a key"</h3>
            {move || match list.get() {
                None => view! { <p class="muted" data-testid="preference-hint">"Click a key on the ring to see its preference list."</p> }.into_any(),
                Some((key, nodes)) => view! {
                    <p>
                        {format!("Key k{key}: ")}
                        <span class="pt-chips" data-testid="preference-list">
                            {nodes.iter().enumerate().map(|(i, &n)| view! {
                                <span class=format!("pt-chip {}", tone(n)) data-node=n>
                                    {if i == 0 { format!("node {n} (owner)") } else { format!("node {n}") }}
                                </span>
                            }).collect_view()}
                        </span>
                    </p>
                    <p class="muted">{match scheme() {
                        Scheme::Ring => "The next distinct nodes clockwise: a replica on each, as Dynamo's preference list.",
                        Scheme::Rendezvous => "The nodes with the highest scores for this key, best first.",
                        Scheme::Bounded => "The owner, then the next distinct nodes clockwise: the order the walk past full nodes follows.",
                    }}</p>
                    <button data-testid="clear-key" on:click=move |_| picked.set(None)>"Clear"</button>
                }.into_any(),
            }}
        </div>
    }
}

/// Starting nodes, virtual nodes, keys and replicas besides the seed.
#[component]
fn RingParamsForm(
    setup: RwSignal<RingSetup>,
    replicas: RwSignal<usize>,
    player: RwSignal<RingPlayer>,
    picked: RwSignal<Option<usize>>,
) -> impl IntoView {
    #[derive(Clone, Copy)]
    struct Draft {
        setup: RingSetup,
        replicas: usize,
    }
    let draft = RwSignal::new(Draft {
        setup: setup.get_untracked(),
        replicas: replicas.get_untracked(),
    });
    let apply = Callback::new(move |()| {
        let d = draft.get_untracked();
        let next = RingSetup {
            scheme: setup.get_untracked().scheme,
            c: setup.get_untracked().c,
            ..d.setup
        };
        setup.set(next);
        replicas.set(d.replicas);
        picked.set(None);
        player.set(ring_player(next, default_changes(next.nodes), 0));
    });
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.setup.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.setup.seed = seed)) apply=apply>
            {count_field(draft, "Nodes at the start", "nodes",
                |d| d.setup.nodes, |d, v| d.setup.nodes = v, 1, |_| MAX_NODES)}
            {count_field(draft, "Virtual nodes per node", "vnodes",
                |d| d.setup.vnodes as usize, |d, v| d.setup.vnodes = v as u32, 1, |_| MAX_VNODES as usize)}
            {count_field(draft, "Keys", "keys",
                |d| d.setup.keys, |d, v| d.setup.keys = v, 1, |_| MAX_KEYS)}
            {count_field(draft, "Replicas per key", "replicas",
                |d| d.replicas, |d, v| d.replicas = v, 1, |_| MAX_REPLICAS)}
        </ParamsForm>
    }
}
