//! The Bloom page: the variant switch, the player, the item box, the cell
//! grid, the verdict, the hash list, the false-positive panel, parameters,
//! permalinks and embedding.

use super::grid::{CellGrid, GridLegend};
use super::items::check_item;
use super::panels::{FprPanel, HashList, ParamsForm};
use super::params::{BloomParams, BloomScenario, switch_variant};
use super::state::{BloomOp, BloomState, Variant};
use super::view;
use crate::player::controls::{KeyHelp, PlayerControls, bind_keys, drive};
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ShareButtons, UrlProblems, VizHeader, keep_url_in_step};
use leptos::prelude::*;

/// Operations per second at 1×.
const OPS_PER_SECOND: f64 = 2.0;

type BloomPlayer = OpPlayer<BloomState>;

fn build(params: &BloomParams, ops: Vec<BloomOp>, step: u64) -> BloomPlayer {
    OpPlayer::at(params.initial_state(), ops, OPS_PER_SECOND, step)
}

/// The page, started from the URL's query string.
#[component]
pub fn BloomPage(search: String, embed: bool) -> impl IntoView {
    let scenario = BloomScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(build(&scenario.params, scenario.ops, scenario.step));
    let help = RwSignal::new(false);
    drive(player);
    bind_keys(player, help);

    let permalink = move || {
        let query = player.with_untracked(|p| {
            BloomScenario::to_query(&params.get_untracked(), p.ops(), p.step_index())
        });
        format!("/bloom{query}")
    };
    keep_url_in_step(player, embed, permalink);
    let link = Callback::new(move |()| permalink());

    let typed = RwSignal::new(String::new());
    let cells = Memo::new(move |_| player.with(|p| view::cells(p.state())));
    let preview = Memo::new(move |_| {
        let item = typed.with(|t| check_item(t).ok());
        item.map_or_else(Vec::new, |item| player.with(|p| p.state().positions(&item)))
    });
    let last_item =
        Memo::new(move |_| player.with(|p| p.state().last().map(|o| o.op.item().to_string())));
    let hash_rows = Memo::new(move |_| {
        player.with(|p| p.state().last().map(view::hash_rows).unwrap_or_default())
    });
    let figures = Memo::new(move |_| player.with(|p| view::fpr(p.state())));
    let counting = Signal::derive(move || params.with(|p| p.variant == Variant::Counting));

    let switch_to = Callback::new(move |to: Variant| {
        if params.with_untracked(|p| p.variant) == to {
            return;
        }
        let (ops, step) = player.with_untracked(|p| switch_variant(p.ops(), p.step_index(), to));
        params.update(|p| p.variant = to);
        player.set(build(&params.get_untracked(), ops, step));
    });
    let draft = RwSignal::new(scenario.params.clone());
    let start = Callback::new(move |fresh: BloomParams| {
        let fresh = BloomParams {
            variant: params.with_untracked(|p| p.variant),
            ..fresh
        };
        draft.set(fresh.clone());
        params.set(fresh.clone());
        player.set(build(&fresh, fresh.generated_ops(), 0));
    });

    view! {
        <section class="viz bloom" class:embed=embed data-testid="bloom-page">
            <UrlProblems problems=problems />
            <VizHeader embed=embed title="Bloom filter" lede="A set in a few bits that never forgets a member and sometimes claims a stranger (Bloom, 1970). The counting variant (Fan et al., 2000) can also remove." />
            <VariantSwitch current=Signal::derive(move || params.with(|p| p.variant)) switch_to=switch_to />
            <PlayerControls player=player />
            <Verdict player=player />
            <div class="viz-main">
                <div class="viz-stage">
                    <ItemForm player=player typed=typed counting=counting />
                    <CellGrid cells=cells preview=preview />
                    <GridLegend counting=counting />
                </div>
                <aside class="viz-side">
                    <HashList item=last_item rows=hash_rows />
                    <FprPanel figures=figures player=player />
                </aside>
            </div>
            <Show when=move || !embed>
                <ParamsForm draft=draft start=start />
            </Show>
            <ShareButtons link=link title="Bloom filter" />
            <KeyHelp open=help />
        </section>
    }
}

/// Plain or counting; switching replays the same items on the other filter.
#[component]
fn VariantSwitch(current: Signal<Variant>, switch_to: Callback<Variant>) -> impl IntoView {
    let option = move |variant: Variant, label: &'static str| {
        view! {
            <button
                type="button"
                data-testid=format!("variant-{}", variant.key())
                aria-pressed=move || (current.get() == variant).to_string()
                class:active=move || current.get() == variant
                on:click=move |_| switch_to.run(variant)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="bloom-variant" role="group" aria-label="Variant" data-testid="variant">
            {option(Variant::Plain, "Bloom filter (bits)")}
            {option(Variant::Counting, "Counting Bloom filter (4-bit counters)")}
        </div>
    }
}

/// The sentence saying what the last operation did and whether the
/// filter's answer was right.
#[component]
fn Verdict(player: RwSignal<BloomPlayer>) -> impl IntoView {
    let verdict = Memo::new(move |_| {
        player.with(|p| {
            p.state()
                .last()
                .map(|o| (view::verdict_key(o.verdict), view::verdict_sentence(o)))
        })
    });
    view! {
        <p
            class=move || format!("status-line bloom-verdict verdict-{}", verdict.get().map_or("none", |v| v.0))
            data-testid="verdict"
            data-verdict=move || verdict.get().map_or("none", |v| v.0)
            aria-live="polite"
        >
            {move || verdict.get().map_or_else(
                || "Press Play or Step to insert the run's items one by one, or type your own.".to_string(),
                |v| v.1,
            )}
        </p>
    }
}

/// A text box for an item with Insert, Query and (counting) Remove; while
/// typing, the item's positions are outlined in the grid.
#[component]
fn ItemForm(
    player: RwSignal<BloomPlayer>,
    typed: RwSignal<String>,
    counting: Signal<bool>,
) -> impl IntoView {
    let message = RwSignal::new(String::new());
    let push = move |make: fn(String) -> BloomOp| match check_item(&typed.get_untracked()) {
        Ok(item) => {
            message.set(String::new());
            player.update(|p| p.push(make(item)));
        }
        Err(why) => message.set(why),
    };
    let preview_line = move || {
        let item = typed.with(|t| check_item(t).ok())?;
        Some(player.with(|p| {
            let state = p.state();
            let positions = state.positions(&item);
            let zero = positions.iter().find(|&&pos| state.cell(pos) == 0);
            let answer = match zero {
                Some(pos) => format!("a query now: cell {pos} is 0 → definitely not"),
                None => "a query now: all set → maybe".to_string(),
            };
            let list = positions
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            format!("“{item}” → cells {list}; {answer}")
        }))
    };
    view! {
        <form class="bloom-item" data-testid="item-form" on:submit=move |ev| {
            ev.prevent_default();
            push(BloomOp::Insert);
        }>
            <label>
                <span class="visually-hidden">"Item"</span>
                <input
                    type="text"
                    data-testid="item-input"
                    placeholder="type an item, e.g. cat"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || typed.get()
                    on:input=move |ev| {
                        typed.set(event_target_value(&ev));
                        message.set(String::new());
                    }
                />
            </label>
            <button type="submit" class="primary" data-testid="insert">"Insert"</button>
            <button type="button" data-testid="query" on:click=move |_| push(BloomOp::Query)>"Query"</button>
            <Show when=move || counting.get()>
                <button type="button" data-testid="remove" on:click=move |_| push(BloomOp::Remove)>"Remove"</button>
            </Show>
            <p class="bloom-item-note" data-testid="typed-preview">
                {move || preview_line().unwrap_or_default()}
            </p>
            <p class="bloom-item-message" role="alert" data-testid="item-message">{move || message.get()}</p>
        </form>
    }
}
