//! Module loading for hosts: the `ModuleLoader` trait the VM calls from HostLoadImportedModule
//! (ECMA-262), an in-memory loader (a map of name → source; the wasm build and tests) and,
//! on native builds, a file-system loader (the CLI).
//!
//! Names are what the loader says they are: the VM keys its module map by `resolve`'s result, so one
//! name is one module record per engine.

use std::collections::HashMap;

/// Resolves module specifiers and loads module source text.
pub trait ModuleLoader {
    /// The name of the module `specifier` imported by the module named `referrer` (`None` for an
    /// entry point). An `Err` is the message of the Error the import throws.
    fn resolve(&mut self, specifier: &str, referrer: Option<&str>) -> Result<String, String>;

    /// The source text of the module named `name` (a `resolve` result).
    fn load(&mut self, name: &str) -> Result<String, String>;

    /// `import.meta.url` of the module named `name`.
    fn url(&self, name: &str) -> String {
        name.to_string()
    }
}

/// `specifier` resolved against the directory of `referrer`, when it is relative (`./`, `../`, or
/// absolute `/`); `.` and `..` segments removed. Other specifiers are returned as they are.
pub fn join_specifier(specifier: &str, referrer: Option<&str>) -> String {
    let relative = specifier.starts_with("./") || specifier.starts_with("../");
    if !relative && !specifier.starts_with('/') {
        return specifier.to_string();
    }
    let mut parts: Vec<&str> = Vec::new();
    let absolute = if relative {
        let base = referrer.unwrap_or("");
        // The referrer's directory.
        if let Some(dir) = base.rfind('/').map(|i| &base[..i]) {
            parts.extend(dir.split('/'));
        }
        base.starts_with('/')
    } else {
        true
    };
    for segment in specifier.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                if matches!(parts.last(), Some(&p) if p != "..") && !parts.is_empty() {
                    parts.pop();
                } else if !absolute {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    parts.retain(|p| !p.is_empty());
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// Modules held in memory: name → source text. Relative specifiers resolve against the importing
/// module's name like paths (`"./b.mjs"` from `"lib/a.mjs"` is `"lib/b.mjs"`).
#[derive(Default, Clone)]
pub struct MemoryLoader {
    pub modules: HashMap<String, String>,
}

impl MemoryLoader {
    pub fn new() -> MemoryLoader {
        MemoryLoader::default()
    }

    /// Add (or replace) the module `name`.
    pub fn insert(&mut self, name: impl Into<String>, source: impl Into<String>) -> &mut Self {
        self.modules.insert(name.into(), source.into());
        self
    }
}

impl ModuleLoader for MemoryLoader {
    fn resolve(&mut self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        let name = join_specifier(specifier, referrer);
        if self.modules.contains_key(&name) {
            Ok(name)
        } else {
            Err(not_found(specifier, referrer))
        }
    }

    fn load(&mut self, name: &str) -> Result<String, String> {
        self.modules
            .get(name)
            .cloned()
            .ok_or_else(|| not_found(name, None))
    }
}

fn not_found(specifier: &str, referrer: Option<&str>) -> String {
    match referrer {
        Some(r) => format!("Cannot find module '{specifier}' imported from {r}"),
        None => format!("Cannot find module '{specifier}'"),
    }
}

/// Modules on the file system (on wasm32 it compiles but finds no file): relative specifiers resolve against the importing
/// file's directory, an entry point against the current directory; a module's name is its
/// canonical path.
#[derive(Default)]
pub struct FsLoader;

impl ModuleLoader for FsLoader {
    fn resolve(&mut self, specifier: &str, referrer: Option<&str>) -> Result<String, String> {
        let path = match referrer {
            _ if std::path::Path::new(specifier).is_absolute() => {
                std::path::PathBuf::from(specifier)
            }
            Some(r) => {
                if !(specifier.starts_with("./") || specifier.starts_with("../")) {
                    return Err(format!(
                        "Cannot find package '{specifier}' imported from {r} (only relative specifiers are supported)"
                    ));
                }
                std::path::Path::new(r)
                    .parent()
                    .unwrap_or(std::path::Path::new("."))
                    .join(specifier)
            }
            None => std::path::PathBuf::from(specifier),
        };
        match std::fs::canonicalize(&path) {
            Ok(p) => Ok(p.to_string_lossy().into_owned()),
            Err(_) => Err(not_found(specifier, referrer)),
        }
    }

    fn load(&mut self, name: &str) -> Result<String, String> {
        match std::fs::read(name) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| format!("{name}: not valid UTF-8")),
            Err(e) => Err(format!("Cannot load module {name}: {e}")),
        }
    }

    fn url(&self, name: &str) -> String {
        format!("file://{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_specifiers_join_the_referrers_directory() {
        assert_eq!(join_specifier("./b.mjs", Some("lib/a.mjs")), "lib/b.mjs");
        assert_eq!(join_specifier("../b.mjs", Some("lib/x/a.mjs")), "lib/b.mjs");
        assert_eq!(join_specifier("./b.mjs", Some("a.mjs")), "b.mjs");
        assert_eq!(join_specifier("./b.mjs", None), "b.mjs");
        assert_eq!(join_specifier("../b.mjs", Some("a.mjs")), "../b.mjs");
        assert_eq!(join_specifier("./b.mjs", Some("/x/a.mjs")), "/x/b.mjs");
        assert_eq!(join_specifier("pkg", Some("lib/a.mjs")), "pkg");
        assert_eq!(join_specifier("/abs/./c.js", None), "/abs/c.js");
    }

    #[test]
    fn the_memory_loader_finds_only_what_it_holds() {
        let mut l = MemoryLoader::new();
        l.insert("lib/a.mjs", "export let a = 1;");
        assert_eq!(
            l.resolve("./a.mjs", Some("lib/main.mjs")),
            Ok("lib/a.mjs".into())
        );
        assert!(l.resolve("./missing.mjs", Some("lib/main.mjs")).is_err());
        assert_eq!(l.load("lib/a.mjs").unwrap(), "export let a = 1;");
    }
}
