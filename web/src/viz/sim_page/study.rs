//! A study a protocol page can run over many seeds, a slice at a time, so
//! the page stays responsive: [`StudySpec`] names it and starts it from the
//! page's parameters; the panel runs [`Study::run_slice`] as a
//! [`SlicedJob`] until it is done and draws its [`Chart`] as it fills.

use super::params::ParamValues;
use crate::player::SlicedJob;
use crate::widgets::LineChart;
use crate::widgets::view::Chart;
use leptos::prelude::*;

/// A running study.
pub trait Study: Send + Sync {
    /// Does one bounded piece of work (a few runs).
    fn run_slice(&mut self);
    /// Units of work done and in all.
    fn progress(&self) -> (usize, usize);
    /// What it has found so far.
    fn chart(&self) -> Chart;

    fn done(&self) -> bool {
        let (done, total) = self.progress();
        done >= total
    }
}

/// How an adapter offers a study (see `Adapter::study`).
#[derive(Clone, Copy)]
pub struct StudySpec {
    pub title: &'static str,
    /// What it runs, in one sentence.
    pub explain: &'static str,
    /// The start button's text.
    pub button: &'static str,
    pub start: fn(&ParamValues) -> Box<dyn Study>,
}

/// One slice of a study: a few runs, then whether it is done.
fn study_slice(study: &mut Box<dyn Study>) -> bool {
    study.run_slice();
    study.done()
}

/// The adapter's charts in a grid, then its study: what
/// [`Adapter::extra_views`](super::Adapter::extra_views) returns for a
/// protocol with either.
pub fn charts_and_study(
    charts: Signal<Vec<Chart>>,
    study: Option<&'static StudySpec>,
    values: RwSignal<ParamValues>,
) -> AnyView {
    let count = Memo::new(move |_| charts.with(Vec::len));
    view! {
        <Show when=move || { count.get() > 0 }>
            <div class="viz-charts" data-testid="charts">
                <For each=move || 0..count.get() key=|i| *i let(i)>
                    <LineChart chart=Signal::derive(move || charts.with(|c| c.get(i).cloned().unwrap_or_default())) />
                </For>
            </div>
        </Show>
        {study.map(|spec| view! { <StudyPanel spec=spec values=values /> })}
    }
    .into_any()
}

/// The study's panel: its sentence, a start button, progress, the chart.
#[component]
pub fn StudyPanel(spec: &'static StudySpec, values: RwSignal<ParamValues>) -> impl IntoView {
    let study = SlicedJob::new(study_slice);
    let start = move |_| study.start((spec.start)(&values.get_untracked()));
    let progress = Memo::new(move |_| study.with(|s| s.as_ref().map(|s| s.progress())));
    let running = move || progress.get().is_some_and(|(done, total)| done < total);
    let chart = Memo::new(move |_| study.with(|s| s.as_ref().map(|s| s.chart())));
    view! {
        <section class="study-panel" data-testid="study">
            <h3>{spec.title}</h3>
            <p class="muted">{spec.explain}</p>
            <div class="study-actions">
                <button class="primary" data-testid="run-study" disabled=running on:click=start>{spec.button}</button>
                <progress data-testid="study-progress-bar"
                    max=move || progress.get().map_or(1, |p| p.1)
                    value=move || progress.get().map_or(0, |p| p.0)></progress>
                <span data-testid="study-progress" data-done=move || (!running() && progress.get().is_some()).to_string()>
                    {move || match progress.get() {
                        None => String::new(),
                        Some((done, total)) if done >= total => format!("{total} of {total} done"),
                        Some((done, total)) => format!("{done} of {total}…"),
                    }}
                </span>
            </div>
            <Show when=move || chart.with(Option::is_some)>
                <LineChart chart=Signal::derive(move || chart.get().unwrap_or_default()) />
            </Show>
        </section>
    }
}
