//! A stress fixture for the browser benchmark (`tests/bench/frame-time.mjs`),
//! at `/stress`; not listed in the catalogue.
//!
//! 64 Raft servers with a 20 ms heartbeat over a 50–150 ms network: once a
//! leader is elected it keeps about 63 × 100 / 20 ≈ 300 AppendEntries and as
//! many replies in flight, so the ring animates 500+ messages per frame.
//! Election timeouts (1–2 s) are long enough for a round trip across this
//! slow network. It draws the same widgets as the Raft page (ring with
//! messages, space-time diagram, state table) under the same player, so its
//! frame time measures the shared rendering path at scale.

use super::raft::{RaftParams, RaftScenario, view};
use crate::player::Player;
use crate::player::controls::{PlayerControls, drive};
use crate::widgets::{Lane, NodeRing, SpaceTimeDiagram, StateTable};
use leptos::prelude::*;

/// The fixture's parameters.
pub fn stress_params() -> RaftParams {
    RaftParams {
        seed: 7,
        nodes: 64,
        election_timeout_ms: (1_000.0, 2_000.0),
        heartbeat_ms: 20.0,
        latency_ms: (50.0, 150.0),
        loss: 0.0,
    }
}

/// How much history the space-time diagram shows.
const WINDOW_MS: f64 = 300.0;

/// The stress page: the cluster starts already past its first election.
#[component]
pub fn StressPage() -> impl IntoView {
    let params = stress_params();
    let mut player = Player::new(RaftScenario::simulation(&params, Vec::new()));
    // Past the first election (timeouts of 1–2 s), into steady replication.
    player.run_until(2_500_000);
    let player = RwSignal::new(player);
    drive(player);
    let cursor = Memo::new(move |_| player.with(|p| p.cursor_time()));
    let ring_nodes =
        Memo::new(move |_| player.with(|p| view::ring_nodes(p.sim(), cursor.get(), None)));
    let messages =
        Memo::new(move |_| player.with(|p| view::flow_messages(p.sim(), cursor.get(), false)));
    let table = Memo::new(move |_| player.with(|p| view::state_table(p.sim())));
    let space_time = Memo::new(move |_| player.with(|p| view::space_time(p.sim(), WINDOW_MS)));
    let lanes: Vec<Lane> = (0..params.nodes)
        .map(|node| Lane {
            node,
            label: format!("{}", node + 1),
        })
        .collect();
    view! {
        <section class="viz raft stress" data-testid="stress-page">
            <header class="viz-header">
                <h2>"Stress: 64 Raft servers"</h2>
                <p class="lede">"A benchmark fixture: hundreds of messages in flight at once."</p>
            </header>
            <PlayerControls player=player />
            <p data-testid="in-flight">
                {move || format!("{} messages in flight", player.with(|p| p.sim().world().in_flight().count()))}
            </p>
            <div class="viz-main">
                <div class="viz-stage">
                    <NodeRing nodes=ring_nodes messages=messages />
                </div>
                <aside class="viz-side">
                    <SpaceTimeDiagram
                        lanes=Signal::stored(lanes)
                        arrows=Signal::derive(move || space_time.with(|s| s.0.clone()))
                        marks=Signal::derive(move || space_time.with(|s| s.1.clone()))
                        cursor_ms=Signal::derive(move || cursor.get() as f64 / 1000.0)
                        window_ms=Signal::stored(WINDOW_MS)
                    />
                </aside>
            </div>
            <StateTable
                headers=Signal::derive(move || table.with(|t| t.0.clone()))
                rows=Signal::derive(move || table.with(|t| t.1.clone()))
            />
        </section>
    }
}
