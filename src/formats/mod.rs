//! Reading and writing files: the plan file (JSON envelope), HXL-tagged CSV and the HXL /
//! text renderings of engine reports.

pub mod hxl;
pub mod planfile;
pub mod reports;
