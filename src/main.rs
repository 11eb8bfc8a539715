//! Entry point: in the browser it starts the app, natively it is the `cashplan` command line.

#[cfg(target_arch = "wasm32")]
fn main() {
    cashplan::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    std::process::exit(cashplan::cli::run(&args));
}
