//! A filter page's scenario, read from and written to the URL.
//!
//! The operation list is always the generated script cut after its first
//! `kept` operations, followed by the operations a person added: adding one
//! at the cursor discards what came after it. So a link holds the
//! parameters, `kept` (omitted when the whole script is kept and nothing was
//! added), the added operations, and the step.

use super::items::{FilterOp, decode_ops, encode_ops};
use super::run::{FilterRun, Membership};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::OpPlayer;

/// Operations per second at 1×.
pub const OPS_PER_SECOND: f64 = 2.0;
/// The most operations a person may add to one run (a link stays short).
pub const MAX_ADDED_OPS: usize = 200;

/// One kind of filter page: its parameters and how they become a filter and
/// a script of operations.
pub trait FilterKind:
    Clone + PartialEq + Default + std::fmt::Debug + Send + Sync + 'static
{
    type Filter: Membership;
    /// The route, e.g. `/cuckoo`.
    const PATH: &'static str;

    /// Reads the page's own parameters, noting problems in `query`.
    fn read(query: &mut Query) -> Self;
    /// The page's own parameters as link pairs.
    fn pairs(&self) -> Vec<(&'static str, String)>;
    fn seed(&self) -> u64;
    fn set_seed(&mut self, seed: u64);
    /// The empty filter these parameters describe.
    fn empty_filter(&self) -> Self::Filter;
    /// The generated script: insertions of members, then queries of
    /// non-members.
    fn script(&self) -> Vec<FilterOp>;
}

/// The player every filter page drives.
pub type FilterPlayer<K> = OpPlayer<FilterRun<<K as FilterKind>::Filter>>;

/// Everything a filter page's link holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario<K: FilterKind> {
    pub params: K,
    /// How many operations of the generated script come first.
    pub kept: usize,
    /// The operations added after them.
    pub added: Vec<FilterOp>,
    pub step: u64,
    /// One sentence per URL value that was replaced by its default.
    pub problems: Vec<String>,
}

impl<K: FilterKind> Scenario<K> {
    /// Reads a scenario from a query string; bad values become defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let params = K::read(&mut query);
        let script_len = params.script().len();
        let kept = query.number(
            "kept",
            script_len,
            |k| *k <= script_len,
            &format!("a count of generated operations from 0 to {script_len}"),
        );
        let (mut added, mut op_problems) = decode_ops(query.raw("ops").unwrap_or(""));
        if added.len() > MAX_ADDED_OPS {
            op_problems.push(format!(
                "'ops' holds {} operations; only the first {MAX_ADDED_OPS} are used",
                added.len()
            ));
            added.truncate(MAX_ADDED_OPS);
        }
        let total = (kept + added.len()) as u64;
        let step = query.number(
            "step",
            total,
            |s| *s <= total,
            &format!("a step from 0 to {total}"),
        );
        let mut problems = std::mem::take(&mut query.problems);
        problems.append(&mut op_problems);
        Self {
            params,
            kept,
            added,
            step,
            problems,
        }
    }

    /// Every operation, in order.
    pub fn ops(&self) -> Vec<FilterOp> {
        let mut ops = self.params.script();
        ops.truncate(self.kept);
        ops.extend(self.added.iter().cloned());
        ops
    }

    /// A player at the scenario's step.
    pub fn player(&self) -> FilterPlayer<K> {
        OpPlayer::at(
            FilterRun::new(self.params.empty_filter()),
            self.ops(),
            OPS_PER_SECOND,
            self.step,
        )
    }

    /// The link (path and query) for `params` with `ops` at `step`.
    pub fn link(params: &K, ops: &[FilterOp], step: u64) -> String {
        let script = params.script();
        let kept = script.iter().zip(ops).take_while(|(a, b)| a == b).count();
        let added = &ops[kept..];
        let mut pairs = params.pairs();
        if kept != script.len() || !added.is_empty() {
            pairs.push(("kept", kept.to_string()));
        }
        if !added.is_empty() {
            pairs.push(("ops", encode_ops(added)));
        }
        pairs.push(("step", step.to_string()));
        format!("{}{}", K::PATH, build(&pairs))
    }
}
