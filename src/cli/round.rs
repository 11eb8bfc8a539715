//! `cashplan round`: the monthly reporting round headless — open a round, see who has
//! reported and the reminder list, write a partner's reporting pack, take a partner's file
//! back through the keyed import (recording the receipt), roll a month's activities
//! forward, and the history of rounds.

use super::args::Args;
use super::files::{load_plan, save_plan, write_atomically, Overwrite};
use super::{CliError, Outcome};
use crate::engine::keyed::{Replace, RowKey};
use crate::engine::rounds::{open_round, receipts_of, reminders, roll_forward, round_status, with_receipts};
use crate::formats::keyed::{change_lines, counts_line, has_id_column, key_batches};
use crate::formats::pack::{previous_month, reporting_pack};
use crate::formats::sheet::{prepare, propose_mapping, read_mapping_file, read_table, SheetOptions};
use crate::formats::xlsx::write_xlsx;
use crate::model::change::{apply, Change};
use crate::model::{IsoDate, Kind, Month, Plan, Registered, Round, Stamp};
use crate::platform;
use std::path::Path;

pub const SUMMARY: &str = "monthly reporting rounds: open, status, pack, receive, roll, history";
pub const USAGE: &str = "usage: cashplan round open PLAN YYYY-MM [--due YYYY-MM-DD] [--expect ORG;ORG…]
       cashplan round status PLAN YYYY-MM [--today YYYY-MM-DD]
       cashplan round pack PLAN YYYY-MM --organisation ORG --out PACK.xlsx
       cashplan round receive PLAN YYYY-MM FILE [--mapping MAPPING.json] [--key COLUMNS]
       cashplan round roll PLAN FROM-MONTH TO-MONTH [--organisation ORG] [--apply]
       cashplan round history PLAN
  open     records the round: the month, the due date and the partners expected (default:
           every organisation that reported activities up to that month)
  status   each partner: received (when, rows new, updated, removed), late, not received
           or with problems; then the reminder lines to copy into an email
  pack     a workbook for one partner: its activities of the month (else last month's
           rolled forward) with their ids, the template columns and HXL row, and a sheet
           of the accepted sectors, modalities, statuses and areas
  receive  imports a partner's returned file as its full report for the month (rows
           matched by the id column, else by key; the month's activities it no longer
           lists are removed) and records the receipt; a file with rows that cannot be
           matched changes no activity and is recorded as received with problems
  roll     previews copying FROM-MONTH's activities into TO-MONTH (dates, status and
           reach adjusted); --apply writes them
  history  every round: each partner's files, rows new, updated and removed
  --by     who made the changes (default: cli)";

pub fn run(raw: &[String]) -> Result<Outcome, CliError> {
    let mut args = Args::parse(
        "round",
        USAGE,
        raw,
        &["--due", "--expect", "--today", "--organisation", "--out", "--mapping", "--key", "--by"],
        &["--apply"],
    )?;
    let command = args.positional("the round command (open, status, pack, receive, roll, history)")?;
    let path = args.positional("PLAN (the plan file)")?;
    let stamp = Stamp { at: platform::now_rfc3339(), by: args.value("--by").unwrap_or("cli").trim().to_string() };
    match command.as_str() {
        "open" => open(args, &path, &stamp),
        "status" => status(args, &path),
        "pack" => pack(args, &path),
        "receive" => receive(args, &path, &stamp),
        "roll" => roll(args, &path, &stamp),
        "history" => {
            args.finish()?;
            history(&load_plan(&path)?);
            Ok(Outcome::Done)
        }
        other => Err(args.usage_error(&format!("unknown round command `{other}`"))),
    }
}

fn month_arg(args: &mut Args, what: &str) -> Result<Month, CliError> {
    let text = args.positional(what)?;
    Month::parse(text.trim()).ok_or_else(|| args.usage_error(&format!("`{text}` is not a month; write it as YYYY-MM")))
}

fn date_option(args: &Args, option: &str) -> Result<Option<IsoDate>, CliError> {
    match args.value(option) {
        None => Ok(None),
        Some(text) => IsoDate::parse(text.trim())
            .map(Some)
            .ok_or_else(|| args.usage_error(&format!("{option}: `{text}` is not a date; write it as YYYY-MM-DD"))),
    }
}

fn round_of(plan: &Plan, period: Month) -> Result<Round, CliError> {
    plan.rounds.get(&Round::id_for(period)).map(|r| r.data.clone()).ok_or_else(|| {
        CliError::Data(format!(
            "there is no round for {period}; open it first with `cashplan round open PLAN {period}`"
        ))
    })
}

fn save_with(path: &str, plan: &mut Plan, change: Change, stamp: &Stamp) -> Result<(), CliError> {
    apply(plan, change, stamp);
    save_plan(path, plan, Overwrite::Allowed)
}

fn open(mut args: Args, path: &str, stamp: &Stamp) -> Result<Outcome, CliError> {
    let period = month_arg(&mut args, "YYYY-MM (the month reported)")?;
    let due = date_option(&args, "--due")?;
    let listed: Option<Vec<String>> = args
        .value("--expect")
        .map(|t| t.split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect());
    args.finish()?;
    let mut plan = load_plan(path)?;
    let round = open_round(&plan, period, due, listed);
    println!(
        "Round {period}: {} partners expected{}.",
        round.expected.len(),
        round.due.map(|d| format!(", due {d}")).unwrap_or_default()
    );
    for name in &round.expected {
        println!("  {name}");
    }
    save_with(path, &mut plan, Change::put(Round::id_for(period), round), stamp)?;
    Ok(Outcome::Done)
}

fn status(mut args: Args, path: &str) -> Result<Outcome, CliError> {
    let period = month_arg(&mut args, "YYYY-MM (the round's month)")?;
    let today = date_option(&args, "--today")?.unwrap_or_else(platform::today);
    args.finish()?;
    let round = round_of(&load_plan(path)?, period)?;
    for line in round_status(&round, today) {
        let detail = line.latest.as_ref().map_or(String::new(), |r| {
            format!(
                " ({}, {}: {} new, {} updated, {} removed, {} unchanged)",
                r.at, r.file, r.new, r.updated, r.removed, r.unchanged
            )
        });
        println!("{}: {}{detail}", line.organisation, line.status.label());
    }
    let reminders = reminders(&round, today);
    if !reminders.is_empty() {
        println!("\nReminders:");
        for line in reminders {
            println!("{line}");
        }
    }
    Ok(Outcome::Done)
}

fn pack(mut args: Args, path: &str) -> Result<Outcome, CliError> {
    let period = month_arg(&mut args, "YYYY-MM (the round's month)")?;
    let organisation = args.required("--organisation", "ORG (the partner)")?.to_string();
    let out = args.required("--out", "PACK.xlsx (the workbook to write)")?.to_string();
    args.finish()?;
    let plan = load_plan(path)?;
    let sheets = reporting_pack(&plan, period, &organisation);
    let rows = sheets.first().map_or(0, |s| s.rows.len());
    let bytes = write_xlsx(&sheets).map_err(|e| CliError::Data(e.to_string()))?;
    write_atomically(Path::new(&out), &bytes).map_err(|e| CliError::Data(format!("{out}: cannot be written ({e})")))?;
    println!("Wrote {out}: {rows} activities of {organisation} for {period}.");
    Ok(Outcome::Done)
}

fn receive(mut args: Args, path: &str, stamp: &Stamp) -> Result<Outcome, CliError> {
    let period = month_arg(&mut args, "YYYY-MM (the round's month)")?;
    let file = args.positional("FILE (the partner's returned file)")?;
    let key = match args.value("--key") {
        Some(text) => Some(RowKey::parse(text).map_err(|e| args.usage_error(&format!("--key: {e}")))?),
        None => None,
    };
    let mapping_path = args.value("--mapping").map(str::to_string);
    args.finish()?;
    let mut plan = load_plan(path)?;
    let round = round_of(&plan, period)?;
    let bytes = std::fs::read(&file).map_err(|e| CliError::Data(format!("{file}: cannot be read ({e})")))?;
    let raw = read_table(&file, &bytes, None).map_err(|e| CliError::Data(e.to_string()))?;
    let mapping = match mapping_path {
        Some(m) => read_mapping_file(&m, &super::files::read_text(&m, "a column mapping (.json)")?)
            .map_err(|e| CliError::Data(e.to_string()))?,
        None => propose_mapping(&raw),
    };
    let options = SheetOptions { create_areas: false, skip_bad_rows: true };
    let import = prepare(&raw, &mapping, &plan, &options).map_err(|e| CliError::Data(e.to_string()))?;
    let set_aside = import.rejected_rows().len();
    let has_id = has_id_column(mapping.columns.iter().filter_map(|c| c.hashtag.as_deref()));
    let key = RowKey::resolve(key.as_ref().or(mapping.key.as_ref()), has_id)
        .map_err(|e| CliError::Data(format!("{file}: {e}")))?;
    let replace = Replace { period, set_aside: import.set_aside };
    let keyed = key_batches(import.batches, &plan, &key, Some(replace));
    let name = Path::new(&file).file_name().map_or(file.clone(), |n| n.to_string_lossy().into_owned());
    let receipts = receipts_of(&keyed.keyed, &name, &stamp.at, set_aside);
    println!(
        "{file}: rows matched by key {}: {}; {set_aside} rows set aside",
        key.code(),
        counts_line(&keyed.counts())
    );
    for line in change_lines(&keyed.keyed, 40) {
        println!("  {line}");
    }
    let round = Change::put(Round::id_for(period), with_receipts(&round, receipts));
    let conflicting = keyed.counts().conflicting;
    let changes = match keyed.ready() {
        Ok(batches) => batches.iter().map(|b| b.change()).chain([round]).collect(),
        Err(_) => vec![round],
    };
    save_with(path, &mut plan, Change::Batch { changes }, stamp)?;
    if conflicting > 0 {
        return Err(CliError::Data(format!("{file}: no activity was changed: {conflicting} rows cannot be matched to one activity each; the round records the file as received with problems.")));
    }
    Ok(Outcome::Done)
}

fn roll(mut args: Args, path: &str, stamp: &Stamp) -> Result<Outcome, CliError> {
    let from = month_arg(&mut args, "FROM-MONTH (YYYY-MM)")?;
    let to = month_arg(&mut args, "TO-MONTH (YYYY-MM)")?;
    let organisation = args.value("--organisation").map(str::to_string);
    let write = args.flag("--apply");
    args.finish()?;
    let mut plan = load_plan(path)?;
    let rolled = roll_forward(&plan, from, to, organisation.as_deref());
    println!(
        "{} activities of {from} to copy into {to}{}:",
        rolled.len(),
        if write { "" } else { " (preview; --apply writes them)" }
    );
    for (id, activity) in rolled.iter().take(40) {
        println!("  {}", activity.describe(id));
    }
    if write && !rolled.is_empty() {
        save_with(path, &mut plan, Change::Put { records: crate::model::Activity::wrap_records(rolled) }, stamp)?;
    }
    Ok(Outcome::Done)
}

fn history(plan: &Plan) {
    let mut rounds: Vec<&Round> = plan.rounds.live().map(|r| &r.data).collect();
    rounds.sort_by(|a, b| a.period.cmp(&b.period));
    if rounds.is_empty() {
        println!("No rounds yet.");
    }
    for round in rounds {
        let previous = round.month().map(previous_month).map(|m| m.to_string()).unwrap_or_default();
        println!(
            "{} ({} partners expected, {} files; the month before: {previous})",
            round.period,
            round.expected.len(),
            round.receipts.len()
        );
        for r in &round.receipts {
            println!(
                "  {} {} {}: {} new, {} updated, {} removed, {} unchanged, {} problems",
                r.at, r.organisation, r.file, r.new, r.updated, r.removed, r.unchanged, r.problems
            );
        }
    }
}
