//! The acceptor's two rules, on durable state: promise only ballots at
//! least as high as any promised, accept only ballots not below the promise.

use super::{Ballot, Value};

/// An acceptor's durable state (it survives a restart).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Acceptor {
    promised: Option<Ballot>,
    accepted: Option<(Ballot, Value)>,
}

impl Acceptor {
    /// The highest ballot promised.
    pub fn promised(&self) -> Option<Ballot> {
        self.promised
    }

    /// The highest-ballot proposal accepted, with its value.
    pub fn accepted(&self) -> Option<(Ballot, Value)> {
        self.accepted
    }

    fn admits(&self, ballot: Ballot) -> bool {
        self.promised.is_none_or(|p| ballot >= p)
    }

    /// Phase 1b: promises `ballot` and returns the accepted proposal to
    /// report, or refuses with the higher ballot already promised. A
    /// repeated Prepare of the promised ballot is answered again.
    pub fn prepare(&mut self, ballot: Ballot) -> Result<Option<(Ballot, Value)>, Ballot> {
        if !self.admits(ballot) {
            return Err(self.promised.unwrap_or(ballot));
        }
        self.promised = Some(ballot);
        Ok(self.accepted)
    }

    /// Phase 2b: accepts `(ballot, value)` unless a higher ballot was
    /// promised, which it returns.
    pub fn accept(&mut self, ballot: Ballot, value: Value) -> Result<(), Ballot> {
        if !self.admits(ballot) {
            return Err(self.promised.unwrap_or(ballot));
        }
        self.promised = Some(ballot);
        self.accepted = Some((ballot, value));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn promise_reports_the_accepted_proposal_and_blocks_lower_ballots() {
        let mut a = Acceptor::default();
        assert_eq!(a.prepare(Ballot::new(1, 0)), Ok(None));
        assert_eq!(a.accept(Ballot::new(1, 0), 7), Ok(()));
        assert_eq!(
            a.prepare(Ballot::new(2, 1)),
            Ok(Some((Ballot::new(1, 0), 7)))
        );
        // Ballot 1.0 is now below the promise: refused in both phases.
        assert_eq!(a.accept(Ballot::new(1, 0), 7), Err(Ballot::new(2, 1)));
        assert_eq!(a.prepare(Ballot::new(1, 3)), Err(Ballot::new(2, 1)));
        assert_eq!(a.accepted(), Some((Ballot::new(1, 0), 7)));
    }
}
