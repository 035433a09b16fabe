//! Unit tests of the lexer, one group per rule of ECMA-262 §12 / Annex B.1.

use super::*;
use TokenKind::*;

/// All tokens of `src` (Script goal) up to and excluding Eof; panics on an error.
fn lex_goal(src: &str, module: bool) -> Vec<Token> {
    let mut lexer = Lexer::new(src, module);
    let mut out = Vec::new();
    loop {
        let tok = lexer
            .next_token()
            .unwrap_or_else(|e| panic!("{src:?}: {e:?}"));
        if tok.kind == Eof {
            return out;
        }
        out.push(tok);
    }
}

fn lex(src: &str) -> Vec<Token> {
    lex_goal(src, false)
}

fn kinds(src: &str) -> Vec<TokenKind> {
    lex(src).iter().map(|t| t.kind).collect()
}

fn kinds_module(src: &str) -> Vec<TokenKind> {
    lex_goal(src, true).iter().map(|t| t.kind).collect()
}

/// The first error lexing `src`; panics if there is none.
fn error(src: &str) -> SyntaxError {
    let mut lexer = Lexer::new(src, false);
    loop {
        match lexer.next_token() {
            Ok(tok) if tok.kind == Eof => panic!("{src:?}: no error"),
            Ok(_) => {}
            Err(e) => return e,
        }
    }
}

fn error_message(src: &str) -> std::string::String {
    error(src).message
}

/// The single token of `src` and the lexer (for payloads).
fn single(src: &str) -> (Token, Lexer<'_>) {
    let mut lexer = Lexer::new(src, false);
    let tok = lexer
        .next_token()
        .unwrap_or_else(|e| panic!("{src:?}: {e:?}"));
    let end = lexer.clone_state_end();
    assert_eq!(end, src.len(), "{src:?} is not a single token");
    (tok, lexer)
}

impl Lexer<'_> {
    fn clone_state_end(&self) -> usize {
        self.pos
    }
}

fn number(src: &str) -> f64 {
    let (tok, _) = single(src);
    assert_eq!(tok.kind, Number, "{src:?}");
    tok.number
}

fn string(src: &str) -> Vec<u16> {
    let (tok, mut lexer) = single(src);
    assert_eq!(tok.kind, String, "{src:?}");
    lexer.take_string_value().into_vec()
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

// ---- Punctuators (12.8) ----

#[test]
fn punctuators_longest_match() {
    let all = "{ } ( ) [ ] . ... ; , < > <= >= == != === !== + - * / % ** ++ -- << >> >>> & | ^ ! ~ && || ?? ? ?. : = += -= *= /= %= **= <<= >>= >>>= &= |= ^= &&= ||= ??= => @";
    let expected = [
        LBrace,
        RBrace,
        LParen,
        RParen,
        LBracket,
        RBracket,
        Dot,
        Ellipsis,
        Semicolon,
        Comma,
        Lt,
        Gt,
        LtEq,
        GtEq,
        EqEq,
        NotEq,
        EqEqEq,
        NotEqEq,
        Plus,
        Minus,
        Star,
        Slash,
        Percent,
        StarStar,
        PlusPlus,
        MinusMinus,
        LtLt,
        GtGt,
        GtGtGt,
        Amp,
        Pipe,
        Caret,
        Bang,
        Tilde,
        AmpAmp,
        PipePipe,
        QuestionQuestion,
        Question,
        QuestionDot,
        Colon,
        Eq,
        PlusEq,
        MinusEq,
        StarEq,
        SlashEq,
        PercentEq,
        StarStarEq,
        LtLtEq,
        GtGtEq,
        GtGtGtEq,
        AmpEq,
        PipeEq,
        CaretEq,
        AmpAmpEq,
        PipePipeEq,
        QuestionQuestionEq,
        Arrow,
        At,
    ];
    assert_eq!(kinds(all), expected);
    // Every kind's describe() text lexes back to that kind.
    for kind in expected {
        assert_eq!(kinds(kind.describe()), [kind]);
    }
    // Without spaces the longest match applies.
    assert_eq!(kinds("a>>>=b"), [Identifier, GtGtGtEq, Identifier]);
    assert_eq!(kinds("a>>>b"), [Identifier, GtGtGt, Identifier]);
    assert_eq!(kinds("a+++b"), [Identifier, PlusPlus, Plus, Identifier]);
    assert_eq!(kinds("a=>=b"), [Identifier, Arrow, Eq, Identifier]);
    assert_eq!(kinds("...."), [Ellipsis, Dot]);
    assert_eq!(kinds(".."), [Dot, Dot]);
    assert_eq!(kinds("a**=b"), [Identifier, StarStarEq, Identifier]);
    assert_eq!(kinds("a!==b"), [Identifier, NotEqEq, Identifier]);
    let toks = lex("a >>>= b");
    assert_eq!(toks[1].span, Span::new(2, 6));
}

#[test]
fn optional_chaining_not_before_a_digit() {
    assert_eq!(
        kinds("a?.5:1"),
        [Identifier, Question, Number, Colon, Number]
    );
    assert_eq!(lex("a?.5:1")[2].number, 0.5);
    assert_eq!(kinds("a?.b"), [Identifier, QuestionDot, Identifier]);
    assert_eq!(
        kinds("a?.[0]"),
        [Identifier, QuestionDot, LBracket, Number, RBracket]
    );
    assert_eq!(kinds("a??b"), [Identifier, QuestionQuestion, Identifier]);
    assert_eq!(
        kinds("a ??= b"),
        [Identifier, QuestionQuestionEq, Identifier]
    );
}

// ---- White space, line terminators, comments (12.2–12.4) ----

#[test]
fn white_space_is_skipped() {
    for ws in [
        "\t", "\u{0B}", "\u{0C}", " ", "\u{A0}", "\u{FEFF}", "\u{1680}", "\u{2000}", "\u{2005}",
        "\u{200A}", "\u{202F}", "\u{205F}", "\u{3000}",
    ] {
        let src = format!("a{ws}b");
        let toks = lex(&src);
        assert_eq!(toks.len(), 2, "{ws:?}");
        assert!(!toks[1].newline_before, "{ws:?}");
        assert_eq!(toks[1].span.start as usize, 1 + ws.len());
    }
    // Not white space: U+200B ZERO WIDTH SPACE (Cf), U+180E (no longer Zs).
    assert_eq!(error_message("a\u{200B}b"), INVALID_TOKEN);
    assert_eq!(error("a \u{180E}").span, Span::new(2, 5));
}

#[test]
fn line_terminators_set_newline_before() {
    for lt in ["\n", "\r", "\r\n", "\u{2028}", "\u{2029}"] {
        let src = format!("a{lt}b");
        let toks = lex(&src);
        assert!(!toks[0].newline_before);
        assert!(toks[1].newline_before, "{lt:?}");
    }
    assert!(lex("\na")[0].newline_before);
    assert!(!lex("a b")[1].newline_before);
    // Eof carries the flag too.
    let mut lexer = Lexer::new("a\n", false);
    lexer.next_token().unwrap();
    let eof = lexer.next_token().unwrap();
    assert_eq!(eof.kind, Eof);
    assert!(eof.newline_before);
    assert_eq!(eof.span, Span::new(2, 2));
}

#[test]
fn comments() {
    assert_eq!(kinds("a // b c\nd"), [Identifier, Identifier]);
    assert!(lex("a // b\nd")[1].newline_before);
    assert!(lex("a // b\u{2028}d")[1].newline_before);
    assert_eq!(lex("a // b\u{2028}d")[1].span.start, 9);
    assert!(!lex("a /* b */ d")[1].newline_before);
    assert!(lex("a /* b \n */ d")[1].newline_before);
    assert!(lex("a /* b \r */ d")[1].newline_before);
    assert!(lex("a /* b \u{2029} */ d")[1].newline_before);
    assert_eq!(
        kinds("a/**/b/***/c/*/**/d"),
        [Identifier, Identifier, Identifier, Identifier]
    );
    assert_eq!(kinds("// only"), []);
    assert_eq!(kinds("/* only */"), []);
    let e = error("a /* b");
    assert_eq!(e.message, INVALID_TOKEN);
    assert_eq!(e.span, Span::new(2, 4));
    assert_eq!(error_message("/*/"), INVALID_TOKEN);
}

#[test]
fn hashbang_only_at_offset_zero() {
    let toks = lex("#!/usr/bin/env node\nfoo");
    assert_eq!(toks.len(), 1);
    assert_eq!(toks[0].span, Span::new(20, 23));
    assert!(toks[0].newline_before);
    assert_eq!(kinds("#!"), []);
    assert_eq!(kinds_module("#! x\ny"), [Identifier]);
    assert_eq!(error_message(" #!x"), INVALID_TOKEN);
    assert_eq!(error_message("a\n#!x"), INVALID_TOKEN);
}

#[test]
fn html_like_comments_in_scripts() {
    // SingleLineHTMLOpenComment anywhere.
    assert_eq!(kinds("a <!-- b c\nd"), [Identifier, Identifier]);
    assert_eq!(kinds("a<!--b"), [Identifier]);
    assert_eq!(kinds("<!--"), []);
    // SingleLineHTMLCloseComment: first on a line.
    assert_eq!(kinds("a\n-->x"), [Identifier]);
    assert_eq!(kinds("a\n  /* c */ --> x y\nb"), [Identifier, Identifier]);
    assert!(lex("a\n-->x\nb")[1].newline_before);
    // At the start of the input.
    assert_eq!(kinds("-->x\ny"), [Identifier]);
    assert_eq!(kinds("  --> x"), []);
    // After a multi-line comment containing a line terminator.
    assert_eq!(kinds("a /*\n*/ --> x"), [Identifier]);
    assert_eq!(kinds("a /*\n*/ /**/ --> x"), [Identifier]);
    // Otherwise `-->` is `--` `>`.
    assert_eq!(kinds("a --> b"), [Identifier, MinusMinus, Gt, Identifier]);
    assert_eq!(
        kinds("a /* */ --> b"),
        [Identifier, MinusMinus, Gt, Identifier]
    );
    assert_eq!(
        kinds("a\nb-->c"),
        [Identifier, Identifier, MinusMinus, Gt, Identifier]
    );
}

#[test]
fn no_html_like_comments_in_modules() {
    assert_eq!(
        kinds_module("a <!-- b"),
        [Identifier, Lt, Bang, MinusMinus, Identifier]
    );
    assert_eq!(
        kinds_module("a\n--> b"),
        [Identifier, MinusMinus, Gt, Identifier]
    );
    assert_eq!(kinds_module("-->"), [MinusMinus, Gt]);
}

// ---- Names and keywords (12.7) ----

#[test]
fn identifiers_and_atoms() {
    let mut lexer = Lexer::new("foo $ _ a1 $_$ foo café ಠ_ಠ x\u{200C}y \u{1D4D0}", false);
    let mut toks = Vec::new();
    loop {
        let t = lexer.next_token().unwrap();
        if t.kind == Eof {
            break;
        }
        assert_eq!(t.kind, Identifier);
        assert!(!t.escaped);
        toks.push(t);
    }
    let names: Vec<&str> = toks
        .iter()
        .map(|t| lexer.interner_ref().get(t.atom))
        .collect();
    assert_eq!(
        names,
        [
            "foo",
            "$",
            "_",
            "a1",
            "$_$",
            "foo",
            "café",
            "ಠ_ಠ",
            "x\u{200C}y",
            "\u{1D4D0}"
        ]
    );
    assert_eq!(toks[0].atom, toks[5].atom);
    assert_eq!(toks[6].span, Span::new(19, 24));
    // ID_Continue but not ID_Start.
    assert_eq!(error("\u{0300}a").span, Span::new(0, 2));
    assert_eq!(error_message("€"), INVALID_TOKEN);
    assert_eq!(kinds("a\u{00B7}b"), [Identifier]);
}

#[test]
fn keywords() {
    let mut interner = Interner::new();
    for (i, kind) in KEYWORDS.iter().enumerate() {
        let word = interner.get(Atom(atom::BREAK.0 + i as u32)).to_string();
        assert_eq!(kind.describe(), word);
        let toks = lex(&word);
        assert_eq!(toks[0].kind, *kind);
        assert_eq!(toks[0].atom, interner.intern(&word));
        assert!(toks[0].kind.is_keyword());
    }
    // Contextual and strict-mode-reserved words are identifiers.
    for word in [
        "let",
        "yield",
        "await",
        "async",
        "of",
        "static",
        "implements",
        "get",
        "undefined",
    ] {
        let (tok, lexer) = single(word);
        assert_eq!(tok.kind, Identifier, "{word}");
        assert_eq!(lexer.interner_ref().get(tok.atom), word);
    }
    assert_eq!(lex("let")[0].atom, atom::LET);
    assert_eq!(kinds("ifé if\u{0301} in$ in0"), [Identifier; 4]);
    assert_eq!(kinds("iff if_ If"), [Identifier, Identifier, Identifier]);
}

#[test]
fn escaped_identifiers() {
    let (tok, lexer) = single("\\u0061b");
    assert_eq!((tok.kind, tok.escaped), (Identifier, true));
    assert_eq!(lexer.interner_ref().get(tok.atom), "ab");
    let (tok, lexer) = single("a\\u{62}c\\u{000000064}");
    assert_eq!(lexer.interner_ref().get(tok.atom), "abcd");
    assert_eq!(tok.span, Span::new(0, 21));
    // An escaped reserved word is an Identifier with escaped = true and the keyword's atom.
    let (tok, _) = single("\\u0069f");
    assert_eq!(
        (tok.kind, tok.escaped, tok.atom),
        (Identifier, true, atom::IF)
    );
    let (tok, _) = single("n\\u0065w");
    assert_eq!(
        (tok.kind, tok.escaped, tok.atom),
        (Identifier, true, atom::NEW)
    );
    // Same atom as the unescaped spelling.
    let toks = lex("ab \\u0061b");
    assert_eq!(toks[0].atom, toks[1].atom);
    assert!(!toks[0].escaped && toks[1].escaped);
    // Non-BMP and non-ASCII via escapes.
    let (tok, lexer) = single("\\u{1D4D0}x");
    assert_eq!(lexer.interner_ref().get(tok.atom), "\u{1D4D0}x");
    // An escape must denote an IdentifierStartChar / IdentifierPartChar.
    for bad in [
        "\\u0030abc",
        "a\\u0020",
        "a\\u002e",
        "\\u{}",
        "\\u{110000}",
        "\\uD800",
        "\\u{D83D}\\u{DCA9}",
        "\\x41",
        "a\\",
        "a\\u",
        "a\\u00",
        "a\\u{61",
        "\\",
        "\\u200C",
    ] {
        let e = error(bad);
        assert!(
            e.message == "Invalid Unicode escape sequence"
                || e.message == "Undefined Unicode code-point",
            "{bad:?}: {e:?}"
        );
    }
    assert_eq!(error("ab\\u0020").span, Span::new(2, 8));
    assert_eq!(error_message("\\u{110000}"), "Undefined Unicode code-point");
    // ZWNJ / ZWJ are part characters.
    assert_eq!(kinds("a\\u200C\\u200D"), [Identifier]);
}

#[test]
fn private_names() {
    let (tok, lexer) = single("#foo");
    assert_eq!(tok.kind, PrivateName);
    assert_eq!(tok.span, Span::new(0, 4));
    assert_eq!(lexer.interner_ref().get(tok.atom), "foo");
    let (tok, _) = single("#if");
    assert_eq!((tok.kind, tok.atom), (PrivateName, atom::IF));
    let (tok, lexer) = single("#\\u0061");
    assert_eq!((tok.kind, tok.escaped), (PrivateName, true));
    assert_eq!(lexer.interner_ref().get(tok.atom), "a");
    let (tok, lexer) = single("#é");
    assert_eq!(lexer.interner_ref().get(tok.atom), "é");
    assert_eq!(kinds("this.#x"), [This, Dot, PrivateName]);
    assert_eq!(error("a #").span, Span::new(2, 3));
    assert_eq!(error_message("# x"), INVALID_TOKEN);
    assert_eq!(error_message("#1"), INVALID_TOKEN);
}

// ---- Numeric literals (12.9.3, B.1.1) ----

#[test]
fn decimal_numbers() {
    assert_eq!(number("0"), 0.0);
    assert_eq!(number("1"), 1.0);
    assert_eq!(number("123456789012345"), 123456789012345.0);
    assert_eq!(number("12345678901234567890"), 12345678901234567890.0);
    assert_eq!(number("1."), 1.0);
    assert_eq!(number(".5"), 0.5);
    assert_eq!(number("0.5"), 0.5);
    assert_eq!(number("1e10"), 1e10);
    assert_eq!(number("1E-7"), 1e-7);
    assert_eq!(number("1e+3"), 1000.0);
    assert_eq!(number("1.e2"), 100.0);
    assert_eq!(number(".5e1"), 5.0);
    assert_eq!(number("0e5"), 0.0);
    assert_eq!(number("1e400"), f64::INFINITY);
    assert_eq!(number("1e-400"), 0.0);
    assert_eq!(number("0.1"), 0.1);
    assert_eq!(number("9007199254740993"), 9007199254740992.0);
    assert_eq!(number("2.2250738585072011e-308"), 2.225073858507201e-308);
    assert_eq!(number("1_000_000"), 1e6);
    assert_eq!(number("1_0.0_1e1_0"), 10.01e10);
    assert_eq!(number(".0_1"), 0.01);
    let toks = lex("1.5.5");
    assert_eq!((toks[0].number, toks[1].number), (1.5, 0.5));
    assert_eq!(kinds("1..toString"), [Number, Dot, Identifier]);
    assert_eq!(kinds("1 .x"), [Number, Dot, Identifier]);
    assert_eq!(lex("  42 ")[0].span, Span::new(2, 4));
    assert!(!lex("42")[0].legacy_octal);
}

#[test]
fn non_decimal_numbers() {
    assert_eq!(number("0x1F"), 31.0);
    assert_eq!(number("0XaBc"), 2748.0);
    assert_eq!(number("0o17"), 15.0);
    assert_eq!(number("0O7_7"), 63.0);
    assert_eq!(number("0b101"), 5.0);
    assert_eq!(number("0B1_0"), 2.0);
    assert_eq!(number("0xFF_FF"), 65535.0);
    assert_eq!(number("0x0"), 0.0);
    assert_eq!(number("0x000000000000000000000000001"), 1.0);
    // Round half to even past 2^53.
    assert_eq!(number("0x20000000000001"), 9007199254740992.0);
    assert_eq!(number("0x20000000000003"), 9007199254740996.0);
    assert_eq!(number("0x20000000000002"), 9007199254740994.0);
    assert_eq!(number("0xFFFFFFFFFFFFFFFF"), 18446744073709551616.0);
    // Halfway with a nonzero bit far below (sticky) rounds up.
    assert_eq!(
        number("0x200000000000010000000000000001"),
        (0x20000000000002u64 as f64) * 2f64.powi(64)
    );
    assert_eq!(
        number("0x2000000000000100000000000000"),
        9007199254740992.0 * 2f64.powi(56)
    );
    assert_eq!(
        number("0b100000000000000000000000000000000000000000000000000011"),
        9007199254740996.0
    );
    assert_eq!(number("0o400000000000000001"), 9007199254740992.0);
    assert_eq!(number("0o400000000000000003"), 9007199254740996.0);
    // Largest finite and overflow.
    // f64::MAX is 0xFFFFFFFFFFFFF8 × 2^968; half an ulp above it rounds (to even) to 2^1024: Infinity.
    let (f13, zeros) = ("F".repeat(13), "0".repeat(242));
    assert_eq!(number(&format!("0x{f13}8{zeros}")), f64::MAX);
    assert_eq!(number(&format!("0x{f13}C{zeros}")), f64::INFINITY);
    assert_eq!(number(&format!("0x{f13}B{}", "F".repeat(242))), f64::MAX);
    assert_eq!(number(&format!("0x{f13}9{zeros}")), f64::MAX);
    assert_eq!(number(&format!("0x{}", "F".repeat(300))), f64::INFINITY);
    assert_eq!(number(&format!("0x1{}", "0".repeat(255))), 2f64.powi(1020));
    assert_eq!(number(&format!("0x1{}", "0".repeat(256))), f64::INFINITY);
}

#[test]
fn legacy_octal_and_non_octal_decimal() {
    for (src, value) in [
        ("017", 15.0),
        ("00", 0.0),
        ("07", 7.0),
        ("08", 8.0),
        ("09", 9.0),
        ("018", 18.0),
    ] {
        let (tok, lexer) = single(src);
        assert_eq!(
            (tok.kind, tok.number, tok.legacy_octal),
            (Number, value, true),
            "{src}"
        );
        assert_eq!(lexer.legacy_escape_span(), Span::new(0, src.len() as u32));
    }
    for (src, value) in [
        ("09.5", 9.5),
        ("08.", 8.0),
        ("08e1", 80.0),
        ("019.5e1", 195.0),
        ("08.1_1", 8.11),
    ] {
        let (tok, _) = single(src);
        assert_eq!((tok.number, tok.legacy_octal), (value, true), "{src}");
    }
    assert_eq!(
        number("0777777777777777777777"),
        0o777777777777777777777u64 as f64
    );
    // `07.5` is `07` then `.5`.
    let toks = lex("07.5");
    assert_eq!((toks[0].number, toks[1].number), (7.0, 0.5));
    assert!(toks[0].legacy_octal && !toks[1].legacy_octal);
    let toks = lex("x = 010");
    assert_eq!(toks[2].span, Span::new(4, 7));
    for bad in ["07n", "08n", "010_1", "08_1", "0_1", "0_"] {
        assert!(
            error_message(bad).contains("token") || error_message(bad).contains("leading 0"),
            "{bad}"
        );
    }
    assert_eq!(
        error_message("0_1"),
        "Numeric separator can not be used after leading 0."
    );
    assert_eq!(error("01_1").span, Span::new(2, 3));
}

#[test]
fn bigint_literals() {
    for src in ["0n", "1n", "123n", "1_0n", "0x1Fn", "0o7n", "0b1n", "0XFFn"] {
        let (tok, _) = single(src);
        assert_eq!((tok.kind, tok.number), (BigInt, 0.0), "{src}");
        assert_eq!(tok.span, Span::new(0, src.len() as u32));
    }
    for bad in [
        "1.5n", "1e3n", ".5n", "1.n", "00n", "01n", "1nn", "1n1", "0x1n_",
    ] {
        assert_eq!(error_message(bad), INVALID_TOKEN, "{bad}");
    }
}

#[test]
fn numeric_separator_errors() {
    let cases = [
        (
            "1_",
            "Numeric separators are not allowed at the end of numeric literals",
            (1, 2),
        ),
        (
            "1__0",
            "Only one underscore is allowed as numeric separator",
            (2, 3),
        ),
        (
            "1_.5",
            "Numeric separators are not allowed at the end of numeric literals",
            (1, 2),
        ),
        (
            "1.5_",
            "Numeric separators are not allowed at the end of numeric literals",
            (3, 4),
        ),
        (
            "1_e5",
            "Numeric separators are not allowed at the end of numeric literals",
            (1, 2),
        ),
        (
            "1e5_",
            "Numeric separators are not allowed at the end of numeric literals",
            (3, 4),
        ),
        (
            "0x1_",
            "Numeric separators are not allowed at the end of numeric literals",
            (3, 4),
        ),
        (
            "0x1__2",
            "Only one underscore is allowed as numeric separator",
            (4, 5),
        ),
        (
            "0_1",
            "Numeric separator can not be used after leading 0.",
            (1, 2),
        ),
        (
            "00_1",
            "Numeric separator can not be used after leading 0.",
            (2, 3),
        ),
        (
            "1_n",
            "Numeric separators are not allowed at the end of numeric literals",
            (1, 2),
        ),
        ("0x_1", INVALID_TOKEN, (2, 3)),
        ("1._5", INVALID_TOKEN, (2, 3)),
        ("1e_5", INVALID_TOKEN, (1, 2)),
        ("0b12", INVALID_TOKEN, (3, 4)),
        ("0o8", INVALID_TOKEN, (2, 3)),
        ("0x", INVALID_TOKEN, (2, 2)),
        ("0xg", INVALID_TOKEN, (2, 3)),
        ("3in x", INVALID_TOKEN, (1, 2)),
        ("1e", INVALID_TOKEN, (1, 2)),
        ("1e+", INVALID_TOKEN, (1, 2)),
        ("1\\u0061", INVALID_TOKEN, (1, 2)),
        ("1é", INVALID_TOKEN, (1, 3)),
        ("0b1$", INVALID_TOKEN, (3, 4)),
    ];
    for (src, message, (start, end)) in cases {
        let e = error(src);
        assert_eq!(e.message, message, "{src}");
        assert_eq!(e.span, Span::new(start, end), "{src}");
    }
    // A non-ID_Start character may follow.
    assert_eq!(error("1\u{00B7}").span, Span::new(1, 3));
}

// ---- String literals (12.9.4, B.1.2) ----

#[test]
fn plain_strings() {
    assert_eq!(string("'abc'"), utf16("abc"));
    assert_eq!(string("\"a'b\""), utf16("a'b"));
    assert_eq!(string("''"), utf16(""));
    assert_eq!(string("'é😀'"), utf16("é😀"));
    assert_eq!(string("'😀'"), [0xD83D, 0xDE00]);
    // Raw U+2028 / U+2029 are allowed.
    assert_eq!(string("'a\u{2028}b\u{2029}'"), utf16("a\u{2028}b\u{2029}"));
    let (tok, _) = single("'abc'");
    assert_eq!(
        (tok.span, tok.escaped, tok.legacy_octal),
        (Span::new(0, 5), false, false)
    );
}

#[test]
fn string_escapes() {
    assert_eq!(
        string(r#"'\b\t\n\v\f\r\"\'\\'"#),
        [8, 9, 10, 11, 12, 13, 34, 39, 92]
    );
    assert_eq!(string(r"'\a\c\d\z\/\ \`\$'"), utf16("acdz/ `$"));
    assert_eq!(string(r"'\x41\x4a\xff'"), [0x41, 0x4A, 0xFF]);
    assert_eq!(
        string(r"'\u0041\u00e9\uD83D\uDE00'"),
        [0x41, 0xE9, 0xD83D, 0xDE00]
    );
    assert_eq!(string(r"'\uD800'"), [0xD800]);
    assert_eq!(
        string(r"'\u{41}\u{1F600}\u{10FFFF}\u{0000000041}'"),
        [0x41, 0xD83D, 0xDE00, 0xDBFF, 0xDFFF, 0x41]
    );
    assert_eq!(string("'\\é\\😀'"), utf16("é😀"));
    // \0 not followed by a digit is NUL, not legacy.
    let (tok, mut lexer) = single(r"'\0a'");
    assert_eq!(lexer.take_string_value().as_ref(), [0, 0x61]);
    assert!(tok.escaped && !tok.legacy_octal);
    // Line continuations contribute nothing.
    for lc in ["\n", "\r", "\r\n", "\u{2028}", "\u{2029}"] {
        let src = format!("'a\\{lc}b'");
        assert_eq!(string(&src), utf16("ab"), "{lc:?}");
        assert!(single(&src).0.escaped);
    }
}

#[test]
fn legacy_octal_escapes() {
    let cases: [(&str, &[u16], (u32, u32)); 11] = [
        (r"'\1'", &[1], (1, 3)),
        (r"'\7'", &[7], (1, 3)),
        (r"'\00'", &[0], (1, 4)),
        (r"'\012'", &[10], (1, 5)),
        (r"'\377'", &[255], (1, 5)),
        (r"'\400'", &[32, 0x30], (1, 4)),
        (r"'\08'", &[0, 0x38], (1, 3)),
        (r"'\0012'", &[1, 0x32], (1, 5)),
        (r"'\8'", &[0x38], (1, 3)),
        (r"'\9'", &[0x39], (1, 3)),
        (r"'ab\1\2'", &[0x61, 0x62, 1, 2], (3, 5)),
    ];
    for (src, value, (start, end)) in cases {
        let (tok, mut lexer) = single(src);
        assert!(tok.legacy_octal && tok.escaped, "{src}");
        assert_eq!(lexer.legacy_escape_span(), Span::new(start, end), "{src}");
        assert_eq!(lexer.take_string_value().as_ref(), value, "{src}");
    }
}

#[test]
fn string_errors() {
    let cases = [
        ("'abc", INVALID_TOKEN, (0, 4)),
        ("'abc\ndef'", INVALID_TOKEN, (0, 4)),
        ("'abc\rdef'", INVALID_TOKEN, (0, 4)),
        ("\"abc'", INVALID_TOKEN, (0, 5)),
        ("'\\", INVALID_TOKEN, (0, 2)),
        (r"'\x4'", "Invalid hexadecimal escape sequence", (1, 4)),
        (r"'\xg0'", "Invalid hexadecimal escape sequence", (1, 3)),
        (r"'\u004'", "Invalid Unicode escape sequence", (1, 6)),
        (r"'\u{}'", "Invalid Unicode escape sequence", (1, 4)),
        (r"'\u{41'", "Invalid Unicode escape sequence", (1, 6)),
        (r"'\u{110000}'", "Undefined Unicode code-point", (1, 11)),
        (
            r"'\u{FFFFFFFFFFFFFFFFFFFF}'",
            "Undefined Unicode code-point",
            (1, 25),
        ),
    ];
    for (src, message, (start, end)) in cases {
        let e = error(src);
        assert_eq!(
            (e.message.as_str(), e.span),
            (message, Span::new(start, end)),
            "{src}"
        );
    }
}

// ---- Templates (12.9.6) ----

fn template_parts(lexer: &mut Lexer<'_>) -> (Option<Vec<u16>>, std::string::String) {
    (
        lexer.take_template_cooked().map(|c| c.into_vec()),
        lexer.take_template_raw().into(),
    )
}

#[test]
fn no_substitution_templates() {
    let (tok, mut lexer) = single("`abc`");
    assert_eq!(
        (tok.kind, tok.span),
        (NoSubstitutionTemplate, Span::new(0, 5))
    );
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("abc")), "abc".into())
    );
    let (_, mut lexer) = single("`a\nb$c$`");
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("a\nb$c$")), "a\nb$c$".into())
    );
    let (_, mut lexer) = single("``");
    assert_eq!(template_parts(&mut lexer), (Some(vec![]), "".into()));
    let (_, mut lexer) = single("`😀`");
    assert_eq!(
        template_parts(&mut lexer),
        (Some(vec![0xD83D, 0xDE00]), "😀".into())
    );
}

#[test]
fn template_escapes_and_line_terminators() {
    let (_, mut lexer) = single(r"`\n\x41\u{42}\`\${`");
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("\nAB`${")), r"\n\x41\u{42}\`\${".into())
    );
    // CR and CRLF become LF in both values, also in line continuations (raw keeps the backslash).
    let (_, mut lexer) = single("`a\r\nb\rc\u{2028}`");
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("a\nb\nc\u{2028}")), "a\nb\nc\u{2028}".into())
    );
    let (_, mut lexer) = single("`a\\\r\nb`");
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("ab")), "a\\\nb".into())
    );
    let (_, mut lexer) = single("`\\0`");
    assert_eq!(template_parts(&mut lexer), (Some(vec![0]), "\\0".into()));
}

#[test]
fn template_not_escape_sequences_have_no_cooked_value() {
    for src in [
        r"`\1`",
        r"`\01`",
        r"`\08`",
        r"`\8`",
        r"`\9`",
        r"`\x`",
        r"`\x4`",
        r"`\xg`",
        r"`\u`",
        r"`\u{`",
        r"`\u{}`",
        r"`\u{110000}`",
        r"`\u00g0`",
        r"`a\u{41`",
    ] {
        let (tok, mut lexer) = single(src);
        assert_eq!(tok.kind, NoSubstitutionTemplate, "{src}");
        assert!(!tok.legacy_octal);
        let (cooked, raw) = template_parts(&mut lexer);
        assert_eq!(cooked, None, "{src}");
        assert_eq!(raw, src[1..src.len() - 1], "{src}");
    }
    // The rest after an invalid escape is read as template characters: `${` still starts a substitution.
    let (tok, mut lexer) = {
        let mut lexer = Lexer::new(r"`\u{${x}`", false);
        (lexer.next_token().unwrap(), lexer)
    };
    assert_eq!((tok.kind, tok.span), (TemplateHead, Span::new(0, 6)));
    assert_eq!(template_parts(&mut lexer), (None, r"\u{".into()));
}

#[test]
fn template_substitutions_with_rescan() {
    let src = "`a${x}b${ {y} }c`;";
    let mut lexer = Lexer::new(src, false);
    let head = lexer.next_token().unwrap();
    assert_eq!((head.kind, head.span), (TemplateHead, Span::new(0, 4)));
    assert_eq!(template_parts(&mut lexer), (Some(utf16("a")), "a".into()));
    assert_eq!(lexer.next_token().unwrap().kind, Identifier);
    let rbrace = lexer.next_token().unwrap();
    assert_eq!(rbrace.kind, RBrace);
    let middle = lexer.rescan_template_continuation(rbrace).unwrap();
    assert_eq!(
        (middle.kind, middle.span),
        (TemplateMiddle, Span::new(5, 9))
    );
    assert_eq!(template_parts(&mut lexer), (Some(utf16("b")), "b".into()));
    assert_eq!(lexer.next_token().unwrap().kind, LBrace);
    assert_eq!(lexer.next_token().unwrap().kind, Identifier);
    assert_eq!(lexer.next_token().unwrap().kind, RBrace);
    let rbrace = lexer.next_token().unwrap();
    let tail = lexer.rescan_template_continuation(rbrace).unwrap();
    assert_eq!((tail.kind, tail.span), (TemplateTail, Span::new(14, 17)));
    assert_eq!(template_parts(&mut lexer), (Some(utf16("c")), "c".into()));
    assert_eq!(lexer.next_token().unwrap().kind, Semicolon);
    // Middle with escapes and CRLF.
    let mut lexer = Lexer::new("`${x}\\x41\r\n${y}\\u{`", false);
    lexer.next_token().unwrap();
    lexer.next_token().unwrap();
    let rbrace = lexer.next_token().unwrap();
    assert!(!rbrace.newline_before);
    let middle = lexer.rescan_template_continuation(rbrace).unwrap();
    assert_eq!(middle.kind, TemplateMiddle);
    assert_eq!(
        template_parts(&mut lexer),
        (Some(utf16("A\n")), "\\x41\n".into())
    );
    lexer.next_token().unwrap();
    let rbrace = lexer.next_token().unwrap();
    let tail = lexer.rescan_template_continuation(rbrace).unwrap();
    assert_eq!(tail.kind, TemplateTail);
    assert_eq!(template_parts(&mut lexer), (None, "\\u{".into()));
}

#[test]
fn template_errors() {
    for src in ["`abc", "`a$", "`a$x{", "`\\", "`\\u{", "`a\\`", "`a\r\n"] {
        let e = error(src);
        assert_eq!(e.message, "Unterminated template literal", "{src}");
        assert_eq!(e.span.start, 0);
    }
    let mut lexer = Lexer::new("`${x}abc", false);
    lexer.next_token().unwrap();
    lexer.next_token().unwrap();
    let rbrace = lexer.next_token().unwrap();
    let e = lexer.rescan_template_continuation(rbrace).unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.span),
        ("Unterminated template literal", Span::new(4, 8))
    );
}

// ---- Regular expressions (12.9.5) ----

fn regexp(src: &str) -> Result<(Token, std::string::String, std::string::String), SyntaxError> {
    let mut lexer = Lexer::new(src, false);
    let slash = lexer.next_token().unwrap();
    assert!(matches!(slash.kind, Slash | SlashEq));
    let tok = lexer.rescan_slash_as_regexp(slash)?;
    Ok((
        tok,
        lexer.regexp_pattern().into(),
        lexer.regexp_flags().into(),
    ))
}

#[test]
fn regular_expressions() {
    let (tok, pattern, flags) = regexp("/ab+c/gi.x").unwrap();
    assert_eq!(
        (tok.kind, tok.span, pattern.as_str(), flags.as_str()),
        (RegExp, Span::new(0, 8), "ab+c", "gi")
    );
    assert_eq!(regexp("/[/]/").unwrap().1, "[/]");
    assert_eq!(regexp(r"/[\]/]/").unwrap().1, r"[\]/]");
    assert_eq!(regexp(r"/a\/b/").unwrap().1, r"a\/b");
    assert_eq!(regexp("/=/").unwrap().1, "=");
    assert_eq!(regexp("/=a/g").unwrap().2, "g");
    assert_eq!(regexp("/é\\😀/u").unwrap().1, "é\\😀");
    assert_eq!(regexp("/a/gimsuyd;").unwrap().2, "gimsuyd");
    assert_eq!(regexp("/a/\u{00E9}x").unwrap().2, "\u{00E9}x");
    assert_eq!(regexp("/a/ g").unwrap().2, "");
    // The lexer continues after the regexp.
    let mut lexer = Lexer::new("x = /a/g\n.test(y)", false);
    lexer.next_token().unwrap();
    lexer.next_token().unwrap();
    let slash = lexer.next_token().unwrap();
    let tok = lexer.rescan_slash_as_regexp(slash).unwrap();
    assert_eq!(tok.span, Span::new(4, 8));
    let dot = lexer.next_token().unwrap();
    assert_eq!((dot.kind, dot.newline_before), (Dot, true));
    // newline_before is the slash's.
    let mut lexer = Lexer::new("x\n/a/", false);
    lexer.next_token().unwrap();
    let slash = lexer.next_token().unwrap();
    assert!(lexer.rescan_slash_as_regexp(slash).unwrap().newline_before);
}

#[test]
fn regular_expression_errors() {
    for src in [
        "/abc",
        "/a\nb/",
        "/a\rb/",
        "/a\u{2028}/",
        "/[/",
        "/a\\",
        "/a\\\n/",
        "/a\\\u{2029}/",
        "/[\\]/",
    ] {
        let e = regexp(src).unwrap_err();
        assert_eq!(
            e.message, "Invalid regular expression: missing /",
            "{src:?}"
        );
        assert_eq!(e.span.start, 0);
    }
    let e = regexp("/a/g\\u0069").unwrap_err();
    assert_eq!(
        (e.message.as_str(), e.span),
        ("Invalid regular expression flags", Span::new(4, 5))
    );
}

// ---- Lexer state ----

#[test]
fn checkpoint_and_restore() {
    let mut lexer = Lexer::new("a\n'b' c", false);
    let a = lexer.next_token().unwrap();
    let state = lexer.checkpoint();
    let b = lexer.next_token().unwrap();
    assert!(b.newline_before);
    let c = lexer.next_token().unwrap();
    lexer.restore(state);
    assert_eq!(lexer.next_token().unwrap(), b);
    assert_eq!(lexer.take_string_value().as_ref(), utf16("b"));
    assert_eq!(lexer.next_token().unwrap(), c);
    assert_eq!(a.kind, Identifier);
    assert_eq!(lexer.source(), "a\n'b' c");
    let interner = lexer.into_interner();
    assert_eq!(interner.get(c.atom), "c");
}

#[test]
fn token_sequence_of_a_small_program() {
    let src = "function f(a, b) {\n  return a + b * 2; // x\n}\nlet s = 'x' + `y${1}z`;";
    let toks = lex_until_template(src);
    let expected = [
        Function,
        Identifier,
        LParen,
        Identifier,
        Comma,
        Identifier,
        RParen,
        LBrace,
        Return,
        Identifier,
        Plus,
        Identifier,
        Star,
        Number,
        Semicolon,
        RBrace,
        Identifier,
        Identifier,
        Eq,
        String,
        Plus,
        TemplateHead,
        Number,
        TemplateTail,
        Semicolon,
    ];
    assert_eq!(toks.iter().map(|t| t.kind).collect::<Vec<_>>(), expected);
    assert!(toks[8].newline_before && toks[15].newline_before && toks[16].newline_before);
    assert!(!toks[9].newline_before);
}

/// Lexes with template continuations rescanned whenever a template is open (as the parser would).
fn lex_until_template(src: &str) -> Vec<Token> {
    let mut lexer = Lexer::new(src, false);
    let mut out = Vec::new();
    let mut depth = Vec::new();
    loop {
        let mut tok = lexer.next_token().unwrap();
        match tok.kind {
            Eof => return out,
            LBrace => depth.push(false),
            TemplateHead => depth.push(true),
            RBrace if depth.pop() == Some(true) => {
                tok = lexer.rescan_template_continuation(tok).unwrap();
                if tok.kind == TemplateMiddle {
                    depth.push(true);
                }
            }
            _ => {}
        }
        out.push(tok);
    }
}

/// No input panics: every short string over an alphabet of the characters that matter, lexed with every
/// token also tried as a regexp and template continuation.
#[test]
fn never_panics() {
    let alphabet: Vec<&str> = vec![
        "a", "0", "1", "8", "x", "n", "e", "_", ".", "/", "*", "\\", "u", "{", "}", "`", "$", "'",
        "\"", "\n", "\r", "[", "]", "#", "!", "-", ">", "<", " ", "é", "\u{2028}", "😀", "+", "?",
        "\u{A0}",
    ];
    let mut inputs: Vec<std::string::String> = vec![std::string::String::new()];
    for _ in 0..3 {
        let mut next = Vec::new();
        for prefix in &inputs {
            for c in &alphabet {
                next.push(format!("{prefix}{c}"));
            }
        }
        inputs.extend(next);
        inputs.sort();
        inputs.dedup();
    }
    // A few longer pseudo-random ones.
    let mut seed: u64 = 0x1234_5678;
    for _ in 0..20000 {
        let mut s = std::string::String::new();
        for _ in 0..(seed % 12) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            s.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        inputs.push(s);
    }
    for src in &inputs {
        for module in [false, true] {
            let mut lexer = Lexer::new(src, module);
            for _ in 0..64 {
                let state = lexer.checkpoint();
                let Ok(tok) = lexer.next_token() else { break };
                assert!(tok.span.start <= tok.span.end && tok.span.end as usize <= src.len());
                assert!(
                    src.is_char_boundary(tok.span.start as usize)
                        && src.is_char_boundary(tok.span.end as usize)
                );
                match tok.kind {
                    Eof => break,
                    Slash | SlashEq => {
                        let _ = lexer.rescan_slash_as_regexp(tok);
                        lexer.restore(state);
                        let _ = lexer.next_token();
                    }
                    RBrace if lexer.rescan_template_continuation(tok).is_ok() => {
                        let _ = lexer.take_template_cooked();
                        let _ = lexer.take_template_raw();
                    }
                    String => {
                        let _ = lexer.take_string_value();
                    }
                    _ => {}
                }
            }
        }
    }
}
