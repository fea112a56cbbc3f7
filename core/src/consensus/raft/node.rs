//! One Raft server: the handlers of Figure 2, split by role.

use super::log::{Entry, LogIndex, RaftLog};
use super::{Command, LeaderHint, Message, RaftInvariants, Timer};
use crate::sim::{Context, Node, NodeId, Time, millis};
use alloc::format;
use alloc::vec;
use alloc::vec::Vec;
use rand::RngExt;

/// A server's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Role {
    Follower,
    Candidate,
    Leader,
}

/// Timing and batching parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RaftConfig {
    pub election_timeout_min: Time,
    pub election_timeout_max: Time,
    pub heartbeat_interval: Time,
    /// The most entries one AppendEntries carries.
    pub max_entries_per_append: usize,
    /// A new leader appends a no-op entry so that earlier entries commit
    /// promptly (§8 of the paper).
    pub noop_on_election: bool,
}

impl Default for RaftConfig {
    fn default() -> Self {
        Self {
            election_timeout_min: millis(150),
            election_timeout_max: millis(300),
            heartbeat_interval: millis(50),
            max_entries_per_append: 64,
            noop_on_election: true,
        }
    }
}

/// One Raft server.
#[derive(Clone, Debug)]
pub struct RaftNode {
    pub config: RaftConfig,
    // Durable state (survives a restart).
    current_term: u64,
    voted_for: Option<NodeId>,
    log: RaftLog,
    // Volatile state.
    role: Role,
    leader: LeaderHint,
    commit_index: LogIndex,
    last_applied: LogIndex,
    votes: u64,
    next_index: Vec<LogIndex>,
    match_index: Vec<LogIndex>,
}

impl RaftNode {
    /// A fresh server with an empty log.
    pub fn new(config: RaftConfig) -> Self {
        Self::with_durable_state(config, 0, None, RaftLog::default())
    }

    /// A server that restarts from the given durable state.
    pub fn with_durable_state(
        config: RaftConfig,
        term: u64,
        voted_for: Option<NodeId>,
        log: RaftLog,
    ) -> Self {
        Self {
            config,
            current_term: term,
            voted_for,
            log,
            role: Role::Follower,
            leader: None,
            commit_index: 0,
            last_applied: 0,
            votes: 0,
            next_index: Vec::new(),
            match_index: Vec::new(),
        }
    }

    pub fn term(&self) -> u64 {
        self.current_term
    }
    pub fn voted_for(&self) -> Option<NodeId> {
        self.voted_for
    }
    pub fn log(&self) -> &RaftLog {
        &self.log
    }
    pub fn role(&self) -> Role {
        self.role
    }
    /// The leader this server currently follows (itself when leading).
    pub fn leader(&self) -> LeaderHint {
        self.leader
    }
    pub fn commit_index(&self) -> LogIndex {
        self.commit_index
    }
    pub fn last_applied(&self) -> LogIndex {
        self.last_applied
    }
    /// The leader's view of each follower's next index (empty otherwise).
    pub fn next_index(&self) -> &[LogIndex] {
        &self.next_index
    }
    /// The leader's view of each follower's match index (empty otherwise).
    pub fn match_index(&self) -> &[LogIndex] {
        &self.match_index
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

    fn become_follower(&mut self, term: u64, cx: &mut Context<'_, Self>) {
        let was_leader = self.role == Role::Leader;
        if term > self.current_term {
            self.current_term = term;
            self.voted_for = None;
            self.leader = None;
        }
        self.role = Role::Follower;
        if was_leader {
            cx.cancel_timer(Timer::Heartbeat);
            self.reset_election_timer(cx);
            cx.note(format!("steps down in term {}", self.current_term));
        }
    }

    fn start_election(&mut self, cx: &mut Context<'_, Self>) {
        self.current_term += 1;
        self.role = Role::Candidate;
        self.voted_for = Some(cx.id());
        self.leader = None;
        self.votes = 1 << cx.id();
        cx.note(format!("starts election for term {}", self.current_term));
        self.reset_election_timer(cx);
        cx.broadcast(Message::RequestVote {
            term: self.current_term,
            last_log_index: self.log.last_index(),
            last_log_term: self.log.last_term(),
        });
        self.count_votes(cx);
    }

    fn count_votes(&mut self, cx: &mut Context<'_, Self>) {
        if self.role == Role::Candidate && self.votes.count_ones() as usize > cx.node_count() / 2 {
            self.become_leader(cx);
        }
    }

    fn become_leader(&mut self, cx: &mut Context<'_, Self>) {
        self.role = Role::Leader;
        self.leader = Some(cx.id());
        cx.note(format!("becomes leader for term {}", self.current_term));
        cx.cancel_timer(Timer::Election);
        if self.config.noop_on_election {
            self.log.push(Entry {
                term: self.current_term,
                value: None,
            });
        }
        self.next_index = vec![self.log.last_index() + 1; cx.node_count()];
        self.match_index = vec![0; cx.node_count()];
        self.match_index[cx.id()] = self.log.last_index();
        self.broadcast_append(cx);
        cx.set_timer(Timer::Heartbeat, self.config.heartbeat_interval);
        self.advance_commit(cx);
    }

    fn broadcast_append(&mut self, cx: &mut Context<'_, Self>) {
        for peer in cx.peers() {
            self.send_append(peer, cx);
        }
    }

    /// Sends the entries from `next_index[peer]` on, and then assumes they
    /// will arrive (pipelining): the next send continues after them. A
    /// rejection moves `next_index` back.
    fn send_append(&mut self, peer: NodeId, cx: &mut Context<'_, Self>) {
        let next = self.next_index[peer].max(1);
        let prev_log_index = next - 1;
        let prev_log_term = self.log.term_at(prev_log_index).unwrap_or(0);
        let entries = self
            .log
            .slice_from(next, self.config.max_entries_per_append);
        self.next_index[peer] = next + entries.len() as LogIndex;
        cx.send(
            peer,
            Message::AppendEntries {
                term: self.current_term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit: self.commit_index,
            },
        );
    }

    /// Commits the highest index of the current term stored on a majority
    /// (§5.3, with the restriction of §5.4.2).
    fn advance_commit(&mut self, cx: &mut Context<'_, Self>) {
        let mut matched = self.match_index.clone();
        matched.sort_unstable_by(|a, b| b.cmp(a));
        let majority_index = matched[cx.node_count() / 2];
        if majority_index > self.commit_index
            && self.log.term_at(majority_index) == Some(self.current_term)
        {
            self.commit_index = majority_index;
            self.apply_committed(cx);
        }
    }

    fn apply_committed(&mut self, cx: &mut Context<'_, Self>) {
        if self.last_applied < self.commit_index {
            cx.note(format!(
                "applies {}..={}",
                self.last_applied + 1,
                self.commit_index
            ));
            self.last_applied = self.commit_index;
        }
    }

    fn on_request_vote(
        &mut self,
        from: NodeId,
        term: u64,
        last_index: LogIndex,
        last_term: u64,
        cx: &mut Context<'_, Self>,
    ) {
        let granted = term == self.current_term
            && self.voted_for.is_none_or(|v| v == from)
            && self.log.is_behind_or_equal(last_index, last_term);
        if granted {
            self.voted_for = Some(from);
            self.reset_election_timer(cx);
        }
        cx.send(
            from,
            Message::Vote {
                term: self.current_term,
                granted,
            },
        );
    }

    fn on_vote(&mut self, from: NodeId, term: u64, granted: bool, cx: &mut Context<'_, Self>) {
        if self.role == Role::Candidate && term == self.current_term && granted {
            self.votes |= 1 << from;
            self.count_votes(cx);
        }
    }

    fn on_append_entries(
        &mut self,
        from: NodeId,
        request: (u64, LogIndex, u64, Vec<Entry>, LogIndex),
        cx: &mut Context<'_, Self>,
    ) {
        let (term, prev_index, prev_term, entries, leader_commit) = request;
        let reply = |success, match_index, conflict_term, conflict_index| Message::AppendReply {
            term,
            success,
            match_index,
            conflict_term,
            conflict_index,
        };
        if term < self.current_term {
            let stale = Message::AppendReply {
                term: self.current_term,
                success: false,
                match_index: 0,
                conflict_term: None,
                conflict_index: 0,
            };
            cx.send(from, stale);
            return;
        }
        self.role = Role::Follower;
        self.leader = Some(from);
        self.reset_election_timer(cx);
        match self.log.term_at(prev_index) {
            None => {
                cx.send(from, reply(false, 0, None, self.log.last_index() + 1));
                return;
            }
            Some(t) if t != prev_term => {
                let first = self.log.first_index_of_term(t).unwrap_or(prev_index);
                cx.send(from, reply(false, 0, Some(t), first));
                return;
            }
            Some(_) => {}
        }
        let last_new = prev_index + entries.len() as LogIndex;
        for (offset, entry) in entries.into_iter().enumerate() {
            let index = prev_index + 1 + offset as LogIndex;
            match self.log.term_at(index) {
                Some(existing) if existing == entry.term => continue,
                Some(_) => {
                    debug_assert!(
                        index > self.commit_index,
                        "a committed entry is never overwritten"
                    );
                    self.log.truncate_from(index);
                    self.log.push(entry);
                }
                None => self.log.push(entry),
            }
        }
        if leader_commit > self.commit_index {
            self.commit_index = leader_commit.min(last_new);
            self.apply_committed(cx);
        }
        cx.send(from, reply(true, last_new, None, 0));
    }

    fn on_append_reply(
        &mut self,
        from: NodeId,
        success: bool,
        match_index: LogIndex,
        conflict: (Option<u64>, LogIndex),
        cx: &mut Context<'_, Self>,
    ) {
        if success {
            if match_index > self.match_index[from] {
                self.match_index[from] = match_index;
            }
            self.next_index[from] = self.next_index[from].max(self.match_index[from] + 1);
            self.advance_commit(cx);
            if self.next_index[from] <= self.log.last_index() {
                self.send_append(from, cx);
            }
        } else {
            let (conflict_term, conflict_index) = conflict;
            let hinted = match conflict_term.and_then(|t| self.log.last_index_of_term(t)) {
                Some(last_of_term) => last_of_term + 1,
                None => conflict_index,
            };
            // Always move back at least one entry, never below what is known to match.
            let next = hinted
                .min(self.next_index[from].saturating_sub(1))
                .max(self.match_index[from] + 1);
            self.next_index[from] = next;
            self.send_append(from, cx);
        }
    }
}

impl Node for RaftNode {
    type Msg = Message;
    type Timer = Timer;
    type Command = Command;
    type Invariants = RaftInvariants;

    fn on_start(&mut self, cx: &mut Context<'_, Self>) {
        self.reset_election_timer(cx);
    }

    fn on_message(&mut self, from: NodeId, msg: Message, cx: &mut Context<'_, Self>) {
        if msg.term() > self.current_term {
            self.become_follower(msg.term(), cx);
        }
        match msg {
            Message::RequestVote {
                term,
                last_log_index,
                last_log_term,
            } => self.on_request_vote(from, term, last_log_index, last_log_term, cx),
            Message::Vote { term, granted } => self.on_vote(from, term, granted, cx),
            Message::AppendEntries {
                term,
                prev_log_index,
                prev_log_term,
                entries,
                leader_commit,
            } => self.on_append_entries(
                from,
                (term, prev_log_index, prev_log_term, entries, leader_commit),
                cx,
            ),
            Message::AppendReply {
                term,
                success,
                match_index,
                conflict_term,
                conflict_index,
            } => {
                if self.role == Role::Leader && term == self.current_term {
                    self.on_append_reply(
                        from,
                        success,
                        match_index,
                        (conflict_term, conflict_index),
                        cx,
                    );
                }
            }
        }
    }

    fn on_timer(&mut self, timer: Timer, cx: &mut Context<'_, Self>) {
        match (timer, self.role) {
            (Timer::Election, Role::Follower | Role::Candidate) => self.start_election(cx),
            (Timer::Heartbeat, Role::Leader) => {
                self.broadcast_append(cx);
                cx.set_timer(Timer::Heartbeat, self.config.heartbeat_interval);
            }
            _ => {}
        }
    }

    fn on_command(&mut self, cmd: Command, cx: &mut Context<'_, Self>) {
        match cmd {
            Command::Propose(value) if self.role == Role::Leader => {
                self.log.push(Entry {
                    term: self.current_term,
                    value: Some(value),
                });
                self.match_index[cx.id()] = self.log.last_index();
                self.advance_commit(cx);
                self.broadcast_append(cx);
            }
            Command::Propose(value) => match self.leader {
                Some(leader) => cx.note(format!("rejects {value}: not leader, try {leader}")),
                None => cx.note(format!("rejects {value}: no known leader")),
            },
            Command::TimeoutNow if self.role != Role::Leader => self.start_election(cx),
            Command::TimeoutNow => cx.note("already leader"),
        }
    }

    fn on_restart(&mut self, cx: &mut Context<'_, Self>) {
        *self = Self::with_durable_state(
            self.config,
            self.current_term,
            self.voted_for,
            core::mem::take(&mut self.log),
        );
        cx.note(format!(
            "restarts in term {} with {} entries",
            self.current_term,
            self.log.last_index()
        ));
        self.reset_election_timer(cx);
    }
}

#[cfg(test)]
impl RaftNode {
    /// Puts the server in a role without an election (checker tests only).
    pub(crate) fn force_role_for_tests(&mut self, role: Role) {
        self.role = role;
    }

    /// Marks entries as committed and applied (checker tests only).
    pub(crate) fn force_applied_for_tests(&mut self, index: LogIndex) {
        self.commit_index = index;
        self.last_applied = index;
    }
}
