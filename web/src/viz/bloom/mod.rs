//! The Bloom filter page, plain and counting.
//!
//! # What it shows
//!
//! A Bloom filter (Burton H. Bloom, 1970, "Space/time trade-offs in hash
//! coding with allowable errors", CACM 13(7)) keeps a set in an array of `m`
//! bits. Inserting an item sets the bits at its `k` hash positions; a query
//! answers "definitely not" when any of those bits is 0 and "maybe" when all
//! are 1. It never forgets a member, but a stranger whose positions were all
//! set by others is a *false positive*. After `n` distinct insertions a bit
//! is still 0 with probability about `e^{-kn/m}`, so a stranger is reported
//! with probability about `(1 - e^{-kn/m})^k`, smallest at `k = (m/n) ln 2`
//! (Broder and Mitzenmacher 2004, "Network applications of Bloom filters: a
//! survey").
//!
//! The counting variant (Fan, Cao, Almeida and Broder 2000, "Summary cache:
//! a scalable wide-area web cache sharing protocol") replaces each bit with
//! a 4-bit counter, so an item can be removed by decrementing its counters.
//! A counter that reaches 15 sticks there. Removing an item that was never
//! inserted but looks present decrements other items' counters, and can
//! turn later answers into false negatives; the page lets you try.
//!
//! The run is a list of operations replayed by the
//! [`OpPlayer`](crate::player::OpPlayer): `n` seeded words inserted one per
//! step, then queries of other seeded words, then whatever the person adds.
//! The state keeps the true set beside the filter, so every answer is judged.

mod grid;
mod page;
mod panels;
pub mod params;
pub mod state;
pub mod view;

pub use grid::BloomPreview;
pub use page::BloomPage;
pub use params::{BloomParams, BloomScenario};
pub use state::{BloomState, Variant};
