//! Reading and writing files: the plan file (JSON envelope) and HXL-tagged CSV.

pub mod planfile;
pub mod sheet;
pub mod xlsx;
