//! The layout both filter pages share: player controls, the picture, the
//! item form (insert / query / delete at the cursor), what the last
//! operation did and its verdict, measured against theoretical false
//! positives, the parameters form, sharing and embedding.

use super::items::{FilterOp, check_item};
use super::run::{FilterRun, LastOp, Membership, percent};
use super::scenario::{FilterKind, FilterPlayer, MAX_ADDED_OPS, Scenario};
use crate::player::Transport;
use crate::player::controls::{KeyHelp, PlayerControls, bind_keys, drive};
use crate::viz::chrome::{
    ShareButtons, UrlProblems, VizHeader, browser_random_seed, keep_url_in_step,
};
use leptos::prelude::*;

/// Fresh non-members probed to measure the false-positive rate.
pub const PROBES: usize = 2000;

/// What each filter page adds to the shared layout.
pub trait FilterUi: FilterKind {
    const TITLE: &'static str;
    /// The page's `data-testid` and CSS class stem, e.g. `cuckoo`.
    const STEM: &'static str;
    const LEDE: &'static str;
    /// One sentence on what the last operation did.
    fn describe(run: &FilterRun<Self::Filter>) -> String;
    /// The structure itself.
    fn picture(player: RwSignal<FilterPlayer<Self>>, animate: bool) -> AnyView;
    /// Extra panel beside the picture (the kick chain), if any.
    fn side_panel(player: RwSignal<FilterPlayer<Self>>) -> AnyView;
    /// The page's own parameter fields.
    fn fields(draft: RwSignal<Self>) -> AnyView;
}

/// How many operations after the generated script a person has added.
fn added_count<K: FilterKind>(params: &K, ops: &[FilterOp]) -> usize {
    let script = params.script();
    let kept = script.iter().zip(ops).take_while(|(a, b)| a == b).count();
    ops.len() - kept
}

/// A filter page, started from the URL's query string.
pub fn filter_page<K: FilterUi>(search: &str, embed: bool) -> impl IntoView + use<K> {
    let scenario = Scenario::<K>::from_query(search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(scenario.player());
    let help = RwSignal::new(false);
    drive(player);
    bind_keys(player, help);

    let permalink = move || {
        player.with_untracked(|p| {
            params.with_untracked(|k| Scenario::<K>::link(k, p.ops(), p.step_index()))
        })
    };
    keep_url_in_step(player, embed, permalink);
    let link = Callback::new(move |()| permalink());
    let reduced_motion = window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches());

    let status = Memo::new(move |_| {
        player.with(|p| {
            let run = p.state();
            let refused = matches!(run.last, Some(LastOp::Insert { stored: false, .. }));
            (
                run.filter.stored(),
                run.filter.slot_count(),
                run.load(),
                refused,
            )
        })
    });

    view! {
        <section class=format!("viz filters {}", K::STEM) class:embed=embed data-testid=format!("{}-page", K::STEM)>
            <UrlProblems problems=problems />
            <VizHeader embed=embed title={K::TITLE} lede={K::LEDE} />
            <PlayerControls player=player />
            <div class="status-line" data-testid="status-line">
                {move || {
                    let (stored, slots, load, refused) = status.get();
                    view! {
                        <span data-testid="load" data-stored=stored data-slots=slots>
                            {format!("{stored} of {slots} slots used · load {}", percent(load))}
                        </span>
                        {refused.then(|| view! {
                            <span class="filter-full" data-testid="full">"Full: the last insert was refused"</span>
                        })}
                    }
                }}
            </div>
            <div class="viz-main">
                <div class="viz-stage">
                    {K::picture(player, !reduced_motion)}
                </div>
                <aside class="viz-side">
                    <ItemForm params=params player=player />
                    {last_op_panel::<K>(player)}
                    {K::side_panel(player)}
                    <StatsPanel params=params player=player />
                </aside>
            </div>
            <Show when=move || !embed>
                <ParamsForm params=params player=player />
            </Show>
            <ShareButtons link=link title=K::TITLE />
            <KeyHelp open=help />
        </section>
    }
}

/// Type an item; insert, query or delete it at the cursor.
#[component]
fn ItemForm<K: FilterKind>(
    params: RwSignal<K>,
    player: RwSignal<FilterPlayer<K>>,
) -> impl IntoView {
    let text = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let act = move |make: fn(String) -> FilterOp| match check_item(&text.get_untracked()) {
        Err(why) => message.set(why),
        Ok(item) => {
            let added = player.with_untracked(|p| {
                let ops = &p.ops()[..p.step_index() as usize];
                params.with_untracked(|k| added_count(k, ops))
            });
            if added >= MAX_ADDED_OPS {
                message.set(format!(
                    "This run already has {MAX_ADDED_OPS} added operations; start a new run to add more."
                ));
                return;
            }
            message.set(String::new());
            player.update(|p| p.push(make(item)));
        }
    };
    view! {
        <form class="item-form" data-testid="item-form" on:submit=move |ev| {
            ev.prevent_default();
            act(FilterOp::Insert);
        }>
            <h3>"Try an item"</h3>
            <label>
                "Item "
                <input
                    type="text"
                    data-testid="item-input"
                    maxlength="64"
                    placeholder="e.g. owl-7"
                    autocomplete="off"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))
                />
            </label>
            <div class="item-actions">
                <button type="submit" data-testid="item-insert">"Insert"</button>
                <button type="button" data-testid="item-query" on:click=move |_| act(FilterOp::Query)>"Query"</button>
                <button type="button" data-testid="item-delete" on:click=move |_| act(FilterOp::Delete)>"Delete"</button>
            </div>
            <p class="item-message" data-testid="item-message" role="status">{move || message.get()}</p>
            <p class="hint">"The operation is added at the current step; later steps are replaced."</p>
        </form>
    }
}

/// What the last operation did, and a query's verdict.
fn last_op_panel<K: FilterUi>(player: RwSignal<FilterPlayer<K>>) -> impl IntoView {
    let summary = Memo::new(move |_| {
        player.with(|p| {
            let run = p.state();
            let verdict = match &run.last {
                Some(LastOp::Query { verdict, .. }) => Some(*verdict),
                _ => None,
            };
            (K::describe(run), verdict)
        })
    });
    view! {
        <div class="last-op" data-testid="last-op">
            <h3>"Last operation"</h3>
            <p data-testid="last-op-text">{move || summary.get().0}</p>
            {move || summary.get().1.map(|v| view! {
                <p class=format!("verdict verdict-{}", v.key()) data-testid="verdict" data-verdict=v.key()>
                    <strong>"Verdict: "</strong>{v.sentence()}
                </p>
            })}
        </div>
    }
}

/// Measured false positives against the theory.
#[component]
fn StatsPanel<K: FilterKind>(
    params: RwSignal<K>,
    player: RwSignal<FilterPlayer<K>>,
) -> impl IntoView {
    let stats = Memo::new(move |_| {
        let seed = params.with(|k| k.seed());
        player.with(|p| {
            let run = p.state();
            let (hits, probes) = run.probe_fpr(seed, PROBES);
            (
                run.tally,
                hits,
                probes,
                run.filter.theory_fpr(),
                run.filter.theory_formula(),
            )
        })
    });
    view! {
        <div class="filter-stats" data-testid="filter-stats">
            <h3>"False positives"</h3>
            {move || {
                let (tally, hits, probes, theory, formula) = stats.get();
                let run_rate = if tally.non_member_queries == 0 {
                    "—".to_string()
                } else {
                    percent(tally.false_positives as f64 / tally.non_member_queries as f64)
                };
                view! {
                    <dl>
                        <dt>"Queries of non-members so far"</dt>
                        <dd data-testid="run-fpr" data-false-positives=tally.false_positives data-queries=tally.non_member_queries>
                            {format!("{} false positive{} of {} ({run_rate})", tally.false_positives, if tally.false_positives == 1 { "" } else { "s" }, tally.non_member_queries)}
                        </dd>
                        <dt>{format!("{probes} fresh non-members, now")}</dt>
                        <dd data-testid="probe-fpr" data-hits=hits>{format!("{hits} false positives ({})", percent(hits as f64 / probes.max(1) as f64))}</dd>
                        <dt>"Theory at this load"</dt>
                        <dd data-testid="theory-fpr">{percent(theory)}<br /><small class="muted">{formula}</small></dd>
                        <dt>"Inserts refused · unsafe deletes"</dt>
                        <dd data-testid="refused">{format!("{} · {}", tally.refused, tally.unsafe_deletes)}</dd>
                    </dl>
                }
            }}
        </div>
    }
}

/// The seed and the page's parameters; applying starts a new run.
#[component]
fn ParamsForm<K: FilterUi>(
    params: RwSignal<K>,
    player: RwSignal<FilterPlayer<K>>,
) -> impl IntoView {
    let draft = RwSignal::new(params.get_untracked());
    let apply = move || {
        let k = draft.get_untracked();
        let scenario = Scenario {
            kept: k.script().len(),
            params: k.clone(),
            added: Vec::new(),
            step: 0,
            problems: Vec::new(),
        };
        params.set(k);
        player.set(scenario.player());
    };
    view! {
        <form class="params" data-testid="params" on:submit=move |ev| {
            ev.prevent_default();
            apply();
        }>
            <h3>"Scenario"</h3>
            <label>
                "Seed"
                <input type="number" min="0" data-testid="seed" prop:value=move || draft.with(|d| d.seed().to_string())
                    on:change=move |ev| {
                        if let Ok(seed) = event_target_value(&ev).trim().parse() {
                            draft.update(|d| d.set_seed(seed));
                        }
                    }
                />
            </label>
            <button type="button" data-testid="random-seed" on:click=move |_| {
                draft.update(|d| d.set_seed(browser_random_seed()));
                apply();
            }>"New random seed"</button>
            {K::fields(draft)}
            <button type="submit" data-testid="apply-params">"Start new run"</button>
        </form>
    }
}

/// A whole-number field clamped to `min..=max`.
pub fn count_field<K: FilterKind>(
    draft: RwSignal<K>,
    label: &'static str,
    testid: &'static str,
    get: fn(&K) -> usize,
    set: fn(&mut K, usize),
    min: usize,
    max: impl Fn(&K) -> usize + Copy + Send + Sync + 'static,
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

/// A select over fixed choices.
pub fn choice_field<K: FilterKind>(
    draft: RwSignal<K>,
    label: &'static str,
    testid: &'static str,
    choices: Vec<(usize, String)>,
    get: fn(&K) -> usize,
    set: fn(&mut K, usize),
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
