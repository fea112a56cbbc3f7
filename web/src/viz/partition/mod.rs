//! The partitioning pages: which node owns which key, and what moves.
//!
//! - **Hash ring** ([`ring_page`]): consistent hashing with virtual nodes
//!   (Karger et al. 1997, "Consistent hashing and random trees", STOC),
//!   rendezvous hashing (Thaler & Ravishankar 1998) and consistent hashing
//!   with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018) on the same
//!   keys. Each step adds or removes a node; the keys that move are
//!   highlighted and counted against the `K/N` that theory expects.
//! - **Range partitioning** ([`range_page`]): the key space cut into
//!   contiguous ranges (Bigtable's tablets, Chang et al. 2006, §5), a Zipf
//!   write workload that makes one range hot, load-based splits, merges as
//!   data expires, and the balancer moving ranges between nodes.
//! - **Balls into bins** ([`balls_page`]): `n` balls into `n` bins, each
//!   ball to the least loaded of `d` random bins (Azar, Broder, Karlin &
//!   Upfal 1994), the load profile against Mitzenmacher's fluid limit
//!   (2001), and the maximum load over many seeds.
//!
//! Every structure and experiment is `dsviz_core::partition`; these
//! modules only step them on the operation player and draw them.

pub mod balls_experiment;
pub mod balls_model;
mod balls_page;
mod bars;
pub mod common;
mod preview;
pub mod range_model;
mod range_page;
pub mod range_params;
pub mod ring_model;
mod ring_page;
pub mod ring_params;

pub use balls_page::BallsPage;
pub use preview::{BallsPreview, HashRingPreview, RangePreview};
pub use range_page::RangePage;
pub use ring_page::RingPage;
