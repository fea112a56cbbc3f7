//! The Count-Min sketch visualization (Cormode and Muthukrishnan 2005, "An
//! improved data stream summary: the count-min sketch and its
//! applications"; conservative update from Estan and Varghese 2002).
//!
//! A seeded Zipf stream is counted one item at a time into a `d × w` table:
//! each row hashes the item to one column and adds 1 there, and the
//! estimate is the smallest of the item's `d` counters, so it never
//! undercounts and, with `w = ⌈e/ε⌉` and `d = ⌈ln 1/δ⌉`, overcounts by at
//! most `εN` with probability `1 - δ`. A bounded candidate set beside the
//! sketch tracks the heavy hitters. The page shows the table with the last
//! item's counters, its estimate against the exact count, and the
//! candidates against the truth.

mod page;
pub mod params;
pub mod state;
pub mod view;

pub use page::{CountMinPage, CountMinPreview};
pub use params::{CmParams, CmScenario};
pub use state::CmState;
