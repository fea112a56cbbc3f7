//! The simulation page: one page for every message-passing protocol.
//!
//! The page owns everything a protocol shares with the others: the player
//! and its keyboard, the ring with messages in flight, the space-time
//! diagram, the state table, the invariant panel, the fault panel (crash,
//! restart, isolate, partition groups, link cuts, drop / duplicate / delay a
//! clicked message, loss and latency), the parameters form and the URL that
//! are both generated from a schema, the scenario menu, Copy link, Copy
//! embed code, embed mode and themes. A protocol brings an [`Adapter`]: a
//! zero-sized `static` saying how its state looks.
//!
//! The page is compiled once: it holds the run as `Box<dyn SimRun>` and the
//! protocol as `&'static dyn Protocol`, so a new protocol adds its core
//! state machine and the small [`AdaptedRun`] glue to the wasm, not another
//! copy of the page.
//!
//! # Adding a protocol
//!
//! 1. Implement `dsviz_core::sim::Node` for it in `core/`, with its
//!    invariants (the real work).
//! 2. Write `web/src/viz/<name>/adapter.rs`:
//!
//! ```ignore
//! pub struct PingAdapter;
//! pub static PING: PingAdapter = PingAdapter;
//!
//! impl Adapter for PingAdapter {
//!     type Node = PingNode;
//!     type Codec = PingCommands; // CommandCodec: how commands read in URLs
//!     fn meta(&self) -> &'static PageMeta { &META } // path, title, lede, window
//!     fn params(&self) -> &'static [ParamSpec] {
//!         const P: &[ParamSpec] = &[network::latency((5.0, 15.0)), network::LOSS];
//!         P
//!     }
//!     fn nodes(&self, v: &ParamValues) -> Vec<PingNode> { vec![PingNode::default(); 3] }
//!     fn node_look(&self, w: &World<PingNode>, id: NodeId, _: Time) -> NodeLook {
//!         NodeLook { role: "idle".into(), detail: format!("{} pongs", w.node(id).pongs), timer: None }
//!     }
//!     fn message_kinds(&self) -> &'static [MessageKind] { KINDS }
//!     fn message_kind(&self, m: &Msg) -> &'static str { match m { Msg::Ping => "ping", Msg::Pong => "pong" } }
//!     fn message_label(&self, m: &Msg) -> String { format!("{m:?}") }
//!     fn state_headers(&self) -> &'static [&'static str] { &["pongs"] }
//!     fn state_cells(&self, w: &World<PingNode>, id: NodeId) -> (String, Vec<String>) {
//!         ("idle".into(), vec![w.node(id).pongs.to_string()])
//!     }
//! }
//! ```
//!
//! 3. Route it in `app.rs`: `"/ping" => view! { <SimPage protocol=&PING search embed /> }`,
//!    and add a catalogue entry. Optional: [`Adapter::actions`] (buttons on a
//!    clicked node), [`Adapter::status`], [`Adapter::logs`] (a log grid),
//!    [`Adapter::reconcile`] (checks across parameters) and
//!    [`Adapter::scenarios`] (the menu; [`scripted`] builds their links).

mod adapter;
mod faults;
mod form;
mod page;
mod params;
mod replay;
mod run;
mod study;

pub use adapter::{
    Adapter, ExtraViews, MessageKind, NodeAction, NodeLook, PageMeta, Scenario, StatusLine,
};
pub use faults::partition_groups;
pub use page::SimPage;
pub use params::{
    ParamKind, ParamSpec, ParamValue, ParamValues, leader_timing, ms_to_time, network,
};
pub use replay::{replay, scenario_base};
pub use run::{
    AdaptedRun, MAX_ARROWS, MAX_LINKED_STEP, NodeTime, Opened, Protocol, SimRun, SpaceTime,
    network_of, open, scripted,
};
pub use study::{Study, StudyPanel, StudySpec, charts_and_study};
