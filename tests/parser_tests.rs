//! The npm package `test262-parser-tests@0.0.5` (in tests/npm/node_modules; `./build.sh test` installs it).
//!
//! - `pass/X` must parse (Module goal for `*.module.js`), and so must `pass-explicit/X`, and the two must give
//!   the same ESTree once the things the suite's README calls insignificant are normalized away.
//! - `fail/X` and `early/X` must be rejected.
//!
//! `tests/parser-tests-expectations.txt` lists the files that became legal after this ES2016-era snapshot
//! (asserted to parse) and the pass-explicit twins that are errata (asserted to differ), each with a reason.
//!
//! What the pass/pass-explicit comparison normalizes, and why (measured with acorn on all 1,981 pairs):
//! - `start`, `end`, `loc`, `range`: positions; the twins differ in whitespace, comments, parentheses.
//! - `raw` of `Literal` nodes only: the twins spell the same value differently (`'c'` vs `"c"`, `0x10` vs
//!   `16`). A TemplateElement's `value.raw` is kept: it is part of the program's meaning (tagged templates).
//!   A directive's `directive` field is kept too: no twin changes a directive's spelling.
//! - nested `SequenceExpression`s are flattened: the twins write `a, b, c` as `((a, b), c)`, an equivalent
//!   program that ESTree nests while the suite's (Shift) AST does not.
//! - the key of a non-computed Property / MethodDefinition / PropertyDefinition becomes its property name
//!   (`{'a': 1}` vs `{a: 1}`, `{2e308: 1}` vs `{Infinity: 1}`, `'constructor'() {}` vs `constructor() {}`).
//!
//! With that, acorn makes 1,947 of the 1,981 pairs equal; the other 34 are errata listed in the expectations.
//! The comparison needs no JSON crate: a small JSON reader below builds a tree from `to_json`'s output.
//!
//! One #[test] per category; the first one to run computes all categories (in parallel, on 2 threads) and
//! prints the summary line `parser-tests: pass N/N, explicit-equal N/N, fail rejected N/N, early rejected N/N`
//! (files listed in the expectations are left out of those counts), then a line for the listed files.

use kestrel::syntax::{self, Goal};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const MAX_LISTED: usize = 30;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/npm/node_modules/test262-parser-tests")
}

// --- expectations --------------------------------------------------------------------------------

#[derive(Default)]
struct Expectations {
    /// fail/ and early/ files that must parse: "fail/X" or "early/X" → reason.
    now_legal: BTreeMap<String, String>,
    /// pass/ files whose pass-explicit/ twin must differ: file name → reason.
    explicit_differs: BTreeMap<String, String>,
}

fn load_expectations() -> Result<Expectations, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parser-tests-expectations.txt");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut exp = Expectations::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (entry, reason) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(format!(
                "{}:{}: entry without a reason",
                path.display(),
                n + 1
            ));
        }
        let (dir, file) = entry.split_once('/').ok_or_else(|| {
            format!(
                "{}:{}: expected DIR/FILE, got {entry:?}",
                path.display(),
                n + 1
            )
        })?;
        let duplicate = match dir {
            "fail" | "early" => exp.now_legal.insert(entry.to_string(), reason).is_some(),
            "pass-explicit" => exp
                .explicit_differs
                .insert(file.to_string(), reason)
                .is_some(),
            _ => {
                return Err(format!(
                    "{}:{}: unknown directory {dir:?}",
                    path.display(),
                    n + 1
                ))
            }
        };
        if duplicate {
            return Err(format!(
                "{}:{}: duplicate entry {entry}",
                path.display(),
                n + 1
            ));
        }
        if !suite_dir().join(entry).is_file() {
            return Err(format!(
                "{}:{}: no such file {entry} in the suite",
                path.display(),
                n + 1
            ));
        }
    }
    Ok(exp)
}

// --- running the parser --------------------------------------------------------------------------

fn goal_of(file: &str) -> Goal {
    if file.ends_with(".module.js") {
        Goal::Module
    } else {
        Goal::Script
    }
}

fn line_col(source: &str, offset: u32) -> (usize, usize) {
    let mut end = (offset as usize).min(source.len());
    while !source.is_char_boundary(end) {
        end -= 1;
    }
    let before = &source[..end];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "(non-string panic payload)".to_string()
    }
}

/// Parse a file: Ok(ESTree JSON) or Err(a one-line reason). Panics are caught and reported.
fn parse_file(path: &Path, goal: Goal, want_json: bool) -> Result<String, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("cannot read: {e}"))?;
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        syntax::parse(&source, goal).map(|parsed| {
            if want_json {
                syntax::estree::to_json(&parsed, &source)
            } else {
                String::new()
            }
        })
    }));
    match result {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(err)) => {
            let (line, col) = line_col(&source, err.span.start);
            Err(format!("SyntaxError at {line}:{col}: {}", err.message))
        }
        Err(payload) => Err(format!("PANIC: {}", panic_message(&*payload))),
    }
}

// --- the four categories ---------------------------------------------------------------------------

/// Counts for one category. Files listed in the expectations file are counted apart (`listed_*`), so
/// `ok/total` is about the files that keep their original verdict.
struct Category {
    ok: usize,
    total: usize,
    listed_ok: usize,
    listed_total: usize,
    failures: Vec<String>,
}

struct Results {
    pass: Category,
    explicit: Category,
    fail: Category,
    early: Category,
}

fn list_dir(dir: &str) -> Result<Vec<String>, String> {
    let path = suite_dir().join(dir);
    let mut names: Vec<String> = std::fs::read_dir(&path)
        .map_err(|e| format!("cannot list {}: {e}", path.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".js"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("{} has no .js files", path.display()));
    }
    Ok(names)
}

/// Run `f` over `items` on 2 threads (with a big stack: debug builds recurse deeply), keeping order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(items.len().div_ceil(2).max(1))
            .map(|part| {
                std::thread::Builder::new()
                    .stack_size(256 << 20)
                    .spawn_scoped(s, move || part.iter().map(f).collect::<Vec<R>>())
                    .expect("spawn test thread")
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("worker thread panicked"))
            .collect()
    })
}

/// One outcome per file, and whether the file is listed in the expectations; `Ok(())` is success.
fn tally(outcomes: Vec<(bool, Result<(), String>)>) -> Category {
    let mut c = Category {
        ok: 0,
        total: 0,
        listed_ok: 0,
        listed_total: 0,
        failures: Vec::new(),
    };
    for (listed, outcome) in outcomes {
        let ok = outcome.is_ok();
        if let Err(e) = outcome {
            c.failures.push(e);
        }
        if listed {
            c.listed_total += 1;
            c.listed_ok += usize::from(ok);
        } else {
            c.total += 1;
            c.ok += usize::from(ok);
        }
    }
    c
}

fn run_pass(names: &[String]) -> Category {
    let dir = suite_dir();
    tally(par_map(names, |name| {
        let outcome = parse_file(&dir.join("pass").join(name), goal_of(name), false)
            .map(|_| ())
            .map_err(|e| format!("pass/{name}: {e}"));
        (false, outcome)
    }))
}

fn run_explicit(names: &[String], exp: &Expectations) -> Category {
    tally(par_map(names, |name| {
        (
            exp.explicit_differs.contains_key(name),
            compare_twins(name, exp),
        )
    }))
}

fn compare_twins(name: &str, exp: &Expectations) -> Result<(), String> {
    let dir = suite_dir();
    let goal = goal_of(name);
    let a = parse_file(&dir.join("pass").join(name), goal, true)
        .map_err(|e| format!("pass/{name}: {e}"))?;
    let b = parse_file(&dir.join("pass-explicit").join(name), goal, true)
        .map_err(|e| format!("pass-explicit/{name}: {e}"))?;
    let ta = json::parse(&a).map_err(|e| format!("pass/{name}: to_json gave invalid JSON: {e}"))?;
    let tb = json::parse(&b)
        .map_err(|e| format!("pass-explicit/{name}: to_json gave invalid JSON: {e}"))?;
    let diff = json::first_difference(&json::normalize(ta), &json::normalize(tb));
    match (diff, exp.explicit_differs.get(name)) {
        (None, None) => Ok(()),
        (Some(d), None) => Err(format!("pass-explicit/{name}: AST differs from pass/: {d}")),
        (Some(_), Some(_)) => Ok(()),
        (None, Some(reason)) => Err(format!(
            "pass-explicit/{name}: listed as differing ({reason}) but the ASTs are equal: \
             the normalization or the parser drops something"
        )),
    }
}

fn run_reject(dir_name: &str, names: &[String], exp: &Expectations) -> Category {
    let dir = suite_dir().join(dir_name);
    tally(par_map(names, |name| {
        let entry = format!("{dir_name}/{name}");
        let result = parse_file(&dir.join(name), goal_of(name), false);
        let listed = exp.now_legal.get(&entry);
        let outcome = match (result, listed) {
            (Err(e), _) if e.starts_with("PANIC") => Err(format!("{entry}: {e}")),
            (Err(_), None) | (Ok(_), Some(_)) => Ok(()),
            (Ok(_), None) => Err(format!("{entry}: parsed, but must be rejected")),
            (Err(e), Some(reason)) => Err(format!("{entry}: must parse ({reason}), but: {e}")),
        };
        (listed.is_some(), outcome)
    }))
}

fn compute() -> Result<Results, String> {
    let dir = suite_dir();
    if !dir.is_dir() {
        return Err(format!(
            "{} is missing: run `./build.sh test` (or `npm ci` in tests/npm) to install the test inputs",
            dir.display()
        ));
    }
    let exp = load_expectations()?;
    let pass = list_dir("pass")?;
    let explicit = list_dir("pass-explicit")?;
    if pass != explicit {
        return Err("pass/ and pass-explicit/ do not hold the same file names".to_string());
    }
    for name in exp.explicit_differs.keys() {
        if !pass.contains(name) {
            return Err(format!(
                "expectations: pass-explicit/{name} has no pass/ twin"
            ));
        }
    }
    let fail = list_dir("fail")?;
    let early = list_dir("early")?;
    let results = Results {
        pass: run_pass(&pass),
        explicit: run_explicit(&pass, &exp),
        fail: run_reject("fail", &fail, &exp),
        early: run_reject("early", &early, &exp),
    };
    let (r, listed) = (
        &results,
        results.fail.listed_total + results.early.listed_total,
    );
    let line = format!(
        "parser-tests: pass {}/{}, explicit-equal {}/{}, fail rejected {}/{}, early rejected {}/{}\n\
         parser-tests: expectations file: now-legal files parse {}/{}, explicit-twin errata differ {}/{}\n",
        r.pass.ok,
        r.pass.total,
        r.explicit.ok,
        r.explicit.total,
        r.fail.ok,
        r.fail.total,
        r.early.ok,
        r.early.total,
        r.fail.listed_ok + r.early.listed_ok,
        listed,
        r.explicit.listed_ok,
        r.explicit.listed_total,
    );
    // Written to the stderr handle directly (not eprint!), so the test harness does not capture it.
    let _ = std::io::stderr().write_all(line.as_bytes());
    Ok(results)
}

fn results() -> &'static Results {
    static RESULTS: OnceLock<Result<Results, String>> = OnceLock::new();
    match RESULTS.get_or_init(compute) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn check(what: &str, category: &Category) {
    if category.failures.is_empty() {
        return;
    }
    let mut msg = format!(
        "{what}: {} of {} files failed (showing up to {MAX_LISTED}):\n",
        category.failures.len(),
        category.total + category.listed_total
    );
    for f in category.failures.iter().take(MAX_LISTED) {
        msg.push_str("  ");
        msg.push_str(f);
        msg.push('\n');
    }
    panic!("{msg}");
}

#[test]
fn pass_files_parse() {
    check("pass/ files parse", &results().pass);
}

#[test]
fn pass_explicit_twins_give_the_same_ast() {
    check(
        "pass-explicit/ twins give the same AST",
        &results().explicit,
    );
}

#[test]
fn fail_files_are_rejected() {
    check("fail/ files are rejected", &results().fail);
}

#[test]
fn early_files_are_rejected() {
    check("early/ files are rejected", &results().early);
}

#[test]
fn json_normalization_works() {
    let a = json::parse(
        r#"{"type":"Program","start":0,"end":9,"loc":{"start":{"line":1,"column":0}},"body":[
           {"type":"SequenceExpression","expressions":[{"type":"SequenceExpression","expressions":[
             {"type":"Literal","value":1,"raw":"0x1"},{"type":"Literal","value":"a\"b","raw":"'a\"b'"}]},
             {"type":"TemplateElement","value":{"raw":"\\n","cooked":"\n"}}]},
           {"type":"Property","computed":false,"key":{"type":"Literal","value":null,"raw":"2e308"}}]}"#,
    )
    .unwrap();
    let b = json::parse(
        r#"{"type":"Program","body":[{"type":"SequenceExpression","expressions":[{"type":"Literal","value":1},
           {"type":"Literal","value":"a\"b"},{"type":"TemplateElement","value":{"raw":"\\n","cooked":"\n"}}]},
           {"type":"Property","computed":false,"key":{"type":"Identifier","name":"Infinity"}}]}"#,
    )
    .unwrap();
    let (a, b) = (json::normalize(a), json::normalize(b));
    assert_eq!(json::first_difference(&a, &b), None);
    let c = json::normalize(
        json::parse(
            r#"{"type":"Program","body":[{"type":"Literal","value":2},[true,false,-1.5e3]]}"#,
        )
        .unwrap(),
    );
    assert_eq!(
        json::first_difference(&a, &c).unwrap(),
        "body[0].type: \"SequenceExpression\" vs \"Literal\""
    );
    assert!(json::parse("{\"a\":1,}").is_err());
    assert!(json::parse("").is_err());
    assert!(json::parse("[1] x").is_err());
}

/// Just enough JSON for comparing ESTree output: strings are kept in their escaped form (both sides come
/// from the same printer), numbers as their text.
mod json {
    #[derive(Clone, Debug, PartialEq)]
    pub enum Value {
        Null,
        Bool(bool),
        Num(String),
        Str(String),
        Arr(Vec<Value>),
        Obj(Vec<(String, Value)>),
    }

    pub fn parse(text: &str) -> Result<Value, String> {
        let mut p = Parser {
            s: text.as_bytes(),
            i: 0,
        };
        let v = p.value(0)?;
        p.ws();
        if p.i != p.s.len() {
            return Err(format!("trailing characters at byte {}", p.i));
        }
        Ok(v)
    }

    struct Parser<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl Parser<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            }
        }
        fn err<T>(&self, what: &str) -> Result<T, String> {
            Err(format!("{what} at byte {}", self.i))
        }
        fn eat(&mut self, b: u8) -> bool {
            self.ws();
            if self.s.get(self.i) == Some(&b) {
                self.i += 1;
                true
            } else {
                false
            }
        }
        fn value(&mut self, depth: usize) -> Result<Value, String> {
            if depth > 10_000 {
                return self.err("nesting too deep");
            }
            self.ws();
            match self.s.get(self.i) {
                None => self.err("unexpected end"),
                Some(b'{') => {
                    self.i += 1;
                    let mut members = Vec::new();
                    if self.eat(b'}') {
                        return Ok(Value::Obj(members));
                    }
                    loop {
                        self.ws();
                        let key = self.string()?;
                        if !self.eat(b':') {
                            return self.err("expected ':'");
                        }
                        members.push((key, self.value(depth + 1)?));
                        if self.eat(b'}') {
                            return Ok(Value::Obj(members));
                        }
                        if !self.eat(b',') {
                            return self.err("expected ',' or '}'");
                        }
                    }
                }
                Some(b'[') => {
                    self.i += 1;
                    let mut items = Vec::new();
                    if self.eat(b']') {
                        return Ok(Value::Arr(items));
                    }
                    loop {
                        items.push(self.value(depth + 1)?);
                        if self.eat(b']') {
                            return Ok(Value::Arr(items));
                        }
                        if !self.eat(b',') {
                            return self.err("expected ',' or ']'");
                        }
                    }
                }
                Some(b'"') => Ok(Value::Str(self.string()?)),
                Some(b't') if self.s[self.i..].starts_with(b"true") => {
                    self.i += 4;
                    Ok(Value::Bool(true))
                }
                Some(b'f') if self.s[self.i..].starts_with(b"false") => {
                    self.i += 5;
                    Ok(Value::Bool(false))
                }
                Some(b'n') if self.s[self.i..].starts_with(b"null") => {
                    self.i += 4;
                    Ok(Value::Null)
                }
                Some(b'-' | b'0'..=b'9') => {
                    let start = self.i;
                    self.i += 1;
                    while self.i < self.s.len()
                        && matches!(
                            self.s[self.i],
                            b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'
                        )
                    {
                        self.i += 1;
                    }
                    Ok(Value::Num(
                        String::from_utf8_lossy(&self.s[start..self.i]).into_owned(),
                    ))
                }
                Some(_) => self.err("unexpected character"),
            }
        }
        /// A string's contents, escapes left as written.
        fn string(&mut self) -> Result<String, String> {
            if self.s.get(self.i) != Some(&b'"') {
                return self.err("expected a string");
            }
            let start = self.i + 1;
            let mut j = start;
            loop {
                match self.s.get(j) {
                    None => return self.err("unterminated string"),
                    Some(b'"') => break,
                    Some(b'\\') => j += 2,
                    Some(c) if *c < 0x20 => return self.err("control character in string"),
                    Some(_) => j += 1,
                }
            }
            self.i = j + 1;
            Ok(String::from_utf8_lossy(&self.s[start..j]).into_owned())
        }
    }

    fn get<'a>(members: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
        members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// See the module comment of this file for what is normalized and why.
    pub fn normalize(v: Value) -> Value {
        match v {
            Value::Arr(items) => Value::Arr(items.into_iter().map(normalize).collect()),
            Value::Obj(members) => {
                let ty = match get(&members, "type") {
                    Some(Value::Str(t)) => t.clone(),
                    _ => String::new(),
                };
                let non_computed_key = matches!(
                    ty.as_str(),
                    "Property" | "MethodDefinition" | "PropertyDefinition"
                ) && get(&members, "computed") == Some(&Value::Bool(false));
                let mut out = Vec::with_capacity(members.len());
                for (k, v) in members {
                    match k.as_str() {
                        "start" | "end" | "loc" | "range" => continue,
                        "raw" if ty == "Literal" => continue,
                        "key" if non_computed_key => out.push((k, property_name(v))),
                        "expressions" if ty == "SequenceExpression" => out.push((k, flatten(v))),
                        _ => out.push((k, normalize(v))),
                    }
                }
                Value::Obj(out)
            }
            other => other,
        }
    }

    fn flatten(v: Value) -> Value {
        let Value::Arr(items) = v else {
            return normalize(v);
        };
        let mut out = Vec::new();
        for item in items {
            match normalize(item) {
                Value::Obj(m)
                    if get(&m, "type") == Some(&Value::Str("SequenceExpression".into())) =>
                {
                    match get(&m, "expressions") {
                        Some(Value::Arr(inner)) => out.extend(inner.iter().cloned()),
                        _ => out.push(Value::Obj(m)),
                    }
                }
                other => out.push(other),
            }
        }
        Value::Arr(out)
    }

    /// The property name a non-computed key stands for: `a`, `'a'` and `"a"` → "a"; `1e3` → "1000" (the
    /// printer writes numbers as JS does); Infinity (JSON `null`, e.g. `2e308`) → "Infinity"; `1n` → "1".
    fn property_name(key: Value) -> Value {
        let name = match &key {
            Value::Obj(m) => match (
                get(m, "type"),
                get(m, "name"),
                get(m, "value"),
                get(m, "bigint"),
            ) {
                (Some(Value::Str(t)), Some(Value::Str(n)), _, _) if t == "Identifier" => {
                    Some(n.clone())
                }
                (Some(Value::Str(t)), _, _, Some(Value::Str(b))) if t == "Literal" => {
                    Some(b.clone())
                }
                (Some(Value::Str(t)), _, Some(Value::Str(s)), _) if t == "Literal" => {
                    Some(s.clone())
                }
                (Some(Value::Str(t)), _, Some(Value::Num(n)), _) if t == "Literal" => {
                    Some(n.clone())
                }
                (Some(Value::Str(t)), _, Some(Value::Null), _) if t == "Literal" => {
                    Some("Infinity".to_string())
                }
                _ => None,
            },
            _ => None,
        };
        match name {
            Some(n) => Value::Obj(vec![
                ("type".into(), Value::Str("Key".into())),
                ("name".into(), Value::Str(n)),
            ]),
            None => normalize(key),
        }
    }

    fn show(v: &Value) -> String {
        let s = match v {
            Value::Null => "null".to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => n.clone(),
            Value::Str(s) => format!("\"{s}\""),
            Value::Arr(a) => format!("[{} elements]", a.len()),
            Value::Obj(m) => match get(m, "type") {
                Some(Value::Str(t)) => format!("{{{t}}}"),
                _ => "{...}".to_string(),
            },
        };
        if s.len() > 80 {
            let mut end = 80;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            format!("{}...", &s[..end])
        } else {
            s
        }
    }

    /// The path to the first difference and the two values there, or None if equal.
    pub fn first_difference(a: &Value, b: &Value) -> Option<String> {
        let mut notes = Vec::new();
        let d = diff(a, b, "", &mut notes)?;
        notes.push(d);
        Some(notes.join("; "))
    }

    fn diff(a: &Value, b: &Value, path: &str, notes: &mut Vec<String>) -> Option<String> {
        match (a, b) {
            (Value::Obj(ma), Value::Obj(mb)) => {
                for (k, va) in ma {
                    let p = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    match get(mb, k) {
                        Some(vb) => {
                            if let Some(d) = diff(va, vb, &p, notes) {
                                return Some(d);
                            }
                        }
                        None => return Some(format!("{p}: {} vs (missing)", show(va))),
                    }
                }
                for (k, vb) in mb {
                    if get(ma, k).is_none() {
                        let p = if path.is_empty() {
                            k.clone()
                        } else {
                            format!("{path}.{k}")
                        };
                        return Some(format!("{p}: (missing) vs {}", show(vb)));
                    }
                }
                None
            }
            (Value::Arr(xa), Value::Arr(xb)) => {
                if xa.len() != xb.len() {
                    notes.push(format!(
                        "{path}: {} elements vs {} elements",
                        xa.len(),
                        xb.len()
                    ));
                }
                for (i, (va, vb)) in xa.iter().zip(xb).enumerate() {
                    if let Some(d) = diff(va, vb, &format!("{path}[{i}]"), notes) {
                        return Some(d);
                    }
                }
                if xa.len() != xb.len() {
                    return notes.pop();
                }
                None
            }
            _ if a == b => None,
            _ => Some(format!(
                "{}: {} vs {}",
                if path.is_empty() { "(root)" } else { path },
                show(a),
                show(b)
            )),
        }
    }
}
