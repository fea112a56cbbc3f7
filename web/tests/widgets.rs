//! Browser tests for the shared widgets: each is mounted with sample data; the tests check its
//! test ids, that clicks call the callbacks with the right argument, and that changing an input
//! signal updates the DOM. Run in headless Chromium by wasm-bindgen-test-runner
//! (`CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dsviz-web --target wasm32-unknown-unknown --test widgets`).
#![cfg(target_arch = "wasm32")]

use dsviz_web::widgets::*;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::*;

mod common;

use common::container;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function click(el) { \
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true })); }")]
extern "C" {
    /// A bubbling click, which also works on SVG elements (they have no `click()`).
    fn click(el: &web_sys::Element);
}

#[wasm_bindgen(
    inline_js = "export function count_matches(root, sel) { return root.querySelectorAll(sel).length; }"
)]
extern "C" {
    /// How many elements under `root` match `sel`.
    fn count_matches(root: &web_sys::HtmlElement, sel: &str) -> u32;
}

/// The element with `data-testid=id` in `root`, if any.
fn find(root: &web_sys::HtmlElement, id: &str) -> Option<web_sys::Element> {
    root.query_selector(&format!("[data-testid=\"{id}\"]"))
        .expect("a valid selector")
}

/// The element with `data-testid=id` in `root`; panics if missing.
fn get(root: &web_sys::HtmlElement, id: &str) -> web_sys::Element {
    find(root, id).unwrap_or_else(|| panic!("no element with data-testid={id}"))
}

fn count(root: &web_sys::HtmlElement, selector: &str) -> u32 {
    count_matches(root, selector)
}

fn attr(el: &web_sys::Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

fn ring_node(id: usize, role: &str) -> RingNode {
    RingNode {
        id,
        label: format!("S{}", id + 1),
        role: role.to_string(),
        detail: "term 2".to_string(),
        timer: Some(0.4),
        crashed: false,
        selected: false,
    }
}

fn message(id: u64, from: usize, to: usize, progress: f64) -> FlowMessage {
    FlowMessage {
        id,
        from,
        to,
        progress,
        kind: "append-entries".to_string(),
        label: "AppendEntries".to_string(),
        shape: Shape::Square,
        fate: MessageFate::InFlight,
    }
}

#[wasm_bindgen_test]
async fn node_ring_draws_nodes_and_messages_and_reports_clicks() {
    let root = container();
    let nodes = RwSignal::new(vec![
        ring_node(0, "leader"),
        ring_node(1, "follower"),
        ring_node(2, "candidate"),
    ]);
    let messages = RwSignal::new(vec![message(7, 0, 1, 0.2), message(8, 1, 2, 0.5)]);
    let selected = RwSignal::new(None::<usize>);
    let clicked = RwSignal::new(None::<u64>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <NodeRing
                nodes=nodes
                messages=messages
                on_select=Callback::new(move |id| selected.set(Some(id)))
                on_message=Callback::new(move |id| clicked.set(Some(id)))
            />
        }
    });
    leptos::task::tick().await;

    get(&root, "node-ring");
    for id in 0..3 {
        get(&root, &format!("ring-node-{id}"));
    }
    assert!(attr(&get(&root, "ring-node-0"), "class").contains("role-leader"));
    assert!(attr(&get(&root, "message-7"), "class").contains("kind-append-entries"));
    get(&root, "message-8");

    click(&get(&root, "ring-node-1"));
    assert_eq!(selected.get_untracked(), Some(1));
    click(&get(&root, "message-8"));
    assert_eq!(clicked.get_untracked(), Some(8));

    // Progress moves the message along its edge; the element stays the same.
    let el = get(&root, "message-7");
    let before = attr(&el, "transform");
    messages.update(|ms| ms[0].progress = 0.8);
    leptos::task::tick().await;
    let after = attr(&el, "transform");
    assert_ne!(before, after, "the message moved");
    assert!(
        el.is_connected(),
        "the row was updated in place, not rebuilt"
    );

    // A dropping message fades as it falls.
    messages.update(|ms| {
        ms[0].fate = MessageFate::Dropping { at: 0.5 };
        ms[0].progress = 0.75;
    });
    leptos::task::tick().await;
    let el = get(&root, "message-7");
    assert!(attr(&el, "class").contains("dropping"));
    let opacity: f64 = attr(&el, "opacity")
        .parse()
        .expect("an opacity while fading");
    assert!(opacity > 0.0 && opacity < 1.0, "opacity {opacity}");

    // The timer arc follows the fraction; a crash greys the node and hides the arc.
    let timer = get(&root, "ring-timer-2");
    // The arc moves in steps of about three units of its length.
    let arc = |el: &web_sys::Element| -> f64 {
        attr(el, "stroke-dasharray")
            .split(' ')
            .next()
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN)
    };
    assert!((arc(&timer) - 0.4).abs() < 0.02, "{}", arc(&timer));
    nodes.update(|ns| ns[2].timer = Some(0.9));
    leptos::task::tick().await;
    assert!((arc(&timer) - 0.9).abs() < 0.02, "{}", arc(&timer));
    nodes.update(|ns| ns[2].crashed = true);
    leptos::task::tick().await;
    assert!(attr(&get(&root, "ring-node-2"), "class").contains("crashed"));

    // A message that leaves the list disappears; its row is kept, hidden, for the next one.
    messages.set(vec![message(8, 1, 2, 0.6)]);
    leptos::task::tick().await;
    assert!(find(&root, "message-7").is_none());
    assert_eq!(count(&root, ".ring-message[data-testid]"), 1);
    assert_eq!(count(&root, ".ring-message:not([display=none])"), 1);
    messages.set(vec![message(8, 1, 2, 0.6), message(9, 2, 0, 0.1)]);
    leptos::task::tick().await;
    assert_eq!(
        count(&root, ".ring-message"),
        2,
        "message 9 reused the free row"
    );
    get(&root, "message-9");
}

#[wasm_bindgen_test]
async fn node_ring_draws_a_crowd_of_messages_as_dots() {
    let root = container();
    let nodes = RwSignal::new(
        (0..8)
            .map(|id| ring_node(id, "follower"))
            .collect::<Vec<_>>(),
    );
    let crowd = |n: u64| {
        (0..n)
            .map(|id| message(id, (id % 8) as usize, ((id + 1) % 8) as usize, 0.5))
            .collect::<Vec<_>>()
    };
    let messages = RwSignal::new(crowd(400));
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <NodeRing nodes=nodes messages=messages /> }
    });
    leptos::task::tick().await;
    assert_eq!(
        count(&root, ".ring-message[data-testid]"),
        0,
        "no rows in a crowd"
    );
    let dots = root
        .query_selector("[data-testid=message-dots] path")
        .unwrap()
        .expect("one path per kind, carrying its colour and count");
    assert_eq!(attr(&dots, "data-count"), "400");
    let canvas = get(&root, "message-canvas");
    assert_eq!(attr(&canvas, "data-count"), "400");
    let before = painted_pixels(&canvas);
    assert!(
        before > 0,
        "the dots are painted on the canvas ({before} pixels)"
    );
    // All 400 at progress 0.5 share 8 edges' midpoints; spread along the edges they cover more.
    messages.update(|ms| {
        for (i, m) in ms.iter_mut().enumerate() {
            m.progress = (i % 50) as f64 / 50.0;
        }
    });
    leptos::task::tick().await;
    let after = painted_pixels(&canvas);
    assert!(
        after > before,
        "moving the dots repaints them ({before} → {after} pixels)"
    );
    // Back below the threshold, messages are rows again.
    messages.set(crowd(3));
    leptos::task::tick().await;
    assert_eq!(count(&root, ".ring-message[data-testid]"), 3);
    assert_eq!(count(&root, "[data-testid=message-dots] path"), 0);
    assert_eq!(
        painted_pixels(&get(&root, "message-canvas")),
        0,
        "the canvas is cleared"
    );
}

/// How many pixels of a canvas are not transparent.
fn painted_pixels(canvas: &web_sys::Element) -> usize {
    let canvas: &web_sys::HtmlCanvasElement = canvas.unchecked_ref();
    let cx: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .expect("a 2d context")
        .unchecked_into();
    let (w, h) = (f64::from(canvas.width()), f64::from(canvas.height()));
    if w == 0.0 || h == 0.0 {
        return 0;
    }
    let data = cx.get_image_data(0.0, 0.0, w, h).expect("pixels").data();
    data.chunks(4).filter(|p| p[3] > 0).count()
}

#[wasm_bindgen_test]
async fn space_time_diagram_draws_only_the_latest_arrows_of_a_crowd() {
    let root = container();
    let lanes = (0..4)
        .map(|node| Lane {
            node,
            label: format!("S{}", node + 1),
        })
        .collect::<Vec<_>>();
    let arrows = (0..500u64)
        .map(|id| SpaceTimeArrow {
            id,
            from: (id % 4) as usize,
            to: ((id + 1) % 4) as usize,
            sent_ms: id as f64,
            arrived_ms: Some(id as f64 + 20.0),
            kind: "append-entries".to_string(),
            dropped: false,
        })
        .collect::<Vec<_>>();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SpaceTimeDiagram
                lanes=Signal::stored(lanes.clone())
                arrows=Signal::stored(arrows.clone())
                cursor_ms=Signal::stored(600.0)
                window_ms=Signal::stored(1000.0)
            />
        }
    });
    leptos::task::tick().await;
    let drawn = drawn_arrows(&root);
    assert_eq!(drawn.len(), 400);
    assert!(drawn.contains(&"499".to_string()) && drawn.contains(&"100".to_string()));
    assert!(
        !drawn.contains(&"99".to_string()),
        "the oldest are left out"
    );
    let note = get(&root, "space-time-omitted");
    assert_eq!(
        note.text_content().unwrap_or_default(),
        "100 older messages not drawn"
    );
}

#[wasm_bindgen_test]
async fn space_time_diagram_windows_the_trace_and_seeks_on_marks() {
    let root = container();
    let lanes = (0..3)
        .map(|node| Lane {
            node,
            label: format!("S{}", node + 1),
        })
        .collect::<Vec<_>>();
    let arrows = vec![
        SpaceTimeArrow {
            id: 1,
            from: 0,
            to: 1,
            sent_ms: 100.0,
            arrived_ms: Some(300.0),
            kind: "request-vote".to_string(),
            dropped: false,
        },
        SpaceTimeArrow {
            id: 2,
            from: 0,
            to: 2,
            sent_ms: 100.0,
            arrived_ms: Some(350.0),
            kind: "request-vote".to_string(),
            dropped: true,
        },
        SpaceTimeArrow {
            id: 3,
            from: 1,
            to: 0,
            sent_ms: 2400.0,
            arrived_ms: Some(2600.0),
            kind: "vote-reply".to_string(),
            dropped: false,
        },
    ];
    let marks = vec![SpaceTimeMark {
        step: 5,
        node: 1,
        time_ms: 300.0,
        label: "S2 votes for S1".to_string(),
        kind: "note".to_string(),
    }];
    let cursor = RwSignal::new(500.0);
    let seek = RwSignal::new(None::<u64>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SpaceTimeDiagram
                lanes=Signal::stored(lanes.clone())
                arrows=Signal::stored(arrows.clone())
                marks=Signal::stored(marks.clone())
                cursor_ms=cursor
                window_ms=Signal::stored(2000.0)
                on_seek=Callback::new(move |step| seek.set(Some(step)))
            />
        }
    });
    leptos::task::tick().await;

    get(&root, "space-time");
    get(&root, "space-time-lane-2");
    let line = get(&root, "space-time-cursor");
    assert_eq!(attr(&line, "data-cursor-ms"), "500");
    assert_eq!(drawn_arrows(&root), ["1", "2"], "arrow 3 is not sent yet");
    assert!(dropped_arrows(&root).contains(&"2".to_string()));
    assert!(!dropped_arrows(&root).contains(&"1".to_string()));

    click(&get(&root, "space-time-mark-5"));
    assert_eq!(seek.get_untracked(), Some(5));

    // Move the cursor: the window [1000, 3000] no longer holds the early arrows and the mark.
    let y_before = attr(&line, "y1");
    cursor.set(3000.0);
    leptos::task::tick().await;
    assert_eq!(attr(&line, "data-cursor-ms"), "3000");
    assert_ne!(
        attr(&line, "y1"),
        y_before,
        "the cursor reached the bottom of the window"
    );
    assert!(find(&root, "space-time-mark-5").is_none());
    assert_eq!(
        drawn_arrows(&root),
        ["3"],
        "only arrow 3 overlaps the window"
    );
}

/// The message ids of the arrow batches with `data-testid` starting with `prefix`.
fn arrow_ids(root: &web_sys::HtmlElement, selector: &str) -> Vec<String> {
    let list = root.query_selector_all(selector).unwrap();
    let mut ids: Vec<String> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
        .flat_map(|e| {
            e.get_attribute("data-arrow-ids")
                .unwrap_or_default()
                .split_whitespace()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    ids.sort();
    ids
}

fn drawn_arrows(root: &web_sys::HtmlElement) -> Vec<String> {
    arrow_ids(root, "[data-testid^='space-time-arrows-']")
}

fn dropped_arrows(root: &web_sys::HtmlElement) -> Vec<String> {
    arrow_ids(root, "[data-testid^='space-time-arrows-'].dropped")
}

#[wasm_bindgen_test]
async fn state_table_shows_headers_and_rows() {
    let root = container();
    let rows = RwSignal::new(vec![
        StateRow {
            cells: vec!["S1".into(), "leader".into(), "3".into()],
            role: "leader".into(),
        },
        StateRow {
            cells: vec!["S2".into(), "follower".into(), "3".into()],
            role: "follower".into(),
        },
    ]);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <StateTable
                headers=Signal::stored(vec!["node".to_string(), "role".into(), "term".into()])
                rows=rows
            />
        }
    });
    leptos::task::tick().await;

    let table = get(&root, "state-table");
    assert_eq!(count(&root, "thead th"), 3);
    assert_eq!(count(&root, "tbody tr"), 2);
    assert!(table.text_content().unwrap_or_default().contains("leader"));
    assert!(attr(&get(&root, "state-row-0"), "class").contains("role-leader"));

    rows.update(|rs| rs[1].cells[2] = "4".into());
    leptos::task::tick().await;
    let row = get(&root, "state-row-1");
    assert_eq!(row.text_content().as_deref(), Some("S2follower4"));
    assert_eq!(count(&root, "tbody tr"), 2);
    // Cell text is text, never markup.
    rows.update(|rs| rs[0].cells[1] = "<b>lead</b> & co".into());
    leptos::task::tick().await;
    assert_eq!(
        get(&root, "state-row-0").text_content().as_deref(),
        Some("S1<b>lead</b> & co3")
    );
    assert_eq!(count(&root, "tbody b"), 0);
}

#[wasm_bindgen_test]
async fn a_long_state_table_folds_to_its_first_rows_until_asked() {
    let root = container();
    let row = |i: usize| StateRow {
        cells: vec![format!("N{i}"), "up".into()],
        role: String::new(),
    };
    let rows = RwSignal::new((0..40).map(row).collect::<Vec<_>>());
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <StateTable
                headers=Signal::stored(vec!["node".to_string(), "status".into()])
                rows=rows
                max_rows=16
            />
        }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, "tbody tr"), 16);
    let more = get(&root, "state-table-more");
    assert_eq!(more.get_attribute("hidden"), None);
    assert_eq!(more.text_content().as_deref(), Some("Show all 40 rows"));
    more.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(count(&root, "tbody tr"), 40);
    assert_eq!(more.text_content().as_deref(), Some("Show fewer rows"));
    more.unchecked_ref::<web_sys::HtmlElement>().click();
    leptos::task::tick().await;
    assert_eq!(count(&root, "tbody tr"), 16);
    // A table that fits has no button to show.
    rows.set((0..3).map(row).collect());
    leptos::task::tick().await;
    assert_eq!(count(&root, "tbody tr"), 3);
    assert!(more.get_attribute("hidden").is_some());
}

#[wasm_bindgen_test]
async fn invariant_panel_marks_broken_properties_and_seeks() {
    let root = container();
    let invariants = RwSignal::new(vec![
        InvariantStatus {
            name: "Election Safety".into(),
            broken_at_step: None,
            detail: None,
        },
        InvariantStatus {
            name: "Log Matching".into(),
            broken_at_step: Some(42),
            detail: Some("S1 and S3 differ at index 4".into()),
        },
    ]);
    let seek = RwSignal::new(None::<u64>);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <InvariantPanel
                invariants=invariants
                on_seek=Callback::new(move |step| seek.set(Some(step)))
            />
        }
    });
    leptos::task::tick().await;

    get(&root, "invariant-panel");
    let holds = get(&root, "invariant-election-safety");
    assert_eq!(attr(&holds, "data-status"), "holds");
    assert!(holds.text_content().unwrap_or_default().contains('✔'));
    assert!(find(&root, "invariant-seek-election-safety").is_none());
    let broken = get(&root, "invariant-log-matching");
    assert_eq!(attr(&broken, "data-status"), "broken");
    let text = broken.text_content().unwrap_or_default();
    assert!(text.contains('✗') && text.contains("42") && text.contains("index 4"));

    get(&root, "invariant-seek-log-matching")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert_eq!(seek.get_untracked(), Some(42));

    invariants.update(|is| is[0].broken_at_step = Some(7));
    leptos::task::tick().await;
    assert_eq!(
        attr(&get(&root, "invariant-election-safety"), "data-status"),
        "broken"
    );
    get(&root, "invariant-seek-election-safety")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    assert_eq!(seek.get_untracked(), Some(7));
}

#[wasm_bindgen_test]
async fn log_grid_colours_by_term_and_marks_the_commit_index() {
    let root = container();
    let cell = |term| LogCell {
        term,
        label: String::new(),
    };
    let rows = RwSignal::new(vec![
        LogRow {
            node: 0,
            label: "S1".into(),
            entries: vec![cell(1), cell(1), cell(2)],
            commit_index: 2,
        },
        LogRow {
            node: 1,
            label: "S2".into(),
            entries: vec![cell(1)],
            commit_index: 0,
        },
    ]);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <LogGrid rows=rows /> });
    leptos::task::tick().await;

    get(&root, "log-grid");
    get(&root, "log-row-1");
    let row = get(&root, "log-row-0");
    assert_eq!(attr(&row, "data-commit-index"), "2");
    assert_eq!(count(&root, "[data-testid=log-row-0] .log-cell"), 3);
    let third = get(&root, "log-cell-0-3");
    assert!(attr(&third, "class").contains("term-2"));
    assert!(attr(&third, "class").contains("uncommitted"));
    assert_eq!(third.text_content().as_deref(), Some("2"));
    assert!(attr(&get(&root, "log-cell-0-2"), "class").contains("commit-edge"));

    rows.update(|rs| rs[0].commit_index = 3);
    leptos::task::tick().await;
    let third = get(&root, "log-cell-0-3");
    assert!(!attr(&third, "class").contains("uncommitted"));
    assert!(attr(&third, "class").contains("commit-edge"));
}

#[wasm_bindgen_test]
async fn legend_lists_kinds() {
    let root = container();
    let items = RwSignal::new(vec![
        LegendItem {
            kind: "request-vote".into(),
            label: "RequestVote".into(),
            shape: Shape::Diamond,
        },
        LegendItem {
            kind: "append-entries".into(),
            label: "AppendEntries".into(),
            shape: Shape::Square,
        },
    ]);
    let _mounted = leptos::mount::mount_to(root.clone(), move || view! { <Legend items=items /> });
    leptos::task::tick().await;

    get(&root, "legend");
    let item = get(&root, "legend-request-vote");
    assert!(
        item.text_content()
            .unwrap_or_default()
            .contains("RequestVote")
    );
    assert_eq!(count(&root, "[data-testid=legend-request-vote] polygon"), 1);
    assert_eq!(count(&root, "[data-testid=legend-append-entries] rect"), 1);

    items.update(|is| {
        is.pop();
    });
    leptos::task::tick().await;
    assert!(find(&root, "legend-append-entries").is_none());
}

#[wasm_bindgen_test]
fn slugs_are_stable() {
    assert_eq!(slug("Log Matching"), "log-matching");
    assert_eq!(slug("  State-Machine Safety!"), "state-machine-safety");
}

/// Pages feed the widgets through memos of one source (the player): the ring's message rows
/// and the log grid must follow the source when it changes, not only when the widget's own
/// prop is a plain signal. (Both once froze on the Raft page: a memo of the prop, read beside
/// the prop, hid the prop's change.)
#[wasm_bindgen_test]
async fn widgets_fed_through_memos_follow_their_source() {
    let root = container();
    let source = RwSignal::new(0.2f64);
    // As on a page, the nodes (their timer arcs) change with the same source as the messages.
    let nodes = Memo::new(move |_| {
        let mut follower = ring_node(1, "follower");
        follower.timer = Some(source.get());
        vec![ring_node(0, "leader"), follower]
    });
    let messages = Memo::new(move |_| vec![message(7, 0, 1, source.get())]);
    let rows = Memo::new(move |_| {
        let entries = (0..(source.get() * 10.0) as u64)
            .map(|term| LogCell {
                term: term + 1,
                label: String::new(),
            })
            .collect::<Vec<_>>();
        vec![LogRow {
            node: 0,
            label: "S1".into(),
            commit_index: entries.len(),
            entries,
        }]
    });
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <NodeRing nodes=nodes messages=messages />
            <LogGrid rows=rows />
        }
    });
    leptos::task::tick().await;
    let mut before = attr(&get(&root, "message-7"), "transform");
    assert_eq!(count(&root, "[data-testid=log-row-0] .log-cell"), 2);
    for (step, progress) in [0.4, 0.6, 0.8].into_iter().enumerate() {
        source.set(progress);
        leptos::task::tick().await;
        let now = attr(&get(&root, "message-7"), "transform");
        assert_ne!(now, before, "the message moved at update {step}");
        before = now;
        assert_eq!(
            count(&root, "[data-testid=log-row-0] .log-cell"),
            (progress * 10.0) as u32,
            "the log grew at update {step}"
        );
    }
}

/// 256 nodes (the gossip pages' crowd) are laid out legibly: every disc inside the picture and
/// no two discs touching.
#[wasm_bindgen_test]
async fn node_ring_lays_out_a_crowd_of_256_without_overlap() {
    let root = container();
    let nodes = Signal::stored(
        (0..256)
            .map(|id| ring_node(id, "follower"))
            .collect::<Vec<_>>(),
    );
    let _mounted =
        leptos::mount::mount_to(root.clone(), move || view! { <NodeRing nodes=nodes /> });
    leptos::task::tick().await;
    let centre = |id: usize| -> (f64, f64) {
        let t = attr(&get(&root, &format!("ring-node-{id}")), "transform");
        let inner = t.trim_start_matches("translate(").trim_end_matches(')');
        let mut xy = inner
            .split(' ')
            .map(|v| v.parse::<f64>().expect("a coordinate"));
        (xy.next().unwrap_or(f64::NAN), xy.next().unwrap_or(f64::NAN))
    };
    let radius: f64 = attr(
        &root
            .query_selector("[data-testid=ring-node-0] .ring-node-body")
            .ok()
            .flatten()
            .expect("a node body"),
        "r",
    )
    .parse()
    .expect("a radius");
    let points: Vec<(f64, f64)> = (0..256).map(centre).collect();
    for (i, &(x, y)) in points.iter().enumerate() {
        assert!(
            (radius..=400.0 - radius).contains(&x) && (radius..=400.0 - radius).contains(&y),
            "node {i} at ({x}, {y}) leaves the picture"
        );
        for (j, &(u, v)) in points.iter().enumerate().skip(i + 1) {
            let d = ((x - u).powi(2) + (y - v).powi(2)).sqrt();
            assert!(
                d > 2.0 * radius + 1.0,
                "nodes {i} and {j} overlap ({d:.1} apart, r {radius})"
            );
        }
    }
    assert!(
        attr(&get(&root, "node-ring"), "class").contains("crowd"),
        "labels are hidden in a crowd"
    );
}

/// Among a crowd of nodes even a few messages are dots on the canvas, never rows of the SVG
/// (whose every change would repaint all 256 nodes); a small ring draws them as rows.
#[wasm_bindgen_test]
async fn node_ring_draws_the_messages_of_a_crowd_of_nodes_on_the_canvas() {
    let root = container();
    let nodes = RwSignal::new(
        (0..256)
            .map(|id| ring_node(id, "follower"))
            .collect::<Vec<_>>(),
    );
    let messages = RwSignal::new(
        (0..5)
            .map(|id| message(id, id as usize, id as usize + 100, 0.5))
            .collect::<Vec<_>>(),
    );
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <NodeRing nodes=nodes messages=messages /> }
    });
    leptos::task::tick().await;
    assert_eq!(count(&root, ".ring-message[data-testid]"), 0, "no rows");
    let canvas = get(&root, "message-canvas");
    assert_eq!(attr(&canvas, "data-count"), "5");
    assert!(painted_pixels(&canvas) > 0, "the five are painted");
    nodes.set((0..8).map(|id| ring_node(id, "follower")).collect());
    messages.set(vec![message(1, 0, 3, 0.5)]);
    leptos::task::tick().await;
    assert_eq!(count(&root, ".ring-message[data-testid]"), 1, "a row again");
    assert_eq!(attr(&get(&root, "message-canvas"), "data-count"), "0");
}

/// The space-time diagram fed as the simulation page feeds it: arrows, cursor and the count
/// left out are all memos of one source. Each change of the source must redraw it.
#[wasm_bindgen_test]
async fn space_time_diagram_fed_through_memos_follows_its_source() {
    let root = container();
    let source = RwSignal::new(1u64);
    let lanes = Signal::stored(
        (0..3)
            .map(|node| Lane {
                node,
                label: format!("S{}", node + 1),
            })
            .collect::<Vec<_>>(),
    );
    let arrows = Memo::new(move |_| {
        (0..source.get())
            .map(|id| SpaceTimeArrow {
                id,
                from: (id % 3) as usize,
                to: ((id + 1) % 3) as usize,
                sent_ms: 10.0 * id as f64,
                arrived_ms: Some(10.0 * id as f64 + 5.0),
                kind: "append-entries".to_string(),
                dropped: false,
            })
            .collect::<Vec<_>>()
    });
    let cursor = Memo::new(move |_| 10.0 * source.get() as f64);
    let left_out = Memo::new(move |_| source.get() as usize);
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! {
            <SpaceTimeDiagram lanes=lanes arrows=arrows cursor_ms=cursor window_ms=Signal::stored(1000.0) left_out=left_out />
        }
    });
    leptos::task::tick().await;
    for n in 2..6u64 {
        source.set(n);
        leptos::task::tick().await;
        let ids = arrow_ids(&root, "[data-testid=space-time-arrows-append-entries]");
        assert_eq!(ids.len(), n as usize, "{n} arrows drawn: {ids:?}");
        let omitted = get(&root, "space-time-omitted")
            .text_content()
            .unwrap_or_default();
        assert!(
            omitted.starts_with(&format!("{n} older")),
            "left out {n}: {omitted}"
        );
    }
}

fn sample_chart(points: Vec<(f64, f64)>) -> Chart {
    Chart {
        testid: "phi-chart".into(),
        title: "φ".into(),
        x_label: "time (s)".into(),
        y_label: "φ".into(),
        x_range: (0.0, 2.0),
        y_range: (0.0, 12.0),
        series: vec![ChartSeries {
            label: "φ".into(),
            tone: "phi".into(),
            points,
        }],
        rules: vec![ChartRule {
            y: 8.0,
            label: "threshold 8".into(),
            tone: "threshold".into(),
        }],
        marks: vec![ChartMark {
            x: 1.5,
            label: "crash".into(),
            tone: "crash".into(),
        }],
        caption: "φ is 3.00 now".into(),
    }
}

#[wasm_bindgen_test]
async fn line_chart_maps_points_into_its_box_and_redraws_when_they_change() {
    let root = container();
    let chart = RwSignal::new(sample_chart(vec![(0.0, 0.0), (1.0, 6.0), (2.0, 12.0)]));
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <LineChart chart=chart /> }
    });
    leptos::task::tick().await;
    let line = get(&root, "phi-chart-phi");
    assert_eq!(attr(&line, "data-points"), "3");
    // x 0..2 maps onto 44..468 and y 0..12 onto 172..10 of the 480 × 200 box.
    assert_eq!(attr(&line, "points"), "44.0,172.0 256.0,91.0 468.0,10.0");
    assert_eq!(count(&root, ".chart-rule"), 1);
    assert_eq!(count(&root, ".chart-mark"), 1);
    assert!(
        get(&root, "phi-chart-caption")
            .text_content()
            .unwrap_or_default()
            .contains("3.00")
    );
    // Out-of-range values are clamped to the box; non-finite ones are left out.
    chart.set(sample_chart(vec![(1.0, 99.0), (1.5, f64::INFINITY)]));
    leptos::task::tick().await;
    let line = get(&root, "phi-chart-phi");
    assert_eq!(attr(&line, "points"), "256.0,10.0");
}
