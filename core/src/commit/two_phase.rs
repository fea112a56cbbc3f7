//! What only two-phase commit does: a participant that voted yes and hears
//! nothing is **blocked** — it may not decide alone, so it keeps its locks
//! and asks the coordinator (and, with the cooperative termination protocol
//! of Bernstein et al. 1987, §7.4, the other participants) until someone who
//! knows answers.
//!
//! Under cooperative termination a participant asked about a transaction it
//! never voted on may abort it on the spot: the coordinator cannot commit
//! without its vote, and when the vote request arrives later it votes no. A
//! participant that is itself in doubt answers "uncertain"; if every
//! participant it can reach voted yes and none knows the outcome, it stays
//! blocked — the case that motivated three-phase commit.

use super::node::CommitNode;
use super::{COORDINATOR, Decision, Message, Timer, TxId, TxPhase};
use crate::sim::{Context, NodeId};
use alloc::format;

impl CommitNode {
    /// The outcome is late: blocked, holding the transaction's locks.
    pub(super) fn block(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        if self.ledger.decision(tx).is_some() {
            return;
        }
        let doubt = self.doubt.entry(tx).or_default();
        if !doubt.asking {
            doubt.asking = true;
            cx.note(format!("blocked on tx {tx}"));
        }
        self.ask(tx, cx);
    }

    /// Asks the coordinator — and, cooperatively, every other participant —
    /// for the outcome, and again after a while.
    pub(super) fn ask(&mut self, tx: TxId, cx: &mut Context<'_, Self>) {
        if self.ledger.decision(tx).is_some() {
            return;
        }
        self.send(cx, COORDINATOR, Message::DecisionRequest { tx });
        if self.config.cooperative {
            for peer in 1..cx.node_count() {
                self.send(cx, peer, Message::DecisionRequest { tx });
            }
        }
        cx.set_timer(Timer::Ask(tx), self.config.retry());
    }

    /// Coordinator: answers a participant's question if the log has the
    /// outcome.
    pub(super) fn tell_outcome(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        if let Some(decision) = self.ledger.decision(tx) {
            self.send(cx, from, Message::Decision { tx, decision });
        }
    }

    /// Participant: answers a peer in doubt (cooperative termination).
    pub(super) fn answer_peer(&mut self, from: NodeId, tx: TxId, cx: &mut Context<'_, Self>) {
        match self.ledger.phase(tx) {
            TxPhase::Committed | TxPhase::Aborted => self.tell_outcome(from, tx, cx),
            TxPhase::Init if self.config.cooperative => {
                // Never voted: aborting is safe, and a late vote request
                // will get a no.
                self.ledger.decide(tx, Decision::Abort);
                cx.note(format!("aborts tx {tx} before voting"));
                self.send(
                    cx,
                    from,
                    Message::Decision {
                        tx,
                        decision: Decision::Abort,
                    },
                );
            }
            TxPhase::Uncertain => self.send(cx, from, Message::Uncertain { tx }),
            _ => {}
        }
    }
}
