//! `SpaceTimeDiagram`: a Lamport space-time diagram that fits a side panel.
//!
//! One vertical lane per node (labels on top), time flowing down. Each [`SpaceTimeArrow`] goes
//! from `(sender, sent)` to `(receiver, arrived)`, coloured by kind; a dropped one stops half-way
//! with a ✕. Each [`SpaceTimeMark`] is a dot on its node's lane; clicking it calls `on_seek` with
//! its step. A horizontal line marks the cursor; only the last `window_ms` before the cursor are
//! shown (time ticks on the left), and nothing after the cursor, so arrows still in flight grow as
//! the cursor advances and scrubbing back hides the future.
//!
//! Performance: arrows and marks are laid out in time coordinates inside one group that is
//! translated as the cursor moves, so a frame writes one `transform` (plus the clip height while
//! the run is shorter than the window). Arrows are batched: all visible arrows of one kind (and
//! drop state) form a single `<g>` with one shaft path and one head path, listed in its
//! `data-arrow-ids`, so a busy run at high speed rewrites a handful of `d` attributes per frame
//! instead of creating and removing an element per message. At most [`MAX_DRAWN_ARROWS`] arrows
//! are drawn, the latest; the number left out is shown. Marks, which are few and clickable,
//! are keyed `<For>` rows created when they scroll in.
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::prelude::*;

use super::shape::fmt;
use super::view::{Lane, SpaceTimeArrow, SpaceTimeMark, kind_classes};

/// viewBox width.
const W: f64 = 300.0;
/// viewBox height.
const H: f64 = 460.0;
/// Height of the lane labels band.
const HEAD: f64 = 30.0;
/// Width of the time-tick gutter on the left.
const GUTTER: f64 = 42.0;
/// Space right of the last lane and below the body.
const PAD: f64 = 10.0;
/// Height of the time window in viewBox units.
const BODY: f64 = H - HEAD - PAD;

/// Unique ids for the clip paths of several diagrams on one page.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The x of lane `slot` of `n`.
fn lane_x(slot: usize, n: usize) -> f64 {
    GUTTER + (W - GUTTER - PAD) * (slot as f64 + 0.5) / n.max(1) as f64
}

/// Node ids in lane order.
#[derive(Clone, Debug, PartialEq)]
struct Lanes(Vec<usize>);

impl Lanes {
    fn x(&self, node: usize) -> Option<f64> {
        let slot = if self.0.get(node) == Some(&node) {
            Some(node)
        } else {
            self.0.iter().position(|&n| n == node)
        };
        slot.map(|s| lane_x(s, self.0.len()))
    }
}

/// A tick step of 1, 2 or 5 times a power of ten giving about five ticks per window.
fn tick_step(window: f64) -> f64 {
    let raw = (window / 5.0).max(1e-3);
    let mag = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag)
}

fn tick_label(t: f64) -> String {
    if t >= 10_000.0 {
        format!("{}s", fmt(t / 1000.0))
    } else {
        fmt(t)
    }
}

/// The time at which an arrow's drawing ends (for windowing).
fn arrow_end(a: &SpaceTimeArrow) -> f64 {
    match a.arrived_ms {
        Some(t) if a.dropped => (a.sent_ms + t) / 2.0,
        Some(t) => t,
        None => f64::INFINITY,
    }
}

/// The shaft and head (or ✕) paths of an arrow, in time coordinates (`y = t * k`).
fn arrow_paths(a: &SpaceTimeArrow, lanes: &Lanes, k: f64, window: f64) -> (String, String) {
    let (Some(x1), Some(mut x2)) = (lanes.x(a.from), lanes.x(a.to)) else {
        return (String::new(), String::new());
    };
    if a.from == a.to {
        x2 = x1 + 14.0;
    }
    let y1 = a.sent_ms * k;
    let mut y2 = a.arrived_ms.unwrap_or(a.sent_ms + window * 0.5) * k;
    if a.dropped {
        let t_end = a.arrived_ms.unwrap_or(a.sent_ms + window * 0.16);
        x2 = (x1 + x2) / 2.0;
        y2 = (a.sent_ms + (t_end - a.sent_ms) / 2.0) * k;
    }
    let shaft = format!("M{} {}L{} {}", fmt(x1), fmt(y1), fmt(x2), fmt(y2));
    let tip = if a.dropped {
        let c = 3.5;
        format!(
            "M{} {}L{} {}M{} {}L{} {}",
            fmt(x2 - c),
            fmt(y2 - c),
            fmt(x2 + c),
            fmt(y2 + c),
            fmt(x2 - c),
            fmt(y2 + c),
            fmt(x2 + c),
            fmt(y2 - c)
        )
    } else {
        let (dx, dy) = (x2 - x1, y2 - y1);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        let (ux, uy) = (dx / len, dy / len);
        let (bx, by) = (x2 - ux * 6.5, y2 - uy * 6.5);
        format!(
            "M{} {}L{} {}L{} {}Z",
            fmt(x2),
            fmt(y2),
            fmt(bx - uy * 3.2),
            fmt(by + ux * 3.2),
            fmt(bx + uy * 3.2),
            fmt(by - ux * 3.2)
        )
    };
    (shaft, tip)
}

/// The most arrows drawn at once; beyond it the oldest in the window are left out (and counted),
/// since a diagram with thousands of crossing arrows says nothing and costs a lot to paint.
const MAX_DRAWN_ARROWS: usize = 400;

/// The smallest send time `t` such that at most `max` arrows were sent at or after `t` (a
/// bisection on time; no sort, so no large generic sorting code in the wasm).
fn latest_cutoff(arrows: &[&SpaceTimeArrow], max: usize) -> f64 {
    let count_from = |t: f64| arrows.iter().filter(|a| a.sent_ms >= t).count();
    let (mut low, mut high) = arrows
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), a| {
            (lo.min(a.sent_ms), hi.max(a.sent_ms))
        });
    if count_from(high) > max {
        return f64::INFINITY; // more than `max` share the latest time: draw none of them
    }
    // Invariant: count_from(high) <= max < count_from(low).
    for _ in 0..60 {
        let mid = (low + high) / 2.0;
        if count_from(mid) > max {
            low = mid;
        } else {
            high = mid;
        }
    }
    high
}

/// Arrows drawn together: one kind, dropped or not.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct BatchKey {
    kind: String,
    dropped: bool,
}

/// The path data of a batch, and the ids of its messages separated by spaces.
#[derive(Clone, Debug, Default, PartialEq)]
struct ArrowBatch {
    shafts: String,
    heads: String,
    ids: String,
}

fn batch_arrows<'a>(
    arrows: impl Iterator<Item = &'a SpaceTimeArrow>,
    lanes: &Lanes,
    k: f64,
    window: f64,
) -> BTreeMap<BatchKey, ArrowBatch> {
    let mut out: BTreeMap<BatchKey, ArrowBatch> = BTreeMap::new();
    for a in arrows {
        let (shaft, head) = arrow_paths(a, lanes, k, window);
        if shaft.is_empty() {
            continue;
        }
        let key = BatchKey {
            kind: a.kind.clone(),
            dropped: a.dropped,
        };
        let batch = out.entry(key).or_default();
        batch.shafts.push_str(&shaft);
        batch.heads.push_str(&head);
        if !batch.ids.is_empty() {
            batch.ids.push(' ');
        }
        batch.ids.push_str(&a.id.to_string());
    }
    out
}

/// A space-time diagram with one vertical lane per node; see the module docs.
///
/// Props:
/// - `lanes`: one [`Lane`] per node, left to right.
/// - `arrows`: the messages; those outside the window are skipped.
/// - `marks`: events and notes on the lanes.
/// - `cursor_ms`: the current simulated time; drawn as a line across.
/// - `window_ms` (default 2000): how much time before the cursor is shown.
/// - `on_seek`: called with a mark's step when it is clicked.
/// - `left_out`: arrows in the window the caller did not even pass (a crowd's oldest), counted
///   with those this widget leaves out.
#[component]
pub fn SpaceTimeDiagram(
    #[prop(into)] lanes: Signal<Vec<Lane>>,
    #[prop(into)] arrows: Signal<Vec<SpaceTimeArrow>>,
    #[prop(into, optional)] marks: Signal<Vec<SpaceTimeMark>>,
    #[prop(into)] cursor_ms: Signal<f64>,
    #[prop(into, default = Signal::stored(2000.0))] window_ms: Signal<f64>,
    #[prop(into, optional)] on_seek: Option<Callback<u64>>,
    #[prop(into, optional)] left_out: Signal<usize>,
) -> impl IntoView {
    let clip_id = format!(
        "space-time-clip-{}",
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    );
    let layout = Memo::new(move |_| Lanes(lanes.with(|ls| ls.iter().map(|l| l.node).collect())));
    let window = Memo::new(move |_| {
        let w = window_ms.get();
        if w.is_finite() && w > 0.0 { w } else { 2000.0 }
    });
    let cursor = Memo::new(move |_| {
        let c = cursor_ms.get();
        if c.is_finite() { c.max(0.0) } else { 0.0 }
    });
    // Units per ms, and the first ms shown.
    let k = Memo::new(move |_| BODY / window.get());
    let start = Memo::new(move |_| (cursor.get() - window.get()).max(0.0));
    let cursor_y = move || HEAD + (cursor.get() - start.get()) * k.get();

    // The arrows overlapping [start, cursor], drawn as one batch per kind and drop state.
    let batches = Memo::new(move |_| {
        let (s, c) = (start.get(), cursor.get());
        let (k, w) = (k.get(), window.get());
        layout.with(|l| {
            arrows.with(|all| {
                let mut shown: Vec<&SpaceTimeArrow> = all
                    .iter()
                    .filter(|a| a.sent_ms <= c && arrow_end(a) >= s)
                    .collect();
                let total = shown.len();
                if total > MAX_DRAWN_ARROWS {
                    // Keep the latest: the earliest send time that leaves at most the maximum.
                    let cutoff = latest_cutoff(&shown, MAX_DRAWN_ARROWS);
                    shown.retain(|a| a.sent_ms >= cutoff);
                }
                let omitted = total - shown.len();
                (batch_arrows(shown.into_iter(), l, k, w), omitted)
            })
        })
    });
    let batch_keys = Memo::new(move |_| batches.with(|b| b.0.keys().cloned().collect::<Vec<_>>()));
    let omitted = Memo::new(move |_| batches.with(|b| b.1) + left_out.get());
    // Which marks overlap [start, cursor]: changes only when one scrolls in or out.
    let visible_marks = Memo::new(move |_| {
        let (s, c) = (start.get(), cursor.get());
        marks.with(|all| {
            all.iter()
                .enumerate()
                .filter(|(_, m)| m.time_ms <= c && m.time_ms >= s)
                .map(|(i, m)| (m.step, m.node, m.time_ms.to_bits(), i))
                .collect::<Vec<_>>()
        })
    });
    let ticks = Memo::new(move |_| {
        let (s, c, step) = (start.get(), cursor.get(), tick_step(window.get()));
        let mut t = (s / step).ceil() * step;
        let mut out = Vec::new();
        while t <= c + 1e-9 && out.len() < 50 {
            out.push(t.to_bits());
            t += step;
        }
        out
    });

    let batch_row = move |key: BatchKey| {
        let class = format!("st-arrow {}", kind_classes(&key.kind));
        let testid = format!(
            "space-time-arrows-{}{}",
            key.kind,
            if key.dropped { "-dropped" } else { "" }
        );
        let dropped = key.dropped;
        let batch =
            Memo::new(move |_| batches.with(|b| b.0.get(&key).cloned().unwrap_or_default()));
        view! {
            <g class=class class:dropped=dropped data-testid=testid data-arrow-ids=move || batch.with(|b| b.ids.clone())>
                <path class="st-shaft" d=move || batch.with(|b| b.shafts.clone()) />
                <path class="st-head" d=move || batch.with(|b| b.heads.clone()) />
            </g>
        }
    };

    let mark_row = move |(step, node, _, i): (u64, usize, u64, usize)| {
        let m = marks.with_untracked(|all| all.get(i).cloned())?;
        let time = m.time_ms;
        let class = format!("st-mark {}", kind_classes(&m.kind));
        let label = m.label.clone();
        let transform = move || {
            let x = layout.with(|l| l.x(node)).unwrap_or(-100.0);
            format!("translate({} {})", fmt(x), fmt(time * k.get()))
        };
        Some(view! {
                   <g
                       class=class
                       data-testid=format!("space-time-mark-{step}")
                       transform=transform
                       role="button"
                       tabindex="0"
                       aria-label=label.clone()
                       on:click=move |_| {
                           if let Some(cb) = on_seek {
                               cb.run(step);
                           }
                       }
                       on:keydown=move |ev| {
                           if ev.key() == "Enter" && let Some(cb) = on_seek {
        cb.run(step);
        }
                       }
                   >
                       <circle class="st-mark-hit" r="8" />
                       <circle class="st-mark-dot" r="4" />
                       {leptos::svg::title().child(format!("{label} (step {step})"))}
                   </g>
               })
    };

    let tick_row = move |bits: u64| {
        let t = f64::from_bits(bits);
        let y = move || fmt(t * k.get());
        view! {
            <g class="st-tick">
                <line x1=fmt(GUTTER - 4.0) x2=fmt(W - PAD) y1=y y2=y />
                <text x=fmt(GUTTER - 7.0) y=y dy="0.32em">{tick_label(t)}</text>
            </g>
        }
    };

    let lane_row = move |(slot, lane): (usize, Lane)| {
        let n = move || layout.with(|l| l.0.len());
        let x = move || fmt(lane_x(slot, n()));
        view! {
            <g class="st-lane" data-testid=format!("space-time-lane-{}", lane.node)>
                <text class="st-lane-label" x=x y=fmt(HEAD - 11.0)>{lane.label}</text>
                <line x1=x x2=x y1=fmt(HEAD - 4.0) y2=fmt(H - PAD) />
            </g>
        }
    };

    let clip_url = format!("url(#{clip_id})");
    view! {
        <svg
            class="space-time"
            data-testid="space-time"
            viewBox=format!("0 0 {W} {H}")
            preserveAspectRatio="xMidYMin meet"
            role="group"
            aria-label="Space-time diagram"
        >
            <defs>
                <clipPath id=clip_id>
                    <rect
                        x="0"
                        y=fmt(HEAD - 10.0)
                        width=fmt(W)
                        height=move || fmt(cursor_y() - HEAD + 10.5)
                    />
                </clipPath>
            </defs>
            <g class="st-lanes">
                <For
                    each=move || lanes.get().into_iter().enumerate()
                    key=|l| l.clone()
                    children=lane_row
                />
            </g>
            <g clip-path=clip_url>
                <g
                    class="st-body"
                    transform=move || format!("translate(0 {})", fmt(HEAD - start.get() * k.get()))
                >
                    <For each=move || ticks.get() key=|t| *t children=tick_row />
                    <For each=move || batch_keys.get() key=|b| b.clone() children=batch_row />
                    <For each=move || visible_marks.get() key=|m| *m children=mark_row />
                </g>
            </g>
            <text
                class="st-omitted"
                data-testid="space-time-omitted"
                x=fmt(W - PAD)
                y=fmt(H - 2.0)
                text-anchor="end"
                display=move || (omitted.get() == 0).then_some("none")
            >
                {move || format!("{} older messages not drawn", omitted.get())}
            </text>
            <g class="st-cursor">
                <line
                    data-testid="space-time-cursor"
                    data-cursor-ms=move || fmt(cursor.get())
                    x1=fmt(GUTTER - 4.0)
                    x2=fmt(W - PAD)
                    y1=move || fmt(cursor_y())
                    y2=move || fmt(cursor_y())
                />
            </g>
        </svg>
    }
}
