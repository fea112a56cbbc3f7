//! dsviz-web: the browser front end of dsviz.
mod app;
pub use app::App;
