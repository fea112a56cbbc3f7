//! Running the real `dsviz-lab` binary from tests.
#![allow(dead_code)]

use serde_json::Value;
use std::process::{Command, Output};

pub fn lab(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsviz-lab"))
        .args(args)
        .output()
        .expect("the lab binary runs")
}

pub fn json_line(args: &[&str]) -> Value {
    let output = lab(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "one JSON object per line: {text}");
    serde_json::from_str(text.trim()).unwrap()
}

pub fn rejects(args: &[&str], argument: &str) {
    let output = lab(args);
    assert_eq!(output.status.code(), Some(2), "{args:?} should exit 2");
    let message = String::from_utf8_lossy(&output.stderr);
    assert!(
        message.contains(argument),
        "{args:?}: '{message}' should name {argument}"
    );
    assert!(!message.contains("panicked"), "{message}");
}
