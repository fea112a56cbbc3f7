//! The Bloom page: the variant switch, the player, the item box, the cell
//! grid, the verdict, the hash list, the false-positive panel, parameters,
//! permalinks and embedding.

use super::grid::{CellGrid, GridLegend};
use super::panels::{BloomFields, FprPanel, HashList};
use super::params::{BloomParams, BloomScenario, switch_variant};
use super::state::{BloomState, Variant};
use super::view;
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::item_form::{ItemForm, push_action};
use crate::viz::item_ops::{ADDED_HINT, ItemOp};
use crate::viz::item_text::check_item;
use leptos::prelude::*;

/// Operations per second at 1×.
const OPS_PER_SECOND: f64 = 2.0;

type BloomPlayer = OpPlayer<BloomState>;

fn build(params: &BloomParams, ops: Vec<ItemOp>, step: u64) -> BloomPlayer {
    OpPlayer::at(params.initial_state(), ops, OPS_PER_SECOND, step)
}

/// The page, started from the URL's query string.
#[component]
pub fn BloomPage(search: String, embed: bool) -> impl IntoView {
    let scenario = BloomScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(build(&scenario.params, scenario.ops, scenario.step));
    let kit = page_kit(player, embed, move || {
        let query = player.with_untracked(|p| {
            BloomScenario::to_query(&params.get_untracked(), p.ops(), p.step_index())
        });
        format!("/bloom{query}")
    });

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
    let start = Callback::new(move |()| {
        let fresh = BloomParams {
            variant: params.with_untracked(|p| p.variant),
            ..draft.get_untracked().clamped()
        };
        draft.set(fresh.clone());
        params.set(fresh.clone());
        player.set(build(&fresh, fresh.generated_ops(), 0));
    });
    let script = move || params.with_untracked(BloomParams::generated_ops);
    let actions = vec![
        push_action("Insert", ItemOp::Insert, player, script),
        push_action("Query", ItemOp::Query, player, script),
        push_action("Remove", ItemOp::Remove, player, script).shown_when(counting),
    ];

    view! {
        <VizPage class="viz bloom" testid="bloom-page" embed=embed problems=problems kit=kit
            title="Bloom filter"
            lede="A set in a few bits that never forgets a member and sometimes claims a stranger (Bloom, 1970). The counting variant (Fan et al., 2000) can also remove."
            params=move || view! {
                <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
                    on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=start>
                    <BloomFields draft=draft />
                </ParamsForm>
            }
        >
            <VariantSwitch current=Signal::derive(move || params.with(|p| p.variant)) switch_to=switch_to />
            <PlayerControls player=player />
            <Verdict player=player />
            <div class="viz-main">
                <div class="viz-stage">
                    <ItemForm actions=actions text=typed hint=ADDED_HINT
                        placeholder="type an item, e.g. cat">
                        <TypedPreview player=player typed=typed />
                    </ItemForm>
                    <CellGrid cells=cells preview=preview />
                    <GridLegend counting=counting />
                </div>
                <aside class="viz-side">
                    <HashList item=last_item rows=hash_rows />
                    <FprPanel figures=figures player=player />
                </aside>
            </div>
        </VizPage>
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

/// While an item is typed: its positions and what a query would answer now
/// (the positions are outlined in the grid too).
#[component]
fn TypedPreview(player: RwSignal<BloomPlayer>, typed: RwSignal<String>) -> impl IntoView {
    let line = move || {
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
        <p class="item-note" data-testid="typed-preview">{move || line().unwrap_or_default()}</p>
    }
}
