//! Scenarios from the Raft paper (Ongaro & Ousterhout, 2014), each run in
//! the simulator with every Figure 3 property checked after every step.

use dsviz_core::consensus::raft::scenario::{cluster, current_leader, propose_steadily};
use dsviz_core::consensus::raft::{Command, Entry, RaftConfig, RaftLog, RaftNode, Role};
use dsviz_core::sim::{Action, Fault, Latency, NetworkConfig, SimConfig, Simulation, millis};

fn fixed_latency(seed: u64) -> SimConfig {
    let network = NetworkConfig {
        latency: Latency::Fixed(millis(5)),
        ..NetworkConfig::default()
    };
    SimConfig {
        network,
        ..SimConfig::seeded(seed)
    }
}

fn no_violations(sim: &Simulation<RaftNode>) {
    assert_eq!(
        sim.world().violation_count(),
        0,
        "{:?}",
        sim.world().first_violation()
    );
}

fn propose(sim: &mut Simulation<RaftNode>, node: usize, value: u64) {
    sim.inject(Action::Command {
        node,
        command: Command::Propose(value),
    });
}

fn fault(sim: &mut Simulation<RaftNode>, fault: Fault) {
    sim.inject(Action::Fault(fault));
}

fn elect(sim: &mut Simulation<RaftNode>) -> usize {
    let deadline = sim.world().now() + millis(5_000);
    while sim.world().now() < deadline {
        let next = sim.world().now() + millis(10);
        sim.run_until(next);
        if let Some(leader) = current_leader(sim.world()) {
            return leader;
        }
    }
    panic!("no leader elected by {deadline}");
}

/// §5.2: two candidates split the vote of a four-server cluster; neither
/// wins that term, and randomized timeouts elect a leader in a later one.
#[test]
fn split_vote_resolves_in_a_later_term() {
    let mut sim = Simulation::new(fixed_latency(3), cluster(4, RaftConfig::default()));
    sim.run_to_step(4); // every server started
    fault(&mut sim, Fault::CutLink { from: 0, to: 3 });
    fault(&mut sim, Fault::CutLink { from: 1, to: 2 });
    sim.inject(Action::Command {
        node: 0,
        command: Command::TimeoutNow,
    });
    sim.inject(Action::Command {
        node: 1,
        command: Command::TimeoutNow,
    });
    sim.run_until(millis(20));
    let world = sim.world();
    assert_eq!(
        (world.node(0).role(), world.node(1).role()),
        (Role::Candidate, Role::Candidate)
    );
    assert_eq!((world.node(0).term(), world.node(1).term()), (1, 1));
    assert_eq!(world.node(2).voted_for(), Some(0));
    assert_eq!(world.node(3).voted_for(), Some(1));
    fault(&mut sim, Fault::Heal);
    let leader = elect(&mut sim);
    assert!(
        sim.world().node(leader).term() >= 2,
        "a leader of term 1 would mean a vote was counted twice"
    );
    no_violations(&sim);
}

/// §5.3 and §5.4: a leader cut off with a minority keeps accepting
/// commands but cannot commit them; the majority elects a new leader that
/// commits; after healing the stale entries are overwritten.
#[test]
fn partitioned_old_leader_cannot_commit() {
    let mut sim = Simulation::new(fixed_latency(5), cluster(5, RaftConfig::default()));
    let old = elect(&mut sim);
    let until = sim.world().now() + millis(200);
    sim.run_until(until);
    let buddy = (old + 1) % 5;
    fault(&mut sim, Fault::Partition(vec![vec![old, buddy]]));
    propose(&mut sim, old, 111);
    let stale_index = sim.world().node(old).log().last_index();
    let until = sim.world().now() + millis(1_500);
    sim.run_until(until);
    assert!(
        sim.world().node(old).commit_index() < stale_index,
        "a minority leader committed"
    );
    let new = current_leader(sim.world())
        .filter(|&l| l != old)
        .expect("the majority elected a leader");
    assert!(sim.world().node(new).term() > sim.world().node(old).term());
    propose(&mut sim, new, 222);
    let until = sim.world().now() + millis(500);
    sim.run_until(until);
    let new_node = sim.world().node(new);
    assert_eq!(
        new_node
            .log()
            .get(new_node.commit_index())
            .and_then(|e| e.value),
        Some(222)
    );
    fault(&mut sim, Fault::Heal);
    let until = sim.world().now() + millis(1_000);
    sim.run_until(until);
    let world = sim.world();
    assert_ne!(world.node(old).role(), Role::Leader);
    assert!(
        world
            .node(old)
            .log()
            .entries()
            .iter()
            .all(|e| e.value != Some(111)),
        "the uncommitted entry was kept"
    );
    assert_eq!(world.node(old).log(), world.node(new).log());
    no_violations(&sim);
}

fn entries(terms: &[u64]) -> RaftLog {
    RaftLog::from_entries(terms.iter().map(|&term| Entry {
        term,
        value: Some(term * 10),
    }))
}

/// The five servers of Figure 8 before (c): all in term 3, S1 and S2 with
/// the term-2 entry at index 2, S5 with a term-3 entry there. No §8 no-op,
/// so that only the entries of the figure are in play.
fn figure_8_servers(seed: u64) -> Simulation<RaftNode> {
    let config = RaftConfig {
        noop_on_election: false,
        ..RaftConfig::default()
    };
    let logs: [&[u64]; 5] = [&[1, 2], &[1, 2], &[1], &[1], &[1, 3]];
    let servers = logs
        .iter()
        .map(|terms| RaftNode::with_durable_state(config, 3, None, entries(terms)))
        .collect();
    Simulation::new(fixed_latency(seed), servers)
}

/// Figure 8 (c): S5 is cut off while S1 wins term 4 with the votes of S2,
/// S3 and S4, and replicates its log to them.
fn figure_8_situation_c(seed: u64) -> Simulation<RaftNode> {
    let mut sim = figure_8_servers(seed);
    sim.run_to_step(5);
    fault(&mut sim, Fault::Partition(vec![vec![4]]));
    sim.inject(Action::Command {
        node: 0,
        command: Command::TimeoutNow,
    });
    let until = sim.world().now() + millis(60);
    sim.run_until(until);
    sim
}

/// Figure 8 (§5.4.2) starting from its situation (c): S1 leads term 4 and
/// has replicated the term-2 entry at index 2 on a majority (S1, S2, S3),
/// but must not count it committed — S5, whose log ends in term 3, could
/// still be elected and overwrite it, as in (d).
#[test]
fn figure_8_old_term_entry_is_not_committed_by_counting() {
    let mut sim = figure_8_situation_c(8);
    let world = sim.world();
    assert_eq!(
        (world.node(0).role(), world.node(0).term()),
        (Role::Leader, 4)
    );
    assert_eq!(
        world.node(2).log(),
        world.node(0).log(),
        "S3 now stores the term-2 entry"
    );
    assert_eq!(
        world.node(0).commit_index(),
        0,
        "index 2 is on a majority but from term 2: not committed"
    );
    // (d): S1 crashes; S5 returns and, with a log ending in term 3, wins
    // term 5 (its first try, term 4, finds the votes of term 4 taken).
    fault(&mut sim, Fault::Crash(0));
    fault(&mut sim, Fault::Heal);
    sim.inject(Action::Command {
        node: 4,
        command: Command::TimeoutNow,
    });
    sim.inject(Action::Command {
        node: 4,
        command: Command::TimeoutNow,
    });
    let until = sim.world().now() + millis(60);
    sim.run_until(until);
    let world = sim.world();
    assert_eq!(
        (world.node(4).role(), world.node(4).term()),
        (Role::Leader, 5)
    );
    assert_eq!(
        world.node(2).log().get(2).map(|e| e.term),
        Some(3),
        "S5 overwrote index 2 on S3"
    );
    no_violations(&sim);
}

/// Figure 8 (e): once S1 replicates an entry of its own term, that entry
/// and the term-2 entry before it commit, and S5 can no longer win.
#[test]
fn figure_8_entry_of_current_term_commits_the_prefix() {
    let mut sim = figure_8_situation_c(9);
    propose(&mut sim, 0, 44);
    let until = sim.world().now() + millis(60);
    sim.run_until(until);
    assert_eq!(sim.world().node(0).commit_index(), 3);
    fault(&mut sim, Fault::Crash(0));
    fault(&mut sim, Fault::Heal);
    sim.inject(Action::Command {
        node: 4,
        command: Command::TimeoutNow,
    });
    let until = sim.world().now() + millis(2_000);
    sim.run_until(until);
    let world = sim.world();
    assert_ne!(
        current_leader(world),
        Some(4),
        "S5 lacks committed entries and must lose"
    );
    let leader = current_leader(world).expect("another server leads");
    assert_eq!(
        world.node(leader).log().get(3).and_then(|e| e.value),
        Some(44)
    );
    no_violations(&sim);
}

/// §5.5: a follower that was down misses entries and, after restarting
/// with its durable log, is brought up to date by AppendEntries.
#[test]
fn restarted_follower_catches_up() {
    let mut sim = Simulation::new(fixed_latency(12), cluster(5, RaftConfig::default()));
    let leader = elect(&mut sim);
    let follower = (leader + 2) % 5;
    propose(&mut sim, leader, 1);
    let until = sim.world().now() + millis(100);
    sim.run_until(until);
    fault(&mut sim, Fault::Crash(follower));
    let until = sim.world().now() + millis(1_000);
    propose_steadily(&mut sim, until, millis(20), 100);
    let missed = sim.world().node(follower).log().last_index();
    let leader = current_leader(sim.world()).expect("leader");
    assert!(sim.world().node(leader).log().last_index() > missed + 30);
    fault(&mut sim, Fault::Restart(follower));
    assert_eq!(
        sim.world().node(follower).commit_index(),
        0,
        "commit index is volatile"
    );
    assert_eq!(
        sim.world().node(follower).log().last_index(),
        missed,
        "the log is durable"
    );
    let until = sim.world().now() + millis(500);
    sim.run_until(until);
    let world = sim.world();
    assert_eq!(world.node(follower).log(), world.node(leader).log());
    assert_eq!(
        world.node(follower).commit_index(),
        world.node(leader).commit_index()
    );
    no_violations(&sim);
}
