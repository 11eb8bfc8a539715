//! The data tables: the pure parts (rows, sorting, windowing, checks, conflict versions,
//! the area tree) compile everywhere and are tested natively; the components are wasm only.

pub mod activity_checks;
pub mod checks;
pub mod reference_checks;
pub mod rows;
pub mod tree;
pub mod versions;

#[cfg(target_arch = "wasm32")]
pub mod activities;
#[cfg(target_arch = "wasm32")]
pub mod reference_specs;
#[cfg(target_arch = "wasm32")]
pub mod specs;
#[cfg(target_arch = "wasm32")]
pub mod tab;
#[cfg(target_arch = "wasm32")]
pub mod virtual_table;
