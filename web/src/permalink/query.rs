//! A URL query string as ordered key/value pairs, with typed, forgiving
//! readers that collect problems instead of failing.

use std::fmt::Write;
use std::str::FromStr;

/// Decoded `key=value` pairs plus the problems met while reading them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pairs: Vec<(String, String)>,
    /// One sentence per value that could not be used.
    pub problems: Vec<String>,
}

impl Query {
    /// Parses `?a=1&b=2` (the leading `?` is optional).
    pub fn parse(search: &str) -> Self {
        let pairs = search
            .trim_start_matches('?')
            .split('&')
            .filter(|part| !part.is_empty())
            .map(|part| {
                let (key, value) = part.split_once('=').unwrap_or((part, ""));
                (percent_decode(key), percent_decode(value))
            })
            .collect();
        Self {
            pairs,
            problems: Vec::new(),
        }
    }

    /// The raw value of `key`, if present.
    pub fn raw(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `key` is present and not "0" or "false".
    pub fn flag(&self, key: &str) -> bool {
        self.raw(key).is_some_and(|v| v != "0" && v != "false")
    }

    /// `key` read as `T` within `valid`; otherwise `default`, with a problem
    /// noted when the key was present.
    pub fn number<T>(
        &mut self,
        key: &str,
        default: T,
        valid: impl Fn(&T) -> bool,
        expect: &str,
    ) -> T
    where
        T: FromStr + Copy,
    {
        let Some(text) = self.raw(key).map(str::to_owned) else {
            return default;
        };
        match text.parse::<T>() {
            Ok(value) if valid(&value) => value,
            _ => {
                self.problems
                    .push(format!("'{key}={text}' is not {expect}; using the default"));
                default
            }
        }
    }

    /// `key` read as "MIN-MAX" (or one number) within `valid`.
    pub fn range(
        &mut self,
        key: &str,
        default: (f64, f64),
        valid: impl Fn(f64, f64) -> bool,
        expect: &str,
    ) -> (f64, f64) {
        let Some(text) = self.raw(key).map(str::to_owned) else {
            return default;
        };
        let (low, high) = text.split_once('-').unwrap_or((&text, &text));
        match (low.parse::<f64>(), high.parse::<f64>()) {
            (Ok(low), Ok(high))
                if low.is_finite() && high.is_finite() && low <= high && valid(low, high) =>
            {
                (low, high)
            }
            _ => {
                self.problems
                    .push(format!("'{key}={text}' is not {expect}; using the default"));
                default
            }
        }
    }
}

/// Builds a query string from pairs (values are written as given; callers
/// use URL-safe text).
pub fn build(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (key, value) in pairs {
        let _ = write!(
            out,
            "{}{key}={value}",
            if out.is_empty() { '?' } else { '&' }
        );
    }
    out
}

/// Decodes `%XX` escapes and `+`; an invalid escape is kept as text.
fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| Some(hex(*bytes.get(i + 1)?)? * 16 + hex(*bytes.get(i + 2)?)?))
            .flatten();
        match (bytes[i], escaped) {
            (_, Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                i += 1;
            }
            (byte, None) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
