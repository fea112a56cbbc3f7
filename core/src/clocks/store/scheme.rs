//! One scheme's run of the store: the servers' versions with their clocks,
//! the clients' contexts, and the ground truth they are judged against.

use super::truth::Truth;
use super::{Scheme, StoreOp, WriteId};
use crate::clocks::{Causality, DottedVersionVector, Siblings, VersionVector};
use alloc::collections::BTreeSet;
use alloc::vec::Vec;

/// A version's clock under its scheme.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Clock {
    /// A version vector, keyed by server or by client.
    Vector(VersionVector),
    Dotted(DottedVersionVector),
}

impl Clock {
    /// How many ids the clock names (its metadata size in entries).
    pub fn size(&self) -> usize {
        match self {
            Clock::Vector(v) => v.entries().count(),
            Clock::Dotted(d) => {
                let dot = d.dot().replica;
                d.context().entries().filter(|&(r, _)| r != dot).count() + 1
            }
        }
    }

    /// How this clock's events relate to `other`'s (clocks of one scheme).
    pub fn compare(&self, other: &Clock) -> Causality {
        match (self, other) {
            (Clock::Vector(a), Clock::Vector(b)) => a.compare(b),
            (Clock::Dotted(a), Clock::Dotted(b)) => a.compare(b),
            _ => Causality::Concurrent,
        }
    }

    /// The version vector covering the clock's events.
    pub fn covered(&self) -> VersionVector {
        match self {
            Clock::Vector(v) => v.clone(),
            Clock::Dotted(d) => {
                let mut v = VersionVector::new();
                d.join_into(&mut v);
                v
            }
        }
    }
}

/// A version a server keeps: which write and its clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub write: WriteId,
    pub clock: Clock,
}

/// One server's versions compared with the truth.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ServerReport {
    /// The writes the server keeps, by id.
    pub kept: Vec<WriteId>,
    /// The writes it should keep.
    pub true_siblings: Vec<WriteId>,
    /// True siblings it discarded.
    pub lost: Vec<WriteId>,
    /// Versions it keeps though a received write supersedes them.
    pub false_siblings: Vec<WriteId>,
    /// Entries of the largest clock it keeps.
    pub largest_clock: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Replica {
    Vector(Vec<Version>),
    Dotted(Siblings<WriteId>),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Client {
    context: VersionVector,
    writes: u64,
}

/// The run of one scheme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemeStore {
    scheme: Scheme,
    replicas: Vec<Replica>,
    clients: Vec<Client>,
    truth: Truth,
    largest_clock: usize,
}

impl SchemeStore {
    pub fn new(scheme: Scheme, servers: usize, clients: usize) -> Self {
        let empty = match scheme {
            Scheme::Dotted => Replica::Dotted(Siblings::new()),
            _ => Replica::Vector(Vec::new()),
        };
        Self {
            scheme,
            replicas: alloc::vec![empty; servers],
            clients: alloc::vec![Client::default(); clients],
            truth: Truth::new(servers, clients),
            largest_clock: 0,
        }
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    pub fn truth(&self) -> &Truth {
        &self.truth
    }

    /// The client's context: what it has seen, as a version vector.
    pub fn context(&self, client: usize) -> &VersionVector {
        &self.clients[client].context
    }

    /// Entries of the largest clock any write got so far.
    pub fn largest_clock(&self) -> usize {
        self.largest_clock
    }

    /// The versions a server keeps, by write id.
    pub fn versions(&self, server: usize) -> Vec<Version> {
        match &self.replicas[server] {
            Replica::Vector(vs) => vs.clone(),
            Replica::Dotted(s) => {
                let mut vs: Vec<Version> = s
                    .versions()
                    .iter()
                    .map(|(clock, write)| Version {
                        write: *write,
                        clock: Clock::Dotted(clock.clone()),
                    })
                    .collect();
                vs.sort_by_key(|v| v.write);
                vs
            }
        }
    }

    /// The server's versions against the truth.
    pub fn report(&self, server: usize) -> ServerReport {
        let versions = self.versions(server);
        let kept: Vec<WriteId> = versions.iter().map(|v| v.write).collect();
        let truth = self.truth.siblings(server);
        ServerReport {
            lost: truth
                .iter()
                .copied()
                .filter(|w| !kept.contains(w))
                .collect(),
            false_siblings: kept
                .iter()
                .copied()
                .filter(|w| !truth.contains(w))
                .collect(),
            largest_clock: versions.iter().map(|v| v.clock.size()).max().unwrap_or(0),
            kept,
            true_siblings: truth,
        }
    }

    /// Writes lost at one server or more.
    pub fn lost_updates(&self) -> Vec<WriteId> {
        let set: BTreeSet<WriteId> = (0..self.replicas.len())
            .flat_map(|s| self.report(s).lost)
            .collect();
        set.into_iter().collect()
    }

    /// Writes kept as a false sibling at one server or more.
    pub fn false_siblings(&self) -> Vec<WriteId> {
        let set: BTreeSet<WriteId> = (0..self.replicas.len())
            .flat_map(|s| self.report(s).false_siblings)
            .collect();
        set.into_iter().collect()
    }

    /// The clock a write by `client` through `server` would get now, and
    /// how it relates to each version the server keeps (`After`: the write
    /// replaces it; `Concurrent`: they stay siblings).
    pub fn preview_write(
        &self,
        client: usize,
        server: usize,
    ) -> (Clock, Vec<(WriteId, Causality)>) {
        let clock = self.next_clock(client, server);
        let relations = self
            .versions(server)
            .iter()
            .map(|v| (v.write, clock.compare(&v.clock)))
            .collect();
        (clock, relations)
    }

    fn next_clock(&self, client: usize, server: usize) -> Clock {
        let c = &self.clients[client];
        match &self.replicas[server] {
            Replica::Dotted(s) => {
                let mut s = s.clone();
                Clock::Dotted(s.update(&c.context, server, WriteId::MAX))
            }
            Replica::Vector(vs) => {
                let mut clock = c.context.clone();
                match self.scheme {
                    Scheme::ClientIds => clock.set_at_least(client, c.writes + 1),
                    _ => {
                        let known = vs
                            .iter()
                            .map(|v| v.clock.covered().get(server))
                            .max()
                            .unwrap_or(0)
                            .max(c.context.get(server));
                        clock.set_at_least(server, known + 1);
                    }
                }
                Clock::Vector(clock)
            }
        }
    }

    /// Applies a checked operation; `write` is the id a write gets.
    pub(super) fn apply(&mut self, op: StoreOp, write: WriteId) {
        match op {
            StoreOp::Read { client, server } => self.see(client, server),
            StoreOp::Write { client, server } => {
                let clock = self.next_clock(client, server);
                self.largest_clock = self.largest_clock.max(clock.size());
                match &mut self.replicas[server] {
                    Replica::Dotted(s) => {
                        let made = s.update(&self.clients[client].context, server, write);
                        debug_assert_eq!(Clock::Dotted(made), clock);
                    }
                    Replica::Vector(vs) => {
                        vs.retain(|v| clock.compare(&v.clock) != Causality::After);
                        vs.push(Version { write, clock });
                    }
                }
                self.clients[client].writes += 1;
                self.truth.write(write, client, server);
                self.see(client, server);
            }
            StoreOp::Sync { from, to } => {
                let source = self.replicas[from].clone();
                match (&mut self.replicas[to], &source) {
                    (Replica::Dotted(into), Replica::Dotted(other)) => into.sync(other),
                    (Replica::Vector(into), Replica::Vector(other)) => sync_vectors(into, other),
                    _ => unreachable!("one scheme per store"),
                }
                self.truth.sync(from, to);
            }
        }
    }

    /// The client reads the server: joins the clocks into its context and
    /// remembers the values.
    fn see(&mut self, client: usize, server: usize) {
        let versions = self.versions(server);
        let context = match &self.replicas[server] {
            Replica::Dotted(s) => s.context(),
            Replica::Vector(vs) => vs.iter().fold(VersionVector::new(), |acc, v| {
                acc.merged(&v.clock.covered())
            }),
        };
        self.clients[client].context.merge(&context);
        self.truth.see(client, versions.iter().map(|v| v.write));
    }
}

/// Keeps the versions of either list that no version of the union
/// strictly dominates, one copy per write, by write id.
fn sync_vectors(into: &mut Vec<Version>, other: &[Version]) {
    for v in other {
        if !into.iter().any(|u| u.write == v.write) {
            into.push(v.clone());
        }
    }
    let union = into.clone();
    into.retain(|v| {
        !union
            .iter()
            .any(|u| u.clock.compare(&v.clock) == Causality::After)
    });
    into.sort_by_key(|v| v.write);
}
