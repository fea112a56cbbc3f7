//! The clocks page: the player over the execution, the diagram, the picked
//! event's relations, the Lamport-versus-vectors panel, buttons that add
//! events by hand, and the parameters.

use super::diagram::{ClockDiagram, vector_text};
use super::scenario::{ClocksScenario, MAX_EVENTS, MAX_PROCESSES, MAX_TOTAL, MIN_PROCESSES};
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, browser_random_seed, page_kit};
use crate::viz::param_fields::count_field;
use dsviz_core::clocks::{Causality, ClockOp, Execution};
use leptos::prelude::*;

/// Events per second at 1×.
const RATE: f64 = 3.0;

type ClockPlayer = OpPlayer<Execution>;

fn build(scenario: &ClocksScenario) -> ClockPlayer {
    OpPlayer::at(
        Execution::new(scenario.processes),
        scenario.ops(),
        RATE,
        scenario.step,
    )
}

fn name(ex: &Execution, event: usize) -> String {
    let e = &ex.events()[event];
    format!("P{}·{}", e.process + 1, e.local_index)
}

/// The page, started from the URL's query string.
#[component]
pub fn ClocksPage(search: String, embed: bool) -> impl IntoView {
    let opened = ClocksScenario::from_query(&search);
    let problems = RwSignal::new(opened.problems.clone());
    let player = RwSignal::new(build(&opened));
    let pick = RwSignal::new(opened.pick);
    let run = RwSignal::new(opened);
    let kit = page_kit(player, embed, move || {
        let mut scenario = run.get_untracked();
        scenario.step = player.with_untracked(|p| p.step_index());
        scenario.pick = pick.get().filter(|&e| (e as u64) < scenario.step);
        format!("/clocks{}", scenario.to_query())
    });

    let execution = Memo::new(move |_| player.with(|p| p.state().clone()));
    let pair = Memo::new(move |_| execution.with(|ex| ex.lamport_misleads()));
    let shown_pick = Signal::derive(move || {
        pick.get()
            .filter(|&e| execution.with(|ex| e < ex.events().len()))
    });
    let on_pick = Callback::new(move |event: usize| {
        pick.update(|p| *p = if *p == Some(event) { None } else { Some(event) })
    });

    // Adds an event after the one shown (dropping any later ones), and shows it.
    let add = Callback::new(move |op: ClockOp| {
        let mut scenario = run.get_untracked();
        let step = player.with_untracked(|p| p.step_index()) as usize;
        let workload = scenario.ops().len() - scenario.extra.len();
        if step < workload {
            problems.set(vec![format!(
                "events are added after the workload's {workload}: play to its end first"
            )]);
            return;
        }
        scenario.extra.truncate(step - workload);
        let mut ex = player.with_untracked(|p| p.state().clone());
        if ex.events().len() >= MAX_TOTAL || ex.apply(op).is_err() {
            return;
        }
        scenario.extra.push(op);
        scenario.step = (workload + scenario.extra.len()) as u64;
        player.set(build(&scenario));
        run.set(scenario);
    });
    let restart = Callback::new(move |scenario: ClocksScenario| {
        pick.set(None);
        player.set(build(&scenario));
        run.set(scenario);
    });

    view! {
        <VizPage class="viz clocks" testid="clocks-page" embed=embed problems=problems kit=kit
            title="Logical clocks"
            lede="Processes compute, send and receive. Every event gets a Lamport timestamp (above it) and a vector clock (below): a → b implies L(a) < L(b), but only the vectors say exactly when a happened before b. Click an event to see its causal past, its future, and everything concurrent with it."
            params=move || view! { <ClocksParamsForm run=run restart=restart /> }
        >
            <PlayerControls player=player />
            <PickStatus execution=execution pick=shown_pick />
            <div class="clocks-main">
                <ClockDiagram execution=execution pick=shown_pick pair=pair on_pick=on_pick />
                <ul class="legend clocks-legend">
                    <li><span class="swatch picked"></span>"picked"</li>
                    <li><span class="swatch past"></span>"happened before it"</li>
                    <li><span class="swatch future"></span>"happened after it"</li>
                    <li><span class="swatch concurrent"></span>"concurrent"</li>
                </ul>
            </div>
            <div class="clocks-panels">
                <MisleadingPanel execution=execution pair=pair pick=pick />
                <AddEvents execution=execution add=add restart=restart run=run />
            </div>
        </VizPage>
    }
}

/// The status line: events, messages in flight, and the picked event.
#[component]
fn PickStatus(execution: Memo<Execution>, pick: Signal<Option<usize>>) -> impl IntoView {
    let text = move || {
        execution.with(|ex| {
            let head = format!(
                "{} events · {} messages in flight",
                ex.events().len(),
                ex.in_flight().count()
            );
            let Some(p) = pick.get() else {
                return format!("{head} · click an event to see what it depends on");
            };
            let count = |want: Causality| {
                (0..ex.events().len())
                    .filter(|&e| e != p && ex.relation(e, p) == want)
                    .count()
            };
            format!(
                "{head} · {} (L = {}, V = {}): {} events in its causal past, {} in its future, {} concurrent",
                name(ex, p),
                ex.events()[p].lamport,
                vector_text(ex, p),
                count(Causality::Before),
                count(Causality::After),
                count(Causality::Concurrent)
            )
        })
    };
    view! {
        <div class="status-line" data-testid="status-line">
            <span data-testid="pick-status" data-pick=move || pick.get().map(|p| p.to_string()).unwrap_or_default()>{text}</span>
        </div>
    }
}

/// Two events that Lamport order ranks but that are concurrent.
#[component]
fn MisleadingPanel(
    execution: Memo<Execution>,
    pair: Memo<Option<(usize, usize)>>,
    pick: RwSignal<Option<usize>>,
) -> impl IntoView {
    view! {
        <section class="panel clocks-misleading" data-testid="misleading">
            <h3>"Lamport order is not causality"</h3>
            {move || match pair.get() {
                None => view! {
                    <p data-testid="misleading-none">"No two events yet where L(a) < L(b) but a and b are concurrent: add events on different processes that do not talk."</p>
                }.into_any(),
                Some((a, b)) => execution.with(|ex| {
                    let (ea, eb) = (&ex.events()[a], &ex.events()[b]);
                    view! {
                        <p data-testid="misleading-pair" data-a=a data-b=b>
                            {format!(
                                "{}: L = {} and {}: L = {}. Lamport order puts {} first, yet the vectors {} and {} are incomparable: neither event could have influenced the other.",
                                name(ex, a), ea.lamport, name(ex, b), eb.lamport, name(ex, a),
                                vector_text(ex, a), vector_text(ex, b)
                            )}
                        </p>
                        <button data-testid="show-misleading" on:click=move |_| pick.set(Some(a))>
                            {format!("Pick {}", name(ex, a))}
                        </button>
                    }.into_any()
                }),
            }}
        </section>
    }
}

/// Buttons that add one event: a local event or a send at a process, or
/// the delivery of a message in flight; and a fresh random workload.
#[component]
fn AddEvents(
    execution: Memo<Execution>,
    add: Callback<ClockOp>,
    restart: Callback<ClocksScenario>,
    run: RwSignal<ClocksScenario>,
) -> impl IntoView {
    let target = RwSignal::new(vec![1usize; MAX_PROCESSES]);
    let processes = Memo::new(move |_| execution.with(|ex| ex.processes()));
    view! {
        <section class="panel clocks-add" data-testid="add-events">
            <h3>"Add an event"</h3>
            <table class="clocks-buttons">
                <tbody>
                    {move || (0..processes.get()).map(|p| {
                        let others: Vec<usize> = (0..processes.get()).filter(|&q| q != p).collect();
                        let first = others[0];
                        view! {
                            <tr>
                                <th>{format!("P{}", p + 1)}</th>
                                <td><button data-testid=format!("local-{p}") on:click=move |_| add.run(ClockOp::Local(p))>"Local event"</button></td>
                                <td>
                                    <button data-testid=format!("send-{p}") on:click=move |_| {
                                        let to = target.with_untracked(|t| t[p]);
                                        let to = if to == p || to >= processes.get_untracked() { first } else { to };
                                        add.run(ClockOp::Send { from: p, to });
                                    }>"Send to"</button>
                                    <select data-testid=format!("send-to-{p}") on:change=move |ev| {
                                        if let Ok(q) = event_target_value(&ev).parse::<usize>() {
                                            target.update(|t| t[p] = q);
                                        }
                                    }>
                                        {others.iter().map(|&q| view! {
                                            <option value=q selected=move || target.with(|t| t[p] == q)>{format!("P{}", q + 1)}</option>
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <div class="clocks-deliver">
                {move || execution.with(|ex| {
                    let waiting: Vec<(u64, usize, usize)> = ex.in_flight().map(|(id, m)| (id, m.from, m.to)).collect();
                    if waiting.is_empty() {
                        view! { <p class="muted">"No message in flight."</p> }.into_any()
                    } else {
                        waiting.into_iter().map(|(id, from, to)| view! {
                            <button data-testid=format!("deliver-{id}") on:click=move |_| add.run(ClockOp::Deliver(id))>
                                {format!("Deliver m{id} (P{} → P{})", from + 1, to + 1)}
                            </button>
                        }).collect_view().into_any()
                    }
                })}
            </div>
            <button data-testid="random-workload" on:click=move |_| {
                let mut scenario = run.get_untracked();
                scenario.seed = browser_random_seed();
                scenario.extra.clear();
                scenario.step = scenario.events as u64;
                restart.run(scenario);
            }>"New random workload"</button>
        </section>
    }
}

/// Processes, workload length and seed.
#[component]
fn ClocksParamsForm(
    run: RwSignal<ClocksScenario>,
    restart: Callback<ClocksScenario>,
) -> impl IntoView {
    let draft = RwSignal::new(run.get_untracked());
    Effect::new(move |_| draft.set(run.get()));
    let apply = Callback::new(move |()| {
        let mut scenario = draft.get_untracked();
        scenario.extra.clear();
        scenario.step = scenario.events as u64;
        scenario.pick = None;
        restart.run(scenario);
    });
    view! {
        <ParamsForm
            seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed))
            apply=apply
        >
            {count_field(draft, "Processes", "processes", |d| d.processes, |d, v| d.processes = v, MIN_PROCESSES, |_| MAX_PROCESSES)}
            {count_field(draft, "Random events", "events", |d| d.events, |d, v| d.events = v, 0, |_| MAX_EVENTS)}
        </ParamsForm>
    }
}
