//! The commit process: the coordinator's rounds and the participants'
//! votes, shared by both protocols, and the dispatch to what each protocol
//! does on its own (`two_phase.rs`, `three_phase.rs`).

use super::config::CommitConfig;
use super::invariants::{CommitInvariants, CommitProcess};
use super::ledger::Ledger;
use super::traffic::Traffic;
use super::{
    COORDINATOR, Command, Decision, Message, Protocol, Timer, TxId, TxPhase, Vote, key_of,
};
use crate::sim::{Context, Node, NodeId};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;

/// Where the coordinator's current transaction stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RoundStage {
    /// Waiting for votes.
    Voting,
    /// 3PC: waiting for pre-commit acknowledgements.
    PreCommitting,
    /// The outcome is logged; waiting for acknowledgements.
    Deciding(Decision),
    /// 3PC: restarted while pre-committed; asking the participants.
    Recovering,
}

/// The coordinator's current transaction.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Round {
    pub tx: TxId,
    pub key: u8,
    pub votes: BTreeMap<NodeId, Vote>,
    /// Acknowledgements of the current stage.
    pub acks: BTreeSet<NodeId>,
    pub stage: RoundStage,
}

/// A process's bookkeeping for a transaction it is in doubt about
/// (volatile).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Doubt {
    /// It timed out waiting and is asking (2PC: blocked, holding its locks).
    pub asking: bool,
    /// It crashed after it voted (or began), so it may have missed messages.
    pub recovered: bool,
    /// 3PC: it leads the termination protocol.
    pub termination: Option<Termination>,
    /// 3PC recovery: the states heard since it last asked.
    pub replies: BTreeMap<NodeId, (TxPhase, bool)>,
}

/// 3PC: a participant leading the termination protocol.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Termination {
    pub states: BTreeMap<NodeId, TxPhase>,
    /// Once it chose to commit: the uncertain ones it pre-commits first.
    pub awaiting_acks: Option<BTreeSet<NodeId>>,
}

/// A coordinator (node 0) or participant running two- or three-phase
/// commit.
#[derive(Clone, Debug)]
pub struct CommitNode {
    pub(super) id: NodeId,
    pub(super) protocol: Protocol,
    pub(super) config: CommitConfig,
    /// Durable: survives a crash.
    pub(super) ledger: Ledger,
    /// Instrumentation: survives a crash.
    pub(super) traffic: Traffic,
    // Volatile below: lost in a crash.
    pub(super) round: Option<Round>,
    pub(super) extra: u32,
    pub(super) refuse_next: bool,
    pub(super) doubt: BTreeMap<TxId, Doubt>,
}

impl CommitNode {
    pub fn new(id: NodeId, protocol: Protocol, config: CommitConfig) -> Self {
        Self {
            id,
            protocol,
            config,
            ledger: Ledger::default(),
            traffic: Traffic::default(),
            round: None,
            extra: 0,
            refuse_next: false,
            doubt: BTreeMap::new(),
        }
    }

    pub fn id(&self) -> NodeId {
        self.id
    }

    pub fn protocol(&self) -> Protocol {
        self.protocol
    }

    pub fn config(&self) -> &CommitConfig {
        &self.config
    }

    pub fn is_coordinator(&self) -> bool {
        self.id == COORDINATOR
    }

    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    pub fn traffic(&self) -> &Traffic {
        &self.traffic
    }

    /// The coordinator's current transaction.
    pub fn round(&self) -> Option<&Round> {
        self.round.as_ref()
    }

    /// The newest transaction this process knows of.
    pub fn latest_tx(&self) -> Option<TxId> {
        let logged = self.ledger.wal().last_tx();
        let current = self.round.as_ref().map_or(0, |r| r.tx);
        Some(logged.max(current)).filter(|&tx| tx > 0)
    }

    /// Where this process stands on `tx`.
    pub fn phase(&self, tx: TxId) -> TxPhase {
        self.ledger.phase(tx)
    }

    /// In doubt about `tx` and waiting to be told: 2PC's *blocked* state,
    /// or a 3PC process that recovered after a total failure.
    pub fn is_blocked(&self, tx: TxId) -> bool {
        self.doubt.get(&tx).is_some_and(|d| d.asking) && self.ledger.decision(tx).is_none()
    }

    /// 3PC: leads the termination protocol for `tx`.
    pub fn is_terminating(&self, tx: TxId) -> bool {
        self.doubt.get(&tx).is_some_and(|d| d.termination.is_some())
    }

    /// Will vote no on the next vote request.
    pub fn refuses_next(&self) -> bool {
        self.refuse_next
    }

    /// This participant's place among the participants (node 1 is 0).
    pub(super) fn rank(&self) -> u64 {
        self.id.saturating_sub(1) as u64
    }

    pub(super) fn send(&mut self, cx: &mut Context<'_, Self>, to: NodeId, msg: Message) {
        if to != self.id {
            self.traffic.record(&msg);
            cx.send(to, msg);
        }
    }

    /// Sends `msg` to every participant but this one.
    pub(super) fn send_to_participants(&mut self, cx: &mut Context<'_, Self>, msg: Message) {
        for to in 1..cx.node_count() {
            self.send(cx, to, msg.clone());
        }
    }

    /// Sends `msg` to every other process, the coordinator included.
    pub(super) fn send_to_everyone(&mut self, cx: &mut Context<'_, Self>, msg: Message) {
        for to in 0..cx.node_count() {
            self.send(cx, to, msg.clone());
        }
    }

    fn participants(&self, cx: &Context<'_, Self>) -> usize {
        cx.node_count().saturating_sub(1)
    }

    // --- coordinator ----------------------------------------------------------------------

    fn wants_another(&self) -> bool {
        let begun = self.ledger.wal().last_tx();
        begun < u64::from(self.config.transactions) + u64::from(self.extra)
    }

    pub(super) fn next_transaction(&mut self, cx: &mut Context<'_, Self>) {
        if self.round.is_some() || !self.wants_another() {
            return;
        }
        let tx = self.ledger.wal().last_tx() + 1;
        let key = key_of(tx);
        self.ledger.begin(tx, key);
        self.round = Some(Round {
            tx,
            key,
            votes: BTreeMap::new(),
            acks: BTreeSet::new(),
            stage: RoundStage::Voting,
        });
        cx.note(format!("tx {tx} begins"));
        self.send_to_participants(cx, Message::VoteRequest { tx, key });
        cx.set_timer(Timer::Votes(tx), self.config.vote_timeout());
    }

    fn on_vote(&mut self, from: NodeId, tx: TxId, vote: Vote, cx: &mut Context<'_, Self>) {
        let participants = self.participants(cx);
        let Some(round) = self.round.as_mut().filter(|r| r.tx == tx) else {
            return;
        };
        if round.stage != RoundStage::Voting {
            return;
        }
        round.votes.insert(from, vote);
        if vote == Vote::No {
            self.decide(tx, Decision::Abort, cx);
        } else if round.votes.len() == participants && round.votes.values().all(|v| *v == Vote::Yes)
        {
            cx.cancel_timer(Timer::Votes(tx));
            match self.protocol {
                Protocol::TwoPhase => self.decide(tx, Decision::Commit, cx),
                Protocol::ThreePhase => self.pre_commit_round(tx, cx),
            }
        }
    }

    /// Logs the outcome, tells every participant, and waits for their
    /// acknowledgements.
    pub(super) fn decide(&mut self, tx: TxId, decision: Decision, cx: &mut Context<'_, Self>) {
        self.ledger.decide(tx, decision);
        let decision = self.ledger.decision(tx).unwrap_or(decision);
        if let Some(round) = self.round.as_mut().filter(|r| r.tx == tx) {
            round.stage = RoundStage::Deciding(decision);
            round.acks.clear();
        }
        cx.cancel_timer(Timer::Votes(tx));
        cx.note(format!("tx {tx}: {decision:?}"));
        self.send_to_participants(cx, Message::Decision { tx, decision });
        cx.set_timer(Timer::Acks(tx), self.config.retry());
    }

    fn on_ack(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        let participants = self.participants(cx);
        let Some(round) = self.round.as_mut().filter(|r| r.tx == tx) else {
            return;
        };
        if !matches!(round.stage, RoundStage::Deciding(_)) {
            return;
        }
        round.acks.insert(from);
        if round.acks.len() == participants {
            self.ledger.end(tx);
            self.round = None;
            cx.cancel_timer(Timer::Acks(tx));
            cx.set_timer(Timer::NextTransaction, self.config.gap);
        }
    }

    /// Resends the outcome to the participants that have not acknowledged.
    fn resend_outcome(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        let Some(round) = self.round.as_ref().filter(|r| r.tx == tx) else {
            return;
        };
        let RoundStage::Deciding(decision) = round.stage else {
            return;
        };
        let missing: alloc::vec::Vec<NodeId> = (1..cx.node_count())
            .filter(|p| !round.acks.contains(p))
            .collect();
        for to in missing {
            self.send(cx, to, Message::Decision { tx, decision });
        }
        cx.set_timer(Timer::Acks(tx), self.config.retry());
    }

    fn coordinator_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match timer {
            Timer::NextTransaction => self.next_transaction(cx),
            Timer::Votes(tx)
                if self
                    .round
                    .as_ref()
                    .is_some_and(|r| r.tx == tx && r.stage == RoundStage::Voting) =>
            {
                cx.note(format!("tx {tx}: votes late"));
                self.decide(tx, Decision::Abort, cx);
            }
            Timer::Acks(tx) => match self.round.as_ref().filter(|r| r.tx == tx).map(|r| r.stage) {
                Some(RoundStage::PreCommitting) => self.pre_commit_timed_out(tx, cx),
                Some(RoundStage::Deciding(_)) => self.resend_outcome(tx, cx),
                _ => {}
            },
            Timer::Ask(tx) => self.coordinator_asks(tx, cx),
            _ => {}
        }
    }

    /// The coordinator learns an outcome from someone else (3PC: a
    /// termination protocol decided while it was down).
    fn coordinator_learns(&mut self, tx: TxId, decision: Decision, cx: &mut Context<'_, Self>) {
        if self.ledger.decision(tx).is_some() {
            return;
        }
        let current = self.round.as_ref().is_some_and(|r| r.tx == tx);
        if current {
            cx.cancel_timer(Timer::Ask(tx));
            self.doubt.remove(&tx);
            self.decide(tx, decision, cx);
        } else {
            self.ledger.decide(tx, decision);
        }
    }

    fn coordinator_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        match msg {
            Message::Vote { tx, vote } => self.on_vote(from, tx, vote, cx),
            Message::Ack { tx } => self.on_ack(from, tx, cx),
            Message::PreCommitAck { tx } => self.on_pre_commit_ack(from, tx, cx),
            Message::Decision { tx, decision } => self.coordinator_learns(tx, decision, cx),
            Message::DecisionRequest { tx } => match self.protocol {
                Protocol::TwoPhase => self.tell_outcome(from, tx, cx),
                Protocol::ThreePhase => self.answer_request(from, tx, cx),
            },
            Message::State {
                tx,
                phase,
                recovered,
            } => self.on_state(from, tx, phase, recovered, cx),
            _ => {}
        }
    }

    // --- participant ----------------------------------------------------------------------

    fn on_vote_request(&mut self, tx: TxId, key: u8, cx: &mut Context<'_, Self>) {
        let first = self.ledger.record(tx).vote.is_none();
        let vote = self.ledger.vote(tx, key, self.refuse_next);
        if first {
            self.refuse_next = false;
            if vote == Vote::No {
                cx.note(format!("votes no on tx {tx}"));
            }
        }
        self.send(cx, COORDINATOR, Message::Vote { tx, vote });
        if vote == Vote::Yes && self.ledger.decision(tx).is_none() {
            cx.set_timer(Timer::Outcome(tx), self.config.outcome_timeout(self.rank()));
        }
    }

    /// Learns the outcome (from the coordinator, or a peer that knows).
    pub(super) fn learn(
        &mut self,
        from: NodeId,
        tx: TxId,
        decision: Decision,
        cx: &mut Context<'_, Self>,
    ) {
        if self.ledger.decide(tx, decision) {
            self.no_longer_in_doubt(tx, cx);
        }
        if from == COORDINATOR {
            self.send(cx, COORDINATOR, Message::Ack { tx });
        }
    }

    /// The outcome of `tx` is logged: drop its bookkeeping and its timers.
    pub(super) fn no_longer_in_doubt(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        self.doubt.remove(&tx);
        for timer in [
            Timer::Outcome(tx),
            Timer::Ask(tx),
            Timer::Collect(tx),
            Timer::TerminationAcks(tx),
        ] {
            cx.cancel_timer(timer);
        }
    }

    fn participant_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        match (msg, self.protocol) {
            (Message::VoteRequest { tx, key }, _) => self.on_vote_request(tx, key, cx),
            (Message::Decision { tx, decision }, _) => self.learn(from, tx, decision, cx),
            (Message::DecisionRequest { tx }, Protocol::TwoPhase) => self.answer_peer(from, tx, cx),
            (Message::DecisionRequest { tx }, Protocol::ThreePhase) => {
                self.answer_request(from, tx, cx)
            }
            (Message::PreCommit { tx }, _) => self.on_pre_commit(from, tx, cx),
            (Message::PreCommitAck { tx }, _) => self.on_termination_ack(from, tx, cx),
            (Message::StateRequest { tx }, _) => self.on_state_request(from, tx, cx),
            (
                Message::State {
                    tx,
                    phase,
                    recovered,
                },
                _,
            ) => self.on_state(from, tx, phase, recovered, cx),
            _ => {}
        }
    }

    fn participant_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match (timer, self.protocol) {
            (Timer::Outcome(tx), Protocol::TwoPhase) => self.block(tx, cx),
            (Timer::Ask(tx), Protocol::TwoPhase) => self.ask(tx, cx),
            (Timer::Outcome(tx), Protocol::ThreePhase) => self.start_termination(tx, cx),
            (Timer::Ask(tx), Protocol::ThreePhase) => self.recovery_round(tx, cx),
            (Timer::Collect(tx), _) => self.termination_decides(tx, cx),
            (Timer::TerminationAcks(tx), _) => self.termination_commits(tx, cx),
            _ => {}
        }
    }
}

impl CommitProcess for CommitNode {
    fn ledger(&self) -> &Ledger {
        &self.ledger
    }
}

impl core::hash::Hash for CommitNode {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.ledger.hash(state);
        self.round.hash(state);
        self.doubt.hash(state);
    }
}

impl Node for CommitNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = CommitInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        if self.is_coordinator() && self.config.transactions > 0 {
            cx.set_timer(Timer::NextTransaction, self.config.gap);
        }
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        if self.is_coordinator() {
            self.coordinator_message(from, msg, cx);
        } else {
            self.participant_message(from, msg, cx);
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        if self.is_coordinator() {
            self.coordinator_timer(timer, cx);
        } else {
            self.participant_timer(timer, cx);
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        match cmd {
            Command::Begin if self.is_coordinator() => {
                self.extra += 1;
                self.next_transaction(cx);
            }
            Command::VoteNoNext if !self.is_coordinator() => {
                self.refuse_next = true;
                cx.note("will vote no");
            }
            _ => cx.note("not for this node"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        self.round = None;
        self.extra = 0;
        self.refuse_next = false;
        self.doubt.clear();
        self.ledger.recover_locks();
        if self.is_coordinator() {
            self.coordinator_recovers(cx);
        } else {
            self.participant_recovers(cx);
        }
    }
}

impl CommitNode {
    /// The coordinator reads its log: a transaction begun and not decided
    /// is aborted (2PC, and 3PC before pre-commit), a pre-committed one is
    /// asked about (3PC), a decided one not ended is announced again.
    fn coordinator_recovers(&mut self, cx: &mut Context<'_, Self>) {
        let unfinished = self
            .ledger
            .wal()
            .transactions()
            .find(|(_, r)| r.begun && !r.ended)
            .map(|(tx, r)| (tx, *r));
        let Some((tx, record)) = unfinished else {
            cx.set_timer(Timer::NextTransaction, self.config.gap);
            return;
        };
        let key = record.key.unwrap_or_else(|| key_of(tx));
        let stage = match (record.decision, record.pre_committed) {
            (Some(d), _) => RoundStage::Deciding(d),
            (None, true) => RoundStage::Recovering,
            (None, false) => RoundStage::Voting,
        };
        self.round = Some(Round {
            tx,
            key,
            votes: BTreeMap::new(),
            acks: BTreeSet::new(),
            stage,
        });
        match stage {
            RoundStage::Voting => {
                cx.note(format!("recovers: tx {tx} undecided, aborts it"));
                self.decide(tx, Decision::Abort, cx);
            }
            RoundStage::Recovering => {
                cx.note(format!("recovers: tx {tx} pre-committed, asks"));
                self.doubt.insert(
                    tx,
                    Doubt {
                        asking: true,
                        recovered: true,
                        ..Doubt::default()
                    },
                );
                self.coordinator_asks(tx, cx);
            }
            _ => {
                cx.note(format!("recovers: tx {tx} decided, tells again"));
                self.resend_outcome(tx, cx);
            }
        }
    }

    fn participant_recovers(&mut self, cx: &mut Context<'_, Self>) {
        let in_doubt: alloc::vec::Vec<TxId> = self.ledger.in_doubt().collect();
        for tx in in_doubt {
            self.doubt.insert(
                tx,
                Doubt {
                    recovered: true,
                    ..Doubt::default()
                },
            );
            cx.note(format!("recovers in doubt about tx {tx}"));
            match self.protocol {
                Protocol::TwoPhase => self.block(tx, cx),
                Protocol::ThreePhase => self.recovery_round(tx, cx),
            }
        }
    }
}
