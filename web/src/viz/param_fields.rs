//! Fields of the data-structure pages' parameters forms, each editing one
//! value of the form's draft: a whole number kept inside its range, a
//! choice among fixed values, and a switch.

use leptos::prelude::*;

/// A whole-number field clamped to `min..=max(draft)`.
pub fn count_field<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    label: &'static str,
    testid: &'static str,
    get: fn(&D) -> usize,
    set: fn(&mut D, usize),
    min: usize,
    max: impl Fn(&D) -> usize + Copy + Send + Sync + 'static,
) -> AnyView {
    view! {
        <label>
            {label}
            <input
                type="number"
                data-testid=testid
                min=min
                prop:max=move || draft.with(|d| max(d).to_string())
                prop:value=move || draft.with(|d| get(d).to_string())
                on:change=move |ev| {
                    if let Ok(value) = event_target_value(&ev).trim().parse::<usize>() {
                        draft.update(|d| {
                            let top = max(d);
                            set(d, value.clamp(min, top.max(min)));
                        });
                    }
                }
            />
        </label>
    }
    .into_any()
}

/// A select over fixed `(value, text)` choices.
pub fn choice_field<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    label: &'static str,
    testid: &'static str,
    choices: Vec<(usize, String)>,
    get: fn(&D) -> usize,
    set: fn(&mut D, usize),
) -> AnyView {
    view! {
        <label>
            {label}
            <select data-testid=testid on:change=move |ev| {
                if let Ok(value) = event_target_value(&ev).parse::<usize>() {
                    draft.update(|d| set(d, value));
                }
            }>
                {choices.into_iter().map(|(value, text)| view! {
                    <option value=value selected=move || draft.with(|d| get(d) == value)>{text}</option>
                }).collect_view()}
            </select>
        </label>
    }
    .into_any()
}

/// A checkbox for a yes-or-no value.
pub fn check_field<D: Send + Sync + 'static>(
    draft: RwSignal<D>,
    label: &'static str,
    testid: &'static str,
    get: fn(&D) -> bool,
    set: fn(&mut D, bool),
) -> AnyView {
    view! {
        <label class="checkbox">
            <input type="checkbox" data-testid=testid
                prop:checked=move || draft.with(get)
                on:change=move |ev| draft.update(|d| set(d, event_target_checked(&ev))) />
            {label}
        </label>
    }
    .into_any()
}
