//! A protocol's parameters as a schema: the simulation page generates its
//! form and its URL parser from it, so an adapter only lists what it has.
//!
//! Every page has a seed; everything else is a [`ParamSpec`]: a key (the
//! URL name and the form field's test id), a label, a kind with its bounds,
//! a default and the words a bad value is explained with. Values are kept in
//! schema order in [`ParamValues`].

use crate::permalink::Query;
use dsviz_core::sim::Time;

/// What kind of value a parameter holds, with its bounds (inclusive).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    /// A whole number, drawn as a drop-down of every value in range.
    Count { min: u32, max: u32 },
    /// A number, drawn as a number field.
    Number { min: f64, max: f64 },
    /// A range "MIN-MAX" (or one number for both), drawn as two number
    /// fields with test ids `{key}-min` and `{key}-max`.
    Range { min: f64, max: f64 },
}

/// A value of some [`ParamKind`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamValue {
    Number(f64),
    Range(f64, f64),
}

/// One parameter of a protocol's page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// URL key and form test id, e.g. `"nodes"`.
    pub key: &'static str,
    /// Form label, e.g. `"Servers"`.
    pub label: &'static str,
    pub kind: ParamKind,
    pub default: ParamValue,
    /// What a valid value is, for messages: "a node count from 3 to 9".
    pub expect: &'static str,
}

impl ParamSpec {
    /// A whole number from `min` to `max` (`nodes=5`).
    pub const fn count(
        key: &'static str,
        label: &'static str,
        (min, max): (u32, u32),
        default: u32,
        expect: &'static str,
    ) -> Self {
        Self {
            key,
            label,
            kind: ParamKind::Count { min, max },
            default: ParamValue::Number(default as f64),
            expect,
        }
    }

    /// A number from `min` to `max` (`backoff=60`).
    pub const fn number(
        key: &'static str,
        label: &'static str,
        (min, max): (f64, f64),
        default: f64,
        expect: &'static str,
    ) -> Self {
        Self {
            key,
            label,
            kind: ParamKind::Number { min, max },
            default: ParamValue::Number(default),
            expect,
        }
    }

    /// Whether `value` is of this spec's kind and within its bounds.
    pub fn accepts(&self, value: ParamValue) -> bool {
        match (self.kind, value) {
            (ParamKind::Count { min, max }, ParamValue::Number(v)) => {
                v.fract() == 0.0 && v >= f64::from(min) && v <= f64::from(max)
            }
            (ParamKind::Number { min, max }, ParamValue::Number(v)) => {
                v.is_finite() && v >= min && v <= max
            }
            (ParamKind::Range { min, max }, ParamValue::Range(low, high)) => {
                low.is_finite() && high.is_finite() && min <= low && low <= high && high <= max
            }
            _ => false,
        }
    }

    /// The value as URL text: `5`, `0.1`, `150-300` (one number when equal).
    pub fn format(value: ParamValue) -> String {
        match value {
            ParamValue::Number(v) => format!("{v}"),
            ParamValue::Range(low, high) if low == high => format!("{low}"),
            ParamValue::Range(low, high) => format!("{low}-{high}"),
        }
    }

    /// Reads this parameter from `query`, noting a problem and using the
    /// default when the value is present but unusable.
    fn read(&self, query: &mut Query) -> ParamValue {
        let Some(text) = query.raw(self.key).map(str::to_owned) else {
            return self.default;
        };
        let parsed = match self.kind {
            ParamKind::Count { .. } | ParamKind::Number { .. } => {
                text.parse::<f64>().ok().map(ParamValue::Number)
            }
            ParamKind::Range { .. } => {
                let (low, high) = text.split_once('-').unwrap_or((&text, &text));
                match (low.parse::<f64>(), high.parse::<f64>()) {
                    (Ok(low), Ok(high)) => Some(ParamValue::Range(low, high)),
                    _ => None,
                }
            }
        };
        match parsed {
            Some(value) if self.accepts(value) => value,
            _ => {
                query.problems.push(format!(
                    "'{}={text}' is not {}; using the default",
                    self.key, self.expect
                ));
                self.default
            }
        }
    }
}

/// The seed and one value per [`ParamSpec`], in schema order.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamValues {
    pub seed: u64,
    specs: &'static [ParamSpec],
    values: Vec<ParamValue>,
}

impl ParamValues {
    /// Every parameter at its default, with seed 1.
    pub fn defaults(specs: &'static [ParamSpec]) -> Self {
        Self {
            seed: 1,
            specs,
            values: specs.iter().map(|s| s.default).collect(),
        }
    }

    /// Reads the seed and every parameter from `query` (problems go to
    /// `query.problems`).
    pub fn from_query(specs: &'static [ParamSpec], query: &mut Query) -> Self {
        let seed = query.number("seed", 1u64, |_| true, "a whole number");
        Self {
            seed,
            specs,
            values: specs.iter().map(|s| s.read(query)).collect(),
        }
    }

    /// `seed=…` then each parameter, in schema order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("seed", self.seed.to_string())];
        pairs.extend(
            self.specs
                .iter()
                .zip(&self.values)
                .map(|(spec, &value)| (spec.key, ParamSpec::format(value))),
        );
        pairs
    }

    pub fn specs(&self) -> &'static [ParamSpec] {
        self.specs
    }

    fn slot(&self, key: &str) -> Option<usize> {
        self.specs.iter().position(|s| s.key == key)
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<ParamValue> {
        self.slot(key).map(|i| self.values[i])
    }

    /// A number parameter (a range gives its lower end); `fallback` when
    /// the schema has no such key.
    pub fn number(&self, key: &str, fallback: f64) -> f64 {
        match self.get(key) {
            Some(ParamValue::Number(v)) | Some(ParamValue::Range(v, _)) => v,
            None => fallback,
        }
    }

    /// A count parameter as `usize`.
    pub fn count(&self, key: &str, fallback: usize) -> usize {
        let v = self.number(key, fallback as f64);
        if v.is_finite() && v >= 0.0 {
            v as usize
        } else {
            fallback
        }
    }

    /// A number parameter in milliseconds, as simulated time.
    pub fn millis(&self, key: &str, fallback_ms: f64) -> Time {
        ms_to_time(self.number(key, fallback_ms))
    }

    /// A range parameter in milliseconds, as simulated times.
    pub fn millis_range(&self, key: &str, fallback_ms: (f64, f64)) -> (Time, Time) {
        let (low, high) = self.range(key, fallback_ms);
        (ms_to_time(low), ms_to_time(high))
    }

    /// A range parameter (a number gives `(v, v)`).
    pub fn range(&self, key: &str, fallback: (f64, f64)) -> (f64, f64) {
        match self.get(key) {
            Some(ParamValue::Range(low, high)) => (low, high),
            Some(ParamValue::Number(v)) => (v, v),
            None => fallback,
        }
    }

    /// Sets `key` to `value` if the schema accepts it; returns whether it did.
    pub fn set(&mut self, key: &str, value: ParamValue) -> bool {
        match self.slot(key) {
            Some(i) if self.specs[i].accepts(value) => {
                self.values[i] = value;
                true
            }
            _ => false,
        }
    }
}

/// The network parameters every protocol page may list, with the keys the
/// kit reads when it builds the network.
/// Milliseconds (a form's unit) as simulated time (microseconds).
pub fn ms_to_time(ms: f64) -> Time {
    (ms * 1000.0).round() as Time
}

/// The timing of protocols with a leader kept by heartbeats (Raft, Multi-Paxos): a randomized
/// election timeout, and a heartbeat that must be shorter than the shortest timeout.
pub mod leader_timing {
    use super::{ParamKind, ParamSpec, ParamValue, ParamValues, Time};
    const DEFAULT_TIMEOUT_MS: (f64, f64) = (150.0, 300.0);
    const DEFAULT_HEARTBEAT_MS: f64 = 50.0;

    /// `timeout=MIN-MAX`, the election timeout range in milliseconds.
    pub const TIMEOUT: ParamSpec = ParamSpec {
        key: "timeout",
        label: "Election timeout (ms)",
        kind: ParamKind::Range {
            min: 10.0,
            max: 10_000.0,
        },
        default: ParamValue::Range(DEFAULT_TIMEOUT_MS.0, DEFAULT_TIMEOUT_MS.1),
        expect: "a range MIN-MAX of milliseconds between 10 and 10000",
    };

    /// `heartbeat=MS`, the leader's heartbeat interval.
    pub const HEARTBEAT: ParamSpec = ParamSpec::number(
        "heartbeat",
        "Heartbeat (ms)",
        (1.0, 10_000.0),
        DEFAULT_HEARTBEAT_MS,
        "a heartbeat of at least 1 ms",
    );

    /// The election timeout range and the heartbeat of `values`, as simulated times.
    pub struct Timing {
        pub election_min: Time,
        pub election_max: Time,
        pub heartbeat: Time,
    }

    /// The timing `values` asks for (the specs' defaults where it has none).
    pub fn of(values: &ParamValues) -> Timing {
        let (election_min, election_max) = values.millis_range(TIMEOUT.key, DEFAULT_TIMEOUT_MS);
        Timing {
            election_min,
            election_max,
            heartbeat: values.millis(HEARTBEAT.key, DEFAULT_HEARTBEAT_MS),
        }
    }

    /// Lowers a heartbeat that is not below the shortest election timeout to a third of it
    /// (followers would otherwise time out between heartbeats), and says so.
    pub fn reconcile(values: &mut ParamValues) -> Vec<String> {
        let (timeout_min, _) = values.range(TIMEOUT.key, DEFAULT_TIMEOUT_MS);
        let heartbeat = values.number(HEARTBEAT.key, DEFAULT_HEARTBEAT_MS);
        if heartbeat < timeout_min {
            return Vec::new();
        }
        let fixed = (timeout_min / 3.0).floor().max(1.0);
        values.set(HEARTBEAT.key, ParamValue::Number(fixed));
        vec![format!(
            "'heartbeat={heartbeat}' is not below the minimum election timeout ({timeout_min} ms); using {fixed}"
        )]
    }
}

pub mod network {
    use super::{ParamKind, ParamSpec, ParamValue};

    /// `latency=MIN-MAX` in milliseconds.
    pub const fn latency(default_ms: (f64, f64)) -> ParamSpec {
        ParamSpec {
            key: "latency",
            label: "Latency (ms)",
            kind: ParamKind::Range {
                min: 0.0,
                max: 5_000.0,
            },
            default: ParamValue::Range(default_ms.0, default_ms.1),
            expect: "a range MIN-MAX of milliseconds between 0 and 5000",
        }
    }

    /// `loss=P`, the probability that a message is lost.
    pub const LOSS: ParamSpec = ParamSpec {
        key: "loss",
        label: "Loss",
        kind: ParamKind::Number { min: 0.0, max: 1.0 },
        default: ParamValue::Number(0.0),
        expect: "a probability from 0 to 1",
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    const SPECS: &[ParamSpec] = &[
        ParamSpec {
            key: "nodes",
            label: "Nodes",
            kind: ParamKind::Count { min: 3, max: 9 },
            default: ParamValue::Number(5.0),
            expect: "a node count from 3 to 9",
        },
        network::latency((5.0, 15.0)),
        network::LOSS,
    ];

    #[wasm_bindgen_test]
    fn good_values_round_trip_through_the_query() {
        let mut query = Query::parse("?seed=9&nodes=7&latency=3&loss=0.1");
        let values = ParamValues::from_query(SPECS, &mut query);
        assert!(query.problems.is_empty(), "{:?}", query.problems);
        assert_eq!(values.seed, 9);
        assert_eq!(values.count("nodes", 0), 7);
        assert_eq!(values.range("latency", (0.0, 0.0)), (3.0, 3.0));
        let text = crate::permalink::query::build(&values.to_pairs());
        assert_eq!(text, "?seed=9&nodes=7&latency=3&loss=0.1");
    }

    #[wasm_bindgen_test]
    fn bad_values_are_named_and_replaced() {
        let mut query = Query::parse("?seed=x&nodes=4.5&latency=9-2&loss=2");
        let values = ParamValues::from_query(SPECS, &mut query);
        assert_eq!(values, ParamValues::defaults(SPECS));
        let text = query.problems.join("\n");
        for named in ["seed=x", "nodes=4.5", "latency=9-2", "loss=2"] {
            assert!(text.contains(named), "{named} not in {text}");
        }
    }
}
