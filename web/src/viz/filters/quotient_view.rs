//! Drawing the quotient filter: the slots in order, wrapping onto as many
//! lines as the width needs; each slot with its index, its remainder and
//! its three metadata bits; a coloured bar per run and a bracket per
//! cluster; the last item's canonical slot, where its remainder landed, and
//! which remainders it pushed right (or, for a query, the run scanned).

use super::page::FilterUi;
use super::quotient::{
    QuotientMark, QuotientParams, QuotientSlotView, describe_last, quotient_slots,
};
use super::run::FilterRun;
use super::scenario::{FilterPlayer, MAX_QUERIES};
use crate::player::Transport;
use crate::viz::param_fields::{choice_field, count_field};
use dsviz_core::sketch::QuotientFilter;
use leptos::prelude::*;

impl FilterUi for QuotientParams {
    const TITLE: &'static str = "Quotient filter";
    const STEM: &'static str = "quotient";
    const LEDE: &'static str = "A fingerprint split into a quotient — the slot it belongs in — and a stored remainder (Bender et al., 2012). Runs of one quotient stay sorted and together; three bits per slot say how far everything was pushed.";

    fn describe(run: &FilterRun<QuotientFilter>) -> String {
        describe_last(run)
    }

    fn picture(player: RwSignal<FilterPlayer<Self>>, animate: bool) -> AnyView {
        view! { <QuotientTable player=player animate=animate /> }.into_any()
    }

    fn side_panel(_player: RwSignal<FilterPlayer<Self>>) -> AnyView {
        ().into_any()
    }

    fn fields(draft: RwSignal<Self>) -> AnyView {
        view! {
            {choice_field(draft, "Slots (2^q)", "quotient-bits",
                (3..=6).map(|q| (q, format!("{} (q = {q})", 1usize << q))).collect(),
                |d| d.quotient_bits as usize, |d, v| { d.quotient_bits = v as u32; clamp_items(d); })}
            {choice_field(draft, "Remainder bits (r)", "remainder-bits",
                (2..=16).map(|r| (r, r.to_string())).collect(),
                |d| d.remainder_bits as usize, |d, v| d.remainder_bits = v as u32)}
            {count_field(draft, "Items to insert", "items", |d| d.items, |d, v| d.items = v, 0, QuotientParams::max_items)}
            {count_field(draft, "Queries of non-members", "queries", |d| d.queries, |d, v| d.queries = v, 0, |_| MAX_QUERIES)}
        }
        .into_any()
    }
}

/// The slots.
#[component]
fn QuotientTable(player: RwSignal<FilterPlayer<QuotientParams>>, animate: bool) -> impl IntoView {
    let slots = Memo::new(move |_| player.with(|p| (quotient_slots(p.state()), p.step_index())));
    view! {
        <div class="qf">
            {move || {
                let (slots, step) = slots.get();
                let n = slots.len();
                view! {
                    <ol
                        class=if animate { "qf-slots animate" } else { "qf-slots" }
                        data-testid="quotient-table"
                        data-step=step
                        style=format!("--cols-narrow: {}; --cols-wide: {}", n.min(8), n.min(16))
                    >
                        {slots.into_iter().map(slot_cell).collect_view()}
                    </ol>
                }
            }}
            <QuotientLegend />
        </div>
    }
}

fn clamp_items(d: &mut QuotientParams) {
    d.items = d.items.min(d.max_items());
}

fn bit(on: bool) -> &'static str {
    if on { "1" } else { "0" }
}

fn slot_cell(slot: QuotientSlotView) -> impl IntoView {
    let mark = match slot.mark {
        QuotientMark::None => "",
        QuotientMark::Landed => "landed",
        QuotientMark::Moved => "moved",
        QuotientMark::Scanned => "scanned",
        QuotientMark::Found => "found",
    };
    let mut classes = vec!["qf-slot".to_string()];
    if let Some(tone) = slot.run_tone {
        classes.push(format!("run-tone-{tone}"));
    }
    for (on, name) in [
        (slot.remainder.is_none(), "empty"),
        (slot.run_start, "run-start"),
        (slot.run_end, "run-end"),
        (slot.cluster_start, "cluster-start"),
        (slot.cluster_end, "cluster-end"),
        (slot.canonical, "canonical"),
    ] {
        if on {
            classes.push(name.into());
        }
    }
    if !mark.is_empty() {
        classes.push(format!("mark-{mark}"));
    }
    let title = format!(
        "slot {}: {}; is_occupied {}, is_continuation {}, is_shifted {}",
        slot.index,
        match (&slot.remainder, slot.owner) {
            (Some(r), Some(q)) => format!("remainder {r} of quotient {q}"),
            _ => "empty".into(),
        },
        bit(slot.is_occupied),
        bit(slot.is_continuation),
        bit(slot.is_shifted)
    );
    let tag = match (slot.canonical, slot.mark) {
        (_, QuotientMark::Landed) => Some("new"),
        (_, QuotientMark::Moved) => Some("→"),
        (_, QuotientMark::Found) => Some("match"),
        (true, _) => Some("q"),
        _ => None,
    };
    view! {
        <li
            class=classes.join(" ")
            title=title
            data-testid=format!("qf-slot-{}", slot.index)
            data-remainder=slot.remainder.clone().unwrap_or_default()
            data-quotient=slot.owner.map(|q| q.to_string()).unwrap_or_default()
            data-occupied=bit(slot.is_occupied)
            data-continuation=bit(slot.is_continuation)
            data-shifted=bit(slot.is_shifted)
            data-mark=mark
            data-canonical=bit(slot.canonical)
        >
            <span class="qf-index">{slot.index}</span>
            <span class="qf-remainder">{slot.remainder.clone().unwrap_or_else(|| "·".into())}</span>
            <span class="qf-bits" aria-hidden="true">
                <span class="qf-bit" class:on=slot.is_occupied>"o"</span>
                <span class="qf-bit" class:on=slot.is_continuation>"c"</span>
                <span class="qf-bit" class:on=slot.is_shifted>"s"</span>
            </span>
            <span class="qf-run" aria-hidden="true"></span>
            <span class="qf-cluster" aria-hidden="true"></span>
            {tag.map(|t| view! { <span class="qf-tag">{t}</span> })}
        </li>
    }
}

/// What the bits, bars and marks mean.
#[component]
fn QuotientLegend() -> impl IntoView {
    view! {
        <ul class="legend qf-legend" data-testid="quotient-legend">
            <li class="legend-item"><span class="qf-bit on">"o"</span>" is_occupied: a stored item has this slot as its quotient"</li>
            <li class="legend-item"><span class="qf-bit on">"c"</span>" is_continuation: same run as the slot before"</li>
            <li class="legend-item"><span class="qf-bit on">"s"</span>" is_shifted: not in its canonical slot"</li>
            <li class="legend-item"><span class="qf-legend-run"></span>" a run (one colour per quotient)"</li>
            <li class="legend-item"><span class="qf-legend-cluster"></span>" a cluster"</li>
            <li class="legend-item"><span class="qf-tag static">"q"</span>" canonical slot · "<span class="qf-tag static">"new"</span>" landed · "<span class="qf-tag static">"→"</span>" pushed right"</li>
        </ul>
    }
}
