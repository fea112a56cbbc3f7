//! Undoing every fault at once: what a seed sweep does between its phase
//! with faults and its liveness check.

use super::fault::{Action, Fault};
use super::network::Probability;
use super::node::{Node, NodeId};
use super::simulation::Simulation;
use alloc::vec::Vec;

/// Restarts every crashed node and removes every partition, cut link, loss,
/// duplication and extra link delay.
pub fn heal_everything<N: Node>(sim: &mut Simulation<N>) {
    sim.inject(Action::Fault(Fault::Heal));
    sim.inject(Action::Fault(Fault::SetLoss(Probability::NEVER)));
    sim.inject(Action::Fault(Fault::SetDuplication(Probability::NEVER)));
    let links: Vec<(NodeId, NodeId)> = sim.world().network().links.keys().copied().collect();
    for (from, to) in links {
        sim.inject(Action::Fault(Fault::SetLinkLoss {
            from,
            to,
            loss: Probability::NEVER,
        }));
        sim.inject(Action::Fault(Fault::SetLinkDelay { from, to, extra: 0 }));
    }
    for id in 0..sim.world().nodes().len() {
        if !sim.world().is_up(id) {
            sim.inject(Action::Fault(Fault::Restart(id)));
        }
    }
}
