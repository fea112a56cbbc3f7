//! A Fast Paxos acceptor's durable state and rules: promise rounds at
//! least as high as any promised; vote at most once per round — in a fast
//! round for the first client value after `Any`, in a classic round for
//! the coordinator's value.

use super::{Round, Value};

/// An acceptor's durable state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FastAcceptor {
    promised: u64,
    accepted: Option<(Round, Value)>,
    /// The fast round whose `Any` this acceptor received.
    any: Option<Round>,
}

impl FastAcceptor {
    /// The highest round number promised (0: none).
    pub fn promised(&self) -> u64 {
        self.promised
    }
    /// The latest vote: its round (with kind) and value.
    pub fn accepted(&self) -> Option<(Round, Value)> {
        self.accepted
    }
    /// The fast round open at this acceptor, if any.
    pub fn open_fast_round(&self) -> Option<Round> {
        self.any.filter(|r| r.number >= self.promised)
    }

    /// Phase 1b: `None` if a higher round was promised.
    pub fn prepare(&mut self, round: Round) -> Option<Option<(Round, Value)>> {
        if round.number < self.promised {
            return None;
        }
        self.promised = round.number;
        Some(self.accepted)
    }

    /// Phase 2a with no value: round `round` is fast.
    pub fn open(&mut self, round: Round) {
        if round.number >= self.promised {
            self.promised = round.number;
            self.any = Some(round);
        }
    }

    fn can_vote(&self, round: Round) -> bool {
        round.number >= self.promised && self.accepted.is_none_or(|(r, _)| r.number < round.number)
    }

    /// A client's value in the open fast round: the round voted in, if
    /// this acceptor votes for it (its first value in that round).
    pub fn propose(&mut self, value: Value) -> Option<Round> {
        let round = self.open_fast_round()?;
        if !self.can_vote(round) {
            return None;
        }
        self.accepted = Some((round, value));
        Some(round)
    }

    /// The coordinator's value in classic round `round`.
    pub fn accept(&mut self, round: Round, value: Value) -> bool {
        if !self.can_vote(round) {
            return false;
        }
        self.promised = round.number;
        self.accepted = Some((round, value));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_vote_per_round_and_only_after_any() {
        let mut a = FastAcceptor::default();
        assert_eq!(a.propose(5), None, "no fast round open yet");
        a.open(Round::FIRST);
        assert_eq!(a.propose(5), Some(Round::FIRST));
        assert_eq!(a.propose(6), None, "second value in the same round");
        assert_eq!(a.prepare(Round::classic(2)), Some(Some((Round::FIRST, 5))));
        assert_eq!(
            a.propose(6),
            None,
            "the fast round is closed by the promise"
        );
        assert!(a.accept(Round::classic(2), 6));
        assert_eq!(a.prepare(Round::classic(1)), None);
    }
}
