//! What each monitor has concluded so far, measured as the failure-detector
//! experiments measure it (Chen, Toueg & Aguilera, 2002): a *false
//! positive* is a suspicion that begins while the monitored node is up (a
//! paused node is up), and the *detection time* runs from the crash to the
//! start of the suspicion still standing.

use dsviz_core::failure::DetectorNode;
use dsviz_core::sim::{NodeId, Time, World};

/// The monitored node.
pub const MONITORED: NodeId = 0;
/// The monitor running the φ accrual detector.
pub const PHI: NodeId = 1;
/// The monitor running the fixed timeout.
pub const FIXED: NodeId = 2;

/// One monitor's record.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Verdict {
    /// Suspects the monitored node at its latest check.
    pub suspects: bool,
    pub false_positives: u64,
    /// From the crash to the lasting suspicion, once there is one.
    pub detection: Option<Time>,
}

/// Both monitors' records, φ first.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Verdicts {
    pub phi: Verdict,
    pub fixed: Verdict,
    /// When the monitored node crashed, if it is down.
    pub crashed_at: Option<Time>,
}

fn verdict(node: &DetectorNode, crashed_at: Option<Time>) -> Verdict {
    let transitions = node.transitions();
    let up_until = crashed_at.unwrap_or(Time::MAX);
    let false_positives = transitions
        .iter()
        .filter(|t| t.suspected && t.at < up_until)
        .count() as u64;
    let detection = crashed_at.and_then(|crash| match transitions.last() {
        Some(last) if last.suspected && node.suspected() => Some(last.at.saturating_sub(crash)),
        _ => None,
    });
    Verdict {
        suspects: node.suspected(),
        false_positives,
        detection,
    }
}

/// The monitors' records in `world` (a crashed monitor keeps its last ones).
pub fn verdicts(world: &World<DetectorNode>) -> Verdicts {
    let crashed_at = world.crashed_at(MONITORED);
    let of = |id: NodeId| {
        world
            .nodes()
            .get(id)
            .map(|node| verdict(node, crashed_at))
            .unwrap_or_default()
    };
    Verdicts {
        phi: of(PHI),
        fixed: of(FIXED),
        crashed_at,
    }
}
