//! Items and operations: what a person types, what the seed generates, and
//! how both are written into a link.
//!
//! Items are short words of letters, digits, `-`, `_` and `.`, so a link
//! holds them as they are. Operations are `i.ITEM` (insert), `q.ITEM`
//! (query) and `d.ITEM` (delete), joined by commas.

use dsviz_core::sketch::hashing::splitmix64;
use std::collections::BTreeSet;

/// The longest item accepted, in characters.
pub const MAX_ITEM_LEN: usize = 24;

/// One operation on a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterOp {
    Insert(String),
    Query(String),
    Delete(String),
}

impl FilterOp {
    /// The item the operation is about.
    pub fn item(&self) -> &str {
        match self {
            Self::Insert(item) | Self::Query(item) | Self::Delete(item) => item,
        }
    }
}

/// Checks a typed item: trimmed, not empty, at most [`MAX_ITEM_LEN`]
/// characters of letters, digits, `-`, `_` and `.`. The error is a sentence
/// for the person who typed it.
pub fn check_item(text: &str) -> Result<String, String> {
    let item = text.trim();
    if item.is_empty() {
        return Err("Type an item first.".into());
    }
    let length = item.chars().count();
    if length > MAX_ITEM_LEN {
        return Err(format!(
            "That item is {length} characters long; items are at most {MAX_ITEM_LEN}."
        ));
    }
    if let Some(bad) = item.chars().find(|c| !is_item_char(*c)) {
        return Err(format!(
            "Items may use letters, digits, '-', '_' and '.', not '{bad}'."
        ));
    }
    Ok(item.to_string())
}

fn is_item_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')
}

const WORDS: [&str; 24] = [
    "ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen", "ibis", "jay", "kiwi", "lynx", "mole",
    "newt", "owl", "pig", "quail", "rat", "seal", "toad", "urial", "vole", "wren", "yak",
];

/// The `index`-th word of a seeded stream: a word and a number, e.g. `fox-417`.
fn word(seed: u64, stream: u64, index: u64) -> String {
    let h = splitmix64(splitmix64(seed ^ stream.rotate_left(32)) ^ index);
    let name = WORDS[(h % WORDS.len() as u64) as usize];
    format!("{name}-{}", (h >> 32) % 1000)
}

/// `count` distinct items to insert, from `seed`.
pub fn member_items(seed: u64, count: usize) -> Vec<String> {
    distinct(seed, 1, count, &BTreeSet::new())
}

/// `count` distinct items that are not in `members`, from `seed`.
pub fn non_member_items(seed: u64, count: usize, members: &[String]) -> Vec<String> {
    let taken: BTreeSet<&str> = members.iter().map(String::as_str).collect();
    distinct(seed, 2, count, &taken)
}

fn distinct(seed: u64, stream: u64, count: usize, taken: &BTreeSet<&str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(count);
    // 24 000 names exist; the pages ask for a few hundred, so this ends fast.
    let mut index = 0;
    while out.len() < count && index < 64 * (count as u64 + 16) {
        let item = word(seed, stream, index);
        index += 1;
        if !taken.contains(item.as_str()) && seen.insert(item.clone()) {
            out.push(item);
        }
    }
    out
}

/// Writes operations for a link.
pub fn encode_ops(ops: &[FilterOp]) -> String {
    ops.iter()
        .map(|op| match op {
            FilterOp::Insert(item) => format!("i.{item}"),
            FilterOp::Query(item) => format!("q.{item}"),
            FilterOp::Delete(item) => format!("d.{item}"),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads operations from a link; each unreadable entry is skipped and named
/// in a problem sentence.
pub fn decode_ops(text: &str) -> (Vec<FilterOp>, Vec<String>) {
    let mut ops = Vec::new();
    let mut problems = Vec::new();
    for part in text.split(',').filter(|p| !p.is_empty()) {
        let op = part.split_once('.').and_then(|(kind, item)| {
            let item = check_item(item).ok().filter(|i| i == item)?;
            match kind {
                "i" => Some(FilterOp::Insert(item)),
                "q" => Some(FilterOp::Query(item)),
                "d" => Some(FilterOp::Delete(item)),
                _ => None,
            }
        });
        match op {
            Some(op) => ops.push(op),
            None => problems.push(format!(
                "'{part}' in 'ops' is not an operation (i.ITEM, q.ITEM or d.ITEM with a valid item); skipped"
            )),
        }
    }
    (ops, problems)
}
