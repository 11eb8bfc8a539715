//! Hand-rolled argument parsing (no clap, to keep builds fast) with usage errors that say
//! exactly what was wrong.

use super::CliError;
use std::collections::{BTreeMap, VecDeque};

/// One command's arguments: positionals in order, and `--options` checked against the
/// command's list of known ones.
#[derive(Debug)]
pub struct Args {
    command: &'static str,
    usage: &'static str,
    positionals: VecDeque<String>,
    values: BTreeMap<&'static str, String>,
    flags: Vec<&'static str>,
}

impl Args {
    /// Splits `raw` (the words after the command name). `with_value` lists options that take
    /// a value (`--name X` or `--name=X`), `switches` those that do not; `--` ends options.
    pub fn parse(
        command: &'static str,
        usage: &'static str,
        raw: &[String],
        with_value: &[&'static str],
        switches: &[&'static str],
    ) -> Result<Args, CliError> {
        let mut args =
            Args { command, usage, positionals: VecDeque::new(), values: BTreeMap::new(), flags: Vec::new() };
        let mut words = raw.iter();
        while let Some(word) = words.next() {
            if word == "--" {
                args.positionals.extend(words.by_ref().cloned());
                break;
            }
            if !word.starts_with('-') || word == "-" {
                args.positionals.push_back(word.clone());
                continue;
            }
            let (name, inline) = match word.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (word.as_str(), None),
            };
            if let Some(&known) = switches.iter().find(|&&s| s == name) {
                if inline.is_some() {
                    return Err(args.usage_error(&format!("{known} takes no value")));
                }
                args.flags.push(known);
            } else if let Some(&known) = with_value.iter().find(|&&o| o == name) {
                let value = match inline {
                    Some(value) => value,
                    None => match words.next() {
                        Some(value) if !value.starts_with("--") => value.clone(),
                        _ => return Err(args.usage_error(&format!("{known} needs a value"))),
                    },
                };
                if args.values.insert(known, value).is_some() {
                    return Err(args.usage_error(&format!("{known} is given twice")));
                }
            } else {
                return Err(args.usage_error(&format!("unknown option `{name}`")));
            }
        }
        Ok(args)
    }

    /// A usage error for this command, with its usage line.
    pub fn usage_error(&self, problem: &str) -> CliError {
        let synopsis = self.usage.lines().next().unwrap_or_default();
        CliError::Usage(format!(
            "cashplan {0}: {problem}.\n{synopsis}\nRun `cashplan help {0}` for details.",
            self.command
        ))
    }

    /// The next positional argument; `what` describes it if it is missing.
    pub fn positional(&mut self, what: &str) -> Result<String, CliError> {
        self.positionals.pop_front().ok_or_else(|| self.usage_error(&format!("missing {what}")))
    }

    /// All remaining positional arguments, at least one.
    pub fn rest(&mut self, what: &str) -> Result<Vec<String>, CliError> {
        if self.positionals.is_empty() {
            return Err(self.usage_error(&format!("missing {what}")));
        }
        Ok(self.positionals.drain(..).collect())
    }

    pub fn value(&self, option: &str) -> Option<&str> {
        self.values.get(option).map(String::as_str)
    }

    pub fn required(&self, option: &str, what: &str) -> Result<&str, CliError> {
        self.value(option).ok_or_else(|| self.usage_error(&format!("missing {option} {what}")))
    }

    pub fn flag(&self, switch: &str) -> bool {
        self.flags.contains(&switch)
    }

    /// Refuses words nobody asked for, so a typo does not silently do something else.
    pub fn finish(self) -> Result<(), CliError> {
        match self.positionals.front() {
            Some(extra) => Err(self.usage_error(&format!("unexpected argument `{extra}`"))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> Result<Args, CliError> {
        let raw: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        Args::parse("new", "usage: cashplan new PLAN", &raw, &["--name"], &["--force"])
    }

    #[test]
    fn reads_positionals_values_and_switches_in_any_order() {
        let mut args = parse(&["--name=Flood", "plan.json", "--force", "--", "--odd"]).unwrap();
        assert_eq!(args.value("--name"), Some("Flood"));
        assert!(args.flag("--force"));
        assert_eq!(args.positional("PLAN").unwrap(), "plan.json");
        assert_eq!(args.rest("IN").unwrap(), vec!["--odd".to_string()]);
    }

    #[test]
    fn says_what_is_wrong() {
        let message = |words: &[&str]| match parse(words) {
            Err(CliError::Usage(m)) => m,
            other => panic!("expected a usage error, got {other:?}"),
        };
        assert!(message(&["--nmae", "x"]).starts_with("cashplan new: unknown option `--nmae`."));
        assert!(message(&["--name"]).contains("--name needs a value"));
        assert!(message(&["--name", "--force"]).contains("--name needs a value"));
        assert!(message(&["--name=a", "--name=b"]).contains("given twice"));
        assert!(message(&["--force=yes"]).contains("takes no value"));
        let extra = parse(&["a", "b"]).unwrap();
        assert!(matches!(extra.finish(), Err(CliError::Usage(m)) if m.contains("unexpected argument `a`")));
    }
}
