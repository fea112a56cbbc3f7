//! The state the Merkle page replays: two replicas of the same `n` blocks,
//! each with its RFC 6962 tree, and how many comparisons of their diff have
//! been revealed so far.
//!
//! Operations are the user's block edits followed by one [`MerkleOp::Compare`]
//! per hash comparison that [`dsviz_core::integrity::diff`] makes, so the
//! player first applies the edits and then walks the diff one comparison a
//! step.

use crate::player::Replay;
use dsviz_core::integrity::{MerkleTree, TreeDiff, diff};
use dsviz_core::sketch::hashing::{hash64, reduce};

/// The fewest and most blocks a replica may hold.
pub const MIN_BLOCKS: usize = 2;
pub const MAX_BLOCKS: usize = 32;
/// The longest text a block may hold, in characters.
pub const MAX_TEXT_CHARS: usize = 16;

/// The words the seeded blocks are made of (short, so a leaf box shows them).
const WORDS: [&str; 32] = [
    "oak", "fern", "moss", "reed", "pine", "kelp", "lark", "wren", "fox", "hare", "vole", "mole",
    "elk", "lynx", "ibis", "crow", "dove", "swan", "newt", "toad", "carp", "pike", "bass", "cod",
    "clay", "sand", "salt", "snow", "rain", "mist", "hail", "dune",
];

/// One of the two replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    A,
    B,
}

impl Side {
    pub const BOTH: [Side; 2] = [Side::A, Side::B];

    /// "A" or "B", as the page names the replicas.
    pub fn name(self) -> &'static str {
        match self {
            Side::A => "A",
            Side::B => "B",
        }
    }

    /// "a" or "b", as URLs and test ids name them.
    pub fn key(self) -> &'static str {
        match self {
            Side::A => "a",
            Side::B => "b",
        }
    }

    /// Reads "a"/"b" in either case.
    pub fn parse(text: &str) -> Option<Side> {
        match text {
            "a" | "A" => Some(Side::A),
            "b" | "B" => Some(Side::B),
            _ => None,
        }
    }

    fn slot(self) -> usize {
        match self {
            Side::A => 0,
            Side::B => 1,
        }
    }
}

/// Replacing the text of one block on one replica.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub side: Side,
    pub index: usize,
    pub text: String,
}

/// One step of the page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MerkleOp {
    /// A block edit; it restarts the diff.
    Edit(Edit),
    /// Reveal the diff's next hash comparison.
    Compare,
}

/// Two replicas, their trees, and the diff's progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replicas {
    blocks: [Vec<String>; 2],
    trees: [MerkleTree; 2],
    revealed: usize,
}

/// The seeded text of block `index`.
pub fn seeded_block(seed: u64, index: usize) -> String {
    let hash = hash64(&(index as u64).to_le_bytes(), seed);
    WORDS[reduce(hash, WORDS.len() as u64) as usize].to_string()
}

/// Checks the text typed for a block: 1 to 16 characters, letters, digits,
/// spaces and `-_.!?:'()` only (commas separate edits in a link).
pub fn check_block_text(text: &str) -> Result<String, String> {
    let text = text.trim();
    let count = text.chars().count();
    if count == 0 {
        return Err("a block needs some text".into());
    }
    if count > MAX_TEXT_CHARS {
        return Err(format!(
            "a block holds at most {MAX_TEXT_CHARS} characters, not {count}"
        ));
    }
    if let Some(bad) = text
        .chars()
        .find(|c| !(c.is_alphanumeric() || " -_.!?:'()".contains(*c)))
    {
        return Err(format!(
            "'{bad}' cannot be in a block; use letters, digits, spaces and -_.!?:'()"
        ));
    }
    Ok(text.to_string())
}

impl Replicas {
    /// Two identical replicas of `blocks` seeded blocks (clamped to 2..=32).
    pub fn new(blocks: usize, seed: u64) -> Self {
        let n = blocks.clamp(MIN_BLOCKS, MAX_BLOCKS);
        let data: Vec<String> = (0..n).map(|i| seeded_block(seed, i)).collect();
        let tree = MerkleTree::from_leaves(&data);
        Self {
            blocks: [data.clone(), data],
            trees: [tree.clone(), tree],
            revealed: 0,
        }
    }

    /// The number of blocks on each replica.
    pub fn len(&self) -> usize {
        self.blocks[0].len()
    }

    /// Never true: a replica holds at least two blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks[0].is_empty()
    }

    pub fn blocks(&self, side: Side) -> &[String] {
        &self.blocks[side.slot()]
    }

    pub fn tree(&self, side: Side) -> &MerkleTree {
        &self.trees[side.slot()]
    }

    /// The full diff of the two trees (every comparison, revealed or not).
    pub fn diff(&self) -> TreeDiff {
        diff(&self.trees[0], &self.trees[1]).unwrap_or_default()
    }

    /// How many of the diff's comparisons the player has shown.
    pub fn revealed(&self) -> usize {
        self.revealed
    }
}

impl Replay for Replicas {
    type Op = MerkleOp;

    fn apply(&mut self, op: &MerkleOp) {
        match op {
            MerkleOp::Edit(edit) => {
                let slot = edit.side.slot();
                if let Some(block) = self.blocks[slot].get_mut(edit.index) {
                    *block = edit.text.clone();
                    self.trees[slot] = MerkleTree::from_leaves(&self.blocks[slot]);
                }
                self.revealed = 0;
            }
            MerkleOp::Compare => self.revealed += 1,
        }
    }
}

/// The page's operations: `edits`, then one comparison per step of the
/// diff of the edited replicas.
pub fn operations(initial: &Replicas, edits: &[Edit]) -> Vec<MerkleOp> {
    let mut state = initial.clone();
    let mut ops: Vec<MerkleOp> = edits.iter().cloned().map(MerkleOp::Edit).collect();
    ops.iter().for_each(|op| state.apply(op));
    ops.extend(std::iter::repeat_n(
        MerkleOp::Compare,
        state.diff().comparisons(),
    ));
    ops
}

/// The edits among `ops` (those before the diff walk).
pub fn edits_of(ops: &[MerkleOp]) -> Vec<Edit> {
    ops.iter()
        .filter_map(|op| match op {
            MerkleOp::Edit(edit) => Some(edit.clone()),
            MerkleOp::Compare => None,
        })
        .collect()
}
