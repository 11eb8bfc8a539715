//! `cashplan new`: creates an empty plan file with the default sector list.

use super::args::Args;
use super::files::{save_plan, Overwrite};
use super::{CliError, Outcome};
use crate::model::{Plan, Stamp};
use crate::platform;

pub const SUMMARY: &str = "create an empty plan file";
pub const USAGE: &str = "usage: cashplan new PLAN --name NAME --country ISO3 [--currency ISO] [--force]
  Creates the plan file PLAN (e.g. syria.cashplan.json) with the standard sectors.
  --country  ISO 3166 alpha-3 code, e.g. SYR      --currency  ISO 4217 code (default USD)
  --force    replace PLAN if it already exists";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse("new", USAGE, raw, &["--name", "--country", "--currency"], &["--force"])?;
    let path = args.positional("PLAN (the plan file to create)")?;
    let name = args.required("--name", "NAME (the plan's name)")?.trim().to_string();
    if name.is_empty() {
        return Err(args.usage_error("--name must not be empty"));
    }
    let country = three_letters(&args, "--country", "ISO 3166 alpha-3 country", "SYR", None)?;
    let currency = three_letters(&args, "--currency", "ISO 4217 currency", "USD", Some("USD"))?;
    let overwrite = if args.flag("--force") { Overwrite::Allowed } else { Overwrite::Refused };
    args.finish()?;

    let stamp = Stamp { at: platform::now_rfc3339(), by: "cli".into() };
    let plan = Plan::new(&platform::new_id("p"), &name, &country, &currency, &stamp);
    save_plan(&path, &plan, overwrite)?;
    println!("Created {path}: plan \"{name}\" ({country}, {currency}) with {} sectors.", plan.sectors.len_live());
    Ok(Outcome::Done)
}

/// A 3-letter code option, upper-cased; `default` when the option is optional.
fn three_letters(
    args: &Args,
    option: &str,
    what: &str,
    example: &str,
    default: Option<&str>,
) -> Result<String, CliError> {
    let value = match (args.value(option), default) {
        (Some(value), _) => value.trim(),
        (None, Some(default)) => default,
        (None, None) => return Err(args.usage_error(&format!("missing {option} (the {what} code, e.g. {example})"))),
    };
    if value.len() == 3 && value.chars().all(|c| c.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(args.usage_error(&format!("{option} must be a 3-letter {what} code such as {example} (got `{value}`)")))
    }
}
