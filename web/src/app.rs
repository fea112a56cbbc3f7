//! The app shell and the catalogue page.
use leptos::prelude::*;

/// The whole application.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <header class="app-header"><h1 data-testid="app-title">"dsviz"</h1></header>
        <main data-testid="catalogue"><p>"An interactive laboratory for distributed-systems algorithms."</p></main>
    }
}
