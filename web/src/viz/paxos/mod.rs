//! Consensus beyond Raft on the shared simulation page: single-decree
//! Paxos, Multi-Paxos, Fast Paxos and PBFT, each an adapter whose named
//! scenarios re-create the core's `scenario` modules step for step.

mod fast;
mod fast_scenarios;
mod look;
mod multi;
mod multi_scenarios;
mod pbft;
mod pbft_scenarios;
mod single;
mod single_scenarios;

pub use fast::{FAST_PAXOS, FastPaxosAdapter, FastPaxosCommands, client_value};
pub use fast_scenarios::SCENARIOS as FAST_PAXOS_SCENARIOS;
pub use multi::{MULTI_PAXOS, MultiPaxosAdapter, MultiPaxosCommands, applied_everywhere};
pub use multi_scenarios::SCENARIOS as MULTI_PAXOS_SCENARIOS;
pub use pbft::{CLIENT, PBFT, PbftAdapter, PbftCommands};
pub use pbft_scenarios::SCENARIOS as PBFT_SCENARIOS;
pub use single::{MAX_NODES, PAXOS, PaxosAdapter, PaxosCommands, button_value};
pub use single_scenarios::SCENARIOS as PAXOS_SCENARIOS;

/// The query a bare page link opens: `search` itself, or, when it is
/// empty, scenario `slug` (these protocols do nothing until a client asks,
/// so an empty page would stand still).
pub fn or_scenario(search: String, slug: &str) -> String {
    if search.trim_start_matches('?').is_empty() {
        format!("?scenario={slug}")
    } else {
        search
    }
}
