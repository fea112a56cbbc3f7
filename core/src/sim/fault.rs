//! The one fault vocabulary shared by every protocol, and the inputs that
//! carry faults and commands into a run.
//!
//! An [`Input`] is applied *as* a step: `Input { at_step: 42, .. }` means
//! that step 42 of the run is that action. Recording inputs with their steps
//! is what makes a run reproducible from its seed alone. An input that
//! changes nothing or names something that does not exist (a node out of
//! range, a clock rate of zero) is recorded as not effective, never a panic.
//!
//! # Clocks and slow nodes
//!
//! Besides crashes and the network, two kinds of fault act on one node's
//! sense of time; together they break the timing assumptions that failure
//! detectors, leases and leader election rest on.
//!
//! * **Clock skew** — [`Fault::SetClockRate`]. Real clocks drift: a quartz
//!   oscillator is typically within some tens of parts per million, and
//!   protocols that use clocks for more than hints (leases, timestamps)
//!   must assume a bound on the drift and fail in interesting ways when it
//!   is exceeded (Liskov, *Practical uses of synchronized clocks in
//!   distributed systems*, PODC 1991; Lamport, *Time, clocks, and the
//!   ordering of events in a distributed system*, 1978, on clocks running
//!   at a rate within a bound of real time). Each node reads its own local
//!   clock through [`Context::now`](super::Context::now), and its timers
//!   measure local time, so a node whose clock runs at 2× fires its
//!   election timeout twice as early in real time. The exaggerated range
//!   (0.1 % to 100× of real time) is for teaching; the arithmetic is exact
//!   integer math and deterministic.
//! * **Pauses and slow nodes** — [`Fault::Pause`] and
//!   [`Fault::SetProcessingDelay`]. A stop-the-world garbage-collection
//!   pause (or a VM migration, or swapping) freezes a process that is not
//!   crashed: it keeps its state and resumes as if nothing happened, while
//!   its peers suspect it and its lease may expire. Long GC pauses are the
//!   classic cause of false failure suspicion and of a "leader" acting on
//!   a lease that has already run out (Gray and Cheriton, *Leases*, 1989;
//!   Kleppmann, *How to do distributed locking*, 2016). While a node is
//!   busy — paused, or working off its per-event processing delay — the
//!   messages that reach it, the timers that come due and the commands sent
//!   to it are *held*, not lost, and handled in their original order when
//!   it is free again. A crash during a pause wins: the node is down and
//!   what it was holding is dropped as on any crash. Pausing does not stop
//!   or skew the node's clock: after a pause its timers are simply late.

use super::network::{Latency, Probability};
use super::node::NodeId;
use super::time::Time;
use alloc::vec::Vec;

/// Identifies one message sent during a run (unique within the run).
pub type MessageId = u64;

/// Something that goes wrong, or is repaired, on purpose.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Fault {
    /// The node stops; its volatile state and pending timers are lost.
    Crash(NodeId),
    /// A crashed node starts again from its durable state.
    Restart(NodeId),
    /// Splits the nodes into groups that cannot talk to each other (both
    /// directions); nodes in no group form one more group.
    Partition(Vec<Vec<NodeId>>),
    /// Blocks the directed link `from → to` only (an asymmetric cut).
    CutLink { from: NodeId, to: NodeId },
    /// Unblocks the directed link `from → to`.
    HealLink { from: NodeId, to: NodeId },
    /// Removes every partition and cut.
    Heal,
    /// Loses one message in flight.
    DropMessage(MessageId),
    /// Delivers one message in flight a second time, with a fresh latency.
    DuplicateMessage(MessageId),
    /// Holds one message in flight for `by` more microseconds (not effective
    /// on one that already reached a busy node and waits there).
    DelayMessage { id: MessageId, by: Time },
    /// Sets the loss probability of every link without its own.
    SetLoss(Probability),
    /// Sets the loss probability of one directed link.
    SetLinkLoss {
        from: NodeId,
        to: NodeId,
        loss: Probability,
    },
    /// Adds a fixed delay to one directed link.
    SetLinkDelay {
        from: NodeId,
        to: NodeId,
        extra: Time,
    },
    /// Sets the latency distribution of the whole network.
    SetLatency(Latency),
    /// Sets the probability that a message is delivered twice.
    SetDuplication(Probability),
    /// Makes `node`'s local clock run at `rate_ppm` parts per million of
    /// real time from now on: [`CLOCK_RATE_EXACT`](super::CLOCK_RATE_EXACT)
    /// (1,000,000) keeps time, 1,500,000 runs 50 % fast, 500,000 at half
    /// speed. Accepted rates are
    /// [`CLOCK_RATE_MIN`](super::CLOCK_RATE_MIN)`..=`[`CLOCK_RATE_MAX`](super::CLOCK_RATE_MAX).
    /// The local reading stays continuous across the change. Timers
    /// already pending keep their real due time; timers set afterwards
    /// measure the new rate. The rate survives a crash and restart (it is
    /// the hardware's).
    SetClockRate { node: NodeId, rate_ppm: u32 },
    /// Freezes an up node for `duration` microseconds from now, as a long
    /// garbage-collection pause does: it handles nothing, and what reaches
    /// it meanwhile (messages, timers, commands) is held and handled in
    /// order when the pause ends. Its state is kept. A pause on a paused
    /// node extends it to whichever end is later.
    Pause { node: NodeId, duration: Time },
    /// Makes `node` slow: after every handler it runs, it is busy for
    /// `per_event` microseconds, holding what arrives as during a pause.
    /// 0 turns it off. Survives a crash and restart.
    SetProcessingDelay { node: NodeId, per_event: Time },
}

/// One thing done to a run from outside: a fault, or a command to a node.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Action<C> {
    Fault(Fault),
    Command { node: NodeId, command: C },
}

/// An action, the step it occupies and the simulated time it happens at.
///
/// The time matters because simulated time passes between events: a person
/// who waits and then crashes a node does so later than the last event.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Input<C> {
    pub at_step: u64,
    pub at_time: Time,
    pub action: Action<C>,
}
