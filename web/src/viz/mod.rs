//! One module per visualization: each maps its family's core state onto
//! the shared widgets. Beside them, what the pages share: [`chrome`] (the
//! frame, share buttons, parameters form and seed field), and for the
//! data-structure pages [`item_text`], [`item_words`], [`item_ops`] and
//! [`item_stream`] (items, generated words, operations and typed streams in
//! links), [`typed_scenario`], [`item_form`], [`param_fields`] and
//! [`sketch_kit`].

pub mod bloom;
pub mod chrome;
pub mod clocks;
pub mod commit;
pub mod count_min;
pub mod election;
pub mod failure;
pub mod filters;
pub mod gossip;
pub mod hyperloglog;
pub mod item_form;
pub mod item_ops;
pub mod item_stream;
pub mod item_text;
pub mod item_words;
pub mod merkle;
pub mod param_fields;
pub mod partition;
pub mod paxos;
pub mod raft;
pub mod sim_page;
pub mod sketch_kit;
pub mod typed_scenario;
pub mod version_vectors;
