//! Message counts of failure-free elections (one fixed latency, no loss)
//! against the closed forms of this implementation, written out here
//! independently of `dsviz_core::election::counts`. See that module's docs
//! for the derivations.

use dsviz_core::election::counts::{
    Initiator, bully_expected, bully_messages, ring_expected, ring_messages,
};
use dsviz_core::election::ring::{RingOrder, RingVariant};
use std::collections::BTreeMap;

fn counts(pairs: &[(&'static str, u64)]) -> BTreeMap<&'static str, u64> {
    pairs.iter().copied().filter(|&(_, n)| n > 0).collect()
}

/// Bully with one initiator `i`: every node from `i` up starts one
/// election; the top node wins at once and answers the Elections that
/// reach it afterwards (those of `i+1 ..= N-2`) with a Coordinator.
fn bully_single(n: u64, i: u64) -> BTreeMap<&'static str, u64> {
    let elections: u64 = (i..n).map(|j| n - 1 - j).sum();
    let late = if i + 2 <= n { n - 2 - i } else { 0 };
    counts(&[
        ("election", elections),
        ("answer", elections - late),
        ("coordinator", n - 1 + late),
    ])
}

#[test]
fn bully_lowest_initiator_costs_n_squared_minus_one() {
    for n in 2..=16u64 {
        let run = bully_messages(n as usize, Initiator::Lowest, 0);
        assert_eq!(run.by_kind, bully_single(n, 0), "N = {n}");
        assert_eq!(run.total(), n * n - 1, "N = {n}: the O(N²) worst case");
        assert_eq!(run.leader, Some(n as usize - 1));
    }
}

#[test]
fn bully_highest_initiator_only_announces() {
    for n in 2..=16u64 {
        let run = bully_messages(n as usize, Initiator::Highest, 0);
        assert_eq!(run.by_kind, counts(&[("coordinator", n - 1)]), "N = {n}");
        assert_eq!(run.leader, Some(n as usize - 1));
    }
}

#[test]
fn bully_random_and_all_initiators() {
    for n in 2..=12u64 {
        for seed in 0..5 {
            let run = bully_messages(n as usize, Initiator::Random, seed);
            let i = run.initiators[0] as u64;
            assert_eq!(run.by_kind, bully_single(n, i), "N = {n}, i = {i}");
            assert_eq!(run.total(), (n - i) * (n - i - 1) + n - 1);
        }
        let all = bully_messages(n as usize, Initiator::All, 0);
        let e = n * (n - 1) / 2;
        let expected = counts(&[
            ("election", e),
            ("answer", e - (n - 1)),
            ("coordinator", 2 * (n - 1)),
        ]);
        assert_eq!(all.by_kind, expected, "N = {n}, all at once");
        assert_eq!(all.total(), n * n - 1);
    }
}

fn ring(elections: u64, n: u64) -> BTreeMap<&'static str, u64> {
    counts(&[
        ("election", elections),
        ("elected", n),
        ("ack", elections + n),
    ])
}

#[test]
fn chang_roberts_single_initiator_between_n_and_2n_minus_1() {
    for n in 2..=16u64 {
        let top = n - 1;
        for initiator in [Initiator::Lowest, Initiator::Highest] {
            let i = if initiator == Initiator::Lowest {
                0
            } else {
                top
            };
            // Hops from i up to the top node, then the top's id goes round.
            let ascending = ring_messages(
                n as usize,
                RingVariant::ChangRoberts,
                RingOrder::Ascending,
                initiator,
                0,
            );
            assert_eq!(
                ascending.by_kind,
                ring((top - i) + n, n),
                "N = {n}, i = {i}"
            );
            let descending = ring_messages(
                n as usize,
                RingVariant::ChangRoberts,
                RingOrder::Descending,
                initiator,
                0,
            );
            let hops_to_top = if i == top { 0 } else { i + 1 };
            assert_eq!(
                descending.by_kind,
                ring(hops_to_top + n, n),
                "N = {n}, i = {i}"
            );
            assert_eq!(ascending.leader, Some(top as usize));
            assert_eq!(descending.leader, Some(top as usize));
        }
        // The usual arrangement, started by the top's successor: 2N - 1
        // Elections and N Elected, about 3N.
        let worst = ring_messages(
            n as usize,
            RingVariant::ChangRoberts,
            RingOrder::Ascending,
            Initiator::Lowest,
            0,
        );
        assert_eq!(worst.get("election") + worst.get("elected"), 3 * n - 1);
    }
}

#[test]
fn chang_roberts_all_initiators_quadratic_only_on_a_descending_ring() {
    for n in 2..=16u64 {
        let asc = ring_messages(
            n as usize,
            RingVariant::ChangRoberts,
            RingOrder::Ascending,
            Initiator::All,
            0,
        );
        assert_eq!(asc.by_kind, ring(2 * n - 1, n), "N = {n}");
        let desc = ring_messages(
            n as usize,
            RingVariant::ChangRoberts,
            RingOrder::Descending,
            Initiator::All,
            0,
        );
        assert_eq!(desc.by_kind, ring(n * (n + 1) / 2, n), "N = {n}: O(N²)");
    }
}

#[test]
fn list_ring_costs_n_per_initiator_each_way() {
    for n in 2..=16u64 {
        for order in [RingOrder::Ascending, RingOrder::Descending] {
            for initiator in [Initiator::Lowest, Initiator::Highest, Initiator::Random] {
                let run = ring_messages(n as usize, RingVariant::List, order, initiator, n);
                assert_eq!(run.by_kind, ring(n, n), "N = {n}");
                assert_eq!(run.leader, Some(n as usize - 1));
            }
            let all = ring_messages(n as usize, RingVariant::List, order, Initiator::All, 0);
            // Every initiator's list goes round, and each announces.
            assert_eq!(all.by_kind, ring(n * n, n * n), "N = {n}, all at once");
        }
    }
}

#[test]
fn library_formulas_agree_with_the_ones_here() {
    for n in 2..=16usize {
        let big = n as u64;
        for i in 0..n {
            assert_eq!(bully_expected(n, Some(i)), bully_single(big, i as u64));
            let cr = ring_expected(n, RingVariant::ChangRoberts, RingOrder::Ascending, Some(i));
            assert_eq!(cr, ring((n - 1 - i) as u64 + big, big));
        }
        assert_eq!(
            ring_expected(n, RingVariant::ChangRoberts, RingOrder::Descending, None),
            ring(big * (big + 1) / 2, big)
        );
    }
}
