//! Browser tests for the app shell: run in headless Chromium by wasm-bindgen-test-runner
//! (`CHROMEDRIVER=/usr/bin/chromedriver cargo test -p dsviz-web --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use dsviz_web::App;
use wasm_bindgen_test::*;

mod common;

use common::container;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn app_shows_title_and_catalogue() {
    let container = container();
    let _mounted = leptos::mount::mount_to(container.clone(), App);
    leptos::task::tick().await;

    let title = common::find(&container, "[data-testid=app-title]");
    assert_eq!(title.text_content().as_deref(), Some("dsviz"));
    common::find(&container, "[data-testid=catalogue]");
}
