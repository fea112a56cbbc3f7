//! A filter page's scenario, read from and written to the URL, and the
//! words its generated script is made of.
//!
//! The operation list is always the generated script cut after its first
//! `kept` operations, followed by the operations a person added: adding one
//! at the cursor discards what came after it (see
//! [`crate::viz::item_ops`]). So a link holds the parameters, `kept`
//! (omitted when the whole script is kept and nothing was added), the added
//! operations, and the step.

use super::run::{FilterRun, Membership};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::OpPlayer;
use crate::viz::item_ops::{Fork, ItemOp};
use crate::viz::item_words::Vocabulary;
use crate::viz::sketch_kit::read_step;
use dsviz_core::sketch::hashing::splitmix64;

/// Operations per second at 1×.
pub const OPS_PER_SECOND: f64 = 2.0;
/// The link key of how many generated operations are kept.
const FORK_KEY: &str = "kept";
/// The most non-members a script may query.
pub const MAX_QUERIES: usize = 64;

const NAMES: [&str; 24] = [
    "ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay", "kiwi", "lynx", "mole",
    "newt", "owl", "pig", "quail", "rat", "seal", "toad", "urial", "vole", "wren", "yak",
];

/// Word number `index` of `stream` under `seed`: a name and a number, e.g.
/// `fox-417`.
fn word(seed: u64, stream: u64, index: u64) -> String {
    let h = splitmix64(splitmix64(seed ^ stream.rotate_left(32)) ^ index);
    let name = NAMES[(h % NAMES.len() as u64) as usize];
    format!("{name}-{}", (h >> 32) % 1000)
}

/// The items a script inserts and asks about (24,000 of them).
pub const WORDS: Vocabulary = Vocabulary(word);

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
    fn script(&self) -> Vec<ItemOp>;
}

/// Reads the script's sizes: `items` members inserted, at most `max_items`
/// (`why` says what that bound is), then `queries` non-members queried.
pub fn read_script_sizes(
    query: &mut Query,
    (items, queries): (usize, usize),
    max_items: usize,
    why: &str,
) -> (usize, usize) {
    let items = query.number(
        "items",
        items.min(max_items),
        |n| *n <= max_items,
        &format!("an item count from 0 to {max_items} ({why})"),
    );
    let queries = query.number(
        "queries",
        queries,
        |q| *q <= MAX_QUERIES,
        "a query count from 0 to 64",
    );
    (items, queries)
}

/// The player every filter page drives.
pub type FilterPlayer<K> = OpPlayer<FilterRun<<K as FilterKind>::Filter>>;

/// Everything a filter page's link holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario<K: FilterKind> {
    pub params: K,
    /// Where the run leaves the generated script.
    pub fork: Fork,
    pub step: u64,
    /// One sentence per URL value that was replaced by its default.
    pub problems: Vec<String>,
}

impl<K: FilterKind> Scenario<K> {
    /// Reads a scenario from a query string; bad values become defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let params = K::read(&mut query);
        let fork = Fork::read(&mut query, FORK_KEY, params.script().len());
        let total = (fork.kept + fork.added.len()) as u64;
        let step = read_step(&mut query, total, total);
        Self {
            params,
            fork,
            step,
            problems: query.problems,
        }
    }

    /// The untouched script of `params`, at its start.
    pub fn fresh(params: K) -> Self {
        Self {
            fork: Fork {
                kept: params.script().len(),
                added: Vec::new(),
            },
            params,
            step: 0,
            problems: Vec::new(),
        }
    }

    /// Every operation, in order.
    pub fn ops(&self) -> Vec<ItemOp> {
        self.fork.ops(self.params.script())
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
    pub fn link(params: &K, ops: &[ItemOp], step: u64) -> String {
        let script = params.script();
        let mut pairs = params.pairs();
        pairs.extend(Fork::of(&script, ops).pairs(FORK_KEY, script.len()));
        pairs.push(("step", step.to_string()));
        format!("{}{}", K::PATH, build(&pairs))
    }
}
