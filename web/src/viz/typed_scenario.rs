//! A counting sketch's scenario in a link (HyperLogLog, Count-Min): the
//! page's own parameters, the items a person typed into the generated
//! stream (see [`super::item_stream`]), and the step shown.

use super::item_stream::{StreamItem, merge, read_typed, typed_pair};
use super::sketch_kit::read_step;
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::player::{OpPlayer, Replay};
use std::fmt::Debug;

/// What a counting sketch page's parameters say about its link and stream.
pub trait SketchParams: Clone + Debug + PartialEq + Default + Send + Sync + 'static {
    /// The state the page steps through.
    type State: Replay<Op = StreamItem>;
    /// Reads the page's own parameters, noting problems in `query`.
    fn read(query: &mut Query) -> Self;
    /// The page's own parameters as link pairs.
    fn pairs(&self) -> Vec<(&'static str, String)>;
    /// The stream generated from the seed.
    fn generated(&self) -> Vec<String>;
    /// The empty sketch the stream starts from.
    fn initial(&self) -> Self::State;
}

/// Everything a counting sketch's permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct TypedScenario<P> {
    pub params: P,
    /// Typed items and their positions in the stream.
    pub typed: Vec<(usize, String)>,
    pub step: u64,
    /// Sentences naming each URL value that was replaced by its default.
    pub problems: Vec<String>,
}

impl<P: SketchParams> TypedScenario<P> {
    /// Reads a scenario from a query string, replacing bad values by defaults.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let params = P::read(&mut query);
        let typed = read_typed(&mut query);
        let total = params.generated().len() + typed.len();
        let step = read_step(&mut query, 0, total as u64);
        Self {
            params,
            typed,
            step,
            problems: query.problems,
        }
    }

    /// The query string that reproduces this scenario at `step`.
    pub fn to_query(params: &P, typed: &[(usize, String)], step: u64) -> String {
        let mut pairs = params.pairs();
        pairs.extend(typed_pair(typed));
        pairs.push(("step", step.to_string()));
        build(&pairs)
    }

    /// The operations: the generated stream with the typed items inserted.
    pub fn ops(params: &P, typed: &[(usize, String)]) -> Vec<StreamItem> {
        merge(params.generated(), typed)
    }

    /// The empty sketch the operations start from.
    pub fn initial(params: &P) -> P::State {
        params.initial()
    }

    /// A player at `step` of the run, `rate` operations per second at 1×.
    pub fn player(
        params: &P,
        typed: &[(usize, String)],
        step: u64,
        rate: f64,
    ) -> OpPlayer<P::State> {
        OpPlayer::at(params.initial(), Self::ops(params, typed), rate, step)
    }
}
