//! The Merkle page's scenario in the URL: block count, seed, the edits,
//! the step, and the inclusion proof on show.
//!
//! `?n=8&seed=1&edits=b.5.patch,a.0.hello%20world&step=3&proof=a.5&tamper=1`
//! — each edit is `SIDE.INDEX.TEXT` (side `a` or `b`, text as typed, spaces
//! as `%20`); edits are separated by commas, which block text may not hold.

use super::layout::proof_nodes;
use super::model::{Edit, MAX_BLOCKS, MIN_BLOCKS, Replicas, Side, check_block_text, operations};
use crate::permalink::Query;
use crate::permalink::query::build;
use crate::viz::sketch_kit::read_seed;
use dsviz_core::sketch::hashing::{hash64, reduce};

/// The leaf whose inclusion proof is shown, and the proof hash (if any)
/// the user has tampered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProofChoice {
    pub side: Side,
    pub index: usize,
    pub tamper: Option<usize>,
}

/// Everything a Merkle permalink holds.
#[derive(Clone, Debug, PartialEq)]
pub struct MerkleScenario {
    pub blocks: usize,
    pub seed: u64,
    pub edits: Vec<Edit>,
    pub step: u64,
    pub proof: Option<ProofChoice>,
    /// Sentences naming each URL value that was replaced or skipped.
    pub problems: Vec<String>,
}

pub const DEFAULT_BLOCKS: usize = 8;
pub const DEFAULT_SEED: u64 = 1;

/// The edit a fresh run starts with: replica B's copy of one seeded block
/// becomes "edited", so the first diff has something to find.
pub fn default_edits(seed: u64, blocks: usize) -> Vec<Edit> {
    let index = reduce(hash64(b"edit", seed), blocks as u64) as usize;
    vec![Edit {
        side: Side::B,
        index,
        text: "edited".into(),
    }]
}

impl MerkleScenario {
    /// Reads a scenario, reporting and replacing (or skipping) bad values.
    pub fn from_query(search: &str) -> Self {
        let mut query = Query::parse(search);
        let blocks = query.number(
            "n",
            DEFAULT_BLOCKS,
            |n| (MIN_BLOCKS..=MAX_BLOCKS).contains(n),
            "a block count from 2 to 32",
        );
        let seed = read_seed(&mut query, DEFAULT_SEED);
        let mut problems = std::mem::take(&mut query.problems);
        let edits = match query.raw("edits") {
            Some(text) => decode_edits(text, blocks, &mut problems),
            None => default_edits(seed, blocks),
        };
        let horizon = operations(&Replicas::new(blocks, seed), &edits).len() as u64;
        let step = match query.raw("step") {
            None => edits.len() as u64,
            Some(text) => match text.parse::<u64>() {
                Ok(step) if step <= horizon => step,
                Ok(_) => {
                    problems.push(format!(
                        "'step={text}' is past the last step ({horizon}); showing the last step"
                    ));
                    horizon
                }
                Err(_) => {
                    problems.push(format!(
                        "'step={text}' is not a step number; showing the edits applied"
                    ));
                    edits.len() as u64
                }
            },
        };
        let proof = query
            .raw("proof")
            .and_then(|text| decode_proof(text, blocks, &mut problems));
        let proof = proof.map(|(side, index)| {
            let length = proof_nodes(index, blocks).len();
            let tamper = query
                .raw("tamper")
                .and_then(|text| match text.parse::<usize>() {
                    Ok(t) if t < length => Some(t),
                    _ => {
                        problems.push(format!(
                        "'tamper={text}' is not a proof position from 0 to {}; nothing tampered",
                        length - 1
                    ));
                        None
                    }
                });
            ProofChoice {
                side,
                index,
                tamper,
            }
        });
        Self {
            blocks,
            seed,
            edits,
            step,
            proof,
            problems,
        }
    }

    /// The query string that reproduces this scenario.
    pub fn to_query(
        blocks: usize,
        seed: u64,
        edits: &[Edit],
        step: u64,
        proof: Option<ProofChoice>,
    ) -> String {
        let mut pairs = vec![
            ("n", blocks.to_string()),
            ("seed", seed.to_string()),
            ("edits", encode_edits(edits)),
            ("step", step.to_string()),
        ];
        if let Some(choice) = proof {
            pairs.push(("proof", format!("{}.{}", choice.side.key(), choice.index)));
            if let Some(t) = choice.tamper {
                pairs.push(("tamper", t.to_string()));
            }
        }
        build(&pairs)
    }
}

/// Edits as URL text.
pub fn encode_edits(edits: &[Edit]) -> String {
    edits
        .iter()
        .map(|e| format!("{}.{}.{}", e.side.key(), e.index, url_escape(&e.text)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads edits (already percent-decoded); each bad one is skipped with a
/// sentence in `problems`.
pub fn decode_edits(text: &str, blocks: usize, problems: &mut Vec<String>) -> Vec<Edit> {
    let mut edits = Vec::new();
    for item in text.split(',').filter(|item| !item.is_empty()) {
        match decode_edit(item, blocks) {
            Ok(edit) => edits.push(edit),
            Err(why) => problems.push(format!("edit '{item}' {why}; skipped")),
        }
    }
    edits
}

fn decode_edit(item: &str, blocks: usize) -> Result<Edit, String> {
    let mut parts = item.splitn(3, '.');
    let (side, index, text) = (parts.next(), parts.next(), parts.next());
    let (Some(side), Some(index), Some(text)) = (side, index, text) else {
        return Err("is not SIDE.INDEX.TEXT".into());
    };
    let side =
        Side::parse(side).ok_or_else(|| format!("names side '{side}'; the sides are a and b"))?;
    let index = index
        .parse::<usize>()
        .map_err(|_| format!("has block index '{index}', which is not a number"))?;
    if index >= blocks {
        return Err(format!(
            "names block {index}, but each replica has blocks 0 to {}",
            blocks - 1
        ));
    }
    let text = check_block_text(text)?;
    Ok(Edit { side, index, text })
}

fn decode_proof(text: &str, blocks: usize, problems: &mut Vec<String>) -> Option<(Side, usize)> {
    let parsed = text
        .split_once('.')
        .and_then(|(side, index)| Some((Side::parse(side)?, index.parse::<usize>().ok()?)));
    match parsed {
        Some((side, index)) if index < blocks => Some((side, index)),
        _ => {
            problems.push(format!(
                "'proof={text}' is not SIDE.INDEX with side a or b and a block from 0 to {}; no proof shown",
                blocks - 1
            ));
            None
        }
    }
}

/// Percent-encodes everything but ASCII letters, digits and `-_.!'()`.
fn url_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.!'()".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
