//! The Merkle page: both replicas' trees side by side, the edit form, the
//! step-by-step diff with its comparison count, the inclusion proof with
//! tampering, parameters, permalinks and embedding.

use super::model::{
    Edit, MAX_BLOCKS, MIN_BLOCKS, Replicas, Side, check_block_text, edits_of, operations,
};
use super::params::{MerkleScenario, ProofChoice, default_edits};
use super::tree_svg::TreeSvg;
use super::view::{self, DiffStatus};
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::param_fields::choice_field;
use leptos::prelude::*;

/// Comparisons per second at 1×.
const RATE: f64 = 1.5;

type MerklePlayer = OpPlayer<Replicas>;

fn build(blocks: usize, seed: u64, edits: &[Edit], step: u64) -> MerklePlayer {
    let initial = Replicas::new(blocks, seed);
    let ops = operations(&initial, edits);
    OpPlayer::at(initial, ops, RATE, step)
}

/// The block count and seed of the run.
#[derive(Clone, Copy, Debug, PartialEq)]
struct RunParams {
    blocks: usize,
    seed: u64,
}

/// The page, started from the URL's query string.
#[component]
pub fn MerklePage(search: String, embed: bool) -> impl IntoView {
    let scenario = MerkleScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let run = RwSignal::new(RunParams {
        blocks: scenario.blocks,
        seed: scenario.seed,
    });
    let player = RwSignal::new(build(
        scenario.blocks,
        scenario.seed,
        &scenario.edits,
        scenario.step,
    ));
    let proof = RwSignal::new(scenario.proof);
    let kit = page_kit(player, embed, move || {
        let RunParams { blocks, seed } = run.get_untracked();
        let query = player.with_untracked(|p| {
            MerkleScenario::to_query(
                blocks,
                seed,
                &edits_of(p.ops()),
                p.step_index(),
                proof.get(),
            )
        });
        format!("/merkle{query}")
    });

    let blocks = Memo::new(move |_| run.with(|r| r.blocks));
    let status = Memo::new(move |_| player.with(|p| view::diff_status(p.state())));
    let edit_count = Memo::new(move |_| player.with(|p| edits_of(p.ops()).len()));
    let step = Memo::new(move |_| player.with(|p| p.step_index()));
    let tree = move |side: Side| {
        Signal::derive(move || player.with(|p| view::tree_nodes(p.state(), side, proof.get())))
    };
    let root_hex = move |side: Side| {
        move || player.with(|p| dsviz_core::integrity::hex::encode(&p.state().tree(side).root()))
    };

    let current_x = Memo::new(move |_| {
        player.with(|p| {
            view::tree_nodes(p.state(), Side::A, None)
                .iter()
                .find(|n| n.current)
                .map(|n| n.x)
        })
    });

    // The edit form's fields, filled in by clicking a leaf.
    let draft_side = RwSignal::new(Side::B);
    let draft_index = RwSignal::new(0usize);
    let draft_text = RwSignal::new(String::new());
    let pick_leaf = Callback::new(move |(side, index): (Side, usize)| {
        proof.set(Some(ProofChoice {
            side,
            index,
            tamper: None,
        }));
        draft_side.set(side);
        draft_index.set(index);
        let text = player.with_untracked(|p| p.state().blocks(side).get(index).cloned());
        draft_text.set(text.unwrap_or_default());
    });
    let apply_edit = Callback::new(move |edit: Edit| {
        let RunParams { blocks, seed } = run.get_untracked();
        let mut edits = player.with_untracked(|p| edits_of(&p.ops()[..p.step_index() as usize]));
        edits.push(edit);
        player.set(build(blocks, seed, &edits, edits.len() as u64));
    });

    view! {
        <VizPage class="viz merkle" testid="merkle-page" embed=embed problems=problems kit=kit
            title="Merkle trees"
            lede="Two replicas hash the same blocks into RFC 6962 Merkle trees. Edit a block on one side and every hash on its path to the root changes; the diff finds it by descending only where the hashes differ."
            params=move || view! { <MerkleParamsForm run=run player=player proof=proof /> }
        >
            <PlayerControls player=player />
            <p class="merkle-explain" data-testid="explain">
                "Each step applies one of your edits, then makes one hash comparison of the diff: equal hashes end the search below that node (greyed), different ones send it into both children."
            </p>
            <StatusLine status=status step=step edit_count=edit_count />
            <div
                class=move || trees_class(blocks.get())
                data-testid="trees"
            >
                {Side::BOTH.into_iter().map(|side| view! {
                    <figure class="merkle-replica" data-testid=format!("replica-{}", side.key())>
                        <figcaption>
                            <strong>{format!("Replica {}", side.name())}</strong>
                            " root "
                            <code data-testid=format!("root-{}", side.key())>
                                {move || root_hex(side)()[..16].to_string()}
                            </code>
                        </figcaption>
                        <FollowScroll focus_x=current_x>
                            <TreeSvg side=side blocks=blocks nodes=tree(side) on_leaf=pick_leaf />
                        </FollowScroll>
                    </figure>
                }).collect_view()}
            </div>
            <Legend />
            <div class="merkle-panels">
                <EditPanel
                    blocks=blocks
                    side=draft_side
                    index=draft_index
                    text=draft_text
                    apply=apply_edit
                />
                <ProofPanel player=player proof=proof blocks=blocks />
                <DiffLog player=player />
            </div>
        </VizPage>
    }
}

/// A horizontally scrolling box that brings `focus_x` (px from the left of
/// its content) into view whenever it changes, so a wide tree follows the
/// diff.
#[component]
fn FollowScroll(focus_x: Memo<Option<f64>>, children: Children) -> impl IntoView {
    let scroller = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let (Some(x), Some(el)) = (focus_x.get(), scroller.get()) else {
            return;
        };
        let (left, width) = (f64::from(el.scroll_left()), f64::from(el.client_width()));
        if x < left + 30.0 || x > left + width - 30.0 {
            el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
        }
    });
    view! { <div class="merkle-scroll" node_ref=scroller>{children()}</div> }
}

/// Trees wider than about twelve blocks are stacked instead of side by side.
fn trees_class(blocks: usize) -> &'static str {
    if blocks > 12 {
        "merkle-trees stacked"
    } else {
        "merkle-trees"
    }
}

/// Where the run stands: edits applied, comparisons made, blocks found.
#[component]
fn StatusLine(status: Memo<DiffStatus>, step: Memo<u64>, edit_count: Memo<usize>) -> impl IntoView {
    let list = |blocks: &[usize]| {
        if blocks.is_empty() {
            "none".to_string()
        } else {
            blocks
                .iter()
                .map(|b| b.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    view! {
        <div class="status-line merkle-status" data-testid="status-line">
            <span data-testid="phase">
                {move || {
                    let (step, edits) = (step.get() as usize, edit_count.get());
                    if step < edits || (edits > 0 && step == edits) {
                        format!("Edits applied: {} of {edits}. ", step.min(edits))
                    } else if edits == 0 {
                        "No edits: the replicas agree. ".to_string()
                    } else {
                        String::new()
                    }
                }}
            </span>
            <span>
                "Comparisons: "
                <strong data-testid="comparisons">{move || status.get().comparisons}</strong>
                " of "
                <span data-testid="comparisons-total">{move || status.get().total}</span>
            </span>
            <span>
                " · Differing blocks found: "
                <strong data-testid="found-leaves">{move || list(&status.get().found)}</strong>
            </span>
            <span class="merkle-naive" data-testid="naive">
                {move || {
                    let s = status.get();
                    if s.done() && s.comparisons > 0 {
                        format!(
                            " · Done: {} comparisons where a block-by-block check makes {}.",
                            s.total, s.blocks
                        )
                    } else {
                        format!(" · A block-by-block check would compare {} pairs.", s.blocks)
                    }
                }}
            </span>
        </div>
    }
}

/// What the colours and marks mean.
#[component]
fn Legend() -> impl IntoView {
    let item = |class: &'static str, label: &'static str| {
        view! {
            <span class="merkle-legend-item">
                <svg width="22" height="14" aria-hidden="true">
                    <rect class=format!("merkle-swatch {class}") x="1" y="1" width="20" height="12" rx="3" />
                </svg>
                {label}
            </span>
        }
    };
    view! {
        <div class="merkle-legend" data-testid="legend">
            {item("differs", "hashes differ between replicas")}
            {item("walk-differs", "compared: differ")}
            {item("walk-equal", "compared: equal")}
            {item("walk-skipped", "skipped (an ancestor matched)")}
            {item("current", "the comparison just made")}
            {item("proof-sibling", "proof hash (sibling)")}
            {item("proof-path", "recomputed by the verifier")}
        </div>
    }
}

/// Side, block and text: replaces one block on one replica.
#[component]
fn EditPanel(
    blocks: Memo<usize>,
    side: RwSignal<Side>,
    index: RwSignal<usize>,
    text: RwSignal<String>,
    apply: Callback<Edit>,
) -> impl IntoView {
    let error = RwSignal::new(String::new());
    let submit = move || {
        let n = blocks.get_untracked();
        let i = index.get_untracked();
        if i >= n {
            error.set(format!("block {i} does not exist; pick 0 to {}", n - 1));
            return;
        }
        match check_block_text(&text.get_untracked()) {
            Ok(checked) => {
                error.set(String::new());
                apply.run(Edit {
                    side: side.get_untracked(),
                    index: i,
                    text: checked,
                });
            }
            Err(why) => error.set(why),
        }
    };
    view! {
        <form class="merkle-panel" data-testid="edit-panel" on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <h3>"Edit a block"</h3>
            <p class="hint">"Click a leaf to pick it, or choose here."</p>
            <div class="merkle-row">
                <label>
                    "Replica "
                    <select data-testid="edit-side" on:change=move |ev| {
                        if let Some(s) = Side::parse(&event_target_value(&ev)) {
                            side.set(s);
                        }
                    }>
                        {Side::BOTH.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || side.get() == s>{s.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Block "
                    <select data-testid="edit-index" on:change=move |ev| {
                        if let Ok(i) = event_target_value(&ev).parse() {
                            index.set(i);
                        }
                    }>
                        {move || (0..blocks.get()).map(|i| view! {
                            <option value=i selected=move || index.get() == i>{i}</option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <label>
                "New text "
                <input
                    type="text"
                    data-testid="edit-text"
                    maxlength="16"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <button type="submit" data-testid="apply-edit">"Edit block"</button>
            <p class="merkle-error" data-testid="edit-error" role="status">{move || error.get()}</p>
        </form>
    }
}

/// The inclusion proof of the chosen leaf, each hash with a tamper switch,
/// and the verifier's verdict.
#[component]
fn ProofPanel(
    player: RwSignal<MerklePlayer>,
    proof: RwSignal<Option<ProofChoice>>,
    blocks: Memo<usize>,
) -> impl IntoView {
    let shown = Memo::new(move |_| {
        let choice = proof.get()?;
        player.with(|p| view::proof_view(p.state(), choice))
    });
    let choose = move |side: Option<Side>, index: Option<usize>| {
        let current = proof.get_untracked();
        let side = side.or(current.map(|c| c.side)).unwrap_or(Side::A);
        let index = index.or(current.map(|c| c.index)).unwrap_or(0);
        proof.set(Some(ProofChoice {
            side,
            index,
            tamper: None,
        }));
    };
    let toggle_tamper = move |position: usize| {
        proof.update(|choice| {
            if let Some(c) = choice {
                c.tamper = if c.tamper == Some(position) {
                    None
                } else {
                    Some(position)
                };
            }
        })
    };
    view! {
        <div class="merkle-panel" data-testid="proof-panel">
            <h3>"Inclusion proof"</h3>
            <div class="merkle-row">
                <label>
                    "Replica "
                    <select data-testid="proof-side" on:change=move |ev| {
                        choose(Side::parse(&event_target_value(&ev)), None)
                    }>
                        {Side::BOTH.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || proof.get().is_some_and(|c| c.side == s)>{s.name()}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    "Block "
                    <select data-testid="proof-index" on:change=move |ev| {
                        choose(None, event_target_value(&ev).parse().ok())
                    }>
                        {move || (0..blocks.get()).map(|i| view! {
                            <option value=i selected=move || proof.get().is_some_and(|c| c.index == i)>{i}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button data-testid="show-proof" on:click=move |_| choose(None, None)>"Show proof"</button>
                <button data-testid="hide-proof" on:click=move |_| proof.set(None)>"Hide"</button>
            </div>
            {move || match shown.get() {
                None => view! {
                    <p class="hint" data-testid="proof-hint">"Click a leaf, or pick a block and press Show proof."</p>
                }.into_any(),
                Some(p) => {
                    let ok = p.verdict.is_ok();
                    view! {
                        <p data-testid="proof-leaf">
                            {format!("Block {} of replica {}: “{}”", p.index, p.side.name(), p.text)}
                            <br />
                            "leaf hash " <code>{p.leaf_hex[..16].to_string()}</code>
                        </p>
                        <ol class="merkle-proof-list" data-testid="proof-hashes">
                            {p.rows.iter().map(|row| {
                                let position = row.position;
                                view! {
                                    <li class:tampered=row.tampered data-testid=format!("proof-row-{position}")>
                                        <span class="merkle-proof-range">
                                            {format!(
                                                "{}. {} sibling, {}",
                                                position + 1,
                                                if row.sibling_is_left { "left" } else { "right" },
                                                blocks_label(row.sibling)
                                            )}
                                        </span>
                                        <code>{row.hash_hex[..16].to_string()}"…"</code>
                                        <button
                                            data-testid=format!("tamper-{position}")
                                            aria-pressed=row.tampered.to_string()
                                            on:click=move |_| toggle_tamper(position)
                                        >
                                            {if row.tampered { "Restore" } else { "Tamper" }}
                                        </button>
                                    </li>
                                }
                            }).collect_view()}
                        </ol>
                        <p class="merkle-verdict" class:ok=ok class:bad=!ok data-testid="proof-verdict" data-ok=ok.to_string()>
                            {match &p.verdict {
                                Ok(()) => format!("verified ✔ — rehashing up from the leaf reaches root {}", &p.root_hex[..16]),
                                Err(why) => format!("verification failed ✘ — {why}"),
                            }}
                        </p>
                    }.into_any()
                }
            }}
        </div>
    }
}

/// "block 3" or "blocks 0–3" for the leaves `[start, end)`.
fn blocks_label((start, end): (usize, usize)) -> String {
    if end - start == 1 {
        format!("block {start}")
    } else {
        format!("blocks {start}–{}", end - 1)
    }
}

/// Every comparison made so far, newest last.
#[component]
fn DiffLog(player: RwSignal<MerklePlayer>) -> impl IntoView {
    let rows = Memo::new(move |_| player.with(|p| view::diff_rows(p.state())));
    let list = NodeRef::<leptos::html::Ol>::new();
    // Keep the newest comparison in view inside the log's own scroll box.
    Effect::new(move |_| {
        rows.track();
        if let Some(el) = list.get() {
            el.set_scroll_top(el.scroll_height());
        }
    });
    view! {
        <div class="merkle-panel" data-testid="diff-log">
            <h3>"Diff, comparison by comparison"</h3>
            <Show
                when=move || !rows.with(Vec::is_empty)
                fallback=|| view! { <p class="hint">"No comparison yet: press Step or Play."</p> }
            >
                <ol class="merkle-log" node_ref=list>
                    {move || rows.get().into_iter().map(|row| view! {
                        <li class:equal=row.equal data-testid=format!("diff-row-{}", row.number)>{row.sentence}</li>
                    }).collect_view()}
                </ol>
            </Show>
        </div>
    }
}

/// The block count besides the seed; applying starts a new run with one
/// seeded edit.
#[component]
fn MerkleParamsForm(
    run: RwSignal<RunParams>,
    player: RwSignal<MerklePlayer>,
    proof: RwSignal<Option<ProofChoice>>,
) -> impl IntoView {
    let draft = RwSignal::new(run.get_untracked());
    let apply = Callback::new(move |()| {
        let next = draft.get_untracked();
        run.set(next);
        proof.set(None);
        let edits = default_edits(next.seed, next.blocks);
        player.set(build(next.blocks, next.seed, &edits, edits.len() as u64));
    });
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=apply>
            {choice_field(draft, "Blocks per replica", "blocks",
                (MIN_BLOCKS..=MAX_BLOCKS).map(|n| (n, n.to_string())).collect(),
                |d| d.blocks, |d, n| d.blocks = n)}
        </ParamsForm>
    }
}
