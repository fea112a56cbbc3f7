//! The layout both filter pages share: player controls, the picture, the
//! item form (insert / query / delete at the cursor), what the last
//! operation did and its verdict, measured against theoretical false
//! positives, the parameters form, sharing and embedding.

use super::run::{FilterRun, LastOp, Membership};
use super::scenario::{FilterKind, FilterPlayer, Scenario};
use crate::player::Transport;
use crate::player::controls::PlayerControls;
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::item_form::{ItemForm, push_action};
use crate::viz::item_ops::{ADDED_HINT, ItemOp};
use crate::viz::sketch_kit::percent;
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

/// A filter page, started from the URL's query string.
pub fn filter_page<K: FilterUi>(search: &str, embed: bool) -> impl IntoView + use<K> {
    let scenario = Scenario::<K>::from_query(search);
    let problems = RwSignal::new(scenario.problems.clone());
    let params = RwSignal::new(scenario.params.clone());
    let player = RwSignal::new(scenario.player());
    let kit = page_kit(player, embed, move || {
        player.with_untracked(|p| {
            params.with_untracked(|k| Scenario::<K>::link(k, p.ops(), p.step_index()))
        })
    });
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
    let script = move || params.with_untracked(K::script);
    let actions = vec![
        push_action("Insert", ItemOp::Insert, player, script),
        push_action("Query", ItemOp::Query, player, script),
        push_action("Delete", ItemOp::Remove, player, script),
    ];
    let draft = RwSignal::new(scenario.params);
    let apply = Callback::new(move |()| {
        let fresh = Scenario::fresh(draft.get_untracked());
        params.set(fresh.params.clone());
        player.set(fresh.player());
    });

    view! {
        <VizPage class=format!("viz filters {}", K::STEM) testid=format!("{}-page", K::STEM)
            embed=embed problems=problems kit=kit title=K::TITLE lede=K::LEDE
            params=move || view! {
                <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed()))
                    on_seed=Callback::new(move |seed| draft.update(|d| d.set_seed(seed))) apply=apply>
                    {K::fields(draft)}
                </ParamsForm>
            }
        >
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
                    <ItemForm actions=actions heading="Try an item" hint=ADDED_HINT placeholder="e.g. owl-7" />
                    {last_op_panel::<K>(player)}
                    {K::side_panel(player)}
                    <StatsPanel params=params player=player />
                </aside>
            </div>
        </VizPage>
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
