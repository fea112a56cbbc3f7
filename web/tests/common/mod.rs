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
