//! dsviz-web: the browser front end of dsviz.
mod app;
pub mod permalink;
pub mod player;
pub mod viz;
pub use app::App;
