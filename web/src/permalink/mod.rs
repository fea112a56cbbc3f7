//! Permalinks: the URL holds the whole scenario — parameters, seed, every
//! injected action with its step and time, and the cursor — so opening it
//! reproduces the exact run and position.
//!
//! Parsing never fails as a whole: each bad value is reported in words
//! (naming the key and the value) and replaced by its default, so a
//! hand-edited link still opens a working page.

pub mod inputs;
pub mod query;

pub use inputs::{CommandCodec, WordCommands, Words, decode_inputs, encode_inputs};
pub use query::Query;
