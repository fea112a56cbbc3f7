//! The store under each scheme: the counters side by side, and one column
//! per scheme with every server's siblings, their clocks, how each pair
//! compares, the updates the server lost, and each client's context.

use super::text::{
    client_name, clock_text, relation_symbol, relation_word, scheme_key, server_name, vector_text,
    write_name,
};
use dsviz_core::clocks::store::{Scheme, Store};
use leptos::prelude::*;

/// Lost updates, false siblings, versions kept and the largest clock, per scheme.
#[component]
pub fn SchemeSummary(store: Memo<Store>) -> impl IntoView {
    view! {
        <div class="vv-summary-scroll">
        <table class="vv-summary" data-testid="summary">
            <thead>
                <tr>
                    <th>"Scheme"</th>
                    <th>"Versions kept"</th>
                    <th>"Lost updates"</th>
                    <th>"False siblings"</th>
                    <th>"Largest clock"</th>
                </tr>
            </thead>
            <tbody>
                {Scheme::ALL.into_iter().map(|scheme| {
                    let key = scheme_key(scheme);
                    let counts = Memo::new(move |_| store.with(|s| {
                        let run = s.scheme(scheme);
                        let kept: usize = (0..s.servers()).map(|r| run.versions(r).len()).sum();
                        (kept, run.lost_updates().len(), run.false_siblings().len(), run.largest_clock())
                    }));
                    let numbers = move || counts.get();
                    view! {
                        <tr class:lossy={move || numbers().1 > 0}>
                            <th>{scheme.label()}</th>
                            <td data-testid=format!("kept-{key}")>{move || numbers().0}</td>
                            <td data-testid=format!("lost-{key}")>{move || numbers().1}</td>
                            <td data-testid=format!("false-{key}")>{move || numbers().2}</td>
                            <td data-testid=format!("clock-{key}")>{move || {
                                let n = numbers().3;
                                format!("{n} {}", if n == 1 { "entry" } else { "entries" })
                            }}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}

/// One scheme's servers and clients.
#[component]
pub fn SchemeColumn(
    store: Memo<Store>,
    scheme: Scheme,
    /// The write the last operation made, to mark it.
    fresh: Signal<Option<usize>>,
) -> impl IntoView {
    let key = scheme_key(scheme);
    view! {
        <section class="vv-scheme" data-testid=format!("scheme-{key}")>
            <h3>{scheme.label()}</h3>
            {move || store.with(|s| {
                (0..s.servers()).map(|server| server_card(s, scheme, server, fresh.get())).collect_view()
            })}
            <p class="vv-contexts" data-testid=format!("contexts-{key}")>
                "Client contexts: "
                {move || store.with(|s| {
                    (0..s.clients())
                        .map(|c| format!("{} {}", client_name(c), vector_text(scheme, s.scheme(scheme).context(c))))
                        .collect::<Vec<_>>()
                        .join(" · ")
                })}
            </p>
        </section>
    }
}

fn server_card(store: &Store, scheme: Scheme, server: usize, fresh: Option<usize>) -> AnyView {
    let key = scheme_key(scheme);
    let run = store.scheme(scheme);
    let versions = run.versions(server);
    let report = run.report(server);
    let pairs: Vec<(usize, usize, &'static str, &'static str)> = versions
        .iter()
        .enumerate()
        .flat_map(|(i, a)| {
            versions[i + 1..].iter().map(move |b| {
                let c = a.clock.compare(&b.clock);
                (a.write, b.write, relation_symbol(c), relation_word(c))
            })
        })
        .collect();
    let count = versions.len();
    view! {
        <div class="vv-server" data-testid=format!("server-{key}-{server}") data-siblings=count data-lost=report.lost.len()>
            <h4>
                {format!("Server {}", server_name(server))}
                <span class="muted">{format!(" · {count} {}", if count == 1 { "version" } else { "siblings" })}</span>
            </h4>
            <ul class="vv-versions">
                {versions.iter().map(|v| {
                    let falsely = report.false_siblings.contains(&v.write);
                    let info = store.writes()[v.write];
                    let class = format!(
                        "vv-version{}{}",
                        if falsely { " false-sibling" } else { "" },
                        if fresh == Some(v.write) { " fresh" } else { "" }
                    );
                    view! {
                        <li class=class data-testid=format!("version-{key}-{server}-{}", v.write)>
                            <b>{write_name(v.write)}</b>
                            <span class="muted">{format!(" by {} at {}", client_name(info.client), server_name(info.server))}</span>
                            <code>{clock_text(scheme, &v.clock)}</code>
                            {falsely.then(|| view! { <span class="vv-flag">"superseded"</span> })}
                        </li>
                    }
                }).collect_view()}
                {report.lost.iter().map(|&w| view! {
                    <li class="vv-version lost" data-testid=format!("lost-{key}-{server}-{w}")>
                        <b>{write_name(w)}</b>
                        <span class="vv-flag">"lost update"</span>
                    </li>
                }).collect_view()}
            </ul>
            {(!pairs.is_empty()).then(|| view! {
                <p class="vv-pairs">
                    {pairs.into_iter().map(|(a, b, symbol, word)| view! {
                        <span class="vv-pair" data-testid=format!("pair-{key}-{server}-{a}-{b}") data-relation=word>
                            {format!("{} {symbol} {}", write_name(a), write_name(b))}
                        </span>
                    }).collect_view()}
                </p>
            })}
        </div>
    }
    .into_any()
}
