//! One Paxos node: proposer, acceptor and learner in one process.

use super::acceptor::Acceptor;
use super::{Ballot, Command, Message, PaxosInvariants, Timer, Value};
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::collections::BTreeSet;
use alloc::format;
use rand::RngExt;

/// What a rejected proposer does before its next round.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Backoff {
    /// Retry at once with a higher ballot: duelling proposers can livelock.
    None,
    /// Wait a uniformly random time in `[0, max]` first.
    Randomized { max: Time },
}

/// Paxos parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PaxosConfig {
    pub backoff: Backoff,
    /// A round that has not finished after this long is retried.
    pub round_timeout: Time,
    /// **For demonstration only: breaks safety.** The proposer ignores the
    /// accepted proposals reported in promises and always proposes its own
    /// value (it drops rule P2c of "Paxos Made Simple").
    pub unsafe_ignore_promised_value: bool,
}

impl Default for PaxosConfig {
    fn default() -> Self {
        Self {
            backoff: Backoff::Randomized { max: millis(60) },
            round_timeout: millis(200),
            unsafe_ignore_promised_value: false,
        }
    }
}

/// Where this node's proposer is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ProposerPhase {
    /// Not proposing (no client value, or the value is learned).
    Idle,
    /// Phase 1 of `ballot`: the promises so far and the highest accepted
    /// proposal they reported.
    Preparing {
        ballot: Ballot,
        promises: BTreeSet<NodeId>,
        highest: Option<(Ballot, Value)>,
    },
    /// Phase 2 of `ballot` with `value`: the acceptors that accepted.
    Accepting {
        ballot: Ballot,
        value: Value,
        accepted: BTreeSet<NodeId>,
    },
    /// Rejected; the next round starts when the retry timer fires.
    BackingOff,
}

/// One Paxos node.
#[derive(Clone, Debug)]
pub struct PaxosNode {
    pub config: PaxosConfig,
    // Durable.
    acceptor: Acceptor,
    learned: Option<Value>,
    highest_round: u64,
    proposed: BTreeSet<Value>,
    // Volatile.
    id: NodeId,
    nodes: usize,
    proposal: Option<Value>,
    phase: ProposerPhase,
    rounds_started: u64,
}

impl PaxosNode {
    pub fn new(config: PaxosConfig) -> Self {
        Self {
            config,
            acceptor: Acceptor::default(),
            learned: None,
            highest_round: 0,
            proposed: BTreeSet::new(),
            id: 0,
            nodes: 0,
            proposal: None,
            phase: ProposerPhase::Idle,
            rounds_started: 0,
        }
    }

    /// The acceptor's promised ballot.
    pub fn promised(&self) -> Option<Ballot> {
        self.acceptor.promised()
    }
    /// The acceptor's accepted ballot and value.
    pub fn accepted(&self) -> Option<(Ballot, Value)> {
        self.acceptor.accepted()
    }
    /// The value this node has learned is chosen.
    pub fn learned(&self) -> Option<Value> {
        self.learned
    }
    /// Every value a client gave this node.
    pub fn proposed(&self) -> &BTreeSet<Value> {
        &self.proposed
    }
    /// The value this node's proposer is trying to get chosen.
    pub fn proposal(&self) -> Option<Value> {
        self.proposal
    }
    pub fn phase(&self) -> &ProposerPhase {
        &self.phase
    }
    /// Rounds (ballots) this node has started since its last restart.
    pub fn rounds_started(&self) -> u64 {
        self.rounds_started
    }
    /// The ballot of the round in progress, if any.
    pub fn current_ballot(&self) -> Option<Ballot> {
        match &self.phase {
            ProposerPhase::Preparing { ballot, .. } | ProposerPhase::Accepting { ballot, .. } => {
                Some(*ballot)
            }
            _ => None,
        }
    }

    fn majority(&self) -> usize {
        self.nodes / 2 + 1
    }

    fn see(&mut self, ballot: Ballot) {
        self.highest_round = self.highest_round.max(ballot.round);
    }

    fn start_round(&mut self, cx: &mut Context<'_, Self>) {
        if self.learned.is_some() || self.proposal.is_none() {
            self.phase = ProposerPhase::Idle;
            return;
        }
        self.highest_round += 1;
        self.rounds_started += 1;
        let ballot = Ballot::new(self.highest_round, self.id);
        cx.note(format!("prepare {ballot}"));
        self.phase = ProposerPhase::Preparing {
            ballot,
            promises: BTreeSet::new(),
            highest: None,
        };
        cx.set_timer(Timer::Retry, self.config.round_timeout);
        cx.broadcast(Message::Prepare { ballot });
        let me = self.id;
        match self.acceptor.prepare(ballot) {
            Ok(accepted) => self.on_promise(me, ballot, accepted, cx),
            Err(promised) => self.on_reject(ballot, promised, cx),
        }
    }

    fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        reported: Option<(Ballot, Value)>,
        cx: &mut Context<'_, Self>,
    ) {
        let majority = self.majority();
        let ProposerPhase::Preparing {
            ballot: current,
            promises,
            highest,
        } = &mut self.phase
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        promises.insert(from);
        if reported.is_some_and(|r| highest.is_none_or(|h| r.0 > h.0)) {
            *highest = reported;
        }
        if promises.len() < majority {
            return;
        }
        let own = self.proposal.unwrap_or_default();
        let value = match *highest {
            Some((_, v)) if !self.config.unsafe_ignore_promised_value => v,
            _ => own,
        };
        cx.note(format!("accept {ballot} = {value}"));
        self.phase = ProposerPhase::Accepting {
            ballot,
            value,
            accepted: BTreeSet::new(),
        };
        cx.broadcast(Message::Accept { ballot, value });
        let me = self.id;
        match self.acceptor.accept(ballot, value) {
            Ok(()) => self.on_accepted(me, ballot, cx),
            Err(promised) => self.on_reject(ballot, promised, cx),
        }
    }

    fn on_accepted(&mut self, from: NodeId, ballot: Ballot, cx: &mut Context<'_, Self>) {
        let majority = self.majority();
        let ProposerPhase::Accepting {
            ballot: current,
            value,
            accepted,
        } = &mut self.phase
        else {
            return;
        };
        if *current != ballot {
            return;
        }
        accepted.insert(from);
        if accepted.len() >= majority {
            let value = *value;
            self.learn(value, cx);
            cx.broadcast(Message::Chosen { value });
        }
    }

    fn on_reject(&mut self, ballot: Ballot, promised: Ballot, cx: &mut Context<'_, Self>) {
        self.see(promised);
        if self.current_ballot() == Some(ballot) {
            self.preempted(ballot, promised, cx);
        }
    }

    /// Our round `ballot` cannot finish: an acceptor (perhaps our own)
    /// promised the higher `by`. Start again, at once or after a backoff.
    fn preempted(&mut self, ballot: Ballot, by: Ballot, cx: &mut Context<'_, Self>) {
        cx.note(format!("{ballot} pre-empted by {by}"));
        match self.config.backoff {
            Backoff::None => self.start_round(cx),
            Backoff::Randomized { max } => {
                self.phase = ProposerPhase::BackingOff;
                let wait = cx.rng().random_range(0..=max);
                cx.set_timer(Timer::Retry, wait);
            }
        }
    }

    fn learn(&mut self, value: Value, cx: &mut Context<'_, Self>) {
        if self.learned.is_none() {
            cx.note(format!("learned {value}"));
        }
        self.learned = Some(value);
        self.phase = ProposerPhase::Idle;
        cx.cancel_timer(Timer::Retry);
    }
}

impl Node for PaxosNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = PaxosInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.id = cx.id();
        self.nodes = cx.node_count();
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        if let Some(value) = self.learned
            && matches!(msg, Message::Prepare { .. } | Message::Accept { .. })
        {
            cx.send(from, Message::Chosen { value });
            return;
        }
        match msg {
            Message::Prepare { ballot } => {
                self.see(ballot);
                let reply = match self.acceptor.prepare(ballot) {
                    Ok(accepted) => Message::Promise { ballot, accepted },
                    Err(promised) => Message::Reject { ballot, promised },
                };
                cx.send(from, reply);
                // Our own acceptor now refuses our round.
                if let Some(mine) = self.current_ballot().filter(|&mine| mine < ballot) {
                    self.preempted(mine, ballot, cx);
                }
            }
            Message::Accept { ballot, value } => {
                self.see(ballot);
                let reply = match self.acceptor.accept(ballot, value) {
                    Ok(()) => Message::Accepted { ballot, value },
                    Err(promised) => Message::Reject { ballot, promised },
                };
                cx.send(from, reply);
            }
            Message::Promise { ballot, accepted } => self.on_promise(from, ballot, accepted, cx),
            Message::Accepted { ballot, .. } => self.on_accepted(from, ballot, cx),
            Message::Reject { ballot, promised } => self.on_reject(ballot, promised, cx),
            Message::Chosen { value } => self.learn(value, cx),
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match timer {
            Timer::Retry => self.start_round(cx),
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        match cmd {
            Command::Propose(value) => {
                if let Some(chosen) = self.learned {
                    cx.note(format!("already chose {chosen}"));
                    return;
                }
                self.proposed.insert(value);
                self.proposal = Some(value);
                if matches!(self.phase, ProposerPhase::Idle) {
                    self.start_round(cx);
                }
            }
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        self.id = cx.id();
        self.nodes = cx.node_count();
        self.proposal = None;
        self.phase = ProposerPhase::Idle;
        self.rounds_started = 0;
    }
}
