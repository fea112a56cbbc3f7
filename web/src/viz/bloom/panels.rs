//! The side panels: the last item's hash list, the false-positive rate
//! measured against the formula, and the parameters form's fields.

use super::params::{BloomParams, CELLS, HASHES, ITEMS, QUERIES};
use super::state::{BloomState, Probe};
use super::view::{FprView, HashRow};
use crate::player::OpPlayer;
use crate::viz::sketch_kit::percent;
use dsviz_core::sketch::BloomFilter;
use leptos::prelude::*;

/// How many non-members the "probe now" button asks.
pub const PROBES: u64 = 10_000;

/// `h_i(item) = position` for the last item, with each cell before → after.
#[component]
pub fn HashList(item: Memo<Option<String>>, rows: Memo<Vec<HashRow>>) -> impl IntoView {
    view! {
        <div class="bloom-panel" data-testid="hash-list">
            <h3>"Hash positions"</h3>
            {move || match item.get() {
                None => view! { <p class="hint">"Step, or type an item, to see its positions."</p> }.into_any(),
                Some(item) => view! {
                    <table class="bloom-hashes">
                        <thead><tr><th>"hash"</th><th>"cell"</th><th>"before → after"</th></tr></thead>
                        <tbody>
                            {rows.get().into_iter().map(|row| view! {
                                <tr data-testid=format!("hash-row-{}", row.index) data-position=row.position>
                                    <td>{format!("h{}(“{item}”)", row.index)}</td>
                                    <td>{row.position}</td>
                                    <td class:changed=row.before != row.after>{format!("{} → {}", row.before, row.after)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        </div>
    }
}

fn bar(
    label: &'static str,
    testid: &'static str,
    rate: Option<f64>,
    scale: f64,
    detail: String,
) -> impl IntoView {
    let width = rate.map_or(0.0, |r| (r / scale * 100.0).clamp(0.0, 100.0));
    view! {
        <div class="fpr-row" data-testid=testid data-rate=rate.map_or(String::new(), |r| r.to_string())>
            <span class="fpr-label">{label}</span>
            <span class="fpr-bar"><span class=format!("fpr-fill {testid}") style=format!("width: {width:.1}%") /></span>
            <strong class="fpr-value">{rate.map_or("—".to_string(), percent)}</strong>
            <span class="fpr-detail">{detail}</span>
        </div>
    }
}

/// Measured false-positive rate against `(1 - e^{-kn/m})^k`, plus a
/// measurement with fresh non-members on demand.
#[component]
pub fn FprPanel(figures: Memo<FprView>, player: RwSignal<OpPlayer<BloomState>>) -> impl IntoView {
    let probe = RwSignal::new(None::<Probe>);
    // Any change to the run makes an old measurement stale.
    Effect::new(move |_| {
        player.track();
        probe.set(None);
    });
    let run_probe = move |_| {
        let result = player.with_untracked(|p| p.state().probe(PROBES));
        probe.set(Some(result));
    };
    view! {
        <div class="bloom-panel fpr-panel" data-testid="fpr-panel">
            <h3>"False-positive rate"</h3>
            {move || {
                let f = figures.get();
                let probed = probe.get();
                let probe_rate = probed.filter(|p| p.probes > 0).map(|p| p.hits as f64 / p.probes as f64);
                let scale = [f.measured.unwrap_or(0.0), f.formula, f.from_fill, probe_rate.unwrap_or(0.0)]
                    .into_iter()
                    .fold(0.05_f64, f64::max);
                view! {
                    <div
                        class="fpr-rows"
                        data-testid="fpr-figures"
                        data-false-positives=f.false_positives
                        data-negatives=f.negatives
                    >
                        {bar("measured", "measured-fpr", f.measured, scale,
                            format!("{} in {} {} of non-members", plural(f.false_positives, "false positive"), f.negatives, if f.negatives == 1 { "query" } else { "queries" }))}
                        {bar("formula", "formula-fpr", Some(f.formula), scale,
                            format!("(1 − e^(−kn/m))^k, k = {}, n = {}, m = {}", f.hashes, f.members, f.cells))}
                        {bar("from fill", "fill-fpr", Some(f.from_fill), scale,
                            format!("(non-zero / m)^k = ({} / {})^{}", f.ones, f.cells, f.hashes))}
                        {probed.map(|p| bar("probe", "probe-fpr", probe_rate, scale,
                            format!("{} for {} fresh non-members", plural(p.hits, "“maybe” answer"), group(p.probes))))}
                    </div>
                    <Show when=move || { figures.with(|f| f.false_negatives > 0) }>
                        <p class="fpr-warning" data-testid="false-negatives">
                            {move || format!("{}: a removal of a never-inserted item broke the filter's promise.", plural(figures.with(|f| f.false_negatives), "false negative"))}
                        </p>
                    </Show>
                    {(f.variant == super::state::Variant::Counting).then(|| view! {
                        <p class="hint" data-testid="saturated-count">
                            {format!("{} of {} counters saturated at 15", f.saturated, f.cells)}
                        </p>
                    })}
                }
            }}
            <button type="button" data-testid="probe" on:click=run_probe>
                {format!("Probe {} non-members now", group(PROBES))}
            </button>
        </div>
    }
}

/// "1 false positive", "2 false positives".
fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", group(count))
    }
}

/// 10000 → "10,000".
fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `m`, `k`, `n` and the number of queries, each a slider with a number
/// box, and the optimal-`k` hint with its button.
#[component]
pub fn BloomFields(draft: RwSignal<BloomParams>) -> impl IntoView {
    let slider = move |label: &'static str,
                       testid: &'static str,
                       (min, max, step): (usize, usize, usize),
                       get: fn(&BloomParams) -> usize,
                       set: fn(&mut BloomParams, usize)| {
        let value = move || draft.with(|d| get(d).to_string());
        let update = move |text: String| {
            if let Ok(v) = text.trim().parse::<usize>() {
                draft.update(|d| set(d, v.clamp(min, max)));
            }
        };
        view! {
            <label class="param">
                <span>{label}</span>
                <span class="param-inputs">
                    <input type="range" data-testid=format!("{testid}-slider") min=min max=max step=step
                        prop:value=value on:input=move |ev| update(event_target_value(&ev)) />
                    <input type="number" data-testid=testid min=min max=max
                        prop:value=value on:change=move |ev| update(event_target_value(&ev)) />
                </span>
            </label>
        }
    };
    let hint = move || {
        draft.with(|d| {
            let d = d.clamped();
            let best = d.optimal_hashes();
            let ratio = d.cells as f64 / d.items.max(1) as f64;
            let final_rate = BloomFilter::theoretical_fpr(d.cells, d.hashes, d.items as u64);
            (best, ratio, final_rate)
        })
    };
    view! {
        {slider("m — cells", "param-m", (CELLS.0, CELLS.1, 8), |d| d.cells, |d, v| d.cells = v)}
        {slider("k — hash functions", "param-k", (HASHES.0 as usize, HASHES.1 as usize, 1), |d| d.hashes as usize, |d, v| d.hashes = v as u32)}
        {slider("n — items inserted", "param-n", (ITEMS.0, ITEMS.1, 1), |d| d.items, |d, v| d.items = v)}
        {slider("queries of non-members", "param-q", (QUERIES.0, QUERIES.1, 1), |d| d.queries, |d, v| d.queries = v)}
        <p class="param-hint" data-testid="optimal-k">
            {move || {
                let (best, ratio, final_rate) = hint();
                format!(
                    "Optimal k for m/n = {ratio:.1} is round({ratio:.1} · ln 2) = {best}. With these values the run ends near {}.",
                    percent(final_rate)
                )
            }}
            " "
            <button type="button" data-testid="use-optimal-k" on:click=move |_| {
                let best = hint().0;
                draft.update(|d| d.hashes = best);
            }>{move || format!("Use k = {}", hint().0)}</button>
        </p>
    }
}
