//! Seeded random streams: one per node and one for the network.

use rand::SeedableRng;
use rand_pcg::Pcg64;

/// The generator every node and the network use: PCG-64 (LCG 128 / XSL-RR
/// 64), a specified algorithm, so draws are identical on every platform.
pub type NodeRng = Pcg64;

/// The stream id reserved for the network model.
const NETWORK_STREAM: u128 = u128::MAX >> 1;

/// The random stream of node `id` in a world seeded with `seed`.
///
/// Streams are distinct PCG sequences selected by the node id, so adding a
/// node leaves every other node's draws unchanged.
pub fn node_stream(seed: u64, id: usize) -> NodeRng {
    Pcg64::new(expand(seed), id as u128)
}

/// The network model's random stream.
pub fn network_stream(seed: u64) -> NodeRng {
    Pcg64::new(expand(seed), NETWORK_STREAM)
}

/// Spreads a 64-bit seed over the 128-bit PCG state.
fn expand(seed: u64) -> u128 {
    let mut seeder = rand_pcg::Pcg32::seed_from_u64(seed);
    let mut bytes = [0u8; 16];
    rand::Rng::fill_bytes(&mut seeder, &mut bytes);
    u128::from_le_bytes(bytes)
}

/// A random stream for a driver outside the nodes (a workload, a fault
/// schedule), selected by `stream` so that it never coincides with a
/// node's or the network's.
pub fn driver_stream(seed: u64, stream: u64) -> NodeRng {
    Pcg64::new(expand(seed), (1u128 << 64) | u128::from(stream))
}
