//! ESTree JSON output, exactly as acorn prints it.
//!
//! `to_json` gives the same text as
//! `JSON.stringify(acorn.parse(source, {ecmaVersion: "latest", sourceType, locations: true}), replacer)`
//! where `replacer` maps RegExp and BigInt values to `null` (JSON.stringify would print `{}` for a RegExp
//! and throw on a BigInt); `tests/acorn/diff.mjs` checks this on real code. Fields come in acorn's order.
//!
//! How the tree maps onto ESTree:
//! - `Expression::Parenthesized` is not a node: its inner expression is written in its place (acorn
//!   without `preserveParens`). Spans of the nodes around it already cover the parentheses.
//! - `PrivateIn` is a BinaryExpression whose `left` is a PrivateIdentifier; `Pattern::Member` is a
//!   MemberExpression; a `Function` is a FunctionDeclaration or FunctionExpression as its position says;
//!   methods' values are FunctionExpressions; function bodies are BlockStatements.
//! - Literal `value`s: numbers as JSON.stringify prints a JS number, strings JSON-escaped the way
//!   JSON.stringify escapes a JS string (lone surrogates as `\udxxx`), regexps and bigints `null` with
//!   `regex: {pattern, flags}` / `bigint: "<decimal digits>"` beside them, as acorn emits.
//! - Positions: `start`/`end` are UTF-16 offsets, `loc` has 1-based lines and 0-based UTF-16 columns. Our
//!   spans are UTF-8 byte offsets; `Positions` converts them, in O(1) for ASCII text and in O(64) bytes
//!   scanned otherwise (so long minified lines with non-ASCII characters stay linear).
//!
//! Speed: the output (about 17 bytes per source byte) is written into one pre-sized `String`, with no
//! intermediate tree. Depth: left-deep chains (`a + b + c …`, `a.b().c() …`), which the parser builds in
//! a loop and does not bound, are walked with an explicit stack; other nesting recurses, up to the
//! parser's `MAX_DEPTH`, and `Writer::enter` grows the stack for it on native targets as the parser does.

use super::ast::*;
use super::atom::Interner;
use super::parser::Parsed;
use super::source::Span;
use crate::util::stack;

/// The ESTree JSON of a parsed program, as acorn prints it (compact, no trailing newline).
pub fn to_json(parsed: &Parsed, source: &str) -> String {
    let mut w = Writer {
        out: String::with_capacity(source.len().saturating_mul(18).saturating_add(256)),
        names: &parsed.interner,
        src: source,
        pos: Positions::new(source),
        depth: 0,
    };
    w.program(&parsed.program);
    w.out
}

/// `{"type":"Name","start":` — the opening of a node of type `Name`, for `Writer::open`.
macro_rules! node {
    ($ty:literal) => {
        concat!("{\"type\":\"", $ty, "\",\"start\":")
    };
}

/// `,"name":` — a field separator and key, built at compile time.
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

// ---------------------------------------------------------------------------------------------------
// Positions

/// Bytes per checkpoint of the UTF-16 offset table (a power of two).
const CHUNK_BITS: u32 = 5;

/// Byte offset → UTF-16 offset and line/column, for one source text.
struct Positions<'s> {
    bytes: &'s [u8],
    /// Byte offset of the first character of each line (lines end at LF, CR, CRLF, U+2028, U+2029).
    line_starts: Vec<u32>,
    /// Whether the text is ASCII (then byte offsets are UTF-16 offsets).
    ascii: bool,
    /// Non-ASCII text only: the UTF-16 offset of every byte offset that is a multiple of 2^CHUNK_BITS…
    checkpoints: Vec<u32>,
    /// …whether the 2^CHUNK_BITS bytes from there are ASCII (then no counting is needed within them)…
    ascii_chunks: Vec<bool>,
    /// …and the UTF-16 offset of each line start.
    line_starts_utf16: Vec<u32>,
    /// The line of the last node start: nodes are written mostly in source order.
    cursor: usize,
}

impl<'s> Positions<'s> {
    fn new(text: &'s str) -> Positions<'s> {
        let bytes = text.as_bytes();
        let line_starts = super::source::line_starts(text);
        let ascii = text.is_ascii();
        let mut positions = Positions {
            bytes,
            line_starts,
            ascii,
            checkpoints: Vec::new(),
            ascii_chunks: Vec::new(),
            line_starts_utf16: Vec::new(),
            cursor: 0,
        };
        if !ascii {
            let chunks = (bytes.len() >> CHUNK_BITS) + 1;
            positions.checkpoints.reserve(chunks);
            positions.ascii_chunks.reserve(chunks);
            let mut units = 0u32;
            for chunk in bytes.chunks(1 << CHUNK_BITS) {
                positions.checkpoints.push(units);
                positions.ascii_chunks.push(chunk.is_ascii());
                units += utf16_units(chunk);
            }
            // The chunk starting at the end of the text (when its length is a multiple of the size).
            positions.checkpoints.push(units);
            positions.ascii_chunks.push(true);
            positions.line_starts_utf16 = positions
                .line_starts
                .iter()
                .map(|&s| positions.utf16(s))
                .collect();
        }
        positions
    }

    /// UTF-16 offset of byte `offset` (which must be at most the text length).
    fn utf16(&self, offset: u32) -> u32 {
        if self.ascii {
            return offset;
        }
        let chunk = (offset >> CHUNK_BITS) as usize;
        let base = chunk << CHUNK_BITS;
        if self.ascii_chunks[chunk] {
            self.checkpoints[chunk] + (offset - base as u32)
        } else {
            self.checkpoints[chunk] + utf16_units(&self.bytes[base..offset as usize])
        }
    }

    /// Index (0-based) of the line containing byte `offset`, trying line `hint` and the next first.
    fn line_of(&self, offset: u32, hint: usize) -> usize {
        let starts = &self.line_starts;
        if offset >= starts[hint] {
            if hint + 1 == starts.len() || offset < starts[hint + 1] {
                return hint;
            }
            if hint + 2 == starts.len() || offset < starts[hint + 2] {
                return hint + 1;
            }
        }
        starts.partition_point(|&s| s <= offset) - 1
    }

    /// (UTF-16 offset, 1-based line, UTF-16 column) of byte `offset`, looking first near line `hint`.
    fn locate(&self, offset: u32, hint: usize) -> (u32, u32, u32) {
        // A span past the end would be a parser bug; clamp rather than panic.
        let offset = offset.min(self.bytes.len() as u32);
        let line = self.line_of(offset, hint);
        let line_start = self.line_starts[line];
        if self.ascii {
            (offset, line as u32 + 1, offset - line_start)
        } else {
            let units = self.utf16(offset);
            (units, line as u32 + 1, units - self.line_starts_utf16[line])
        }
    }

    /// The positions of a span's two ends. Starts come mostly in source order, so the line of the last
    /// start is the first guess for this one; the end is most often on the start's line.
    fn locate_span(&mut self, span: Span) -> ((u32, u32, u32), (u32, u32, u32)) {
        let start = self.locate(span.start, self.cursor);
        self.cursor = start.1 as usize - 1;
        let end = self.locate(span.end, self.cursor);
        (start, end)
    }
}

/// UTF-16 code units encoded by `bytes` (a run of UTF-8): one per leading byte, two for 4-byte sequences.
/// Additive over any split of the bytes, so it works on chunks that cut a character.
fn utf16_units(bytes: &[u8]) -> u32 {
    let mut units = 0;
    for &b in bytes {
        units += ((b & 0xC0) != 0x80) as u32 + (b >= 0xF0) as u32;
    }
    units
}

// ---------------------------------------------------------------------------------------------------
// JSON scalars

const HEX: &[u8; 16] = b"0123456789abcdef";

/// For each byte: 0 if it goes out as is, else the character after `\` (`u` for `\u00XX`).
static ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = b'u';
        i += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

fn push_escape(out: &mut String, byte: u8) {
    match ESCAPE[byte as usize] {
        b'u' => {
            out.push_str("\\u00");
            out.push(HEX[(byte >> 4) as usize] as char);
            out.push(HEX[(byte & 15) as usize] as char);
        }
        c => {
            out.push('\\');
            out.push(c as char);
        }
    }
}

/// `s` as a JSON string, escaped as JSON.stringify does.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut from = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if ESCAPE[b as usize] != 0 {
            out.push_str(&s[from..i]);
            push_escape(out, b);
            from = i + 1;
        }
    }
    out.push_str(&s[from..]);
    out.push('"');
}

/// A JS string (UTF-16, maybe with lone surrogates) as JSON.stringify prints it: well-formed pairs as
/// UTF-8, lone surrogates as `\udxxx`.
fn push_json_utf16(out: &mut String, units: &[u16]) {
    out.push('"');
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        i += 1;
        if u < 0x80 {
            if ESCAPE[u as usize] != 0 {
                push_escape(out, u as u8);
            } else {
                out.push(u as u8 as char);
            }
        } else if (0xD800..0xDC00).contains(&u)
            && i < units.len()
            && (0xDC00..0xE000).contains(&units[i])
        {
            let c = 0x10000 + (((u as u32) - 0xD800) << 10) + (units[i] as u32 - 0xDC00);
            i += 1;
            out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
        } else if let Some(c) = char::from_u32(u as u32) {
            out.push(c);
        } else {
            out.push_str("\\u");
            for shift in [12, 8, 4, 0] {
                out.push(HEX[((u >> shift) & 15) as usize] as char);
            }
        }
    }
    out.push('"');
}

fn push_u32(out: &mut String, n: u32) {
    // Most numbers are columns and small line numbers: take one or two digits without the loop.
    if n < 10 {
        out.push((b'0' + n as u8) as char);
        return;
    }
    if n < 100 {
        out.push((b'0' + (n / 10) as u8) as char);
        out.push((b'0' + (n % 10) as u8) as char);
        return;
    }
    // Larger ones two digits at a time, right to left.
    const PAIRS: &[u8; 200] = b"00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    let mut buf = [0u8; 10];
    let mut i = buf.len();
    let mut n = n;
    while n >= 100 {
        let pair = (n % 100) as usize * 2;
        n /= 100;
        i -= 2;
        buf[i] = PAIRS[pair];
        buf[i + 1] = PAIRS[pair + 1];
    }
    if n >= 10 {
        i -= 2;
        buf[i] = PAIRS[n as usize * 2];
        buf[i + 1] = PAIRS[n as usize * 2 + 1];
    } else {
        i -= 1;
        buf[i] = b'0' + n as u8;
    }
    // The buffer holds ASCII digits only.
    out.push_str(std::str::from_utf8(&buf[i..]).unwrap_or("0"));
}

/// A number as JSON.stringify prints it: Number::toString, but `null` for NaN and ±Infinity, `0` for -0.
fn push_number(out: &mut String, n: f64) {
    if !n.is_finite() {
        out.push_str("null");
    } else if n == 0.0 {
        out.push('0');
    } else {
        out.push_str(ryu_js::Buffer::new().format_finite(n));
    }
}

/// A BigInt literal's digits (prefix `0x`/`0o`/`0b` kept, `_` separators and an `n` suffix tolerated) in
/// decimal, as acorn's `bigint` field (`value.toString()`).
fn bigint_decimal(literal: &str) -> String {
    let bytes = literal.as_bytes();
    let (radix, digits) = match bytes {
        [b'0', b'x' | b'X', rest @ ..] => (16, rest),
        [b'0', b'o' | b'O', rest @ ..] => (8, rest),
        [b'0', b'b' | b'B', rest @ ..] => (2, rest),
        _ => (10, bytes),
    };
    let digits = digits.iter().copied().filter(|&b| b != b'_' && b != b'n');
    if radix == 10 {
        let s: String = digits.skip_while(|&b| b == b'0').map(char::from).collect();
        return if s.is_empty() { "0".to_string() } else { s };
    }
    // Little-endian limbs in base 10^9.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u32> = vec![0];
    for b in digits {
        let Some(d) = (b as char).to_digit(radix) else {
            continue;
        };
        let mut carry = d as u64;
        for limb in limbs.iter_mut() {
            let v = *limb as u64 * radix as u64 + carry;
            *limb = (v % BASE) as u32;
            carry = v / BASE;
        }
        if carry > 0 {
            limbs.push(carry as u32);
        }
    }
    let mut s = String::with_capacity(limbs.len() * 9);
    let mut iter = limbs.iter().rev();
    if let Some(top) = iter.next() {
        s.push_str(&top.to_string());
    }
    for limb in iter {
        s.push_str(&format!("{limb:09}"));
    }
    s
}

// ---------------------------------------------------------------------------------------------------
// The walk

struct Writer<'a> {
    out: String,
    names: &'a Interner,
    src: &'a str,
    pos: Positions<'a>,
    /// Nesting of `statement`, `expression` and `pattern` calls, for `enter`.
    depth: u32,
}

/// `Writer::enter` checks the stack every this many levels of nesting.
const STACK_CHECK_INTERVAL: u32 = 8;

/// One link of a left-deep chain, whose remaining fields are written after its spine child.
enum Link<'a> {
    Binary(&'a BinaryExpression),
    Logical(&'a LogicalExpression),
    Member(&'a MemberExpression),
    Call(&'a CallExpression),
    Chain,
}

impl<'a> Writer<'a> {
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    fn bool(&mut self, b: bool) {
        self.out.push_str(if b { "true" } else { "false" });
    }

    fn null(&mut self) {
        self.out.push_str("null");
    }

    fn str(&mut self, s: &str) {
        push_json_str(&mut self.out, s);
    }

    /// `{"type":"…","start":…,"end":…,"loc":{…}` — a node's opening; the caller adds fields and `}`.
    /// `ty` is `node!("Type")`.
    fn open(&mut self, ty: &str, span: Span) {
        let ((start, start_line, start_column), (end, end_line, end_column)) =
            self.pos.locate_span(span);
        let out = &mut self.out;
        out.push_str(ty);
        push_u32(out, start);
        out.push_str(",\"end\":");
        push_u32(out, end);
        out.push_str(",\"loc\":{\"start\":{\"line\":");
        push_u32(out, start_line);
        out.push_str(",\"column\":");
        push_u32(out, start_column);
        out.push_str("},\"end\":{\"line\":");
        push_u32(out, end_line);
        out.push_str(",\"column\":");
        push_u32(out, end_column);
        out.push_str("}}");
    }

    fn close(&mut self) {
        self.out.push('}');
    }

    /// A node with no fields besides its type and position.
    fn leaf(&mut self, ty: &str, span: Span) {
        self.open(ty, span);
        self.close();
    }

    fn list<T>(&mut self, items: &[T], mut each: impl FnMut(&mut Self, &T)) {
        self.out.push('[');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push(',');
            }
            each(self, item);
        }
        self.out.push(']');
    }

    fn program(&mut self, program: &Program) {
        // acorn's Program always spans the whole input, whitespace, comments and hashbang included.
        self.open(node!("Program"), Span::new(0, self.src.len() as u32));
        self.raw(key!("body"));
        self.statements(&program.body);
        self.raw(key!("sourceType"));
        self.raw(match program.source_type {
            SourceType::Script => "\"script\"",
            SourceType::Module => "\"module\"",
        });
        self.close();
    }

    // --- Names and literals

    fn identifier(&mut self, id: &Identifier) {
        self.open(node!("Identifier"), id.span);
        self.raw(key!("name"));
        push_json_str(&mut self.out, self.names.get(id.name));
        self.close();
    }

    fn opt_identifier(&mut self, id: Option<&Identifier>) {
        match id {
            Some(id) => self.identifier(id),
            None => self.null(),
        }
    }

    fn private_identifier(&mut self, id: &PrivateIdentifier) {
        self.open(node!("PrivateIdentifier"), id.span);
        self.raw(key!("name"));
        push_json_str(&mut self.out, self.names.get(id.name));
        self.close();
    }

    fn literal(&mut self, lit: &Literal) {
        self.open(node!("Literal"), lit.span);
        self.raw(key!("value"));
        match &lit.value {
            LiteralValue::Null => self.null(),
            LiteralValue::Boolean(b) => self.bool(*b),
            LiteralValue::Number(n) => push_number(&mut self.out, *n),
            LiteralValue::String(s) => push_json_utf16(&mut self.out, s),
            LiteralValue::BigInt(_) | LiteralValue::RegExp { .. } => self.null(),
        }
        self.raw(key!("raw"));
        let raw = self
            .src
            .get(lit.span.start as usize..lit.span.end as usize)
            .unwrap_or("");
        self.str(raw);
        match &lit.value {
            LiteralValue::BigInt(digits) => {
                self.raw(key!("bigint"));
                let decimal = bigint_decimal(digits);
                self.str(&decimal);
            }
            LiteralValue::RegExp { pattern, flags } => {
                self.raw(key!("regex"));
                self.raw("{\"pattern\":");
                self.str(pattern);
                self.raw(",\"flags\":");
                self.str(flags);
                self.close();
            }
            _ => {}
        }
        self.close();
    }

    fn opt_literal(&mut self, lit: Option<&Literal>) {
        match lit {
            Some(lit) => self.literal(lit),
            None => self.null(),
        }
    }

    fn property_key(&mut self, key: &PropertyKey) {
        match key {
            PropertyKey::Identifier(id) => self.identifier(id),
            PropertyKey::Private(id) => self.private_identifier(id),
            PropertyKey::Literal(lit) => self.literal(lit),
            PropertyKey::Computed(e) => self.expression(e),
        }
    }

    fn module_export_name(&mut self, name: &ModuleExportName) {
        match name {
            ModuleExportName::Identifier(id) => self.identifier(id),
            ModuleExportName::String(lit) => self.literal(lit),
        }
    }

    // --- Statements

    fn statements(&mut self, body: &[Statement]) {
        self.list(body, |w, s| w.statement(s));
    }

    fn opt_statement(&mut self, s: Option<&Statement>) {
        match s {
            Some(s) => self.statement(s),
            None => self.null(),
        }
    }

    /// Counts one more level of nesting (`statement`, `expression`, `pattern`; the caller decrements);
    /// true when that level should run on a new stack segment. The parser accepts nesting up to
    /// `parser::MAX_DEPTH` levels, more than a small thread stack (a test thread's 2 MB) holds in a debug
    /// build, so on native targets the stack grows on demand, as in the parser. The check runs every few
    /// levels only, and the common path calls no closure. (wasm32 has no `stacker`; there the parser's
    /// stack budget bounds the depth.)
    fn enter(&mut self) -> bool {
        self.depth += 1;
        self.depth.is_multiple_of(STACK_CHECK_INTERVAL) && stack::is_low()
    }

    fn on_new_stack(&mut self, f: impl FnOnce(&mut Self)) {
        stack::grow(|| f(self));
    }

    fn statement(&mut self, s: &Statement) {
        if self.enter() {
            self.on_new_stack(|w| w.statement_kind(s));
        } else {
            self.statement_kind(s);
        }
        self.depth -= 1;
    }

    fn statement_kind(&mut self, s: &Statement) {
        match s {
            Statement::Expression(n) => self.expression_statement(n),
            Statement::Block(n) => self.block(node!("BlockStatement"), n.span, &n.body),
            Statement::Empty(span) => self.leaf(node!("EmptyStatement"), *span),
            Statement::Debugger(span) => self.leaf(node!("DebuggerStatement"), *span),
            Statement::With(n) => self.with_statement(n),
            Statement::Return(n) => self.return_statement(n),
            Statement::Labeled(n) => self.labeled_statement(n),
            Statement::Break(n) => self.jump_statement(node!("BreakStatement"), n),
            Statement::Continue(n) => self.jump_statement(node!("ContinueStatement"), n),
            Statement::If(n) => self.if_statement(n),
            Statement::Switch(n) => self.switch_statement(n),
            Statement::Throw(n) => self.throw_statement(n),
            Statement::Try(n) => self.try_statement(n),
            Statement::While(n) => self.while_statement(n),
            Statement::DoWhile(n) => self.do_while_statement(n),
            Statement::For(n) => self.for_statement(n),
            Statement::ForIn(n) => self.for_in_statement(n),
            Statement::ForOf(n) => self.for_of_statement(n),
            Statement::FunctionDeclaration(n) => self.function(node!("FunctionDeclaration"), n),
            Statement::VariableDeclaration(n) => self.variable_declaration(n),
            Statement::ClassDeclaration(n) => self.class(node!("ClassDeclaration"), n),
            Statement::Import(n) => self.import_declaration(n),
            Statement::ExportNamed(n) => self.export_named(n),
            Statement::ExportDefault(n) => self.export_default(n),
            Statement::ExportAll(n) => self.export_all(n),
        }
    }

    fn expression_statement(&mut self, n: &ExpressionStatement) {
        self.open(node!("ExpressionStatement"), n.span);
        self.raw(key!("expression"));
        self.expression(&n.expression);
        if let Some(directive) = &n.directive {
            self.raw(key!("directive"));
            self.str(directive);
        }
        self.close();
    }

    /// A node whose only field is a statement list `body` (blocks, function bodies, static blocks).
    fn block(&mut self, ty: &str, span: Span, body: &[Statement]) {
        self.open(ty, span);
        self.raw(key!("body"));
        self.statements(body);
        self.close();
    }

    fn with_statement(&mut self, n: &WithStatement) {
        self.open(node!("WithStatement"), n.span);
        self.raw(key!("object"));
        self.expression(&n.object);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.close();
    }

    fn return_statement(&mut self, n: &ReturnStatement) {
        self.open(node!("ReturnStatement"), n.span);
        self.raw(key!("argument"));
        self.opt_expression(n.argument.as_ref());
        self.close();
    }

    fn labeled_statement(&mut self, n: &LabeledStatement) {
        self.open(node!("LabeledStatement"), n.span);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.raw(key!("label"));
        self.identifier(&n.label);
        self.close();
    }

    fn jump_statement(&mut self, ty: &str, n: &JumpStatement) {
        self.open(ty, n.span);
        self.raw(key!("label"));
        self.opt_identifier(n.label.as_ref());
        self.close();
    }

    fn if_statement(&mut self, n: &IfStatement) {
        self.open(node!("IfStatement"), n.span);
        self.raw(key!("test"));
        self.expression(&n.test);
        self.raw(key!("consequent"));
        self.statement(&n.consequent);
        self.raw(key!("alternate"));
        self.opt_statement(n.alternate.as_ref());
        self.close();
    }

    fn switch_statement(&mut self, n: &SwitchStatement) {
        self.open(node!("SwitchStatement"), n.span);
        self.raw(key!("discriminant"));
        self.expression(&n.discriminant);
        self.raw(key!("cases"));
        self.list(&n.cases, |w, case| {
            w.open(node!("SwitchCase"), case.span);
            w.raw(key!("consequent"));
            w.statements(&case.consequent);
            w.raw(key!("test"));
            w.opt_expression(case.test.as_ref());
            w.close();
        });
        self.close();
    }

    fn throw_statement(&mut self, n: &ThrowStatement) {
        self.open(node!("ThrowStatement"), n.span);
        self.raw(key!("argument"));
        self.expression(&n.argument);
        self.close();
    }

    fn try_statement(&mut self, n: &TryStatement) {
        self.open(node!("TryStatement"), n.span);
        self.raw(key!("block"));
        self.block(node!("BlockStatement"), n.block.span, &n.block.body);
        self.raw(key!("handler"));
        match &n.handler {
            Some(handler) => {
                self.open(node!("CatchClause"), handler.span);
                self.raw(key!("param"));
                self.opt_pattern(handler.param.as_ref());
                self.raw(key!("body"));
                self.block(
                    node!("BlockStatement"),
                    handler.body.span,
                    &handler.body.body,
                );
                self.close();
            }
            None => self.null(),
        }
        self.raw(key!("finalizer"));
        match &n.finalizer {
            Some(f) => self.block(node!("BlockStatement"), f.span, &f.body),
            None => self.null(),
        }
        self.close();
    }

    fn while_statement(&mut self, n: &WhileStatement) {
        self.open(node!("WhileStatement"), n.span);
        self.raw(key!("test"));
        self.expression(&n.test);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.close();
    }

    fn do_while_statement(&mut self, n: &DoWhileStatement) {
        self.open(node!("DoWhileStatement"), n.span);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.raw(key!("test"));
        self.expression(&n.test);
        self.close();
    }

    fn for_statement(&mut self, n: &ForStatement) {
        self.open(node!("ForStatement"), n.span);
        self.raw(key!("init"));
        match &n.init {
            Some(ForInit::VariableDeclaration(d)) => self.variable_declaration(d),
            Some(ForInit::Expression(e)) => self.expression(e),
            None => self.null(),
        }
        self.raw(key!("test"));
        self.opt_expression(n.test.as_ref());
        self.raw(key!("update"));
        self.opt_expression(n.update.as_ref());
        self.raw(key!("body"));
        self.statement(&n.body);
        self.close();
    }

    fn for_head(&mut self, head: &ForHead) {
        match head {
            ForHead::VariableDeclaration(d) => self.variable_declaration(d),
            ForHead::Pattern(p) => self.pattern(p),
        }
    }

    fn for_in_statement(&mut self, n: &ForInStatement) {
        self.open(node!("ForInStatement"), n.span);
        self.raw(key!("left"));
        self.for_head(&n.left);
        self.raw(key!("right"));
        self.expression(&n.right);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.close();
    }

    fn for_of_statement(&mut self, n: &ForOfStatement) {
        self.open(node!("ForOfStatement"), n.span);
        self.raw(key!("await"));
        self.bool(n.is_await);
        self.raw(key!("left"));
        self.for_head(&n.left);
        self.raw(key!("right"));
        self.expression(&n.right);
        self.raw(key!("body"));
        self.statement(&n.body);
        self.close();
    }

    fn variable_declaration(&mut self, n: &VariableDeclaration) {
        self.open(node!("VariableDeclaration"), n.span);
        self.raw(key!("declarations"));
        self.list(&n.declarations, |w, d| {
            w.open(node!("VariableDeclarator"), d.span);
            w.raw(key!("id"));
            w.pattern(&d.id);
            w.raw(key!("init"));
            w.opt_expression(d.init.as_ref());
            w.close();
        });
        self.raw(key!("kind"));
        self.raw(match n.kind {
            VariableKind::Var => "\"var\"",
            VariableKind::Let => "\"let\"",
            VariableKind::Const => "\"const\"",
        });
        self.close();
    }

    // --- Functions and classes

    /// A FunctionDeclaration or FunctionExpression.
    fn function(&mut self, ty: &str, f: &Function) {
        self.open(ty, f.span);
        self.raw(key!("id"));
        self.opt_identifier(f.id.as_ref());
        self.raw(key!("expression"));
        self.raw("false");
        self.raw(key!("generator"));
        self.bool(f.is_generator);
        self.raw(key!("async"));
        self.bool(f.is_async);
        self.raw(key!("params"));
        self.patterns(&f.params);
        self.raw(key!("body"));
        self.block(node!("BlockStatement"), f.body.span, &f.body.body);
        self.close();
    }

    fn arrow_function(&mut self, f: &ArrowFunction) {
        self.open(node!("ArrowFunctionExpression"), f.span);
        self.raw(key!("id"));
        self.null();
        self.raw(key!("expression"));
        self.bool(matches!(f.body, ArrowBody::Expression(_)));
        self.raw(key!("generator"));
        self.raw("false");
        self.raw(key!("async"));
        self.bool(f.is_async);
        self.raw(key!("params"));
        self.patterns(&f.params);
        self.raw(key!("body"));
        match &f.body {
            ArrowBody::Expression(e) => self.expression(e),
            ArrowBody::Block(body) => self.block(node!("BlockStatement"), body.span, &body.body),
        }
        self.close();
    }

    /// A ClassDeclaration or ClassExpression.
    fn class(&mut self, ty: &str, c: &Class) {
        self.open(ty, c.span);
        self.raw(key!("id"));
        self.opt_identifier(c.id.as_ref());
        self.raw(key!("superClass"));
        self.opt_expression(c.super_class.as_ref());
        self.raw(key!("body"));
        self.open(node!("ClassBody"), c.body.span);
        self.raw(key!("body"));
        self.list(&c.body.body, |w, element| w.class_element(element));
        self.close();
        self.close();
    }

    fn class_element(&mut self, element: &ClassElement) {
        match element {
            ClassElement::Method(m) => {
                self.open(node!("MethodDefinition"), m.span);
                self.raw(key!("static"));
                self.bool(m.is_static);
                self.raw(key!("computed"));
                self.bool(m.computed);
                self.raw(key!("key"));
                self.property_key(&m.key);
                self.raw(key!("kind"));
                self.raw(match m.kind {
                    MethodKind::Constructor => "\"constructor\"",
                    MethodKind::Method => "\"method\"",
                    MethodKind::Get => "\"get\"",
                    MethodKind::Set => "\"set\"",
                });
                self.raw(key!("value"));
                self.function(node!("FunctionExpression"), &m.value);
                self.close();
            }
            ClassElement::Property(p) => {
                self.open(node!("PropertyDefinition"), p.span);
                self.raw(key!("static"));
                self.bool(p.is_static);
                self.raw(key!("computed"));
                self.bool(p.computed);
                self.raw(key!("key"));
                self.property_key(&p.key);
                self.raw(key!("value"));
                self.opt_expression(p.value.as_ref());
                self.close();
            }
            ClassElement::StaticBlock(b) => self.block(node!("StaticBlock"), b.span, &b.body),
        }
    }

    // --- Expressions

    fn opt_expression(&mut self, e: Option<&Expression>) {
        match e {
            Some(e) => self.expression(e),
            None => self.null(),
        }
    }

    fn expression(&mut self, e: &Expression) {
        if self.enter() {
            self.on_new_stack(|w| w.expression_chain(e));
        } else {
            self.expression_chain(e);
        }
        self.depth -= 1;
    }

    /// Any expression. Left-deep chains of binary, logical, member and call expressions are unrolled
    /// here with an explicit stack: their length is not bounded by the parser's depth limit.
    fn expression_chain(&mut self, e: &Expression) {
        let mut spine: Vec<Link<'_>> = Vec::new();
        let mut e = e;
        loop {
            match e {
                Expression::Parenthesized(p) => e = &p.expression,
                Expression::Binary(n) => {
                    self.open(node!("BinaryExpression"), n.span);
                    self.raw(key!("left"));
                    spine.push(Link::Binary(n));
                    e = &n.left;
                }
                Expression::Logical(n) => {
                    self.open(node!("LogicalExpression"), n.span);
                    self.raw(key!("left"));
                    spine.push(Link::Logical(n));
                    e = &n.left;
                }
                Expression::Member(n) => {
                    self.open(node!("MemberExpression"), n.span);
                    self.raw(key!("object"));
                    spine.push(Link::Member(n));
                    e = &n.object;
                }
                Expression::Call(n) => {
                    self.open(node!("CallExpression"), n.span);
                    self.raw(key!("callee"));
                    spine.push(Link::Call(n));
                    e = &n.callee;
                }
                Expression::Chain(n) => {
                    self.open(node!("ChainExpression"), n.span);
                    self.raw(key!("expression"));
                    spine.push(Link::Chain);
                    e = &n.expression;
                }
                _ => break,
            }
        }
        self.other_expression(e);
        while let Some(link) = spine.pop() {
            match link {
                Link::Binary(n) => {
                    self.raw(key!("operator"));
                    self.raw("\"");
                    self.raw(n.operator.as_str());
                    self.raw("\"");
                    self.raw(key!("right"));
                    self.expression(&n.right);
                }
                Link::Logical(n) => {
                    self.raw(key!("operator"));
                    self.raw("\"");
                    self.raw(n.operator.as_str());
                    self.raw("\"");
                    self.raw(key!("right"));
                    self.expression(&n.right);
                }
                Link::Member(n) => self.member_rest(n),
                Link::Call(n) => {
                    self.raw(key!("arguments"));
                    self.arguments(&n.arguments);
                    self.raw(key!("optional"));
                    self.bool(n.optional);
                }
                Link::Chain => {}
            }
            self.close();
        }
    }

    /// The expressions that are not links of a left-deep chain.
    fn other_expression(&mut self, e: &Expression) {
        match e {
            Expression::Identifier(id) => self.identifier(id),
            Expression::Literal(lit) => self.literal(lit),
            Expression::This(span) => self.leaf(node!("ThisExpression"), *span),
            Expression::Super(span) => self.leaf(node!("Super"), *span),
            Expression::Array(n) => self.array_expression(n),
            Expression::Object(n) => self.object_expression(n),
            Expression::Function(f) => self.function(node!("FunctionExpression"), f),
            Expression::Arrow(f) => self.arrow_function(f),
            Expression::Class(c) => self.class(node!("ClassExpression"), c),
            Expression::Template(t) => self.template_literal(t),
            Expression::TaggedTemplate(n) => self.tagged_template(n),
            Expression::New(n) => self.new_expression(n),
            Expression::Unary(n) => self.unary_expression(n),
            Expression::Update(n) => self.update_expression(n),
            Expression::PrivateIn(n) => self.private_in(n),
            Expression::Conditional(n) => self.conditional_expression(n),
            Expression::Assignment(n) => self.assignment_expression(n),
            Expression::Sequence(n) => self.sequence_expression(n),
            Expression::Yield(n) => self.yield_expression(n),
            Expression::Await(n) => self.await_expression(n),
            Expression::MetaProperty(n) => self.meta_property(n),
            Expression::Import(n) => self.import_expression(n),
            // Chain links and parentheses are handled by `expression`; written here for completeness.
            Expression::Binary(_)
            | Expression::Logical(_)
            | Expression::Member(_)
            | Expression::Call(_)
            | Expression::Chain(_)
            | Expression::Parenthesized(_) => self.expression_chain(e),
        }
    }

    /// A MemberExpression's fields after `object`: `property`, `computed`, `optional`.
    fn member_rest(&mut self, n: &MemberExpression) {
        self.raw(key!("property"));
        match &n.property {
            MemberProperty::Identifier(id) => self.identifier(id),
            MemberProperty::Private(id) => self.private_identifier(id),
            MemberProperty::Computed(e) => self.expression(e),
        }
        self.raw(key!("computed"));
        self.bool(matches!(n.property, MemberProperty::Computed(_)));
        self.raw(key!("optional"));
        self.bool(n.optional);
    }

    fn spread_element(&mut self, s: &SpreadElement) {
        self.open(node!("SpreadElement"), s.span);
        self.raw(key!("argument"));
        self.expression(&s.argument);
        self.close();
    }

    fn arguments(&mut self, args: &[Argument]) {
        self.list(args, |w, arg| match arg {
            Argument::Expression(e) => w.expression(e),
            Argument::Spread(s) => w.spread_element(s),
        });
    }

    fn array_expression(&mut self, n: &ArrayExpression) {
        self.open(node!("ArrayExpression"), n.span);
        self.raw(key!("elements"));
        self.list(&n.elements, |w, element| match element {
            Some(ArrayElement::Expression(e)) => w.expression(e),
            Some(ArrayElement::Spread(s)) => w.spread_element(s),
            None => w.null(),
        });
        self.close();
    }

    fn object_expression(&mut self, n: &ObjectExpression) {
        self.open(node!("ObjectExpression"), n.span);
        self.raw(key!("properties"));
        self.list(&n.properties, |w, member| match member {
            ObjectMember::Property(p) => w.property(p),
            ObjectMember::Spread(s) => w.spread_element(s),
        });
        self.close();
    }

    fn property(&mut self, p: &Property) {
        self.open(node!("Property"), p.span);
        self.raw(key!("method"));
        self.bool(p.method);
        self.raw(key!("shorthand"));
        self.bool(p.shorthand);
        self.raw(key!("computed"));
        self.bool(p.computed);
        self.raw(key!("key"));
        self.property_key(&p.key);
        self.raw(key!("value"));
        self.expression(&p.value);
        self.raw(key!("kind"));
        self.raw(match p.kind {
            PropertyKind::Init => "\"init\"",
            PropertyKind::Get => "\"get\"",
            PropertyKind::Set => "\"set\"",
        });
        self.close();
    }

    fn template_literal(&mut self, t: &TemplateLiteral) {
        self.open(node!("TemplateLiteral"), t.span);
        self.raw(key!("expressions"));
        self.list(&t.expressions, |w, e| w.expression(e));
        self.raw(key!("quasis"));
        self.list(&t.quasis, |w, q| {
            w.open(node!("TemplateElement"), q.span);
            w.raw(key!("value"));
            w.raw("{\"raw\":");
            w.str(&q.raw);
            w.raw(",\"cooked\":");
            match &q.cooked {
                Some(cooked) => push_json_utf16(&mut w.out, cooked),
                None => w.null(),
            }
            w.close();
            w.raw(key!("tail"));
            w.bool(q.tail);
            w.close();
        });
        self.close();
    }

    fn tagged_template(&mut self, n: &TaggedTemplate) {
        self.open(node!("TaggedTemplateExpression"), n.span);
        self.raw(key!("tag"));
        self.expression(&n.tag);
        self.raw(key!("quasi"));
        self.template_literal(&n.quasi);
        self.close();
    }

    fn new_expression(&mut self, n: &NewExpression) {
        self.open(node!("NewExpression"), n.span);
        self.raw(key!("callee"));
        self.expression(&n.callee);
        self.raw(key!("arguments"));
        self.arguments(&n.arguments);
        self.close();
    }

    fn unary_expression(&mut self, n: &UnaryExpression) {
        self.open(node!("UnaryExpression"), n.span);
        self.raw(key!("operator"));
        self.raw("\"");
        self.raw(n.operator.as_str());
        self.raw("\"");
        self.raw(key!("prefix"));
        self.raw("true");
        self.raw(key!("argument"));
        self.expression(&n.argument);
        self.close();
    }

    fn update_expression(&mut self, n: &UpdateExpression) {
        self.open(node!("UpdateExpression"), n.span);
        self.raw(key!("operator"));
        self.raw(if n.increment { "\"++\"" } else { "\"--\"" });
        self.raw(key!("prefix"));
        self.bool(n.prefix);
        self.raw(key!("argument"));
        self.pattern(&n.argument);
        self.close();
    }

    fn private_in(&mut self, n: &PrivateInExpression) {
        self.open(node!("BinaryExpression"), n.span);
        self.raw(key!("left"));
        self.private_identifier(&n.left);
        self.raw(key!("operator"));
        self.raw("\"in\"");
        self.raw(key!("right"));
        self.expression(&n.right);
        self.close();
    }

    fn conditional_expression(&mut self, n: &ConditionalExpression) {
        self.open(node!("ConditionalExpression"), n.span);
        self.raw(key!("test"));
        self.expression(&n.test);
        self.raw(key!("consequent"));
        self.expression(&n.consequent);
        self.raw(key!("alternate"));
        self.expression(&n.alternate);
        self.close();
    }

    fn assignment_expression(&mut self, n: &AssignmentExpression) {
        self.open(node!("AssignmentExpression"), n.span);
        self.raw(key!("operator"));
        self.raw("\"");
        self.raw(n.operator.as_str());
        self.raw("\"");
        self.raw(key!("left"));
        self.pattern(&n.left);
        self.raw(key!("right"));
        self.expression(&n.right);
        self.close();
    }

    fn sequence_expression(&mut self, n: &SequenceExpression) {
        self.open(node!("SequenceExpression"), n.span);
        self.raw(key!("expressions"));
        self.list(&n.expressions, |w, e| w.expression(e));
        self.close();
    }

    fn yield_expression(&mut self, n: &YieldExpression) {
        self.open(node!("YieldExpression"), n.span);
        self.raw(key!("delegate"));
        self.bool(n.delegate);
        self.raw(key!("argument"));
        self.opt_expression(n.argument.as_ref());
        self.close();
    }

    fn await_expression(&mut self, n: &AwaitExpression) {
        self.open(node!("AwaitExpression"), n.span);
        self.raw(key!("argument"));
        self.expression(&n.argument);
        self.close();
    }

    fn meta_property(&mut self, n: &MetaProperty) {
        self.open(node!("MetaProperty"), n.span);
        self.raw(key!("meta"));
        self.identifier(&n.meta);
        self.raw(key!("property"));
        self.identifier(&n.property);
        self.close();
    }

    fn import_expression(&mut self, n: &ImportExpression) {
        self.open(node!("ImportExpression"), n.span);
        self.raw(key!("source"));
        self.expression(&n.source);
        self.raw(key!("options"));
        self.opt_expression(n.options.as_ref());
        self.close();
    }

    // --- Patterns

    fn patterns(&mut self, patterns: &[Pattern]) {
        self.list(patterns, |w, p| w.pattern(p));
    }

    fn opt_pattern(&mut self, p: Option<&Pattern>) {
        match p {
            Some(p) => self.pattern(p),
            None => self.null(),
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        if self.enter() {
            self.on_new_stack(|w| w.pattern_kind(p));
        } else {
            self.pattern_kind(p);
        }
        self.depth -= 1;
    }

    fn pattern_kind(&mut self, p: &Pattern) {
        match p {
            Pattern::Identifier(id) => self.identifier(id),
            Pattern::Call(e) => self.expression(e),
            Pattern::Member(m) => {
                self.open(node!("MemberExpression"), m.span);
                self.raw(key!("object"));
                self.expression(&m.object);
                self.member_rest(m);
                self.close();
            }
            Pattern::Object(o) => self.object_pattern(o),
            Pattern::Array(a) => {
                self.open(node!("ArrayPattern"), a.span);
                self.raw(key!("elements"));
                self.list(&a.elements, |w, element| w.opt_pattern(element.as_ref()));
                self.close();
            }
            Pattern::Assignment(a) => {
                self.open(node!("AssignmentPattern"), a.span);
                self.raw(key!("left"));
                self.pattern(&a.left);
                self.raw(key!("right"));
                self.expression(&a.right);
                self.close();
            }
            Pattern::Rest(r) => self.rest_element(r),
        }
    }

    fn rest_element(&mut self, r: &RestElement) {
        self.open(node!("RestElement"), r.span);
        self.raw(key!("argument"));
        self.pattern(&r.argument);
        self.close();
    }

    fn object_pattern(&mut self, o: &ObjectPattern) {
        self.open(node!("ObjectPattern"), o.span);
        self.raw(key!("properties"));
        self.list(&o.properties, |w, property| match property {
            PatternProperty::Property(p) => {
                w.open(node!("Property"), p.span);
                w.raw(key!("method"));
                w.raw("false");
                w.raw(key!("shorthand"));
                w.bool(p.shorthand);
                w.raw(key!("computed"));
                w.bool(p.computed);
                w.raw(key!("key"));
                w.property_key(&p.key);
                w.raw(key!("value"));
                w.pattern(&p.value);
                w.raw(key!("kind"));
                w.raw("\"init\"");
                w.close();
            }
            PatternProperty::Rest(r) => w.rest_element(r),
        });
        self.close();
    }

    // --- Modules

    fn attributes(&mut self, attributes: &[ImportAttribute]) {
        self.list(attributes, |w, a| {
            w.open(node!("ImportAttribute"), a.span);
            w.raw(key!("key"));
            w.module_export_name(&a.key);
            w.raw(key!("value"));
            w.literal(&a.value);
            w.close();
        });
    }

    fn import_declaration(&mut self, n: &ImportDeclaration) {
        self.open(node!("ImportDeclaration"), n.span);
        self.raw(key!("specifiers"));
        self.list(&n.specifiers, |w, s| match s {
            ImportSpecifier::Default { span, local } => {
                w.open(node!("ImportDefaultSpecifier"), *span);
                w.raw(key!("local"));
                w.identifier(local);
                w.close();
            }
            ImportSpecifier::Namespace { span, local } => {
                w.open(node!("ImportNamespaceSpecifier"), *span);
                w.raw(key!("local"));
                w.identifier(local);
                w.close();
            }
            ImportSpecifier::Named {
                span,
                imported,
                local,
            } => {
                w.open(node!("ImportSpecifier"), *span);
                w.raw(key!("imported"));
                w.module_export_name(imported);
                w.raw(key!("local"));
                w.identifier(local);
                w.close();
            }
        });
        self.raw(key!("source"));
        self.literal(&n.source);
        self.raw(key!("attributes"));
        self.attributes(&n.attributes);
        self.close();
    }

    fn export_named(&mut self, n: &ExportNamedDeclaration) {
        self.open(node!("ExportNamedDeclaration"), n.span);
        self.raw(key!("declaration"));
        self.opt_statement(n.declaration.as_ref());
        self.raw(key!("specifiers"));
        self.list(&n.specifiers, |w, s| {
            w.open(node!("ExportSpecifier"), s.span);
            w.raw(key!("local"));
            w.module_export_name(&s.local);
            w.raw(key!("exported"));
            w.module_export_name(&s.exported);
            w.close();
        });
        self.raw(key!("source"));
        self.opt_literal(n.source.as_ref());
        self.raw(key!("attributes"));
        self.attributes(&n.attributes);
        self.close();
    }

    fn export_default(&mut self, n: &ExportDefaultDeclaration) {
        self.open(node!("ExportDefaultDeclaration"), n.span);
        self.raw(key!("declaration"));
        match &n.declaration {
            ExportDefaultKind::Function(f) => self.function(node!("FunctionDeclaration"), f),
            ExportDefaultKind::Class(c) => self.class(node!("ClassDeclaration"), c),
            ExportDefaultKind::Expression(e) => self.expression(e),
        }
        self.close();
    }

    fn export_all(&mut self, n: &ExportAllDeclaration) {
        self.open(node!("ExportAllDeclaration"), n.span);
        self.raw(key!("exported"));
        match &n.exported {
            Some(name) => self.module_export_name(name),
            None => self.null(),
        }
        self.raw(key!("source"));
        self.literal(&n.source);
        self.raw(key!("attributes"));
        self.attributes(&n.attributes);
        self.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sp(start: u32, end: u32) -> Span {
        Span::new(start, end)
    }

    fn js(s: &str) -> JsStr {
        s.encode_utf16().collect()
    }

    fn ident(interner: &mut Interner, name: &str, start: u32, end: u32) -> Identifier {
        Identifier {
            span: sp(start, end),
            name: interner.intern(name),
        }
    }

    fn statement(expression: Expression, span: Span) -> Statement {
        Statement::Expression(Box::new(ExpressionStatement {
            span,
            expression,
            directive: None,
        }))
    }

    fn script(body: Vec<Statement>, interner: Interner, len: u32) -> Parsed {
        Parsed {
            program: Program {
                span: sp(0, len),
                body,
                source_type: SourceType::Script,
                strict: false,
            },
            interner,
        }
    }

    #[test]
    fn strings_escape_like_json_stringify() {
        // Expected texts are node's JSON.stringify output.
        let mut out = String::new();
        let units = [
            0x61, 0xD800, 0xD83D, 0xDE00, 0xDC00, 0x22, 0x5C, 0x08, 0x0C, 0x0A, 0x0D, 0x09, 0x01,
            0x1F, 0x7F, 0x2028, 0xE9, 0xDFFF, 0xD800,
        ];
        push_json_utf16(&mut out, &units);
        assert_eq!(
            out,
            "\"a\\ud800😀\\udc00\\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\u{2028}é\\udfff\\ud800\""
        );
        out.clear();
        push_json_str(&mut out, "a\"\\\u{0}\u{1b}\n\té😀\u{2029}");
        assert_eq!(out, "\"a\\\"\\\\\\u0000\\u001b\\n\\té😀\u{2029}\"");
        out.clear();
        push_json_utf16(&mut out, &[]);
        assert_eq!(out, "\"\"");
    }

    #[test]
    fn numbers_print_like_json_stringify() {
        let cases: &[(f64, &str)] = &[
            (1e21, "1e+21"),
            (0.1, "0.1"),
            (-0.0, "0"),
            (0.0, "0"),
            (f64::NAN, "null"),
            (f64::INFINITY, "null"),
            (f64::NEG_INFINITY, "null"),
            (123.0, "123"),
            (1e-7, "1e-7"),
            (9007199254740992.0, "9007199254740992"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            (0.000001, "0.000001"),
            (1e20, "100000000000000000000"),
            (123456789.123, "123456789.123"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1.0 / 3.0, "0.3333333333333333"),
            (4.35, "4.35"),
            (0.5e-6, "5e-7"),
        ];
        for &(n, want) in cases {
            let mut out = String::new();
            push_number(&mut out, n);
            assert_eq!(out, want, "{n:?}");
        }
        let mut out = String::new();
        for n in [0, 7, 10, 4294967295] {
            push_u32(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 7 10 4294967295 ");
    }

    #[test]
    fn bigints_print_in_decimal_like_acorn() {
        assert_eq!(
            bigint_decimal("0xFFFFFFFFFFFFFFFFFFFFFFFFFFFF"),
            "5192296858534827628530496329220095"
        );
        assert_eq!(bigint_decimal("0x1F"), "31");
        assert_eq!(bigint_decimal("0X1f"), "31");
        assert_eq!(bigint_decimal("0b1010"), "10");
        assert_eq!(bigint_decimal("0o777"), "511");
        assert_eq!(bigint_decimal("0x0"), "0");
        assert_eq!(bigint_decimal("0"), "0");
        assert_eq!(bigint_decimal("1_000n"), "1000");
        assert_eq!(bigint_decimal("0x3B9ACA00"), "1000000000");
        assert_eq!(
            bigint_decimal("123456789012345678901234567890"),
            "123456789012345678901234567890"
        );
    }

    #[test]
    fn utf16_positions_match_a_naive_count() {
        // Dense non-ASCII, ASCII-only chunks, then non-ASCII again, ending at a chunk boundary.
        let mut text = "aé😀\r\nb\u{2028}c\u{2029}d\re\n".repeat(20) + &"plain ascii\n".repeat(20);
        text += &"x€".repeat(100);
        text += &"y".repeat(64 - text.len() % 64);
        let mut pos = Positions::new(&text);
        let mut units = 0u32;
        let mut line = 1u32;
        let mut line_start_units = 0u32;
        let mut prev: Option<char> = None;
        for (i, c) in text.char_indices() {
            let new_line = match prev {
                Some('\n') | Some('\u{2028}') | Some('\u{2029}') => true,
                Some('\r') => c != '\n',
                _ => false,
            };
            if new_line {
                line += 1;
                line_start_units = units;
            }
            let want = (units, line, units - line_start_units);
            assert_eq!(
                pos.locate_span(Span::new(i as u32, i as u32)).0,
                want,
                "at byte {i}"
            );
            assert_eq!(pos.locate(i as u32, 0), want, "at byte {i}");
            units += c.len_utf16() as u32;
            prev = Some(c);
        }
        assert_eq!(pos.locate(text.len() as u32, 0).0, units);
        // Lookups out of order use the binary search.
        assert_eq!(pos.locate_span(Span::new(0, 3)), ((0, 1, 0), (2, 1, 2)));
    }

    #[test]
    fn non_ascii_program_matches_acorn() {
        let source = "\"é😀\\ud800\";\r\n𝒳 = 1e21";
        let mut names = Interner::new();
        let x = ident(&mut names, "𝒳", 17, 21);
        // The string's value ends with a lone surrogate.
        let mut value: Vec<u16> = js("é😀").into();
        value.push(0xD800);
        let string = Literal {
            span: sp(0, 14),
            value: LiteralValue::String(value.into()),
        };
        let body = vec![
            Statement::Expression(Box::new(ExpressionStatement {
                span: sp(0, 15),
                expression: Expression::Literal(Box::new(string)),
                directive: Some("é😀\\ud800".into()),
            })),
            statement(
                Expression::Assignment(Box::new(AssignmentExpression {
                    span: sp(17, 28),
                    operator: AssignmentOperator::Assign,
                    left: Pattern::Identifier(x),
                    right: Expression::Literal(Box::new(Literal {
                        span: sp(24, 28),
                        value: LiteralValue::Number(1e21),
                    })),
                })),
                sp(17, 28),
            ),
        ];
        let parsed = script(body, names, source.len() as u32);
        // acorn 8.15.0's output for this source.
        let want = r#"{"type":"Program","start":0,"end":23,"loc":{"start":{"line":1,"column":0},"end":{"line":2,"column":9}},"body":[{"type":"ExpressionStatement","start":0,"end":12,"loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":12}},"expression":{"type":"Literal","start":0,"end":11,"loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":11}},"value":"é😀\ud800","raw":"\"é😀\\ud800\""},"directive":"é😀\\ud800"},{"type":"ExpressionStatement","start":14,"end":23,"loc":{"start":{"line":2,"column":0},"end":{"line":2,"column":9}},"expression":{"type":"AssignmentExpression","start":14,"end":23,"loc":{"start":{"line":2,"column":0},"end":{"line":2,"column":9}},"operator":"=","left":{"type":"Identifier","start":14,"end":16,"loc":{"start":{"line":2,"column":0},"end":{"line":2,"column":2}},"name":"𝒳"},"right":{"type":"Literal","start":19,"end":23,"loc":{"start":{"line":2,"column":5},"end":{"line":2,"column":9}},"value":1e+21,"raw":"1e21"}}}],"sourceType":"script"}"#;
        assert_eq!(to_json(&parsed, source), want);
    }

    #[test]
    fn parentheses_are_dropped_and_chains_nest_like_acorn() {
        let source = "(a + b) * c.d;";
        let mut names = Interner::new();
        let a = ident(&mut names, "a", 1, 2);
        let b = ident(&mut names, "b", 5, 6);
        let c = ident(&mut names, "c", 10, 11);
        let d = ident(&mut names, "d", 12, 13);
        let sum = Expression::Binary(Box::new(BinaryExpression {
            span: sp(1, 6),
            operator: BinaryOperator::Add,
            left: Expression::Identifier(a),
            right: Expression::Identifier(b),
        }));
        let product = Expression::Binary(Box::new(BinaryExpression {
            span: sp(0, 13),
            operator: BinaryOperator::Mul,
            left: Expression::Parenthesized(Box::new(ParenthesizedExpression {
                span: sp(0, 7),
                expression: sum,
            })),
            right: Expression::Member(Box::new(MemberExpression {
                span: sp(10, 13),
                object: Expression::Identifier(c),
                property: MemberProperty::Identifier(d),
                optional: false,
            })),
        }));
        let parsed = script(
            vec![statement(product, sp(0, 14))],
            names,
            source.len() as u32,
        );
        let want = r#"{"type":"Program","start":0,"end":14,"loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":14}},"body":[{"type":"ExpressionStatement","start":0,"end":14,"loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":14}},"expression":{"type":"BinaryExpression","start":0,"end":13,"loc":{"start":{"line":1,"column":0},"end":{"line":1,"column":13}},"left":{"type":"BinaryExpression","start":1,"end":6,"loc":{"start":{"line":1,"column":1},"end":{"line":1,"column":6}},"left":{"type":"Identifier","start":1,"end":2,"loc":{"start":{"line":1,"column":1},"end":{"line":1,"column":2}},"name":"a"},"operator":"+","right":{"type":"Identifier","start":5,"end":6,"loc":{"start":{"line":1,"column":5},"end":{"line":1,"column":6}},"name":"b"}},"operator":"*","right":{"type":"MemberExpression","start":10,"end":13,"loc":{"start":{"line":1,"column":10},"end":{"line":1,"column":13}},"object":{"type":"Identifier","start":10,"end":11,"loc":{"start":{"line":1,"column":10},"end":{"line":1,"column":11}},"name":"c"},"property":{"type":"Identifier","start":12,"end":13,"loc":{"start":{"line":1,"column":12},"end":{"line":1,"column":13}},"name":"d"},"computed":false,"optional":false}}}],"sourceType":"script"}"#;
        assert_eq!(to_json(&parsed, source), want);
    }

    #[test]
    fn long_left_deep_chains_do_not_recurse() {
        // `a+a+…+a` and `a.a.….a` with 100,000 links, as the parser builds them in a loop.
        const N: u32 = 100_000;
        let source = "a+".repeat(N as usize) + "a;";
        let mut names = Interner::new();
        let mut e = Expression::Identifier(ident(&mut names, "a", 0, 1));
        for i in 1..=N {
            let right = Expression::Identifier(ident(&mut names, "a", 2 * i, 2 * i + 1));
            e = Expression::Binary(Box::new(BinaryExpression {
                span: sp(0, 2 * i + 1),
                operator: BinaryOperator::Add,
                left: e,
                right,
            }));
        }
        let parsed = script(
            vec![statement(e, sp(0, 2 * N + 2))],
            names,
            source.len() as u32,
        );
        let json = to_json(&parsed, &source);
        assert_eq!(json.matches("BinaryExpression").count(), N as usize);
        assert!(json.ends_with(r#""name":"a"}}}],"sourceType":"script"}"#));
        // Dropping the tree recursively would overflow the test thread's stack.
        std::mem::forget(parsed);

        let source = "a".to_string() + &".a".repeat(N as usize) + ";";
        let mut names = Interner::new();
        let mut e = Expression::Identifier(ident(&mut names, "a", 0, 1));
        for i in 1..=N {
            let property = MemberProperty::Identifier(ident(&mut names, "a", 2 * i, 2 * i + 1));
            e = Expression::Member(Box::new(MemberExpression {
                span: sp(0, 2 * i + 1),
                object: e,
                property,
                optional: false,
            }));
        }
        let parsed = script(
            vec![statement(e, sp(0, 2 * N + 2))],
            names,
            source.len() as u32,
        );
        let json = to_json(&parsed, &source);
        assert_eq!(json.matches("MemberExpression").count(), N as usize);
        std::mem::forget(parsed);
    }
    #[test]
    fn deep_nesting_grows_the_stack_instead_of_overflowing() {
        // 10,000 nested arrays inside 10,000 nested blocks, on a 1 MB thread: more than the parser's
        // MAX_DEPTH, and more than that stack holds without `enter` growing it.
        const N: usize = 10_000;
        let json = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(|| {
                let mut e = Expression::This(sp(0, 0));
                for _ in 0..N {
                    let elements = vec![Some(ArrayElement::Expression(e))];
                    e = Expression::Array(Box::new(ArrayExpression {
                        span: sp(0, 0),
                        elements,
                    }));
                }
                let mut s = statement(e, sp(0, 0));
                for _ in 0..N {
                    s = Statement::Block(Box::new(BlockStatement {
                        span: sp(0, 0),
                        body: vec![s],
                    }));
                }
                let parsed = script(vec![s], Interner::new(), 0);
                let json = to_json(&parsed, "");
                // Dropping the tree recursively would overflow this thread's stack.
                std::mem::forget(parsed);
                json
            })
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(json.matches("ArrayExpression").count(), N);
        assert_eq!(json.matches("BlockStatement").count(), N);
        assert!(json.contains("ThisExpression"));
    }
}
