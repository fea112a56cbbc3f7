//! Where each node of an RFC 6962 tree over `n` leaves is drawn, and which
//! nodes an inclusion proof touches.
//!
//! A node is the subtree over leaves `[start, end)`; it splits at the
//! largest power of two below its width, exactly as the core does, so an
//! unbalanced tree (n = 7) is drawn with a shallower right edge. Leaves sit
//! on the bottom row; inner nodes sit one row per depth, centred over their
//! two children.

use dsviz_core::integrity::merkle::split_point;

/// Horizontal room per leaf, px.
pub const SLOT: f64 = 52.0;
/// Vertical room per depth, px.
pub const ROW: f64 = 54.0;
/// An inner node's box.
pub const NODE_W: f64 = 46.0;
pub const NODE_H: f64 = 22.0;
/// A leaf's box (block text above its hash).
pub const LEAF_H: f64 = 36.0;
/// Space around the drawing.
pub const MARGIN: f64 = 14.0;
/// Room under the leaves for their index labels.
pub const LABEL_H: f64 = 14.0;

/// One drawn node.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub start: usize,
    pub end: usize,
    pub depth: usize,
    pub x: f64,
    pub y: f64,
    /// The parent's index in the layout (the root has none).
    pub parent: Option<usize>,
}

impl Placed {
    pub fn is_leaf(&self) -> bool {
        self.end - self.start == 1
    }
}

/// The split point of `[start, end)` (for `end - start ≥ 2`).
pub fn middle(start: usize, end: usize) -> usize {
    start + split_point((end - start) as u64) as usize
}

/// How many edges lie between the root and the deepest leaf.
pub fn height(n: usize) -> usize {
    if n <= 1 {
        0
    } else {
        (usize::BITS - (n - 1).leading_zeros()) as usize
    }
}

/// The drawing's width and height for `n` leaves.
pub fn size(n: usize) -> (f64, f64) {
    (
        n.max(1) as f64 * SLOT + 2.0 * MARGIN,
        height(n) as f64 * ROW + LEAF_H + LABEL_H + 2.0 * MARGIN,
    )
}

/// Every node of the tree over `n` leaves, root first, depth first, left
/// first (the diff's visiting order).
pub fn layout(n: usize) -> Vec<Placed> {
    let mut nodes = Vec::with_capacity(2 * n);
    if n > 0 {
        place(0, n, 0, None, height(n), &mut nodes);
    }
    nodes
}

fn place(
    start: usize,
    end: usize,
    depth: usize,
    parent: Option<usize>,
    bottom: usize,
    nodes: &mut Vec<Placed>,
) -> f64 {
    let index = nodes.len();
    let top = MARGIN + NODE_H / 2.0;
    nodes.push(Placed {
        start,
        end,
        depth,
        x: 0.0,
        y: 0.0,
        parent,
    });
    let (x, row) = if end - start == 1 {
        (MARGIN + (start as f64 + 0.5) * SLOT, bottom)
    } else {
        let mid = middle(start, end);
        let left = place(start, mid, depth + 1, Some(index), bottom, nodes);
        let right = place(mid, end, depth + 1, Some(index), bottom, nodes);
        ((left + right) / 2.0, depth)
    };
    let y = if row == bottom && end - start == 1 {
        top + row as f64 * ROW + (LEAF_H - NODE_H) / 2.0
    } else {
        top + row as f64 * ROW
    };
    nodes[index].x = x;
    nodes[index].y = y;
    x
}

/// The subtrees whose hashes form the inclusion proof of leaf `index` in a
/// tree of `n` leaves, deepest first (RFC 6962 §2.1.1), each paired with
/// the subtree on the path that it is the sibling of.
pub fn proof_nodes(index: usize, n: usize) -> Vec<ProofStep> {
    let mut steps = Vec::new();
    let (mut start, mut end) = (0, n);
    while end - start > 1 && index < end {
        let mid = middle(start, end);
        if index < mid {
            steps.push(ProofStep {
                sibling: (mid, end),
                sibling_is_left: false,
            });
            end = mid;
        } else {
            steps.push(ProofStep {
                sibling: (start, mid),
                sibling_is_left: true,
            });
            start = mid;
        }
    }
    steps.reverse();
    steps
}

/// One hash of an inclusion proof.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProofStep {
    /// The leaves `[start, end)` the sibling subtree covers.
    pub sibling: (usize, usize),
    /// Whether the sibling is hashed on the left of the running hash.
    pub sibling_is_left: bool,
}

/// Whether `[start, end)` contains leaf `index` (is on its path to the root).
pub fn on_path(start: usize, end: usize, index: usize) -> bool {
    (start..end).contains(&index)
}
