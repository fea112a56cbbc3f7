//! The Count-Min page: the `d × w` table with the last item's counters
//! highlighted (and the one giving the minimum), its estimate against the
//! true count and the bound `εN`, and the heavy-hitter candidates against
//! the truth.

use super::params::{
    CmParams, CmScenario, MAX_SKEW, MAX_STREAM, MAX_TRACKED, MAX_UNIVERSE, MIN_DELTA, MIN_EPSILON,
};
use super::view;
use crate::player::Transport;
use crate::player::controls::PlayerControls;
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::item_form::{ItemForm, add_typed_action};
use crate::viz::item_stream::{TYPED_HINT, typed_positions};
use crate::viz::param_fields::check_field;
use leptos::prelude::*;

/// Operations per second at 1×.
const RATE: f64 = 5.0;

/// The page, started from the URL's query string.
#[component]
pub fn CountMinPage(search: String, embed: bool) -> impl IntoView {
    let scenario = CmScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(CmScenario::player(
        &scenario.params,
        &scenario.typed,
        scenario.step,
        RATE,
    ));
    let kit = page_kit(player, embed, move || {
        let query = player.with_untracked(|p| {
            CmScenario::to_query(
                &params.get_untracked(),
                &typed_positions(p.ops()),
                p.step_index(),
            )
        });
        format!("/count-min{query}")
    });
    let draft = RwSignal::new(scenario.params);
    let restart = Callback::new(move |()| {
        let fresh = draft.get_untracked();
        player.set(CmScenario::player(&fresh, &[], 0, RATE));
        params.set(fresh);
    });
    let add = add_typed_action(
        player,
        move || CmScenario::initial(&params.get_untracked()),
        RATE,
    );
    // Small view data, derived straight from the player (the state holds
    // every item's true count and is not worth copying each frame).
    let sizing = Memo::new(move |_| player.with(|p| view::sizing(p.state())));
    let grid = Memo::new(move |_| player.with(|p| view::grid(p.state())));
    let last = Memo::new(move |_| player.with(|p| view::last(p.state())));
    let hitters = Memo::new(move |_| player.with(|p| view::hitters(p.state())));
    let tracked = Memo::new(move |_| player.with(|p| p.state().hitters.tracked()));

    view! {
        <VizPage class="viz sketch count-min" testid="count-min-page" embed=embed problems=problems kit=kit
            title="Count-Min sketch"
            lede="How often was an item seen? (Cormode & Muthukrishnan, 2005.) Each of d rows hashes the item to one of w counters and adds 1; the estimate is the smallest of its d counters — never too low, and at most εN too high with probability 1 − δ."
            params=move || view! { <CmParamsForm draft=draft problems=problems restart=restart /> }
        >
            <PlayerControls player=player />
            <p class="status-line sizing" data-testid="sizing">
                {move || params.with(|p| sizing.with(|s| format!(
                    "ε = {} → w = ⌈e/ε⌉ = {} · δ = {} → d = ⌈ln 1/δ⌉ = {} · N = {} · εN = {:.1} · {}",
                    p.epsilon, s.width, p.delta, s.depth, s.total, s.bound,
                    if p.conservative { "conservative update" } else { "standard update" }
                )))}
            </p>
            <CmTable grid=grid />
            <div class="viz-main">
                <div class="viz-stage">
                    <LastItemPanel last=last sizing=sizing />
                </div>
                <aside class="viz-side">
                    <ItemForm actions=vec![add] heading="Add your own item" class="sketch-panel"
                        hint=TYPED_HINT placeholder="e.g. alice" />
                </aside>
            </div>
            <HittersPanel rows=hitters tracked=tracked />
        </VizPage>
    }
}

/// The `d × w` counters; the last item's are outlined, its minimum filled.
#[component]
fn CmTable(grid: Memo<Vec<Vec<view::Cell>>>) -> impl IntoView {
    view! {
        <div class="sketch-panel">
            <h3>"The table: one row per hash function"</h3>
            <div class="table-scroll">
                <table class="cm-table" data-testid="cm-table">
                    <thead>
                        <tr>
                            <th scope="col">"row"</th>
                            {move || grid.with(|g| (0..g.first().map_or(0, Vec::len)).map(|c| view! {
                                <th scope="col" class="column-index">{c}</th>
                            }).collect_view())}
                        </tr>
                    </thead>
                    <tbody>
                        {move || grid.with(|g| g.iter().enumerate().map(|(r, cells)| view! {
                            <tr data-testid=format!("cm-row-{r}")>
                                <th scope="row">{format!("h{r}")}</th>
                                {cells.iter().map(|cell| {
                                    let class = match (cell.hit, cell.min) {
                                        (true, true) => "cell hit min",
                                        (true, false) => "cell hit",
                                        _ if cell.count == 0 => "cell empty",
                                        _ => "cell",
                                    };
                                    view! {
                                        <td class=class data-row=cell.row data-col=cell.column data-count=cell.count
                                            style=format!("--heat: {:.3}", cell.heat)>
                                            {cell.count}
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
            <p class="muted chart-caption">
                <span class="swatch hit"></span>"the last item's counter in each row "
                <span class="swatch min"></span>"the smallest: its estimate"
            </p>
        </div>
    }
}

/// The last item: its column per row, the counters before and after, and
/// the estimate against the truth and the bound.
#[component]
fn LastItemPanel(last: Memo<Option<view::LastView>>, sizing: Memo<view::Sizing>) -> impl IntoView {
    view! {
        <div class="sketch-panel" data-testid="last-item-panel">
            <h3>"Estimate vs truth"</h3>
            {move || match last.get() {
                None => view! { <p class="muted" data-testid="last-item">"No item yet: press Step or Play."</p> }.into_any(),
                Some(l) => {
                    let counters = l.cells.iter().map(|c| c.3.to_string()).collect::<Vec<_>>().join(", ");
                    let over = l.estimate.saturating_sub(l.truth);
                    let bound = sizing.with(|s| s.bound);
                    view! {
                        <p data-testid="last-item">{format!("Added '{}'.", l.item)}</p>
                        <table class="last-cells" data-testid="last-cells">
                            <thead><tr><th>"Row"</th><th>"Column"</th><th>"Counter"</th></tr></thead>
                            <tbody>
                                {l.cells.iter().map(|&(row, column, before, after)| view! {
                                    <tr class=l.min_rows.contains(&row).then_some("min") data-row=row data-col=column>
                                        <th scope="row">{format!("h{row}")}</th>
                                        <td class="number">{column}</td>
                                        <td class="number">{format!("{before} → {after}")}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p class="estimate-line">
                            {format!("Estimate = min({counters}) = ")}
                            <strong data-testid="estimate" data-value=l.estimate>{l.estimate}</strong>
                            {format!(" (row{} h{})", if l.min_rows.len() == 1 { "" } else { "s" },
                                l.min_rows.iter().map(ToString::to_string).collect::<Vec<_>>().join(", h"))}
                        </p>
                        <p>"True count: " <strong data-testid="true-count" data-value=l.truth>{l.truth}</strong></p>
                        <p data-testid="overestimate" class=if (over as f64) <= bound { "within" } else { "beyond" }>
                            {format!(
                                "Over by {over}; the bound εN = {bound:.1} {} it.",
                                if (over as f64) <= bound { "covers" } else { "does not cover (this happens with probability at most δ)" }
                            )}
                        </p>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// The tracked heavy hitters against their true counts and ranks.
#[component]
fn HittersPanel(rows: Memo<Vec<view::HitterRow>>, tracked: Memo<usize>) -> impl IntoView {
    view! {
        <div class="sketch-panel" data-testid="heavy-hitters-panel">
            <h3>{move || format!("Heavy hitters (top {})", tracked.get())}</h3>
            <p class="muted">
                "After each update the item's estimate is compared with the smallest candidate's; the larger stays. Candidates' estimates are refreshed only when they are seen again."
            </p>
            <div class="table-scroll">
                <table class="hitters-table" data-testid="heavy-hitters">
                    <thead><tr><th>"#"</th><th>"Item"</th><th>"Estimate"</th><th>"True count"</th><th>"True rank"</th></tr></thead>
                    <tbody>
                        {move || rows.with(|rows| rows.iter().enumerate().map(|(i, row)| view! {
                            <tr data-item=row.item.clone() data-estimate=row.estimate data-truth=row.truth>
                                <td class="number">{i + 1}</td>
                                <td><code>{row.item.clone()}</code></td>
                                <td class="number">{row.estimate}</td>
                                <td class="number">{row.truth}</td>
                                <td class="number">{row.true_rank}</td>
                            </tr>
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// Sizing, stream shape and update rule besides the seed; applying starts
/// a new run.
#[component]
fn CmParamsForm(
    draft: RwSignal<CmParams>,
    problems: RwSignal<Vec<String>>,
    restart: Callback<()>,
) -> impl IntoView {
    let number = move |label: &'static str,
                       testid: &'static str,
                       (min, max, below_max): (f64, f64, bool),
                       get: fn(&CmParams) -> f64,
                       set: fn(&mut CmParams, f64)| {
        let limit = if below_max {
            format!("from {min} up to (not including) {max}")
        } else {
            format!("from {min} to {max}")
        };
        view! {
            <label>
                {label}
                <input type="number" step="any" data-testid=testid
                    prop:value=move || draft.with(|d| get(d).to_string())
                    on:change=move |ev| {
                        let ok = |v: f64| v >= min && (v < max || (!below_max && v == max));
                        match event_target_value(&ev).trim().parse::<f64>() {
                            Ok(v) if ok(v) => draft.update(|d| set(d, v)),
                            _ => problems.update(|list| list.push(format!("'{label}' needs a number {limit}"))),
                        }
                    }
                />
            </label>
        }
    };
    let whole = |max: f64| (1.0, max, false);
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=restart>
            {number("Error ε", "epsilon", (MIN_EPSILON, 1.0, true), |d| d.epsilon, |d, v| d.epsilon = v)}
            {number("Failure probability δ", "delta", (MIN_DELTA, 1.0, true), |d| d.delta, |d, v| d.delta = v)}
            {number("Zipf skew s", "skew", (0.0, MAX_SKEW, false), |d| d.skew, |d, v| d.skew = v)}
            {number("Universe (distinct items)", "universe", whole(MAX_UNIVERSE as f64), |d| d.universe as f64, |d, v| d.universe = v as u64)}
            {number("Stream length", "stream-length", whole(MAX_STREAM as f64), |d| d.stream as f64, |d, v| d.stream = v as usize)}
            {number("Heavy hitters k", "tracked", whole(MAX_TRACKED as f64), |d| d.tracked as f64, |d, v| d.tracked = v as usize)}
            {check_field(draft, "Conservative update (Estan & Varghese 2002)", "conservative",
                |d| d.conservative, |d, on| d.conservative = on)}
            <p class="muted params-note">"ε ≥ 0.05 and δ ≥ 0.001 keep the table at most 55 × 7 so every counter stays visible; the core sketch accepts far smaller."</p>
        </ParamsForm>
    }
}

/// A small static picture: a 3 × 6 table with one counter per row picked.
#[component]
pub fn CountMinPreview() -> impl IntoView {
    const PICKED: [usize; 3] = [1, 4, 2];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            {(0..3).flat_map(|row| (0..6).map(move |column| {
                let class = match (PICKED[row] == column, row == 2) {
                    (true, true) => "preview-node leader",
                    (true, false) => "preview-cell picked",
                    _ => "preview-node",
                };
                view! { <rect x=8.0 + column as f64 * 14.0 y=24.0 + row as f64 * 18.0 width="12" height="14" rx="2" class=class /> }
            })).collect_view()}
        </svg>
    }
}
