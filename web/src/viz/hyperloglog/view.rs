//! Plain view data for the HyperLogLog page, computed from the state: the
//! hash's bits with their roles, the estimates against the truth, and the
//! register bars.

use super::state::HllState;
use dsviz_core::sketch::Estimator;

/// What one bit of the hash does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BitRole {
    /// One of the first `p` bits: together they pick the register.
    Index,
    /// A leading zero of the remaining bits.
    Zero,
    /// The first 1 after the index bits: its position is the rank.
    One,
    /// Bits after the first 1, which the sketch ignores.
    Rest,
}

impl BitRole {
    pub fn name(self) -> &'static str {
        match self {
            BitRole::Index => "index",
            BitRole::Zero => "zero",
            BitRole::One => "one",
            BitRole::Rest => "rest",
        }
    }
}

/// The 64 bits of `hash`, most significant first, with their roles for
/// precision `p`.
pub fn hash_bits(hash: u64, precision: u8) -> Vec<(bool, BitRole)> {
    let p = usize::from(precision);
    let mut seen_one = false;
    (0..64)
        .map(|i| {
            let bit = (hash >> (63 - i)) & 1 == 1;
            let role = if i < p {
                BitRole::Index
            } else if seen_one {
                BitRole::Rest
            } else if bit {
                seen_one = true;
                BitRole::One
            } else {
                BitRole::Zero
            };
            (bit, role)
        })
        .collect()
}

/// The estimates of the sketch against the true distinct count.
#[derive(Clone, Debug, PartialEq)]
pub struct Estimates {
    pub truth: usize,
    /// Ertl's improved estimator: what the core uses by default.
    pub improved: f64,
    /// `α_m m² / Σ 2^-M[j]`.
    pub raw: f64,
    pub alpha: f64,
    /// Linear counting, when some register is still zero.
    pub linear: Option<f64>,
    /// The 2007 paper's answer: linear counting when `raw ≤ 5m/2` and some
    /// register is zero, otherwise the raw estimate.
    pub classic: f64,
    pub classic_uses_linear: bool,
    /// `1.04 / √m`.
    pub standard_error: f64,
    pub zero_registers: usize,
}

pub fn estimates(state: &HllState) -> Estimates {
    let sketch = &state.sketch;
    let m = sketch.registers().len();
    let raw = sketch.raw_estimate();
    let linear = sketch.linear_counting_estimate();
    Estimates {
        truth: state.distinct.len(),
        improved: sketch.estimate_with(Estimator::Ertl),
        raw,
        alpha: sketch.alpha(),
        linear,
        classic: sketch.estimate_with(Estimator::Classic),
        classic_uses_linear: linear.is_some() && raw <= 2.5 * m as f64,
        standard_error: sketch.standard_error(),
        zero_registers: sketch.registers().iter().filter(|&&r| r == 0).count(),
    }
}

/// `(estimate - truth) / truth` as a signed percentage, or nothing before
/// the first item.
pub fn relative_error_text(estimate: f64, truth: usize) -> String {
    if truth == 0 {
        return "—".into();
    }
    let error = (estimate - truth as f64) / truth as f64 * 100.0;
    format!("{error:+.1} %")
}

/// One bar of the register chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub register: usize,
    pub value: u8,
    pub x: f64,
    pub width: f64,
    pub height: f64,
    /// The register the last item updated.
    pub touched: bool,
}

/// The chart's size in SVG units.
pub const CHART_WIDTH: f64 = 640.0;
pub const CHART_HEIGHT: f64 = 150.0;

/// The register values as bars, scaled so the tallest fits (at least 8
/// levels, so a young sketch's bars are not all full height).
pub fn bars(state: &HllState) -> (Vec<Bar>, u8) {
    let registers = state.sketch.registers();
    let top = registers.iter().copied().max().unwrap_or(0).max(8);
    let width = CHART_WIDTH / registers.len() as f64;
    let touched = state.last.as_ref().map(|l| l.view.register);
    let bars = registers
        .iter()
        .enumerate()
        .map(|(register, &value)| Bar {
            register,
            value,
            x: register as f64 * width,
            width,
            height: CHART_HEIGHT * f64::from(value) / f64::from(top),
            touched: touched == Some(register),
        })
        .collect();
    (bars, top)
}
