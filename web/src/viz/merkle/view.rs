//! The Merkle page's state turned into plain data for drawing: each node's
//! position, hash and marks; the diff's comparisons so far; the inclusion
//! proof with its verdict.

use super::layout::{Placed, ProofStep, layout, on_path, proof_nodes};
use super::model::{Replicas, Side};
use super::params::ProofChoice;
use dsviz_core::integrity::{DiffVisit, Hash, hex, leaf_hash, verify_inclusion};

/// Hex characters shown in a node box.
pub const SHORT_HEX: usize = 4;
/// Characters of block text shown in a leaf box.
pub const SHORT_TEXT: usize = 6;

/// Where the diff walk stands on one node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Walk {
    /// Not compared yet (and not ruled out).
    Pending,
    /// Compared, and the two replicas differ here.
    Differs,
    /// Compared, and the two replicas agree: nothing below is compared.
    Equal,
    /// Never compared, because an ancestor's hashes matched.
    Skipped,
}

impl Walk {
    pub fn key(self) -> &'static str {
        match self {
            Walk::Pending => "pending",
            Walk::Differs => "differs",
            Walk::Equal => "equal",
            Walk::Skipped => "skipped",
        }
    }
}

/// The part a node plays in the inclusion proof on show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofRole {
    None,
    /// The leaf being proved.
    Leaf,
    /// On the path from the leaf to the root (recomputed by the verifier).
    Path,
    /// A sibling whose hash is in the proof.
    Sibling,
}

impl ProofRole {
    pub fn key(self) -> &'static str {
        match self {
            ProofRole::None => "none",
            ProofRole::Leaf => "leaf",
            ProofRole::Path => "path",
            ProofRole::Sibling => "sibling",
        }
    }
}

/// One node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub start: usize,
    pub end: usize,
    pub x: f64,
    pub y: f64,
    pub parent: Option<(f64, f64)>,
    /// The block text, for leaves.
    pub text: Option<String>,
    pub hash_hex: String,
    /// Whether the two replicas' hashes differ here (known to the page,
    /// whether or not the diff has looked yet).
    pub differs: bool,
    pub walk: Walk,
    /// The comparison number (1-based) at which the diff looked here.
    pub visit: Option<usize>,
    /// Whether this is the comparison just made.
    pub current: bool,
    pub proof: ProofRole,
}

impl NodeView {
    pub fn is_leaf(&self) -> bool {
        self.end - self.start == 1
    }

    pub fn short_hash(&self) -> &str {
        &self.hash_hex[..SHORT_HEX]
    }

    /// The text cut to fit a leaf box.
    pub fn short_text(&self) -> String {
        let text = self.text.as_deref().unwrap_or("");
        if text.chars().count() <= SHORT_TEXT {
            text.to_string()
        } else {
            let head: String = text.chars().take(SHORT_TEXT - 1).collect();
            format!("{head}…")
        }
    }
}

/// The comparisons revealed so far (at most all of them).
pub fn revealed_visits(state: &Replicas) -> Vec<DiffVisit> {
    let visits = state.diff().visits;
    visits[..state.revealed().min(visits.len())].to_vec()
}

/// Every node of `side`'s tree, root first.
pub fn tree_nodes(state: &Replicas, side: Side, proof: Option<ProofChoice>) -> Vec<NodeView> {
    let n = state.len();
    let placed = layout(n);
    let visits = revealed_visits(state);
    let tree = state.tree(side);
    let other = state.tree(match side {
        Side::A => Side::B,
        Side::B => Side::A,
    });
    let proof_for_side = proof.filter(|p| p.side == side && p.index < n);
    let siblings: Vec<ProofStep> = proof_for_side
        .map(|p| proof_nodes(p.index, n))
        .unwrap_or_default();
    placed
        .iter()
        .map(|node| {
            let (start, end) = (node.start as u64, node.end as u64);
            let hash = tree.subtree_root(start, end).unwrap_or_default();
            let differs = other.subtree_root(start, end).unwrap_or_default() != hash;
            let visit = visits.iter().position(|v| v.start == start && v.end == end);
            let walk = match visit.map(|i| visits[i].equal) {
                Some(true) => Walk::Equal,
                Some(false) => Walk::Differs,
                None if ruled_out(node, &placed, &visits) => Walk::Skipped,
                None => Walk::Pending,
            };
            let proof = match proof_for_side {
                Some(p) if node.is_leaf() && node.start == p.index => ProofRole::Leaf,
                Some(p) if on_path(node.start, node.end, p.index) => ProofRole::Path,
                Some(_) if siblings.iter().any(|s| s.sibling == (node.start, node.end)) => {
                    ProofRole::Sibling
                }
                _ => ProofRole::None,
            };
            NodeView {
                start: node.start,
                end: node.end,
                x: node.x,
                y: node.y,
                parent: node.parent.map(|p| (placed[p].x, placed[p].y)),
                text: node
                    .is_leaf()
                    .then(|| state.blocks(side)[node.start].clone()),
                hash_hex: hex::encode(&hash),
                differs,
                walk,
                visit: visit.map(|i| i + 1),
                current: visit.is_some_and(|i| i + 1 == visits.len()),
                proof,
            }
        })
        .collect()
}

/// Whether an ancestor of `node` was compared and found equal.
fn ruled_out(node: &Placed, placed: &[Placed], visits: &[DiffVisit]) -> bool {
    let mut parent = node.parent;
    while let Some(p) = parent {
        let up = &placed[p];
        if visits
            .iter()
            .any(|v| v.equal && v.start == up.start as u64 && v.end == up.end as u64)
        {
            return true;
        }
        parent = up.parent;
    }
    false
}

/// One line of the comparison log.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffRow {
    pub number: usize,
    pub start: usize,
    pub end: usize,
    pub equal: bool,
    pub sentence: String,
}

/// Describes each comparison revealed so far.
pub fn diff_rows(state: &Replicas) -> Vec<DiffRow> {
    let n = state.len() as u64;
    revealed_visits(state)
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let width = v.end - v.start;
            let what = if v.start == 0 && v.end == n {
                "roots".to_string()
            } else if width == 1 {
                format!("block {}", v.start)
            } else {
                format!("blocks {}–{}", v.start, v.end - 1)
            };
            let sentence = match (v.equal, width) {
                (true, 1) => format!("{what}: hashes equal"),
                (true, _) => format!("{what}: hashes equal → skip {width} blocks"),
                (false, 1) => format!("{what}: hashes differ → repair this block"),
                (false, _) => format!("{what}: hashes differ → compare both children"),
            };
            DiffRow {
                number: i + 1,
                start: v.start as usize,
                end: v.end as usize,
                equal: v.equal,
                sentence,
            }
        })
        .collect()
}

/// The diff's progress in numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffStatus {
    /// Comparisons made so far.
    pub comparisons: usize,
    /// Comparisons the whole diff makes.
    pub total: usize,
    /// Differing blocks found so far, increasing.
    pub found: Vec<usize>,
    /// Differing blocks in truth.
    pub differing: Vec<usize>,
    pub blocks: usize,
}

impl DiffStatus {
    pub fn done(&self) -> bool {
        self.comparisons == self.total
    }
}

pub fn diff_status(state: &Replicas) -> DiffStatus {
    let full = state.diff();
    let visits = revealed_visits(state);
    let mut found: Vec<usize> = visits
        .iter()
        .filter(|v| !v.equal && v.end - v.start == 1)
        .map(|v| v.start as usize)
        .collect();
    found.sort_unstable();
    DiffStatus {
        comparisons: visits.len(),
        total: full.comparisons(),
        found,
        differing: full.differing_leaves.iter().map(|&i| i as usize).collect(),
        blocks: state.len(),
    }
}

/// One hash of the proof, as listed.
#[derive(Clone, Debug, PartialEq)]
pub struct ProofRow {
    pub position: usize,
    pub sibling: (usize, usize),
    pub sibling_is_left: bool,
    pub hash_hex: String,
    pub tampered: bool,
}

/// The inclusion proof of one leaf and the verifier's verdict.
#[derive(Clone, Debug, PartialEq)]
pub struct ProofView {
    pub side: Side,
    pub index: usize,
    pub text: String,
    pub leaf_hex: String,
    pub root_hex: String,
    pub rows: Vec<ProofRow>,
    /// `Ok` when the core verifier accepts the (possibly tampered) proof.
    pub verdict: Result<(), String>,
}

/// Flips every bit of a hash's first byte: what "tamper" does.
pub fn tampered(hash: &Hash) -> Hash {
    let mut copy = *hash;
    copy[0] ^= 0xff;
    copy
}

/// The proof for `choice`, checked by `verify_inclusion` against the
/// replica's root; `None` if the choice is out of range.
pub fn proof_view(state: &Replicas, choice: ProofChoice) -> Option<ProofView> {
    let tree = state.tree(choice.side);
    let text = state.blocks(choice.side).get(choice.index)?.clone();
    let proof = tree.inclusion_proof(choice.index as u64).ok()?;
    let steps = proof_nodes(choice.index, state.len());
    let path: Vec<Hash> = proof
        .path
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if choice.tamper == Some(i) {
                tampered(h)
            } else {
                *h
            }
        })
        .collect();
    let leaf = leaf_hash(text.as_bytes());
    let root = tree.root();
    let verdict = verify_inclusion(&leaf, choice.index as u64, state.len() as u64, &path, &root)
        .map_err(|e| e.to_string());
    let rows = steps
        .iter()
        .zip(&path)
        .enumerate()
        .map(|(i, (step, hash))| ProofRow {
            position: i,
            sibling: step.sibling,
            sibling_is_left: step.sibling_is_left,
            hash_hex: hex::encode(hash),
            tampered: choice.tamper == Some(i),
        })
        .collect();
    Some(ProofView {
        side: choice.side,
        index: choice.index,
        text,
        leaf_hex: hex::encode(&leaf),
        root_hex: hex::encode(&root),
        rows,
        verdict,
    })
}
