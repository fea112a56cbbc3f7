//! What only three-phase commit does (Skeen 1981; Bernstein et al. 1987,
//! §7.5).
//!
//! * **Pre-commit round.** Once every vote is yes the coordinator logs
//!   PRE-COMMIT and tells the participants; only when they have all
//!   acknowledged (or the acknowledgement timeout says the silent ones
//!   crashed) does it log COMMIT and send DO-COMMIT.
//! * **Termination protocol.** A participant that times out while
//!   uncertain or pre-committed becomes the new coordinator if no
//!   lower-numbered participant already is (candidates time out in turn, a
//!   few latency bounds apart, and a candidate that hears from a lower one
//!   steps aside). It collects the states of the participants it can reach
//!   and applies the rule: anyone aborted → abort; anyone committed →
//!   commit; anyone pre-committed → pre-commit the uncertain ones, then
//!   commit; everyone uncertain → abort. A participant asked before it
//!   voted aborts (the coordinator cannot have pre-committed without its
//!   vote).
//! * **Recovery.** A process that crashed after voting may have missed the
//!   pre-commit, so it never leads the termination protocol: it asks
//!   everyone. It decides only after a *total failure* — when every process
//!   answered and every one of them crashed after voting — by the same rule
//!   over all the states (Skeen's "last process to fail" condition, checked
//!   here by hearing from everybody).
//!
//! The rule is safe only if silence means a crash. Under a partition each
//! side runs the termination protocol on its own: a side holding a
//! pre-committed participant commits while a side of uncertain ones aborts.

use super::node::{CommitNode, RoundStage, Termination};
use super::{COORDINATOR, Decision, Message, Timer, TxId, TxPhase};
use crate::sim::{Context, NodeId};
use alloc::collections::BTreeSet;
use alloc::format;

/// What the termination rule says to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Plan {
    Abort,
    Commit,
    PreCommitThenCommit,
}

/// The termination rule over the states collected.
fn termination_rule(phases: impl Iterator<Item = TxPhase> + Clone) -> Plan {
    let any = |want: TxPhase| phases.clone().any(|p| p == want);
    if any(TxPhase::Aborted) {
        Plan::Abort
    } else if any(TxPhase::Committed) {
        Plan::Commit
    } else if any(TxPhase::PreCommitted) {
        Plan::PreCommitThenCommit
    } else {
        Plan::Abort
    }
}

impl CommitNode {
    // --- coordinator ----------------------------------------------------------------------

    /// Every vote was yes: log PRE-COMMIT and tell the participants.
    pub(super) fn pre_commit_round(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        self.ledger.pre_commit(tx);
        if let Some(round) = self.round.as_mut().filter(|r| r.tx == tx) {
            round.stage = RoundStage::PreCommitting;
            round.acks.clear();
        }
        self.send_to_participants(cx, Message::PreCommit { tx });
        cx.set_timer(Timer::Acks(tx), self.config.ack_timeout());
    }

    pub(super) fn on_pre_commit_ack(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        let participants = cx.node_count() - 1;
        let Some(round) = self.round.as_mut().filter(|r| r.tx == tx) else {
            return;
        };
        if round.stage != RoundStage::PreCommitting {
            return;
        }
        round.acks.insert(from);
        if round.acks.len() == participants {
            cx.cancel_timer(Timer::Acks(tx));
            self.decide(tx, Decision::Commit, cx);
        }
    }

    /// Pre-commit acknowledgements are late: the silent participants are
    /// taken to have crashed (they will ask when they recover), so commit.
    pub(super) fn pre_commit_timed_out(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        cx.note(format!("tx {tx}: pre-commit acks late, commits"));
        self.decide(tx, Decision::Commit, cx);
    }

    /// The recovering coordinator asks, as a recovered participant does.
    pub(super) fn coordinator_asks(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        if self
            .round
            .as_ref()
            .is_some_and(|r| r.tx == tx && r.stage == RoundStage::Recovering)
        {
            self.recovery_round(tx, cx);
        }
    }

    // --- everyone -------------------------------------------------------------------------

    /// Answers "what is your state?" — from a recovering process or, for a
    /// participant, the termination protocol's coordinator.
    pub(super) fn answer_request(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        let mut phase = self.ledger.phase(tx);
        if phase == TxPhase::Init && !self.is_coordinator() {
            self.ledger.decide(tx, Decision::Abort);
            cx.note(format!("aborts tx {tx} before voting"));
            phase = TxPhase::Aborted;
        }
        let recovered = self.doubt.get(&tx).is_some_and(|d| d.recovered);
        self.send(
            cx,
            from,
            Message::State {
                tx,
                phase,
                recovered,
            },
        );
    }

    /// A state arrived: an outcome is adopted, anything else goes to the
    /// termination protocol or the recovery round that asked.
    pub(super) fn on_state(
        &mut self,
        from: NodeId,
        tx: TxId,
        phase: TxPhase,
        recovered: bool,
        cx: &mut Context<'_, Self>,
    ) {
        if self.ledger.decision(tx).is_some() {
            return;
        }
        if let Some(decision) = phase.decision() {
            self.announce(tx, decision, cx);
            return;
        }
        let Some(doubt) = self.doubt.get_mut(&tx) else {
            return;
        };
        if let Some(termination) = doubt.termination.as_mut() {
            if termination.awaiting_acks.is_none() {
                termination.states.insert(from, phase);
            }
        } else if doubt.asking {
            doubt.replies.insert(from, (phase, recovered));
        }
    }

    /// Logs the outcome and tells every process. The coordinator then
    /// waits for acknowledgements as usual.
    fn announce(&mut self, tx: TxId, decision: Decision, cx: &mut Context<'_, Self>) {
        if self.is_coordinator() {
            self.doubt.remove(&tx);
            cx.cancel_timer(Timer::Ask(tx));
            if self.round.as_ref().is_some_and(|r| r.tx == tx) {
                self.decide(tx, decision, cx);
            } else {
                self.ledger.decide(tx, decision);
            }
            return;
        }
        if self.ledger.decide(tx, decision) {
            cx.note(format!("tx {tx}: {decision:?} (termination)"));
        }
        self.no_longer_in_doubt(tx, cx);
        let decision = self.ledger.decision(tx).unwrap_or(decision);
        self.send_to_everyone(cx, Message::Decision { tx, decision });
    }

    /// A process that crashed after voting asks everyone; once every
    /// process has answered and every one crashed after voting too (a total
    /// failure), it decides by the termination rule over all of them.
    pub(super) fn recovery_round(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        if self.ledger.decision(tx).is_some() {
            return;
        }
        let mine = self.ledger.phase(tx);
        let everyone = cx.node_count() - 1;
        let doubt = self.doubt.entry(tx).or_default();
        doubt.asking = true;
        let total_failure = doubt.recovered
            && doubt.replies.len() == everyone
            && doubt.replies.values().all(|(_, recovered)| *recovered);
        if total_failure {
            let phases = doubt
                .replies
                .values()
                .map(|(p, _)| *p)
                .chain(core::iter::once(mine));
            let decision = match termination_rule(phases) {
                Plan::Abort => Decision::Abort,
                Plan::Commit | Plan::PreCommitThenCommit => Decision::Commit,
            };
            cx.note(format!("tx {tx}: everyone recovered, decides {decision:?}"));
            self.announce(tx, decision, cx);
            return;
        }
        doubt.replies.clear();
        self.send_to_everyone(cx, Message::DecisionRequest { tx });
        cx.set_timer(Timer::Ask(tx), self.config.retry());
    }

    // --- participant ----------------------------------------------------------------------

    pub(super) fn on_pre_commit(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        let entered = self.ledger.pre_commit(tx);
        if self.ledger.phase(tx) != TxPhase::PreCommitted {
            return;
        }
        self.send(cx, from, Message::PreCommitAck { tx });
        let recovered = self.doubt.get(&tx).is_some_and(|d| d.recovered);
        if entered && !recovered {
            cx.set_timer(Timer::Outcome(tx), self.config.outcome_timeout(self.rank()));
        }
    }

    /// The termination protocol's coordinator asks for this participant's
    /// state.
    pub(super) fn on_state_request(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        if from == COORDINATOR {
            return;
        }
        let leading = self.is_terminating(tx);
        if leading && from > self.id {
            // The other candidate steps aside when it hears this one.
            return;
        }
        if leading {
            if let Some(doubt) = self.doubt.get_mut(&tx) {
                doubt.termination = None;
            }
            cx.cancel_timer(Timer::Collect(tx));
            cx.cancel_timer(Timer::TerminationAcks(tx));
            cx.note(format!("steps aside for node {from}"));
        }
        self.answer_request(from, tx, cx);
        let recovered = self.doubt.get(&tx).is_some_and(|d| d.recovered);
        if self.ledger.decision(tx).is_none() && !recovered {
            // Wait for that coordinator; lead in turn if it falls silent.
            let patience =
                self.config.outcome_timeout(self.rank()) + 2 * self.config.collect_window();
            cx.set_timer(Timer::Outcome(tx), patience);
        }
    }

    /// The outcome is late: lead the termination protocol.
    pub(super) fn start_termination(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        let phase = self.ledger.phase(tx);
        if phase.decision().is_some() || phase == TxPhase::Init {
            return;
        }
        let doubt = self.doubt.entry(tx).or_default();
        if doubt.recovered {
            return;
        }
        let mut termination = Termination::default();
        termination.states.insert(self.id, phase);
        doubt.termination = Some(termination);
        cx.note(format!("leads termination of tx {tx}"));
        for peer in 1..cx.node_count() {
            self.send(cx, peer, Message::StateRequest { tx });
        }
        cx.set_timer(Timer::Collect(tx), self.config.collect_window());
    }

    /// The states are in: apply the rule.
    pub(super) fn termination_decides(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        let mine = self.ledger.phase(tx);
        let Some(termination) = self.doubt.get_mut(&tx).and_then(|d| d.termination.as_mut()) else {
            return;
        };
        termination.states.insert(self.id, mine);
        let plan = termination_rule(termination.states.values().copied());
        match plan {
            Plan::Abort => self.announce(tx, Decision::Abort, cx),
            Plan::Commit => self.announce(tx, Decision::Commit, cx),
            Plan::PreCommitThenCommit => {
                let uncertain: BTreeSet<NodeId> = termination
                    .states
                    .iter()
                    .filter(|(id, p)| **id != self.id && **p == TxPhase::Uncertain)
                    .map(|(id, _)| *id)
                    .collect();
                self.ledger.pre_commit(tx);
                if uncertain.is_empty() {
                    self.announce(tx, Decision::Commit, cx);
                    return;
                }
                for &peer in &uncertain {
                    self.send(cx, peer, Message::PreCommit { tx });
                }
                if let Some(t) = self.doubt.get_mut(&tx).and_then(|d| d.termination.as_mut()) {
                    t.awaiting_acks = Some(uncertain);
                }
                cx.set_timer(Timer::TerminationAcks(tx), self.config.ack_timeout());
            }
        }
    }

    pub(super) fn on_termination_ack(
        &mut self,
        from: NodeId,
        tx: TxId,
        cx: &mut Context<'_, Self>,
    ) {
        let Some(waiting) = self
            .doubt
            .get_mut(&tx)
            .and_then(|d| d.termination.as_mut())
            .and_then(|t| t.awaiting_acks.as_mut())
        else {
            return;
        };
        waiting.remove(&from);
        if waiting.is_empty() {
            self.termination_commits(tx, cx);
        }
    }

    /// The uncertain ones are pre-committed (or silent, hence crashed):
    /// commit.
    pub(super) fn termination_commits(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        let committing = self
            .doubt
            .get(&tx)
            .and_then(|d| d.termination.as_ref())
            .is_some_and(|t| t.awaiting_acks.is_some());
        if committing {
            self.announce(tx, Decision::Commit, cx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_termination_rule() {
        use TxPhase::*;
        let plan = |states: &[TxPhase]| termination_rule(states.iter().copied());
        assert_eq!(plan(&[Uncertain, Uncertain]), Plan::Abort);
        assert_eq!(plan(&[Uncertain, PreCommitted]), Plan::PreCommitThenCommit);
        assert_eq!(plan(&[PreCommitted, Committed]), Plan::Commit);
        assert_eq!(plan(&[PreCommitted, Aborted]), Plan::Abort);
    }
}
