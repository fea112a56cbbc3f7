//! The item streams of the sketch pages: a stream generated from the seed,
//! with the items a person typed inserted at the positions where they typed
//! them.
//!
//! Typing an item at step *s* inserts it as operation *s* + 1 and shifts the
//! rest of the generated stream one place later, so the stream goes on
//! after it (unlike [`OpPlayer::push`], which discards the future). A
//! permalink therefore holds only the seed, the parameters, and the typed
//! items with their positions: `typed=3:apple,10:pear` (percent-encoded).

use crate::player::{OpPlayer, Replay, Transport};

/// The longest item a person may type, in characters.
pub const MAX_ITEM_CHARS: usize = 40;
/// The most typed items a link may hold.
pub const MAX_TYPED: usize = 200;

/// One operation of a sketch page: add this item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StreamItem {
    pub item: String,
    /// Typed by a person rather than generated from the seed.
    pub typed: bool,
}

/// Checks a typed item: trimmed, 1 to [`MAX_ITEM_CHARS`] characters, no
/// commas (they separate items in links) and no control characters.
pub fn validate_item(text: &str) -> Result<String, String> {
    let item = text.trim();
    if item.is_empty() {
        return Err("Type an item first".into());
    }
    if item.chars().count() > MAX_ITEM_CHARS {
        return Err(format!(
            "An item may have at most {MAX_ITEM_CHARS} characters"
        ));
    }
    if item.contains(',') || item.chars().any(char::is_control) {
        return Err("An item may not contain commas or control characters".into());
    }
    Ok(item.to_string())
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

/// `3:apple,10:pear`, each item percent-encoded.
pub fn encode_typed(typed: &[(usize, String)]) -> String {
    typed
        .iter()
        .map(|(at, item)| format!("{at}:{}", percent_encode(item)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads `3:apple,10:pear` (already percent-decoded). Positions must rise;
/// each bad entry is dropped with a sentence saying why.
pub fn decode_typed(text: &str) -> (Vec<(usize, String)>, Vec<String>) {
    let mut typed: Vec<(usize, String)> = Vec::new();
    let mut problems = Vec::new();
    for entry in text.split(',').filter(|e| !e.is_empty()) {
        if typed.len() == MAX_TYPED {
            problems.push(format!(
                "'typed' holds more than {MAX_TYPED} items; the rest are left out"
            ));
            break;
        }
        let parsed = entry.split_once(':').and_then(|(at, item)| {
            let at = at.parse::<usize>().ok()?;
            let item = validate_item(item).ok()?;
            let rises = typed.last().is_none_or(|(last, _)| at > *last);
            rises.then_some((at, item))
        });
        match parsed {
            Some(pair) => typed.push(pair),
            None => problems.push(format!(
                "'typed' entry '{entry}' is not POSITION:ITEM with rising positions; left out"
            )),
        }
    }
    (typed, problems)
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~`.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
