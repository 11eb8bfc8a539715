//! The native `cashplan` command line: the same engine as the app, on files.

/// Runs the command line and returns the process exit code.
pub fn run(args: &[String]) -> i32 {
    match args.first().map(String::as_str) {
        None | Some("help" | "--help" | "-h") => {
            println!("{}", USAGE);
            0
        }
        Some("--version" | "-V") => {
            println!("cashplan {}", env!("CARGO_PKG_VERSION"));
            0
        }
        Some(other) => {
            eprintln!("cashplan: unknown command `{other}`.\n\n{USAGE}");
            2
        }
    }
}

const USAGE: &str = "usage: cashplan <command> [options]";
