//! Reading and writing files: the plan file (JSON envelope) and HXL-tagged CSV.

pub mod hxl;
pub mod planfile;
pub mod reports;
