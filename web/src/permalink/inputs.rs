//! The text form of a run's inputs, for URLs.
//!
//! `STEP@TIME:ACTION` items joined by commas, TIME in simulated
//! microseconds. Actions use only URL-safe characters:
//!
//! | action | text |
//! |---|---|
//! | crash / restart node 2 | `crash.2` / `restart.2` |
//! | partition {0,1} from the rest | `part.0-1` (groups joined by `_`) |
//! | cut / mend the link 0 → 3 | `cut.0.3` / `mend.0.3` |
//! | heal everything | `heal` |
//! | drop / duplicate message 17 | `drop.17` / `dup.17` |
//! | delay message 17 by 40 ms | `delay.17.40000` |
//! | loss 5 % everywhere / on 0 → 1 | `loss.50000` / `linkloss.0.1.50000` (parts per million) |
//! | extra delay on 0 → 1 | `linkdelay.0.1.20000` |
//! | duplication probability | `dupp.10000` |
//! | node 2's clock runs at 1.5× (parts per million of real time) | `clock.2.1500000` |
//! | pause node 2 for 300 ms (a long GC pause) | `pause.2.300000` |
//! | node 2 busy 5 ms after every event it handles (0 = off) | `slow.2.5000` |
//! | a protocol command to node 3 | `cmd.3.` + the protocol's own text |

use dsviz_core::sim::{
    Action, CLOCK_RATE_MAX, CLOCK_RATE_MIN, Fault, Input, Latency, NodeId, Probability,
};

/// How a protocol writes and reads its commands.
pub trait CommandCodec {
    type Command;
    fn encode(command: &Self::Command) -> String;
    fn decode(text: &str) -> Option<Self::Command>;
}

/// A protocol whose commands carry no data: each is one word in URLs,
/// listed in [`WordCommands::WORDS`]. Its codec is [`Words<Self>`].
pub trait WordCommands: Copy + PartialEq + 'static {
    /// Every command with its word.
    const WORDS: &'static [(&'static str, Self)];
}

/// The codec of a [`WordCommands`] protocol.
pub struct Words<C>(core::marker::PhantomData<C>);

impl<C: WordCommands> CommandCodec for Words<C> {
    type Command = C;

    fn encode(command: &C) -> String {
        C::WORDS
            .iter()
            .find(|(_, listed)| listed == command)
            .map_or_else(String::new, |(word, _)| (*word).into())
    }

    fn decode(text: &str) -> Option<C> {
        C::WORDS
            .iter()
            .find(|(word, _)| *word == text)
            .map(|(_, command)| *command)
    }
}

/// Writes inputs as text.
pub fn encode_inputs<C: CommandCodec>(inputs: &[Input<C::Command>]) -> String {
    inputs
        .iter()
        .map(|input| {
            format!(
                "{}@{}:{}",
                input.at_step,
                input.at_time,
                encode_action::<C>(&input.action)
            )
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads inputs; each unreadable item is skipped and reported.
pub fn decode_inputs<C: CommandCodec>(
    text: &str,
    nodes: usize,
) -> (Vec<Input<C::Command>>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut problems = Vec::new();
    for item in text.split(',').filter(|item| !item.is_empty()) {
        match decode_input::<C>(item, nodes) {
            Some(input)
                if inputs
                    .last()
                    .is_none_or(|last: &Input<C::Command>| last.at_step < input.at_step) =>
            {
                inputs.push(input)
            }
            Some(_) => problems.push(format!("input '{item}' is out of order; skipped")),
            None => problems.push(format!("input '{item}' cannot be read; skipped")),
        }
    }
    (inputs, problems)
}

fn decode_input<C: CommandCodec>(item: &str, nodes: usize) -> Option<Input<C::Command>> {
    let (step, rest) = item.split_once('@')?;
    let (time, action) = rest.split_once(':')?;
    Some(Input {
        at_step: step.parse().ok()?,
        at_time: time.parse().ok()?,
        action: decode_action::<C>(action, nodes)?,
    })
}

pub(crate) fn encode_action<C: CommandCodec>(action: &Action<C::Command>) -> String {
    let fault = match action {
        Action::Command { node, command } => return format!("cmd.{node}.{}", C::encode(command)),
        Action::Fault(fault) => fault,
    };
    match fault {
        Fault::Crash(n) => format!("crash.{n}"),
        Fault::Restart(n) => format!("restart.{n}"),
        Fault::Partition(groups) => format!(
            "part.{}",
            groups
                .iter()
                .map(|g| g
                    .iter()
                    .map(|n| n.to_string())
                    .collect::<Vec<_>>()
                    .join("-"))
                .collect::<Vec<_>>()
                .join("_")
        ),
        Fault::CutLink { from, to } => format!("cut.{from}.{to}"),
        Fault::HealLink { from, to } => format!("mend.{from}.{to}"),
        Fault::Heal => "heal".into(),
        Fault::DropMessage(id) => format!("drop.{id}"),
        Fault::DuplicateMessage(id) => format!("dup.{id}"),
        Fault::DelayMessage { id, by } => format!("delay.{id}.{by}"),
        Fault::SetLoss(p) => format!("loss.{}", p.0),
        Fault::SetLinkLoss { from, to, loss } => format!("linkloss.{from}.{to}.{}", loss.0),
        Fault::SetLinkDelay { from, to, extra } => format!("linkdelay.{from}.{to}.{extra}"),
        Fault::SetDuplication(p) => format!("dupp.{}", p.0),
        Fault::SetClockRate { node, rate_ppm } => format!("clock.{node}.{rate_ppm}"),
        Fault::Pause { node, duration } => format!("pause.{node}.{duration}"),
        Fault::SetProcessingDelay { node, per_event } => format!("slow.{node}.{per_event}"),
        Fault::SetLatency(Latency::Fixed(t)) => format!("lat.{t}.{t}"),
        Fault::SetLatency(Latency::Uniform { min, max }) => format!("lat.{min}.{max}"),
        Fault::SetLatency(Latency::HeavyTailed {
            min,
            alpha_milli,
            max,
        }) => {
            format!("heavylat.{min}.{alpha_milli}.{max}")
        }
    }
}

fn decode_action<C: CommandCodec>(text: &str, nodes: usize) -> Option<Action<C::Command>> {
    let mut parts = text.split('.');
    let word = parts.next()?;
    let node = |part: Option<&str>| part?.parse::<NodeId>().ok().filter(|&n| n < nodes);
    let number = |part: Option<&str>| part?.parse::<u64>().ok();
    let probability = |part: Option<&str>| {
        part?
            .parse::<u32>()
            .ok()
            .filter(|&p| p <= 1_000_000)
            .map(Probability)
    };
    let fault = match word {
        "cmd" => {
            let target = node(parts.next())?;
            let rest: Vec<&str> = parts.collect();
            return Some(Action::Command {
                node: target,
                command: C::decode(&rest.join("."))?,
            });
        }
        "crash" => Fault::Crash(node(parts.next())?),
        "restart" => Fault::Restart(node(parts.next())?),
        "part" => {
            let groups = parts.next()?;
            let groups: Option<Vec<Vec<NodeId>>> = groups
                .split('_')
                .map(|g| g.split('-').map(|n| node(Some(n))).collect())
                .collect();
            Fault::Partition(groups?)
        }
        "cut" => Fault::CutLink {
            from: node(parts.next())?,
            to: node(parts.next())?,
        },
        "mend" => Fault::HealLink {
            from: node(parts.next())?,
            to: node(parts.next())?,
        },
        "heal" => Fault::Heal,
        "drop" => Fault::DropMessage(number(parts.next())?),
        "dup" => Fault::DuplicateMessage(number(parts.next())?),
        "delay" => Fault::DelayMessage {
            id: number(parts.next())?,
            by: number(parts.next())?,
        },
        "loss" => Fault::SetLoss(probability(parts.next())?),
        "linkloss" => Fault::SetLinkLoss {
            from: node(parts.next())?,
            to: node(parts.next())?,
            loss: probability(parts.next())?,
        },
        "linkdelay" => Fault::SetLinkDelay {
            from: node(parts.next())?,
            to: node(parts.next())?,
            extra: number(parts.next())?,
        },
        "dupp" => Fault::SetDuplication(probability(parts.next())?),
        "clock" => Fault::SetClockRate {
            node: node(parts.next())?,
            rate_ppm: parts
                .next()?
                .parse::<u32>()
                .ok()
                .filter(|r| (CLOCK_RATE_MIN..=CLOCK_RATE_MAX).contains(r))?,
        },
        "pause" => Fault::Pause {
            node: node(parts.next())?,
            duration: number(parts.next())?,
        },
        "slow" => Fault::SetProcessingDelay {
            node: node(parts.next())?,
            per_event: number(parts.next())?,
        },
        "lat" => {
            let (min, max) = (number(parts.next())?, number(parts.next())?);
            if min > max {
                return None;
            }
            Fault::SetLatency(if min == max {
                Latency::Fixed(min)
            } else {
                Latency::Uniform { min, max }
            })
        }
        "heavylat" => Fault::SetLatency(Latency::HeavyTailed {
            min: number(parts.next())?,
            alpha_milli: u32::try_from(number(parts.next())?).ok()?,
            max: number(parts.next())?,
        }),
        _ => return None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some(Action::Fault(fault))
}
