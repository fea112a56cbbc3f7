//! One Multi-Paxos node: acceptor and learner always, candidate or leader
//! when elected by ballot.

use super::acceptor::SlotAcceptor;
use super::learner::Learner;
use super::{Ballot, Command, LogValue, Message, MultiPaxosInvariants, Slot, Timer};
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;
use rand::RngExt;

/// A node's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

/// Timing parameters and the demonstration knob.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MultiPaxosConfig {
    pub election_timeout_min: Time,
    pub election_timeout_max: Time,
    pub heartbeat_interval: Time,
    /// How many unchosen slots the leader re-sends per heartbeat.
    pub max_resend: usize,
    /// **For demonstration only: breaks safety.** A new leader ignores the
    /// proposals reported in promises and fills every slot it does not
    /// know to be chosen with a no-op.
    pub unsafe_ignore_promised_values: bool,
}

impl Default for MultiPaxosConfig {
    fn default() -> Self {
        Self {
            election_timeout_min: millis(150),
            election_timeout_max: millis(300),
            heartbeat_interval: millis(50),
            max_resend: 16,
            unsafe_ignore_promised_values: false,
        }
    }
}

/// A leader's proposal for one slot not yet chosen.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Proposal {
    pub value: LogValue,
    pub accepted: BTreeSet<NodeId>,
}

/// One Multi-Paxos node.
#[derive(Clone, Debug)]
pub struct MultiPaxosNode {
    pub config: MultiPaxosConfig,
    // Durable.
    acceptor: SlotAcceptor,
    learner: Learner,
    highest_round: u64,
    // Volatile.
    id: NodeId,
    nodes: usize,
    role: Role,
    ballot: Option<Ballot>,
    leader: Option<NodeId>,
    prepare_from: Slot,
    promises: BTreeMap<NodeId, Vec<(Slot, Ballot, LogValue)>>,
    proposals: BTreeMap<Slot, Proposal>,
    next_slot: Slot,
    // What the latest handler changed (for the checker and the page).
    recent_accepts: Vec<(Slot, Ballot, LogValue)>,
    recent_learns: Vec<(Slot, LogValue)>,
}

impl MultiPaxosNode {
    pub fn new(config: MultiPaxosConfig) -> Self {
        Self {
            config,
            acceptor: SlotAcceptor::default(),
            learner: Learner::default(),
            highest_round: 0,
            id: 0,
            nodes: 0,
            role: Role::Follower,
            ballot: None,
            leader: None,
            prepare_from: 1,
            promises: BTreeMap::new(),
            proposals: BTreeMap::new(),
            next_slot: 1,
            recent_accepts: Vec::new(),
            recent_learns: Vec::new(),
        }
    }

    pub fn role(&self) -> Role {
        self.role
    }
    /// The ballot this node leads or campaigns with.
    pub fn ballot(&self) -> Option<Ballot> {
        self.ballot
    }
    /// The leader this node follows (itself when leading).
    pub fn leader(&self) -> Option<NodeId> {
        self.leader
    }
    /// The acceptor's promise (one for all slots).
    pub fn promised(&self) -> Option<Ballot> {
        self.acceptor.promised()
    }
    /// The acceptor's accepted ballot and value per slot: the log to draw,
    /// coloured by ballot.
    pub fn accepted(&self) -> &BTreeMap<Slot, (Ballot, LogValue)> {
        self.acceptor.accepted()
    }
    /// The chosen log and the applied prefix.
    pub fn learner(&self) -> &Learner {
        &self.learner
    }
    /// The leader's slots in phase 2.
    pub fn proposals(&self) -> &BTreeMap<Slot, Proposal> {
        &self.proposals
    }
    /// The slot the leader will give the next command.
    pub fn next_slot(&self) -> Slot {
        self.next_slot
    }
    /// The acceptances of the latest handler this node ran.
    pub fn recent_accepts(&self) -> &[(Slot, Ballot, LogValue)] {
        &self.recent_accepts
    }
    /// The slots the latest handler learned.
    pub fn recent_learns(&self) -> &[(Slot, LogValue)] {
        &self.recent_learns
    }

    fn majority(&self) -> usize {
        self.nodes / 2 + 1
    }

    fn begin_handler(&mut self) {
        self.recent_accepts.clear();
        self.recent_learns.clear();
    }

    fn see(&mut self, ballot: Ballot) {
        self.highest_round = self.highest_round.max(ballot.round);
    }

    fn reset_election_timer(&mut self, cx: &mut Context<'_, Self>) {
        let (min, max) = (
            self.config.election_timeout_min,
            self.config.election_timeout_max,
        );
        let timeout = if max > min {
            cx.rng().random_range(min..=max)
        } else {
            min
        };
        cx.set_timer(Timer::Election, timeout);
    }

    fn step_down(&mut self, cx: &mut Context<'_, Self>) {
        if self.role != Role::Follower {
            cx.note("step down");
        }
        self.role = Role::Follower;
        self.ballot = None;
        self.promises.clear();
        self.proposals.clear();
        cx.cancel_timer(Timer::Heartbeat);
        self.reset_election_timer(cx);
    }

    fn learn(&mut self, slot: Slot, value: LogValue) {
        if self.learner.learn(slot, value) {
            self.recent_learns.push((slot, value));
        }
    }

    fn accept_locally(
        &mut self,
        ballot: Ballot,
        slot: Slot,
        value: LogValue,
    ) -> Result<(), Ballot> {
        self.acceptor.accept(ballot, slot, value)?;
        self.recent_accepts.push((slot, ballot, value));
        Ok(())
    }

    fn start_election(&mut self, cx: &mut Context<'_, Self>) {
        self.highest_round += 1;
        let ballot = Ballot::new(self.highest_round, self.id);
        cx.note(format!("campaign {ballot}"));
        self.role = Role::Candidate;
        self.ballot = Some(ballot);
        self.leader = None;
        self.proposals.clear();
        self.promises.clear();
        self.prepare_from = self.learner.applied() + 1;
        cx.cancel_timer(Timer::Heartbeat);
        self.reset_election_timer(cx);
        let from = self.prepare_from;
        cx.broadcast(Message::Prepare { ballot, from });
        if let Ok(accepted) = self.acceptor.prepare(ballot, from) {
            self.on_promise(self.id, ballot, accepted, cx);
        }
    }

    fn on_promise(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        accepted: Vec<(Slot, Ballot, LogValue)>,
        cx: &mut Context<'_, Self>,
    ) {
        if self.role != Role::Candidate || self.ballot != Some(ballot) {
            return;
        }
        self.promises.insert(from, accepted);
        if self.promises.len() >= self.majority() {
            self.become_leader(ballot, cx);
        }
    }

    /// Phase 1 is done for every slot: re-propose what the promises
    /// reported (highest ballot per slot), fill gaps with no-ops.
    fn become_leader(&mut self, ballot: Ballot, cx: &mut Context<'_, Self>) {
        let mut reported: BTreeMap<Slot, (Ballot, LogValue)> = BTreeMap::new();
        for &(slot, b, v) in self.promises.values().flatten() {
            if reported.get(&slot).is_none_or(|&(best, _)| b > best) {
                reported.insert(slot, (b, v));
            }
        }
        let top = [
            reported.keys().next_back().copied(),
            self.learner.chosen().keys().next_back().copied(),
        ]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(0)
        .max(self.prepare_from - 1);
        cx.note(format!(
            "lead {ballot}: slots {}..={top}",
            self.prepare_from
        ));
        self.role = Role::Leader;
        self.leader = Some(self.id);
        self.promises.clear();
        cx.cancel_timer(Timer::Election);
        for slot in self.prepare_from..=top {
            if self.learner.get(slot).is_some() {
                continue;
            }
            let value = match reported.get(&slot) {
                Some(&(_, v)) if !self.config.unsafe_ignore_promised_values => v,
                _ => LogValue::Noop,
            };
            self.propose(slot, value, cx);
        }
        self.next_slot = top + 1;
        self.heartbeat(cx);
    }

    fn propose(&mut self, slot: Slot, value: LogValue, cx: &mut Context<'_, Self>) {
        let Some(ballot) = self.ballot else { return };
        self.proposals.insert(
            slot,
            Proposal {
                value,
                accepted: BTreeSet::new(),
            },
        );
        cx.broadcast(Message::Accept {
            ballot,
            slot,
            value,
        });
        if self.accept_locally(ballot, slot, value).is_ok() {
            self.on_accepted(self.id, ballot, slot, cx);
        }
    }

    fn on_accepted(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        cx: &mut Context<'_, Self>,
    ) {
        if self.role != Role::Leader || self.ballot != Some(ballot) {
            return;
        }
        let majority = self.majority();
        let Some(proposal) = self.proposals.get_mut(&slot) else {
            return;
        };
        proposal.accepted.insert(from);
        if proposal.accepted.len() >= majority {
            let value = proposal.value;
            self.proposals.remove(&slot);
            self.learn(slot, value);
            cx.broadcast(Message::Chosen { slot, value });
        }
    }

    fn heartbeat(&mut self, cx: &mut Context<'_, Self>) {
        let Some(ballot) = self.ballot else { return };
        cx.broadcast(Message::Heartbeat {
            ballot,
            chosen_prefix: self.learner.applied(),
        });
        let resend: Vec<(Slot, LogValue, BTreeSet<NodeId>)> = self
            .proposals
            .iter()
            .take(self.config.max_resend)
            .map(|(&s, p)| (s, p.value, p.accepted.clone()))
            .collect();
        for (slot, value, accepted) in resend {
            for to in cx
                .peers()
                .filter(|p| !accepted.contains(p))
                .collect::<Vec<_>>()
            {
                cx.send(
                    to,
                    Message::Accept {
                        ballot,
                        slot,
                        value,
                    },
                );
            }
        }
        cx.set_timer(Timer::Heartbeat, self.config.heartbeat_interval);
    }

    /// A message from a leader or candidate with `ballot` that we admit:
    /// anyone with a lower ballot of their own gives way.
    fn yield_to(&mut self, ballot: Ballot, cx: &mut Context<'_, Self>) {
        if self.ballot.is_some_and(|mine| mine < ballot) {
            self.step_down(cx);
        }
    }

    fn on_prepare(&mut self, from: NodeId, ballot: Ballot, slot: Slot, cx: &mut Context<'_, Self>) {
        match self.acceptor.prepare(ballot, slot) {
            Ok(accepted) => {
                cx.send(from, Message::Promise { ballot, accepted });
                self.yield_to(ballot, cx);
                if self.role == Role::Follower {
                    self.leader = None;
                    self.reset_election_timer(cx);
                }
            }
            Err(promised) => cx.send(from, Message::Reject { ballot, promised }),
        }
    }

    fn on_accept(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        slot: Slot,
        value: LogValue,
        cx: &mut Context<'_, Self>,
    ) {
        match self.accept_locally(ballot, slot, value) {
            Ok(()) => {
                cx.send(from, Message::Accepted { ballot, slot });
                self.follow(ballot, cx);
            }
            Err(promised) => cx.send(from, Message::Reject { ballot, promised }),
        }
    }

    fn follow(&mut self, ballot: Ballot, cx: &mut Context<'_, Self>) {
        self.yield_to(ballot, cx);
        if self.role == Role::Follower {
            self.leader = Some(ballot.proposer);
            self.reset_election_timer(cx);
        }
    }

    fn on_heartbeat(
        &mut self,
        from: NodeId,
        ballot: Ballot,
        prefix: Slot,
        cx: &mut Context<'_, Self>,
    ) {
        if self.acceptor.promised().is_some_and(|p| ballot < p) {
            let promised = self.acceptor.promised().unwrap_or(ballot);
            cx.send(from, Message::Reject { ballot, promised });
            return;
        }
        self.follow(ballot, cx);
        if self.learner.applied() < prefix {
            cx.send(
                from,
                Message::CatchUp {
                    from: self.learner.applied() + 1,
                },
            );
        }
    }

    fn on_catch_up(&mut self, to: NodeId, from: Slot, cx: &mut Context<'_, Self>) {
        let batch: Vec<(Slot, LogValue)> = self
            .learner
            .chosen()
            .range(from..)
            .take(32)
            .map(|(&s, &v)| (s, v))
            .collect();
        for (slot, value) in batch {
            cx.send(to, Message::Chosen { slot, value });
        }
    }
}

impl Node for MultiPaxosNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = MultiPaxosInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.begin_handler();
        self.id = cx.id();
        self.nodes = cx.node_count();
        self.reset_election_timer(cx);
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        self.begin_handler();
        match msg {
            Message::Prepare { ballot, from: slot } => {
                self.see(ballot);
                self.on_prepare(from, ballot, slot, cx);
            }
            Message::Promise { ballot, accepted } => self.on_promise(from, ballot, accepted, cx),
            Message::Accept {
                ballot,
                slot,
                value,
            } => {
                self.see(ballot);
                self.on_accept(from, ballot, slot, value, cx);
            }
            Message::Accepted { ballot, slot } => self.on_accepted(from, ballot, slot, cx),
            Message::Reject { ballot, promised } => {
                self.see(promised);
                if self.ballot == Some(ballot) {
                    cx.note(format!("{ballot} rejected: promised {promised}"));
                    self.step_down(cx);
                }
            }
            Message::Chosen { slot, value } => self.learn(slot, value),
            Message::Heartbeat {
                ballot,
                chosen_prefix,
            } => {
                self.see(ballot);
                self.on_heartbeat(from, ballot, chosen_prefix, cx);
            }
            Message::CatchUp { from: slot } => self.on_catch_up(from, slot, cx),
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        self.begin_handler();
        match timer {
            Timer::Election if self.role != Role::Leader => self.start_election(cx),
            Timer::Election => {}
            Timer::Heartbeat if self.role == Role::Leader => self.heartbeat(cx),
            Timer::Heartbeat => {}
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        self.begin_handler();
        match cmd {
            Command::Submit(command) if self.role == Role::Leader => {
                let slot = self.next_slot;
                self.next_slot += 1;
                cx.note(format!("slot {slot} = {command}"));
                self.propose(slot, LogValue::Command(command), cx);
            }
            Command::Submit(_) => cx.note("not the leader"),
            Command::TimeoutNow if self.role != Role::Leader => self.start_election(cx),
            Command::TimeoutNow => {}
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        self.begin_handler();
        self.id = cx.id();
        self.nodes = cx.node_count();
        if let Some(p) = self.acceptor.promised() {
            self.see(p);
        }
        self.role = Role::Follower;
        self.ballot = None;
        self.leader = None;
        self.promises.clear();
        self.proposals.clear();
        self.reset_election_timer(cx);
    }
}
