//! The player's control bar, shared by every visualization: play/pause,
//! step, back, reset, speed, the scrubber, and the animation loop that drives
//! playback. Keyboard: Space play/pause, → step, ← back, Home reset, `?` help.

use super::Transport;
use leptos::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Starts the animation loop: while playing, every animation frame advances
/// the player by the real time elapsed. Playback pauses when the tab is
/// hidden. Stops when the owner is cleaned up.
pub fn drive<T: Transport>(player: RwSignal<T>) {
    let alive = Arc::new(AtomicBool::new(true));
    on_cleanup({
        let alive = alive.clone();
        move || alive.store(false, Ordering::Relaxed)
    });
    fn frame<T: Transport>(player: RwSignal<T>, last_ms: f64, alive: Arc<AtomicBool>) {
        request_animation_frame(move || {
            if !alive.load(Ordering::Relaxed) {
                return;
            }
            let now_ms = window().performance().map_or(0.0, |p| p.now());
            if player.with_untracked(|p| p.is_playing()) {
                // A long pause (a background tab, a debugger) must not jump.
                let elapsed = (now_ms - last_ms).clamp(0.0, 100.0);
                player.update(|p| {
                    p.tick(elapsed);
                });
            }
            frame(player, now_ms, alive);
        });
    }
    let start = window().performance().map_or(0.0, |p| p.now());
    frame(player, start, alive);
    let handle = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if document().hidden() {
            player.update(|p| p.set_playing(false));
        }
    });
    on_cleanup(move || handle.remove());
}

/// Play/pause, step, back, speed and the scrubber.
#[component]
pub fn PlayerControls<T: Transport>(player: RwSignal<T>) -> impl IntoView {
    let playing = Memo::new(move |_| player.with(|p| p.is_playing()));
    let step = Memo::new(move |_| player.with(|p| p.step_index()));
    let horizon = Memo::new(move |_| player.with(|p| p.horizon()));
    let speed = Memo::new(move |_| player.with(|p| p.speed_log10()));
    let position = Memo::new(move |_| player.with(|p| p.position_label()));
    view! {
        <div class="player-controls" data-testid="player-controls">
            <button
                data-testid="reset"
                title="Back to the start (Home)"
                on:click=move |_| player.update(|p| {
                    p.set_playing(false);
                    p.seek(0);
                })
            >
                "Reset"
            </button>
            <button data-testid="back" title="Step back (←)" on:click=move |_| player.update(|p| p.step_back())>
                "◀ Back"
            </button>
            <button
                data-testid="play"
                title="Play / pause (Space)"
                on:click=move |_| player.update(|p| p.set_playing(!p.is_playing()))
            >
                {move || if playing.get() { "Pause" } else { "▶ Play" }}
            </button>
            <button
                data-testid="step"
                title="Step (→)"
                on:click=move |_| player.update(|p| {
                    p.set_playing(false);
                    p.step_forward();
                })
            >
                "Step ▶"
            </button>
            <label class="speed">
                "Speed "
                <input
                    type="range"
                    data-testid="speed"
                    min="-2"
                    max="2"
                    step="0.25"
                    prop:value=move || speed.get().to_string()
                    on:input=move |ev| {
                        let value = event_target_value(&ev).parse().unwrap_or(0.0);
                        player.update(|p| p.set_speed_log10(value));
                    }
                />
                <span data-testid="speed-label">{move || format_speed(speed.get())}</span>
            </label>
            <input
                type="range"
                class="scrubber"
                data-testid="scrubber"
                min="0"
                prop:max=move || horizon.get().to_string()
                prop:value=move || step.get().to_string()
                on:input=move |ev| {
                    if let Ok(target) = event_target_value(&ev).parse::<u64>() {
                        player.update(|p| {
                            p.set_playing(false);
                            p.seek(target);
                        });
                    }
                }
            />
            <span class="position" data-testid="position">
                "step " <span data-testid="step-index">{move || step.get()}</span> " · "
                <span data-testid="position-label">{move || position.get()}</span>
            </span>
        </div>
    }
}

fn format_speed(log10: f64) -> String {
    let speed = 10f64.powf(log10);
    if speed >= 1.0 {
        format!("{speed:.0}×")
    } else {
        format!("1/{:.0}×", 1.0 / speed)
    }
}

/// Space, arrows and `?`, for any player. `help` toggles the key overlay.
pub fn bind_keys<T: Transport>(player: RwSignal<T>, help: RwSignal<bool>) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlInputElement>(t).ok())
            .is_some_and(|input| input.type_() != "range");
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        match ev.key().as_str() {
            " " => {
                ev.prevent_default();
                player.update(|p| p.set_playing(!p.is_playing()));
            }
            "ArrowRight" => {
                ev.prevent_default();
                player.update(|p| {
                    p.set_playing(false);
                    p.step_forward();
                });
            }
            "ArrowLeft" => {
                ev.prevent_default();
                player.update(|p| p.step_back());
            }
            "Home" => {
                ev.prevent_default();
                player.update(|p| {
                    p.set_playing(false);
                    p.seek(0);
                });
            }
            "?" => help.update(|h| *h = !*h),
            "Escape" => help.set(false),
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
}

/// The overlay listing every key.
#[component]
pub fn KeyHelp(open: RwSignal<bool>) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <div class="key-help" data-testid="key-help" role="dialog" aria-label="Keyboard shortcuts">
                <h2>"Keyboard"</h2>
                <dl>
                    <dt>"Space"</dt><dd>"play / pause"</dd>
                    <dt>"→"</dt><dd>"one step forward"</dd>
                    <dt>"←"</dt><dd>"one step back"</dd>
                    <dt>"Home"</dt><dd>"back to the start"</dd>
                    <dt>"?"</dt><dd>"show / hide this help"</dd>
                    <dt>"Esc"</dt><dd>"close"</dd>
                </dl>
                <button data-testid="key-help-close" on:click=move |_| open.set(false)>"Close"</button>
            </div>
        </Show>
    }
}
