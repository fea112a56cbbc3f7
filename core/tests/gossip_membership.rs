//! Gossip-style failure detection (van Renesse, Minsky & Hayden 1998): a
//! crash spreads as news. Every live member declares a crashed one failed
//! about `T_fail` after the crash — never before its own last news of it
//! is `T_fail` old, and not much later than `T_fail` plus the few gossip
//! rounds a heartbeat needs to spread — removes it after `T_cleanup`,
//! never suspects a live member on a clean network, and takes back a
//! member that restarts.

use dsviz_core::gossip::experiments::{detection_times, membership_mistakes};
use dsviz_core::gossip::scenario::{measuring, membership_cluster, round_network};
use dsviz_core::gossip::{MemberState, MembershipConfig};
use dsviz_core::sim::{Action, Fault, Probability, Simulation, millis};

const NODES: usize = 32;

#[test]
fn every_live_member_detects_a_crash_about_t_fail_later() {
    let config = MembershipConfig::default();
    for seed in 0..3 {
        let times = detection_times(NODES, config, millis(2_000), millis(6_000), seed);
        let times: Vec<u64> = times
            .into_iter()
            .map(|t| t.expect("every live member detects the crash"))
            .collect();
        // A heartbeat reaches everyone within about log2(32) + ln(32) ≈ 9
        // rounds of 100 ms; allow 1.5 s of staleness either way.
        for &t in &times {
            assert!(
                t + millis(1_500) >= config.t_fail && t <= config.t_fail + millis(1_500),
                "seed {seed}: detected after {t} µs"
            );
        }
        let mean = times.iter().sum::<u64>() / times.len() as u64;
        assert!(mean.abs_diff(config.t_fail) < millis(800), "mean {mean}");
    }
}

#[test]
fn no_false_suspicion_on_a_clean_network_and_cleanup_after_a_crash() {
    let config = MembershipConfig::default();
    let mut sim = Simulation::new(
        measuring(4, round_network(Probability::NEVER)),
        membership_cluster(NODES, config),
    );
    for second in 1..=10 {
        sim.run_until(millis(1_000 * second));
        assert_eq!(membership_mistakes(sim.world()), 0, "at {second} s");
    }
    sim.inject(Action::Fault(Fault::Crash(5)));
    // Not yet detected: NODES - 1 live observers are wrong about node 5.
    assert_eq!(membership_mistakes(sim.world()), NODES - 1);
    sim.run_until(millis(10_000) + config.t_fail + millis(1_500));
    assert_eq!(membership_mistakes(sim.world()), 0);
    sim.run_until(millis(10_000) + config.t_cleanup + millis(1_500));
    for observer in (0..NODES).filter(|&o| o != 5) {
        assert_eq!(
            sim.world().node(observer).table()[5].state,
            MemberState::Removed
        );
    }
    // It comes back: its heartbeat is durable, so its news is newer.
    sim.inject(Action::Fault(Fault::Restart(5)));
    sim.run_until(sim.world().now() + millis(2_000));
    assert_eq!(membership_mistakes(sim.world()), 0);
    assert_eq!(sim.world().violation_count(), 0);
}

#[test]
fn a_healed_partition_finds_itself_again() {
    let config = MembershipConfig::default();
    let mut sim = Simulation::new(
        measuring(6, round_network(Probability::from_fraction(0.1))),
        membership_cluster(16, config),
    );
    sim.run_until(millis(1_000));
    sim.inject(Action::Fault(Fault::Partition(vec![(0..8).collect()])));
    sim.run_until(millis(1_000) + config.t_cleanup + millis(1_000));
    // Each side has removed the other.
    assert!(sim.world().node(0).table()[12].state == MemberState::Removed);
    assert!(sim.world().node(12).table()[0].state == MemberState::Removed);
    sim.inject(Action::Fault(Fault::Heal));
    sim.run_until(sim.world().now() + millis(3_000));
    assert_eq!(membership_mistakes(sim.world()), 0);
    assert_eq!(
        sim.world().violation_count(),
        0,
        "{:?}",
        sim.world().first_violation()
    );
}
