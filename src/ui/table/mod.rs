//! The data tables: the pure parts (rows, sorting, windowing, checks, conflict versions,
//! the area tree) compile everywhere and are tested natively; the components are wasm only.

pub mod activity_checks;
pub mod checks;
pub mod rows;
pub mod tree;
pub mod versions;
