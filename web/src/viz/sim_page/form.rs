//! The parameters form, generated from the adapter's schema, and the
//! scenario menu.

use super::params::{ParamKind, ParamSpec, ParamValue, ParamValues};
use super::run::{Protocol, SimRun};
use crate::viz::chrome::ParamsForm;
use leptos::prelude::*;

/// Seed and every parameter (the shared parameters form); "Start new run"
/// (or a new random seed) replaces the run.
#[component]
pub fn SimParamsForm(
    protocol: &'static dyn Protocol,
    values: RwSignal<ParamValues>,
    run: RwSignal<Box<dyn SimRun>>,
    problems: RwSignal<Vec<String>>,
) -> impl IntoView {
    let draft = RwSignal::new(values.get_untracked());
    let apply = Callback::new(move |()| {
        let mut next = draft.get_untracked();
        let fixes = protocol.reconcile(&mut next);
        if !fixes.is_empty() {
            problems.update(|list| list.extend(fixes));
            draft.set(next.clone());
        }
        let (fresh, _) = protocol.start(&next, "", 0);
        values.set(next);
        run.set(fresh);
    });
    let fields = protocol
        .params()
        .iter()
        .map(|spec| field(*spec, draft, problems))
        .collect_view();
    view! {
        <ParamsForm
            seed=Signal::derive(move || draft.with(|d| d.seed))
            on_seed=Callback::new(move |seed| draft.update(|d| d.seed = seed))
            apply=apply
        >
            {fields}
        </ParamsForm>
    }
}

/// One form field for `spec`.
fn field(
    spec: ParamSpec,
    draft: RwSignal<ParamValues>,
    problems: RwSignal<Vec<String>>,
) -> AnyView {
    let key = spec.key;
    let set = move |value: ParamValue| {
        if !draft.try_update(|d| d.set(key, value)).unwrap_or(false) {
            let text = ParamSpec::format(value);
            problems.update(|list| {
                list.push(format!(
                    "'{}' = {text} is not {}; kept the previous value",
                    spec.label, spec.expect
                ))
            });
        }
    };
    let parse = |text: String| text.trim().parse::<f64>().ok();
    match spec.kind {
        ParamKind::Count { min, max } => view! {
            <label>
                {spec.label}
                <select data-testid=key on:change=move |ev| {
                    if let Some(n) = parse(event_target_value(&ev)) {
                        set(ParamValue::Number(n));
                    }
                }>
                    {(min..=max).map(|n| view! {
                        <option value=n selected=move || draft.with(|d| d.count(key, 0) == n as usize)>{n}</option>
                    }).collect_view()}
                </select>
            </label>
        }
        .into_any(),
        ParamKind::Number { .. } => view! {
            <label>
                {spec.label}
                <input type="number" step="any" data-testid=key
                    prop:value=move || draft.with(|d| d.number(key, 0.0).to_string())
                    on:change=move |ev| match parse(event_target_value(&ev)) {
                        Some(v) => set(ParamValue::Number(v)),
                        None => set(ParamValue::Number(f64::NAN)),
                    }
                />
            </label>
        }
        .into_any(),
        ParamKind::Range { .. } => {
            let end = move |high: bool| {
                let testid = format!("{key}-{}", if high { "max" } else { "min" });
                view! {
                    <label>
                        {format!("{} {}", spec.label, if high { "max" } else { "min" })}
                        <input type="number" step="any" data-testid=testid
                            prop:value=move || draft.with(|d| {
                                let (low, top) = d.range(key, (0.0, 0.0));
                                if high { top } else { low }.to_string()
                            })
                            on:change=move |ev| {
                                let v = parse(event_target_value(&ev)).unwrap_or(f64::NAN);
                                let (low, top) = draft.with_untracked(|d| d.range(key, (0.0, 0.0)));
                                // Moving one end past the other moves both.
                                let value = if high {
                                    ParamValue::Range(low.min(v), v)
                                } else {
                                    ParamValue::Range(v, top.max(v))
                                };
                                set(value);
                            }
                        />
                    </label>
                }
            };
            view! { {end(false)} {end(true)} }.into_any()
        }
    }
}

/// The protocol's named scenarios, each a permalink (`?scenario=slug`).
#[component]
pub fn ScenarioMenu(protocol: &'static dyn Protocol) -> impl IntoView {
    let scenarios = protocol.scenarios();
    let path = protocol.meta().path;
    (!scenarios.is_empty()).then(|| {
        view! {
            <nav class="scenario-menu" data-testid="scenario-menu" aria-label="Scenarios">
                <h3>"Scenarios"</h3>
                <ul>
                    {scenarios.iter().map(|s| view! {
                        <li>
                            <a href=format!("{path}?scenario={}", s.slug) data-testid=format!("scenario-{}", s.slug)>
                                <strong>{s.title}</strong>
                            </a>
                            <span>{s.why}</span>
                        </li>
                    }).collect_view()}
                </ul>
            </nav>
        }
    })
}
