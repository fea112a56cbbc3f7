//! The Bloom page's scenario — variant, `m`, `k`, `n`, the number of
//! generated queries, the seed, the operations a person added and the
//! cursor — read from and written to the URL.
//!
//! A run is the generated operations (`n` inserts of seeded words, then
//! queries of other seeded words) up to a fork point, followed by the
//! person's own operations: `at=FORK&ops=i.cat,q.dog,r.cat`. Items are
//! written by [`encode_item`], so any text survives the trip.

use super::items::{decode_item, encode_item, members, strangers};
use super::state::{BloomOp, BloomState, Variant};
use crate::permalink::Query;
use crate::permalink::query::build;

/// Cells allowed: enough to see each one on a phone.
pub const CELLS: (usize, usize) = (8, 1024);
/// Hash functions allowed.
pub const HASHES: (u32, u32) = (1, 16);
/// Generated inserts allowed.
pub const ITEMS: (usize, usize) = (0, 500);
/// Generated queries allowed.
pub const QUERIES: (usize, usize) = (0, 1000);
/// The most operations of a person's own a link may carry.
pub const MAX_USER_OPS: usize = 1000;
/// The furthest step a link may point at.
pub const MAX_LINKED_STEP: u64 = 200_000;

/// The page's parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct BloomParams {
    pub variant: Variant,
    /// `m`, cells in the array.
    pub cells: usize,
    /// `k`, hash functions.
    pub hashes: u32,
    /// `n`, items the run inserts.
    pub items: usize,
    /// Queries of never-inserted items after the inserts.
    pub queries: usize,
    pub seed: u64,
}

impl Default for BloomParams {
    fn default() -> Self {
        Self {
            variant: Variant::Plain,
            cells: 96,
            hashes: 3,
            items: 20,
            queries: 30,
            seed: 1,
        }
    }
}

impl BloomParams {
    /// The same parameters with every number inside its allowed range.
    pub fn clamped(&self) -> Self {
        Self {
            cells: self.cells.clamp(CELLS.0, CELLS.1),
            hashes: self.hashes.clamp(HASHES.0, HASHES.1),
            items: self.items.clamp(ITEMS.0, ITEMS.1),
            queries: self.queries.clamp(QUERIES.0, QUERIES.1),
            ..self.clone()
        }
    }

    /// The empty filter these parameters describe.
    pub fn initial_state(&self) -> BloomState {
        let p = self.clamped();
        // Every clamped value is inside the core's limits (2^28 cells, 64 hashes).
        BloomState::new(p.variant, p.cells, p.hashes, p.seed)
            .expect("clamped parameters are within the filter's limits")
    }

    /// The generated run: `n` inserts, then the queries of strangers.
    pub fn generated_ops(&self) -> Vec<BloomOp> {
        let p = self.clamped();
        let inserted = members(p.seed, p.items);
        let asked = strangers(p.seed, p.queries, &inserted);
        inserted
            .into_iter()
            .map(BloomOp::Insert)
            .chain(asked.into_iter().map(BloomOp::Query))
            .collect()
    }

    /// The optimal `k` for these `m` and `n`, `round((m / n) ln 2)`, kept
    /// within the allowed range (`n = 0` counts as 1).
    pub fn optimal_hashes(&self) -> u32 {
        dsviz_core::sketch::BloomFilter::optimal_hashes(self.cells, self.items.max(1) as u64)
            .clamp(HASHES.0, HASHES.1)
    }
}

/// Everything a Bloom permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct BloomScenario {
    pub params: BloomParams,
    /// Every operation: generated ones up to the fork, then the person's.
    pub ops: Vec<BloomOp>,
    pub step: u64,
    /// Sentences naming each URL value that was replaced or skipped.
    pub problems: Vec<String>,
}

/// One operation in URL form: `i.ITEM`, `q.ITEM` or `r.ITEM`.
pub fn encode_op(op: &BloomOp) -> String {
    let kind = match op {
        BloomOp::Insert(_) => 'i',
        BloomOp::Query(_) => 'q',
        BloomOp::Remove(_) => 'r',
    };
    format!("{kind}.{}", encode_item(op.item()))
}

/// Reads [`encode_op`]'s form.
pub fn decode_op(text: &str) -> Option<BloomOp> {
    let (kind, item) = text.split_once('.')?;
    let item = decode_item(item)?;
    match kind {
        "i" => Some(BloomOp::Insert(item)),
        "q" => Some(BloomOp::Query(item)),
        "r" => Some(BloomOp::Remove(item)),
        _ => None,
    }
}

/// Reads a comma-separated list of operations; each unreadable one (or a
/// removal when the variant cannot remove) is skipped and reported.
pub fn decode_ops(text: &str, variant: Variant) -> (Vec<BloomOp>, Vec<String>) {
    let mut ops = Vec::new();
    let mut problems = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        if ops.len() == MAX_USER_OPS {
            problems.push(format!(
                "the link has more than {MAX_USER_OPS} operations; the rest are skipped"
            ));
            break;
        }
        match decode_op(part) {
            Some(BloomOp::Remove(_)) if variant == Variant::Plain => problems.push(format!(
                "operation '{part}' removes an item, which a plain Bloom filter cannot do; skipped"
            )),
            Some(op) => ops.push(op),
            None => problems.push(format!("operation '{part}' cannot be read; skipped")),
        }
    }
    (ops, problems)
}

impl BloomScenario {
    /// Reads a scenario from a query string, replacing bad values by defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let d = BloomParams::default();
        let variant = match query.raw("variant").map(str::to_owned) {
            None => d.variant,
            Some(text) => Variant::parse(&text).unwrap_or_else(|| {
                query.problems.push(format!(
                    "'variant={text}' is not 'plain' or 'counting'; using the default"
                ));
                d.variant
            }),
        };
        let params = BloomParams {
            variant,
            cells: query.number(
                "m",
                d.cells,
                |m| (CELLS.0..=CELLS.1).contains(m),
                "a cell count from 8 to 1024",
            ),
            hashes: query.number(
                "k",
                d.hashes,
                |k| (HASHES.0..=HASHES.1).contains(k),
                "a hash count from 1 to 16",
            ),
            items: query.number(
                "n",
                d.items,
                |n| (ITEMS.0..=ITEMS.1).contains(n),
                "an item count from 0 to 500",
            ),
            queries: query.number(
                "q",
                d.queries,
                |q| (QUERIES.0..=QUERIES.1).contains(q),
                "a query count from 0 to 1000",
            ),
            seed: query.number("seed", d.seed, |_| true, "a whole number"),
        };
        let generated = params.generated_ops();
        let (user_ops, mut op_problems) =
            decode_ops(query.raw("ops").unwrap_or(""), params.variant);
        let fork = query.number(
            "at",
            generated.len(),
            |at| *at <= generated.len(),
            &format!(
                "a position in the generated run, from 0 to {}",
                generated.len()
            ),
        );
        let step = query.number(
            "step",
            0u64,
            |s| *s <= MAX_LINKED_STEP,
            "a step number up to 200000",
        );
        let mut ops = generated;
        ops.truncate(fork);
        ops.extend(user_ops);
        let mut problems = std::mem::take(&mut query.problems);
        problems.append(&mut op_problems);
        Self {
            params,
            ops,
            step,
            problems,
        }
    }

    /// The query string that reproduces `ops` under `params` at `step`.
    pub fn to_query(params: &BloomParams, ops: &[BloomOp], step: u64) -> String {
        let mut pairs = vec![
            ("variant", params.variant.key().to_string()),
            ("m", params.cells.to_string()),
            ("k", params.hashes.to_string()),
            ("n", params.items.to_string()),
            ("q", params.queries.to_string()),
            ("seed", params.seed.to_string()),
        ];
        let generated = params.generated_ops();
        if ops != generated.as_slice() {
            let fork = ops
                .iter()
                .zip(&generated)
                .take_while(|(a, b)| a == b)
                .count();
            pairs.push(("at", fork.to_string()));
            let own: Vec<String> = ops[fork..].iter().map(encode_op).collect();
            if !own.is_empty() {
                pairs.push(("ops", own.join(",")));
            }
        }
        pairs.push(("step", step.to_string()));
        build(&pairs)
    }
}

/// The operations and step that show the same run under the other variant:
/// removals are dropped when switching to the plain filter, and the step
/// moves back by the number dropped before it.
pub fn switch_variant(ops: &[BloomOp], step: u64, to: Variant) -> (Vec<BloomOp>, u64) {
    if to == Variant::Counting {
        return (ops.to_vec(), step);
    }
    let before = usize::try_from(step).unwrap_or(usize::MAX).min(ops.len());
    let dropped = ops[..before]
        .iter()
        .filter(|op| matches!(op, BloomOp::Remove(_)))
        .count();
    let kept = ops
        .iter()
        .filter(|op| !matches!(op, BloomOp::Remove(_)))
        .cloned()
        .collect();
    (kept, step.min(ops.len() as u64) - dropped as u64)
}
