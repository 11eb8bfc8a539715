//! Tidiness the code review would otherwise have to catch, in the style of rust-analyzer's
//! tidy tests: every module says what it is for, the engine layers stay free of the browser,
//! files stay readable in one sitting, and ARCHITECTURE.md's code map names every module.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn all_sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    sources(&root().join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.strip_prefix(root()).unwrap().to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect()
}

#[test]
fn every_module_opens_with_a_line_saying_what_it_is_for() {
    let silent: Vec<String> =
        all_sources().into_iter().filter(|(_, text)| !text.starts_with("//!")).map(|(name, _)| name).collect();
    assert!(silent.is_empty(), "modules without a `//!` first line: {silent:?}");
}

#[test]
fn model_engine_and_formats_never_reach_for_the_browser_or_the_layers_above() {
    const LAYERS: [&str; 3] = ["src/model/", "src/engine/", "src/formats/"];
    const ABOVE: [&str; 8] =
        ["crate::ui", "crate::store", "crate::cli", "web_sys", "js_sys", "yew", "gloo", "wasm_bindgen"];
    let mut crossings = Vec::new();
    for (name, text) in all_sources() {
        if !LAYERS.iter().any(|layer| name.starts_with(layer)) {
            continue;
        }
        for (number, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if let Some(found) =
                ABOVE.iter().find(|a| code.contains(&format!("{a}::")) || code.contains(&format!("use {a}")))
            {
                crossings.push(format!("{name}:{}: {found}", number + 1));
            }
        }
    }
    assert!(crossings.is_empty(), "the engine layers must build without the browser or the app: {crossings:#?}");
}

#[test]
fn the_engine_layers_do_not_depend_upwards() {
    // model ← engine ← formats: model knows neither; engine does not know formats.
    let mut crossings = Vec::new();
    for (name, text) in all_sources() {
        let forbidden: &[&str] = if name.starts_with("src/model/") {
            &["crate::engine", "crate::formats"]
        } else if name.starts_with("src/engine/") {
            &["crate::formats"]
        } else {
            &[]
        };
        for (number, line) in text.lines().enumerate() {
            if let Some(found) = forbidden.iter().find(|f| line.contains(*f)) {
                crossings.push(format!("{name}:{}: {found}", number + 1));
            }
        }
    }
    assert!(crossings.is_empty(), "{crossings:#?}");
}

#[test]
fn files_stay_readable_in_one_sitting() {
    let long: Vec<String> = all_sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > 500)
        .map(|(name, text)| format!("{name} ({} lines)", text.lines().count()))
        .collect();
    assert!(long.is_empty(), "files over 500 lines; split them: {long:?}");
}

#[test]
fn the_code_map_names_every_module() {
    let map = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let missing: Vec<String> = all_sources()
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| {
            // A module is named by its path (`formats/sheet/read.rs`, `src/platform`) or,
            // within its folder's paragraph, by the end of its path (`import/stepwise.rs`,
            // `read.rs`).
            let path = name.trim_start_matches("src/");
            let parts: Vec<&str> = path.split('/').collect();
            let named = (0..parts.len()).any(|from| {
                let suffix = parts[from..].join("/");
                let stem = suffix.trim_end_matches(".rs").trim_end_matches("/mod").to_string();
                map.contains(&format!("`{suffix}`"))
                    || map.contains(&format!("`{suffix}"))
                    || (from == 0 && (map.contains(&suffix) || map.contains(&format!("`src/{stem}`"))))
            });
            !named
        })
        .collect();
    assert!(missing.is_empty(), "ARCHITECTURE.md's code map does not mention: {missing:#?}");
}

#[test]
fn the_app_sorts_through_the_one_compiled_sort() {
    // Each direct slice sort compiles its own copy of the algorithm into the app's download
    // (see `model::sorting`); the command line and tests run natively and may sort directly.
    const DIRECT: [&str; 4] = [".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable"];
    let mut direct = Vec::new();
    for (name, text) in all_sources() {
        if name == "src/model/sorting.rs" || name.starts_with("src/cli/") || name.ends_with("tests.rs") {
            continue;
        }
        let app_code = text.split("#[cfg(test)]\nmod tests {").next().unwrap_or_default();
        for (number, line) in app_code.lines().enumerate() {
            let code = line.split("//").next().unwrap_or_default();
            if let Some(found) = DIRECT.iter().find(|d| code.contains(*d)) {
                direct.push(format!("{name}:{}: {found}", number + 1));
            }
        }
    }
    assert!(direct.is_empty(), "sort with model::sorting instead: {direct:?}");
}
