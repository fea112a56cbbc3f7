//! A PBFT replica's normal case (§4.2): pre-prepare, prepare, commit,
//! execute in sequence order and reply; its Byzantine behaviours.
//! Checkpoints are in `checkpoint.rs`, view changes in `view_change.rs`.

use super::node::{PbftConfig, PbftNode};
use super::request::apply;
use super::{Behaviour, Message, Payload, Request, Snapshot, Timer, ViewChangeInfo, digest};
use crate::sim::{Context, NodeId, Time};
use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::vec::Vec;

/// XOR-ed into digests by a replica sending wrong digests.
pub(super) const CORRUPT: u64 = 0x5bd1_e995_5bd1_e995;
/// XOR-ed into results by a replica lying to the client.
const LIE: u64 = 0xdead_beef;

/// Where a sequence number stands at one replica: the PBFT phase matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Phase {
    PrePrepared,
    Prepared,
    Committed,
    Executed,
}

/// One replica.
#[derive(Clone, Debug)]
pub struct Replica {
    pub config: PbftConfig,
    pub(super) id: NodeId,
    pub(super) behaviour: Behaviour,
    pub(super) view: u64,
    /// False while changing views.
    pub(super) active: bool,
    pub(super) next_seq: u64,
    pub(super) pre_prepares: BTreeMap<(u64, u64), (u64, Payload)>,
    pub(super) prepares: BTreeMap<(u64, u64, u64), BTreeSet<NodeId>>,
    pub(super) commits: BTreeMap<(u64, u64, u64), BTreeSet<NodeId>>,
    pub(super) sent_commit: BTreeSet<(u64, u64)>,
    pub(super) votes_cast: BTreeSet<(u64, u64, u64)>,
    pub(super) committed: BTreeMap<u64, (u64, Payload)>,
    /// The state after the last executed sequence number.
    pub(super) snapshot: Snapshot,
    pub(super) results: BTreeMap<(NodeId, u64), u64>,
    pub(super) checkpoints: BTreeMap<u64, BTreeMap<u64, BTreeSet<NodeId>>>,
    pub(super) own_checkpoints: BTreeMap<u64, Snapshot>,
    pub(super) stable: u64,
    pub(super) stable_snapshot: Snapshot,
    /// Requests known and not yet executed.
    pub(super) requests: BTreeMap<(NodeId, u64), Request>,
    pub(super) timer_running: bool,
    pub(super) vc_timeout: Time,
    pub(super) view_changes: BTreeMap<u64, BTreeMap<NodeId, ViewChangeInfo>>,
    pub(super) new_view_sent: u64,
    /// The latest NewView this replica sent as a primary, with its view.
    pub(super) new_view_msg: Option<(u64, Message)>,
    pub(super) recent_commits: Vec<(u64, u64)>,
    pub(super) recent_results: Vec<((NodeId, u64), u64)>,
}

impl Replica {
    pub fn new(config: PbftConfig) -> Self {
        Self {
            config,
            id: 0,
            behaviour: Behaviour::Honest,
            view: 0,
            active: true,
            next_seq: 0,
            pre_prepares: BTreeMap::new(),
            prepares: BTreeMap::new(),
            commits: BTreeMap::new(),
            sent_commit: BTreeSet::new(),
            votes_cast: BTreeSet::new(),
            committed: BTreeMap::new(),
            snapshot: Snapshot::default(),
            results: BTreeMap::new(),
            checkpoints: BTreeMap::new(),
            own_checkpoints: BTreeMap::new(),
            stable: 0,
            stable_snapshot: Snapshot::default(),
            requests: BTreeMap::new(),
            timer_running: false,
            vc_timeout: config.view_change_timeout,
            view_changes: BTreeMap::new(),
            new_view_sent: 0,
            new_view_msg: None,
            recent_commits: Vec::new(),
            recent_results: Vec::new(),
        }
    }

    // --- what the page draws and the checker reads ---------------------

    pub fn view(&self) -> u64 {
        self.view
    }
    /// False while a view change is in progress.
    pub fn in_normal_operation(&self) -> bool {
        self.active
    }
    pub fn primary(&self) -> NodeId {
        self.primary_of(self.view)
    }
    pub fn behaviour(&self) -> Behaviour {
        self.behaviour
    }
    pub fn is_honest(&self) -> bool {
        self.behaviour == Behaviour::Honest
    }
    /// The last executed sequence number.
    pub fn last_executed(&self) -> u64 {
        self.snapshot.seq
    }
    /// The service state (a hash chain of executed operations).
    pub fn state(&self) -> u64 {
        self.snapshot.state
    }
    /// The low watermark: the latest stable checkpoint.
    pub fn stable_checkpoint(&self) -> u64 {
        self.stable
    }
    /// Committed sequence numbers above the stable checkpoint.
    pub fn committed(&self) -> &BTreeMap<u64, (u64, Payload)> {
        &self.committed
    }
    /// The result of every request this replica executed.
    pub fn results(&self) -> &BTreeMap<(NodeId, u64), u64> {
        &self.results
    }
    /// Requests this replica knows of and has not executed.
    pub fn waiting(&self) -> impl Iterator<Item = &Request> {
        self.requests.values()
    }
    /// Commits made by the latest handler: (seq, digest).
    pub fn recent_commits(&self) -> &[(u64, u64)] {
        &self.recent_commits
    }
    /// Executions by the latest handler: ((client, timestamp), result).
    pub fn recent_results(&self) -> &[((NodeId, u64), u64)] {
        &self.recent_results
    }

    /// The phase of `seq` at this replica (in its current view, unless
    /// already committed or executed).
    pub fn phase(&self, seq: u64) -> Option<Phase> {
        if seq <= self.snapshot.seq {
            return Some(Phase::Executed);
        }
        if self.committed.contains_key(&seq) {
            return Some(Phase::Committed);
        }
        let (d, _) = self.pre_prepares.get(&(self.view, seq))?;
        if self.is_prepared(self.view, seq, *d) {
            Some(Phase::Prepared)
        } else {
            Some(Phase::PrePrepared)
        }
    }

    /// The sequence numbers this replica knows anything about, above its
    /// stable checkpoint (for the phase matrix).
    pub fn known_seqs(&self) -> BTreeSet<u64> {
        let mut seqs: BTreeSet<u64> = self.committed.keys().copied().collect();
        seqs.extend(self.pre_prepares.keys().map(|&(_, s)| s));
        seqs.retain(|&s| s > self.stable);
        seqs
    }

    // --- helpers -------------------------------------------------------

    pub(super) fn n(&self) -> usize {
        self.config.replicas()
    }
    pub(super) fn f(&self) -> usize {
        self.config.f
    }
    pub(super) fn primary_of(&self, view: u64) -> NodeId {
        (view % self.n() as u64) as NodeId
    }
    pub(super) fn multicast(&self, msg: &Message, cx: &mut Context<'_, PbftNode>) {
        for to in (0..self.n()).filter(|&r| r != self.id) {
            cx.send(to, msg.clone());
        }
    }
    pub(super) fn is_prepared(&self, view: u64, seq: u64, d: u64) -> bool {
        let primary = self.primary_of(view);
        let backups = self
            .prepares
            .get(&(view, seq, d))
            .map_or(0, |s| s.iter().filter(|&&i| i != primary).count());
        backups >= 2 * self.f()
    }
    fn executed(&self, request: &Request) -> bool {
        self.snapshot
            .replies
            .get(&request.client)
            .is_some_and(|&(ts, _)| ts >= request.timestamp)
    }
    fn wire(&self, d: u64) -> u64 {
        if self.behaviour == Behaviour::WrongDigests {
            d ^ CORRUPT
        } else {
            d
        }
    }

    // --- handlers ------------------------------------------------------

    pub(super) fn on_start(&mut self, cx: &mut Context<'_, PbftNode>) {
        self.id = cx.id();
    }

    pub(super) fn behave(&mut self, behaviour: Behaviour, cx: &mut Context<'_, PbftNode>) {
        self.recent_commits.clear();
        self.recent_results.clear();
        cx.note(format!("now {}", behaviour.name()));
        self.behaviour = behaviour;
    }

    pub(super) fn on_restart(&mut self, cx: &mut Context<'_, PbftNode>) {
        self.recent_commits.clear();
        self.recent_results.clear();
        self.id = cx.id();
        self.timer_running = false;
        if !self.active || !self.requests.is_empty() {
            self.timer_running = true;
            cx.set_timer(Timer::ViewChange, self.vc_timeout);
        }
    }

    pub(super) fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, PbftNode>) {
        self.recent_commits.clear();
        self.recent_results.clear();
        if timer != Timer::ViewChange {
            return;
        }
        self.timer_running = false;
        if self.behaviour == Behaviour::Silent {
            return;
        }
        self.view_change_timeout(cx);
    }

    pub(super) fn on_message(
        &mut self,
        from: NodeId,
        msg: Message,
        cx: &mut Context<'_, PbftNode>,
    ) {
        self.recent_commits.clear();
        self.recent_results.clear();
        if self.behaviour == Behaviour::Silent {
            return;
        }
        match msg {
            Message::Request(request) => self.on_request(from, request, cx),
            Message::PrePrepare {
                view,
                seq,
                digest,
                payload,
            } => self.on_pre_prepare(from, view, seq, digest, payload, cx),
            Message::Prepare { view, seq, digest } => {
                if view == self.view && self.active && from < self.n() {
                    self.prepares
                        .entry((view, seq, digest))
                        .or_default()
                        .insert(from);
                    self.echo(view, seq, digest, cx);
                    self.try_progress(view, seq, cx);
                }
            }
            Message::Commit { view, seq, digest } => {
                if view == self.view && self.active && from < self.n() {
                    self.commits
                        .entry((view, seq, digest))
                        .or_default()
                        .insert(from);
                    self.echo(view, seq, digest, cx);
                    self.try_progress(view, seq, cx);
                }
            }
            Message::Reply { .. } => {}
            Message::Checkpoint { seq, digest } => self.on_checkpoint(from, seq, digest, cx),
            Message::FetchState { seq } => self.on_fetch_state(from, seq, cx),
            Message::State(snapshot) => self.on_state(snapshot, cx),
            Message::ViewChange { view, info } => self.on_view_change(from, view, info, cx),
            Message::NewView {
                view,
                proofs,
                pre_prepares,
            } => self.on_new_view(from, view, proofs, pre_prepares, cx),
        }
    }

    fn on_request(&mut self, from: NodeId, request: Request, cx: &mut Context<'_, PbftNode>) {
        if let Some(&(ts, result)) = self.snapshot.replies.get(&request.client) {
            if ts == request.timestamp {
                self.reply(request.client, ts, result, cx);
            }
            if ts >= request.timestamp {
                return;
            }
        }
        let key = (request.client, request.timestamp);
        if from == request.client && self.requests.contains_key(&key) && self.active {
            // The client is still waiting: what we sent may have been lost.
            self.retransmit(cx);
        }
        self.requests.insert(key, request);
        if self.id == self.primary() {
            if self.active && !self.assigned(&request) {
                self.assign(request, cx);
            }
        } else if from == request.client {
            cx.send(self.primary(), Message::Request(request));
        }
        self.arm_timer(cx);
    }

    fn assigned(&self, request: &Request) -> bool {
        let view = self.view;
        self.pre_prepares
            .range((view, 0)..=(view, u64::MAX))
            .any(|(_, (_, p))| *p == Payload::Op(*request))
    }

    /// The primary binds `request` to the next sequence number.
    pub(super) fn assign(&mut self, request: Request, cx: &mut Context<'_, PbftNode>) {
        if self.next_seq >= self.stable + self.config.log_window {
            return; // above the high watermark: wait for a checkpoint
        }
        self.next_seq += 1;
        let (view, seq) = (self.view, self.next_seq);
        let payload = Payload::Op(request);
        let d = digest(&payload);
        self.pre_prepares.insert((view, seq), (d, payload));
        if self.behaviour == Behaviour::Equivocate {
            let null = Payload::Null;
            let first_backup = (self.id + 1) % self.n();
            cx.note(format!("equivocate at {seq}"));
            for to in (0..self.n()).filter(|&r| r != self.id) {
                let (d, payload) = if to == first_backup {
                    (d, payload)
                } else {
                    (digest(&null), null)
                };
                cx.send(
                    to,
                    Message::PrePrepare {
                        view,
                        seq,
                        digest: d,
                        payload,
                    },
                );
            }
            self.echo(view, seq, d, cx);
            self.echo(view, seq, digest(&null), cx);
        } else {
            self.multicast(
                &Message::PrePrepare {
                    view,
                    seq,
                    digest: d,
                    payload,
                },
                cx,
            );
        }
        self.try_progress(view, seq, cx);
    }

    fn on_pre_prepare(
        &mut self,
        from: NodeId,
        view: u64,
        seq: u64,
        d: u64,
        payload: Payload,
        cx: &mut Context<'_, PbftNode>,
    ) {
        if !self.active || view != self.view || from != self.primary_of(view) {
            return;
        }
        if digest(&payload) != d || seq <= self.stable || seq > self.stable + self.config.log_window
        {
            return;
        }
        if let Some(&(known, _)) = self.pre_prepares.get(&(view, seq)) {
            if known != d {
                self.echo(view, seq, d, cx);
            }
            return;
        }
        self.accept_pre_prepare(view, seq, d, payload, cx);
    }

    /// Logs a pre-prepare and prepares it (as a backup).
    pub(super) fn accept_pre_prepare(
        &mut self,
        view: u64,
        seq: u64,
        d: u64,
        payload: Payload,
        cx: &mut Context<'_, PbftNode>,
    ) {
        self.pre_prepares.insert((view, seq), (d, payload));
        if let Payload::Op(request) = payload
            && !self.executed(&request)
        {
            self.requests
                .insert((request.client, request.timestamp), request);
            self.arm_timer(cx);
        }
        if self.id != self.primary_of(view) {
            if self.behaviour == Behaviour::Equivocate {
                self.echo(view, seq, d, cx);
            } else {
                let sent = self.wire(d);
                self.multicast(
                    &Message::Prepare {
                        view,
                        seq,
                        digest: sent,
                    },
                    cx,
                );
            }
            self.prepares
                .entry((view, seq, d))
                .or_default()
                .insert(self.id);
        }
        self.try_progress(view, seq, cx);
    }

    /// Re-sends this replica's part in every sequence number of the
    /// current view above the stable checkpoint (the pre-prepare if primary, its
    /// prepare and commit otherwise), and asks for the state behind any
    /// stable checkpoint it is missing. Messages are idempotent, so only
    /// lost ones matter; the paper leaves retransmission to the transport.
    fn retransmit(&mut self, cx: &mut Context<'_, PbftNode>) {
        if self.behaviour == Behaviour::Equivocate {
            return;
        }
        let view = self.view;
        let primary = self.id == self.primary_of(view);
        let pending: Vec<(u64, u64, Payload)> = self
            .pre_prepares
            .range((view, self.stable + 1)..=(view, u64::MAX))
            .map(|(&(_, s), &(d, p))| (s, d, p))
            .collect();
        for (seq, d, payload) in pending {
            if primary {
                let msg = Message::PrePrepare {
                    view,
                    seq,
                    digest: d,
                    payload,
                };
                self.multicast(&msg, cx);
            } else if self
                .prepares
                .get(&(view, seq, d))
                .is_some_and(|s| s.contains(&self.id))
            {
                let sent = self.wire(d);
                self.multicast(
                    &Message::Prepare {
                        view,
                        seq,
                        digest: sent,
                    },
                    cx,
                );
            }
            if self.sent_commit.contains(&(view, seq)) {
                let sent = self.wire(d);
                self.multicast(
                    &Message::Commit {
                        view,
                        seq,
                        digest: sent,
                    },
                    cx,
                );
            }
        }
        let quorum = 2 * self.f() + 1;
        let behind = self
            .checkpoints
            .range(self.snapshot.seq + 1..)
            .flat_map(|(&seq, by)| {
                by.values()
                    .filter(|v| v.len() >= quorum)
                    .map(move |v| (seq, v))
            })
            .last()
            .map(|(seq, v)| (seq, v.iter().copied().collect::<Vec<NodeId>>()));
        if let Some((seq, voters)) = behind {
            for to in voters.into_iter().filter(|&v| v != self.id) {
                cx.send(to, Message::FetchState { seq });
            }
        }
    }

    /// An equivocating replica prepares and commits every digest it sees.
    fn echo(&mut self, view: u64, seq: u64, d: u64, cx: &mut Context<'_, PbftNode>) {
        if self.behaviour != Behaviour::Equivocate || !self.votes_cast.insert((view, seq, d)) {
            return;
        }
        if self.id != self.primary_of(view) {
            self.multicast(
                &Message::Prepare {
                    view,
                    seq,
                    digest: d,
                },
                cx,
            );
        }
        self.multicast(
            &Message::Commit {
                view,
                seq,
                digest: d,
            },
            cx,
        );
    }

    pub(super) fn try_progress(&mut self, view: u64, seq: u64, cx: &mut Context<'_, PbftNode>) {
        let Some(&(d, payload)) = self.pre_prepares.get(&(view, seq)) else {
            return;
        };
        if !self.is_prepared(view, seq, d) {
            return;
        }
        if self.sent_commit.insert((view, seq)) {
            if self.behaviour != Behaviour::Equivocate {
                let sent = self.wire(d);
                self.multicast(
                    &Message::Commit {
                        view,
                        seq,
                        digest: sent,
                    },
                    cx,
                );
            }
            self.commits
                .entry((view, seq, d))
                .or_default()
                .insert(self.id);
        }
        let quorum = 2 * self.f() + 1;
        let commits = self.commits.get(&(view, seq, d)).map_or(0, BTreeSet::len);
        if commits >= quorum && seq > self.snapshot.seq && !self.committed.contains_key(&seq) {
            self.committed.insert(seq, (d, payload));
            self.recent_commits.push((seq, d));
            self.execute(cx);
        }
    }

    /// Executes committed requests in sequence order.
    pub(super) fn execute(&mut self, cx: &mut Context<'_, PbftNode>) {
        let mut progressed = false;
        while let Some(&(_, payload)) = self.committed.get(&(self.snapshot.seq + 1)) {
            self.snapshot.seq += 1;
            progressed = true;
            if let Payload::Op(request) = payload {
                let key = (request.client, request.timestamp);
                if !self.executed(&request) {
                    self.snapshot.state = apply(self.snapshot.state, request.op);
                    let result = self.snapshot.state;
                    self.snapshot
                        .replies
                        .insert(request.client, (request.timestamp, result));
                    self.results.insert(key, result);
                    self.recent_results.push((key, result));
                    self.reply(request.client, request.timestamp, result, cx);
                }
                self.requests.remove(&key);
            }
            if self
                .snapshot
                .seq
                .is_multiple_of(self.config.checkpoint_interval)
            {
                self.take_checkpoint(cx);
            }
        }
        if progressed {
            self.vc_timeout = self.config.view_change_timeout;
            self.timer_running = false;
            cx.cancel_timer(Timer::ViewChange);
            self.arm_timer(cx);
        }
    }

    fn reply(&self, client: NodeId, timestamp: u64, result: u64, cx: &mut Context<'_, PbftNode>) {
        let result = if self.behaviour == Behaviour::LyingReplies {
            result ^ LIE
        } else {
            result
        };
        cx.send(
            client,
            Message::Reply {
                view: self.view,
                timestamp,
                result,
            },
        );
    }

    /// A replica waiting for a request starts its view-change timer (the
    /// primary too: if its own request does not commit, it votes itself
    /// out rather than wait for backups that may have nothing pending).
    pub(super) fn arm_timer(&mut self, cx: &mut Context<'_, PbftNode>) {
        if self.timer_running || !self.active || self.requests.is_empty() {
            return;
        }
        self.timer_running = true;
        cx.set_timer(Timer::ViewChange, self.vc_timeout);
    }
}
