//! Plain view data for the widgets.
//!
//! Every widget takes these structs (inside reactive `Signal`s), never protocol types from
//! `dsviz-core`: a visualization page maps its family's state onto them once per frame, and the
//! widgets only draw. Everything here is `Clone + PartialEq`, so pages can wrap their mapping in a
//! `Memo` and the widgets re-render only what changed.
//!
//! Colours are never chosen here: `kind` and `role` strings become CSS classes (`kind-{kind}`,
//! `role-{role}`) styled in `assets/app.css`, which also gives any kind it does not know a
//! stable colour from a small colour-blind-friendly palette (see [`tone_of`]).

/// The outline drawn for a message kind, in the node ring, the space-time diagram and the legend.
///
/// Shapes make kinds distinguishable without colour; the page picks one per kind and uses the
/// same one in its [`LegendItem`]s.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Shape {
    /// A filled circle.
    #[default]
    Circle,
    /// A filled square.
    Square,
    /// A square on its corner.
    Diamond,
    /// A triangle pointing up.
    Triangle,
}

/// One node of the [`NodeRing`](super::NodeRing).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RingNode {
    /// The node's id; [`FlowMessage::from`] and [`FlowMessage::to`] refer to it.
    pub id: usize,
    /// Short text inside the node, e.g. `"S1"`.
    pub label: String,
    /// CSS modifier for its colour: `role-{role}`, e.g. `"leader"`, `"candidate"`, `"follower"`.
    pub role: String,
    /// One line under the node, e.g. `"term 3"`; may be empty.
    pub detail: String,
    /// Fraction (0..=1) of the election timer elapsed, drawn as an arc around the node; `None`
    /// draws no arc (e.g. for a leader).
    pub timer: Option<f64>,
    /// Greyed out with a cross.
    pub crashed: bool,
    /// Drawn with a highlight ring.
    pub selected: bool,
}

/// What happens to a [`FlowMessage`] in flight.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum MessageFate {
    /// Travelling normally.
    #[default]
    InFlight,
    /// Lost: it travels to fraction `at` of its edge, then falls and fades out while `progress`
    /// goes from `at` to 1.
    Dropping {
        /// Where along the edge (0..=1) it is lost.
        at: f64,
    },
    /// A duplicated copy (drawn with a double outline).
    Duplicate,
}

/// A message moving along the straight edge between two nodes of the [`NodeRing`](super::NodeRing).
///
/// For a given `id`, `kind`, `label` and `shape` are expected to stay the same; `progress` and
/// `fate` may change every frame.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FlowMessage {
    /// Unique among the messages shown; passed to `on_message` when clicked.
    pub id: u64,
    /// Sender node id.
    pub from: usize,
    /// Receiver node id.
    pub to: usize,
    /// How far along the edge, 0 (just sent) ..= 1 (arriving).
    pub progress: f64,
    /// CSS modifier for its colour: `kind-{kind}`, e.g. `"request-vote"`.
    pub kind: String,
    /// Tooltip text, e.g. `"RequestVote(term 3)"`.
    pub label: String,
    /// Its outline; pick one per kind.
    pub shape: Shape,
    /// Normal, lost or duplicated.
    pub fate: MessageFate,
}

/// One node's line in the [`SpaceTimeDiagram`](super::SpaceTimeDiagram).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Lane {
    /// The node id that arrows and marks refer to.
    pub node: usize,
    /// Header text, e.g. `"S1"`.
    pub label: String,
}

/// A message in the [`SpaceTimeDiagram`](super::SpaceTimeDiagram): an arrow from
/// `(from, sent_ms)` to `(to, arrived_ms)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpaceTimeArrow {
    /// Unique among the arrows.
    pub id: u64,
    /// Sender node id.
    pub from: usize,
    /// Receiver node id.
    pub to: usize,
    /// When it was sent (simulated ms).
    pub sent_ms: f64,
    /// When it arrives (or, if dropped, would have arrived); `None` if not known yet. Parts after
    /// the cursor are not drawn, so future arrivals may be given.
    pub arrived_ms: Option<f64>,
    /// CSS modifier for its colour, as for [`FlowMessage::kind`].
    pub kind: String,
    /// Lost: the arrow stops half-way with a ✕.
    pub dropped: bool,
}

/// An event or note on a node's lane of the [`SpaceTimeDiagram`](super::SpaceTimeDiagram);
/// clicking it seeks to `step`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpaceTimeMark {
    /// The trace step it belongs to (passed to `on_seek`).
    pub step: u64,
    /// The node whose lane it sits on.
    pub node: usize,
    /// When (simulated ms).
    pub time_ms: f64,
    /// Tooltip text, e.g. `"S2 becomes leader (term 3)"`.
    pub label: String,
    /// CSS modifier: `kind-{kind}`, e.g. `"leader"`, `"crash"`, `"note"`.
    pub kind: String,
}

/// One row of the [`StateTable`](super::StateTable).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct StateRow {
    /// One string per header.
    pub cells: Vec<String>,
    /// CSS modifier for the row (`role-{role}`), e.g. `"leader"`; may be empty.
    pub role: String,
}

/// The status of one checked property, for the [`InvariantPanel`](super::InvariantPanel).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct InvariantStatus {
    /// Its name, e.g. `"Election Safety"`; its slug (see [`slug`]) is used in test ids.
    pub name: String,
    /// `None` while it holds; the first step at which it was broken otherwise.
    pub broken_at_step: Option<u64>,
    /// What went wrong, shown under the name when broken.
    pub detail: Option<String>,
}

/// One entry of a replicated log, for the [`LogGrid`](super::LogGrid).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LogCell {
    /// Its term; the cell is coloured by term (`term-{term % 8}`).
    pub term: u64,
    /// Tooltip text after the entry's index, e.g. `"term 3 · 42"`; when
    /// empty the tooltip says the term.
    pub label: String,
}

/// One node's log, for the [`LogGrid`](super::LogGrid).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LogRow {
    /// Node id (used in test ids).
    pub node: usize,
    /// Row header, e.g. `"S1"`.
    pub label: String,
    /// The entries, index 1 first.
    pub entries: Vec<LogCell>,
    /// How many entries (from the start) are committed: Raft's 1-based `commitIndex`.
    pub commit_index: usize,
}

/// One entry of the [`Legend`](super::Legend).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct LegendItem {
    /// The kind, as in [`FlowMessage::kind`].
    pub kind: String,
    /// Its human-readable name.
    pub label: String,
    /// The shape used for it.
    pub shape: Shape,
}

/// A lowercase, dash-separated form of `name` for test ids: `"Log Matching"` → `"log-matching"`.
pub fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A stable palette slot (0..8) for a kind the stylesheet has no colour for: classes
/// `tone-{n}` give every kind a colour, and `kind-{kind}` rules override it for known kinds.
pub fn tone_of(kind: &str) -> u8 {
    // FNV-1a: stable across runs and builds, unlike std's RandomState.
    let mut h: u32 = 0x811c_9dc5;
    for b in kind.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    (h % 8) as u8
}

/// The CSS classes for something drawn in the colour of `kind`: `"kind-{kind} tone-{n}"`.
pub fn kind_classes(kind: &str) -> String {
    format!("kind-{kind} tone-{}", tone_of(kind))
}

/// One line of a [`LineChart`](super::LineChart): points in data units, drawn in `tone`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartSeries {
    /// Legend text, e.g. `"φ"`.
    pub label: String,
    /// CSS modifier for its colour: `chart-{tone}`, e.g. `"phi"`.
    pub tone: String,
    /// `(x, y)` in data units, in order of `x`.
    pub points: Vec<(f64, f64)>,
}

/// A horizontal reference line of a [`LineChart`](super::LineChart), e.g. a threshold.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartRule {
    pub y: f64,
    pub label: String,
    /// CSS modifier for its colour: `chart-{tone}`.
    pub tone: String,
}

/// A vertical marker of a [`LineChart`](super::LineChart), e.g. when a crash happened.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartMark {
    pub x: f64,
    pub label: String,
    pub tone: String,
}

/// A small line chart: a few series over shared axes, with reference lines and markers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Chart {
    /// `data-testid` of the chart's figure.
    pub testid: String,
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    /// Axis ranges in data units (`min < max`; the widget widens an empty range).
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub series: Vec<ChartSeries>,
    pub rules: Vec<ChartRule>,
    pub marks: Vec<ChartMark>,
    /// One sentence under the chart (what it shows right now).
    pub caption: String,
}
