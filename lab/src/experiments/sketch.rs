//! Sketch and integrity experiments: Bloom and cuckoo false-positive rates,
//! HyperLogLog error, Count-Min overestimates on Zipf streams, and RFC 6962
//! Merkle roots and inclusion proofs.

use super::Experiment;
use crate::args::{ArgError, Args, ensure, flag_error};
use dsviz_core::integrity::{self, MerkleError, MerkleTree, hex};
use dsviz_core::sketch::experiments::{bloom_fpr, count_min_error, cuckoo_fill, hll_error};
use dsviz_core::sketch::{Estimator, SketchError, UpdateRule};
use serde_json::{Value, json};

pub fn experiments() -> Vec<Experiment> {
    vec![
        Experiment {
            name: "bloom",
            usage: "--items N --fpr P --queries Q [--seed S]   measured vs (1 - e^{-kn/m})^k",
            run: bloom,
        },
        Experiment {
            name: "cuckoo",
            usage: "--fingerprint-bits F --bucket-size B --capacity C [--queries Q] [--seed S]   fill until the first failure",
            run: cuckoo,
        },
        Experiment {
            name: "hll",
            usage: "--precision P --distinct N --trials T [--estimator ertl|classic] [--seed S]   error vs 1.04/sqrt(m)",
            run: hll,
        },
        Experiment {
            name: "count-min",
            usage: "--epsilon E --delta D --items N --zipf Z [--universe U] [--conservative false] [--seed S]",
            run: count_min,
        },
        Experiment {
            name: "merkle-root",
            usage: "--leaves HEX,HEX,...   RFC 6962 root (an empty field is an empty leaf)",
            run: merkle_root,
        },
        Experiment {
            name: "merkle-proof",
            usage: "--leaves HEX,HEX,... --index I   RFC 6962 inclusion proof, verified",
            run: merkle_proof,
        },
    ]
}

/// Turns a core validation error into one naming the CLI argument.
fn sketch_error(err: SketchError, flags: &[(&str, &str)]) -> ArgError {
    let invalid = match &err {
        SketchError::InvalidParameter { name, reason } => Some((*name, reason.as_ref())),
        _ => None,
    };
    flag_error(invalid, &err, flags)
}

fn probability(args: &mut Args, key: &str) -> Result<f64, ArgError> {
    let p: f64 = args.required(key)?;
    ensure(p > 0.0 && p < 1.0, key, "must be strictly between 0 and 1")?;
    Ok(p)
}

fn positive(args: &mut Args, key: &str, max: u64) -> Result<u64, ArgError> {
    let value: u64 = args.required(key)?;
    ensure(
        (1..=max).contains(&value),
        key,
        &format!("must be between 1 and {max}"),
    )?;
    Ok(value)
}

fn bloom(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let items = positive(args, "items", 100_000_000)?;
    let fpr = probability(args, "fpr")?;
    let queries = positive(args, "queries", 100_000_000)?;
    let seed: u64 = args.get_or("seed", 0)?;
    let report = bloom_fpr(items, fpr, queries, seed).map_err(|e| {
        sketch_error(
            e,
            &[
                ("capacity", "items"),
                ("fpr", "fpr"),
                ("queries", "queries"),
            ],
        )
    })?;
    Ok(vec![json!({
        "bits": report.bits,
        "hashes": report.hashes,
        "items": report.items,
        "queries": report.queries,
        "measured_fpr": report.measured_fpr,
        "theoretical_fpr": report.theoretical_fpr,
        "false_negatives": report.false_negatives,
    })])
}

fn cuckoo(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let fingerprint_bits: u32 = args.required("fingerprint-bits")?;
    ensure(
        (1..=32).contains(&fingerprint_bits),
        "fingerprint-bits",
        "must be between 1 and 32",
    )?;
    let bucket_size: usize = args.required("bucket-size")?;
    ensure(
        (1..=16).contains(&bucket_size),
        "bucket-size",
        "must be between 1 and 16",
    )?;
    let capacity = positive(args, "capacity", 1 << 26)?;
    let queries = args.get_or("queries", 1_000_000u64)?;
    ensure(
        (1..=100_000_000).contains(&queries),
        "queries",
        "must be between 1 and 100000000",
    )?;
    let seed: u64 = args.get_or("seed", 0)?;
    let report =
        cuckoo_fill(fingerprint_bits, bucket_size, capacity, queries, seed).map_err(|e| {
            sketch_error(
                e,
                &[
                    ("fingerprint_bits", "fingerprint-bits"),
                    ("bucket_size", "bucket-size"),
                    ("capacity", "capacity"),
                    ("buckets", "capacity"),
                ],
            )
        })?;
    Ok(vec![json!({
        "buckets": report.buckets,
        "bucket_size": report.bucket_size,
        "fingerprint_bits": report.fingerprint_bits,
        "items": report.items,
        "load_factor": report.load_factor,
        "bits_per_item": report.bits_per_item,
        "measured_fpr": report.measured_fpr,
        "expected_fpr": report.expected_fpr,
        "false_negatives": report.false_negatives,
    })])
}

fn hll(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let precision: u8 = args.required("precision")?;
    ensure(
        (4..=18).contains(&precision),
        "precision",
        "must be between 4 and 18",
    )?;
    let distinct = positive(args, "distinct", 1_000_000_000)?;
    let trials = positive(args, "trials", 100_000)? as u32;
    ensure(
        distinct.saturating_mul(u64::from(trials)) <= 1_000_000_000,
        "trials",
        "distinct × trials must be at most 10^9",
    )?;
    let estimator = match args.text("estimator").as_deref() {
        None | Some("ertl") => Estimator::Ertl,
        Some("classic") => Estimator::Classic,
        Some(other) => {
            return Err(ArgError(format!(
                "--estimator: expected 'ertl' or 'classic', got '{other}'"
            )));
        }
    };
    let seed: u64 = args.get_or("seed", 0)?;
    let report = hll_error(precision, distinct, trials, estimator, seed).map_err(|e| {
        sketch_error(
            e,
            &[
                ("precision", "precision"),
                ("distinct", "distinct"),
                ("trials", "trials"),
            ],
        )
    })?;
    Ok(vec![json!({
        "precision": report.precision,
        "distinct": report.distinct,
        "trials": report.trials,
        "estimator": if estimator == Estimator::Ertl { "ertl" } else { "classic" },
        "mean_estimate": report.mean_estimate,
        "rmse_relative": report.rmse_relative,
        "theoretical_rse": report.theoretical_rse,
    })])
}

fn count_min(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let epsilon = probability(args, "epsilon")?;
    let delta = probability(args, "delta")?;
    let items = positive(args, "items", 1_000_000_000)?;
    let exponent: f64 = args.required("zipf")?;
    ensure(
        (0.0..=10.0).contains(&exponent),
        "zipf",
        "must be between 0 and 10",
    )?;
    let universe = args.get_or("universe", 100_000u64)?;
    ensure(
        (1..=1 << 22).contains(&universe),
        "universe",
        "must be between 1 and 4194304",
    )?;
    let rule = if args.get_or("conservative", false)? {
        UpdateRule::Conservative
    } else {
        UpdateRule::Standard
    };
    let seed: u64 = args.get_or("seed", 0)?;
    let report =
        count_min_error(epsilon, delta, items, universe, exponent, rule, seed).map_err(|e| {
            sketch_error(
                e,
                &[
                    ("epsilon", "epsilon"),
                    ("delta", "delta"),
                    ("width", "epsilon"),
                    ("depth", "delta"),
                    ("exponent", "zipf"),
                    ("universe", "universe"),
                    ("items", "items"),
                ],
            )
        })?;
    Ok(vec![json!({
        "width": report.width,
        "depth": report.depth,
        "items": report.items,
        "universe": report.universe,
        "conservative": rule == UpdateRule::Conservative,
        "bound": report.bound,
        "fraction_over_bound": report.fraction_over_bound,
        "max_overestimate": report.max_overestimate,
        "mean_overestimate": report.mean_overestimate,
    })])
}

/// `--leaves a,b,c` as decoded byte strings; an empty field is an empty leaf.
fn leaves(args: &mut Args) -> Result<Vec<Vec<u8>>, ArgError> {
    let text = args
        .text("leaves")
        .ok_or_else(|| ArgError("--leaves is required".into()))?;
    text.split(',')
        .enumerate()
        .map(|(i, field)| {
            hex::decode(field.trim()).map_err(|e| ArgError(format!("--leaves: leaf {i}: {e}")))
        })
        .collect()
}

fn merkle_error(err: MerkleError) -> ArgError {
    match err {
        MerkleError::IndexOutOfRange { .. } => ArgError(format!("--index: {err}")),
        other => ArgError(other.to_string()),
    }
}

fn merkle_root(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let leaves = leaves(args)?;
    let tree = MerkleTree::from_leaves(&leaves);
    Ok(vec![
        json!({ "leaves": tree.size(), "root": hex::encode(&tree.root()) }),
    ])
}

fn merkle_proof(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let leaves = leaves(args)?;
    let index: u64 = args.required("index")?;
    let tree = MerkleTree::from_leaves(&leaves);
    let proof = tree.inclusion_proof(index).map_err(merkle_error)?;
    let root = tree.root();
    let leaf = tree.leaf(index).map_err(merkle_error)?;
    let verified =
        integrity::verify_inclusion(&leaf, index, tree.size(), &proof.path, &root).is_ok();
    Ok(vec![json!({
        "leaves": tree.size(),
        "index": index,
        "leaf_hash": hex::encode(&leaf),
        "root": hex::encode(&root),
        "proof": proof.path.iter().map(|h| hex::encode(h)).collect::<Vec<_>>(),
        "verified": verified,
    })])
}
