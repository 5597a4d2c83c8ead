//! The server: configuration, database, sessions, sign-in, and the axum application that
//! serves the Leptos app.

pub mod assets;
pub mod auth;
pub mod background;
pub mod cli;
pub mod config;
pub mod db;
pub mod download;
pub mod email;
pub mod health;
pub mod metrics;
pub mod middleware;
pub mod notify_receipts;
pub mod routes;
pub mod security;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;

/// The modules' imports form no circle, and configuration imports nothing of ours: read from the
/// sources, as no compiler check says so.
#[cfg(test)]
mod module_graph {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    /// Each top-level module, and the other top-level modules it names (`crate::x`).
    fn graph() -> BTreeMap<String, BTreeSet<String>> {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut files = vec![src.clone()];
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let module = relative
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_owned();
            if ["lib", "main"].contains(&module.as_str()) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let uses = graph.entry(module.clone()).or_default();
            for (at, _) in text.match_indices("crate::") {
                let name: String = text[at + "crate::".len()..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() && name != module {
                    uses.insert(name);
                }
            }
            for (at, _) in text.match_indices("use crate::{") {
                let list = &text[at + "use crate::{".len()..];
                let list = &list[..list.find('}').unwrap_or(0)];
                for name in list
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or(""))
                {
                    if !name.is_empty() && name != module && name != "self" {
                        uses.insert(name.to_owned());
                    }
                }
            }
        }
        graph
    }

    fn reaches(graph: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut next = vec![from.to_owned()];
        while let Some(module) = next.pop() {
            for used in graph.get(&module).into_iter().flatten() {
                if used == to {
                    return true;
                }
                if seen.insert(used.clone()) {
                    next.push(used.clone());
                }
            }
        }
        false
    }

    #[test]
    fn no_module_imports_one_that_imports_it_back() {
        let graph = graph();
        assert!(graph.contains_key("startup") && graph.contains_key("auth"));
        let circles: Vec<(&String, &String)> = graph
            .iter()
            .flat_map(|(module, uses)| uses.iter().map(move |used| (module, used)))
            .filter(|(module, used)| reaches(&graph, used, module))
            .collect();
        assert!(circles.is_empty(), "import circles: {circles:?}");
        assert_eq!(
            graph["config"],
            BTreeSet::new(),
            "configuration is plain values"
        );
    }
}
