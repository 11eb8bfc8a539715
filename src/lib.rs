//! cashplan: a planner for humanitarian cash coordination (5W, gaps, harmonisation).
//!
//! The library is layered: `model` (types) → `engine` (pure analysis) → `formats`
//! (plan file, HXL CSV) → `store` (persistence behind a trait) → `ui` (Yew, wasm only).
//! The command line (`cli`, native only) sits on model, engine and formats.
//! See ARCHITECTURE.md for the map and the invariants.

pub mod engine;
pub mod formats;
pub mod model;
pub mod platform;
pub mod store;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;

/// The browser app; its state and routing compile natively too, so they are unit-tested.
pub mod ui;
