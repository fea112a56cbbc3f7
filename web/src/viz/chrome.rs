//! The parts every visualization page shares around its picture: the
//! title and introduction, the banner naming URL values that could not be used, the URL kept in step
//! with the run, "Copy link" / "Copy embed code", and a fresh seed from the
//! browser's entropy.

use crate::player::Transport;
use leptos::prelude::*;

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
