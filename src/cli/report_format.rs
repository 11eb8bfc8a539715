//! The `--format hxl|json|text` and `--protect-below N` choices that report and export
//! commands share, and printing in them.

use super::args::Args;
use super::CliError;
use crate::formats::hxl::protect_hxl;
use crate::model::disclosure::SmallCounts;
use serde::Serialize;

/// The option that protects small counts in files shared outside the group.
pub const PROTECT: &str = "--protect-below";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFormat {
    Hxl,
    Json,
    Text,
}

impl ReportFormat {
    /// `--format`, text when not given (the reader is most likely at a terminal).
    pub fn from_args(args: &Args) -> Result<ReportFormat, CliError> {
        ReportFormat::from_args_or(args, ReportFormat::Text)
    }

    /// `--format`, `default` when not given.
    pub fn from_args_or(args: &Args, default: ReportFormat) -> Result<ReportFormat, CliError> {
        match args.value("--format").map(|f| f.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(f) if f == "text" || f == "txt" => Ok(ReportFormat::Text),
            Some(f) if f == "hxl" => Ok(ReportFormat::Hxl),
            Some(f) if f == "json" => Ok(ReportFormat::Json),
            Some(other) => Err(args.usage_error(&format!("--format must be hxl, json or text (got `{other}`)"))),
        }
    }
}

/// `--protect-below N`: the small-count rule, None when not asked for. Only files carry it
/// (a text or JSON report is read by the coordinator, not shared).
pub fn small_counts(args: &Args, format: ReportFormat) -> Result<Option<SmallCounts>, CliError> {
    if args.value(PROTECT).is_some() && format != ReportFormat::Hxl {
        return Err(args.usage_error(&format!("{PROTECT} protects files to share; use it with --format hxl")));
    }
    protect_below(args)
}

/// `--protect-below N` of a command that writes a file (an export, a map).
pub fn protect_below(args: &Args) -> Result<Option<SmallCounts>, CliError> {
    let Some(text) = args.value(PROTECT) else { return Ok(None) };
    SmallCounts::parse(text).map(Some).map_err(|e| args.usage_error(&format!("{PROTECT}: {e}")))
}

/// The HXL text with small counts hidden when the user asked for it.
pub fn protected(hxl: String, protect: Option<SmallCounts>) -> String {
    match protect {
        Some(rule) => protect_hxl(&hxl, rule),
        None => hxl,
    }
}

/// Prints the report in the chosen format: the renderers for HXL and text, serde for JSON.
pub fn print_report<R: Serialize>(
    format: ReportFormat,
    protect: Option<SmallCounts>,
    report: &R,
    hxl: impl FnOnce(&R) -> String,
    text: impl FnOnce(&R) -> String,
) -> Result<(), CliError> {
    let out = match format {
        ReportFormat::Hxl => protected(hxl(report), protect),
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
