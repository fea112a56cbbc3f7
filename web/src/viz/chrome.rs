//! The parts every visualization page shares around its picture: the
//! title and introduction, the banner naming URL values that could not be
//! used, the URL kept in step with the run, "Copy link" / "Copy embed
//! code", the parameters form with its seed field, and a fresh seed from the
//! browser's entropy. [`VizPage`] puts them together for the pages driven by
//! one player, set up by [`page_kit`].

use crate::player::Transport;
use crate::player::controls::{KeyHelp, bind_keys, drive};
use leptos::prelude::*;

/// What [`page_kit`] gives a page: the keyboard-help switch and the page's
/// permalink (path and query) for the share buttons.
#[derive(Clone, Copy)]
pub struct PageKit {
    pub help: RwSignal<bool>,
    pub link: Callback<(), String>,
}

/// Sets up what every page does around its player: playback driven by the
/// animation clock, the keyboard bound, and the address bar kept equal to
/// `permalink()` while paused.
pub fn page_kit<T: Transport>(
    player: RwSignal<T>,
    embed: bool,
    permalink: impl Fn() -> String + Send + Sync + 'static,
) -> PageKit {
    let help = RwSignal::new(false);
    drive(player);
    bind_keys(player, help);
    let link = Callback::new(move |()| permalink());
    keep_url_in_step(player, embed, move || link.run(()));
    PageKit { help, link }
}

/// A page's frame: the URL-problems banner, the title and introduction,
/// the page's own content, then — unless embedded — its parameters form,
/// and the share buttons and keyboard help.
#[component]
pub fn VizPage(
    /// The section's classes, e.g. `viz bloom`.
    #[prop(into)]
    class: String,
    #[prop(into)] testid: String,
    embed: bool,
    title: &'static str,
    lede: &'static str,
    problems: RwSignal<Vec<String>>,
    kit: PageKit,
    /// The parameters form (left out when embedded).
    #[prop(into)]
    params: ViewFn,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=class class:embed=embed data-testid=testid>
            <UrlProblems problems=problems />
            <VizHeader embed=embed title=title lede=lede />
            {children()}
            {(!embed).then(|| params.run())}
            <ShareButtons link=kit.link title=title />
            <KeyHelp open=kit.help />
        </section>
    }
}

/// The parameters form: a heading, the seed with "New random seed", the
/// page's own fields, and "Start new run". Submitting calls `apply`; a new
/// random seed goes through `on_seed` and is applied at once.
#[component]
pub fn ParamsForm(
    #[prop(into)] seed: Signal<u64>,
    on_seed: Callback<u64>,
    apply: Callback<()>,
    children: Children,
) -> impl IntoView {
    view! {
        <form class="params" data-testid="params" on:submit=move |ev| {
            ev.prevent_default();
            apply.run(());
        }>
            <h3>"Parameters"</h3>
            <SeedField seed=seed on_change=on_seed on_random=Callback::new(move |()| {
                on_seed.run(browser_random_seed());
                apply.run(());
            }) />
            {children()}
            <button type="submit" class="primary" data-testid="apply-params">"Start new run"</button>
        </form>
    }
}

/// The seed field and its "New random seed" button, the same on every page.
#[component]
pub fn SeedField(
    #[prop(into)] seed: Signal<u64>,
    on_change: Callback<u64>,
    on_random: Callback<()>,
) -> impl IntoView {
    view! {
        <label>
            "Seed"
            <input type="number" data-testid="seed" min="0" prop:value=move || seed.get().to_string()
                on:change=move |ev| {
                    if let Ok(seed) = event_target_value(&ev).trim().parse() {
                        on_change.run(seed);
                    }
                }
            />
        </label>
        <button type="button" data-testid="random-seed" on:click=move |_| on_random.run(())>
            "New random seed"
        </button>
    }
}

/// The page's title and one-paragraph introduction; hidden when embedded.
#[component]
pub fn VizHeader(embed: bool, title: &'static str, lede: &'static str) -> impl IntoView {
    (!embed).then(|| {
        view! {
            <header class="viz-header">
                <h2>{title}</h2>
                <p class="lede">{lede}</p>
            </header>
        }
    })
}

/// A dismissible banner listing each URL value that was replaced by its
/// default. Hidden when there is nothing to say.
#[component]
pub fn UrlProblems(problems: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !problems.with(Vec::is_empty)>
            <div class="url-problems" role="alert" data-testid="url-problems">
                <p>"Some values in this link could not be used:"</p>
                <ul>{move || problems.get().into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                <button data-testid="dismiss-problems" on:click=move |_| problems.set(Vec::new())>"Dismiss"</button>
            </div>
        </Show>
    }
}

/// Keeps the address bar equal to the run's permalink whenever playback is
/// paused: `link()` returns the path and query (`/bloom?seed=…`).
pub fn keep_url_in_step<T: Transport>(
    player: RwSignal<T>,
    embed: bool,
    link: impl Fn() -> String + Send + Sync + 'static,
) {
    Effect::new(move |_| {
        let (playing, _step) = player.with(|p| (p.is_playing(), p.step_index()));
        if playing {
            return;
        }
        let mut url = link();
        if embed {
            url.push_str(if url.contains('?') {
                "&embed=1"
            } else {
                "?embed=1"
            });
        }
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
}

/// "Copy link" and "Copy embed code" for the scenario that `link()`
/// describes (path and query). `title` names the page in the iframe.
#[component]
pub fn ShareButtons(
    link: Callback<(), String>,
    title: &'static str,
    #[prop(default = 560)] embed_height: u32,
) -> impl IntoView {
    let copied = RwSignal::new(String::new());
    let absolute = move || {
        let origin = window().location().origin().unwrap_or_default();
        format!("{origin}{}", link.run(()))
    };
    let copy = move |text: String, what: &'static str| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
        copied.set(format!("{what} copied"));
    };
    view! {
        <div class="share" data-testid="share">
            <button data-testid="copy-link" on:click=move |_| copy(absolute(), "Link")>"Copy link"</button>
            <button data-testid="copy-embed" on:click=move |_| {
                let url = absolute();
                let separator = if url.contains('?') { '&' } else { '?' };
                let code = format!(
                    "<iframe src=\"{url}{separator}embed=1\" width=\"100%\" height=\"{embed_height}\" style=\"border:0\" title=\"{title} — dsviz\"></iframe>",
                );
                copy(code, "Embed code")
            }>"Copy embed code"</button>
            <output data-testid="copied">{move || copied.get()}</output>
        </div>
    }
}

/// A seed from the browser's cryptographic random source (below 10⁹, so
/// it stays short in a URL).
pub fn browser_random_seed() -> u64 {
    let mut bytes = [0u8; 8];
    let filled = window()
        .crypto()
        .ok()
        .and_then(|c| c.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        let now = window().performance().map_or(0.0, |p| p.now());
        return now.to_bits() % 1_000_000_000;
    }
    u64::from_le_bytes(bytes) % 1_000_000_000
}
