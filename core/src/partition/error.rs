//! The one error type of the partition family.
//!
//! Parameters and operations arrive from URLs, command lines and clicks, so
//! every structure checks them and returns a [`PartitionError`] with a
//! sentence a person can act on, instead of panicking.

use super::NodeId;
use alloc::string::String;
use core::fmt;

/// Why a partitioning operation was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartitionError {
    /// A parameter is out of range; `name` is the parameter as the
    /// constructor or method spells it (`vnodes`, `weight`, `c`, …).
    InvalidParameter { name: &'static str, reason: String },
    /// A key cannot be placed: there are no nodes.
    NoNodes,
    /// The node is already present.
    DuplicateNode(NodeId),
    /// The node is not present.
    UnknownNode(NodeId),
    /// Removing the last node would leave the stored keys nowhere to live.
    LastNode(NodeId),
    /// The structure holds as many nodes (or virtual nodes) as it accepts.
    TooManyNodes { limit: usize },
}

impl PartitionError {
    pub(crate) fn invalid(name: &'static str, reason: impl Into<String>) -> Self {
        Self::InvalidParameter {
            name,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for PartitionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidParameter { name, reason } => write!(f, "invalid {name}: {reason}"),
            Self::NoNodes => f.write_str("there are no nodes to place keys on"),
            Self::DuplicateNode(node) => write!(f, "node {node} is already present"),
            Self::UnknownNode(node) => write!(f, "node {node} is not present"),
            Self::LastNode(node) => write!(
                f,
                "node {node} is the last node and keys are stored; remove the keys first"
            ),
            Self::TooManyNodes { limit } => {
                write!(f, "at most {limit} nodes (or virtual nodes) are accepted")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for PartitionError {}

/// Checks that `value` lies in `low..=high`, naming the parameter on failure.
pub(crate) fn check_range<T>(
    name: &'static str,
    value: T,
    low: T,
    high: T,
) -> Result<T, PartitionError>
where
    T: PartialOrd + fmt::Display + Copy,
{
    if value < low || value > high {
        return Err(PartitionError::invalid(
            name,
            alloc::format!("must be between {low} and {high} (got {value})"),
        ));
    }
    Ok(value)
}

/// Checks that `value` is a finite number in `low..=high` (NaN fails).
pub(crate) fn check_finite(
    name: &'static str,
    value: f64,
    low: f64,
    high: f64,
) -> Result<f64, PartitionError> {
    if !(value >= low && value <= high) {
        return Err(PartitionError::invalid(
            name,
            alloc::format!("must be a number between {low} and {high} (got {value})"),
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn messages_name_the_parameter_and_the_value() {
        let err = check_range("vnodes", 0u32, 1, 10).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid vnodes: must be between 1 and 10 (got 0)"
        );
        let err = check_finite("c", 0.5, 1.0, 100.0).unwrap_err();
        assert!(err.to_string().contains("invalid c") && err.to_string().contains("0.5"));
        assert!(check_finite("c", f64::NAN, 1.0, 100.0).is_err());
        assert!(check_finite("c", f64::INFINITY, 1.0, 100.0).is_err());
        assert_eq!(check_finite("c", 1.25, 1.0, 100.0), Ok(1.25));
        assert!(PartitionError::LastNode(3).to_string().contains("node 3"));
    }
}
