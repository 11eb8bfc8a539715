//! Pure analyses of a plan: no I/O, no clock, and no panics on bad data.

pub mod areas;
pub mod boundaries;
pub mod coverage;
pub mod filters;
pub mod gaps;
pub mod harmonise;
pub mod keyed;
pub mod map;
pub mod merge;
pub mod rounds;
