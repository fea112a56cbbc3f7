//! Sketches: small, approximate summaries of large sets and streams.
//!
//! | structure | answers | errs by | deletes |
//! |---|---|---|---|
//! | [`BloomFilter`] | "is `x` in the set?" | false positives | no |
//! | [`CountingBloomFilter`] | same | false positives | yes |
//! | [`CuckooFilter`] | same | false positives | yes |
//! | [`QuotientFilter`] | same | false positives | yes, and merges |
//! | [`HyperLogLog`] | "how many distinct items?" | ±1.04/√m relative | no; merges |
//! | [`CountMinSketch`] | "how often was `x` seen?" | overestimates by ≤ εN w.p. 1-δ | merges |
//!
//! Every structure takes items as byte strings (`&str`, `&[u8]`, `[u8; N]`),
//! hashes them with XXH3 under an explicit seed (see [`hashing`]), and offers
//! two constructors: one from raw parameters and one from targets
//! (capacity and error rate). Parameters are validated: an impossible one is
//! a [`SketchError`], never a panic, since they arrive from URLs.
//!
//! [`experiments`] measures each structure against its theory.

pub mod bloom;
pub mod count_min;
pub mod counting_bloom;
pub mod cuckoo;
pub mod error;
pub mod experiments;
pub mod hashing;
pub mod heavy_hitters;
pub mod hyperloglog;
pub mod quotient;
pub mod zipf;

pub use bloom::BloomFilter;
pub use count_min::{CountMinSketch, UpdateRule};
pub use counting_bloom::CountingBloomFilter;
pub use cuckoo::CuckooFilter;
pub use error::SketchError;
pub use heavy_hitters::{HeavyHitter, HeavyHitters};
pub use hyperloglog::{Estimator, HyperLogLog};
pub use quotient::QuotientFilter;
pub use zipf::Zipf;
