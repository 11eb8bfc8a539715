//! Pure analyses of a plan: no I/O, no clock, and no panics on bad data.

pub mod areas;
pub mod coverage;
pub mod gaps;
pub mod harmonise;
pub mod merge;
