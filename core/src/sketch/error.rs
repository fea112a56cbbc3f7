//! The one error type of the sketch family.
//!
//! Parameters of every structure here arrive from URLs and command lines, so
//! construction validates them and returns [`SketchError::InvalidParameter`]
//! with a sentence a person can act on, instead of panicking.

use alloc::string::String;
use core::fmt;

/// Why a sketch operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SketchError {
    /// A construction parameter is out of range; `name` is the parameter as
    /// the constructor spells it (`bits`, `hashes`, `capacity`, …).
    InvalidParameter { name: &'static str, reason: String },
    /// The structure has no room for another item (cuckoo filter after its
    /// kick budget, quotient filter with every slot used).
    Full,
    /// A delete of an item that the structure can prove was never inserted.
    NotPresent,
    /// Two sketches cannot be merged (different geometry or hash seed).
    Incompatible { reason: String },
}

impl SketchError {
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }

    pub(crate) fn incompatible(reason: impl Into<String>) -> Self {
        Self::Incompatible {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for SketchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidParameter { name, reason } => write!(f, "invalid {name}: {reason}"),
            Self::Full => f.write_str("the structure is full"),
            Self::NotPresent => f.write_str("the item is definitely not present"),
            Self::Incompatible { reason } => write!(f, "cannot merge: {reason}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SketchError {}

/// Checks that `value` lies in `low..=high`, naming the parameter on failure.
pub(crate) fn check_range<T>(
    name: &'static str,
    value: T,
    low: T,
    high: T,
) -> Result<T, SketchError>
where
    T: PartialOrd + fmt::Display + Copy,
{
    if value < low || value > high {
        return Err(SketchError::invalid(
            name,
            alloc::format!("must be between {low} and {high} (got {value})"),
        ));
    }
    Ok(value)
}

/// Checks that `p` is a probability strictly between 0 and 1.
pub(crate) fn check_open_probability(name: &'static str, p: f64) -> Result<f64, SketchError> {
    if !(p > 0.0 && p < 1.0) {
        return Err(SketchError::invalid(
            name,
            alloc::format!("must be strictly between 0 and 1 (got {p})"),
        ));
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn messages_name_the_parameter_and_the_bad_value() {
        let err = check_range("hashes", 0u32, 1, 64).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid hashes: must be between 1 and 64 (got 0)"
        );
        let err = check_open_probability("fpr", 1.5).unwrap_err();
        assert!(err.to_string().contains("fpr") && err.to_string().contains("1.5"));
        assert!(check_open_probability("fpr", f64::NAN).is_err());
        assert_eq!(check_open_probability("fpr", 0.25), Ok(0.25));
    }
}
