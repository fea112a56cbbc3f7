//! What a protocol tells the simulation page: [`Adapter`].
//!
//! An adapter is a zero-sized `static` that maps one protocol's state onto
//! plain view data. It is generic over its `Node` type, but the page never
//! is: [`super::run::AdaptedRun`] wraps the adapter and a player behind the
//! object-safe [`super::run::SimRun`], so the page's views are compiled once
//! for every protocol.

use super::params::{ParamSpec, ParamValues};
use super::study::StudySpec;
use crate::permalink::CommandCodec;
use crate::player::Playable;
use crate::widgets::view::{Chart, LogRow, Shape};
use dsviz_core::sim::{Node, NodeId, Time, World};
use leptos::prelude::{AnyView, RwSignal, Signal};

/// The page's title, introduction and names.
#[derive(Clone, Copy, Debug)]
pub struct PageMeta {
    /// Route, e.g. `"/raft"`.
    pub path: &'static str,
    /// Heading and the iframe's title, e.g. `"Raft"`.
    pub title: &'static str,
    /// One paragraph under the heading.
    pub lede: &'static str,
    /// What a node is called in the fault panel: `"Server"`, `"Replica"`.
    pub node_noun: &'static str,
    /// A CSS class on the page's section (for protocol-specific styles).
    pub class: &'static str,
    /// How much history the space-time diagram shows (simulated ms).
    pub window_ms: f64,
}

/// A message kind: its CSS modifier (`kind-{kind}`), legend text and shape.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MessageKind {
    pub kind: &'static str,
    pub label: &'static str,
    pub shape: Shape,
}

impl MessageKind {
    pub const fn new(kind: &'static str, label: &'static str, shape: Shape) -> Self {
        Self { kind, label, shape }
    }
}

/// How one node looks on the ring.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NodeLook {
    /// CSS modifier for its colour (`role-{role}`), e.g. `"leader"`.
    pub role: String,
    /// One line under the node, e.g. `"term 3"`.
    pub detail: String,
    /// Fraction of its main timer elapsed (an arc around it), if any.
    pub timer: Option<f64>,
}

/// A button in the fault panel for a running node, turned into a command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NodeAction {
    /// Passed to [`Adapter::command`]; `data-testid` of the button.
    pub id: &'static str,
    pub label: &'static str,
    /// Tooltip.
    pub help: &'static str,
}

/// The line above the picture, e.g. "Leader S2 in term 3".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StatusLine {
    pub text: String,
    /// `data-testid` of the line's span, e.g. `"leader"`.
    pub testid: &'static str,
    /// Its `data-value` (and, for `testid`, a `data-{testid}` attribute) for tests, e.g. `"1"`.
    pub value: String,
}

/// A named, one-click starting point: a permalink with a title and a
/// sentence on why it matters.
#[derive(Clone, Copy, Debug)]
pub struct Scenario {
    /// `?scenario={slug}` opens it; also the menu item's test id suffix.
    pub slug: &'static str,
    pub title: &'static str,
    pub why: &'static str,
    /// Computes the scenario's query string (seed, parameters, scripted
    /// inputs and the step to show), e.g. by running the protocol until
    /// something happens and injecting a fault there.
    pub query: fn() -> String,
}

/// Draws the charts and the study under the picture: the charts at the
/// cursor, the study (if any) and the page's parameters.
pub type ExtraViews =
    fn(Signal<Vec<Chart>>, Option<&'static StudySpec>, RwSignal<ParamValues>) -> AnyView;

/// How a protocol looks on the simulation page. See the module docs of
/// [`super`] for an example.
pub trait Adapter: Send + Sync + 'static {
    type Node: Playable;
    /// How its commands are written in URLs.
    type Codec: CommandCodec<Command = <Self::Node as Node>::Command>;

    fn meta(&self) -> &'static PageMeta;

    /// Its parameters besides the seed; `latency` and `loss` (see
    /// [`super::params::network`]) set the network when listed.
    fn params(&self) -> &'static [ParamSpec];

    /// Checks parameters against each other after each is within its own
    /// bounds, fixing what does not fit; returns a sentence per fix.
    fn reconcile(&self, _values: &mut ParamValues) -> Vec<String> {
        Vec::new()
    }

    /// The nodes at step 0.
    fn nodes(&self, values: &ParamValues) -> Vec<Self::Node>;

    /// The label drawn in node `id` (and its lane's header).
    fn node_label(&self, id: NodeId) -> String {
        format!("S{}", id + 1)
    }

    /// How a running node looks at `cursor` (crashed nodes are drawn by the page).
    fn node_look(&self, world: &World<Self::Node>, id: NodeId, cursor: Time) -> NodeLook;

    /// Every message kind, in legend order.
    fn message_kinds(&self) -> &'static [MessageKind];

    /// The kind of `msg`: one of [`Adapter::message_kinds`].
    fn message_kind(&self, msg: &<Self::Node as Node>::Msg) -> &'static str;

    /// A short label (the message's tooltip).
    fn message_label(&self, msg: &<Self::Node as Node>::Msg) -> String;

    /// Headers of the state table after the node and status columns.
    fn state_headers(&self) -> &'static [&'static str];

    /// Node `id`'s cells under [`Adapter::state_headers`], and its row's role.
    fn state_cells(&self, world: &World<Self::Node>, id: NodeId) -> (String, Vec<String>);

    /// Buttons for a running node.
    fn actions(&self) -> &'static [NodeAction] {
        &[]
    }

    /// The command that action `action` sends to node `node`; `step` is the
    /// current step (for fresh values).
    fn command(
        &self,
        _action: &str,
        _node: NodeId,
        _world: &World<Self::Node>,
        _step: u64,
    ) -> Option<<Self::Node as Node>::Command> {
        None
    }

    /// The status line above the picture.
    fn status(&self, _world: &World<Self::Node>) -> StatusLine {
        StatusLine::default()
    }

    /// Each node's replicated log, for protocols that have one.
    fn logs(&self, _world: &World<Self::Node>) -> Option<Vec<LogRow>> {
        None
    }

    /// Charts under the picture at `cursor`, e.g. a detector's level over
    /// time against its threshold (none by default).
    fn charts(&self, _world: &World<Self::Node>, _cursor: Time) -> Vec<Chart> {
        Vec::new()
    }

    /// A study over many seeds the page can run in slices (none by default).
    fn study(&self) -> Option<&'static StudySpec> {
        None
    }

    /// How the page draws [`Adapter::charts`] and [`Adapter::study`]:
    /// `Some(`[`super::charts_and_study`]`)` for a protocol that has either.
    /// Left `None`, the chart and study views are not even linked into a
    /// family's binary, which keeps first visits small.
    fn extra_views(&self) -> Option<ExtraViews> {
        None
    }

    /// The scenario menu.
    fn scenarios(&self) -> &'static [Scenario] {
        &[]
    }
}
