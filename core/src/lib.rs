//! dsviz-core: deterministic, steppable implementations of the algorithms that
//! distributed systems are built from.
//!
//! Everything here is `#![no_std]` + `alloc`, deterministic for a given seed on
//! every platform (native and `wasm32`), and free of wall-clock time.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod clocks;
pub mod commit;
pub mod consensus;
pub mod election;
pub mod failure;
pub mod gossip;
pub mod integrity;
pub mod partition;
pub mod sim;
pub mod sketch;
