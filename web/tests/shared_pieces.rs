//! The pieces the data-structure pages share, mounted alone: the seed field
//! inside the parameters form, and the item form with its checks and
//! actions.
#![cfg(target_arch = "wasm32")]

use dsviz_web::viz::chrome::ParamsForm;
use dsviz_web::viz::item_form::{ItemAction, ItemForm};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

fn find(container: &web_sys::HtmlElement, testid: &str) -> web_sys::HtmlElement {
    common::find(container, &format!("[data-testid={testid}]")).unchecked_into()
}

fn type_into(input: &web_sys::HtmlElement, text: &str, event: &str) {
    input
        .unchecked_ref::<web_sys::HtmlInputElement>()
        .set_value(text);
    let event = web_sys::Event::new(event).expect("an event");
    input.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_seed_field_edits_the_draft_and_a_random_seed_applies_at_once() {
    let container = common::container();
    let seed = RwSignal::new(7u64);
    let applied = RwSignal::new(Vec::<u64>::new());
    let _mounted = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <ParamsForm
                seed=seed
                on_seed=Callback::new(move |s| seed.set(s))
                apply=Callback::new(move |()| applied.update(|a| a.push(seed.get_untracked())))
            >
                <p data-testid="own-field">"a page's own field"</p>
            </ParamsForm>
        }
    });
    leptos::task::tick().await;
    let input = find(&container, "seed");
    assert_eq!(
        input.unchecked_ref::<web_sys::HtmlInputElement>().value(),
        "7"
    );
    find(&container, "own-field");
    type_into(&input, "42", "change");
    assert_eq!(seed.get_untracked(), 42);
    type_into(&input, "not a number", "change");
    assert_eq!(seed.get_untracked(), 42, "a bad value changes nothing");
    assert!(applied.get_untracked().is_empty(), "editing does not apply");
    find(&container, "apply-params").click();
    assert_eq!(applied.get_untracked(), [42]);
    find(&container, "random-seed").click();
    let applied = applied.get_untracked();
    assert_eq!(applied.len(), 2, "a new random seed starts a run");
    assert_eq!(applied[1], seed.get_untracked());
    assert!(applied[1] < 1_000_000_000);
}

#[wasm_bindgen_test]
async fn the_item_form_checks_the_text_and_runs_the_pressed_action() {
    let container = common::container();
    let done = RwSignal::new(Vec::<String>::new());
    let counting = RwSignal::new(false);
    let _mounted = leptos::mount::mount_to(container.clone(), move || {
        let actions = vec![
            ItemAction::new("Insert", move |item| {
                done.update(|d| d.push(format!("insert {item}")));
                Ok(())
            }),
            ItemAction::new("Query", |item| Err(format!("no room for {item}"))),
            ItemAction::new("Remove", move |item| {
                done.update(|d| d.push(format!("remove {item}")));
                Ok(())
            })
            .shown_when(counting.into()),
        ];
        view! { <ItemForm actions=actions placeholder="e.g. cat" hint="Where it goes." /> }
    });
    leptos::task::tick().await;
    let input = find(&container, "item-input");
    let message = || find(&container, "item-message").text_content().unwrap();
    assert!(
        container
            .query_selector("[data-testid=item-remove]")
            .unwrap()
            .is_none(),
        "a hidden action has no button"
    );
    find(&container, "item-insert").click();
    leptos::task::tick().await;
    assert!(message().contains("Type an item"), "{}", message());
    type_into(&input, &"x".repeat(65), "input");
    find(&container, "item-insert").click();
    leptos::task::tick().await;
    assert!(message().contains("at most 64"), "{}", message());
    assert!(done.get_untracked().is_empty());
    type_into(&input, "  a, b  ", "input");
    leptos::task::tick().await;
    assert_eq!(message(), "", "typing clears the message");
    find(&container, "item-insert").click();
    leptos::task::tick().await;
    assert_eq!(done.get_untracked(), ["insert a, b"]);
    find(&container, "item-query").click();
    leptos::task::tick().await;
    assert_eq!(message(), "no room for a, b");
    counting.set(true);
    leptos::task::tick().await;
    find(&container, "item-remove").click();
    leptos::task::tick().await;
    assert_eq!(done.get_untracked(), ["insert a, b", "remove a, b"]);
    assert_eq!(message(), "");
}

/// Every protocol whose commands are single words writes each of them in URLs and reads it back,
/// and refuses a word it does not know.
#[wasm_bindgen_test]
fn word_commands_round_trip_through_their_urls() {
    use dsviz_web::permalink::{CommandCodec, WordCommands, Words};

    fn round_trips<C: WordCommands + core::fmt::Debug>(protocol: &str) {
        for (word, command) in C::WORDS {
            assert_eq!(Words::<C>::encode(command), *word, "{protocol}");
            assert_eq!(Words::<C>::decode(word), Some(*command), "{protocol}");
        }
        assert_eq!(Words::<C>::decode("no-such-command"), None, "{protocol}");
        assert_eq!(Words::<C>::decode(""), None, "{protocol}");
    }
    round_trips::<dsviz_core::commit::Command>("commit");
    round_trips::<dsviz_core::election::bully::BullyCommand>("bully");
    round_trips::<dsviz_core::election::ring::RingCommand>("ring");
    round_trips::<dsviz_core::gossip::rumor::RumorCommand>("rumor");
    round_trips::<dsviz_core::gossip::dissemination::AntiEntropyCommand>("gossip");
}
