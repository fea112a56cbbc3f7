//! Leader election on the simulation page: the Bully algorithm and election
//! on a logical ring, each a small adapter over its core node, sharing how
//! a node's belief and the election's cost are shown.

mod bully;
mod look;
mod ring;
mod scenarios;

pub use bully::{BULLY, BullyAdapter};
pub use ring::{RING, RingAdapter};
