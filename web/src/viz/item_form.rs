//! The item box every sketch page shares: type an item and press one of the
//! page's actions — Insert, Query, Remove on the filters (see
//! [`super::item_ops`]), Add on the counting sketches (see
//! [`super::item_stream`]).
//!
//! The form checks the text with [`check_item`] (so an overlong item is
//! refused with a sentence rather than cut short); an action may still
//! refuse with a sentence (a run that holds as many added items as a link
//! may).
//! Each button's test id is `item-` and its label in lower case
//! (`item-insert`, `item-add`).

use super::item_ops::{ItemOp, push_added};
use super::item_stream::{StreamItem, insert_typed};
use super::item_text::{MAX_ADDED_ITEMS, check_item};
use crate::player::{OpPlayer, Replay};
use leptos::prelude::*;

/// What an action does with a checked item: an error sentence when it cannot.
pub type ItemRun = Callback<String, Result<(), String>>;

/// One button of the item form.
#[derive(Clone, Copy)]
pub struct ItemAction {
    pub label: &'static str,
    pub run: ItemRun,
    /// Whether the button is there (the plain Bloom filter cannot remove).
    pub shown: Signal<bool>,
}

impl ItemAction {
    pub fn new(
        label: &'static str,
        run: impl Fn(String) -> Result<(), String> + Send + Sync + 'static,
    ) -> Self {
        Self {
            label,
            run: Callback::new(run),
            shown: Signal::stored(true),
        }
    }

    /// The same action, shown only while `shown` is true.
    pub fn shown_when(self, shown: Signal<bool>) -> Self {
        Self { shown, ..self }
    }
}

/// An action that adds `make(item)` at the cursor of a run generated from
/// `script()` (see [`push_added`]).
pub fn push_action<M: Replay<Op = ItemOp>>(
    label: &'static str,
    make: fn(String) -> ItemOp,
    player: RwSignal<OpPlayer<M>>,
    script: impl Fn() -> Vec<ItemOp> + Send + Sync + 'static,
) -> ItemAction {
    ItemAction::new(label, move |item| {
        let script = script();
        player
            .try_update(|p| push_added(p, &script, make(item)))
            .unwrap_or(Ok(()))
    })
}

/// "Add": inserts the item into the stream at the cursor (see
/// [`insert_typed`]); `initial()` is the empty structure the stream starts
/// from and `rate` the player's operations per second.
pub fn add_typed_action<M: Replay<Op = StreamItem>>(
    player: RwSignal<OpPlayer<M>>,
    initial: impl Fn() -> M + Send + Sync + 'static,
    rate: f64,
) -> ItemAction {
    ItemAction::new("Add", move |item| {
        let typed = player.with_untracked(|p| p.ops().iter().filter(|op| op.typed).count());
        if typed >= MAX_ADDED_ITEMS {
            return Err(format!(
                "A link holds at most {MAX_ADDED_ITEMS} typed items."
            ));
        }
        let fresh = player.with_untracked(|p| insert_typed(p, initial(), rate, item));
        player.set(fresh);
        Ok(())
    })
}

/// The form. The first action is its submit button (Enter in the text box);
/// `text` holds what is typed, for pages that preview it; `children` go
/// under the buttons.
#[component]
pub fn ItemForm(
    actions: Vec<ItemAction>,
    placeholder: &'static str,
    /// Where the item goes in the run, in a sentence.
    hint: &'static str,
    #[prop(optional)] heading: Option<&'static str>,
    /// Extra classes for the page's layout.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)] text: Option<RwSignal<String>>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let text = text.unwrap_or_else(|| RwSignal::new(String::new()));
    let message = RwSignal::new(String::new());
    let act = move |run: ItemRun| {
        let outcome = check_item(&text.get_untracked()).and_then(|item| run.run(item));
        match outcome {
            Ok(()) => message.set(String::new()),
            Err(why) => message.set(why),
        }
    };
    let classes = format!("item-form {class}").trim_end().to_string();
    let submit = actions.first().map(|a| a.run);
    let buttons = actions
        .into_iter()
        .enumerate()
        .map(|(i, action)| {
            let testid = format!("item-{}", action.label.to_lowercase());
            let button = move || {
                if i == 0 {
                    view! { <button type="submit" class="primary" data-testid=testid.clone()>{action.label}</button> }
                        .into_any()
                } else {
                    view! {
                        <button type="button" data-testid=testid.clone() on:click=move |_| act(action.run)>
                            {action.label}
                        </button>
                    }
                    .into_any()
                }
            };
            move || action.shown.get().then(button.clone())
        })
        .collect_view();
    view! {
        <form class=classes data-testid="item-form" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(run) = submit {
                act(run);
            }
        }>
            {heading.map(|h| view! { <h3>{h}</h3> })}
            <label>
                <span class="visually-hidden">"Item"</span>
                <input
                    type="text"
                    data-testid="item-input"
                    placeholder=placeholder
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        text.set(event_target_value(&ev));
                        message.set(String::new());
                    }
                />
            </label>
            <div class="item-actions">{buttons}</div>
            {children.map(|c| c())}
            <p class="item-message" data-testid="item-message" role="status">{move || message.get()}</p>
            <p class="item-hint">{hint}</p>
        </form>
    }
}
