//! From the replayed state to plain view data: each cell with its value and
//! what the last operation did to it, the verdict sentence, the hash list,
//! and the false-positive figures.

use super::state::{BloomState, Outcome, Variant, Verdict};
use crate::viz::item_ops::ItemOp;

/// What the last operation did at a cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Not one of the last item's positions.
    Untouched,
    /// An insert set it from 0.
    NewlySet,
    /// An insert found it already set (a counter still went up).
    AlreadySet,
    /// A query or a refused removal found it set.
    CheckedSet,
    /// A query or a refused removal found it zero: the proof of absence.
    CheckedZero,
    /// A removal took one off it (or left it stuck at its maximum).
    Decremented,
}

impl Mark {
    /// The word used as a CSS class and `data-mark`.
    pub fn key(self) -> &'static str {
        match self {
            Mark::Untouched => "none",
            Mark::NewlySet => "new",
            Mark::AlreadySet => "already",
            Mark::CheckedSet => "checked-set",
            Mark::CheckedZero => "checked-zero",
            Mark::Decremented => "decremented",
        }
    }
}

/// One cell of the array as drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CellView {
    pub value: u8,
    pub mark: Mark,
    /// A counter stuck at 15.
    pub saturated: bool,
}

fn mark_for(outcome: &Outcome, before: u8, after: u8) -> Mark {
    match (&outcome.op, outcome.verdict) {
        (ItemOp::Insert(_), _) if before == 0 => Mark::NewlySet,
        (ItemOp::Insert(_), _) => Mark::AlreadySet,
        (ItemOp::Remove(_), Verdict::Removed | Verdict::RemovedStranger) => Mark::Decremented,
        _ if after == 0 => Mark::CheckedZero,
        _ => Mark::CheckedSet,
    }
}

/// Every cell with its mark from the last operation.
pub fn cells(state: &BloomState) -> Vec<CellView> {
    let mut out: Vec<CellView> = (0..state.cell_count())
        .map(|i| CellView {
            value: state.cell(i),
            mark: Mark::Untouched,
            saturated: state.is_saturated(i),
        })
        .collect();
    if let Some(outcome) = state.last() {
        for (i, &p) in outcome.positions.iter().enumerate() {
            let (before, after) = (outcome.before[i], outcome.after[i]);
            if let Some(cell) = out.get_mut(p) {
                cell.mark = mark_for(outcome, before, after);
            }
        }
    }
    out
}

/// The kind of verdict, for CSS and tests.
pub fn verdict_key(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Inserted { .. } => "inserted",
        Verdict::DefinitelyNot => "definitely-not",
        Verdict::FalseNegative => "false-negative",
        Verdict::TruePositive => "true-positive",
        Verdict::FalsePositive => "false-positive",
        Verdict::Removed => "removed",
        Verdict::RemovedStranger => "removed-stranger",
        Verdict::RemoveRefused => "remove-refused",
        Verdict::RemoveUnsupported => "remove-unsupported",
    }
}

fn list(positions: &[usize]) -> String {
    let mut distinct = positions.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    distinct
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first position (in hash order) whose cell was zero.
fn first_zero(outcome: &Outcome) -> Option<usize> {
    outcome
        .positions
        .iter()
        .zip(&outcome.after)
        .find(|(_, v)| **v == 0)
        .map(|(p, _)| *p)
}

/// The sentence under the controls: what the last operation did and
/// whether the filter's answer was right.
pub fn verdict_sentence(outcome: &Outcome) -> String {
    let item = outcome.op.item();
    let k = outcome.positions.len();
    let zero = first_zero(outcome).map_or_else(String::new, |p| format!("cell {p} is 0"));
    match outcome.verdict {
        Verdict::Inserted { newly_set } => format!(
            "Inserted “{item}”: its {k} positions are {}; {newly_set} newly set, {} already set.",
            list(&outcome.positions),
            distinct(&outcome.positions) - newly_set
        ),
        Verdict::DefinitelyNot => {
            format!("Query “{item}”: {zero} → definitely not in the set. Correct.")
        }
        Verdict::FalseNegative => format!(
            "Query “{item}”: {zero} → “definitely not”, yet “{item}” was inserted: a FALSE NEGATIVE, caused by removing an item that was never inserted."
        ),
        Verdict::TruePositive => format!(
            "Query “{item}”: all {k} positions are set → maybe in the set. It is: a true positive."
        ),
        Verdict::FalsePositive => format!(
            "Query “{item}”: all {k} positions are set → maybe in the set. It was never inserted: a FALSE POSITIVE."
        ),
        Verdict::Removed => format!(
            "Removed “{item}”: one taken off each of its counters ({}).",
            list(&outcome.positions)
        ),
        Verdict::RemovedStranger => format!(
            "Removed “{item}”, which was never inserted but looked present: other items' counters went down, so false negatives are now possible."
        ),
        Verdict::RemoveRefused => format!(
            "Cannot remove “{item}”: {zero}, so it is definitely not in the set. Nothing changed."
        ),
        Verdict::RemoveUnsupported => {
            format!(
                "A plain Bloom filter cannot remove “{item}”: clearing its bits would remove other items too."
            )
        }
    }
}

fn distinct(positions: &[usize]) -> usize {
    let mut d = positions.to_vec();
    d.sort_unstable();
    d.dedup();
    d.len()
}

/// One row of the hash list: `h_i(item) = position`, the cell before and
/// after.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HashRow {
    pub index: usize,
    pub position: usize,
    pub before: u8,
    pub after: u8,
}

/// The last item's hash rows, in hash order.
pub fn hash_rows(outcome: &Outcome) -> Vec<HashRow> {
    outcome
        .positions
        .iter()
        .enumerate()
        .map(|(i, &position)| HashRow {
            index: i + 1,
            position,
            before: outcome.before[i],
            after: outcome.after[i],
        })
        .collect()
}

/// The false-positive panel's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct FprView {
    /// Queries of non-members so far.
    pub negatives: u64,
    pub false_positives: u64,
    pub false_negatives: u64,
    /// `false_positives / negatives`, when there was at least one.
    pub measured: Option<f64>,
    /// `(1 - e^{-kn/m})^k`.
    pub formula: f64,
    /// `(ones/m)^k`.
    pub from_fill: f64,
    pub ones: usize,
    pub cells: usize,
    pub hashes: u32,
    pub members: usize,
    pub saturated: usize,
    pub variant: Variant,
}

pub fn fpr(state: &BloomState) -> FprView {
    let tally = state.tally();
    FprView {
        negatives: tally.negatives,
        false_positives: tally.false_positives,
        false_negatives: tally.false_negatives,
        measured: (tally.negatives > 0)
            .then(|| tally.false_positives as f64 / tally.negatives as f64),
        formula: state.formula_fpr(),
        from_fill: state.fill_fpr(),
        ones: state.ones(),
        cells: state.cell_count(),
        hashes: state.hash_count(),
        members: state.member_count(),
        saturated: (0..state.cell_count())
            .filter(|&i| state.is_saturated(i))
            .count(),
        variant: state.variant(),
    }
}

/// The grid's columns for `cells` cells: 16 up to 128 cells, else 32.
pub fn columns(cells: usize) -> usize {
    if cells <= 128 { 16 } else { 32 }
}
