//! Markup written as one string, for views that redraw wholesale each frame (a chart, a table):
//! one `inner_html` binding is far less code in the wasm than a tree of reactive nodes.

/// Escapes text for HTML and SVG markup, in element content and in quoted attributes.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
