//! Bad input never crashes: deep nesting is a SyntaxError, not a stack overflow.
//!
//! These run on cargo's test threads (2 MiB stacks by default), in debug builds, which is the
//! hardest case for stack use.

use kestrel::syntax::{estree, parse, Goal};

fn error_of(source: &str) -> String {
    match parse(source, Goal::Script) {
        Ok(_) => panic!("parsed, but must be a SyntaxError"),
        Err(e) => e.message,
    }
}

fn nested(open: &str, inner: &str, close: &str, depth: usize) -> String {
    format!(
        "x = {}{}{};",
        open.repeat(depth),
        inner,
        close.repeat(depth)
    )
}

#[test]
fn hundred_thousand_nested_brackets_are_a_syntax_error() {
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("{a:", "}"),
        ("-", ""),
        ("!", ""),
        ("a=>", ""),
    ] {
        let source = nested(open, "1", close, 100_000);
        assert_eq!(
            error_of(&source),
            "Maximum nesting depth exceeded",
            "for {open}"
        );
    }
    let blocks = format!("{}{}", "{".repeat(100_000), "}".repeat(100_000));
    assert_eq!(error_of(&blocks), "Maximum nesting depth exceeded");
    let functions = format!("{}{}", "function f(){".repeat(50_000), "}".repeat(50_000));
    assert_eq!(error_of(&functions), "Maximum nesting depth exceeded");
    let ifs = format!("{};", "if (1) ".repeat(100_000));
    assert_eq!(error_of(&ifs), "Maximum nesting depth exceeded");
}

#[test]
fn nesting_below_the_limit_parses_and_prints() {
    // 1 500 levels of parentheses, brackets and functions: deeper than any real program.
    for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}")] {
        let source = nested(open, "1", close, 1_500);
        let parsed = parse(&source, Goal::Script).unwrap_or_else(|e| panic!("{open}: {e}"));
        let json = estree::to_json(&parsed, &source);
        assert!(json.ends_with(r#""sourceType":"script"}"#), "{open}");
    }
}

#[test]
fn long_chains_are_bounded_like_nesting() {
    // `a + b + …` and `a.b.c…` build trees as deep as the chain is long; the parser bounds them
    // like nesting, so no later pass (printing, dropping, compiling) can run out of stack.
    let sum = format!("x = {}1;", "1 + ".repeat(200_000));
    assert_eq!(error_of(&sum), "Maximum nesting depth exceeded");
    let members = format!("x = a{};", ".b".repeat(200_000));
    assert_eq!(error_of(&members), "Maximum nesting depth exceeded");
    for source in [
        format!("x = {}1;", "1 + ".repeat(3_000)),
        format!("x = a{};", ".b()".repeat(1_500)),
    ] {
        let parsed = parse(&source, Goal::Script).unwrap_or_else(|e| panic!("{e}"));
        assert!(estree::to_json(&parsed, &source).ends_with(r#""sourceType":"script"}"#));
    }
}

#[test]
fn long_flat_lists_are_not_nesting() {
    let statements = "x;\n".repeat(200_000);
    assert!(
        parse(&statements, Goal::Script).is_ok(),
        "many statements parse"
    );
    let sequence = format!("x = [{}];", "1, ".repeat(200_000));
    assert!(
        parse(&sequence, Goal::Script).is_ok(),
        "a long array literal parses"
    );
}
