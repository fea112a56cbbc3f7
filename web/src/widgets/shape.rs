//! The SVG outline of a [`Shape`], centred on the origin, shared by the widgets that draw
//! message kinds.
use leptos::prelude::*;

use super::view::Shape;

/// The outline of `shape` with "radius" `s`, centred on (0, 0); filled with `currentColor` by
/// the `.shape` CSS rule.
pub(crate) fn shape_view(shape: Shape, s: f64) -> AnyView {
    match shape {
        Shape::Circle => view! { <circle class="shape" r=fmt(s) /> }.into_any(),
        Shape::Square => {
            let a = s * 0.88;
            view! {
                <rect class="shape" x=fmt(-a) y=fmt(-a) width=fmt(2.0 * a) height=fmt(2.0 * a) />
            }
            .into_any()
        }
        Shape::Diamond => {
            let a = s * 1.2;
            let points = format!("0,{} {},0 0,{} {},0", fmt(-a), fmt(a), fmt(a), fmt(-a));
            view! { <polygon class="shape" points=points /> }.into_any()
        }
        Shape::Triangle => {
            let a = s * 1.25;
            let points = format!(
                "0,{} {},{} {},{}",
                fmt(-a),
                fmt(a * 0.9),
                fmt(a * 0.65),
                fmt(-a * 0.9),
                fmt(a * 0.65)
            );
            view! { <polygon class="shape" points=points /> }.into_any()
        }
    }
}

/// A coordinate with two decimals at most: short attribute strings, no `-0`.
pub(crate) fn fmt(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == 0.0 {
        "0".to_string()
    } else {
        format!("{r}")
    }
}
