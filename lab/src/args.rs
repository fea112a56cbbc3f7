//! A small, strict parser for `--key value` arguments.
//!
//! Every failure names the argument that was wrong, so the CLI can print a
//! one-line error and exit with code 2 instead of panicking.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

/// A user error in the command line; printed as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgError(pub String);

impl fmt::Display for ArgError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Parsed `--key value` pairs; each key must be consumed exactly once.
#[derive(Debug, Default)]
pub struct Args {
    values: BTreeMap<String, String>,
}

impl Args {
    /// Parses `--key value` pairs. A bare word or a repeated key is an error.
    pub fn parse(raw: &[String]) -> Result<Self, ArgError> {
        let mut values = BTreeMap::new();
        let mut iter = raw.iter();
        while let Some(word) = iter.next() {
            let Some(key) = word.strip_prefix("--") else {
                return Err(ArgError(format!(
                    "unexpected argument '{word}': expected --key value"
                )));
            };
            let Some(value) = iter.next() else {
                return Err(ArgError(format!("--{key} needs a value")));
            };
            if values.insert(key.to_string(), value.clone()).is_some() {
                return Err(ArgError(format!("--{key} is given twice")));
            }
        }
        Ok(Self { values })
    }

    /// An optional value of type `T`.
    pub fn optional<T: FromStr>(&mut self, key: &str) -> Result<Option<T>, ArgError> {
        match self.values.remove(key) {
            None => Ok(None),
            Some(text) => text.parse().map(Some).map_err(|_| {
                ArgError(format!(
                    "--{key}: cannot read '{text}' as {}",
                    type_label::<T>()
                ))
            }),
        }
    }

    /// A value of type `T`, or `default` when absent.
    pub fn get_or<T: FromStr>(&mut self, key: &str, default: T) -> Result<T, ArgError> {
        Ok(self.optional(key)?.unwrap_or(default))
    }

    /// A value that must be present.
    pub fn required<T: FromStr>(&mut self, key: &str) -> Result<T, ArgError> {
        self.optional(key)?
            .ok_or_else(|| ArgError(format!("--{key} is required")))
    }

    /// A raw string value, if present.
    pub fn text(&mut self, key: &str) -> Option<String> {
        self.values.remove(key)
    }

    /// Fails on any key that no experiment consumed.
    pub fn finish(self) -> Result<(), ArgError> {
        match self.values.keys().next() {
            None => Ok(()),
            Some(key) => Err(ArgError(format!("unknown argument --{key}"))),
        }
    }
}

fn type_label<T>() -> &'static str {
    let name = std::any::type_name::<T>();
    match name {
        "f64" | "f32" => "a number",
        "u8" | "u16" | "u32" | "u64" | "usize" => "a non-negative integer",
        _ => name,
    }
}

/// Checks a condition about an argument, naming it on failure.
pub fn ensure(ok: bool, key: &str, what: &str) -> Result<(), ArgError> {
    if ok {
        Ok(())
    } else {
        Err(ArgError(format!("--{key}: {what}")))
    }
}

/// A core error about parameter `invalid` (its name and the reason),
/// reported under the flag that set it: `flags` pairs each core parameter
/// name with its CLI flag. Any other error reads as the core wrote it.
pub fn flag_error(
    invalid: Option<(&str, &str)>,
    otherwise: impl fmt::Display,
    flags: &[(&str, &str)],
) -> ArgError {
    if let Some((name, reason)) = invalid
        && let Some((_, flag)) = flags.iter().find(|(param, _)| *param == name)
    {
        return ArgError(format!("--{flag}: {reason}"));
    }
    ArgError(otherwise.to_string())
}

/// Milliseconds, as given on the command line, in simulated time.
pub fn ms_to_time(ms: f64) -> dsviz_core::sim::Time {
    (ms * 1000.0).round() as dsviz_core::sim::Time
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(list: &[&str]) -> Vec<String> {
        list.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn reads_values_and_rejects_leftovers() {
        let mut args = Args::parse(&words(&["--seeds", "10", "--x", "1"])).unwrap();
        assert_eq!(args.required::<u64>("seeds").unwrap(), 10);
        assert_eq!(args.finish().unwrap_err().0, "unknown argument --x");
    }

    #[test]
    fn errors_name_the_argument() {
        let mut args = Args::parse(&words(&["--seeds", "ten"])).unwrap();
        let err = args.required::<u64>("seeds").unwrap_err();
        assert!(err.0.starts_with("--seeds"), "{err}");
        assert!(
            Args::parse(&words(&["--seeds"]))
                .unwrap_err()
                .0
                .contains("--seeds")
        );
        assert!(Args::parse(&words(&["seeds"])).is_err());
        assert!(Args::parse(&words(&["--a", "1", "--a", "2"])).is_err());
    }
}
