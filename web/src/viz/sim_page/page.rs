//! The simulation page: one component for every message-passing protocol.

use super::faults::FaultPanel;
use super::form::{ScenarioMenu, SimParamsForm};
use super::run::{Protocol, SimRun, SpaceTime, open};
use crate::player::Transport;
use crate::player::controls::{KeyHelp, PlayerControls, bind_keys, drive};
use crate::viz::chrome::{ShareButtons, UrlProblems, VizHeader, keep_url_in_step};
use crate::widgets::{
    InvariantPanel, Lane, Legend, LegendItem, LogGrid, NodeRing, SpaceTimeDiagram, StateTable,
};
use leptos::prelude::*;

impl Transport for Box<dyn SimRun> {
    fn step_index(&self) -> u64 {
        (**self).step_index()
    }
    fn horizon(&self) -> u64 {
        (**self).horizon()
    }
    fn is_playing(&self) -> bool {
        (**self).is_playing()
    }
    fn set_playing(&mut self, playing: bool) {
        (**self).set_playing(playing)
    }
    fn speed_log10(&self) -> f64 {
        (**self).speed_log10()
    }
    fn set_speed_log10(&mut self, value: f64) {
        (**self).set_speed_log10(value)
    }
    fn step_forward(&mut self) -> bool {
        (**self).step_forward()
    }
    fn step_back(&mut self) {
        (**self).step_back()
    }
    fn seek(&mut self, step: u64) -> u64 {
        (**self).seek(step)
    }
    fn tick(&mut self, wall_ms: f64) -> u64 {
        (**self).tick(wall_ms)
    }
    fn position_label(&self) -> String {
        (**self).position_label()
    }
}

fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Above this many nodes the space-time diagram (one lane per node) would be a wall of lanes:
/// the page says so instead of drawing it.
const MAX_SPACE_TIME_LANES: usize = 32;
/// The state table shows this many rows until the viewer asks for all of them.
const MAX_TABLE_ROWS: usize = 16;

/// The page for `protocol`, started from the URL's query string.
#[component]
pub fn SimPage(protocol: &'static dyn Protocol, search: String, embed: bool) -> impl IntoView {
    let meta = protocol.meta();
    let opened = open(protocol, &search);
    let problems = RwSignal::new(opened.problems);
    let values = RwSignal::new(opened.values);
    let run = RwSignal::new(opened.run);
    let selected_node = RwSignal::new(None::<usize>);
    let selected_message = RwSignal::new(None::<u64>);
    let help = RwSignal::new(false);
    drive(run);
    bind_keys(run, help);

    let permalink = move || {
        let query = values.with_untracked(|v| run.with_untracked(|r| r.query(v)));
        format!("{}{query}", meta.path)
    };
    keep_url_in_step(run, embed, permalink);
    let link = Callback::new(move |()| permalink());

    let reduced_motion = prefers_reduced_motion();
    let ring_nodes = Memo::new(move |_| run.with(|r| r.ring_nodes(selected_node.get())));
    let messages = Memo::new(move |_| run.with(|r| r.flow_messages(reduced_motion)));
    let logs = Memo::new(move |_| run.with(|r| r.logs()));
    let extra_views = protocol.extra_views();
    let table = Memo::new(move |_| run.with(|r| r.state_table()));
    let invariants = Memo::new(move |_| run.with(|r| r.invariants()));
    let node_count = Memo::new(move |_| run.with(|r| r.node_count()));
    // Above MAX_SPACE_TIME_LANES nodes the diagram would be a wall of lanes: it is left out.
    let lanes_fit = Memo::new(move |_| node_count.get() <= MAX_SPACE_TIME_LANES);
    let space_time = Memo::new(move |_| {
        if lanes_fit.get() {
            run.with(|r| r.space_time(meta.window_ms))
        } else {
            SpaceTime::default()
        }
    });
    let status = Memo::new(move |_| run.with(|r| r.status()));
    let in_flight = Memo::new(move |_| run.with(|r| r.in_flight_count()));
    let cursor_ms = Memo::new(move |_| run.with(|r| r.cursor_time()) as f64 / 1000.0);
    let lanes = Memo::new(move |_| {
        let n = if lanes_fit.get() { node_count.get() } else { 0 };
        run.with_untracked(|r| {
            (0..n)
                .map(|node| Lane {
                    node,
                    label: r.node_label(node),
                })
                .collect::<Vec<_>>()
        })
    });
    let legend: Vec<LegendItem> = protocol
        .kinds()
        .iter()
        .map(|k| LegendItem {
            kind: k.kind.into(),
            label: k.label.into(),
            shape: k.shape,
        })
        .collect();

    let seek = Callback::new(move |step: u64| {
        run.update(|r| {
            r.set_playing(false);
            r.seek(step);
        })
    });
    let pick_node = Callback::new(move |id: usize| {
        selected_message.set(None);
        selected_node.update(|s| *s = if *s == Some(id) { None } else { Some(id) });
    });
    let pick_message = Callback::new(move |id: u64| {
        selected_node.set(None);
        selected_message.set(Some(id));
    });

    view! {
        <section class=format!("viz sim-page {}", meta.class) class:embed=embed data-testid="sim-page">
            <UrlProblems problems=problems />
            <VizHeader embed=embed title=meta.title lede=meta.lede />
            <PlayerControls player=run />
            <div class="status-line" data-testid="status-line">
                {move || status.with(|s| view! {
                    <span data-testid=s.testid data-value=s.value.clone()>{s.text.clone()}</span>
                })}
                <span class="in-flight" data-testid="in-flight">
                    {move || match in_flight.get() {
                        1 => "1 message in flight".to_string(),
                        n => format!("{n} messages in flight"),
                    }}
                </span>
            </div>
            <div class="viz-main">
                <div class="viz-stage">
                    <NodeRing nodes=ring_nodes messages=messages on_select=pick_node on_message=pick_message />
                    <Legend items=Signal::stored(legend) />
                </div>
                <aside class="viz-side">
                    <FaultPanel
                        protocol=protocol
                        run=run
                        selected_node=selected_node
                        selected_message=selected_message
                        node_count=node_count
                    />
                    <InvariantPanel invariants=invariants on_seek=seek />
                    <div class="space-time-slot" hidden=move || !lanes_fit.get()>
                        <SpaceTimeDiagram
                            lanes=lanes
                            arrows=Signal::derive(move || space_time.with(|s| s.arrows.clone()))
                            marks=Signal::derive(move || space_time.with(|s| s.marks.clone()))
                            left_out=Signal::derive(move || space_time.with(|s| s.left_out))
                            cursor_ms=cursor_ms
                            window_ms=Signal::stored(meta.window_ms)
                            on_seek=seek
                        />
                    </div>
                    <p class="hint" data-testid="space-time-too-many-nodes" hidden=move || lanes_fit.get()>
                        {move || format!(
                            "The space-time diagram is drawn for up to {MAX_SPACE_TIME_LANES} nodes; this run has {}.",
                            node_count.get()
                        )}
                    </p>
                </aside>
            </div>
            {extra_views.map(|draw| {
                let charts = Memo::new(move |_| run.with(|r| r.charts()));
                draw(charts.into(), protocol.study(), values)
            })}
            <Show when=move || logs.with(Option::is_some)>
                <LogGrid rows=Signal::derive(move || logs.get().unwrap_or_default()) />
            </Show>
            <StateTable
                headers=Signal::derive(move || table.with(|t| t.0.clone()))
                rows=Signal::derive(move || table.with(|t| t.1.clone()))
                max_rows=MAX_TABLE_ROWS
            />
            <Show when=move || !embed>
                <div class="sim-setup">
                    <ScenarioMenu protocol=protocol />
                    <SimParamsForm protocol=protocol values=values run=run problems=problems />
                </div>
            </Show>
            <ShareButtons link=link title=meta.title />
            <KeyHelp open=help />
        </section>
    }
}
