//! The failure-detector page's named scenarios: each lets the monitors
//! learn for three seconds of 100 ms heartbeats, then does one thing to M.

use super::adapter::DETECTORS;
use super::verdicts::MONITORED;
use crate::viz::sim_page::{Scenario, SimRun, scripted};
use dsviz_core::sim::{Fault, millis};

const BASE: &str = "?seed=1";
/// Long enough for φ's window to hold some thirty gaps.
const LEARN: u64 = millis(3_000);

pub static SCENARIOS: &[Scenario] = &[
    Scenario {
        slug: "crash",
        title: "M crashes",
        why: "After three seconds of steady heartbeats M crashes: play to see φ climb through its threshold first and the timeout fire later, and read both detection times.",
        query: || {
            scripted(&DETECTORS, BASE, |run| {
                run.run_until(LEARN);
                run.inject_fault(Fault::Crash(MONITORED));
            })
        },
    },
    Scenario {
        slug: "pause",
        title: "M pauses for 400 ms",
        why: "A long garbage-collection pause: M is alive but silent, both monitors suspect it — a false positive each — and trust it again when the held heartbeat arrives.",
        query: || {
            scripted(&DETECTORS, BASE, |run| {
                run.run_until(LEARN);
                run.inject_fault(Fault::Pause {
                    node: MONITORED,
                    duration: millis(400),
                });
            })
        },
    },
    Scenario {
        slug: "lossy",
        title: "A network that loses 20 %",
        why: "One heartbeat in five is lost: φ learns that gaps of two intervals are normal and rarely suspects, while the 250 ms timeout fires whenever two in a row are lost. Play and count the false positives.",
        query: || scripted(&DETECTORS, "?seed=1&loss=0.2", |run| run.run_until(LEARN)),
    },
];
