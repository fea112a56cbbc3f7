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
    // Integer arithmetic on hundredths: many thousands of coordinates are written per frame, and
    // float formatting (shortest round-trip digits) is several times slower.
    if !v.is_finite() {
        return "0".to_string();
    }
    let hundredths = (v * 100.0).round() as i64;
    let magnitude = hundredths.unsigned_abs();
    let (whole, frac) = (magnitude / 100, magnitude % 100);
    let mut out = String::with_capacity(10);
    if hundredths < 0 {
        out.push('-');
    }
    out.push_str(&whole.to_string());
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + (frac / 10) as u8));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + (frac % 10) as u8));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fmt;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn coordinates_have_at_most_two_decimals_and_no_negative_zero() {
        let cases = [
            (342.66, "342.66"),
            (342.664, "342.66"),
            (0.5, "0.5"),
            (12.0, "12"),
            (-3.5, "-3.5"),
            (-0.004, "0"),
            (-0.0, "0"),
            (0.07, "0.07"),
            (-12.305, "-12.31"),
            (f64::NAN, "0"),
        ];
        for (value, expected) in cases {
            assert_eq!(fmt(value), expected, "fmt({value})");
        }
        // The same text as the shortest float formatting of the rounded value.
        for i in -5000..5000 {
            let v = f64::from(i) * 0.173;
            let r = (v * 100.0).round() / 100.0;
            let float = if r == 0.0 {
                "0".to_string()
            } else {
                format!("{r}")
            };
            assert_eq!(fmt(v), float, "fmt({v})");
        }
    }
}
