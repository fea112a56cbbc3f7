//! Plain view data for the Count-Min page, computed from the state: the
//! table's cells with the last item's highlighted, its estimate against the
//! truth, the sizing and error bound, and the heavy hitters.

use super::state::CmState;

/// One counter of the `d × w` table.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub row: usize,
    pub column: usize,
    pub count: u64,
    /// One of the last item's `d` counters.
    pub hit: bool,
    /// A hit whose count is the smallest of the `d`: it gives the estimate.
    pub min: bool,
    /// `count / largest count`, for shading.
    pub heat: f64,
}

/// The table, row by row.
pub fn grid(state: &CmState) -> Vec<Vec<Cell>> {
    let sketch = state.sketch();
    let largest = (0..sketch.depth())
        .flat_map(|row| sketch.row(row).iter().copied())
        .max()
        .unwrap_or(0)
        .max(1);
    let last = state.last.as_ref();
    let estimate = last.map(|l| l.after.iter().copied().min().unwrap_or(0));
    (0..sketch.depth())
        .map(|row| {
            sketch
                .row(row)
                .iter()
                .enumerate()
                .map(|(column, &count)| {
                    let hit = last.is_some_and(|l| l.columns.get(row) == Some(&column));
                    Cell {
                        row,
                        column,
                        count,
                        hit,
                        min: hit && Some(count) == estimate,
                        heat: count as f64 / largest as f64,
                    }
                })
                .collect()
        })
        .collect()
}

/// The last item's counters, estimate and truth.
#[derive(Clone, Debug, PartialEq)]
pub struct LastView {
    pub item: String,
    /// `(row, column, before, after)` for each row.
    pub cells: Vec<(usize, usize, u64, u64)>,
    pub estimate: u64,
    pub truth: u64,
    /// The rows whose counter equals the estimate.
    pub min_rows: Vec<usize>,
}

pub fn last(state: &CmState) -> Option<LastView> {
    let last = state.last.as_ref()?;
    let estimate = last.after.iter().copied().min().unwrap_or(0);
    Some(LastView {
        item: last.item.clone(),
        cells: last
            .columns
            .iter()
            .zip(last.before.iter().zip(&last.after))
            .enumerate()
            .map(|(row, (&column, (&before, &after)))| (row, column, before, after))
            .collect(),
        estimate,
        truth: state.true_count(&last.item),
        min_rows: last
            .after
            .iter()
            .enumerate()
            .filter(|(_, count)| **count == estimate)
            .map(|(row, _)| row)
            .collect(),
    })
}

/// The sketch's size and its guarantee.
#[derive(Clone, Debug, PartialEq)]
pub struct Sizing {
    pub width: usize,
    pub depth: usize,
    /// `N`, the items counted so far.
    pub total: u64,
    /// `ε·N` with the sketch's actual `ε = e/w`.
    pub bound: f64,
}

pub fn sizing(state: &CmState) -> Sizing {
    let sketch = state.sketch();
    Sizing {
        width: sketch.width(),
        depth: sketch.depth(),
        total: sketch.total(),
        bound: sketch.error_bound(),
    }
}

/// One heavy-hitter candidate against the truth.
#[derive(Clone, Debug, PartialEq)]
pub struct HitterRow {
    pub item: String,
    /// The estimate the candidate set holds (refreshed when it was last seen).
    pub estimate: u64,
    pub truth: u64,
    /// The item's place when every item is ranked by its true count.
    pub true_rank: usize,
}

/// The candidates, largest estimate first.
pub fn hitters(state: &CmState) -> Vec<HitterRow> {
    let mut ranked: Vec<(&String, &u64)> = state.truth.iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    state
        .hitters
        .top()
        .into_iter()
        .map(|hit| {
            let item = String::from_utf8_lossy(&hit.item).into_owned();
            let true_rank = ranked
                .iter()
                .position(|(name, _)| **name == item)
                .map_or(0, |i| i + 1);
            HitterRow {
                truth: state.true_count(&item),
                estimate: hit.estimate,
                true_rank,
                item,
            }
        })
        .collect()
}
