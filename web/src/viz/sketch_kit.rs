//! Small pieces the data-structure pages share: the `seed` and `step` keys
//! of their links, and how they write a rate.

use crate::permalink::Query;

/// The `seed` key: any whole number, else `default` (noted in `query`).
pub fn read_seed(query: &mut Query, default: u64) -> u64 {
    query.number("seed", default, |_| true, "a whole number")
}

/// The `step` key: a step from 0 to `total`, else `default` (noted in
/// `query` when present).
pub fn read_step(query: &mut Query, default: u64, total: u64) -> u64 {
    query.number(
        "step",
        default,
        |s| *s <= total,
        &format!("a step from 0 to {total}"),
    )
}

/// A rate as a percentage with sensible precision for small rates; "—"
/// when there is none.
pub fn percent(rate: f64) -> String {
    if !rate.is_finite() {
        return "—".into();
    }
    let p = rate * 100.0;
    if p == 0.0 {
        "0 %".into()
    } else if p < 0.1 {
        format!("{p:.3} %")
    } else if p < 10.0 {
        format!("{p:.2} %")
    } else {
        format!("{p:.1} %")
    }
}
