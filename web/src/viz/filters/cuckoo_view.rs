//! Drawing the cuckoo filter: one row per bucket, one cell per slot with
//! its fingerprint in hex; the last item's two candidate buckets tinted;
//! the kick chain as numbered arrows from bucket to bucket (drawn one after
//! another unless the reader prefers reduced motion) and as a list.

use super::cuckoo::{
    CuckooParams, CuckooRow, KickStep, SlotMark, cuckoo_rows, describe_last, kick_steps,
};
use super::page::FilterUi;
use super::run::FilterRun;
use super::scenario::{FilterPlayer, MAX_QUERIES};
use crate::player::Transport;
use crate::viz::param_fields::{check_field, choice_field, count_field};
use dsviz_core::sketch::CuckooFilter;
use leptos::prelude::*;

/// Kicks drawn as arrows and listed; longer chains are summarized.
pub const KICKS_SHOWN: usize = 12;

const ROW_H: f64 = 30.0;
const TOP: f64 = 20.0;
const LABEL_W: f64 = 66.0;
const CELL_W: f64 = 42.0;
const CELL_GAP: f64 = 4.0;
const ARC_W: f64 = 110.0;
/// Seconds between two kicks' arrows appearing.
const KICK_DELAY_S: f64 = 0.45;

impl FilterUi for CuckooParams {
    const TITLE: &'static str = "Cuckoo filter";
    const STEM: &'static str = "cuckoo";
    const LEDE: &'static str = "Fingerprints in buckets of slots, each item with two candidate buckets (Fan et al., 2014). When both are full, a resident is kicked to its own other bucket — watch the chain, and the table fill up until an insert fails.";

    fn describe(run: &FilterRun<CuckooFilter>) -> String {
        describe_last(run)
    }

    fn picture(player: RwSignal<FilterPlayer<Self>>, animate: bool) -> AnyView {
        view! { <CuckooTable player=player animate=animate /> }.into_any()
    }

    fn side_panel(player: RwSignal<FilterPlayer<Self>>) -> AnyView {
        view! { <KickList player=player /> }.into_any()
    }

    fn fields(draft: RwSignal<Self>) -> AnyView {
        view! {
            {choice_field(draft, "Buckets", "buckets",
                (1..=5).map(|p| (1usize << p, (1usize << p).to_string())).collect(),
                |d| d.buckets, |d, v| { d.buckets = v; clamp_items(d); })}
            {choice_field(draft, "Slots per bucket (b)", "bucket-size",
                (1..=8).map(|b| (b, b.to_string())).collect(),
                |d| d.bucket_size, |d, v| { d.bucket_size = v; clamp_items(d); })}
            {choice_field(draft, "Fingerprint bits (f)", "bits",
                (4..=16).map(|f| (f, f.to_string())).collect(),
                |d| d.fingerprint_bits as usize, |d, v| d.fingerprint_bits = v as u32)}
            {count_field(draft, "Kick bound", "kicks", |d| d.max_kicks as usize, |d, v| d.max_kicks = v as u32, 0, |_| 500)}
            {count_field(draft, "Items to insert", "items", |d| d.items, |d, v| d.items = v, 0, CuckooParams::max_items)}
            {check_field(draft, "Insert until the first failure", "fill", |d| d.fill, |d, on| d.fill = on)}
            {count_field(draft, "Queries of non-members", "queries", |d| d.queries, |d, v| d.queries = v, 0, |_| MAX_QUERIES)}
        }
        .into_any()
    }
}

fn clamp_items(d: &mut CuckooParams) {
    d.items = d.items.min(d.max_items());
}

fn row_y(bucket: usize) -> f64 {
    TOP + bucket as f64 * ROW_H
}

fn cell_x(slot: usize) -> f64 {
    LABEL_W + slot as f64 * (CELL_W + CELL_GAP)
}

/// The buckets, the candidate tint and the kick arrows.
#[component]
fn CuckooTable(player: RwSignal<FilterPlayer<CuckooParams>>, animate: bool) -> impl IntoView {
    let picture = Memo::new(move |_| {
        player.with(|p| {
            let run = p.state();
            (
                cuckoo_rows(run),
                kick_steps(run, KICKS_SHOWN).0,
                p.step_index(),
            )
        })
    });
    move || {
        let (rows, kicks, step) = picture.get();
        let size = rows.first().map_or(0, |r| r.cells.len());
        let table_right = cell_x(size) - CELL_GAP;
        let width = table_right + ARC_W;
        let height = row_y(rows.len()) + 6.0;
        view! {
            <svg
                class=if animate { "cuckoo-table animate" } else { "cuckoo-table" }
                data-testid="cuckoo-table"
                data-step=step
                viewBox=format!("0 0 {width} {height}")
                style=format!("max-width: {:.0}px", width * 2.0)
                role="img"
                aria-label="Cuckoo filter buckets"
            >
                <text class="cuckoo-head" x=LABEL_W - 8.0 y=TOP - 7.0 text-anchor="end">"bucket"</text>
                {(0..size).map(|s| view! {
                    <text class="cuckoo-head" x=cell_x(s) + CELL_W / 2.0 y=TOP - 7.0 text-anchor="middle">{format!("slot {s}")}</text>
                }).collect_view()}
                {rows.into_iter().map(bucket_row).collect_view()}
                <g class="kick-arcs" data-testid="kick-arcs">
                    {kicks.into_iter().enumerate().map(|(i, k)| kick_arc(k, i, table_right)).collect_view()}
                </g>
            </svg>
        }
    }
}

fn bucket_row(row: CuckooRow) -> impl IntoView {
    let y = row_y(row.bucket);
    let candidate = row.candidate;
    view! {
        <g
            class=if candidate.is_some() { "cuckoo-row candidate" } else { "cuckoo-row" }
            data-testid=format!("cuckoo-bucket-{}", row.bucket)
            data-candidate=candidate.unwrap_or("")
        >
            <rect class="cuckoo-row-bg" x="0" y=y width=cell_x(row.cells.len()) height=ROW_H rx="4" />
            {candidate.map(|c| view! { <text class="cuckoo-candidate" x="4" y=y + ROW_H / 2.0 + 4.0>{c}</text> })}
            <text class="cuckoo-label" x=LABEL_W - 8.0 y=y + ROW_H / 2.0 + 4.0 text-anchor="end">{row.bucket}</text>
            {row.cells.into_iter().map(|cell| {
                let x = cell_x(cell.slot);
                let mark = match cell.mark {
                    SlotMark::None => "",
                    SlotMark::Placed => "placed",
                    SlotMark::Moved => "moved",
                    SlotMark::Found => "found",
                };
                let kicks = cell.kicks.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(",");
                // The badge names the first kick drawn here; "+" when there were more.
                let drawn: Vec<usize> = cell.kicks.iter().copied().filter(|&n| n <= KICKS_SHOWN).collect();
                let badge = match drawn.as_slice() {
                    [] => None,
                    [only] => Some(only.to_string()),
                    [first, ..] => Some(format!("{first}+")),
                };
                let slot_class = match (cell.fingerprint.is_none(), mark) {
                    (true, _) => "cuckoo-slot empty".to_string(),
                    (false, "") => "cuckoo-slot".to_string(),
                    (false, mark) => format!("cuckoo-slot {mark}"),
                };
                view! {
                    <g
                        class=slot_class
                        data-testid=format!("cuckoo-slot-{}-{}", row.bucket, cell.slot)
                        data-fp=cell.fingerprint.clone().unwrap_or_default()
                        data-mark=mark
                        data-kicks=kicks
                    >
                        <rect x=x y=y + 3.0 width=CELL_W height=ROW_H - 6.0 rx="3" />
                        <text x=x + CELL_W / 2.0 y=y + ROW_H / 2.0 + 4.5 text-anchor="middle">
                            {cell.fingerprint.clone().unwrap_or_else(|| "·".into())}
                        </text>
                        {badge.map(|b| view! {
                            <text class="cuckoo-kick-badge" x=x + CELL_W - 2.0 y=y + 11.0 text-anchor="end">{b}</text>
                        })}
                    </g>
                }
            }).collect_view()}
        </g>
    }
}

/// An arrow on the right from the kicked bucket to the evicted
/// fingerprint's other bucket, numbered.
fn kick_arc(kick: KickStep, index: usize, table_right: f64) -> impl IntoView {
    let x0 = table_right + 6.0;
    let y0 = row_y(kick.bucket) + ROW_H / 2.0;
    let y1 = row_y(kick.next_bucket) + ROW_H / 2.0;
    let rows_apart = (kick.bucket as f64 - kick.next_bucket as f64).abs();
    let bulge = (16.0 + 9.0 * rows_apart).min(ARC_W - 22.0);
    // A kick back into the same bucket loops out and back.
    let (y0, y1) = if kick.bucket == kick.next_bucket {
        (y0 - 7.0, y1 + 7.0)
    } else {
        (y0, y1)
    };
    let path = format!(
        "M {x0} {y0} C {cx} {y0}, {cx} {y1}, {x1} {y1}",
        cx = x0 + bulge,
        x1 = x0 + 4.0
    );
    let head = format!(
        "{x0},{y1} {},{} {},{}",
        x0 + 8.0,
        y1 - 4.0,
        x0 + 8.0,
        y1 + 4.0
    );
    let label_x = x0 + bulge * 0.75;
    let label_y = (y0 + y1) / 2.0;
    let delay = format!("animation-delay: {:.2}s", index as f64 * KICK_DELAY_S);
    view! {
        <g
            class="kick-arc"
            data-testid=format!("kick-arc-{}", kick.number)
            data-from=kick.bucket
            data-to=kick.next_bucket
            style=delay
        >
            <path d=path pathLength="1" />
            <polygon points=head />
            <circle cx=label_x cy=label_y r="7.5" />
            <text x=label_x y=label_y + 3.5 text-anchor="middle">{kick.number}</text>
        </g>
    }
}

/// The kick chain in words.
#[component]
fn KickList(player: RwSignal<FilterPlayer<CuckooParams>>) -> impl IntoView {
    let chain = Memo::new(move |_| {
        player.with(|p| {
            let run = p.state();
            let (steps, total) = kick_steps(run, KICKS_SHOWN);
            let undone = matches!(
                run.last,
                Some(super::run::LastOp::Insert { stored: false, .. })
            );
            (steps, total, undone)
        })
    });
    move || {
        let (steps, total, undone) = chain.get();
        (total > 0).then(|| view! {
            <div class="kick-chain" data-testid="kick-chain" data-kicks=total>
                <h3>{format!("Kick chain ({total} kick{})", if total == 1 { "" } else { "s" })}</h3>
                <ol data-testid="kick-list">
                    {steps.iter().map(|k| view! {
                        <li data-testid=format!("kick-{}", k.number)>
                            <code>{k.placed.clone()}</code>" goes into bucket "{k.bucket}", slot "{k.slot}"; "
                            <code>{k.evicted.clone()}</code>" is evicted → bucket "{k.next_bucket}
                        </li>
                    }).collect_view()}
                </ol>
                {(total > steps.len()).then(|| view! {
                    <p class="muted">{format!("… and {} more kicks.", total - steps.len())}</p>
                })}
                {undone.then(|| view! {
                    <p class="filter-full">"The bound was reached: every kick was undone, the table is as before, and the item was not stored."</p>
                })}
            </div>
        })
    }
}
