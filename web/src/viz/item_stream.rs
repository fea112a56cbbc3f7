//! The item streams of the counting sketches (HyperLogLog, Count-Min): a
//! stream generated from the seed, with the items a person typed inserted
//! at the positions where they typed them.
//!
//! Typing an item at step *s* inserts it as operation *s* + 1 and shifts the
//! rest of the generated stream one place later, so the stream goes on
//! after it (unlike [`OpPlayer::push`], which discards the future). A
//! permalink therefore holds only the seed, the parameters, and the typed
//! items with their positions: `typed=3:apple,10:pear~20tree` (items in
//! [`encode_item`]'s form).

use super::item_text::{check_item, decode_item, decode_list, encode_item};
use crate::permalink::Query;
use crate::player::{OpPlayer, Replay, Transport};

/// What the item form says about where a typed item goes.
pub const TYPED_HINT: &str =
    "It is added after the step shown; the generated stream goes on after it.";

/// One operation of a sketch page: add this item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamItem {
    pub item: String,
    /// Typed by a person rather than generated from the seed.
    pub typed: bool,
}

/// The generated items with the typed ones inserted: typed item `(i, x)`
/// becomes operation `i` of the result. Positions past the end append.
pub fn merge(generated: Vec<String>, typed: &[(usize, String)]) -> Vec<StreamItem> {
    let mut out = Vec::with_capacity(generated.len() + typed.len());
    let mut typed = typed.iter().peekable();
    let mut generated = generated.into_iter();
    loop {
        if let Some((_, item)) = typed.next_if(|(at, _)| *at <= out.len()) {
            out.push(StreamItem {
                item: item.clone(),
                typed: true,
            });
        } else if let Some(item) = generated.next() {
            out.push(StreamItem { item, typed: false });
        } else if let Some((_, item)) = typed.next() {
            out.push(StreamItem {
                item: item.clone(),
                typed: true,
            });
        } else {
            return out;
        }
    }
}

/// The typed items of `ops` with their positions (the inverse of [`merge`]).
pub fn typed_positions(ops: &[StreamItem]) -> Vec<(usize, String)> {
    ops.iter()
        .enumerate()
        .filter(|(_, op)| op.typed)
        .map(|(at, op)| (at, op.item.clone()))
        .collect()
}

/// `3:apple,10:pear~20tree`.
pub fn encode_typed(typed: &[(usize, String)]) -> String {
    typed
        .iter()
        .map(|(at, item)| format!("{at}:{}", encode_item(item)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads [`encode_typed`]'s form (see [`decode_list`]); positions must rise.
pub fn decode_typed(text: &str) -> (Vec<(usize, String)>, Vec<String>) {
    decode_list(
        text,
        "typed",
        "POSITION:ITEM with rising positions",
        |entry, typed: &[(usize, String)]| {
            let (at, item) = entry.split_once(':')?;
            let at = at.parse::<usize>().ok()?;
            let item = decode_item(item).or_else(|| legacy_item(item))?;
            let rises = typed.last().is_none_or(|(last, _)| at > *last);
            rises.then_some((at, item))
        },
    )
}

/// An item of a link written before items took the `~XX` form: those were
/// percent-encoded (the query has decoded them already) and kept `~` as it
/// is, so one whose `~` is not an escape is taken as written.
fn legacy_item(text: &str) -> Option<String> {
    check_item(text).ok().filter(|item| item == text)
}

/// The `typed` key of a link; its problems are noted in `query`.
pub fn read_typed(query: &mut Query) -> Vec<(usize, String)> {
    let (typed, mut problems) = decode_typed(query.raw("typed").unwrap_or(""));
    query.problems.append(&mut problems);
    typed
}

/// The `typed` pair of a link, when something was typed.
pub fn typed_pair(typed: &[(usize, String)]) -> Option<(&'static str, String)> {
    (!typed.is_empty()).then(|| ("typed", encode_typed(typed)))
}

/// A player whose operations are `player`'s with `item` inserted at the
/// cursor, positioned just after it (same speed, paused).
pub fn insert_typed<M: Replay<Op = StreamItem>>(
    player: &OpPlayer<M>,
    initial: M,
    rate: f64,
    item: String,
) -> OpPlayer<M> {
    let at = player.step_index() as usize;
    let mut ops = player.ops().to_vec();
    ops.insert(at.min(ops.len()), StreamItem { item, typed: true });
    let mut fresh = OpPlayer::new(initial, ops, rate);
    fresh.set_speed_log10(player.speed_log10());
    fresh.seek(at as u64 + 1);
    fresh
}
