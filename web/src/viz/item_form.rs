//! "Add your own item": a text field that inserts a typed item into a
//! sketch page's stream at the cursor (see [`super::item_stream`]).

use super::item_stream::{MAX_TYPED, StreamItem, insert_typed, validate_item};
use crate::player::{OpPlayer, Replay};
use leptos::prelude::*;

/// The form; `initial` gives the empty structure the stream starts from and
/// `rate` the player's operations per second.
#[component]
pub fn AddItemForm<M: Replay<Op = StreamItem>>(
    player: RwSignal<OpPlayer<M>>,
    initial: Callback<(), M>,
    rate: f64,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let typed_so_far =
        move || player.with_untracked(|p| p.ops().iter().filter(|op| op.typed).count());
    let add = move || match validate_item(&text.get_untracked()) {
        Ok(_) if typed_so_far() >= MAX_TYPED => {
            error.set(format!("A link holds at most {MAX_TYPED} typed items"));
        }
        Ok(item) => {
            error.set(String::new());
            let empty = initial.run(());
            player.update(|p| *p = insert_typed(p, empty, rate, item));
            text.set(String::new());
        }
        Err(message) => error.set(message),
    };
    view! {
        <form class="sketch-panel add-item" data-testid="add-item-form" on:submit=move |ev| {
            ev.prevent_default();
            add();
        }>
            <h3>"Add your own item"</h3>
            <label>
                "Item"
                <input type="text" data-testid="item-input" maxlength="40" placeholder="e.g. alice"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="add-item">"Add"</button>
            <p class="item-error" data-testid="item-error" role="status">{move || error.get()}</p>
            <p class="muted item-hint">"It is added after the step shown; the generated stream goes on after it."</p>
        </form>
    }
}
