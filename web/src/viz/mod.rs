//! One module per visualization: each maps its family's core state onto
//! the shared widgets.

pub mod bloom;
pub mod chrome;
pub mod count_min;
pub mod filters;
pub mod hyperloglog;
pub mod item_form;
pub mod item_stream;
pub mod merkle;
pub mod raft;
pub mod sim_page;
