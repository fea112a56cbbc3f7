//! The event queue: a min-heap ordered by `(time, arrival, sequence number)`.
//!
//! The sequence number is assigned when an event is scheduled, so events
//! at the same instant run in the order they were scheduled — a total,
//! deterministic order.
//!
//! `arrival` is the time an event first came due. It equals `time` for
//! every event except one *held* by a busy node (a pause or a processing
//! delay, see [`World`](super::World)): that one is moved to the end of
//! the busy spell keeping its arrival and sequence number, so held events
//! run in their original order and before anything that arrives only then.
//! Without held events the order is exactly `(time, sequence number)`.

use super::fault::MessageId;
use super::node::NodeId;
use super::time::Time;
use alloc::collections::BinaryHeap;
use core::cmp::{Ordering, Reverse};

/// What happens when an event comes due.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A node's `on_start`.
    Start(NodeId),
    /// A message arrives (it may have been dropped or delayed since).
    Deliver(MessageId),
    /// A timer fires unless it was cancelled or replaced (`seq` tells).
    Timer { node: NodeId, seq: u64 },
    /// A command that came while its node was busy (`key` names it).
    Command { node: NodeId, key: u64 },
}

/// A scheduled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheduled {
    pub at: Time,
    /// When the event first came due (`at` unless it was held).
    pub arrived: Time,
    pub seq: u64,
    pub kind: EventKind,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.arrived, self.seq).cmp(&(other.at, other.arrived, other.seq))
    }
}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The pending events of a world.
#[derive(Clone, Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Reverse<Scheduled>>,
    next_seq: u64,
}

impl EventQueue {
    /// Schedules `kind` at `at`; returns its sequence number.
    pub fn push(&mut self, at: Time, kind: EventKind) -> u64 {
        self.push_arrived(at, at, kind)
    }

    /// Schedules `kind` at `at` for an event that came due at `arrived`.
    pub fn push_arrived(&mut self, at: Time, arrived: Time, kind: EventKind) -> u64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Scheduled {
            at,
            arrived,
            seq,
            kind,
        }));
        seq
    }

    /// Puts a popped entry back at `until`, keeping its arrival and
    /// sequence number (its place among the other held events).
    pub fn hold(&mut self, entry: Scheduled, until: Time) {
        self.heap.push(Reverse(Scheduled { at: until, ..entry }));
    }

    /// Removes and returns the earliest event.
    pub fn pop(&mut self) -> Option<Scheduled> {
        self.heap.pop().map(|Reverse(s)| s)
    }

    /// The earliest event, without removing it.
    pub fn peek(&self) -> Option<&Scheduled> {
        self.heap.peek().map(|Reverse(s)| s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_time_then_scheduling_order() {
        let mut q = EventQueue::default();
        q.push(20, EventKind::Start(0));
        q.push(10, EventKind::Start(1));
        q.push(10, EventKind::Start(2));
        let order: alloc::vec::Vec<_> = core::iter::from_fn(|| q.pop()).map(|s| s.kind).collect();
        assert_eq!(
            order,
            [
                EventKind::Start(1),
                EventKind::Start(2),
                EventKind::Start(0)
            ]
        );
    }

    #[test]
    fn held_entries_keep_their_order_and_go_first() {
        let mut q = EventQueue::default();
        q.push(5, EventKind::Start(0));
        q.push(3, EventKind::Start(1));
        q.push(20, EventKind::Start(2));
        q.push(4, EventKind::Start(3));
        // A node busy until 20 holds the three early events.
        for _ in 0..3 {
            let e = q.pop().unwrap();
            q.hold(e, 20);
        }
        let order: alloc::vec::Vec<_> = core::iter::from_fn(|| q.pop())
            .map(|s| (s.at, s.kind))
            .collect();
        assert_eq!(
            order,
            [
                (20, EventKind::Start(1)),
                (20, EventKind::Start(3)),
                (20, EventKind::Start(0)),
                (20, EventKind::Start(2)),
            ]
        );
    }
}
