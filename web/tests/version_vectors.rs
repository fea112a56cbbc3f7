//! Browser tests for the version-vectors page: its permalink round-trips
//! and names what it cannot use, and the mounted page counts the update
//! that server-id version vectors lose in the two-clients scenario while
//! dotted version vectors keep both writes as siblings.
#![cfg(target_arch = "wasm32")]

use dsviz_core::clocks::store::StoreOp;
use dsviz_web::viz::version_vectors::{VersionVectorsPage, VvScenario};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

use common::{assert_named, container, find};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_permalink_round_trips_and_bad_values_are_named() {
    let scenario = VvScenario::from_query("?scenario=stale-read&seed=3&ops=r0-1,w1-1,s1-0&step=8");
    assert!(scenario.problems.is_empty(), "{:?}", scenario.problems);
    assert_eq!(scenario.scenario, Some("stale-read"));
    assert_eq!(
        scenario.extra,
        [
            StoreOp::Read {
                client: 0,
                server: 1
            },
            StoreOp::Write {
                client: 1,
                server: 1
            },
            StoreOp::Sync { from: 1, to: 0 },
        ]
    );
    assert_eq!(scenario.step, 8);
    assert_eq!(VvScenario::from_query(&scenario.to_query()), scenario);

    let random = VvScenario::from_query("?servers=4&clients=5&events=30&seed=9");
    assert_eq!(random.scenario, None);
    assert_eq!((random.servers, random.clients, random.step), (4, 5, 30));
    assert_eq!(VvScenario::from_query(&random.to_query()), random);

    let bad = VvScenario::from_query(
        "?scenario=nope&servers=9&clients=0&events=x&ops=w0-0,q1,w7-0,s1-1,w0-5&step=99",
    );
    assert_eq!(
        bad.scenario, None,
        "an unknown scenario falls back to a random workload"
    );
    assert_eq!(bad.servers, VvScenario::DEFAULT_SERVERS);
    assert_eq!(bad.clients, VvScenario::DEFAULT_CLIENTS);
    assert_eq!(bad.events, VvScenario::DEFAULT_EVENTS);
    assert_eq!(
        bad.extra,
        [StoreOp::Write {
            client: 0,
            server: 0
        }],
        "only the operation that applies is kept"
    );
    assert_named(
        &bad.problems,
        &[
            "scenario=nope",
            "servers=9",
            "clients=0",
            "events=x",
            "'q1'",
            "'w7-0'",
            "'s1-1'",
            "'w0-5'",
            "step=99",
        ],
    );
}

fn text(root: &web_sys::HtmlElement, testid: &str) -> String {
    find(root, &format!("[data-testid={testid}]"))
        .text_content()
        .unwrap_or_default()
}

fn attr(root: &web_sys::HtmlElement, testid: &str, name: &str) -> String {
    find(root, &format!("[data-testid={testid}]"))
        .get_attribute(name)
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn server_ids_lose_an_update_that_dotted_version_vectors_keep() {
    let root = container();
    let search = "?scenario=two-clients".to_string();
    let _mounted = leptos::mount::mount_to(root.clone(), move || {
        view! { <VersionVectorsPage search=search embed=false /> }
    });
    leptos::task::tick().await;
    assert_eq!(text(&root, "lost-server-ids"), "1");
    assert_eq!(text(&root, "lost-dotted"), "0");
    assert_eq!(text(&root, "lost-client-ids"), "0");
    assert_eq!(attr(&root, "server-server-ids-0", "data-siblings"), "1");
    assert_eq!(attr(&root, "server-dotted-0", "data-siblings"), "2");
    // The lost write is shown as lost; DVV keeps both, concurrent.
    find(&root, "[data-testid=lost-server-ids-0-0]");
    find(&root, "[data-testid=version-dotted-0-0]");
    find(&root, "[data-testid=version-dotted-0-1]");
    assert_eq!(
        attr(&root, "pair-dotted-0-0-1", "data-relation"),
        "concurrent"
    );
    assert!(
        text(&root, "version-dotted-0-1").contains("(A,2) {}"),
        "{}",
        text(&root, "version-dotted-0-1")
    );

    // c1 has seen only its own w1: its write replaces w1 but not w2 under DVV, while under
    // server ids its clock {A:3} also replaces w2, which c1 never saw.
    assert_eq!(attr(&root, "preview-dotted", "data-replaces"), "1");
    assert_eq!(attr(&root, "preview-server-ids", "data-replaces"), "1");
    find(&root, "[data-testid=add-write]")
        .dyn_ref::<web_sys::HtmlElement>()
        .expect("a button")
        .click();
    leptos::task::tick().await;
    assert!(text(&root, "last-op").contains("c1 writes w3 through A"));
    assert_eq!(attr(&root, "server-dotted-0", "data-siblings"), "2");
    find(&root, "[data-testid=version-dotted-0-1]");
    find(&root, "[data-testid=version-dotted-0-2]");
    assert_eq!(text(&root, "lost-dotted"), "0");
    assert_eq!(text(&root, "lost-server-ids"), "2");
}
