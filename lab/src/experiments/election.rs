//! Election experiments: the messages of one failure-free election, Bully
//! or ring, from a chosen initiator, next to the closed-form count.

use super::Experiment;
use crate::args::{ArgError, Args, ensure};
use dsviz_core::election::counts::{
    Initiator, MessageCount, bully_expected, bully_messages, ring_expected, ring_messages,
};
use dsviz_core::election::ring::{RingOrder, RingVariant};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub fn experiments() -> Vec<Experiment> {
    vec![Experiment {
        name: "election",
        usage: "--algorithm bully|ring --nodes N --initiator lowest|highest|random|all [--variant chang-roberts|list] [--order ascending|descending] [--seed S]   messages of one failure-free election",
        run: election,
    }]
}

/// The ring variant named by `--variant` (Chang–Roberts when absent).
pub fn ring_variant(args: &mut Args) -> Result<RingVariant, ArgError> {
    match args.text("variant").as_deref() {
        None | Some("chang-roberts") => Ok(RingVariant::ChangRoberts),
        Some("list") => Ok(RingVariant::List),
        Some(other) => Err(ArgError(format!(
            "--variant: expected chang-roberts or list, got '{other}'"
        ))),
    }
}

pub fn variant_name(variant: RingVariant) -> &'static str {
    match variant {
        RingVariant::ChangRoberts => "chang-roberts",
        RingVariant::List => "list",
    }
}

fn ring_order(args: &mut Args) -> Result<RingOrder, ArgError> {
    match args.text("order").as_deref() {
        None | Some("ascending") => Ok(RingOrder::Ascending),
        Some("descending") => Ok(RingOrder::Descending),
        Some(other) => Err(ArgError(format!(
            "--order: expected ascending or descending, got '{other}'"
        ))),
    }
}

fn kinds(map: &BTreeMap<&'static str, u64>) -> Value {
    Value::Object(
        map.iter()
            .map(|(&k, &v)| (k.to_string(), json!(v)))
            .collect::<Map<_, _>>(),
    )
}

fn election(args: &mut Args) -> Result<Vec<Value>, ArgError> {
    let algorithm: String = args.required("algorithm")?;
    let nodes: usize = args.required("nodes")?;
    ensure(
        (2..=256).contains(&nodes),
        "nodes",
        "must be between 2 and 256",
    )?;
    let initiator_text: String = args.required("initiator")?;
    let initiator = Initiator::parse(&initiator_text).ok_or_else(|| {
        ArgError(format!(
            "--initiator: expected lowest, highest, random or all, got '{initiator_text}'"
        ))
    })?;
    let seed: u64 = args.get_or("seed", 0)?;
    let single = |run: &MessageCount| (initiator != Initiator::All).then(|| run.initiators[0]);
    let (run, expected, mut out) = match algorithm.as_str() {
        "bully" => {
            for key in ["variant", "order"] {
                ensure(
                    args.text(key).is_none(),
                    key,
                    "applies to --algorithm ring only",
                )?;
            }
            let run = bully_messages(nodes, initiator, seed);
            let expected = bully_expected(nodes, single(&run));
            (run, expected, json!({ "algorithm": "bully" }))
        }
        "ring" => {
            let variant = ring_variant(args)?;
            let order = ring_order(args)?;
            let run = ring_messages(nodes, variant, order, initiator, seed);
            let expected = ring_expected(nodes, variant, order, single(&run));
            let order_name = match order {
                RingOrder::Ascending => "ascending",
                RingOrder::Descending => "descending",
            };
            let head = json!({
                "algorithm": "ring",
                "variant": variant_name(variant),
                "order": order_name,
            });
            (run, expected, head)
        }
        other => {
            return Err(ArgError(format!(
                "--algorithm: expected bully or ring, got '{other}'"
            )));
        }
    };
    let fields = out.as_object_mut().expect("an object");
    fields.insert("nodes".into(), json!(nodes));
    fields.insert("initiator".into(), json!(initiator.name()));
    fields.insert("initiators".into(), json!(run.initiators));
    fields.insert("messages".into(), json!(run.total()));
    fields.insert("by_kind".into(), kinds(&run.by_kind));
    fields.insert(
        "expected_messages".into(),
        json!(expected.values().sum::<u64>()),
    );
    fields.insert("expected_by_kind".into(), kinds(&expected));
    fields.insert("leader".into(), json!(run.leader));
    fields.insert("duration_ms".into(), json!(run.duration as f64 / 1000.0));
    Ok(vec![out])
}
