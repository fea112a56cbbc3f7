//! What an item is on the sketch pages (Bloom, cuckoo, quotient,
//! HyperLogLog, Count-Min), how one is written in a link, and how a link
//! reads a list of entries holding them.
//!
//! An item is any text of 1 to [`MAX_ITEM_CHARS`] characters with no white
//! space at either end. In a link it keeps ASCII letters, digits, `-`, `_`
//! and `.` as they are and writes every other byte of its UTF-8 as `~XX`
//! (two upper-case hex digits). The result needs no escaping in a query
//! string, survives the query's own percent-decoding untouched, and holds
//! no `,` or `:`, which the lists around it use as separators:
//! `hello, world` is `hello~2C~20world`.

/// The longest item accepted, in characters.
pub const MAX_ITEM_CHARS: usize = 64;

/// The most items (or operations on items) a person may add to one run,
/// so that a link stays a link.
pub const MAX_ADDED_ITEMS: usize = 1000;

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

/// The link form of an item (see the module docs).
pub fn encode_item(item: &str) -> String {
    let mut out = String::with_capacity(item.len());
    for byte in item.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("~{byte:02X}"));
        }
    }
    out
}

/// Reads [`encode_item`]'s form; `None` for a bad escape, bytes that are
/// not UTF-8, or an item that [`check_item`] refuses or would change.
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
    check_item(&item).ok().filter(|checked| *checked == item)
}

/// Reads the comma-separated entries of the link value `key`, each with
/// `parse` (which sees the entries read so far), at most
/// [`MAX_ADDED_ITEMS`] of them. Each entry `parse` refuses is left out with
/// a sentence saying it is not `expect`.
pub fn decode_list<T>(
    text: &str,
    key: &str,
    expect: &str,
    mut parse: impl FnMut(&str, &[T]) -> Option<T>,
) -> (Vec<T>, Vec<String>) {
    let mut entries = Vec::new();
    let mut problems = Vec::new();
    for entry in text.split(',').filter(|e| !e.is_empty()) {
        if entries.len() == MAX_ADDED_ITEMS {
            problems.push(format!(
                "'{key}' holds more than {MAX_ADDED_ITEMS} entries; the rest are left out"
            ));
            break;
        }
        match parse(entry, &entries) {
            Some(value) => entries.push(value),
            None => problems.push(format!("'{key}' entry '{entry}' is not {expect}; left out")),
        }
    }
    (entries, problems)
}
