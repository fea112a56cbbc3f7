//! What the three partitioning pages share: node colours, operations a
//! person added at given steps of a generated run, and how those are
//! written in a link.

use crate::permalink::Query;
use dsviz_core::partition::NodeId;

/// Distinct node colours (`--tone-0` … `--tone-7` in `assets/app.css`).
pub const TONES: usize = 8;

/// The CSS class that colours `node`.
pub fn tone(node: NodeId) -> String {
    format!("tone-{}", node % TONES)
}

/// A node-membership change a person asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeChange {
    /// A new node, numbered after every node so far.
    Add,
    Remove(NodeId),
}

impl NodeChange {
    /// `a` or `rN`.
    pub fn encode(self) -> String {
        match self {
            Self::Add => "a".into(),
            Self::Remove(node) => format!("r{node}"),
        }
    }

    /// Reads `a` or `rN`.
    pub fn decode(text: &str) -> Option<Self> {
        match text {
            "a" => Some(Self::Add),
            _ => text.strip_prefix('r')?.parse().ok().map(Self::Remove),
        }
    }

    /// "add a node" / "remove node 3".
    pub fn describe(self) -> String {
        match self {
            Self::Add => "add a node".into(),
            Self::Remove(node) => format!("remove node {node}"),
        }
    }
}

/// At most this many node changes in one link.
pub const MAX_CHANGES: usize = 64;

/// Node changes separated by commas (`a,r1,a`), each bad one skipped with
/// a sentence in `query`'s problems.
pub fn read_changes(query: &mut Query, key: &str) -> Option<Vec<NodeChange>> {
    let text = query.raw(key)?.to_string();
    let mut changes = Vec::new();
    for item in text.split(',').filter(|item| !item.is_empty()) {
        match NodeChange::decode(item) {
            Some(change) if changes.len() < MAX_CHANGES => changes.push(change),
            Some(_) => {
                query.problems.push(format!(
                    "'{key}' holds more than {MAX_CHANGES} node changes; the rest are skipped"
                ));
                break;
            }
            None => query.problems.push(format!(
                "'{item}' in '{key}' is not 'a' (add a node) or 'rN' (remove node N); skipped"
            )),
        }
    }
    Some(changes)
}

/// Node changes as link text.
pub fn encode_changes(changes: &[NodeChange]) -> String {
    changes
        .iter()
        .map(|c| c.encode())
        .collect::<Vec<_>>()
        .join(",")
}

/// Node changes placed at operation indexes (`12.a,40.r2`): the change at
/// index `i` runs after the first `i` operations of the whole run.
pub fn read_placed_changes(query: &mut Query, key: &str) -> Vec<(usize, NodeChange)> {
    let Some(text) = query.raw(key).map(str::to_owned) else {
        return Vec::new();
    };
    let mut placed: Vec<(usize, NodeChange)> = Vec::new();
    for item in text.split(',').filter(|item| !item.is_empty()) {
        let parsed = item
            .split_once('.')
            .and_then(|(at, change)| Some((at.parse().ok()?, NodeChange::decode(change)?)));
        match parsed {
            Some((at, change)) if placed.last().is_none_or(|&(last, _)| at > last) => {
                if placed.len() == MAX_CHANGES {
                    query.problems.push(format!(
                        "'{key}' holds more than {MAX_CHANGES} node changes; the rest are skipped"
                    ));
                    break;
                }
                placed.push((at, change));
            }
            Some(_) => query.problems.push(format!(
                "'{item}' in '{key}' does not come after the change before it; skipped"
            )),
            None => query.problems.push(format!(
                "'{item}' in '{key}' is not STEP.a or STEP.rN; skipped"
            )),
        }
    }
    placed
}

/// Placed node changes as link text.
pub fn encode_placed(placed: &[(usize, NodeChange)]) -> String {
    placed
        .iter()
        .map(|(at, c)| format!("{at}.{}", c.encode()))
        .collect::<Vec<_>>()
        .join(",")
}

/// The generated operations with each placed change inserted at its index
/// (changes past the end go last, in order).
pub fn merge_placed<Op>(
    generated: Vec<Op>,
    placed: &[(usize, NodeChange)],
    wrap: impl Fn(NodeChange) -> Op,
) -> Vec<Op> {
    let mut out = Vec::with_capacity(generated.len() + placed.len());
    let mut pending = placed.iter().peekable();
    for op in generated {
        while let Some(&(_, change)) = pending.next_if(|(at, _)| *at <= out.len()) {
            out.push(wrap(change));
        }
        out.push(op);
    }
    out.extend(pending.map(|&(_, change)| wrap(change)));
    out
}

/// The placed changes of a whole run: each change with its index.
pub fn placed_of<Op>(
    ops: &[Op],
    change: impl Fn(&Op) -> Option<NodeChange>,
) -> Vec<(usize, NodeChange)> {
    ops.iter()
        .enumerate()
        .filter_map(|(i, op)| change(op).map(|c| (i, c)))
        .collect()
}

/// `x` with at most `digits` decimals, trailing zeros dropped.
pub fn short(x: f64, digits: usize) -> String {
    let text = format!("{x:.digits$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    }
}
