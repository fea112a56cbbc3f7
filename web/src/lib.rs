//! dsviz-web: the browser front end of dsviz.
mod app;
pub mod permalink;
pub mod player;
pub mod viz;
pub mod widgets;
pub use app::{App, Route, Site, routes};
