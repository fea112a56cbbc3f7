//! Epidemic dissemination on the simulation page: anti-entropy by push,
//! pull and push-pull at up to 256 nodes (`/gossip`), rumor mongering with
//! its residue against the equation of Demers et al. (`/rumor`), and
//! Scuttlebutt's digests, deltas and MTU (`/scuttlebutt`). The adapters
//! share how a node's S / I / R status is drawn ([`look`]) and the core's
//! scenario menu ([`scenarios`]).

mod anti_entropy;
mod charts;
mod look;
mod rumor;
mod rumor_study;
mod scenarios;
mod scuttle_study;
mod scuttlebutt;

pub use anti_entropy::{GOSSIP, GossipAdapter};
pub use look::newest_version;
pub use rumor::{RUMOR, RumorAdapter};
pub use scuttlebutt::{SCUTTLEBUTT, ScuttlebuttAdapter};
