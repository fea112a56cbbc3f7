//! Golden values: the same seed and item must give the same positions on
//! every platform and in every version, or permalinks stop reproducing the
//! pictures they were made from. A change here is a breaking change.

use dsviz_core::sketch::cuckoo::CuckooAddress;
use dsviz_core::sketch::hyperloglog::HllItemView;
use dsviz_core::sketch::{
    BloomFilter, CountMinSketch, CuckooFilter, HyperLogLog, QuotientFilter, UpdateRule,
};

#[test]
fn bloom_positions() {
    let filter = BloomFilter::new(1000, 4, 42).unwrap();
    assert_eq!(filter.positions("dsviz"), [392, 513, 633, 754]);
}

#[test]
fn cuckoo_address() {
    let filter = CuckooFilter::new(1024, 4, 12, 500, 42).unwrap();
    let want = CuckooAddress {
        fingerprint: 2952,
        first_bucket: 843,
        second_bucket: 871,
    };
    assert_eq!(filter.address("dsviz"), want);
}

#[test]
fn quotient_fingerprint() {
    let filter = QuotientFilter::new(10, 8, 42).unwrap();
    assert_eq!(filter.fingerprint("dsviz"), 0x2e83d);
    assert_eq!(filter.split(0x2e83d), (744, 61));
}

#[test]
fn hyperloglog_item() {
    let sketch = HyperLogLog::new(12, 42).unwrap();
    let want = HllItemView {
        hash: 13_407_027_588_153_600_876,
        register: 2976,
        rank: 1,
    };
    assert_eq!(sketch.inspect("dsviz"), want);
}

#[test]
fn count_min_columns() {
    let sketch = CountMinSketch::new(1000, 4, UpdateRule::Standard, 42).unwrap();
    assert_eq!(sketch.columns("dsviz"), [322, 236, 618, 654]);
}
