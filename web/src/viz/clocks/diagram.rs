//! The space-time diagram: one horizontal line per process, time flowing
//! right, an event every column in the order they happened, an arrow per
//! message (dashed to the receiver's line while it is in flight). Each
//! event shows its Lamport timestamp above and its vector clock below;
//! around a picked event, its causal past, its future and the events
//! concurrent with it are coloured.

use dsviz_core::clocks::{Causality, EventKind, Execution};
use leptos::prelude::*;

const LEFT: f64 = 44.0;
const COLUMN: f64 = 46.0;
const ROW: f64 = 78.0;
const TOP: f64 = 34.0;
const RADIUS: f64 = 7.0;

fn fmt(v: f64) -> String {
    format!("{v:.1}")
}

fn x_of(event: usize) -> f64 {
    LEFT + COLUMN * (event as f64 + 0.5)
}

fn y_of(process: usize) -> f64 {
    TOP + ROW * process as f64
}

/// `[3,0,1]`.
pub fn vector_text(execution: &Execution, event: usize) -> String {
    let vector = &execution.events()[event].vector;
    let parts: Vec<String> = (0..execution.processes())
        .map(|p| vector.get(p).to_string())
        .collect();
    format!("[{}]", parts.join(","))
}

/// The picked event's relation to every event, as a CSS class.
fn class_of(
    execution: &Execution,
    event: usize,
    pick: Option<usize>,
    pair: Option<(usize, usize)>,
) -> String {
    let mut class = String::from("st-event");
    if let Some(p) = pick {
        class.push_str(match execution.relation(event, p) {
            Causality::Equal if event == p => " picked",
            Causality::Before => " past",
            Causality::After => " future",
            _ => " concurrent",
        });
    }
    if pair.is_some_and(|(a, b)| a == event || b == event) {
        class.push_str(" misleading");
    }
    class
}

/// The diagram of `execution`; clicking an event calls `on_pick`.
#[component]
pub fn ClockDiagram(
    #[prop(into)] execution: Signal<Execution>,
    #[prop(into)] pick: Signal<Option<usize>>,
    #[prop(into)] pair: Signal<Option<(usize, usize)>>,
    on_pick: Callback<usize>,
) -> impl IntoView {
    let size = move || {
        execution.with(|ex| {
            let columns = ex.events().len().max(8) + 1;
            (
                LEFT + COLUMN * columns as f64,
                TOP + ROW * (ex.processes() as f64 - 0.5) + 16.0,
            )
        })
    };
    let lanes = move || {
        let (width, _) = size();
        execution.with(|ex| {
            (0..ex.processes())
                .map(|p| {
                    let y = fmt(y_of(p));
                    view! {
                        <g class="st-lane">
                            <text x="8" y=y.clone() dominant-baseline="middle">{format!("P{}", p + 1)}</text>
                            <line x1=fmt(LEFT) x2=fmt(width - 8.0) y1=y.clone() y2=y />
                        </g>
                    }
                })
                .collect_view()
        })
    };
    let arrows =
        move || {
            let (width, _) = size();
            execution.with(|ex| {
                let events = ex.events();
                let mut drawn: Vec<AnyView> = Vec::new();
                for (i, e) in events.iter().enumerate() {
                    if let EventKind::Receive { .. } = e.kind
                        && let Some(send) = ex.send_of(i)
                    {
                        let from = &events[send];
                        drawn.push(view! {
                        <line class="st-message" data-testid=format!("message-{send}-{i}")
                            x1=fmt(x_of(send)) y1=fmt(y_of(from.process))
                            x2=fmt(x_of(i)) y2=fmt(y_of(e.process)) marker-end="url(#st-arrow)" />
                    }.into_any());
                    }
                }
                for (id, m) in ex.in_flight() {
                    drawn.push(view! {
                    <line class="st-message in-flight" data-testid=format!("in-flight-{id}")
                        x1=fmt(x_of(m.sent_by)) y1=fmt(y_of(m.from))
                        x2=fmt(width - 14.0) y2=fmt(y_of(m.to)) marker-end="url(#st-arrow)" />
                }.into_any());
                }
                drawn
            })
        };
    let events = move || {
        let (pick, pair) = (pick.get(), pair.get());
        execution.with(|ex| {
            ex.events()
                .iter()
                .enumerate()
                .map(|(i, e)| {
                    let (x, y) = (x_of(i), y_of(e.process));
                    let title = format!(
                        "P{}·{}: Lamport {}, vector {}",
                        e.process + 1,
                        e.local_index,
                        e.lamport,
                        vector_text(ex, i)
                    );
                    view! {
                        <g class=class_of(ex, i, pick, pair) data-testid=format!("event-{i}")
                            on:click=move |_| on_pick.run(i)>
                            <title>{title}</title>
                            <circle cx=fmt(x) cy=fmt(y) r=fmt(RADIUS) />
                            <text class="st-lamport" x=fmt(x) y=fmt(y - RADIUS - 5.0) text-anchor="middle">{e.lamport}</text>
                            <text class="st-vector" x=fmt(x) y=fmt(y + RADIUS + 13.0) text-anchor="middle">{vector_text(ex, i)}</text>
                        </g>
                    }
                })
                .collect_view()
        })
    };
    // Keep the picked event, or else the newest one, in view.
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let focus = pick
            .get()
            .or_else(|| execution.with(|ex| ex.events().len().checked_sub(1)));
        let (Some(event), Some(el)) = (focus, scroller.get()) else {
            return;
        };
        let x = x_of(event);
        let (left, width) = (f64::from(el.scroll_left()), f64::from(el.client_width()));
        if x < left + 30.0 || x > left + width - 30.0 {
            el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
        }
    });
    view! {
        <div class="st-scroll" node_ref=scroller>
            <svg class="clock-diagram" data-testid="clock-diagram"
                width=move || fmt(size().0) height=move || fmt(size().1)
                viewBox=move || { let (w, h) = size(); format!("0 0 {} {}", fmt(w), fmt(h)) }
                role="img" aria-label="Space-time diagram: processes as lines, events as dots, messages as arrows">
                <defs>
                    <marker id="st-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" class="st-arrow-head" />
                    </marker>
                </defs>
                {lanes}
                {arrows}
                {events}
            </svg>
        </div>
    }
}
