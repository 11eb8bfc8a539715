//! The `--format hxl|json|text` choice that report commands share, and printing in it.

use super::args::Args;
use super::CliError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Hxl,
    Json,
    Text,
}

impl ReportFormat {
    /// `--format`, text when not given (the reader is most likely at a terminal).
    pub fn from_args(args: &Args) -> Result<ReportFormat, CliError> {
        match args.value("--format").map(|f| f.trim().to_ascii_lowercase()) {
            None => Ok(ReportFormat::Text),
            Some(f) if f == "text" || f == "txt" => Ok(ReportFormat::Text),
            Some(f) if f == "hxl" => Ok(ReportFormat::Hxl),
            Some(f) if f == "json" => Ok(ReportFormat::Json),
            Some(other) => Err(args.usage_error(&format!("--format must be hxl, json or text (got `{other}`)"))),
        }
    }
}

/// Prints the report in the chosen format: the renderers for HXL and text, serde for JSON.
pub fn print_report<R: Serialize>(
    format: ReportFormat,
    report: &R,
    hxl: impl FnOnce(&R) -> String,
    text: impl FnOnce(&R) -> String,
) -> Result<(), CliError> {
    let out = match format {
        ReportFormat::Hxl => hxl(report),
        ReportFormat::Text => text(report),
        ReportFormat::Json => {
            let json = serde_json::to_string_pretty(report).map_err(|e| {
                CliError::Data(format!("cannot write the report as JSON ({e}); try --format hxl or text."))
            })?;
            format!("{json}\n")
        }
    };
    print!("{out}");
    Ok(())
}
