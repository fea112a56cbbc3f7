//! The release site's binary for the PBFT page on the simulation page: only its
//! route is linked in, so a first visit downloads this family alone (see
//! `scripts/build-release.sh`).
use dsviz_web::{Site, routes};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(|| view! { <Site families=&[routes::PBFT_ROUTES] /> });
}
