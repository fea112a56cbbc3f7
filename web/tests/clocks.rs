//! Browser tests for the clocks page: its permalink round-trips and names
//! what it cannot use, and the mounted page colours a picked event's past,
//! future and concurrent events as the vectors say, adds events by hand,
//! and finds a pair that Lamport order gets wrong.
#![cfg(target_arch = "wasm32")]

use dsviz_core::clocks::ClockOp;
use dsviz_web::viz::clocks::{ClocksPage, ClocksScenario};
use leptos::prelude::*;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::*;

mod common;

use common::{assert_named, container, find};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_permalink_round_trips_and_bad_values_are_named() {
    let scenario =
        ClocksScenario::from_query("?processes=2&events=0&seed=4&ops=l0,s0-1,d0,l1&step=3&pick=1");
    assert!(scenario.problems.is_empty(), "{:?}", scenario.problems);
    assert_eq!(
        scenario.extra,
        [
            ClockOp::Local(0),
            ClockOp::Send { from: 0, to: 1 },
            ClockOp::Deliver(0),
            ClockOp::Local(1)
        ]
    );
    assert_eq!((scenario.step, scenario.pick), (3, Some(1)));
    assert_eq!(ClocksScenario::from_query(&scenario.to_query()), scenario);

    let bad = ClocksScenario::from_query("?processes=9&events=x&ops=l0,q7,s0-0,d5&step=99&pick=50");
    assert_eq!(bad.processes, ClocksScenario::DEFAULT_PROCESSES);
    assert_eq!(bad.events, ClocksScenario::DEFAULT_EVENTS);
    assert_eq!(
        bad.extra,
        [ClockOp::Local(0)],
        "only the event that applies is kept"
    );
    assert_named(
        &bad.problems,
        &[
            "processes=9",
            "events=x",
            "'q7'",
            "'s0-0'",
            "'d5'",
            "step=99",
            "pick=50",
        ],
    );
}

#[wasm_bindgen(inline_js = "export function click(el) { \
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true })); }")]
extern "C" {
    /// A bubbling click, which also works on SVG elements (they have no `click()`).
    fn click(el: &web_sys::Element);
}

fn class_of(root: &web_sys::HtmlElement, event: usize) -> String {
    find(root, &format!("[data-testid=event-{event}]"))
        .get_attribute("class")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn picking_an_event_colours_its_past_future_and_concurrent_events() {
    // P1: a (local), b (send to P2); P2: c (local), d (receive b), e (local); P1: f (local).
    let root = container();
    let search = "?processes=2&events=0&seed=1&ops=l0,s0-1,l1,d0,l1,l0&pick=3".to_string();
    let _mounted = leptos::mount::mount_to(
        root.clone(),
        move || view! { <ClocksPage search=search embed=false /> },
    );
    leptos::task::tick().await;
    assert!(class_of(&root, 3).contains("picked"));
    for past in [0, 1, 2] {
        assert!(
            class_of(&root, past).contains("past"),
            "event {past}: {}",
            class_of(&root, past)
        );
    }
    assert!(class_of(&root, 4).contains("future"));
    assert!(
        class_of(&root, 5).contains("concurrent"),
        "P1's last event never heard of d"
    );
    let status = find(&root, "[data-testid=pick-status]")
        .text_content()
        .unwrap_or_default();
    assert!(
        status.contains("3 events in its causal past, 1 in its future, 1 concurrent"),
        "{status}"
    );
    // c (L = 1) and f (L = 3) are concurrent although Lamport order ranks them.
    let pair = find(&root, "[data-testid=misleading-pair]");
    assert_eq!(pair.get_attribute("data-a").as_deref(), Some("2"));
    assert_eq!(pair.get_attribute("data-b").as_deref(), Some("5"));

    // Adding a send from P2 to P1 and delivering it makes e a cause of P1's new event.
    click(&find(&root, "[data-testid=send-1]"));
    leptos::task::tick().await;
    click(&find(&root, "[data-testid=deliver-1]"));
    leptos::task::tick().await;
    click(&find(&root, "[data-testid=event-4]"));
    leptos::task::tick().await;
    assert!(
        class_of(&root, 7).contains("future"),
        "{}",
        class_of(&root, 7)
    );
    assert!(
        find(&root, "[data-testid=clock-diagram]")
            .query_selector("[data-testid=message-6-7]")
            .ok()
            .flatten()
            .is_some()
    );
}
