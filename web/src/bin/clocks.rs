//! The release site's binary for logical time (the Lamport and vector clocks page and the
//! version vectors page): only these routes are linked in, so a first visit downloads this
//! family alone (see `scripts/build-release.sh`).
use dsviz_web::{Site, routes};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <Site families=&[routes::CLOCKS] /> });
}
