//! The cuckoo filter and quotient filter pages (`/cuckoo`, `/quotient`).
//!
//! Both are approximate membership filters that store short fingerprints
//! instead of items, answer "definitely not" or "maybe", and — unlike a
//! Bloom filter — support deletion:
//!
//! - **Cuckoo filter** (Fan, Andersen, Kaminsky, Mitzenmacher 2014,
//!   "Cuckoo filter: practically better than Bloom", CoNEXT): buckets of
//!   `b` slots; an item's `f`-bit fingerprint lives in bucket `i1` or
//!   `i2 = i1 XOR hash(fp)`, and insertion kicks residents to their other
//!   bucket when both are full. A query compares `2b` fingerprints, so the
//!   false-positive rate is about `2b·α / 2^f` at load `α`.
//! - **Quotient filter** (Bender et al. 2012, "Don't thrash: how to cache
//!   your hash on flash", PVLDB): a fingerprint's high bits pick a slot,
//!   its low `r` bits are stored there or shifted right past earlier runs,
//!   with three metadata bits per slot to decode the layout. A query hits
//!   falsely when another item has the same quotient and remainder: about
//!   `1 − e^(−α/2^r) ≈ α·2^−r`.
//!
//! Each page replays a script of operations from the URL (generated
//! insertions of members, then queries of non-members) plus any operations
//! a person adds, keeps the true member set beside the filter so every
//! "maybe" is marked right or a false positive, and measures the
//! false-positive rate against the theory.
//!
//! Files: [`run`] (the replayed state), [`scenario`] (URL ⇄ scenario, and
//! the generated words), [`cuckoo`] / [`quotient`] (view models), `page`
//! (shared layout), `cuckoo_view` / `quotient_view` (drawing), [`preview`]
//! (catalogue pictures). Items, operations and their link text are the
//! sketch pages' shared [`crate::viz::item_ops`].

pub mod cuckoo;
mod cuckoo_view;
mod page;
pub mod preview;
pub mod quotient;
mod quotient_view;
pub mod run;
pub mod scenario;

pub use cuckoo::CuckooParams;
pub use page::filter_page;
pub use quotient::QuotientParams;
