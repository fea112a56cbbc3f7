//! How the page names things: servers A, B, …; clients c1, c2, …; writes
//! w1, w2, … (ids from 0 in the core and in `data-testid`s, from 1 on
//! screen); clocks as `{A:2, B:1}` or, for a dotted version vector, its dot
//! and context `(A,3) {A:1}`.

use dsviz_core::clocks::Causality;
use dsviz_core::clocks::VersionVector;
use dsviz_core::clocks::store::{Clock, Scheme, StoreOp};

pub fn server_name(s: usize) -> String {
    char::from(b'A' + (s % 26) as u8).to_string()
}

pub fn client_name(c: usize) -> String {
    format!("c{}", c + 1)
}

pub fn write_name(w: usize) -> String {
    format!("w{}", w + 1)
}

/// The key a scheme has in `data-testid`s.
pub fn scheme_key(scheme: Scheme) -> &'static str {
    match scheme {
        Scheme::ServerIds => "server-ids",
        Scheme::ClientIds => "client-ids",
        Scheme::Dotted => "dotted",
    }
}

/// A version vector whose entries are named as `scheme` keys them.
pub fn vector_text(scheme: Scheme, v: &VersionVector) -> String {
    let entries: Vec<String> = v
        .entries()
        .map(|(id, n)| {
            let name = if scheme == Scheme::ClientIds {
                client_name(id)
            } else {
                server_name(id)
            };
            format!("{name}:{n}")
        })
        .collect();
    format!("{{{}}}", entries.join(", "))
}

pub fn clock_text(scheme: Scheme, clock: &Clock) -> String {
    match clock {
        Clock::Vector(v) => vector_text(scheme, v),
        Clock::Dotted(d) => format!(
            "({},{}) {}",
            server_name(d.dot().replica),
            d.dot().counter,
            vector_text(scheme, d.context())
        ),
    }
}

/// `<`, `>`, `=` or `∥`.
pub fn relation_symbol(c: Causality) -> &'static str {
    match c {
        Causality::Before => "<",
        Causality::After => ">",
        Causality::Equal => "=",
        Causality::Concurrent => "∥",
    }
}

pub fn relation_word(c: Causality) -> &'static str {
    match c {
        Causality::Before => "before",
        Causality::After => "after",
        Causality::Equal => "equal",
        Causality::Concurrent => "concurrent",
    }
}

/// One operation in words.
pub fn op_text(op: &StoreOp, write: Option<usize>) -> String {
    match *op {
        StoreOp::Read { client, server } => {
            format!("{} reads at {}", client_name(client), server_name(server))
        }
        StoreOp::Write { client, server } => format!(
            "{} writes {} through {}",
            client_name(client),
            write.map(write_name).unwrap_or_default(),
            server_name(server)
        ),
        StoreOp::Sync { from, to } => {
            format!("{} syncs into {}", server_name(from), server_name(to))
        }
    }
}
