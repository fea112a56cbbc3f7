//! Checkpoints, garbage collection and state transfer (§4.3).
//!
//! After every `checkpoint_interval` executions a replica multicasts the
//! digest of its state (the service state and the last reply per client).
//! `2f + 1` matching checkpoint messages make that state *stable*: the low
//! watermark moves up and the log below it is discarded. A replica that
//! finds itself behind a stable checkpoint asks the replicas that vouched
//! for it for the state, and adopts a reply only if its digest is the
//! certified one — one honest replica among the `2f + 1` suffices.

use super::node::PbftNode;
use super::replica::Replica;
use super::{Message, Snapshot};
use crate::sim::{Context, NodeId, stable_hash};
use alloc::format;
use alloc::vec::Vec;

impl Replica {
    pub(super) fn take_checkpoint(&mut self, cx: &mut Context<'_, PbftNode>) {
        let snapshot = self.snapshot.clone();
        let (seq, d) = (snapshot.seq, stable_hash(&snapshot));
        self.own_checkpoints.insert(seq, snapshot);
        self.multicast(&Message::Checkpoint { seq, digest: d }, cx);
        self.on_checkpoint(self.id, seq, d, cx);
    }

    pub(super) fn on_checkpoint(
        &mut self,
        from: NodeId,
        seq: u64,
        d: u64,
        cx: &mut Context<'_, PbftNode>,
    ) {
        if seq <= self.stable || from >= self.n() {
            return;
        }
        let quorum = 2 * self.f() + 1;
        let voters = self
            .checkpoints
            .entry(seq)
            .or_default()
            .entry(d)
            .or_default();
        voters.insert(from);
        let count = voters.len();
        if count < quorum {
            return;
        }
        let vouching: Vec<NodeId> = voters.iter().copied().filter(|&v| v != self.id).collect();
        match self.own_checkpoints.get(&seq) {
            Some(mine) if stable_hash(mine) == d => {
                let mine = mine.clone();
                self.make_stable(mine, cx);
            }
            _ if self.snapshot.seq < seq && count == quorum => {
                cx.note(format!("behind checkpoint {seq}: fetch state"));
                for to in vouching {
                    cx.send(to, Message::FetchState { seq });
                }
            }
            _ => {}
        }
    }

    /// Whether `2f + 1` replicas vouched for this snapshot's digest.
    fn certified(&self, snapshot: &Snapshot) -> bool {
        let d = stable_hash(snapshot);
        self.checkpoints
            .get(&snapshot.seq)
            .and_then(|by_digest| by_digest.get(&d))
            .is_some_and(|voters| voters.len() > 2 * self.f())
    }

    fn make_stable(&mut self, snapshot: Snapshot, cx: &mut Context<'_, PbftNode>) {
        let seq = snapshot.seq;
        if seq <= self.stable {
            return;
        }
        self.stable = seq;
        self.stable_snapshot = snapshot;
        self.pre_prepares.retain(|&(_, s), _| s > seq);
        self.prepares.retain(|&(_, s, _), _| s > seq);
        self.commits.retain(|&(_, s, _), _| s > seq);
        self.sent_commit.retain(|&(_, s)| s > seq);
        self.votes_cast.retain(|&(_, s, _)| s > seq);
        self.committed.retain(|&s, _| s > seq);
        self.checkpoints.retain(|&s, _| s > seq);
        self.own_checkpoints.retain(|&s, _| s > seq);
        self.next_seq = self.next_seq.max(seq);
        let _ = cx;
    }

    pub(super) fn on_fetch_state(
        &mut self,
        from: NodeId,
        seq: u64,
        cx: &mut Context<'_, PbftNode>,
    ) {
        if from < self.n() && self.stable >= seq && self.stable > 0 {
            cx.send(from, Message::State(self.stable_snapshot.clone()));
        }
    }

    pub(super) fn on_state(&mut self, snapshot: Snapshot, cx: &mut Context<'_, PbftNode>) {
        if snapshot.seq <= self.snapshot.seq || !self.certified(&snapshot) {
            return;
        }
        cx.note(format!("state transfer to {}", snapshot.seq));
        self.snapshot = snapshot.clone();
        let replies = &self.snapshot.replies;
        self.requests
            .retain(|&(client, ts), _| replies.get(&client).is_none_or(|&(done, _)| ts > done));
        self.make_stable(snapshot, cx);
        self.execute(cx);
    }
}
