//! One Fast Paxos node: an acceptor and a client proxy; node 0 is also
//! the coordinator and the learner that announces the decision.

use super::acceptor::FastAcceptor;
use super::pick::pick_value;
use super::{Command, FastPaxosInvariants, Message, Round, Timer, Value, quorums};
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

/// The coordinator's node id.
pub const COORDINATOR: NodeId = 0;

/// Parameters and the demonstration knob.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FastPaxosConfig {
    /// A round not decided after this long is followed by a classic one.
    pub round_timeout: Time,
    /// **For demonstration only: breaks safety.** Recovery picks the
    /// value of the highest round reported with the fewest votes instead
    /// of the one a fast quorum may have chosen.
    pub unsafe_ignore_fast_quorum_rule: bool,
}

impl Default for FastPaxosConfig {
    fn default() -> Self {
        Self {
            round_timeout: millis(150),
            unsafe_ignore_fast_quorum_rule: false,
        }
    }
}

/// Where the coordinator is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum CoordinatorPhase {
    /// Not the coordinator, or not started.
    Idle,
    /// A fast round: the votes reported so far, by acceptor.
    Fast {
        round: Round,
        votes: BTreeMap<NodeId, Value>,
    },
    /// Phase 1 of a classic round: the promises so far.
    Preparing {
        round: Round,
        promises: BTreeMap<NodeId, Option<(Round, Value)>>,
    },
    /// Phase 2 of a classic round.
    Accepting {
        round: Round,
        value: Value,
        accepted: BTreeSet<NodeId>,
    },
    /// The value is chosen.
    Done { value: Value },
}

/// One Fast Paxos node.
#[derive(Clone, Debug)]
pub struct FastPaxosNode {
    pub config: FastPaxosConfig,
    // Durable.
    acceptor: FastAcceptor,
    learned: Option<Value>,
    proposed: BTreeSet<Value>,
    last_round: u64,
    collisions: u64,
    // Volatile.
    id: NodeId,
    nodes: usize,
    phase: CoordinatorPhase,
    /// Client values the coordinator has seen (a free choice picks one).
    known: BTreeSet<Value>,
}

impl FastPaxosNode {
    pub fn new(config: FastPaxosConfig) -> Self {
        Self {
            config,
            acceptor: FastAcceptor::default(),
            learned: None,
            proposed: BTreeSet::new(),
            last_round: 0,
            collisions: 0,
            id: 0,
            nodes: 0,
            phase: CoordinatorPhase::Idle,
            known: BTreeSet::new(),
        }
    }

    /// The acceptor's state: promised round, vote, open fast round.
    pub fn acceptor(&self) -> &FastAcceptor {
        &self.acceptor
    }
    pub fn learned(&self) -> Option<Value> {
        self.learned
    }
    /// Values clients gave this node.
    pub fn proposed(&self) -> &BTreeSet<Value> {
        &self.proposed
    }
    /// The coordinator's phase (always `Idle` at other nodes).
    pub fn phase(&self) -> &CoordinatorPhase {
        &self.phase
    }
    /// The coordinator's current round, with its kind.
    pub fn round(&self) -> Option<Round> {
        match &self.phase {
            CoordinatorPhase::Fast { round, .. }
            | CoordinatorPhase::Preparing { round, .. }
            | CoordinatorPhase::Accepting { round, .. } => Some(*round),
            _ => None,
        }
    }
    /// Fast rounds the coordinator found collided (the collision marker).
    pub fn collisions(&self) -> u64 {
        self.collisions
    }

    fn is_coordinator(&self) -> bool {
        self.id == COORDINATOR
    }

    fn learn(&mut self, value: Value, cx: &mut Context<'_, Self>) {
        if self.learned.is_none() {
            cx.note(format!("learned {value}"));
            self.learned = Some(value);
        }
    }

    // --- acceptor side -------------------------------------------------

    fn vote(&mut self, round: Round, value: Value, cx: &mut Context<'_, Self>) {
        if self.is_coordinator() {
            self.on_accepted(self.id, round, value, cx);
        } else {
            cx.send(COORDINATOR, Message::Accepted { round, value });
        }
    }

    fn on_propose(&mut self, from: NodeId, value: Value, cx: &mut Context<'_, Self>) {
        if let Some(chosen) = self.learned {
            if from != self.id {
                cx.send(from, Message::Chosen { value: chosen });
            }
            return;
        }
        if self.is_coordinator() {
            self.known.insert(value);
        }
        if let Some(round) = self.acceptor.propose(value) {
            self.vote(round, value, cx);
        }
    }

    // --- coordinator side ----------------------------------------------

    fn open_fast_round(&mut self, cx: &mut Context<'_, Self>) {
        let round = Round::FIRST;
        self.last_round = self.last_round.max(round.number);
        self.phase = CoordinatorPhase::Fast {
            round,
            votes: BTreeMap::new(),
        };
        cx.note("fast round 1");
        cx.broadcast(Message::Any { round });
        self.acceptor.open(round);
        cx.set_timer(Timer::Round, self.config.round_timeout);
    }

    fn start_classic_round(&mut self, cx: &mut Context<'_, Self>) {
        if self.learned.is_some() {
            return;
        }
        self.last_round += 1;
        let round = Round::classic(self.last_round);
        cx.note(format!("classic round {}", round.number));
        self.phase = CoordinatorPhase::Preparing {
            round,
            promises: BTreeMap::new(),
        };
        cx.broadcast(Message::Prepare { round });
        cx.set_timer(Timer::Round, self.config.round_timeout);
        if let Some(accepted) = self.acceptor.prepare(round) {
            self.on_promise(self.id, round, accepted, cx);
        }
    }

    fn decide(&mut self, value: Value, cx: &mut Context<'_, Self>) {
        self.phase = CoordinatorPhase::Done { value };
        cx.cancel_timer(Timer::Round);
        self.learn(value, cx);
        cx.broadcast(Message::Chosen { value });
    }

    fn on_accepted(
        &mut self,
        from: NodeId,
        round: Round,
        value: Value,
        cx: &mut Context<'_, Self>,
    ) {
        let (classic, fast) = quorums(self.nodes);
        match &mut self.phase {
            CoordinatorPhase::Fast { round: r, votes } if *r == round => {
                votes.insert(from, value);
                let mut tally: BTreeMap<Value, usize> = BTreeMap::new();
                for v in votes.values() {
                    *tally.entry(*v).or_insert(0) += 1;
                }
                let (best_value, best) = tally
                    .iter()
                    .max_by_key(|&(_, &c)| c)
                    .map(|(&v, &c)| (v, c))
                    .unwrap_or((value, 0));
                let missing = self.nodes - votes.len();
                if best >= fast {
                    cx.note(format!("fast quorum for {best_value}"));
                    self.decide(best_value, cx);
                } else if best + missing < fast {
                    self.collisions += 1;
                    cx.note(format!("collision in round {}", round.number));
                    self.start_classic_round(cx);
                }
            }
            CoordinatorPhase::Accepting {
                round: r,
                value: v,
                accepted,
            } if *r == round && *v == value => {
                accepted.insert(from);
                if accepted.len() >= classic {
                    let value = *v;
                    self.decide(value, cx);
                }
            }
            _ => {}
        }
    }

    fn on_promise(
        &mut self,
        from: NodeId,
        round: Round,
        accepted: Option<(Round, Value)>,
        cx: &mut Context<'_, Self>,
    ) {
        let (classic, fast) = quorums(self.nodes);
        let CoordinatorPhase::Preparing { round: r, promises } = &mut self.phase else {
            return;
        };
        if *r != round {
            return;
        }
        promises.insert(from, accepted);
        if promises.len() < classic {
            return;
        }
        let reported: Vec<Option<(Round, Value)>> = promises.values().copied().collect();
        let careful = !self.config.unsafe_ignore_fast_quorum_rule;
        let Some(value) = pick_value(&reported, self.nodes, fast, careful)
            .or_else(|| self.known.iter().next().copied())
        else {
            return; // nothing to propose yet; the round timer retries
        };
        cx.note(format!("round {}: propose {value}", round.number));
        self.phase = CoordinatorPhase::Accepting {
            round,
            value,
            accepted: BTreeSet::new(),
        };
        cx.broadcast(Message::Accept { round, value });
        if self.acceptor.accept(round, value) {
            self.on_accepted(self.id, round, value, cx);
        }
    }
}

impl Node for FastPaxosNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = FastPaxosInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.id = cx.id();
        self.nodes = cx.node_count();
        if self.is_coordinator() {
            self.open_fast_round(cx);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        if let Some(value) = self.learned
            && matches!(
                msg,
                Message::Any { .. } | Message::Prepare { .. } | Message::Accept { .. }
            )
        {
            cx.send(from, Message::Chosen { value });
            return;
        }
        match msg {
            Message::Any { round } => self.acceptor.open(round),
            Message::Propose { value } => self.on_propose(from, value, cx),
            Message::Prepare { round } => {
                if let Some(accepted) = self.acceptor.prepare(round) {
                    cx.send(from, Message::Promise { round, accepted });
                }
            }
            Message::Accept { round, value } => {
                if self.acceptor.accept(round, value) {
                    cx.send(from, Message::Accepted { round, value });
                }
            }
            Message::Promise { round, accepted } => self.on_promise(from, round, accepted, cx),
            Message::Accepted { round, value } => self.on_accepted(from, round, value, cx),
            Message::Chosen { value } => {
                self.learn(value, cx);
                if self.is_coordinator() && !matches!(self.phase, CoordinatorPhase::Done { .. }) {
                    self.phase = CoordinatorPhase::Done { value };
                    cx.cancel_timer(Timer::Round);
                }
            }
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match timer {
            Timer::Round if self.is_coordinator() => self.start_classic_round(cx),
            Timer::Round => {}
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        let Command::Propose(value) = cmd;
        self.proposed.insert(value);
        cx.note(format!("client proposes {value}"));
        cx.broadcast(Message::Propose { value });
        self.on_propose(self.id, value, cx);
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        self.id = cx.id();
        self.nodes = cx.node_count();
        self.known.clear();
        self.phase = CoordinatorPhase::Idle;
        if self.is_coordinator() {
            match self.learned {
                Some(value) => self.phase = CoordinatorPhase::Done { value },
                // Never reopen a fast round: recover with a classic one.
                None => self.start_classic_round(cx),
            }
        }
    }
}
