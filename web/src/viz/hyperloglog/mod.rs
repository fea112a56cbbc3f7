//! The HyperLogLog visualization (Flajolet, Fusy, Gandouet, Meunier 2007,
//! "HyperLogLog: the analysis of a near-optimal cardinality estimation
//! algorithm"; the improved estimator of Ertl 2017, arXiv:1702.01284).
//!
//! A seeded stream of items, some repeated, is added one at a time. Each
//! item is hashed to 64 bits; the first `p` bits choose one of `m = 2^p`
//! registers and the register keeps the largest *rank* (one plus the number
//! of leading zeros of the remaining bits) it has seen. The page shows that
//! split for the last item, the registers as bars, and the estimates
//! against the true distinct count; "Run 1,000 streams" measures the
//! relative error's spread against the paper's `1.04/√m`.

pub mod experiment;
mod page;
pub mod params;
pub mod state;
pub mod view;

pub use page::{HllPreview, HyperLogLogPage};
pub use params::{HllParams, HllScenario};
pub use state::HllState;
