//! Engine reports rendered for export (HXL-tagged CSV), shared by the app and the CLI.

pub mod gaps;
