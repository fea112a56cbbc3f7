//! Helpers shared by the browser tests.
#![allow(dead_code)]

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// A fresh, empty container appended to the page's body, to mount a component into.
pub fn container() -> web_sys::HtmlElement {
    let container = document()
        .create_element("div")
        .expect("create a container")
        .unchecked_into::<web_sys::HtmlElement>();
    document()
        .body()
        .expect("the page has a body")
        .append_child(&container)
        .expect("append the container");
    container
}

/// The element matching `selector` inside `container`; fails the test when
/// there is none.
pub fn find(container: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    container
        .query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("{selector} is rendered"))
}

/// Fails unless each needle appears in one of the problem sentences a link
/// gave (each bad value is named).
pub fn assert_named(problems: &[String], needles: &[&str]) {
    let all = problems.join("\n");
    for needle in needles {
        assert!(
            all.contains(needle),
            "no problem names {needle:?} in:\n{all}"
        );
    }
}
