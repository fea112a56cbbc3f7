//! Items: the made-up words a default run inserts and asks about, the
//! checks on an item a person types, and an item's text form in a URL.
//!
//! Generated words come from SplitMix64 over the seed and the word's
//! number, so the same seed names the same words on every platform.

use dsviz_core::sketch::hashing::splitmix64;
use std::collections::BTreeSet;

/// The longest item accepted, in characters.
pub const MAX_ITEM_CHARS: usize = 64;

const ONSETS: [&str; 16] = [
    "b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh",
];
const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ou"];

/// Which sequence of words: the members a run inserts or the strangers it
/// asks about.
#[derive(Clone, Copy)]
enum Stream {
    Members = 1,
    Strangers = 2,
}

/// Word number `index` of `stream` under `seed`: two or three syllables.
fn word(seed: u64, stream: Stream, index: u64) -> String {
    let mut state = splitmix64(seed ^ splitmix64((stream as u64) << 32 ^ index));
    let mut next = || {
        state = splitmix64(state);
        state
    };
    let syllables = 2 + next() % 2;
    let mut out = String::new();
    for _ in 0..syllables {
        let r = next();
        out.push_str(ONSETS[(r % ONSETS.len() as u64) as usize]);
        out.push_str(VOWELS[(r / 16 % VOWELS.len() as u64) as usize]);
    }
    out
}

/// `count` distinct words of `stream`, none of them in `avoid`.
fn distinct_words(
    seed: u64,
    stream: Stream,
    count: usize,
    avoid: &BTreeSet<String>,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::with_capacity(count);
    // Collisions are rare (about 900,000 words); the cap only guards the loop.
    let cap = count as u64 * 100 + 1_000;
    let mut index = 0;
    while out.len() < count && index < cap {
        let w = word(seed, stream, index);
        index += 1;
        if !avoid.contains(&w) && seen.insert(w.clone()) {
            out.push(w);
        }
    }
    out
}

/// The `n` items a default run inserts.
pub fn members(seed: u64, n: usize) -> Vec<String> {
    distinct_words(seed, Stream::Members, n, &BTreeSet::new())
}

/// `count` items that are not among `members`, for the run's queries.
pub fn strangers(seed: u64, count: usize, members: &[String]) -> Vec<String> {
    let avoid: BTreeSet<String> = members.iter().cloned().collect();
    distinct_words(seed, Stream::Strangers, count, &avoid)
}

/// An item as typed, trimmed; or a sentence saying why it cannot be used.
pub fn check_item(text: &str) -> Result<String, String> {
    let item = text.trim();
    let chars = item.chars().count();
    if chars == 0 {
        Err("Type an item first.".into())
    } else if chars > MAX_ITEM_CHARS {
        Err(format!(
            "An item may have at most {MAX_ITEM_CHARS} characters; this one has {chars}."
        ))
    } else {
        Ok(item.to_string())
    }
}

/// The URL form of an item: letters, digits, `-`, `_` and `.` as they are,
/// every other byte of its UTF-8 as `~XX`. The result needs no further
/// escaping in a query string and contains no `,`.
pub fn encode_item(item: &str) -> String {
    let mut out = String::with_capacity(item.len());
    for byte in item.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("~{byte:02X}"));
        }
    }
    out
}

/// Reads [`encode_item`]'s form; `None` for a bad escape, bytes that are
/// not UTF-8, or an item that [`check_item`] refuses.
pub fn decode_item(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'~' {
            let hex = text.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let item = String::from_utf8(out).ok()?;
    match check_item(&item) {
        Ok(checked) if checked == item => Some(item),
        _ => None,
    }
}
