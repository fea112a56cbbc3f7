//! Lamport clocks (Lamport, CACM 21(7), 1978).
//!
//! Each process keeps one counter. It increments it before every event
//! (IR1); a message carries the sender's counter, and the receiver sets its
//! counter past both its own and the message's (IR2):
//!
//! ```text
//!   local or send:  C := C + 1           (the event's timestamp is C)
//!   receive(t):     C := max(C, t) + 1
//! ```
//!
//! Then `a → b` (happened before) implies `C(a) < C(b)` — the *clock
//! condition* — but not conversely: concurrent events get ordered
//! arbitrarily. Breaking ties by process id gives the total order of
//! [`LamportTimestamp`] that Lamport used for mutual exclusion.

use crate::sim::NodeId;

/// One process's Lamport clock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LamportClock {
    time: u64,
}

impl LamportClock {
    pub fn new() -> Self {
        Self::default()
    }

    /// The counter (the timestamp of the latest event; 0 before any).
    pub fn time(&self) -> u64 {
        self.time
    }

    /// A local event or a send: increments and returns its timestamp.
    pub fn tick(&mut self) -> u64 {
        self.time += 1;
        self.time
    }

    /// Receiving a message stamped `stamp`: returns the receive event's
    /// timestamp, greater than both.
    pub fn receive(&mut self, stamp: u64) -> u64 {
        self.time = self.time.max(stamp) + 1;
        self.time
    }
}

/// A timestamp with its process id: a total order consistent with
/// happened-before (ties between concurrent events broken by id).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LamportTimestamp {
    pub time: u64,
    pub process: NodeId,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receive_jumps_past_the_message() {
        let mut a = LamportClock::new();
        let mut b = LamportClock::new();
        let sent = a.tick();
        b.tick();
        b.tick();
        b.tick();
        assert_eq!(b.receive(sent), 4, "already ahead: just one more");
        let late = b.tick();
        assert_eq!(a.receive(late), 6);
        let x = LamportTimestamp {
            time: 3,
            process: 1,
        };
        let y = LamportTimestamp {
            time: 3,
            process: 2,
        };
        assert!(x < y);
    }
}
