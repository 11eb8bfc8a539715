//! The native `cashplan` command line: the same engine as the app, on plan files.
//!
//! Each subcommand is a module with a `USAGE` line and a `run(&[String]) -> Result<Outcome,
//! CliError>` function, listed once in [`COMMANDS`]. Exit codes: 0 done, 1 data problem
//! (unreadable file, failed check), 2 usage error.

mod args;
mod boundaries;
mod boundary_file;
mod check;
mod export;
mod files;
mod gaps;
mod harmonise;
mod import;
mod map;
mod merge;
mod new;
mod overlaps;
mod report_format;
mod round;

use std::fmt;

/// How a command that ran to the end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// The command worked and found problems in the data (e.g. `check`).
    ProblemsFound,
}

/// Why a command stopped. The message names the file and says what to do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// Wrong arguments: exit code 2.
    Usage(String),
    /// A file could not be read, understood or written: exit code 1.
    Data(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Data(message) => f.write_str(message),
        }
    }
}

struct Command {
    name: &'static str,
    usage: &'static str,
    summary: &'static str,
    run: fn(&[String]) -> Result<Outcome, CliError>,
}

/// Every subcommand. Adding one is a line here and a module with `USAGE` and `run`.
const COMMANDS: &[Command] = &[
    Command { name: "new", usage: new::USAGE, summary: new::SUMMARY, run: new::run },
    Command { name: "merge", usage: merge::USAGE, summary: merge::SUMMARY, run: merge::run },
    Command { name: "check", usage: check::USAGE, summary: check::SUMMARY, run: check::run },
    Command { name: "gaps", usage: gaps::USAGE, summary: gaps::SUMMARY, run: gaps::run },
    Command { name: "import", usage: import::USAGE, summary: import::SUMMARY, run: import::run },
    Command { name: "export", usage: export::USAGE, summary: export::SUMMARY, run: export::run },
    Command { name: "harmonise", usage: harmonise::USAGE, summary: harmonise::SUMMARY, run: harmonise::run },
    Command { name: "overlaps", usage: overlaps::USAGE, summary: overlaps::SUMMARY, run: overlaps::run },
    Command { name: "boundaries", usage: boundaries::USAGE, summary: boundaries::SUMMARY, run: boundaries::run },
    Command { name: "map", usage: map::USAGE, summary: map::SUMMARY, run: map::run },
    Command { name: "round", usage: round::USAGE, summary: round::SUMMARY, run: round::run },
];

/// Runs the command line and returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    let Some(name) = args.first().map(String::as_str) else {
        println!("{}", usage());
        return 0;
    };
    let rest = args.get(1..).unwrap_or_default();
    match name {
        "help" | "--help" | "-h" => return help(rest.first().map(String::as_str)),
        "--version" | "-V" => {
            println!("cashplan {}", env!("CARGO_PKG_VERSION"));
            return 0;
        }
        _ => {}
    }
    let Some(command) = COMMANDS.iter().find(|c| c.name == name) else {
        eprintln!("cashplan: unknown command `{name}`.\n\n{}", usage());
        return 2;
    };
    if rest.iter().take_while(|a| *a != "--").any(|a| a == "--help" || a == "-h") {
        println!("{}", command.usage);
        return 0;
    }
    match (command.run)(rest) {
        Ok(Outcome::Done) => 0,
        Ok(Outcome::ProblemsFound) => 1,
        Err(CliError::Usage(message)) => {
            eprintln!("{message}");
            2
        }
        Err(CliError::Data(message)) => {
            eprintln!("cashplan: {message}");
            1
        }
    }
}

fn help(topic: Option<&str>) -> i32 {
    match topic {
        None => {
            println!("{}", usage());
            0
        }
        Some(name) => match COMMANDS.iter().find(|c| c.name == name) {
            Some(command) => {
                println!("{}", command.usage);
                0
            }
            None => {
                eprintln!("cashplan help: unknown command `{name}`.\n\n{}", usage());
                2
            }
        },
    }
}

fn usage() -> String {
    let mut text = String::from("cashplan — plan files for cash coordination (5W, gaps, harmonisation)\n\nCommands:\n");
    for command in COMMANDS {
        text.push_str(&format!("  {:<11}{}\n", command.name, command.summary));
    }
    text.push_str("\nUsage:\n");
    for command in COMMANDS {
        let synopsis = command.usage.lines().next().unwrap_or_default();
        text.push_str(&format!("  {}\n", synopsis.trim_start_matches("usage: ")));
    }
    text.push_str("\nRun `cashplan help COMMAND` for one command. Exit codes: 0 ok, 1 data problem, 2 usage error.");
    text
}

/// `1 record`, `2 records`.
fn counted(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}
