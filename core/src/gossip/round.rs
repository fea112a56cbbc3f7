//! What every gossip protocol here shares: synchronous rounds driven by a
//! periodic timer, and a uniformly random choice of peers from the node's
//! own random stream.
//!
//! Round `r ≥ 1` starts when the node's round timer fires at `r · period`
//! of its local clock. A message sent in round `r` arrives a latency later;
//! as long as latencies stay below the period, everything a node learns in
//! `[r · period, (r + 1) · period)` it learned *in round `r`*, and a node
//! that knew something from the start learned it in round 0. That is the
//! round count the epidemic literature reports ("cycles" in Demers et al.).

use crate::sim::{Context, Node, NodeId, NodeRng, Time};
use alloc::vec::Vec;
use rand::RngExt;

/// The round a node at local time `now` is in.
pub fn round_at(now: Time, period: Time) -> u32 {
    u32::try_from(now / period.max(1)).unwrap_or(u32::MAX)
}

/// How long from `now` until the next round starts (a whole period when
/// `now` is exactly on a boundary), so rounds stay aligned to multiples of
/// the period even after a restart or a late timer.
pub fn until_next_round(now: Time, period: Time) -> Time {
    let period = period.max(1);
    period - now % period
}

/// [`choose_peers`] for the node a handler runs on.
pub fn choose_peers_of<N: Node>(cx: &mut Context<'_, N>, fanout: usize, out: &mut Vec<NodeId>) {
    let (me, count) = (cx.id(), cx.node_count());
    choose_peers(cx.rng(), me, count, fanout, out);
}

/// One peer of the handler's node, chosen uniformly (`None` when alone).
pub fn random_peer_of<N: Node>(cx: &mut Context<'_, N>) -> Option<NodeId> {
    let (me, count) = (cx.id(), cx.node_count());
    let others = count.checked_sub(1).filter(|&o| o > 0)?;
    let i = cx.rng().random_range(0..others);
    Some(if i >= me { i + 1 } else { i })
}

/// `fanout` distinct peers of `me` among `0..count`, chosen uniformly (all
/// of them when `fanout ≥ count − 1`), written into `out` in the order drawn.
pub fn choose_peers(
    rng: &mut NodeRng,
    me: NodeId,
    count: usize,
    fanout: usize,
    out: &mut Vec<NodeId>,
) {
    out.clear();
    let others = count.saturating_sub(1);
    if others == 0 || fanout == 0 {
        return;
    }
    // Peer index `i` in `0..others` names node `i`, or `i + 1` past `me`.
    let node = |i: usize| if i >= me { i + 1 } else { i };
    if fanout * 2 >= others {
        // Dense: a partial Fisher–Yates shuffle of every peer.
        let mut all: Vec<NodeId> = (0..others).map(node).collect();
        let take = fanout.min(others);
        for slot in 0..take {
            let pick = rng.random_range(slot..others);
            all.swap(slot, pick);
        }
        all.truncate(take);
        out.extend(all);
    } else {
        // Sparse: rejection of repeats, at most half of the draws wasted.
        while out.len() < fanout {
            let peer = node(rng.random_range(0..others));
            if !out.contains(&peer) {
                out.push(peer);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn rounds_align_to_the_period() {
        assert_eq!(round_at(0, 100), 0);
        assert_eq!(round_at(99, 100), 0);
        assert_eq!(round_at(100, 100), 1);
        assert_eq!(until_next_round(0, 100), 100);
        assert_eq!(until_next_round(130, 100), 70);
        assert_eq!(until_next_round(200, 100), 100);
    }

    #[test]
    fn peers_are_distinct_never_self_and_uniform() {
        let mut rng = NodeRng::seed_from_u64(3);
        let mut out = Vec::new();
        let mut hits = [0u32; 10];
        for _ in 0..20_000 {
            choose_peers(&mut rng, 4, 10, 2, &mut out);
            assert_eq!(out.len(), 2);
            assert_ne!(out[0], out[1]);
            for &p in &out {
                hits[p] += 1;
            }
        }
        assert_eq!(hits[4], 0);
        // Each of the 9 peers is chosen with probability 2/9: 4444 times
        // on average, a standard deviation of about 59.
        for (peer, &h) in hits.iter().enumerate().filter(|(p, _)| *p != 4) {
            assert!((4100..4800).contains(&h), "peer {peer}: {h}");
        }
        choose_peers(&mut rng, 0, 3, 5, &mut out);
        out.sort_unstable();
        assert_eq!(out, [1, 2]);
        choose_peers(&mut rng, 0, 1, 1, &mut out);
        assert!(out.is_empty());
    }
}
