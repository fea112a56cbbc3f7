//! Made-up items from a seed: the members a generated run inserts and the
//! strangers it asks about.
//!
//! Each page names its words with its own function of the seed, a stream
//! number and the word's number (SplitMix64 over them, so a seed names the
//! same words on every platform); a [`Vocabulary`] draws distinct words from
//! it, strangers never among the members.

use std::collections::BTreeSet;

/// Word number `index` of stream `stream` under `seed`.
pub type WordFn = fn(seed: u64, stream: u64, index: u64) -> String;

/// The stream of the words a run inserts.
const MEMBERS: u64 = 1;
/// The stream of the words a run asks about without inserting them.
const STRANGERS: u64 = 2;

/// A page's words.
#[derive(Clone, Copy)]
pub struct Vocabulary(pub WordFn);

impl Vocabulary {
    /// `count` distinct words to insert.
    pub fn members(self, seed: u64, count: usize) -> Vec<String> {
        self.distinct(seed, MEMBERS, count, &BTreeSet::new())
    }

    /// `count` distinct words, none of them among `members`.
    pub fn strangers(self, seed: u64, count: usize, members: &[String]) -> Vec<String> {
        let avoid = members.iter().map(String::as_str).collect();
        self.distinct(seed, STRANGERS, count, &avoid)
    }

    fn distinct(self, seed: u64, stream: u64, count: usize, avoid: &BTreeSet<&str>) -> Vec<String> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::with_capacity(count);
        // Every page has tens of thousands of words and asks for a few
        // thousand at most, so collisions are rare; the cap only guards the loop.
        let cap = count as u64 * 100 + 1_000;
        let mut index = 0;
        while out.len() < count && index < cap {
            let word = (self.0)(seed, stream, index);
            index += 1;
            if !avoid.contains(word.as_str()) && seen.insert(word.clone()) {
                out.push(word);
            }
        }
        out
    }
}
