//! The version-vectors page: the player over the store's operations, the
//! scenario menu, the counters per scheme, the three schemes side by side,
//! buttons that add reads, writes and syncs with a preview of what a write
//! would replace, and the parameters of a random workload.

use super::columns::{SchemeColumn, SchemeSummary};
use super::scenario::{MAX_CLIENTS, MAX_EVENTS, MAX_SERVERS, MAX_TOTAL, MIN_SERVERS, VvScenario};
use super::text::{
    client_name, clock_text, op_text, relation_symbol, relation_word, scheme_key, server_name,
    write_name,
};
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, browser_random_seed, page_kit};
use crate::viz::param_fields::count_field;
use dsviz_core::clocks::Causality;
use dsviz_core::clocks::store::{Scheme, Store, StoreOp, store_scenarios};
use leptos::prelude::*;

/// Operations per second at 1×.
const RATE: f64 = 2.0;

type StorePlayer = OpPlayer<Store>;

fn build(scenario: &VvScenario) -> StorePlayer {
    OpPlayer::at(
        Store::new(scenario.servers, scenario.clients),
        scenario.ops(),
        RATE,
        scenario.step,
    )
}

/// The page, started from the URL's query string.
#[component]
pub fn VersionVectorsPage(search: String, embed: bool) -> impl IntoView {
    let opened = VvScenario::from_query(&search);
    let problems = RwSignal::new(opened.problems.clone());
    let player = RwSignal::new(build(&opened));
    let run = RwSignal::new(opened);
    let kit = page_kit(player, embed, move || {
        let mut scenario = run.get_untracked();
        scenario.step = player.with_untracked(|p| p.step_index());
        format!("/version-vectors{}", scenario.to_query())
    });
    let store = Memo::new(move |_| player.with(|p| p.state().clone()));
    let last = Memo::new(move |_| player.with(|p| p.last_op().copied()));
    let fresh = Signal::derive(move || match last.get() {
        Some(StoreOp::Write { .. }) => store.with(|s| s.writes().len().checked_sub(1)),
        _ => None,
    });

    // Adds an operation after the one shown (dropping any later ones).
    let add = Callback::new(move |op: StoreOp| {
        let mut scenario = run.get_untracked();
        let step = player.with_untracked(|p| p.step_index()) as usize;
        let base = scenario.ops().len() - scenario.extra.len();
        if step < base {
            problems.set(vec![format!(
                "operations are added after the scenario's {base}: play to its end first"
            )]);
            return;
        }
        if step >= MAX_TOTAL || store.with_untracked(|s| s.check(op)).is_err() {
            return;
        }
        scenario.extra.truncate(step - base);
        scenario.extra.push(op);
        scenario.step = (base + scenario.extra.len()) as u64;
        player.set(build(&scenario));
        run.set(scenario);
    });
    let restart = Callback::new(move |scenario: VvScenario| {
        player.set(build(&scenario));
        run.set(scenario);
    });

    view! {
        <VizPage class="viz clocks version-vectors" testid="version-vectors-page" embed=embed problems=problems kit=kit
            title="Version vectors and dotted version vectors"
            lede="Servers keep copies of one key; clients read it and write it back, and servers sync. The same operations run three times: version vectors with one entry per server (small, but two clients writing through one server look ordered, and an update is lost), with one entry per client (exact, but clocks grow with the clients), and dotted version vectors (exact with one entry per server). Each is checked against the true causal history of every write."
            params=move || view! { <VvParamsForm run=run restart=restart /> }
        >
            <ScenarioMenu run=run restart=restart />
            <PlayerControls player=player />
            <div class="status-line" data-testid="status-line">
                <span data-testid="last-op">{move || match last.get() {
                    None => "Nothing has happened yet: press play or step.".to_string(),
                    Some(op) => {
                        let write = fresh.get();
                        format!("Last: {}", op_text(&op, write))
                    }
                }}</span>
            </div>
            <SchemeSummary store=store />
            <div class="vv-columns" data-testid="vv-columns">
                {Scheme::ALL.into_iter().map(|scheme| view! {
                    <SchemeColumn store=store scheme=scheme fresh=fresh />
                }).collect_view()}
            </div>
            <ul class="legend vv-legend">
                <li><span class="vv-swatch fresh"></span>"just written"</li>
                <li><span class="vv-swatch lost"></span>"lost update: a true sibling the server discarded"</li>
                <li><span class="vv-swatch false-sibling"></span>"kept although superseded"</li>
                <li>"∥ concurrent · < before · > after · = equal"</li>
            </ul>
            <AddOps store=store add=add />
        </VizPage>
    }
}

/// The named scenarios and the random workload, with the chosen one's point.
#[component]
fn ScenarioMenu(run: RwSignal<VvScenario>, restart: Callback<VvScenario>) -> impl IntoView {
    let pick = move |key: String| {
        let mut scenario = run.get_untracked();
        scenario.extra.clear();
        scenario.scenario = store_scenarios()
            .into_iter()
            .find(|s| s.key == key)
            .map(|s| s.key);
        match scenario.named() {
            Some(named) => {
                scenario.servers = named.servers;
                scenario.clients = named.clients;
            }
            None => {
                scenario.servers = VvScenario::DEFAULT_SERVERS;
                scenario.clients = VvScenario::DEFAULT_CLIENTS;
            }
        }
        scenario.step = 0;
        restart.run(scenario);
    };
    view! {
        <div class="vv-menu" data-testid="scenario-menu">
            <label>
                "Scenario "
                <select data-testid="scenario-select" on:change=move |ev| pick(event_target_value(&ev))>
                    {store_scenarios().into_iter().map(|s| view! {
                        <option value=s.key selected=move || run.with(|r| r.scenario == Some(s.key))>{s.title}</option>
                    }).collect_view()}
                    <option value="random" selected=move || run.with(|r| r.scenario.is_none())>"Random workload"</option>
                </select>
            </label>
            <button data-testid="random-workload" on:click=move |_| {
                let mut scenario = run.get_untracked();
                if scenario.scenario.is_some() {
                    scenario.servers = VvScenario::DEFAULT_SERVERS;
                    scenario.clients = VvScenario::DEFAULT_CLIENTS;
                }
                scenario.scenario = None;
                scenario.seed = browser_random_seed();
                scenario.extra.clear();
                scenario.step = 0;
                restart.run(scenario);
            }>"New random workload"</button>
            <p class="vv-why" data-testid="scenario-why">{move || run.with(|r| match r.named() {
                Some(named) => named.why.to_string(),
                None => format!(
                    "{} random reads, writes and syncs by {} clients on {} servers (seed {}).",
                    r.events, r.clients, r.servers, r.seed
                ),
            })}</p>
        </div>
    }
}

/// Choose a client and a server, then read or write; or sync two servers.
/// The preview shows the clock the write would get under each scheme and
/// how it compares with each version the server keeps.
#[component]
fn AddOps(store: Memo<Store>, add: Callback<StoreOp>) -> impl IntoView {
    let client = RwSignal::new(0usize);
    let server = RwSignal::new(0usize);
    let from = RwSignal::new(0usize);
    let to = RwSignal::new(1usize);
    let sizes = Memo::new(move |_| store.with(|s| (s.servers(), s.clients())));
    let fit = move |v: RwSignal<usize>, n: usize| v.get().min(n.saturating_sub(1));
    let options = move |n: usize, name: fn(usize) -> String, chosen: RwSignal<usize>| {
        (0..n)
            .map(
                |i| view! { <option value=i selected=move || chosen.get() == i>{name(i)}</option> },
            )
            .collect_view()
    };
    let choose = |v: RwSignal<usize>| {
        move |ev: leptos::ev::Event| {
            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                v.set(i);
            }
        }
    };
    view! {
        <section class="panel vv-add" data-testid="add-ops">
            <h3>"Add an operation"</h3>
            <div class="vv-add-row">
                <label>"Client "
                    <select data-testid="op-client" on:change=choose(client)>
                        {move || options(sizes.get().1, client_name, client)}
                    </select>
                </label>
                <label>"at server "
                    <select data-testid="op-server" on:change=choose(server)>
                        {move || options(sizes.get().0, server_name, server)}
                    </select>
                </label>
                <button data-testid="add-read" on:click=move |_| {
                    let (s, c) = sizes.get_untracked();
                    add.run(StoreOp::Read { client: fit(client, c), server: fit(server, s) });
                }>"Read"</button>
                <button data-testid="add-write" on:click=move |_| {
                    let (s, c) = sizes.get_untracked();
                    add.run(StoreOp::Write { client: fit(client, c), server: fit(server, s) });
                }>"Write"</button>
            </div>
            <div class="vv-preview" data-testid="write-preview">
                {move || {
                    let (s, c) = sizes.get();
                    let (c, s) = (fit(client, c), fit(server, s));
                    store.with(|st| {
                        let next = st.writes().len();
                        Scheme::ALL.into_iter().map(|scheme| {
                            let key = scheme_key(scheme);
                            let (clock, relations) = st.scheme(scheme).preview_write(c, s);
                            let verdicts: Vec<String> = relations.iter().map(|&(w, rel)| {
                                let (new, old) = (write_name(next), write_name(w));
                                let symbol = relation_symbol(rel);
                                if rel == Causality::After {
                                    format!("replaces {old} ({new} {symbol} {old})")
                                } else {
                                    format!("keeps {old} as a sibling ({new} {symbol} {old}, {})", relation_word(rel))
                                }
                            }).collect();
                            view! {
                                <p data-testid=format!("preview-{key}")
                                    data-replaces=relations.iter().filter(|r| r.1 == Causality::After).count()>
                                    <b>{format!("{}: ", scheme.label())}</b>
                                    {format!(
                                        "{} would get {}{}",
                                        write_name(next),
                                        clock_text(scheme, &clock),
                                        if verdicts.is_empty() { String::new() } else { format!(" and {}", verdicts.join(", ")) }
                                    )}
                                </p>
                            }
                        }).collect_view()
                    })
                }}
            </div>
            <div class="vv-add-row">
                <label>"Sync from "
                    <select data-testid="sync-from" on:change=choose(from)>
                        {move || options(sizes.get().0, server_name, from)}
                    </select>
                </label>
                <label>"into "
                    <select data-testid="sync-to" on:change=choose(to)>
                        {move || options(sizes.get().0, server_name, to)}
                    </select>
                </label>
                <button data-testid="add-sync" on:click=move |_| {
                    let s = sizes.get_untracked().0;
                    add.run(StoreOp::Sync { from: fit(from, s), to: fit(to, s) });
                }>"Sync"</button>
            </div>
        </section>
    }
}

/// Servers, clients, workload length and seed of a random workload.
#[component]
fn VvParamsForm(run: RwSignal<VvScenario>, restart: Callback<VvScenario>) -> impl IntoView {
    let draft = RwSignal::new(run.get_untracked());
    Effect::new(move |_| draft.set(run.get()));
    let apply = Callback::new(move |()| {
        let mut scenario = draft.get_untracked();
        scenario.scenario = None;
        scenario.extra.clear();
        scenario.step = 0;
        restart.run(scenario);
    });
    view! {
        <ParamsForm
            seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed))
            apply=apply
        >
            {count_field(draft, "Servers", "servers", |d| d.servers, |d, v| d.servers = v, MIN_SERVERS, |_| MAX_SERVERS)}
            {count_field(draft, "Clients", "clients", |d| d.clients, |d, v| d.clients = v, 1, |_| MAX_CLIENTS)}
            {count_field(draft, "Random operations", "events", |d| d.events, |d, v| d.events = v, 0, |_| MAX_EVENTS)}
        </ParamsForm>
    }
}
