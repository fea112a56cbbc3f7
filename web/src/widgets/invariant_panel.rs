//! `InvariantPanel`: the properties checked on every step, each with ✔ (holds) or ✗ (broken).
//!
//! A broken property shows the step at which it first broke, what went wrong, and a "go to step"
//! button that calls `on_seek` with that step. Rows are keyed by their whole status, so they are
//! rebuilt only when a status changes.
use leptos::prelude::*;

use super::view::{InvariantStatus, slug};

/// Each checked property with ✔ or ✗.
///
/// Props:
/// - `invariants`: the properties and their status.
/// - `on_seek`: called with the step at which a property broke, from its "go to step" button.
#[component]
pub fn InvariantPanel(
    #[prop(into)] invariants: Signal<Vec<InvariantStatus>>,
    #[prop(into, optional)] on_seek: Option<Callback<u64>>,
) -> impl IntoView {
    let all_hold = move || invariants.with(|is| is.iter().all(|i| i.broken_at_step.is_none()));
    view! {
        <ul
            class="invariant-panel"
            class:all-hold=all_hold
            data-testid="invariant-panel"
            aria-label="Invariants"
        >
            <For
                each=move || invariants.get()
                key=|i| i.clone()
                children=move |inv| {
                    let slug = slug(&inv.name);
                    let broken = inv.broken_at_step;
                    view! {
                        <li
                            class="invariant"
                            class:broken=broken.is_some()
                            data-testid=format!("invariant-{slug}")
                            data-status=if broken.is_some() { "broken" } else { "holds" }
                        >
                            <span class="invariant-mark" aria-hidden="true">
                                {if broken.is_some() { "✗" } else { "✔" }}
                            </span>
                            <span class="invariant-name">{inv.name.clone()}</span>
                            <span class="visually-hidden">
                                {if broken.is_some() { " is broken" } else { " holds" }}
                            </span>
                            {broken
                                .map(|step| {
                                    view! {
                                        <span class="invariant-step">{format!("at step {step}")}</span>
                                        <button
                                            type="button"
                                            class="invariant-seek"
                                            data-testid=format!("invariant-seek-{slug}")
                                            on:click=move |_| {
                                                if let Some(cb) = on_seek {
                                                    cb.run(step);
                                                }
                                            }
                                        >
                                            "go to step"
                                        </button>
                                    }
                                })}
                            {inv
                                .detail
                                .filter(|_| broken.is_some())
                                .map(|d| view! { <p class="invariant-detail">{d}</p> })}
                        </li>
                    }
                }
            />
        </ul>
    }
}
