//! `dsviz-lab <experiment> [--key value ...]`: runs the core's experiments
//! natively and prints one JSON object per line.
//!
//! A bad argument prints a one-line error naming it to stderr and exits with
//! code 2; nothing here panics on user input.

mod args;
mod experiments;

use std::process::ExitCode;

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    let Some((name, rest)) = raw.split_first() else {
        eprintln!("dsviz-lab: missing experiment; see dsviz-lab --help");
        return ExitCode::from(2);
    };
    if name == "--help" || name == "-h" || name == "help" {
        print!("{}", experiments::help());
        return ExitCode::SUCCESS;
    }
    let Some(experiment) = experiments::find(name) else {
        eprintln!("dsviz-lab: unknown experiment '{name}'; see dsviz-lab --help");
        return ExitCode::from(2);
    };
    let outcome = args::Args::parse(rest).and_then(|mut args| {
        let lines = (experiment.run)(&mut args)?;
        args.finish()?;
        Ok(lines)
    });
    match outcome {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("dsviz-lab {name}: {err}");
            ExitCode::from(2)
        }
    }
}
