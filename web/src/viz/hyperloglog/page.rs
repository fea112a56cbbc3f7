//! The HyperLogLog page: the last item's hash as bits (index bits, the
//! run of zeros, the rank), the register it raised, every register as a
//! bar, the estimates against the true distinct count, and "Run 1,000
//! streams" measuring the error against `±1.04/√m`.

use super::experiment::{BINS, STREAMS, StreamsRun};
use super::params::{HllParams, HllScenario, MAX_RUN_DISTINCT, MAX_STREAM, PRECISIONS};
use super::state::LastAdd;
use super::view::{self, CHART_HEIGHT, CHART_WIDTH};
use crate::player::controls::PlayerControls;
use crate::player::{SlicedJob, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::item_form::{ItemForm, add_typed_action};
use crate::viz::item_stream::{TYPED_HINT, typed_positions};
use crate::viz::param_fields::{choice_field, count_field};
use leptos::prelude::*;

/// Operations per second at 1×.
const RATE: f64 = 5.0;

/// The page, started from the URL's query string.
#[component]
pub fn HyperLogLogPage(search: String, embed: bool) -> impl IntoView {
    let scenario = HllScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(HllScenario::player(
        &scenario.params,
        &scenario.typed,
        scenario.step,
        RATE,
    ));
    let streams = SlicedJob::new(StreamsRun::run_slice);
    let kit = page_kit(player, embed, move || {
        let query = player.with_untracked(|p| {
            HllScenario::to_query(
                &params.get_untracked(),
                &typed_positions(p.ops()),
                p.step_index(),
            )
        });
        format!("/hyperloglog{query}")
    });
    let draft = RwSignal::new(scenario.params);
    let restart = Callback::new(move |()| {
        let fresh = draft.get_untracked();
        streams.clear();
        player.set(HllScenario::player(&fresh, &[], 0, RATE));
        params.set(fresh);
    });
    let add = add_typed_action(
        player,
        move || HllScenario::initial(&params.get_untracked()),
        RATE,
    );
    // Small view data, derived straight from the player (the state itself
    // holds every distinct item and is not worth copying each frame).
    let last = Memo::new(move |_| player.with(|p| p.state().last.clone()));
    let precision = Memo::new(move |_| player.with(|p| p.state().sketch.precision()));
    let chart = Memo::new(move |_| player.with(|p| view::bars(p.state())));
    let estimates = Memo::new(move |_| player.with(|p| view::estimates(p.state())));
    let last_item = move || {
        last.with(|l| match l {
            None => "No item yet: press Step or Play.".to_string(),
            Some(last) if last.first_time => format!("Added '{}', a new item.", last.item),
            Some(last) => format!(
                "Added '{}' again: a repeat hashes to the same register and rank, so nothing can change.",
                last.item
            ),
        })
    };

    view! {
        <VizPage class="viz sketch hll" testid="hll-page" embed=embed problems=problems kit=kit
            title="HyperLogLog"
            lede="Counting distinct items in a few bytes (Flajolet, Fusy, Gandouet & Meunier, 2007). Each item's hash picks a register with its first p bits; the register keeps the longest run of leading zeros seen in the rest. A harmonic mean of 2^register turns them into an estimate within about 1.04/√m."
            params=move || view! { <HllParamsForm draft=draft restart=restart /> }
        >
            <PlayerControls player=player />
            <p class="status-line" data-testid="last-item">{last_item}</p>
            <div class="viz-main">
                <div class="viz-stage">
                    <HashPanel last=last precision=precision />
                    <RegisterChart chart=chart />
                </div>
                <aside class="viz-side">
                    <EstimatesPanel estimates=estimates />
                    <ItemForm actions=vec![add] heading="Add your own item" class="sketch-panel"
                        hint=TYPED_HINT placeholder="e.g. alice" />
                </aside>
            </div>
            <StreamsPanel params=params streams=streams />
        </VizPage>
    }
}

/// The last item's 64-bit hash, bit by bit, and the register it updated.
#[component]
fn HashPanel(last: Memo<Option<LastAdd>>, precision: Memo<u8>) -> impl IntoView {
    view! {
        <div class="sketch-panel hash-panel" data-testid="hash-panel">
            <h3>"The last item's hash"</h3>
            {move || last.with(|l| match l {
                None => view! { <p class="muted" data-testid="hash-empty">"Step to add the first item."</p> }.into_any(),
                Some(last) => {
                    let p = precision.get();
                    let bits = view::hash_bits(last.view.hash, p);
                    let zeros = u32::from(last.view.rank) - 1;
                    view! {
                        <p class="hash-hex" data-testid="hash-hex">
                            <code>{format!("xxh3('{}') = {:#018x}", last.item, last.view.hash)}</code>
                        </p>
                        <div class="hash-bits" data-testid="hash-bits" role="img"
                            aria-label=format!("hash bits: first {p} pick register {}, then {zeros} zeros, rank {}", last.view.register, last.view.rank)>
                            {bits.into_iter().enumerate().map(|(i, (bit, role))| view! {
                                <span class=format!("bit {}", role.name()) data-role=role.name() data-index=i>
                                    {if bit { "1" } else { "0" }}
                                </span>
                            }).collect_view()}
                        </div>
                        <ul class="hash-legend">
                            <li><span class="swatch index"></span>
                                {format!("first {p} bits = {:0width$b} = register {}", last.view.register, last.view.register, width = usize::from(p))}
                            </li>
                            <li><span class="swatch zero"></span>
                                {format!("{zeros} leading zero{} in the rest", if zeros == 1 { "" } else { "s" })}
                            </li>
                            <li><span class="swatch one"></span>
                                {format!("then the first 1: rank {}", last.view.rank)}
                            </li>
                        </ul>
                        <p class="register-update" data-testid="register-update"
                            data-register=last.view.register data-old=last.old data-new=last.new>
                            {format!(
                                "register[{}] = max({}, {}): {} → {}{}",
                                last.view.register, last.old, last.view.rank, last.old, last.new,
                                if last.new > last.old { "" } else { " (unchanged)" }
                            )}
                        </p>
                    }.into_any()
                }
            })}
        </div>
    }
}

/// Every register as a bar; the one the last item touched is highlighted.
#[component]
fn RegisterChart(chart: Memo<(Vec<view::Bar>, u8)>) -> impl IntoView {
    let m = move || chart.with(|(bars, _)| bars.len());
    view! {
        <div class="sketch-panel" data-testid="register-chart">
            <h3>{move || format!("The {} registers", m())}</h3>
            <svg class="register-bars" data-testid="register-bars"
                viewBox=format!("0 -4 {CHART_WIDTH} {}", CHART_HEIGHT + 8.0)
                preserveAspectRatio="none" role="img"
                aria-label="bar chart of register values">
                <line class="axis" x1="0" x2=CHART_WIDTH y1=CHART_HEIGHT y2=CHART_HEIGHT />
                // Keyed, so a step re-creates only the bars that changed.
                <For
                    each=move || chart.with(|(bars, _)| bars.clone())
                    key=|bar| (bar.register, bar.value, bar.touched, bar.width.to_bits(), bar.height.to_bits())
                    children=|bar| view! {
                    <rect
                        class=if bar.touched { "bar touched" } else { "bar" }
                        data-register=bar.register
                        data-value=bar.value
                        x=bar.x + bar.width * 0.1
                        width=(bar.width * 0.8).max(0.5)
                        y=CHART_HEIGHT - bar.height
                        height=bar.height
                    >
                        <title>{format!("register {} = {}", bar.register, bar.value)}</title>
                    </rect>
                    }
                />
            </svg>
            <p class="chart-caption muted">
                {move || chart.with(|(_, top)| format!("Bar height = register value (rank), axis 0 to {top}."))}
            </p>
        </div>
    }
}

fn format_estimate(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "∞".into()
    }
}

/// The estimates against the true distinct count.
#[component]
fn EstimatesPanel(estimates: Memo<view::Estimates>) -> impl IntoView {
    let row = move |label: &'static str,
                    testid: &'static str,
                    value: fn(&view::Estimates) -> Option<f64>,
                    note: fn(&view::Estimates) -> String| {
        view! {
            <tr data-testid=testid>
                <th scope="row">{label}<span class="note">{move || estimates.with(note)}</span></th>
                <td class="number" data-testid=format!("{testid}-value")>
                    {move || estimates.with(|e| value(e).map_or("—".into(), format_estimate))}
                </td>
                <td class="number">
                    {move || estimates.with(|e| value(e).map_or("—".into(), |v| view::relative_error_text(v, e.truth)))}
                </td>
            </tr>
        }
    };
    view! {
        <div class="sketch-panel" data-testid="estimates">
            <h3>"Estimate vs truth"</h3>
            <p class="truth">
                "True distinct count: "
                <strong data-testid="truth">{move || estimates.with(|e| e.truth)}</strong>
            </p>
            <table class="estimates-table">
                <thead><tr><th>"Estimator"</th><th>"Value"</th><th>"Error"</th></tr></thead>
                <tbody>
                    {row("Improved (Ertl)", "estimate-improved", |e| Some(e.improved), |_| "used by the core: no bias tables, no switch".into())}
                    {row("Raw α·m²/Σ2^-M", "estimate-raw", |e| Some(e.raw), |e| format!("α_m = {:.4}; biased high for small counts", e.alpha))}
                    {row("Linear counting", "estimate-linear", |e| e.linear, |e| format!("m·ln(m/V), V = {} zero registers", e.zero_registers))}
                    {row("2007 paper", "estimate-classic", |e| Some(e.classic), |e| if e.classic_uses_linear { "linear counting (raw ≤ 5m/2, V > 0)".into() } else { "raw estimate".into() })}
                </tbody>
            </table>
            <p class="muted" data-testid="standard-error">
                {move || estimates.with(|e| format!("Standard error 1.04/√m = {:.1} %", e.standard_error * 100.0))}
            </p>
        </div>
    }
}

/// "Run 1,000 streams" and the histogram of their relative errors.
#[component]
fn StreamsPanel(params: RwSignal<HllParams>, streams: SlicedJob<StreamsRun>) -> impl IntoView {
    let start = move |_| {
        let p = params.get_untracked();
        streams.start(StreamsRun::new(p.precision, p.run_distinct, p.seed));
    };
    let running = move || streams.with(|s| s.as_ref().is_some_and(|r| !r.done()));
    let progress = move || {
        streams.with(|s| match s {
            None => String::new(),
            Some(r) if r.done() => format!("{STREAMS} of {STREAMS} streams done"),
            Some(r) => format!("{} of {STREAMS} streams…", r.errors.len()),
        })
    };
    view! {
        <div class="sketch-panel streams-panel" data-testid="streams-panel">
            <h3>"How far does the estimate stray?"</h3>
            <p class="muted">
                {move || params.with(|p| format!(
                    "{STREAMS} independent streams of N = {} distinct items, each hashed under its own seed, at p = {} (m = {}).",
                    p.run_distinct, p.precision, 1u32 << p.precision
                ))}
            </p>
            <div class="streams-actions">
                <button data-testid="run-streams" class="primary" disabled=running on:click=start>
                    "Run 1,000 streams"
                </button>
                <progress data-testid="streams-progress-bar" max=STREAMS
                    value=move || streams.with(|s| s.as_ref().map_or(0, |r| r.errors.len()))></progress>
                <span data-testid="streams-progress">{progress}</span>
            </div>
            {move || streams.with(|s| s.as_ref().map(|run| view! { <ErrorHistogram run=run.clone() /> }))}
        </div>
    }
}

const HIST_WIDTH: f64 = 640.0;
const HIST_HEIGHT: f64 = 160.0;

/// The histogram of relative errors with lines at ±1 and ±2 standard errors.
#[component]
fn ErrorHistogram(run: StreamsRun) -> impl IntoView {
    let counts = run.histogram();
    let tallest = counts.iter().copied().max().unwrap_or(0).max(1);
    let bin_width = HIST_WIDTH / BINS as f64;
    let se = run.standard_error();
    let line = |k: f64, class: &'static str| {
        let x = run.fraction_of(k * se) * HIST_WIDTH;
        view! { <line class=class x1=x x2=x y1="0" y2=HIST_HEIGHT /> }
    };
    let tick = |fraction: f64| {
        let x = fraction * HIST_WIDTH;
        let label = format!("{:+.0}%", run.error_at(fraction) * 100.0);
        view! { <text class="tick" x=x y=HIST_HEIGHT + 14.0 text-anchor="middle">{label}</text> }
    };
    view! {
        <svg class="error-histogram" data-testid="error-histogram" data-streams=run.errors.len()
            viewBox=format!("-20 -4 {} {}", HIST_WIDTH + 40.0, HIST_HEIGHT + 22.0) role="img"
            aria-label="histogram of relative errors with lines at plus and minus one and two standard errors">
            {counts.iter().enumerate().map(|(i, &count)| {
                let height = HIST_HEIGHT * f64::from(count) / f64::from(tallest);
                view! {
                    <rect class="hist-bar" data-bin=i data-count=count
                        x=i as f64 * bin_width + 0.5 width=bin_width - 1.0
                        y=HIST_HEIGHT - height height=height>
                        <title>{format!("{count} streams")}</title>
                    </rect>
                }
            }).collect_view()}
            {line(-2.0, "sigma2")}
            {line(2.0, "sigma2")}
            {line(-1.0, "sigma1")}
            {line(1.0, "sigma1")}
            <line class="axis" x1="0" x2=HIST_WIDTH y1=HIST_HEIGHT y2=HIST_HEIGHT />
            {tick(0.0)}
            {tick(0.25)}
            {tick(0.5)}
            {tick(0.75)}
            {tick(1.0)}
        </svg>
        <ul class="streams-summary">
            <li data-testid="measured-rmse" data-rmse=run.rmse()>
                {format!("Measured RMSE {:.2} % against 1.04/√m = {:.2} %", run.rmse() * 100.0, se * 100.0)}
            </li>
            <li data-testid="share-within">
                {format!(
                    "{:.1} % of streams within ±1.04/√m (≈ 68 % expected), {:.1} % within ±2× (≈ 95 %)",
                    run.share_within(1.0) * 100.0,
                    run.share_within(2.0) * 100.0
                )}
            </li>
            <li class="legend-lines"><span class="swatch sigma1"></span>"±1.04/√m"<span class="swatch sigma2"></span>"±2 × 1.04/√m"</li>
        </ul>
    }
}

/// Precision and stream sizes besides the seed; applying starts a new run.
#[component]
fn HllParamsForm(draft: RwSignal<HllParams>, restart: Callback<()>) -> impl IntoView {
    let precisions = PRECISIONS
        .map(|p| (usize::from(p), format!("{p} (m = {})", 1u32 << p)))
        .collect();
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=restart>
            {choice_field(draft, "Precision p (m = 2^p registers)", "precision", precisions,
                |d| usize::from(d.precision), |d, p| d.precision = p as u8)}
            {count_field(draft, "Stream length", "stream-length",
                |d| d.stream, |d, v| d.stream = v, 1, |_| MAX_STREAM)}
            {count_field(draft, "Distinct items per experiment stream", "run-distinct",
                |d| d.run_distinct as usize, |d, v| d.run_distinct = v as u64, 1, |_| MAX_RUN_DISTINCT as usize)}
            <p class="muted params-note">"p is limited to 4–10 here so every register stays visible; the core sketch goes to 18."</p>
        </ParamsForm>
    }
}

/// A small static picture: register bars of uneven height, one highlighted.
#[component]
pub fn HllPreview() -> impl IntoView {
    const HEIGHTS: [f64; 8] = [3.0, 5.0, 2.0, 6.0, 4.0, 7.0, 3.0, 5.0];
    view! {
        <svg class="preview" viewBox="0 0 100 100" width="96" height="96" aria-hidden="true">
            <line x1="6" x2="94" y1="88" y2="88" class="preview-edge" />
            {HEIGHTS.iter().enumerate().map(|(i, &h)| view! {
                <rect x=8.0 + i as f64 * 11.0 width="8" y=88.0 - h * 10.0 height=h * 10.0
                    class=if i == 5 { "preview-node leader" } else { "preview-node" } />
            }).collect_view()}
        </svg>
    }
}
