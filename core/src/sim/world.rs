//! The world: everything that changes during a run, in one cloneable value.
//!
//! A checkpoint is a clone of the world; seeking restores one and steps
//! forward. [`World::step`] executes exactly one event (or one input) and
//! returns its [`StepRecord`].
//!
//! # Local clocks and busy nodes
//!
//! Every node has a local clock (see [`Fault::SetClockRate`]): handlers read
//! it through [`Context::now`] and their timers measure it. Pending timers
//! ([`PendingTimer::set_at`], [`PendingTimer::due`]) and everything in the
//! trace stay in real simulated time.
//!
//! A node is *busy* until [`World::busy_until`]: during a
//! [`Fault::Pause`], and for the processing delay after each handler (see
//! [`Fault::SetProcessingDelay`]). A queue entry for a busy node — a
//! delivery, a timer, a start, a command — is moved, when it reaches the
//! front of the queue, to the end of the busy spell, keeping its arrival
//! time and sequence number, so held events are handled in the order they
//! came and before anything arriving only then. A crash clears the busy
//! spell; what the node held is dropped in the steps right after the
//! crash (a held message as `Dropped` with reason `NodeDown`, a held
//! command as a `HeldCommand` that was not handled), even if the node is
//! restarted before those steps run.

use super::clock::{CLOCK_RATE_MAX, CLOCK_RATE_MIN, LocalClock};
use super::context::{Context, Effect};
use super::digest::StableHasher;
use super::fault::{Action, Fault, MessageId};
use super::invariant::{Invariants, Violation};
use super::network::NetworkConfig;
use super::node::{Node, NodeId, NodeStatus};
use super::queue::{EventKind, EventQueue, Scheduled};
use super::rng::{NodeRng, network_stream, node_stream};
use super::time::Time;
use super::trace::{DropReason, Envelope, Fate, SentMessage, StepEvent, StepRecord};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

/// A timer waiting to fire.
#[derive(Clone, Debug)]
pub struct PendingTimer<T> {
    pub timer: T,
    pub set_at: Time,
    pub due: Time,
    id: u64,
    /// When its queue entry comes up; earlier than `due` after the timer
    /// was pushed back, in which case the entry is moved when it surfaces.
    queued_at: Time,
}

/// A command that came while its node was busy, waiting to run.
#[derive(Clone, Debug)]
struct HeldCommand<C> {
    node: NodeId,
    arrived: Time,
    command: C,
}

/// What a queue entry means when it reaches the front.
enum Surfacing {
    Live,
    Stale,
    Postponed {
        node: NodeId,
        to: Time,
    },
    /// Its node is busy until `to`.
    Held {
        node: NodeId,
        to: Time,
    },
}

/// The complete state of a run at one step.
#[derive(Clone, Debug)]
pub struct World<N: Node> {
    now: Time,
    steps: u64,
    nodes: Vec<N>,
    status: Vec<NodeStatus>,
    rngs: Vec<NodeRng>,
    network_rng: NodeRng,
    network: NetworkConfig,
    queue: EventQueue,
    in_flight: BTreeMap<MessageId, Envelope<N::Msg>>,
    next_message: MessageId,
    timers: Vec<Vec<PendingTimer<N::Timer>>>,
    next_timer: u64,
    fifo_tail: BTreeMap<(NodeId, NodeId), Time>,
    invariants: N::Invariants,
    check_invariants: bool,
    digest: StableHasher,
    violation_count: u64,
    first_violation: Option<(u64, Violation)>,
    effects: Vec<Effect<N>>,
    clocks: Vec<LocalClock>,
    /// A node handles nothing before this time (a pause or a processing delay).
    busy_until: Vec<Time>,
    processing_delay: Vec<Time>,
    /// When each node was last restarted: what reached it earlier was lost.
    up_since: Vec<Time>,
    /// Whether each node has run `on_start` (or `on_restart`): a command
    /// to a node that has not is not handled, as it has no identity yet.
    started: Vec<bool>,
    /// When each crashed node crashed (`None` while it is up).
    crashed_at: Vec<Option<Time>>,
    held_commands: BTreeMap<u64, HeldCommand<N::Command>>,
    next_command: u64,
}

impl<N: Node> World<N> {
    /// A world at step 0: every node's start is scheduled at time zero.
    pub fn new(seed: u64, nodes: Vec<N>, network: NetworkConfig, check_invariants: bool) -> Self {
        let count = nodes.len();
        let mut queue = EventQueue::default();
        for id in 0..count {
            queue.push(0, EventKind::Start(id));
        }
        Self {
            now: 0,
            steps: 0,
            status: alloc::vec![NodeStatus::Up; count],
            rngs: (0..count).map(|id| node_stream(seed, id)).collect(),
            network_rng: network_stream(seed),
            network,
            queue,
            in_flight: BTreeMap::new(),
            next_message: 0,
            timers: (0..count).map(|_| Vec::new()).collect(),
            next_timer: 0,
            fifo_tail: BTreeMap::new(),
            invariants: N::Invariants::default(),
            check_invariants,
            digest: StableHasher::default(),
            violation_count: 0,
            first_violation: None,
            effects: Vec::new(),
            clocks: alloc::vec![LocalClock::default(); count],
            busy_until: alloc::vec![0; count],
            processing_delay: alloc::vec![0; count],
            up_since: alloc::vec![0; count],
            started: alloc::vec![false; count],
            crashed_at: alloc::vec![None; count],
            held_commands: BTreeMap::new(),
            next_command: 0,
            nodes,
        }
    }

    /// Simulated time of the latest step.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.steps
    }

    pub fn nodes(&self) -> &[N] {
        &self.nodes
    }

    pub fn node(&self, id: NodeId) -> &N {
        &self.nodes[id]
    }

    pub fn status(&self, id: NodeId) -> NodeStatus {
        self.status[id]
    }

    pub fn is_up(&self, id: NodeId) -> bool {
        self.status[id] == NodeStatus::Up
    }

    /// When node `id` crashed, if it is down now.
    pub fn crashed_at(&self, id: NodeId) -> Option<Time> {
        self.crashed_at[id]
    }

    pub fn network(&self) -> &NetworkConfig {
        &self.network
    }

    /// Messages in flight, by id.
    pub fn in_flight(&self) -> impl Iterator<Item = &Envelope<N::Msg>> {
        self.in_flight.values()
    }

    /// One message in flight.
    pub fn message(&self, id: MessageId) -> Option<&Envelope<N::Msg>> {
        self.in_flight.get(&id)
    }

    /// A node's pending timers.
    pub fn timers(&self, id: NodeId) -> &[PendingTimer<N::Timer>] {
        &self.timers[id]
    }

    /// The rate of a node's local clock in parts per million of real time
    /// ([`CLOCK_RATE_EXACT`](super::CLOCK_RATE_EXACT) unless skewed).
    pub fn clock_rate_ppm(&self, id: NodeId) -> u32 {
        self.clocks[id].rate_ppm()
    }

    /// A node's local clock reading now: what [`Context::now`] would return
    /// to its handlers. Equals [`World::now`] unless its clock was skewed.
    pub fn local_time(&self, id: NodeId) -> Time {
        self.clocks[id].read(self.now)
    }

    /// Until when a node is busy (paused, or working off its processing
    /// delay) and holds what reaches it. At or before [`World::now`] the
    /// node is not busy.
    pub fn busy_until(&self, id: NodeId) -> Time {
        self.busy_until[id]
    }

    /// Whether a node is busy now — paused, or still working off its
    /// processing delay — so that what reaches it waits.
    pub fn is_paused(&self, id: NodeId) -> bool {
        self.now < self.busy_until[id]
    }

    /// A node's processing delay per handled event (0 when not slow).
    pub fn processing_delay(&self, id: NodeId) -> Time {
        self.processing_delay[id]
    }

    /// Whether a message in flight has reached its destination and waits
    /// there, held because the destination was busy when it arrived.
    pub fn is_held(&self, id: MessageId) -> bool {
        self.in_flight.get(&id).is_some_and(|e| {
            e.deliver_at < self.now || (e.deliver_at == self.now && self.is_paused(e.to))
        })
    }

    /// How many events (messages and commands) a node holds now.
    pub fn held_count(&self, id: NodeId) -> usize {
        let messages = self
            .in_flight
            .values()
            .filter(|e| e.to == id && self.is_held(e.id))
            .count();
        messages + self.held_commands.values().filter(|h| h.node == id).count()
    }

    /// The running digest of every step so far.
    pub fn digest(&self) -> u64 {
        self.digest.finish()
    }

    /// How many property violations were recorded so far.
    pub fn violation_count(&self) -> u64 {
        self.violation_count
    }

    /// The first violation and the step that caused it.
    pub fn first_violation(&self) -> Option<&(u64, Violation)> {
        self.first_violation.as_ref()
    }

    /// The protocol's invariant checker (for its property names).
    pub fn invariants(&self) -> &N::Invariants {
        &self.invariants
    }

    /// The time of the next event, discarding cancelled ones; `None` when idle.
    pub fn next_event_time(&mut self) -> Option<Time> {
        self.settle_front().map(|e| e.at)
    }

    /// Lets simulated time pass up to `time` without any event (it never
    /// goes backwards, nor past the next pending event).
    pub fn advance_clock(&mut self, time: Time) {
        let limit = self.next_event_time().unwrap_or(Time::MAX);
        self.now = self.now.max(time.min(limit));
    }

    /// Executes one step: `input` (an action and the time it happens at)
    /// if given, else the next live event. Returns `None` (and changes
    /// nothing) when there is nothing to do.
    pub fn step(&mut self, input: Option<(Action<N::Command>, Time)>) -> Option<StepRecord<N>> {
        let mut record = match input {
            Some((action, at_time)) => {
                self.advance_clock(at_time);
                self.apply_input(action)
            }
            None => {
                let event = self.next_live_event()?;
                self.now = event.at;
                let mut record = self.run_event(event);
                record.held_since = (event.arrived < event.at).then_some(event.arrived);
                record
            }
        };
        if self.check_invariants {
            if let Some(actor) = record.actor {
                self.invariants
                    .check(&self.nodes, Some(actor), &mut record.violations);
            }
            for violation in &record.violations {
                self.violation_count += 1;
                if self.first_violation.is_none() {
                    self.first_violation = Some((record.step, violation.clone()));
                }
            }
        }
        record.hash(&mut self.digest);
        self.steps += 1;
        Some(record)
    }

    fn blank_record(&self, event: StepEvent<N>, actor: Option<NodeId>) -> StepRecord<N> {
        StepRecord {
            step: self.steps,
            time: self.now,
            event,
            actor,
            sent: Vec::new(),
            notes: Vec::new(),
            violations: Vec::new(),
            held_since: None,
        }
    }

    fn surfacing(&self, event: &Scheduled) -> Surfacing {
        let node = match event.kind {
            EventKind::Start(node) => node,
            EventKind::Deliver(id) => match self.in_flight.get(&id) {
                Some(envelope) if envelope.deliver_at == event.arrived => envelope.to,
                _ => return Surfacing::Stale,
            },
            EventKind::Timer { node, seq } => {
                match self.timers[node].iter().find(|t| t.id == seq) {
                    None => return Surfacing::Stale,
                    Some(t) if t.due > event.at => {
                        return Surfacing::Postponed { node, to: t.due };
                    }
                    Some(_) => node,
                }
            }
            EventKind::Command { node, key } => {
                if !self.held_commands.contains_key(&key) {
                    return Surfacing::Stale;
                }
                node
            }
        };
        let until = self.busy_until[node];
        if event.at < until && self.is_up(node) {
            Surfacing::Held { node, to: until }
        } else {
            Surfacing::Live
        }
    }

    /// Discards cancelled entries, moves postponed timers and holds the
    /// events of busy nodes until the front of the queue is a live event,
    /// which it returns.
    ///
    /// Re-arming a timer to a later time (an election timer reset by every
    /// heartbeat) only updates its due time; its queue entry is moved once,
    /// when it surfaces, instead of piling up a cancelled entry per reset.
    ///
    /// Every step starts by settling the front (directly, or through
    /// [`World::advance_clock`] for an input), and nothing changes between
    /// steps, so settling early (a view asking for the next event's time)
    /// leaves the same queue as settling late: replays stay identical.
    fn settle_front(&mut self) -> Option<Scheduled> {
        loop {
            let front = *self.queue.peek()?;
            match self.surfacing(&front) {
                Surfacing::Live => return Some(front),
                Surfacing::Stale => {
                    self.queue.pop();
                }
                Surfacing::Postponed { node, to } => {
                    self.queue.pop();
                    self.queue.push(to, front.kind);
                    if let EventKind::Timer { seq, .. } = front.kind
                        && let Some(timer) = self.timers[node].iter_mut().find(|t| t.id == seq)
                    {
                        timer.queued_at = to;
                    }
                }
                Surfacing::Held { node, to } => {
                    self.queue.pop();
                    self.queue.hold(front, to);
                    if let EventKind::Timer { seq, .. } = front.kind
                        && let Some(timer) = self.timers[node].iter_mut().find(|t| t.id == seq)
                    {
                        timer.queued_at = to;
                    }
                }
            }
        }
    }

    fn next_live_event(&mut self) -> Option<Scheduled> {
        let event = self.settle_front()?;
        self.queue.pop();
        Some(event)
    }

    fn run_event(&mut self, event: Scheduled) -> StepRecord<N> {
        match event.kind {
            // A node crashed before its start stays down (no handler runs);
            // a later restart brings it up through `on_restart`.
            EventKind::Start(id) if !self.is_up(id) => {
                self.blank_record(StepEvent::Started(id), None)
            }
            EventKind::Start(id) => {
                let mut record = self.blank_record(StepEvent::Started(id), Some(id));
                self.started[id] = true;
                self.run_handler(id, &mut record, |node, cx| node.on_start(cx));
                record
            }
            EventKind::Deliver(id) => {
                let envelope = self
                    .in_flight
                    .remove(&id)
                    .expect("live delivery has an envelope");
                // A message that reached the node before its latest restart
                // was held when the node crashed: lost with the crash.
                let reason = if !self.is_up(envelope.to)
                    || envelope.deliver_at < self.up_since[envelope.to]
                {
                    Some(DropReason::NodeDown)
                } else if self.network.is_cut(envelope.from, envelope.to) {
                    Some(DropReason::Partitioned)
                } else {
                    None
                };
                if let Some(reason) = reason {
                    return self.blank_record(StepEvent::Dropped { envelope, reason }, None);
                }
                let (to, from, msg) = (envelope.to, envelope.from, envelope.msg.clone());
                let mut record = self.blank_record(StepEvent::Delivered(envelope), Some(to));
                self.run_handler(to, &mut record, |node, cx| node.on_message(from, msg, cx));
                record
            }
            EventKind::Timer { node, seq } => {
                let slot = self.timers[node]
                    .iter()
                    .position(|t| t.id == seq)
                    .expect("live timer is pending");
                let timer = self.timers[node].swap_remove(slot).timer;
                let mut record = self.blank_record(
                    StepEvent::TimerFired {
                        node,
                        timer: timer.clone(),
                    },
                    Some(node),
                );
                self.run_handler(node, &mut record, |n, cx| n.on_timer(timer, cx));
                record
            }
            EventKind::Command { node, key } => {
                let held = self
                    .held_commands
                    .remove(&key)
                    .expect("live command is held");
                let handled = self.is_up(node) && held.arrived >= self.up_since[node];
                let mut record = self.blank_record(
                    StepEvent::HeldCommand {
                        node,
                        command: held.command.clone(),
                        handled,
                    },
                    handled.then_some(node),
                );
                if handled {
                    let command = held.command;
                    self.run_handler(node, &mut record, |n, cx| n.on_command(command, cx));
                }
                record
            }
        }
    }

    fn apply_input(&mut self, action: Action<N::Command>) -> StepRecord<N> {
        let mut record = self.blank_record(
            StepEvent::Input {
                action: action.clone(),
                effective: true,
            },
            None,
        );
        let effective = match action {
            Action::Command { .. } if !self.has_started(&action) => false,
            Action::Command { node, command } => {
                if node < self.nodes.len() && self.is_up(node) && self.is_paused(node) {
                    // Waits for the busy node like a message would.
                    let key = self.next_command;
                    self.next_command += 1;
                    let (now, until) = (self.now, self.busy_until[node]);
                    self.queue
                        .push_arrived(until, now, EventKind::Command { node, key });
                    self.held_commands.insert(
                        key,
                        HeldCommand {
                            node,
                            arrived: now,
                            command,
                        },
                    );
                    true
                } else if node < self.nodes.len() && self.is_up(node) {
                    record.actor = Some(node);
                    self.run_handler(node, &mut record, |n, cx| n.on_command(command, cx));
                    true
                } else {
                    false
                }
            }
            Action::Fault(fault) => self.apply_fault(fault, &mut record),
        };
        if let StepEvent::Input {
            effective: slot, ..
        } = &mut record.event
        {
            *slot = effective;
        }
        record
    }

    /// Whether a command's node exists and has started.
    fn has_started(&self, action: &Action<N::Command>) -> bool {
        match action {
            Action::Command { node, .. } => self.started.get(*node).copied().unwrap_or(false),
            Action::Fault(_) => true,
        }
    }

    fn apply_fault(&mut self, fault: Fault, record: &mut StepRecord<N>) -> bool {
        let count = self.nodes.len();
        let valid = |n: NodeId| n < count;
        match fault {
            Fault::Crash(n) if valid(n) && self.is_up(n) => {
                self.status[n] = NodeStatus::Crashed;
                self.crashed_at[n] = Some(self.now);
                self.timers[n].clear();
                let busy_until = core::mem::take(&mut self.busy_until[n]);
                if busy_until > self.now {
                    self.drop_held(n, busy_until);
                }
                true
            }
            Fault::Restart(n) if valid(n) && !self.is_up(n) => {
                self.status[n] = NodeStatus::Up;
                self.busy_until[n] = 0;
                self.up_since[n] = self.now;
                self.started[n] = true;
                self.crashed_at[n] = None;
                record.actor = Some(n);
                self.run_handler(n, record, |node, cx| node.on_restart(cx));
                true
            }
            Fault::Partition(groups) => {
                self.network.partition(count, &groups);
                true
            }
            Fault::CutLink { from, to } if valid(from) && valid(to) => {
                self.network.link_mut(from, to).cut = true;
                true
            }
            Fault::HealLink { from, to } if self.network.is_cut(from, to) => {
                self.network.link_mut(from, to).cut = false;
                true
            }
            Fault::Heal => {
                self.network.heal();
                true
            }
            Fault::DropMessage(id) => self.in_flight.remove(&id).is_some(),
            Fault::DuplicateMessage(id) => match self.in_flight.get(&id) {
                Some(original) => {
                    let (from, to, msg) = (original.from, original.to, original.msg.clone());
                    self.route(from, to, msg, Some(id), &mut record.sent);
                    true
                }
                None => false,
            },
            // A message already waiting at a busy node is off the wire.
            Fault::DelayMessage { id, by } => match self.in_flight.get_mut(&id) {
                Some(envelope) if envelope.deliver_at >= self.now => {
                    envelope.deliver_at = envelope.deliver_at.saturating_add(by);
                    let at = envelope.deliver_at;
                    self.queue.push(at, EventKind::Deliver(id));
                    true
                }
                _ => false,
            },
            Fault::SetLoss(p) => {
                self.network.loss = p;
                true
            }
            Fault::SetLinkLoss { from, to, loss } if valid(from) && valid(to) => {
                self.network.link_mut(from, to).loss = Some(loss);
                true
            }
            Fault::SetLinkDelay { from, to, extra } if valid(from) && valid(to) => {
                self.network.link_mut(from, to).extra_delay = extra;
                true
            }
            Fault::SetLatency(latency) => {
                self.network.latency = latency;
                true
            }
            Fault::SetDuplication(p) => {
                self.network.duplication = p;
                true
            }
            Fault::SetClockRate { node, rate_ppm }
                if valid(node) && (CLOCK_RATE_MIN..=CLOCK_RATE_MAX).contains(&rate_ppm) =>
            {
                self.clocks[node].set_rate(self.now, rate_ppm);
                true
            }
            Fault::Pause { node, duration } if valid(node) && self.is_up(node) && duration > 0 => {
                let end = self.now.saturating_add(duration);
                self.busy_until[node] = self.busy_until[node].max(end);
                true
            }
            Fault::SetProcessingDelay { node, per_event } if valid(node) => {
                self.processing_delay[node] = per_event;
                true
            }
            _ => false,
        }
    }

    /// After `node` crashed while busy until `busy_until`: schedules, at the
    /// current time, a last surfacing of everything it may have been
    /// holding, so each is recorded as dropped right away. Entries already
    /// queued for them become stale once the first copy runs.
    fn drop_held(&mut self, node: NodeId, busy_until: Time) {
        let now = self.now;
        for envelope in self
            .in_flight
            .values()
            .filter(|e| e.to == node && e.deliver_at < busy_until)
        {
            let at = envelope.deliver_at.max(now);
            let kind = EventKind::Deliver(envelope.id);
            self.queue.push_arrived(at, envelope.deliver_at, kind);
        }
        for (&key, held) in self.held_commands.iter().filter(|(_, h)| h.node == node) {
            let kind = EventKind::Command { node, key };
            self.queue.push_arrived(now, held.arrived, kind);
        }
    }

    /// Runs one handler of node `id` and carries out its effects.
    fn run_handler(
        &mut self,
        id: NodeId,
        record: &mut StepRecord<N>,
        handler: impl FnOnce(&mut N, &mut Context<'_, N>),
    ) {
        let mut effects = core::mem::take(&mut self.effects);
        {
            let mut cx = Context::new(
                self.clocks[id].read(self.now),
                id,
                self.nodes.len(),
                &mut self.rngs[id],
                &mut effects,
            );
            handler(&mut self.nodes[id], &mut cx);
        }
        for effect in effects.drain(..) {
            match effect {
                Effect::Send { to, msg } => self.route(id, to, msg, None, &mut record.sent),
                Effect::SetTimer { timer, after } => self.set_timer(id, timer, after),
                Effect::CancelTimer { timer } => self.timers[id].retain(|t| t.timer != timer),
                Effect::Note(text) => record.notes.push(text),
            }
        }
        self.effects = effects;
        let delay = self.processing_delay[id];
        if delay > 0 {
            let end = self.now.saturating_add(delay);
            self.busy_until[id] = self.busy_until[id].max(end);
        }
    }

    /// Arms `timer` to fire after `after` of the node's *local* time.
    fn set_timer(&mut self, node: NodeId, timer: N::Timer, after: Time) {
        let after = self.clocks[node].real_span(after);
        let (now, due) = (self.now, self.now.saturating_add(after));
        let pending = &mut self.timers[node];
        if let Some(existing) = pending.iter_mut().find(|t| t.timer == timer) {
            if due >= existing.queued_at {
                existing.set_at = now;
                existing.due = due;
                return;
            }
            pending.retain(|t| t.timer != timer);
        }
        let seq = self.next_timer;
        self.next_timer += 1;
        self.queue.push(due, EventKind::Timer { node, seq });
        self.timers[node].push(PendingTimer {
            timer,
            set_at: now,
            due,
            id: seq,
            queued_at: due,
        });
    }

    /// Decides a sent message's fate and schedules its delivery.
    fn route(
        &mut self,
        from: NodeId,
        to: NodeId,
        msg: N::Msg,
        copy_of: Option<MessageId>,
        sent: &mut Vec<SentMessage<N::Msg>>,
    ) {
        let id = self.next_message;
        self.next_message += 1;
        let fate = if to >= self.nodes.len() || self.network.is_cut(from, to) {
            Fate::Blocked
        } else if self.network.loss_on(from, to).sample(&mut self.network_rng) {
            Fate::Lost
        } else {
            let latency = self.network.latency.sample(&mut self.network_rng);
            let mut deliver_at = self.now + latency + self.network.link(from, to).extra_delay;
            if !self.network.reordering {
                let tail = self.fifo_tail.entry((from, to)).or_insert(0);
                deliver_at = deliver_at.max(*tail);
                *tail = deliver_at;
            }
            self.queue.push(deliver_at, EventKind::Deliver(id));
            Fate::InFlight { deliver_at }
        };
        let duplicate = matches!(fate, Fate::InFlight { .. })
            && copy_of.is_none()
            && self.network.duplication.sample(&mut self.network_rng);
        if let Fate::InFlight { deliver_at } = fate {
            let envelope = Envelope {
                id,
                from,
                to,
                sent_at: self.now,
                deliver_at,
                msg: msg.clone(),
            };
            self.in_flight.insert(id, envelope);
        }
        let record = |msg| SentMessage {
            id,
            from,
            to,
            sent_at: self.now,
            fate,
            copy_of,
            msg,
        };
        if duplicate {
            sent.push(record(msg.clone()));
            self.route(from, to, msg, Some(id), sent);
        } else {
            sent.push(record(msg));
        }
    }
}
