//! `NodeRing`: the nodes of a cluster on a circle, with messages flying between them.
//!
//! Draws, in one responsive SVG (`width: 100%`, aspect ratio kept):
//! - each [`RingNode`] as a disc coloured by its role (`role-{role}`), its label inside, a detail
//!   line under it, an arc around it for the fraction of the election timer elapsed, a highlight
//!   ring when selected, and a grey disc with a cross when crashed;
//! - faint edges between every pair of nodes (up to 12 nodes; more would only be clutter);
//! - each [`FlowMessage`] as a small shape (its [`Shape`], coloured by `kind-{kind}`) at
//!   `lerp(from, to, progress)` on the edge between the two nodes, offset a little to its right
//!   so that messages in opposite directions do not overlap; a message being dropped stops where
//!   it is lost, then falls and fades out.
//!
//! Clicking (or pressing Enter on) a node calls `on_select` with its id; clicking a message calls
//! `on_message` with its id.
//!
//! Above [`CROWDED_MESSAGES`] messages in flight, or whenever the nodes are a crowd (more than
//! [`ONE_RING_MAX`], on concentric circles), messages are drawn as small dots coloured by kind
//! (one path per kind) and cannot be clicked one by one: moving message rows inside an SVG of a
//! few hundred nodes would repaint every node each frame, where the canvas repaints only itself.
//!
//! Performance: nodes are keyed `<For>` rows, created once per id. Messages are short-lived (a
//! busy cluster replaces its whole in-flight set every round trip), so their rows are pooled: a
//! message keeps one row for its life and a row is reused by later messages, so rows are created
//! only when more messages are in flight than ever before. Per frame one effect computes every
//! message's small `Copy` geometry and hands it to its row's own signal; a row then writes only
//! its `transform` (and, while fading, `opacity`). Nodes write only what changed (usually the
//! timer arc).
use std::collections::{BTreeMap, BTreeSet};
use std::f64::consts::PI;

use leptos::prelude::*;

use super::shape::{fmt, shape_view};
use super::view::{FlowMessage, MessageFate, RingNode, Shape, kind_classes};

/// The ring is laid out in a `SIZE` square; the viewBox adds `MARGIN` around it for the
/// detail lines under the lowest nodes.
const SIZE: f64 = 400.0;
const MARGIN: f64 = 12.0;
/// Centre of the ring.
const CENTRE: f64 = SIZE / 2.0;
/// Radius of the circle the node centres lie on.
const RING: f64 = 150.0;
/// Most nodes for which the edges between all pairs are drawn.
const MAX_EDGE_NODES: usize = 12;

/// Where each node sits: the node ids in ring order.
#[derive(Clone, Debug, PartialEq)]
struct Layout {
    ids: Vec<usize>,
}

impl Layout {
    fn len(&self) -> usize {
        self.ids.len()
    }

    /// The slot (position on the ring) of node `id`.
    fn slot(&self, id: usize) -> Option<usize> {
        // Pages usually number nodes 0..n in order: try that first.
        if self.ids.get(id) == Some(&id) {
            Some(id)
        } else {
            self.ids.iter().position(|&n| n == id)
        }
    }

    /// The centre of node `id`.
    fn pos(&self, id: usize) -> Option<(f64, f64)> {
        self.slot(id).map(|slot| slot_pos(slot, self.len()))
    }

    /// The radius of a node's disc: as large as fits between neighbours, within bounds.
    fn node_radius(&self) -> f64 {
        node_radius(self.len())
    }
}

/// Most nodes on one circle; a crowd goes on concentric circles.
const ONE_RING_MAX: usize = 64;
/// A crowd's node radius, and the distance between neighbouring centres on a circle and
/// between circles.
const CROWD_RADIUS: f64 = 4.0;
const CROWD_SPACING: f64 = 11.0;
/// The outermost circle of a crowd (its discs stay inside the `SIZE` square).
const CROWD_OUTER: f64 = CENTRE - 2.0 * CROWD_RADIUS;

fn on_circle(radius: f64, slot: usize, count: usize) -> (f64, f64) {
    let angle = -PI / 2.0 + 2.0 * PI * slot as f64 / count.max(1) as f64;
    (CENTRE + radius * angle.cos(), CENTRE + radius * angle.sin())
}

/// Where slot `slot` of `n` sits. Up to [`ONE_RING_MAX`] nodes share one circle; a crowd fills
/// concentric circles from the outside in, each holding as many as its circumference allows at
/// [`CROWD_SPACING`], spread evenly, so no two discs touch (256 nodes take three circles).
fn slot_pos(slot: usize, n: usize) -> (f64, f64) {
    if n <= ONE_RING_MAX {
        return on_circle(RING, slot, n);
    }
    let mut first = 0;
    let mut radius = CROWD_OUTER;
    loop {
        let capacity = ((2.0 * PI * radius / CROWD_SPACING) as usize).max(1);
        let count = capacity.min(n - first);
        let inner = radius - CROWD_SPACING < CROWD_SPACING;
        if slot < first + count || inner {
            return on_circle(radius, slot - first, count.max(slot - first + 1));
        }
        first += count;
        radius -= CROWD_SPACING;
    }
}

fn node_radius(n: usize) -> f64 {
    if n <= 1 {
        28.0
    } else if n > ONE_RING_MAX {
        CROWD_RADIUS
    } else {
        (PI * RING / n as f64 * 0.55).clamp(6.0, 28.0)
    }
}

/// What a message row draws in a frame: small and `Copy`, so the memo holding it compares cheaply.
#[derive(Clone, Copy, Debug, PartialEq)]
struct MessageGeometry {
    x: f64,
    y: f64,
    opacity: f64,
    visible: bool,
    fate: FateTag,
}

/// [`MessageFate`] without its data, for the CSS class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FateTag {
    InFlight,
    Dropping,
    Duplicate,
}

const HIDDEN: MessageGeometry = MessageGeometry {
    x: 0.0,
    y: 0.0,
    opacity: 0.0,
    visible: false,
    fate: FateTag::InFlight,
};

/// Where message `m` is drawn, given the node layout.
fn message_geometry(m: &FlowMessage, layout: &Layout) -> MessageGeometry {
    let (Some(a), Some(b)) = (layout.pos(m.from), layout.pos(m.to)) else {
        return HIDDEN;
    };
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-6 {
        return HIDDEN;
    }
    let (ux, uy) = (dx / len, dy / len);
    // Start and end on the rims of the two discs, shifted to the right of the direction of travel.
    let r = layout.node_radius() + 2.0;
    let side = (r * 0.22).clamp(1.5, 5.0);
    let (sx, sy) = (a.0 + ux * r - uy * side, a.1 + uy * r + ux * side);
    let span = (len - 2.0 * r).max(0.0);
    let at = |p: f64| (sx + ux * span * p, sy + uy * span * p);
    let p = if m.progress.is_finite() {
        m.progress.clamp(0.0, 1.0)
    } else {
        0.0
    };
    match m.fate {
        MessageFate::InFlight | MessageFate::Duplicate => {
            let (x, y) = at(p);
            let fate = if m.fate == MessageFate::Duplicate {
                FateTag::Duplicate
            } else {
                FateTag::InFlight
            };
            MessageGeometry {
                x,
                y,
                opacity: 1.0,
                visible: true,
                fate,
            }
        }
        MessageFate::Dropping { at: lost } => {
            let lost = if lost.is_finite() {
                lost.clamp(0.0, 1.0)
            } else {
                0.5
            };
            let fall = if p > lost && lost < 1.0 {
                ((p - lost) / (1.0 - lost)).min(1.0)
            } else {
                0.0
            };
            let (x, y) = at(p.min(lost));
            MessageGeometry {
                x,
                y: y + fall * fall * 40.0,
                opacity: 1.0 - fall,
                visible: fall < 1.0,
                fate: FateTag::Dropping,
            }
        }
    }
}

/// Above this many messages in flight they are drawn as dots (see `dot_batches`).
const CROWDED_MESSAGES: usize = 150;

/// Messages of one kind and fate, drawn as dots of one colour.
#[derive(Clone, Debug, Default, PartialEq)]
struct DotBatch {
    class: String,
    /// Dot centres in the ring's coordinates.
    points: Vec<(f32, f32)>,
    count: usize,
}

/// Every visible message's position, grouped by kind and by whether it is being dropped.
fn dot_batches(messages: &[FlowMessage], layout: &Layout) -> Vec<DotBatch> {
    let mut batches: BTreeMap<String, DotBatch> = BTreeMap::new();
    for m in messages {
        let g = message_geometry(m, layout);
        if !g.visible {
            continue;
        }
        let mut class = format!("ring-dot {}", kind_classes(&m.kind));
        if g.fate == FateTag::Dropping {
            class.push_str(" dropping");
        }
        let batch = batches.entry(class.clone()).or_insert_with(|| DotBatch {
            class,
            ..DotBatch::default()
        });
        batch.points.push((g.x as f32, g.y as f32));
        batch.count += 1;
    }
    batches.into_values().collect()
}

/// The diameter of a crowd's dot, in the ring's coordinates.
const DOT_SIZE: f64 = 5.0;
/// Canvas pixels per unit of the ring's coordinates.
const CANVAS_SCALE: f64 = 2.0;

/// Draws a crowd's dots on `canvas`, which lies over the ring's SVG at the same size. Each batch takes the
/// stroke colour and opacity of its (empty) SVG path, so the stylesheet and the theme still
/// decide the colours. Redrawing a few hundred dots on a canvas costs far less than having the
/// browser re-rasterise an SVG path of them every frame.
///
/// Colours are read with `getComputedStyle`, which makes the browser recompute styles at once;
/// `paints` keeps each class's colour and opacity for [`PAINT_REFRESH_FRAMES`] frames.
fn draw_dots(
    canvas: &web_sys::HtmlCanvasElement,
    styled: &[web_sys::Element],
    batches: &[DotBatch],
    paints: &mut PaintCache,
) {
    use wasm_bindgen::JsCast;
    let Some(cx) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    // The bitmap is a square of the viewBox at CANVAS_SCALE pixels per unit; CSS scales it onto
    // the SVG's box (`object-fit: contain`, as the SVG's `meet`), so nothing here reads the
    // layout (which would force the browser to lay the page out again every frame).
    let side = (SIZE + 2.0 * MARGIN) * CANVAS_SCALE;
    let _ = cx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    cx.clear_rect(0.0, 0.0, side, side);
    if batches.is_empty() {
        return;
    }
    let (scale, offset) = (CANVAS_SCALE, MARGIN * CANVAS_SCALE);
    let _ = cx.set_transform(scale, 0.0, 0.0, scale, offset, offset);
    let radius = DOT_SIZE / 2.0;
    paints.frames += 1;
    if paints.frames > PAINT_REFRESH_FRAMES {
        *paints = PaintCache::default();
    }
    for (batch, element) in batches.iter().zip(styled) {
        let (colour, opacity) = paints
            .by_class
            .entry(batch.class.clone())
            .or_insert_with(|| {
                let style = window().get_computed_style(element).ok().flatten();
                let colour = style
                    .as_ref()
                    .and_then(|s| s.get_property_value("stroke").ok())
                    .filter(|c| !c.is_empty() && c != "none")
                    .unwrap_or_else(|| "grey".into());
                let opacity = style
                    .and_then(|s| s.get_property_value("opacity").ok())
                    .and_then(|o| o.parse::<f64>().ok())
                    .unwrap_or(1.0);
                (colour, opacity)
            })
            .clone();
        cx.set_global_alpha(opacity);
        cx.set_fill_style_str(&colour);
        cx.begin_path();
        for &(x, y) in &batch.points {
            let (x, y) = (f64::from(x), f64::from(y));
            cx.move_to(x + radius, y);
            let _ = cx.arc(x, y, radius, 0.0, 2.0 * PI);
        }
        cx.fill();
    }
    cx.set_global_alpha(1.0);
}

/// How often (in drawn frames) the dots' colours are read again, so a theme change shows.
const PAINT_REFRESH_FRAMES: u32 = 120;

/// Each dot class's colour and opacity, as the stylesheet gives them.
#[derive(Default)]
struct PaintCache {
    by_class: BTreeMap<String, (String, f64)>,
    frames: u32,
}

/// What a slot shows about its message besides where it is.
#[derive(Clone, Debug, PartialEq)]
struct Occupant {
    id: u64,
    kind: String,
    label: String,
    shape: Shape,
}

/// One reusable message row: who occupies it and where that message is drawn. The signals are
/// reference-counted rather than owned by the effect that creates them, which re-runs each frame.
#[derive(Clone)]
struct Slot {
    occupant: ArcRwSignal<Option<Occupant>>,
    geometry: ArcRwSignal<MessageGeometry>,
}

/// The message rows and which message holds which.
#[derive(Default)]
struct SlotPool {
    slots: Vec<Slot>,
    /// Message id → slot index.
    held: BTreeMap<u64, usize>,
}

impl SlotPool {
    /// Frees the slots of messages that left, gives each new message the lowest free slot
    /// (adding slots when none is free), and updates every occupied slot's geometry.
    fn assign(&mut self, messages: &[FlowMessage], layout: &Layout) {
        let present: BTreeMap<u64, &FlowMessage> = messages.iter().map(|m| (m.id, m)).collect();
        let gone: Vec<u64> = self
            .held
            .keys()
            .filter(|id| !present.contains_key(id))
            .copied()
            .collect();
        let mut free: BTreeSet<usize> = BTreeSet::new();
        for id in gone {
            if let Some(index) = self.held.remove(&id) {
                free.insert(index);
            }
        }
        let used: BTreeSet<usize> = self.held.values().copied().collect();
        free.extend((0..self.slots.len()).filter(|i| !used.contains(i)));
        for (&id, m) in &present {
            let index = match self.held.get(&id) {
                Some(&index) => index,
                None => {
                    let index = free.pop_first().unwrap_or_else(|| {
                        self.slots.push(Slot {
                            occupant: ArcRwSignal::new(None),
                            geometry: ArcRwSignal::new(HIDDEN),
                        });
                        self.slots.len() - 1
                    });
                    self.held.insert(id, index);
                    index
                }
            };
            let slot = &self.slots[index];
            let occupant = Occupant {
                id,
                kind: m.kind.clone(),
                label: m.label.clone(),
                shape: m.shape,
            };
            if slot
                .occupant
                .with_untracked(|o| o.as_ref() != Some(&occupant))
            {
                slot.occupant.set(Some(occupant));
            }
            let g = message_geometry(m, layout);
            if slot.geometry.get_untracked() != g {
                slot.geometry.set(g);
            }
        }
        for index in free {
            let slot = &self.slots[index];
            if slot.occupant.with_untracked(Option::is_some) {
                slot.occupant.set(None);
            }
        }
    }
}

/// Nodes on a circle with messages flying between them; see the module docs.
///
/// Props:
/// - `nodes`: the nodes, in ring order (clockwise from the top).
/// - `messages`: the messages in flight.
/// - `on_select`: called with a node's id when it is clicked.
/// - `on_message`: called with a message's id when it is clicked.
#[component]
pub fn NodeRing(
    #[prop(into)] nodes: Signal<Vec<RingNode>>,
    #[prop(into, optional)] messages: Signal<Vec<FlowMessage>>,
    #[prop(into, optional)] on_select: Option<Callback<usize>>,
    #[prop(into, optional)] on_message: Option<Callback<u64>>,
) -> impl IntoView {
    let layout = Memo::new(move |_| Layout {
        ids: nodes.with(|ns| ns.iter().map(|n| n.id).collect()),
    });
    let dense = move || layout.with(|l| l.len() > 16);
    let crowd = move || layout.with(|l| l.len() > ONE_RING_MAX);

    // Edges: only the node count matters.
    let count = Memo::new(move |_| layout.with(Layout::len));
    let edges = move || {
        let n = count.get();
        if n > MAX_EDGE_NODES {
            return String::new();
        }
        let mut d = String::new();
        for i in 0..n {
            for j in i + 1..n {
                let (a, b) = (slot_pos(i, n), slot_pos(j, n));
                d.push_str(&format!(
                    "M{} {}L{} {}",
                    fmt(a.0),
                    fmt(a.1),
                    fmt(b.0),
                    fmt(b.1)
                ));
            }
        }
        d
    };

    let node_ids = Memo::new(move |_| layout.with(|l| l.ids.clone()));
    let node_row = move |id: usize| {
        // Pages usually list node `id` at index `id`: look there first (a find per node per
        // frame would be quadratic in a crowd).
        let node = Memo::new(move |_| {
            nodes.with(|ns| match ns.get(id) {
                Some(n) if n.id == id => Some(n.clone()),
                _ => ns.iter().find(|n| n.id == id).cloned(),
            })
        });
        let pos = move || layout.with(|l| l.pos(id)).unwrap_or((CENTRE, CENTRE));
        let r = Memo::new(move |_| layout.with(Layout::node_radius));
        let class = Memo::new(move |_| {
            node.with(|n| match n {
                Some(n) => {
                    let mut c = format!("ring-node role-{}", n.role);
                    if n.crashed {
                        c.push_str(" crashed");
                    }
                    if n.selected {
                        c.push_str(" selected");
                    }
                    c
                }
                None => "ring-node".to_string(),
            })
        });
        let label = Memo::new(move |_| {
            node.with(|n| n.as_ref().map(|n| n.label.clone()))
                .unwrap_or_default()
        });
        let detail = Memo::new(move |_| {
            node.with(|n| n.as_ref().map(|n| n.detail.clone()))
                .unwrap_or_default()
        });
        let crashed = Memo::new(move |_| node.with(|n| n.as_ref().is_some_and(|n| n.crashed)));
        // The arc moves in steps of about three units of its length: finer changes are hard to
        // see, and every change repaints the node (in a crowd whose heartbeats reset every timer
        // 50 times a second, 64 arcs a frame were much of the paint).
        let timer = Memo::new(move |_| {
            let steps = (2.0 * PI * (r.get() + 4.5) / 3.0).ceil().max(12.0);
            node.with(|n| n.as_ref().and_then(|n| n.timer)).map(|t| {
                if t.is_finite() {
                    (t.clamp(0.0, 1.0) * steps).round() / steps
                } else {
                    0.0
                }
            })
        });
        let aria = move || {
            node.with(|n| match n {
                Some(n) if n.detail.is_empty() => format!("{} ({})", n.label, n.role),
                Some(n) => format!("{} ({}, {})", n.label, n.role, n.detail),
                None => String::new(),
            })
        };
        let select = move || {
            if let Some(cb) = on_select {
                cb.run(id);
            }
        };
        view! {
            <g
                class=move || class.get()
                data-testid=format!("ring-node-{id}")
                transform=move || {
                    let (x, y) = pos();
                    format!("translate({} {})", fmt(x), fmt(y))
                }
                role="button"
                tabindex="0"
                aria-label=aria
                on:click=move |_| select()
                on:keydown=move |ev| {
                    if ev.key() == "Enter" || ev.key() == " " {
                        ev.prevent_default();
                        select();
                    }
                }
            >
                <circle class="ring-node-halo" r=move || fmt(r.get() + 9.0) />
                <circle
                    class="ring-timer-track"
                    r=move || fmt(r.get() + 4.5)
                    display=move || timer.get().is_none().then_some("none")
                />
                <circle
                    class="ring-timer"
                    data-testid=format!("ring-timer-{id}")
                    r=move || fmt(r.get() + 4.5)
                    pathLength="1"
                    transform="rotate(-90)"
                    stroke-dasharray=move || format!("{:.3} 1", timer.get().unwrap_or(0.0))
                    display=move || timer.get().is_none().then_some("none")
                />
                <circle class="ring-node-body" r=move || fmt(r.get()) />
                <text
                    class="ring-node-label"
                    dy="0.35em"
                    font-size=move || fmt((r.get() * 0.62).clamp(6.0, 15.0))
                >
                    {move || label.get()}
                </text>
                <text class="ring-node-detail" y=move || fmt(r.get() + 23.0)>
                    {move || detail.get()}
                </text>
                <path
                    class="ring-node-cross"
                    d=move || {
                        let a = r.get() * 0.55;
                        format!("M{} {}L{} {}M{} {}L{} {}", fmt(-a), fmt(-a), fmt(a), fmt(a), fmt(-a), fmt(a), fmt(a), fmt(-a))
                    }
                    display=move || (!crashed.get()).then_some("none")
                />
            </g>
        }
    };

    // Messages live in a pool of rows ("slots"). A new message takes the lowest free slot and
    // keeps it until it leaves, so a row is created only when more messages are in flight than
    // ever before; every frame one effect hands each slot its message's geometry through the
    // slot's own signals (hundreds of rows subscribed to `messages` itself would make each frame
    // quadratic in the reactive graph's bookkeeping).
    let pool: StoredValue<SlotPool> = StoredValue::new(SlotPool::default());
    let slot_count = RwSignal::new(0usize);
    // Past a few hundred messages, individual shapes are illegible anyway: draw them as dots,
    // one path per kind, so a frame rewrites a handful of attributes instead of hundreds.
    //
    // Whether the ring is crowded is read from `messages` directly, never through a memo of it:
    // an effect or memo that reads both a memo `M` and a memo derived from `M` can miss `M`'s
    // change (Leptos 0.8's graph finds the derived memo unchanged, re-validating `M` on the
    // way, and then sees `M` as clean), which once froze every message row on the Raft page.
    let crowded = move |ms: &[FlowMessage]| {
        ms.len() > CROWDED_MESSAGES || layout.with(|l| l.len() > ONE_RING_MAX)
    };
    let dots = Memo::new(move |_| {
        messages.with(|ms| {
            if crowded(ms) {
                layout.with(|l| dot_batches(ms, l))
            } else {
                Vec::new()
            }
        })
    });
    Effect::new(move |_| {
        messages.with(|ms| {
            let shown: &[FlowMessage] = if crowded(ms) { &[] } else { ms };
            layout.with(|l| pool.update_value(|pool| pool.assign(shown, l)));
        });
        let needed = pool.with_value(|pool| pool.slots.len());
        if needed > slot_count.get_untracked() {
            slot_count.set(needed);
        }
    });
    let message_size = Memo::new(move |_| (layout.with(Layout::node_radius) * 0.3).clamp(3.0, 7.0));
    let message_row = move |index: usize| {
        let Some(slot) = pool.with_value(|pool| pool.slots.get(index).cloned()) else {
            return ().into_any();
        };
        let (occupant, geometry) = (RwSignal::from(slot.occupant), RwSignal::from(slot.geometry));
        let class = move || {
            occupant.with(|o| match o {
                None => "ring-message".to_string(),
                Some(o) => {
                    let fate = match geometry.with(|g| g.fate) {
                        FateTag::InFlight => "",
                        FateTag::Dropping => " dropping",
                        FateTag::Duplicate => " duplicate",
                    };
                    format!("ring-message {}{fate}", kind_classes(&o.kind))
                }
            })
        };
        view! {
            <g
                class=class
                data-testid=move || occupant.with(|o| o.as_ref().map(|o| format!("message-{}", o.id)))
                transform=move || {
                    geometry.with(|g| format!("translate({} {})", fmt(g.x), fmt(g.y)))
                }
                opacity=move || geometry.with(|g| (g.opacity < 0.999).then(|| format!("{:.2}", g.opacity.max(0.0))))
                display=move || {
                    let shown = occupant.with(Option::is_some) && geometry.with(|g| g.visible);
                    (!shown).then_some("none")
                }
                on:click=move |_| {
                    if let (Some(cb), Some(id)) = (on_message, occupant.with_untracked(|o| o.as_ref().map(|o| o.id))) {
                        cb.run(id);
                    }
                }
            >
                {move || occupant.with(|o| o.as_ref().map(|o| o.shape)).map(|shape| shape_view(shape, message_size.get()))}
                <title>{move || occupant.with(|o| o.as_ref().map(|o| o.label.clone()))}</title>
            </g>
        }
        .into_any()
    };

    // The crowd's dots go on a canvas over the SVG (see `draw_dots`), redrawn when they change.
    let canvas = NodeRef::<leptos::html::Canvas>::new();
    let dots_group = NodeRef::<leptos::svg::G>::new();
    let paints = StoredValue::new(PaintCache::default());
    Effect::new(move |_| {
        dots.with(|batches| {
            let (Some(canvas), Some(group)) = (canvas.get(), dots_group.get()) else {
                return;
            };
            let children = group.children();
            let styled: Vec<web_sys::Element> = (0..children.length())
                .filter_map(|i| children.item(i))
                .collect();
            paints.update_value(|paints| draw_dots(&canvas, &styled, batches, paints));
        })
    });

    view! {
        <div class="node-ring-frame">
        <svg
            class="node-ring"
            class:dense=dense
            class:crowd=crowd
            data-testid="node-ring"
            viewBox=format!("{} {} {} {}", -MARGIN, -MARGIN, SIZE + 2.0 * MARGIN, SIZE + 2.0 * MARGIN)
            preserveAspectRatio="xMidYMid meet"
            role="group"
            aria-label="Cluster nodes and messages in flight"
        >
            <path class="ring-edges" d=edges />
            <g class="ring-nodes">
                <For each=move || node_ids.get() key=|id| *id children=node_row />
            </g>
            <g class="ring-messages">
                <For each=move || 0..slot_count.get() key=|i| *i children=message_row />
            </g>
            <g class="ring-dots" data-testid="message-dots" node_ref=dots_group>
                <For
                    each=move || dots.with(|d| d.iter().map(|b| b.class.clone()).collect::<Vec<_>>())
                    key=|class| class.clone()
                    children=move |class: String| {
                        let batch = Memo::new({
                            let class = class.clone();
                            move |_| dots.with(|d| d.iter().find(|b| b.class == class).cloned().unwrap_or_default())
                        });
                        view! { <path class=class data-count=move || batch.with(|b| b.count) /> }
                    }
                />
            </g>
        </svg>
        <canvas class="ring-canvas" data-testid="message-canvas" node_ref=canvas
            width=fmt((SIZE + 2.0 * MARGIN) * CANVAS_SCALE) height=fmt((SIZE + 2.0 * MARGIN) * CANVAS_SCALE)
            data-count=move || dots.with(|d| d.iter().map(|b| b.count).sum::<usize>())
            aria-hidden="true"></canvas>
        </div>
    }
}
