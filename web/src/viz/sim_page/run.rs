//! The type-erased run the simulation page plays: [`SimRun`], and
//! [`Protocol`], the object-safe face of an [`Adapter`].
//!
//! [`AdaptedRun`] is the only generic piece: a [`Player`] over the
//! adapter's node type plus the mapping of the trace at the cursor onto the
//! widgets' plain view data (ring, messages, space-time diagram, tables).
//! Everything the page draws goes through `dyn SimRun`, so the page itself
//! is compiled once however many protocols there are.

use super::adapter::{
    Adapter, ExtraViews, MessageKind, NodeAction, PageMeta, Scenario, StatusLine,
};
use super::params::{ParamSpec, ParamValues};
use super::study::StudySpec;
use crate::permalink::query::build;
use crate::permalink::{Query, decode_inputs, encode_inputs};
use crate::player::{Player, Transport};
use crate::widgets::view::{
    Chart, FlowMessage, InvariantStatus, LogRow, MessageFate, RingNode, Shape, SpaceTimeArrow,
    SpaceTimeMark, StateRow,
};
use dsviz_core::sim::{
    Action, Fate, Fault, Input, Invariants, Latency, NetworkConfig, Node, NodeId, NodeStatus,
    Probability, SentMessage, SimConfig, Simulation, StepEvent, Time,
};

const MS: f64 = 1000.0;
/// How long a lost message takes to fall away on screen (simulated µs).
const FALL_AWAY: Time = 40_000;
/// The furthest step a link may point at: opening it replays every step
/// before, so a larger value would freeze the page.
pub const MAX_LINKED_STEP: u64 = 200_000;

/// How a node's time is going: its clock rate, processing delay, pause.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NodeTime {
    pub clock_rate_ppm: u32,
    pub processing_delay: Time,
    /// Paused, or busy working off its processing delay.
    pub paused: bool,
    /// Events waiting for it to resume.
    pub held: usize,
}

/// The most arrows handed to the space-time diagram (it draws at most 400).
pub const MAX_ARROWS: usize = 600;

/// The space-time diagram's data at the cursor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpaceTime {
    pub arrows: Vec<SpaceTimeArrow>,
    pub marks: Vec<SpaceTimeMark>,
    /// Arrows in the window beyond [`MAX_ARROWS`], counted but not built.
    pub left_out: usize,
}

/// A run as the page sees it: a [`Transport`] plus views at the cursor.
pub trait SimRun: Transport {
    /// The instant shown (simulated µs).
    fn cursor_time(&self) -> Time;
    fn node_count(&self) -> usize;
    fn node_label(&self, id: NodeId) -> String;
    fn is_up(&self, id: NodeId) -> bool;
    /// Whether message `id` is in flight now.
    fn has_message(&self, id: u64) -> bool;
    fn node_time(&self, id: NodeId) -> NodeTime;
    fn in_flight_count(&self) -> usize;
    /// The network as it is now (faults change it).
    fn network(&self) -> NetworkConfig;
    /// Applies a fault at the cursor (forking the future if scrubbed back).
    fn inject_fault(&mut self, fault: Fault);
    /// Sends node `node` the command for the adapter's action `action`;
    /// false when the adapter has none.
    fn node_action(&mut self, action: &str, node: NodeId) -> bool;
    /// Runs every event up to `time` (simulated µs).
    fn run_until(&mut self, time: Time);
    fn ring_nodes(&self, selected: Option<NodeId>) -> Vec<RingNode>;
    /// Messages in flight at the cursor, and those lost recently falling
    /// away; with `reduced_motion` each sits half-way along its edge.
    fn flow_messages(&self, reduced_motion: bool) -> Vec<FlowMessage>;
    /// Arrows and marks within `window_ms` before the cursor: at most
    /// [`MAX_ARROWS`], the latest, and how many older ones were left out.
    fn space_time(&self, window_ms: f64) -> SpaceTime;
    /// Headers and rows of the state table.
    fn state_table(&self) -> (Vec<String>, Vec<StateRow>);
    /// Each property with the first step (up to the cursor) that broke it.
    fn invariants(&self) -> Vec<InvariantStatus>;
    fn logs(&self) -> Option<Vec<LogRow>>;
    /// The adapter's charts at the cursor.
    fn charts(&self) -> Vec<Chart>;
    fn status(&self) -> StatusLine;
    /// The query string that reproduces this run at this step.
    fn query(&self, values: &ParamValues) -> String;
    /// The world's trace digest (for determinism checks).
    fn digest(&self) -> u64;
}

/// What the page knows of a protocol, with no type parameter.
pub trait Protocol: Send + Sync + 'static {
    fn meta(&self) -> &'static PageMeta;
    fn params(&self) -> &'static [ParamSpec];
    fn kinds(&self) -> &'static [MessageKind];
    fn actions(&self) -> &'static [NodeAction];
    fn scenarios(&self) -> &'static [Scenario];
    fn study(&self) -> Option<&'static StudySpec>;
    fn extra_views(&self) -> Option<ExtraViews>;
    fn reconcile(&self, values: &mut ParamValues) -> Vec<String>;
    /// A run of `values` with the URL-encoded `inputs`, at `step`; a
    /// sentence for each input that could not be read.
    fn start(
        &'static self,
        values: &ParamValues,
        inputs: &str,
        step: u64,
    ) -> (Box<dyn SimRun>, Vec<String>);
}

impl<A: Adapter> Protocol for A {
    fn meta(&self) -> &'static PageMeta {
        Adapter::meta(self)
    }
    fn params(&self) -> &'static [ParamSpec] {
        Adapter::params(self)
    }
    fn kinds(&self) -> &'static [MessageKind] {
        self.message_kinds()
    }
    fn actions(&self) -> &'static [NodeAction] {
        Adapter::actions(self)
    }
    fn scenarios(&self) -> &'static [Scenario] {
        Adapter::scenarios(self)
    }
    fn study(&self) -> Option<&'static StudySpec> {
        Adapter::study(self)
    }
    fn extra_views(&self) -> Option<ExtraViews> {
        Adapter::extra_views(self)
    }
    fn reconcile(&self, values: &mut ParamValues) -> Vec<String> {
        Adapter::reconcile(self, values)
    }
    fn start(
        &'static self,
        values: &ParamValues,
        inputs: &str,
        step: u64,
    ) -> (Box<dyn SimRun>, Vec<String>) {
        let nodes = self.nodes(values).len();
        let (inputs, problems) = decode_inputs::<A::Codec>(inputs, nodes);
        let mut run = AdaptedRun::new(self, values, inputs);
        run.seek(step);
        (Box::new(run), problems)
    }
}

/// The network that `latency` and `loss` describe (defaults where the
/// schema lists neither).
pub fn network_of(values: &ParamValues) -> NetworkConfig {
    let micros = |ms: f64| (ms * MS).round() as u64;
    let defaults = NetworkConfig::default();
    let latency = match values.get("latency") {
        None => defaults.latency,
        Some(_) => {
            let (low, high) = values.range("latency", (0.0, 0.0));
            let (low, high) = (micros(low), micros(high));
            if low == high {
                Latency::Fixed(low)
            } else {
                Latency::Uniform {
                    min: low,
                    max: high,
                }
            }
        }
    };
    NetworkConfig {
        latency,
        loss: Probability::from_fraction(values.number("loss", 0.0)),
        ..defaults
    }
}

/// A scenario as the page opens it: values, run, problems.
pub struct Opened {
    pub values: ParamValues,
    pub run: Box<dyn SimRun>,
    pub problems: Vec<String>,
}

/// Reads a page's URL: `?scenario=slug` stands for that scenario's query;
/// otherwise seed, parameters, inputs and step. Bad values are named in
/// `problems` and replaced by defaults.
pub fn open(protocol: &'static dyn Protocol, search: &str) -> Opened {
    let mut problems = Vec::new();
    let mut query = Query::parse(search);
    if let Some(slug) = query.raw("scenario").map(str::to_owned) {
        match protocol.scenarios().iter().find(|s| s.slug == slug) {
            Some(scenario) => query = Query::parse(&(scenario.query)()),
            None => problems.push(format!(
                "there is no scenario '{slug}'; opening the default"
            )),
        }
    }
    let mut values = ParamValues::from_query(protocol.params(), &mut query);
    let step = query.number(
        "step",
        0u64,
        |s| *s <= MAX_LINKED_STEP,
        "a step number up to 200000",
    );
    problems.append(&mut query.problems);
    problems.append(&mut protocol.reconcile(&mut values));
    let inputs = query.raw("inputs").unwrap_or("").to_owned();
    let (run, mut input_problems) = protocol.start(&values, &inputs, step);
    problems.append(&mut input_problems);
    Opened {
        values,
        run,
        problems,
    }
}

type Msg<A> = <<A as Adapter>::Node as Node>::Msg;

/// A player over one adapter's protocol; see the module docs.
pub struct AdaptedRun<A: Adapter> {
    adapter: &'static A,
    player: Player<A::Node>,
}

impl<A: Adapter> AdaptedRun<A> {
    /// A run at step 0 of `values` that applies `inputs` at their steps.
    pub fn new(
        adapter: &'static A,
        values: &ParamValues,
        inputs: Vec<Input<<A::Node as Node>::Command>>,
    ) -> Self {
        let config = SimConfig {
            network: network_of(values),
            ..SimConfig::seeded(values.seed)
        };
        let sim = Simulation::with_inputs(config, adapter.nodes(values), inputs);
        Self {
            adapter,
            player: Player::new(sim),
        }
    }

    pub fn player(&self) -> &Player<A::Node> {
        &self.player
    }

    fn sim(&self) -> &Simulation<A::Node> {
        self.player.sim()
    }

    fn shape_of(&self, kind: &str) -> Shape {
        self.adapter
            .message_kinds()
            .iter()
            .find(|k| k.kind == kind)
            .map_or(Shape::Circle, |k| k.shape)
    }

    fn flow(&self, id: u64, from: NodeId, to: NodeId, msg: &Msg<A>) -> FlowMessage {
        let kind = self.adapter.message_kind(msg);
        FlowMessage {
            id,
            from,
            to,
            progress: 0.0,
            kind: kind.into(),
            label: self.adapter.message_label(msg),
            shape: self.shape_of(kind),
            fate: MessageFate::InFlight,
        }
    }

    fn recorded_upto(&self) -> usize {
        (self.sim().step_index() as usize).min(self.sim().trace().len())
    }

    /// The message a person dropped at trace record `index` (an effective
    /// `Fault::DropMessage` input), found among the sends before it.
    fn dropped_by_hand(&self, index: usize) -> Option<&SentMessage<Msg<A>>> {
        let trace = self.sim().trace();
        let StepEvent::Input {
            action: Action::Fault(Fault::DropMessage(id)),
            effective: true,
        } = &trace.get(index)?.event
        else {
            return None;
        };
        trace[index.saturating_sub(MAX_SEND_LOOKBACK)..index]
            .iter()
            .rev()
            .flat_map(|r| r.sent.iter())
            .find(|s| s.id == *id)
    }
}

/// How far back (in steps) a dropped message's send is looked for.
const MAX_SEND_LOOKBACK: usize = 20_000;

/// Where along its edge a message sent at `sent_at` and due at `fate`'s time is at `time`.
fn progress_at(sent: &SentMessage<impl Clone>, time: Time) -> f64 {
    match sent.fate {
        Fate::InFlight { deliver_at } => {
            let span = deliver_at.saturating_sub(sent.sent_at).max(1) as f64;
            (time.saturating_sub(sent.sent_at) as f64 / span).clamp(0.0, 1.0)
        }
        _ => 0.0,
    }
}

impl<A: Adapter> Transport for AdaptedRun<A> {
    fn step_index(&self) -> u64 {
        self.player.step_index()
    }
    fn horizon(&self) -> u64 {
        self.player.horizon()
    }
    fn is_playing(&self) -> bool {
        self.player.is_playing()
    }
    fn set_playing(&mut self, playing: bool) {
        self.player.set_playing(playing)
    }
    fn speed_log10(&self) -> f64 {
        self.player.speed_log10()
    }
    fn set_speed_log10(&mut self, value: f64) {
        self.player.set_speed_log10(value)
    }
    fn step_forward(&mut self) -> bool {
        self.player.step_forward()
    }
    fn step_back(&mut self) {
        self.player.step_back()
    }
    fn seek(&mut self, step: u64) -> u64 {
        self.player.seek(step)
    }
    fn tick(&mut self, wall_ms: f64) -> u64 {
        self.player.tick(wall_ms)
    }
    fn position_label(&self) -> String {
        self.player.position_label()
    }
}

impl<A: Adapter> SimRun for AdaptedRun<A> {
    fn cursor_time(&self) -> Time {
        self.player.cursor_time()
    }

    fn node_count(&self) -> usize {
        self.sim().world().nodes().len()
    }

    fn node_label(&self, id: NodeId) -> String {
        self.adapter.node_label(id)
    }

    fn is_up(&self, id: NodeId) -> bool {
        id < self.node_count() && self.sim().world().is_up(id)
    }

    fn has_message(&self, id: u64) -> bool {
        self.sim().world().message(id).is_some()
    }

    fn in_flight_count(&self) -> usize {
        self.sim().world().in_flight().count()
    }

    fn node_time(&self, id: NodeId) -> NodeTime {
        let world = self.sim().world();
        if id >= self.node_count() {
            return NodeTime::default();
        }
        NodeTime {
            clock_rate_ppm: world.clock_rate_ppm(id),
            processing_delay: world.processing_delay(id),
            paused: world.is_paused(id),
            held: world.held_count(id),
        }
    }

    fn network(&self) -> NetworkConfig {
        self.sim().world().network().clone()
    }

    fn inject_fault(&mut self, fault: Fault) {
        self.player.inject(Action::Fault(fault));
    }

    fn node_action(&mut self, action: &str, node: NodeId) -> bool {
        let step = self.player.step_index();
        let command = self.adapter.command(action, node, self.sim().world(), step);
        match command {
            Some(command) => {
                self.player.inject(Action::Command { node, command });
                true
            }
            None => false,
        }
    }

    fn run_until(&mut self, time: Time) {
        self.player.run_until(time);
    }

    fn ring_nodes(&self, selected: Option<NodeId>) -> Vec<RingNode> {
        let world = self.sim().world();
        let cursor = self.cursor_time();
        (0..world.nodes().len())
            .map(|id| {
                let crashed = world.status(id) == NodeStatus::Crashed;
                let look = self.adapter.node_look(world, id, cursor);
                let mut detail = look.detail;
                if !crashed && world.is_paused(id) {
                    detail.push_str(" · paused");
                }
                let rate = world.clock_rate_ppm(id);
                if rate != dsviz_core::sim::CLOCK_RATE_EXACT {
                    detail.push_str(&format!(" · clock {}×", rate as f64 / 1e6));
                }
                RingNode {
                    id,
                    label: self.adapter.node_label(id),
                    role: if crashed { "crashed".into() } else { look.role },
                    detail,
                    timer: if crashed { None } else { look.timer },
                    crashed,
                    selected: selected == Some(id),
                }
            })
            .collect()
    }

    fn flow_messages(&self, reduced_motion: bool) -> Vec<FlowMessage> {
        let place = |fraction: f64| {
            if reduced_motion {
                0.5
            } else {
                fraction.clamp(0.0, 1.0)
            }
        };
        let cursor = self.cursor_time();
        let world = self.sim().world();
        let mut shown: Vec<FlowMessage> = world
            .in_flight()
            .map(|e| {
                let span = e.deliver_at.saturating_sub(e.sent_at).max(1) as f64;
                FlowMessage {
                    progress: place(cursor.saturating_sub(e.sent_at) as f64 / span),
                    fate: if world.is_up(e.to) {
                        MessageFate::InFlight
                    } else {
                        MessageFate::Dropping { at: 0.9 }
                    },
                    ..self.flow(e.id, e.from, e.to, &e.msg)
                }
            })
            .collect();
        let upto = self.recorded_upto();
        for (index, record) in self.sim().trace()[..upto].iter().enumerate().rev() {
            if record.time + FALL_AWAY < cursor {
                break;
            }
            let falling = cursor.saturating_sub(record.time) as f64 / FALL_AWAY as f64;
            if let Some(sent) = self.dropped_by_hand(index) {
                // It stops where it was when dropped, then falls away.
                let at = progress_at(sent, record.time).min(0.98);
                shown.push(FlowMessage {
                    progress: place(at + (1.0 - at) * falling),
                    fate: MessageFate::Dropping { at },
                    ..self.flow(sent.id, sent.from, sent.to, &sent.msg)
                });
            }
            if let StepEvent::Dropped { envelope: e, .. } = &record.event {
                shown.push(FlowMessage {
                    progress: place(0.9 + 0.1 * falling),
                    fate: MessageFate::Dropping { at: 0.9 },
                    ..self.flow(e.id, e.from, e.to, &e.msg)
                });
            }
            for sent in &record.sent {
                if matches!(sent.fate, Fate::Lost | Fate::Blocked) {
                    shown.push(FlowMessage {
                        progress: place(falling),
                        fate: MessageFate::Dropping { at: 0.3 },
                        ..self.flow(sent.id, sent.from, sent.to, &sent.msg)
                    });
                }
            }
        }
        shown
    }

    fn space_time(&self, window_ms: f64) -> SpaceTime {
        let sim = self.sim();
        let cursor_ms = sim.world().now() as f64 / MS;
        let since = cursor_ms - window_ms;
        // A lost arrow is drawn for a sixth of the window after its send; every other arrow
        // that reaches into the window has its delivery (or drop) inside it.
        let scan_from = since - window_ms / 6.0;
        let mut out = SpaceTime::default();
        let push = |out: &mut SpaceTime, build: &dyn Fn() -> SpaceTimeArrow| {
            if out.arrows.len() < MAX_ARROWS {
                out.arrows.push(build());
            } else {
                out.left_out += 1;
            }
        };
        let arrow = |id, from, to, sent_ms, arrived_ms, msg: &Msg<A>, dropped| SpaceTimeArrow {
            id,
            from,
            to,
            sent_ms,
            arrived_ms,
            kind: self.adapter.message_kind(msg).into(),
            dropped,
        };
        // Messages still in flight are drawn up to the cursor: the newest first.
        for e in sim.world().in_flight() {
            let sent_ms = e.sent_at as f64 / MS;
            push(&mut out, &|| {
                arrow(e.id, e.from, e.to, sent_ms, None, &e.msg, false)
            });
        }
        for (index, record) in sim.trace()[..self.recorded_upto()].iter().enumerate().rev() {
            let time_ms = record.time as f64 / MS;
            if time_ms < scan_from {
                break;
            }
            if let Some(sent) = self.dropped_by_hand(index) {
                // The diagram stops a lost arrow half-way to its arrival: make that the
                // moment it was dropped.
                let sent_ms = sent.sent_at as f64 / MS;
                let end = Some(2.0 * time_ms - sent_ms);
                push(&mut out, &|| {
                    arrow(sent.id, sent.from, sent.to, sent_ms, end, &sent.msg, true)
                });
            }
            match &record.event {
                StepEvent::Delivered(e) | StepEvent::Dropped { envelope: e, .. }
                    if time_ms >= since =>
                {
                    let dropped = matches!(record.event, StepEvent::Dropped { .. });
                    let sent_ms = e.sent_at as f64 / MS;
                    let arrived = (!dropped).then_some(time_ms);
                    push(&mut out, &|| {
                        arrow(e.id, e.from, e.to, sent_ms, arrived, &e.msg, dropped)
                    });
                }
                StepEvent::Input { action, .. } if time_ms >= since => {
                    out.marks.push(SpaceTimeMark {
                        step: record.step,
                        node: record.actor.unwrap_or(0),
                        time_ms,
                        label: format!("{action:?}"),
                        kind: "input".into(),
                    })
                }
                _ => {}
            }
            for sent in &record.sent {
                if matches!(sent.fate, Fate::Lost | Fate::Blocked) {
                    push(&mut out, &|| {
                        arrow(sent.id, sent.from, sent.to, time_ms, None, &sent.msg, true)
                    });
                }
            }
            if let Some(node) = record.actor.filter(|_| time_ms >= since) {
                out.marks
                    .extend(record.notes.iter().map(|note| SpaceTimeMark {
                        step: record.step,
                        node,
                        time_ms,
                        label: note.clone(),
                        kind: "note".into(),
                    }));
            }
        }
        out
    }

    fn state_table(&self) -> (Vec<String>, Vec<StateRow>) {
        let world = self.sim().world();
        let mut headers = vec![
            self.adapter.meta().node_noun.to_lowercase(),
            "status".to_string(),
        ];
        headers.extend(self.adapter.state_headers().iter().map(|h| h.to_string()));
        let rows = (0..world.nodes().len())
            .map(|id| {
                let up = world.is_up(id);
                let (role, cells) = self.adapter.state_cells(world, id);
                let mut all = vec![
                    self.adapter.node_label(id),
                    if up { "up".into() } else { "crashed".into() },
                ];
                all.extend(cells);
                StateRow {
                    role: if up { role } else { "crashed".into() },
                    cells: all,
                }
            })
            .collect();
        (headers, rows)
    }

    fn invariants(&self) -> Vec<InvariantStatus> {
        let sim = self.sim();
        let upto = sim.step_index();
        sim.world()
            .invariants()
            .names()
            .iter()
            .map(|&name| {
                let broken = sim
                    .violations()
                    .iter()
                    .find(|(step, v)| *step < upto && v.property == name);
                InvariantStatus {
                    name: name.into(),
                    // The violation is recorded against the step that caused it; the
                    // cursor first shows its effect one step later, so that is where
                    // "go to step" takes the viewer.
                    broken_at_step: broken.map(|(step, _)| *step + 1),
                    detail: broken.map(|(_, v)| v.detail.clone()),
                }
            })
            .collect()
    }

    fn logs(&self) -> Option<Vec<LogRow>> {
        self.adapter.logs(self.sim().world())
    }

    fn charts(&self) -> Vec<Chart> {
        self.adapter.charts(self.sim().world(), self.cursor_time())
    }

    fn status(&self) -> StatusLine {
        self.adapter.status(self.sim().world())
    }

    fn query(&self, values: &ParamValues) -> String {
        let mut pairs = values.to_pairs();
        let inputs = self.sim().inputs();
        if !inputs.is_empty() {
            pairs.push(("inputs", encode_inputs::<A::Codec>(inputs)));
        }
        pairs.push(("step", self.step_index().to_string()));
        build(&pairs)
    }

    fn digest(&self) -> u64 {
        self.sim().world().digest()
    }
}

/// A scenario's query: the run of `base` (seed and parameters as URL
/// text) after `script` has stepped it and injected what it wants, at the
/// step `script` leaves it on.
pub fn scripted<A: Adapter>(
    adapter: &'static A,
    base: &str,
    script: impl FnOnce(&mut AdaptedRun<A>),
) -> String {
    let mut query = Query::parse(base);
    let values = ParamValues::from_query(Adapter::params(adapter), &mut query);
    debug_assert!(query.problems.is_empty(), "{:?}", query.problems);
    let mut run = AdaptedRun::new(adapter, &values, Vec::new());
    script(&mut run);
    run.query(&values)
}

impl<A: Adapter> AdaptedRun<A> {
    /// Steps until `done` holds of the world or `max_steps` more steps were
    /// taken; returns whether it held.
    pub fn step_until(
        &mut self,
        max_steps: u64,
        mut done: impl FnMut(&dsviz_core::sim::World<A::Node>) -> bool,
    ) -> bool {
        for _ in 0..max_steps {
            if done(self.sim().world()) {
                return true;
            }
            if !self.player.step_forward() {
                break;
            }
        }
        done(self.sim().world())
    }

    /// Injects a protocol command to `node` at the cursor.
    pub fn command(&mut self, node: NodeId, command: <A::Node as Node>::Command) {
        self.player.inject(Action::Command { node, command });
    }
}
