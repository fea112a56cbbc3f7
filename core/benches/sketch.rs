//! Throughput of the sketches against established crates, on the same inputs:
//! Bloom filter insert and query against `bloomfilter` and `fastbloom`,
//! HyperLogLog insert against `hyperloglogplus`.
//!
//! Every filter is sized for the same capacity and false-positive rate, and
//! every sketch sees the same 64-bit keys. The other crates hash through
//! `core::hash::Hash`: `bloomfilter` and `fastbloom` run with their default
//! SipHash-1-3 hashers, and `fastbloom_xxh3` and `hyperloglogplus` with
//! [`OneShotXxh3`], which hashes each key with one XXH3-64 call — the same
//! hash work as ours, so those rows compare the data structures alone.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use dsviz_core::sketch::{BloomFilter, HyperLogLog};
use hyperloglogplus::{HyperLogLog as _, HyperLogLogPF, HyperLogLogPlus};
use std::hash::{BuildHasher, Hasher};
use std::hint::black_box;
use xxhash_rust::xxh3::xxh3_64_with_seed;

const ITEMS: u64 = 100_000;
const FPR: f64 = 0.01;
const PRECISION: u8 = 14;

/// A `BuildHasher` whose hasher runs one-shot XXH3-64 over what it is fed.
/// (`xxhash_rust`'s own `Xxh3Builder` streams through a 256-byte buffer per
/// hash, which costs more than the sketches being measured.)
#[derive(Clone, Copy)]
struct OneShotXxh3(u64);

impl BuildHasher for OneShotXxh3 {
    type Hasher = OneShotXxh3;

    fn build_hasher(&self) -> Self::Hasher {
        *self
    }
}

impl Hasher for OneShotXxh3 {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = xxh3_64_with_seed(bytes, self.0);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

fn keys() -> Vec<u64> {
    // A fixed odd-multiplier sequence: distinct, well spread, reproducible.
    (0..ITEMS)
        .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        .collect()
}

fn bloom_insert(c: &mut Criterion) {
    let keys = keys();
    let mut group = c.benchmark_group("bloom_insert");
    group.throughput(Throughput::Elements(ITEMS));
    group.bench_function("dsviz", |b| {
        b.iter_batched_ref(
            || BloomFilter::with_target(ITEMS, FPR, 1).unwrap(),
            |filter| {
                for key in &keys {
                    filter.insert(&key.to_le_bytes());
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("bloomfilter", |b| {
        b.iter_batched_ref(
            || {
                bloomfilter::Bloom::<u64>::new_for_fp_rate_with_seed(ITEMS as usize, FPR, &[1; 32])
                    .unwrap()
            },
            |filter| {
                for key in &keys {
                    filter.set(key);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("fastbloom", |b| {
        b.iter_batched_ref(
            || {
                fastbloom::BloomFilter::with_false_pos(FPR)
                    .seed(&1)
                    .expected_items(ITEMS as usize)
            },
            |filter| {
                for key in &keys {
                    filter.insert(key);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("fastbloom_xxh3", |b| {
        b.iter_batched_ref(
            fast_xxh3,
            |filter| {
                for key in &keys {
                    filter.insert(key);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// fastbloom with XXH3 in place of its default SipHash-based hasher.
fn fast_xxh3() -> fastbloom::BloomFilter<OneShotXxh3> {
    fastbloom::BloomFilter::with_false_pos(FPR)
        .hasher(OneShotXxh3(1))
        .expected_items(ITEMS as usize)
}

fn bloom_query(c: &mut Criterion) {
    let keys = keys();
    // Half members, half strangers.
    let probes: Vec<u64> = keys
        .iter()
        .enumerate()
        .map(|(i, &k)| if i % 2 == 0 { k } else { !k })
        .collect();
    let mut ours = BloomFilter::with_target(ITEMS, FPR, 1).unwrap();
    let mut theirs =
        bloomfilter::Bloom::<u64>::new_for_fp_rate_with_seed(ITEMS as usize, FPR, &[1; 32])
            .unwrap();
    let mut fast = fastbloom::BloomFilter::with_false_pos(FPR)
        .seed(&1)
        .expected_items(ITEMS as usize);
    let mut fast_xxh3 = fast_xxh3();
    for key in &keys {
        ours.insert(&key.to_le_bytes());
        theirs.set(key);
        fast.insert(key);
        fast_xxh3.insert(key);
    }
    let mut group = c.benchmark_group("bloom_query");
    group.throughput(Throughput::Elements(ITEMS));
    group.bench_function("dsviz", |b| {
        b.iter(|| {
            probes
                .iter()
                .filter(|k| ours.contains(&k.to_le_bytes()))
                .count()
        })
    });
    group.bench_function("bloomfilter", |b| {
        b.iter(|| probes.iter().filter(|k| theirs.check(k)).count())
    });
    group.bench_function("fastbloom", |b| {
        b.iter(|| probes.iter().filter(|k| fast.contains(*k)).count())
    });
    group.bench_function("fastbloom_xxh3", |b| {
        b.iter(|| probes.iter().filter(|k| fast_xxh3.contains(*k)).count())
    });
    group.finish();
}

fn hll_insert(c: &mut Criterion) {
    let keys = keys();
    let mut group = c.benchmark_group("hll_insert");
    group.throughput(Throughput::Elements(ITEMS));
    group.bench_function("dsviz", |b| {
        b.iter_batched_ref(
            || HyperLogLog::new(PRECISION, 1).unwrap(),
            |sketch| {
                for key in &keys {
                    sketch.insert(&key.to_le_bytes());
                }
                black_box(sketch.registers()[0])
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("hyperloglogplus_pf", |b| {
        b.iter_batched_ref(
            || HyperLogLogPF::<u64, _>::new(PRECISION, OneShotXxh3(1)).unwrap(),
            |sketch| {
                for key in &keys {
                    sketch.insert(key);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("hyperloglogplus_plus", |b| {
        b.iter_batched_ref(
            || HyperLogLogPlus::<u64, _>::new(PRECISION, OneShotXxh3(1)).unwrap(),
            |sketch| {
                for key in &keys {
                    sketch.insert(key);
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bloom_insert, bloom_query, hll_insert);
criterion_main!(benches);
