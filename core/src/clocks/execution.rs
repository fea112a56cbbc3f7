//! An execution of processes that compute, send and receive, each event
//! stamped with its process's Lamport clock and vector clock as it
//! happens — the space-time diagram of Lamport (1978, Fig. 1) as data.
//!
//! Events are added one at a time ([`Execution::apply`]): a local event or
//! a send ticks the process's clocks; a delivery merges the message's
//! stamps into the receiver's. Happened-before between two events is then
//! read off their vector clocks (`a → b ⇔ V(a) < V(b)`, Mattern 1989), and
//! [`Execution::lamport_misleads`] finds a pair where the Lamport order
//! suggests a cause that the vectors show is not there: `L(a) < L(b)` with
//! `a ∥ b`, the reason Lamport timestamps alone cannot detect concurrency.
//!
//! [`random_workload`] draws a workload from a seed (PCG, as every stream in
//! the simulator): each step a random process does a local event, sends to
//! a random other process, or receives one of the messages waiting for it.

use super::{Causality, LamportClock, VectorClock};
use crate::sim::{NodeId, driver_stream};
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use rand::RngExt;

/// One step of an execution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ClockOp {
    /// An internal event at a process.
    Local(NodeId),
    /// A process sends a message to another.
    Send { from: NodeId, to: NodeId },
    /// The message with this id is received by its addressee.
    Deliver(u64),
}

/// What an event was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum EventKind {
    Local,
    Send { to: NodeId, message: u64 },
    Receive { from: NodeId, message: u64 },
}

/// One event with the clocks its process had just after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockEvent {
    pub process: NodeId,
    /// 1 for the process's first event, 2 for its second, …
    pub local_index: u64,
    pub kind: EventKind,
    pub lamport: u64,
    pub vector: VectorClock,
}

/// A message on its way, with the stamps it carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InFlight {
    pub from: NodeId,
    pub to: NodeId,
    /// The index of its send event.
    pub sent_by: usize,
    lamport: u64,
    vector: VectorClock,
}

/// Why an operation could not be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClockOpError {
    /// No such process.
    NoProcess(NodeId),
    /// A process cannot send to itself.
    SelfSend(NodeId),
    /// No message with this id is in flight.
    NoMessage(u64),
}

impl core::fmt::Display for ClockOpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ClockOpError::NoProcess(p) => write!(f, "there is no process {}", p + 1),
            ClockOpError::SelfSend(p) => write!(f, "P{} cannot send to itself", p + 1),
            ClockOpError::NoMessage(m) => write!(f, "message m{m} is not in flight"),
        }
    }
}

/// The events so far, the clocks of every process and the messages in flight.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Execution {
    processes: usize,
    events: Vec<ClockEvent>,
    lamport: Vec<LamportClock>,
    vector: Vec<VectorClock>,
    counts: Vec<u64>,
    in_flight: BTreeMap<u64, InFlight>,
    next_message: u64,
}

impl Execution {
    /// `processes` processes (at least one) and no events.
    pub fn new(processes: usize) -> Self {
        let processes = processes.max(1);
        Self {
            processes,
            events: Vec::new(),
            lamport: alloc::vec![LamportClock::new(); processes],
            vector: alloc::vec![VectorClock::new(); processes],
            counts: alloc::vec![0; processes],
            in_flight: BTreeMap::new(),
            next_message: 0,
        }
    }

    pub fn processes(&self) -> usize {
        self.processes
    }

    pub fn events(&self) -> &[ClockEvent] {
        &self.events
    }

    /// Messages sent and not yet received, by id.
    pub fn in_flight(&self) -> impl Iterator<Item = (u64, &InFlight)> + '_ {
        self.in_flight.iter().map(|(&id, m)| (id, m))
    }

    /// The id the next message sent will have.
    pub fn next_message(&self) -> u64 {
        self.next_message
    }

    /// Adds the event `op` describes; an invalid one changes nothing.
    pub fn apply(&mut self, op: ClockOp) -> Result<usize, ClockOpError> {
        let valid = |p: NodeId| {
            if p < self.processes {
                Ok(p)
            } else {
                Err(ClockOpError::NoProcess(p))
            }
        };
        let (process, kind, lamport) = match op {
            ClockOp::Local(p) => {
                let p = valid(p)?;
                self.vector[p].increment(p);
                (p, EventKind::Local, self.lamport[p].tick())
            }
            ClockOp::Send { from, to } => {
                let (from, to) = (valid(from)?, valid(to)?);
                if from == to {
                    return Err(ClockOpError::SelfSend(from));
                }
                self.vector[from].increment(from);
                let lamport = self.lamport[from].tick();
                let message = self.next_message;
                self.next_message += 1;
                self.in_flight.insert(
                    message,
                    InFlight {
                        from,
                        to,
                        sent_by: self.events.len(),
                        lamport,
                        vector: self.vector[from].clone(),
                    },
                );
                (from, EventKind::Send { to, message }, lamport)
            }
            ClockOp::Deliver(message) => {
                let m = self
                    .in_flight
                    .remove(&message)
                    .ok_or(ClockOpError::NoMessage(message))?;
                self.vector[m.to].receive(m.to, &m.vector);
                let lamport = self.lamport[m.to].receive(m.lamport);
                (
                    m.to,
                    EventKind::Receive {
                        from: m.from,
                        message,
                    },
                    lamport,
                )
            }
        };
        self.counts[process] += 1;
        self.events.push(ClockEvent {
            process,
            local_index: self.counts[process],
            kind,
            lamport,
            vector: self.vector[process].clone(),
        });
        Ok(self.events.len() - 1)
    }

    /// How event `a` relates to event `b`: `Before` when `a → b`.
    pub fn relation(&self, a: usize, b: usize) -> Causality {
        self.events[a].vector.compare(&self.events[b].vector)
    }

    /// The index of the send event a receive event received from.
    pub fn send_of(&self, receive: usize) -> Option<usize> {
        let EventKind::Receive { message, .. } = self.events.get(receive)?.kind else {
            return None;
        };
        self.events
            .iter()
            .position(|e| matches!(e.kind, EventKind::Send { message: m, .. } if m == message))
    }

    /// A pair `(a, b)` with `L(a) < L(b)` but `a ∥ b`: the one with the
    /// widest Lamport gap (the most misleading), earliest on ties.
    pub fn lamport_misleads(&self) -> Option<(usize, usize)> {
        let mut best: Option<(u64, usize, usize)> = None;
        for (a, ea) in self.events.iter().enumerate() {
            for (b, eb) in self.events.iter().enumerate() {
                if ea.lamport < eb.lamport && ea.vector.concurrent(&eb.vector) {
                    let gap = eb.lamport - ea.lamport;
                    if best.is_none_or(|(g, _, _)| gap > g) {
                        best = Some((gap, a, b));
                    }
                }
            }
        }
        best.map(|(_, a, b)| (a, b))
    }
}

/// `steps` random operations among `processes` processes from `seed`:
/// each a local event, a send or, when one waits, a delivery, in
/// proportions 1 : 2 : 3 (deliveries a little more often than sends, so few
/// messages stay in flight). Every operation applies to the execution it builds.
pub fn random_workload(processes: usize, steps: usize, seed: u64) -> Vec<ClockOp> {
    let processes = processes.max(1);
    let mut rng = driver_stream(seed, 0);
    let mut execution = Execution::new(processes);
    let mut ops = Vec::with_capacity(steps);
    while ops.len() < steps {
        let waiting: Vec<u64> = execution.in_flight().map(|(id, _)| id).collect();
        let roll = rng.random_range(0..6u32);
        let op = if roll >= 3 && !waiting.is_empty() {
            ClockOp::Deliver(waiting[rng.random_range(0..waiting.len())])
        } else if roll >= 1 && processes > 1 {
            let from = rng.random_range(0..processes);
            let to = (from + rng.random_range(1..processes)) % processes;
            ClockOp::Send { from, to }
        } else {
            ClockOp::Local(rng.random_range(0..processes))
        };
        if execution.apply(op).is_ok() {
            ops.push(op);
        }
    }
    ops
}
