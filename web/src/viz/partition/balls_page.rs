//! The balls-into-bins page: the bins filling a ball (or a batch) per
//! step with the last ball's `d` candidate bins marked, the load profile
//! against the fluid limit, and the maximum load over many seeds for
//! `d = 1, 2, 3`, computed in slices.

use super::balls_experiment::MaxLoadRun;
use super::balls_model::{
    BallsScenario, BallsSetup, BallsState, EXPERIMENT_BINS, MAX_BALLS_PER_BIN, MAX_BATCH, MAX_BINS,
    MAX_CHOICES, balls_player, max_trials,
};
use super::common::short;
use crate::player::controls::PlayerControls;
use crate::player::{OpPlayer, SlicedJob, Transport};
use crate::viz::chrome::{ParamsForm, VizPage, page_kit};
use crate::viz::param_fields::{choice_field, count_field};
use crate::viz::sketch_kit::percent;
use leptos::prelude::*;

type BallsPlayer = OpPlayer<BallsState>;

const W: f64 = 640.0;
const H: f64 = 150.0;

/// The page, started from the URL's query string.
#[component]
pub fn BallsPage(search: String, embed: bool) -> impl IntoView {
    let scenario = BallsScenario::from_query(&search);
    let problems = RwSignal::new(scenario.problems.clone());
    let setup = RwSignal::new(scenario.setup);
    let player = RwSignal::new(balls_player(&scenario.setup, scenario.step));
    let kit = page_kit(player, embed, move || {
        let query = player
            .with_untracked(|p| BallsScenario::to_query(&setup.get_untracked(), p.step_index()));
        format!("/balls-into-bins{query}")
    });
    let loads = Memo::new(move |_| player.with(|p| p.state().run().loads().to_vec()));
    let last = Memo::new(move |_| player.with(|p| p.state().last().cloned()));
    let profile = Memo::new(move |_| player.with(|p| p.state().profile()));
    let balls = Memo::new(move |_| player.with(|p| p.state().run().balls()));
    let experiment = SlicedJob::new(MaxLoadRun::run_slice);

    view! {
        <VizPage class="viz partition-page balls-page" testid="balls-page" embed=embed problems=problems kit=kit
            title="Balls into bins"
            lede="Throw n balls into n bins. With one random bin per ball the fullest bin ends near ln n / ln ln n; let each ball look at d bins and join the least loaded, and it drops to ln ln n / ln d — the power of two choices (Azar, Broder, Karlin & Upfal 1994). Mitzenmacher's fluid limit predicts the whole load profile."
            params=move || view! { <BallsParamsForm setup=setup player=player experiment=experiment /> }
        >
            <PlayerControls player=player />
            <p class="status-line" data-testid="throw-line">
                {move || match last.get() {
                    None => "No ball yet: press Step or Play.".to_string(),
                    Some(t) => {
                        let looked = t.candidates.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
                        format!("Ball {} looked at bin{} {looked} and joined bin {}.", balls.get(),
                            if t.candidates.len() == 1 { "" } else { "s" }, t.bin)
                    }
                }}
            </p>
            <BinsSvg loads=loads last=last setup=setup />
            <div class="viz-main">
                <div class="viz-stage">
                    <ProfileChart profile=profile setup=setup balls=balls />
                </div>
                <aside class="viz-side">
                    <div class="pt-panel" data-testid="balls-figures">
                        <h3>"So far"</h3>
                        <p>"Balls " <strong data-testid="ball-count">{balls}</strong>
                           " · fullest bin " <strong data-testid="max-load">{move || loads.with(|l| l.iter().copied().max().unwrap_or(0))}</strong></p>
                        <p class="muted">{move || setup.with(|s| format!(
                            "n = {} bins, d = {} choice{}; ties go to the first bin looked at.",
                            s.bins, s.choices, if s.choices == 1 { "" } else { "s" }))}</p>
                    </div>
                </aside>
            </div>
            <ExperimentPanel setup=setup experiment=experiment />
        </VizPage>
    }
}

/// Each bin a column of balls; the last ball's candidates outlined.
#[component]
fn BinsSvg(
    loads: Memo<Vec<u32>>,
    last: Memo<Option<dsviz_core::partition::Throw>>,
    setup: RwSignal<BallsSetup>,
) -> impl IntoView {
    view! {
        <figure class="pt-figure">
            {move || {
                let loads = loads.get();
                let last = last.get();
                let n = loads.len().max(1);
                let width = W / n as f64;
                let expected = setup.with(|s| s.balls.div_ceil(s.bins.max(1) as u64) as u32);
                let levels = loads.iter().copied().max().unwrap_or(0).max(expected + 2);
                let cell = (H / f64::from(levels.max(1))).min(24.0);
                let height = (cell * f64::from(levels)).max(40.0);
                view! {
                    <svg class="bins-svg" data-testid="bins" viewBox=format!("0 0 {W} {height}")
                        role="img" aria-label="the bins and their balls">
                        {loads.iter().enumerate().map(|(bin, &load)| {
                            let x = bin as f64 * width;
                            let candidate = last.as_ref().is_some_and(|t| t.candidates.contains(&bin));
                            let chosen = last.as_ref().is_some_and(|t| t.bin == bin);
                            view! {
                                <g class="bin" class:candidate=candidate class:chosen=chosen data-testid=format!("bin-{bin}") data-load=load>
                                    <rect class="bin-slot" x=x + 0.5 width=(width - 1.0).max(0.5) y="0" height=height />
                                    {(0..load).map(|b| {
                                        let top = b + 1 == load && chosen;
                                        view! {
                                            <rect class="ball" class:newest=top x=x + width * 0.12 width=(width * 0.76).max(0.5)
                                                y=height - cell * f64::from(b + 1) + 1.0 height=(cell - 2.0).max(0.8) rx="2" />
                                        }
                                    }).collect_view()}
                                </g>
                            }
                        }).collect_view()}
                    </svg>
                }
            }}
            <figcaption class="pt-legend">
                <span><span class="pt-swatch candidate"></span>"bins the last ball looked at"</span>
                <span><span class="pt-swatch chosen"></span>"the one it joined (least loaded)"</span>
            </figcaption>
        </figure>
    }
}

/// The fraction of bins with at least i balls, measured (bars) and from
/// the fluid limit (dots).
#[component]
fn ProfileChart(
    profile: Memo<(Vec<f64>, Vec<f64>)>,
    setup: RwSignal<BallsSetup>,
    balls: Memo<u64>,
) -> impl IntoView {
    const CW: f64 = 420.0;
    const CH: f64 = 140.0;
    view! {
        <div class="pt-panel" data-testid="profile-panel">
            <h3>"Bins with at least i balls: measured against the fluid limit"</h3>
            {move || {
                let (measured, theory) = profile.get();
                let levels = measured.len().max(1);
                let width = CW / levels as f64;
                let y = |f: f64| CH - CH * f.clamp(0.0, 1.0);
                view! {
                    <svg class="pt-bars profile" data-testid="profile-chart" data-levels=levels
                        viewBox=format!("-30 -8 {} {}", CW + 36.0, CH + 28.0) role="img"
                        aria-label="fraction of bins with at least i balls, measured and predicted">
                        {[0.0, 0.5, 1.0].into_iter().map(|f| view! {
                            <line class="range-tick" x1="-4" x2=CW y1=y(f) y2=y(f) />
                            <text class="pt-bar-label" x="-6" y=y(f) + 3.0 text-anchor="end">{short(f, 1)}</text>
                        }).collect_view()}
                        {measured.iter().zip(&theory).enumerate().map(|(i, (&m, &t))| {
                            let x = i as f64 * width;
                            view! {
                                <rect class="pt-bar measured" data-level=i + 1 data-fraction=m x=x + 3.0 width=(width - 6.0).max(1.0) y=y(m) height=CH - y(m) />
                                <circle class="fluid" data-level=i + 1 data-fraction=t cx=x + width / 2.0 cy=y(t) r="4" />
                                <text class="pt-bar-label" x=x + width / 2.0 y=CH + 13.0 text-anchor="middle">{format!("≥{}", i + 1)}</text>
                            }
                        }).collect_view()}
                    </svg>
                    <table class="pt-table" data-testid="profile-table">
                        <thead><tr><th>"load ≥ i"</th><th>"measured"</th><th>"fluid limit"</th></tr></thead>
                        <tbody>{measured.iter().zip(&theory).enumerate().map(|(i, (&m, &t))| view! {
                            <tr><td>{i + 1}</td><td>{percent(m)}</td><td>{percent(t)}</td></tr>
                        }).collect_view()}</tbody>
                    </table>
                }
            }}
            <p class="muted">{move || setup.with(|s| format!(
                "The fluid limit solves dsᵢ/dt = sᵢ₋₁ᵈ − sᵢᵈ at t = balls / bins = {}; with few bins the measured bars wander around it.",
                short(balls.get() as f64 / s.bins.max(1) as f64, 2)))}</p>
            <p class="pt-legend">
                <span><span class="pt-swatch measured"></span>"measured"</span>
                <span><span class="pt-swatch fluid"></span>"fluid limit (Mitzenmacher 2001)"</span>
            </p>
        </div>
    }
}

/// "Run the trials": the maximum load over many seeds for d = 1, 2, 3.
#[component]
fn ExperimentPanel(
    setup: RwSignal<BallsSetup>,
    experiment: SlicedJob<MaxLoadRun>,
) -> impl IntoView {
    let start = move |_| {
        let s = setup.get_untracked();
        experiment.start(MaxLoadRun::new(s.experiment_bins, s.trials, s.seed));
    };
    let running = move || experiment.with(|e| e.as_ref().is_some_and(|r| !r.done()));
    let progress = move || {
        experiment.with(|e| match e {
            None => String::new(),
            Some(r) => {
                let (done, total) = r.progress();
                if r.done() {
                    format!("{total} of {total} trials done")
                } else {
                    format!("{done} of {total} trials…")
                }
            }
        })
    };
    view! {
        <div class="pt-panel" data-testid="experiment-panel">
            <h3>"Maximum load over many seeds"</h3>
            <p class="muted">{move || setup.with(|s| format!(
                "n = {} balls into n bins, {} trials for each of d = 1, 2, 3, each trial under its own seed (as dsviz-lab balls-into-bins seeds them).",
                s.experiment_bins, s.trials))}</p>
            <div class="pt-toolbar">
                <button class="primary" data-testid="run-experiment" disabled=running on:click=start>"Run the trials"</button>
                <progress data-testid="experiment-progress-bar"
                    max=move || experiment.with(|e| e.as_ref().map_or(1, |r| r.progress().1))
                    value=move || experiment.with(|e| e.as_ref().map_or(0, |r| r.progress().0))></progress>
                <span data-testid="experiment-progress">{progress}</span>
            </div>
            {move || experiment.with(Clone::clone).map(|run| view! {
                <table class="pt-table" data-testid="experiment-table" data-done=run.done().to_string()>
                    <thead><tr><th>"d"</th><th>"trials"</th><th>"mean max load"</th><th>"theory"</th><th>"max load: trials"</th></tr></thead>
                    <tbody>
                        {run.results.iter().map(|r| {
                            let theory = if r.choices == 1 { "ln n / ln ln n" } else { "ln ln n / ln d" };
                            view! {
                                <tr data-testid=format!("experiment-d{}", r.choices) data-mean=r.mean_max_load()>
                                    <td>{r.choices}</td>
                                    <td>{r.trials_done}</td>
                                    <td><strong>{short(r.mean_max_load(), 2)}</strong></td>
                                    <td>{format!("{theory} = {}", short(r.theory(run.bins), 2))}</td>
                                    <td><span class="pt-chips">{r.max_loads.iter().map(|(&load, &count)| view! {
                                        <span class="pt-chip">{format!("{load}: {count}")}</span>
                                    }).collect_view()}</span></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                <p class="muted">"The theory gives the leading term only; the gap between d = 1 and d = 2 is the point: a second look cuts the maximum from a slowly growing function of n to a nearly constant one."</p>
            })}
        </div>
    }
}

/// Bins, choices, balls, batch and the experiment besides the seed.
#[component]
fn BallsParamsForm(
    setup: RwSignal<BallsSetup>,
    player: RwSignal<BallsPlayer>,
    experiment: SlicedJob<MaxLoadRun>,
) -> impl IntoView {
    let draft = RwSignal::new(setup.get_untracked());
    let apply = Callback::new(move |()| {
        let mut next = draft.get_untracked();
        next.balls = next.balls.clamp(1, (next.bins * MAX_BALLS_PER_BIN) as u64);
        next.trials = next.trials.clamp(1, max_trials(next.experiment_bins));
        setup.set(next);
        experiment.clear();
        player.set(balls_player(&next, 0));
    });
    let choices = (1..=MAX_CHOICES as usize)
        .map(|d| (d, d.to_string()))
        .collect();
    let sizes = EXPERIMENT_BINS
        .iter()
        .map(|&n| (n, n.to_string()))
        .collect();
    view! {
        <ParamsForm seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed)) apply=apply>
            {count_field(draft, "Bins n", "n-bins", |d| d.bins, |d, v| d.bins = v, 2, |_| MAX_BINS)}
            {choice_field(draft, "Choices d", "choices", choices, |d| d.choices as usize, |d, v| d.choices = v as u32)}
            {count_field(draft, "Balls m", "balls", |d| d.balls as usize, |d, v| d.balls = v as u64, 1, |d| d.bins * MAX_BALLS_PER_BIN)}
            {count_field(draft, "Balls per step", "batch", |d| d.batch as usize, |d, v| d.batch = v as u64, 1, |_| MAX_BATCH as usize)}
            {choice_field(draft, "Experiment bins", "experiment-bins", sizes, |d| d.experiment_bins, |d, v| d.experiment_bins = v)}
            {count_field(draft, "Trials per d", "trials", |d| d.trials as usize, |d, v| d.trials = v as u32, 1, |d| max_trials(d.experiment_bins) as usize)}
        </ParamsForm>
    }
}
