//! The house rules of `src/`, read from the code itself:
//! - every module imports only from its own layer or the layers above it, in this order:
//!   model, demo, book, analysis, forms, files, storage, ui (then the entry points);
//! - `demo` (the sample-shop generator) is for tests only: no code outside `#[cfg(test)]` uses it;
//! - the modules import each other without a cycle.
//!
//! A module is a file; an import is any `crate::path` in code (not comments), resolved to the
//! longest module it names. A test module at the end of a file (`#[cfg(test)]`) is held to the
//! same rules, except that it may use `demo`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const LAYERS: [&str; 8] = [
    "model", "demo", "book", "analysis", "forms", "files", "storage", "ui",
];

/// `src/a/b.rs` -> `a::b`; `src/a/mod.rs` -> `a`; `src/lib.rs` -> `crate`.
fn module_of(path: &Path) -> String {
    let rel = path.strip_prefix("src").unwrap_or(path);
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    match parts.as_slice() {
        [one] if one == "lib" || one == "main" => "crate".into(),
        _ => parts.join("::"),
    }
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::...` path in `code`, with one level of `{a, b::c}` expanded.
fn crate_paths(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `grahak_crate::`
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(rest.len());
        let head = rest[..end].trim_end_matches(':').to_string();
        if rest[end..].starts_with('{') && rest[..end].ends_with("::") {
            let close = rest[end..].find('}').map_or(rest.len(), |c| end + c);
            for item in rest[end + 1..close].split(',') {
                let item = item.split_whitespace().next().unwrap_or("");
                if !item.is_empty() && item != "self" {
                    found.push(format!("{head}::{item}"));
                } else if item == "self" {
                    found.push(head.clone());
                }
            }
        } else {
            found.push(head);
        }
    }
    found
}

/// The code of a file without comments, split into (normal, test) parts.
fn code_of(text: &str) -> (String, String) {
    let mut normal = String::new();
    let mut test = String::new();
    let mut in_test = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            in_test = true;
        }
        if t.starts_with("//") {
            continue;
        }
        let code = line.split(" //").next().unwrap_or("");
        let out = if in_test { &mut test } else { &mut normal };
        out.push_str(code);
        out.push('\n');
    }
    (normal, test)
}

fn layer(module: &str) -> Option<usize> {
    let top = module.split("::").next()?;
    LAYERS.iter().position(|l| *l == top)
}

#[test]
fn every_import_points_down_and_there_is_no_cycle() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let modules: BTreeMap<String, String> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("a source file");
            (module_of(f), text)
        })
        .collect();
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|m| modules.contains_key(m))
    };

    let mut problems = Vec::new();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, text) in &modules {
        let (normal, test) = code_of(text);
        for (code, is_test) in [(normal, false), (test, true)] {
            for path in crate_paths(&code) {
                let Some(to) = resolve(&path) else { continue };
                if &to == from || from.starts_with(&format!("{to}::")) {
                    continue; // itself, or a parent module it lives in
                }
                let (Some(lf), Some(lt)) = (layer(from), layer(&to)) else {
                    continue; // the entry points may use anything
                };
                if to.starts_with("demo") && !from.starts_with("demo") && !is_test {
                    problems.push(format!("{from} uses {to} outside tests"));
                } else if lt > lf && !(is_test && to.starts_with("demo")) {
                    problems.push(format!(
                        "{from} ({}) imports {to} ({})",
                        LAYERS[lf], LAYERS[lt]
                    ));
                }
                if !(is_test && to.starts_with("demo")) {
                    edges.entry(from.clone()).or_default().insert(to);
                }
            }
        }
    }

    // Cycles: depth-first search, reporting the loop found.
    fn visit(
        m: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
        cycles: &mut Vec<String>,
    ) {
        state.insert(m.to_string(), 1);
        stack.push(m.to_string());
        for next in edges.get(m).into_iter().flatten() {
            match state.get(next.as_str()) {
                Some(1) => {
                    let at = stack.iter().position(|s| s == next).unwrap_or(0);
                    cycles.push(format!("{} -> {next}", stack[at..].join(" -> ")));
                }
                Some(_) => {}
                None => visit(next, edges, state, stack, cycles),
            }
        }
        stack.pop();
        state.insert(m.to_string(), 2);
    }
    let mut state = BTreeMap::new();
    let mut cycles = Vec::new();
    for m in modules.keys() {
        if !state.contains_key(m) {
            visit(m, &edges, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    problems.extend(cycles.into_iter().map(|c| format!("import cycle: {c}")));
    assert!(
        problems.is_empty(),
        "layering problems:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_checker_reads_paths_as_written() {
    assert_eq!(
        crate_paths("use crate::model::{id::Id, money};\nlet x = crate::book::Book::default();"),
        ["model::id::Id", "model::money", "book::Book::default"]
    );
    let (normal, test) = code_of("use crate::a;\n// crate::b\n#[cfg(test)]\nuse crate::c;");
    assert_eq!(
        (crate_paths(&normal), crate_paths(&test)),
        (vec!["a".to_string()], vec!["c".to_string()])
    );
}
