//! sim-core has no import cycle between its top-level modules: every `crate::…` path in
//! `src/` (imports, inline paths, serde attributes; not `#[cfg(test)]` code, which may use any
//! module) is read as an edge from the module of the file to the module it names, and the graph
//! must be acyclic. Items re-exported at the crate root (`crate::Model`) count as edges to the
//! module that defines them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with the top-level module it belongs to.
fn files(dir: &Path, module: Option<&str>, out: &mut Vec<(String, PathBuf)>) {
    for entry in std::fs::read_dir(dir).expect("src/ readable") {
        let path = entry.expect("directory entry").path();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let top = module.map_or(stem.clone(), str::to_string);
        if path.is_dir() {
            files(&path, Some(&top), out);
        } else if path.extension().is_some_and(|e| e == "rs") && stem != "tests" {
            out.push((top, path));
        }
    }
}

/// The code of a file without comments (doc links name modules without importing them) and
/// without `#[cfg(test)]` items (a test may use any module: test code is not part of the graph).
fn code(text: &str) -> String {
    let code = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    without_test_items(&code)
}

/// Removes each item that follows `#[cfg(test)]`: up to its `;` (`mod tests;`) or its matching
/// closing brace (`mod tests { … }`).
fn without_test_items(code: &str) -> String {
    const MARK: &str = "#[cfg(test)]";
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        let item = &rest[at + MARK.len()..];
        let mut depth = 0;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out
}

fn ident(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first path segment of each path that follows `crate::` (`crate::{a, b::c}` gives a, b).
fn crate_refs(code: &str) -> Vec<String> {
    let mut refs = Vec::new();
    for part in code.split("crate::").skip(1) {
        if let Some(group) = part.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    depth += (c == '{') as i32 - (c == '}') as i32;
                    depth == 0
                })
                .map_or(group.len(), |(i, _)| i);
            // top-level items of the group only
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group[..end].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        refs.push(ident(&group[i..]).to_string());
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            refs.push(ident(part).to_string());
        }
    }
    refs
}

/// Items re-exported at the crate root: `pub use engine::{run_replication, Simulation};`.
fn root_reexports(lib: &str, modules: &BTreeSet<String>) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for line in code(lib).lines() {
        let Some(rest) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let module = ident(rest).to_string();
        if !modules.contains(&module) {
            continue;
        }
        let items = rest[module.len()..].trim_start_matches("::");
        let items = items
            .trim_end_matches(';')
            .trim_matches(|c| c == '{' || c == '}');
        for item in items.split(',') {
            let name = item.rsplit("::").next().unwrap_or("").trim();
            let name = name.rsplit(" as ").next().unwrap_or(name).trim();
            if !name.is_empty() {
                map.insert(name.to_string(), module.clone());
            }
        }
    }
    map
}

/// The module graph: module → modules it names.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut all = Vec::new();
    files(&src_dir(), None, &mut all);
    let modules: BTreeSet<String> = all
        .iter()
        .map(|(m, _)| m.clone())
        .filter(|m| m != "lib")
        .collect();
    let lib = std::fs::read_to_string(src_dir().join("lib.rs")).unwrap();
    let reexports = root_reexports(&lib, &modules);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &all {
        if module == "lib" {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        for r in crate_refs(&code(&text)) {
            let target = if modules.contains(&r) {
                Some(r)
            } else {
                reexports.get(&r).cloned()
            };
            if let Some(t) = target.filter(|t| t != module) {
                edges.insert(t);
            }
        }
    }
    graph
}

/// A cycle of the graph as `a → b → a`, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<String> {
    fn visit<'a>(
        v: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<&'a str, u8>,
        path: &mut Vec<&'a str>,
    ) -> Option<String> {
        state.insert(v, 1);
        path.push(v);
        for w in graph.get(v).into_iter().flatten() {
            match state.get(w.as_str()).copied().unwrap_or(0) {
                0 => {
                    if let Some(c) = visit(w, graph, state, path) {
                        return Some(c);
                    }
                }
                1 => {
                    let from = path.iter().position(|x| *x == w).unwrap();
                    let mut cycle: Vec<&str> = path[from..].to_vec();
                    cycle.push(w);
                    return Some(cycle.join(" → "));
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(v, 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in graph.keys() {
        if !state.contains_key(v.as_str()) {
            if let Some(c) = visit(v, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

#[test]
fn sim_core_modules_import_each_other_without_cycles() {
    let g = graph();
    // the reader sees the edges it must see (so an empty graph cannot pass by accident)
    assert!(g["engine"].contains("model"), "{g:?}");
    assert!(g["report"].contains("summary"), "{g:?}");
    assert!(g["schedule"].contains("horizon"), "{g:?}");
    assert!(g["kpi"].contains("tally"), "{g:?}");
    assert_eq!(
        find_cycle(&g),
        None,
        "import cycle in sim-core/src; graph: {g:?}"
    );
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let imports =
        "use crate::{model::Model, schedule::{self, AgentPlan}};\nlet x = crate::Summary::new();";
    assert_eq!(crate_refs(imports), ["model", "schedule", "Summary"]);
    let with_tests = "use crate::a::X;\n#[cfg(test)]\nmod tests {\n    use crate::b::{Y, Z};\n}\n#[cfg(test)]\nmod more;\nfn f() { crate::c::g() }";
    assert_eq!(crate_refs(&code(with_tests)), ["a", "c"]);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("c".into());
    g.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&g).as_deref(), Some("a → b → c → a"));
    g.get_mut("c").unwrap().clear();
    assert_eq!(find_cycle(&g), None);
}
