//! One replicated register under three ways of tagging its versions — the
//! comparison that motivates dotted version vectors (Preguiça et al. 2010;
//! Almeida et al., DAIS 2014, §2–3).
//!
//! `S` servers hold copies of one key; `C` clients read it, write it and
//! servers exchange their versions by anti-entropy. The same operation
//! sequence runs under each [`Scheme`]:
//!
//! * **version vectors with server ids** — a write at server `r` gets the
//!   client's context with entry `r` raised to one more than any count of
//!   `r` the server or the context knows, and replaces every version it
//!   dominates. Small (one entry per server) but wrong: two clients that
//!   write concurrently through one server get `{r: 1}` and `{r: 2}`, the
//!   second seems to descend from the first, and one update is lost.
//! * **version vectors with client ids** — entry `c` counts client `c`'s
//!   writes. Exact, but a clock names every client in its history, so
//!   metadata grows with the number of clients.
//! * **dotted version vectors** — [`Siblings::update`] and
//!   [`Siblings::sync`]: exact with one entry per server.
//!
//! Operations ([`StoreOp`]):
//!
//! * `Read { client, server }` — the client sees the server's versions:
//!   it remembers their values and joins their clocks into its context.
//! * `Write { client, server }` — a new value tagged from the client's
//!   context; the server answers with its versions after the write (as a
//!   read would), so a client has seen its own write.
//! * `Sync { from, to }` — anti-entropy: `from`'s versions are merged into
//!   `to`'s.
//!
//! A client's knowledge accumulates: what it read or wrote stays known
//! (a client is one sequential process, the assumption behind client-id
//! clocks). The ground truth ([`truth`]) is kept apart from the clocks: the
//! causal history `H(w)` of a write is `{w}` with the history of every value
//! its client had read or written before; the true siblings at a server are
//! the writes it has received, directly or by sync, that lie in no other
//! received write's history. Against it each server's kept versions show
//! **lost updates** (true siblings the clocks discarded) and **false
//! siblings** (kept although something received supersedes them).
//!
//! [`Siblings::update`]: super::Siblings::update
//! [`Siblings::sync`]: super::Siblings::sync

mod scenarios;
mod scheme;
mod sweep;
pub mod truth;

pub use scenarios::{StoreScenario, random_store_workload, store_scenario, store_scenarios};
pub use scheme::{Clock, SchemeStore, ServerReport, Version};
pub use sweep::{SchemeTally, store_sweep};

use alloc::vec::Vec;

/// Which writes: the index of a write in the operation sequence's writes
/// (the first write is 0), the same under every scheme.
pub type WriteId = usize;

/// How versions are tagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Scheme {
    /// Version vectors with one entry per server.
    ServerIds,
    /// Version vectors with one entry per client.
    ClientIds,
    /// Dotted version vectors.
    Dotted,
}

impl Scheme {
    pub const ALL: [Scheme; 3] = [Scheme::ServerIds, Scheme::ClientIds, Scheme::Dotted];

    /// A short name.
    pub fn label(self) -> &'static str {
        match self {
            Scheme::ServerIds => "version vectors, server ids",
            Scheme::ClientIds => "version vectors, client ids",
            Scheme::Dotted => "dotted version vectors",
        }
    }
}

/// One step of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum StoreOp {
    Read {
        client: usize,
        server: usize,
    },
    Write {
        client: usize,
        server: usize,
    },
    /// `from`'s versions merged into `to`'s.
    Sync {
        from: usize,
        to: usize,
    },
}

/// Why an operation could not be applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreOpError {
    NoClient(usize),
    NoServer(usize),
    /// A server syncing with itself.
    SelfSync(usize),
}

impl core::fmt::Display for StoreOpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            StoreOpError::NoClient(c) => write!(f, "there is no client {c}"),
            StoreOpError::NoServer(s) => write!(f, "there is no server {s}"),
            StoreOpError::SelfSync(s) => write!(f, "server {s} cannot sync with itself"),
        }
    }
}

/// Who made a write, and where.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteInfo {
    pub client: usize,
    pub server: usize,
}

/// The register under all three schemes, fed the same operations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    servers: usize,
    clients: usize,
    writes: Vec<WriteInfo>,
    schemes: [SchemeStore; 3],
}

impl Store {
    /// `servers` servers and `clients` clients (at least one of each).
    pub fn new(servers: usize, clients: usize) -> Self {
        let (servers, clients) = (servers.max(1), clients.max(1));
        Self {
            servers,
            clients,
            writes: Vec::new(),
            schemes: Scheme::ALL.map(|s| SchemeStore::new(s, servers, clients)),
        }
    }

    pub fn servers(&self) -> usize {
        self.servers
    }

    pub fn clients(&self) -> usize {
        self.clients
    }

    /// Every write so far, by id.
    pub fn writes(&self) -> &[WriteInfo] {
        &self.writes
    }

    /// The run under one scheme.
    pub fn scheme(&self, scheme: Scheme) -> &SchemeStore {
        &self.schemes[scheme as usize]
    }

    /// Checks `op` against the store's size.
    pub fn check(&self, op: StoreOp) -> Result<(), StoreOpError> {
        let client = |c: usize| {
            if c < self.clients {
                Ok(())
            } else {
                Err(StoreOpError::NoClient(c))
            }
        };
        let server = |s: usize| {
            if s < self.servers {
                Ok(())
            } else {
                Err(StoreOpError::NoServer(s))
            }
        };
        match op {
            StoreOp::Read {
                client: c,
                server: s,
            }
            | StoreOp::Write {
                client: c,
                server: s,
            } => {
                client(c)?;
                server(s)
            }
            StoreOp::Sync { from, to } => {
                server(from)?;
                server(to)?;
                if from == to {
                    Err(StoreOpError::SelfSync(from))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Applies `op` under every scheme; an invalid one changes nothing.
    pub fn apply(&mut self, op: StoreOp) -> Result<(), StoreOpError> {
        self.check(op)?;
        if let StoreOp::Write { client, server } = op {
            self.writes.push(WriteInfo { client, server });
        }
        let write = self.writes.len().wrapping_sub(1);
        for scheme in &mut self.schemes {
            scheme.apply(op, write);
        }
        Ok(())
    }
}
