//! Shared widgets for every visualization page.
//!
//! Each widget is a Leptos component that takes plain view data ([`view`]) in reactive
//! `Signal`s, draws SVG or HTML, and carries stable `data-testid` attributes on every view and
//! control. Colours come from CSS classes (`role-*`, `kind-*`, `tone-*`, `term-*`) defined in the
//! "Widgets" section of `assets/app.css`, for the light and the dark theme.
//!
//! - [`NodeRing`]: nodes on a circle with messages flying between them.
//! - [`SpaceTimeDiagram`]: one lane per node, time flowing down, an arrow per message.
//! - [`StateTable`]: headers and rows of per-node state.
//! - [`InvariantPanel`]: each checked property with ✔ or ✗ and a "go to step" button.
//! - [`LogGrid`]: one row of term-coloured entries per node, the commit index marked.
//! - [`Legend`]: the message kinds with their shape and colour.
//! - [`LineChart`]: a few series over time with thresholds and event markers.
mod invariant_panel;
mod legend;
mod line_chart;
mod log_grid;
mod markup;
mod node_ring;
mod shape;
mod space_time;
mod state_table;
pub mod view;

pub use invariant_panel::InvariantPanel;
pub use legend::Legend;
pub use line_chart::LineChart;
pub use log_grid::LogGrid;
pub use node_ring::NodeRing;
pub use space_time::SpaceTimeDiagram;
pub use state_table::StateTable;
pub use view::*;
