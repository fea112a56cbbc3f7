//! Operations on a membership structure — the Bloom, cuckoo and quotient
//! filter pages: insert, query or remove one item; the script a run is
//! generated from; and the operations a person added, in a link.
//!
//! A run is the first `kept` operations of the generated script (seeded
//! members inserted, then seeded strangers queried) followed by the
//! operations a person added at the cursor: adding one discards the rest
//! of the run, as [`OpPlayer::push`] does. So a link holds the parameters,
//! `kept` under the page's own key (left out while the whole script is kept
//! and nothing was added), the added operations as
//! `ops=i.cat,q.dog,r.cat` (items in [`encode_item`]'s form), and the step.

use super::item_text::{MAX_ADDED_ITEMS, decode_item, decode_list, encode_item};
use crate::permalink::Query;
use crate::player::{OpPlayer, Replay, Transport};

/// What the item form says about where an operation goes.
pub const ADDED_HINT: &str =
    "The operation is added at the current step; later steps are replaced.";

/// One operation on a membership structure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ItemOp {
    Insert(String),
    Query(String),
    Remove(String),
}

impl ItemOp {
    /// The item the operation is about.
    pub fn item(&self) -> &str {
        match self {
            Self::Insert(item) | Self::Query(item) | Self::Remove(item) => item,
        }
    }

    /// The operation in a link: `i.ITEM`, `q.ITEM` or `r.ITEM`.
    pub fn encode(&self) -> String {
        let kind = match self {
            Self::Insert(_) => 'i',
            Self::Query(_) => 'q',
            Self::Remove(_) => 'r',
        };
        format!("{kind}.{}", encode_item(self.item()))
    }

    /// Reads [`ItemOp::encode`]'s form, and `d.ITEM`, the filter pages'
    /// earlier spelling of a removal.
    pub fn decode(text: &str) -> Option<Self> {
        let (kind, item) = text.split_once('.')?;
        let item = decode_item(item)?;
        match kind {
            "i" => Some(Self::Insert(item)),
            "q" => Some(Self::Query(item)),
            "r" | "d" => Some(Self::Remove(item)),
            _ => None,
        }
    }
}

/// The generated script: every member inserted, then every stranger queried.
pub fn script(members: Vec<String>, strangers: Vec<String>) -> Vec<ItemOp> {
    members
        .into_iter()
        .map(ItemOp::Insert)
        .chain(strangers.into_iter().map(ItemOp::Query))
        .collect()
}

/// Operations for a link, joined by commas.
pub fn encode_ops(ops: &[ItemOp]) -> String {
    ops.iter().map(ItemOp::encode).collect::<Vec<_>>().join(",")
}

/// Reads comma-separated operations (see [`decode_list`]).
pub fn decode_ops(text: &str) -> (Vec<ItemOp>, Vec<String>) {
    decode_list(
        text,
        "ops",
        "i.ITEM, q.ITEM or r.ITEM with a valid item",
        |entry, _| ItemOp::decode(entry),
    )
}

/// Where a run leaves its generated script: the first `kept` operations,
/// then the ones a person added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fork {
    pub kept: usize,
    pub added: Vec<ItemOp>,
}

impl Fork {
    /// How `ops` is `script` cut short and added to.
    pub fn of(script: &[ItemOp], ops: &[ItemOp]) -> Self {
        let kept = script.iter().zip(ops).take_while(|(a, b)| a == b).count();
        Self {
            kept,
            added: ops[kept..].to_vec(),
        }
    }

    /// The whole run.
    pub fn ops(&self, mut script: Vec<ItemOp>) -> Vec<ItemOp> {
        script.truncate(self.kept);
        script.extend(self.added.iter().cloned());
        script
    }

    /// Reads `kept` from `key` and the added operations from `ops`; each
    /// bad value is noted in `query` and replaced (the whole script) or
    /// skipped.
    pub fn read(query: &mut Query, key: &str, script_len: usize) -> Self {
        let kept = query.number(
            key,
            script_len,
            |k| *k <= script_len,
            &format!("a count of generated operations from 0 to {script_len}"),
        );
        let (added, mut problems) = decode_ops(query.raw("ops").unwrap_or(""));
        query.problems.append(&mut problems);
        Self { kept, added }
    }

    /// The link pairs that give this fork of a script of `script_len`
    /// operations: none for the untouched script.
    pub fn pairs(&self, key: &'static str, script_len: usize) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if self.kept != script_len || !self.added.is_empty() {
            pairs.push((key, self.kept.to_string()));
        }
        if !self.added.is_empty() {
            pairs.push(("ops", encode_ops(&self.added)));
        }
        pairs
    }
}

/// Adds `op` at the cursor of a run generated from `script`, unless the
/// run already holds [`MAX_ADDED_ITEMS`] added operations before it; the
/// error is a sentence for the person adding it.
pub fn push_added<M: Replay<Op = ItemOp>>(
    player: &mut OpPlayer<M>,
    script: &[ItemOp],
    op: ItemOp,
) -> Result<(), String> {
    let before_cursor = &player.ops()[..player.step_index() as usize];
    if Fork::of(script, before_cursor).added.len() >= MAX_ADDED_ITEMS {
        return Err(format!(
            "This run already has {MAX_ADDED_ITEMS} added operations; start a new run to add more."
        ));
    }
    player.push(op);
    Ok(())
}
