//! The event queue: a min-heap ordered by `(time, sequence number)`.
//!
//! The sequence number is assigned when an event is scheduled, so events
//! at the same instant run in the order they were scheduled — a total,
//! deterministic order.

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
}

/// A scheduled event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scheduled {
    pub at: Time,
    pub seq: u64,
    pub kind: EventKind,
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
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
        let seq = self.next_seq;
        self.next_seq += 1;
        self.heap.push(Reverse(Scheduled { at, seq, kind }));
        seq
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
}
