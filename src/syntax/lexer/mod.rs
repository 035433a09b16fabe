//! The lexer: source text → tokens, following ECMA-262 §12 (ECMAScript Language: Lexical Grammar) and
//! Annex B.1.1 (HTML-like comments, Script goal only) and B.1.2 (legacy octal escapes).
//!
//! The lexer works on the UTF-8 bytes of the source with an ASCII fast path; non-ASCII characters are
//! decoded only where the grammar needs them (identifiers, white space). The goal-dependent tokens are
//! decided by the parser: `/` and `/=` always come out as `Slash`/`SlashEq` and `}` as `RBrace`, and the
//! parser asks for a rescan (`rescan_slash_as_regexp`, `rescan_template_continuation`) where its context
//! calls for a RegularExpressionLiteral or a TemplateMiddle/TemplateTail.
//!
//! Payloads that own memory (string values, template strings) stay in the lexer until the parser takes
//! them; identifiers are interned, through a cache keyed by the source slice so that the common case
//! costs one fast hash lookup and no allocation.

mod numeric;
mod string;
mod unicode;

#[cfg(test)]
mod tests;

use super::atom::{self, Atom, Interner};
use super::error::SyntaxError;
use super::source::Span;
use super::token::{Token, TokenKind};
use unicode::{
    char_at, is_ascii_id_part, is_ascii_id_start, is_id_part_char, is_id_start_char, is_ls_ps,
};

/// V8's message for a character or token that cannot start or continue a token.
const INVALID_TOKEN: &str = "Invalid or unexpected token";

#[inline(always)]
fn span(start: usize, end: usize) -> Span {
    Span::new(start as u32, end as u32)
}

/// A checkpoint of the lexer's position (see `Lexer::checkpoint`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexerState {
    pos: u32,
}

/// The token kinds of the reserved words, in the order of their atoms (`atom::BREAK` … `atom::WITH`).
const KEYWORDS: [TokenKind; 36] = {
    use TokenKind::*;
    [
        Break, Case, Catch, Class, Const, Continue, Debugger, Default, Delete, Do, Else, Enum,
        Export, Extends, False, Finally, For, Function, If, Import, In, Instanceof, New, Null,
        Return, Super, Switch, This, Throw, True, Try, Typeof, Var, Void, While, With,
    ]
};

/// Identifier names already seen → atoms: an open-addressing table keyed by source ranges, so that the
/// common case (a name seen before) costs a multiply-rotate hash over 8-byte words and one word-wise
/// comparison, with no allocation and no SipHash.
struct AtomTable {
    /// Power-of-two sized; `len == 0` marks an empty slot (names are never empty).
    slots: Vec<AtomSlot>,
    used: usize,
}

#[derive(Clone, Copy)]
struct AtomSlot {
    /// The first 8 bytes of the name (zero-padded), so that short names compare without touching the
    /// source text where the name was last seen (`start`).
    head: u64,
    hash: u32,
    len: u32,
    start: u32,
    atom: Atom,
}

const EMPTY_SLOT: AtomSlot = AtomSlot {
    head: 0,
    hash: 0,
    len: 0,
    start: 0,
    atom: atom::EMPTY,
};

/// The `min(n, 8)` bytes at `i` as a little-endian word, zero-padded.
#[inline(always)]
fn word_at(bytes: &[u8], i: usize, n: usize) -> u64 {
    if let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        if n >= 8 {
            w
        } else {
            w & ((1u64 << (n * 8)) - 1)
        }
    } else {
        let mut word = [0u8; 8];
        let n = n.min(bytes.len().saturating_sub(i));
        word[..n].copy_from_slice(&bytes[i..i + n]);
        u64::from_le_bytes(word)
    }
}

/// Hash of the name at `start..start + len` whose first word is `head`.
#[inline]
fn name_hash(bytes: &[u8], start: usize, len: usize, head: u64) -> u32 {
    const K: u64 = 0xf135_7aea_2e62_a9c5;
    let mut h = (len as u64 ^ head).wrapping_mul(K);
    let mut i = 8;
    while i < len {
        h = (h.rotate_left(5) ^ word_at(bytes, start + i, len - i)).wrapping_mul(K);
        i += 8;
    }
    // The multiply mixes upwards only; fold the high half into the bits the table index uses.
    (h ^ (h >> 32)) as u32
}

/// The names at `a` and `b`, of length `len`, are equal after their first 8 bytes.
#[inline]
fn names_tails_equal(bytes: &[u8], a: usize, b: usize, len: usize) -> bool {
    let mut i = 8;
    while i < len {
        if word_at(bytes, a + i, len - i) != word_at(bytes, b + i, len - i) {
            return false;
        }
        i += 8;
    }
    true
}

impl AtomTable {
    fn new() -> AtomTable {
        AtomTable {
            slots: vec![EMPTY_SLOT; 1024],
            used: 0,
        }
    }

    /// The atom of the name `source[start..end]`, interning it on first sight.
    #[inline]
    fn get(&mut self, source: &str, start: usize, end: usize, interner: &mut Interner) -> Atom {
        let bytes = source.as_bytes();
        let len = end - start;
        let head = word_at(bytes, start, len);
        let hash = name_hash(bytes, start, len, head);
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = self.slots[i];
            if slot.len == 0 {
                break;
            }
            if slot.head == head
                && slot.hash == hash
                && slot.len as usize == len
                && (len <= 8 || names_tails_equal(bytes, slot.start as usize, start, len))
            {
                if len > 8 {
                    // Compare long names against their latest occurrence next time: likely still cached.
                    self.slots[i].start = start as u32;
                }
                return slot.atom;
            }
            i = (i + 1) & mask;
        }
        let atom = interner.intern(&source[start..end]);
        self.slots[i] = AtomSlot {
            head,
            hash,
            len: len as u32,
            start: start as u32,
            atom,
        };
        self.used += 1;
        if self.used * 2 > self.slots.len() {
            self.grow();
        }
        atom
    }

    fn grow(&mut self) {
        let bigger = vec![EMPTY_SLOT; self.slots.len() * 2];
        let old = std::mem::replace(&mut self.slots, bigger);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.len != 0) {
            let mut i = slot.hash as usize & mask;
            while self.slots[i].len != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

pub struct Lexer<'s> {
    source: &'s str,
    bytes: &'s [u8],
    /// Byte offset of the next character to read: the end of the last token.
    pos: usize,
    module: bool,
    interner: Interner,
    /// Unescaped identifier names seen so far → atoms.
    atoms: AtomTable,
    /// Scratch buffer for identifiers written with escapes.
    ident_buf: String,
    /// Value of the last String token: the source range when it had no escapes, else `string_buf`.
    string_plain: Option<(u32, u32)>,
    string_buf: Vec<u16>,
    /// Last template token: the source range of its characters when they contain no escape and no CR
    /// (then cooked and raw are that text), else the cooked and raw buffers.
    template_plain: Option<(u32, u32)>,
    template_cooked_valid: bool,
    template_cooked: Vec<u16>,
    template_raw: String,
    regexp_pattern: (u32, u32),
    regexp_flags: (u32, u32),
    legacy_escape_span: Span,
}

impl<'s> Lexer<'s> {
    /// A lexer for `source` with the Script (`module == false`) or Module goal. The Module goal has no
    /// HTML-like comments.
    pub fn new(source: &'s str, module: bool) -> Lexer<'s> {
        Lexer {
            source,
            bytes: source.as_bytes(),
            pos: 0,
            module,
            interner: Interner::new(),
            atoms: AtomTable::new(),
            ident_buf: String::new(),
            string_plain: None,
            string_buf: Vec::new(),
            template_plain: None,
            template_cooked_valid: true,
            template_cooked: Vec::new(),
            template_raw: String::new(),
            regexp_pattern: (0, 0),
            regexp_flags: (0, 0),
            legacy_escape_span: Span::default(),
        }
    }

    pub fn source(&self) -> &'s str {
        self.source
    }

    pub fn interner(&mut self) -> &mut Interner {
        &mut self.interner
    }

    pub fn interner_ref(&self) -> &Interner {
        &self.interner
    }

    pub fn into_interner(self) -> Interner {
        self.interner
    }

    /// The position state; `restore` returns to it (payloads of later tokens are not restored).
    pub fn checkpoint(&self) -> LexerState {
        LexerState {
            pos: self.pos as u32,
        }
    }

    pub fn restore(&mut self, state: LexerState) {
        self.pos = state.pos as usize;
    }

    /// Span of the first legacy octal escape, `\8`/`\9`, or legacy octal / non-octal decimal number of the
    /// last token whose `legacy_octal` flag was set.
    pub fn legacy_escape_span(&self) -> Span {
        self.legacy_escape_span
    }

    /// Pattern text (between the slashes, raw) of the last RegExp token.
    pub fn regexp_pattern(&self) -> &str {
        let (start, end) = self.regexp_pattern;
        self.source.get(start as usize..end as usize).unwrap_or("")
    }

    /// Flags text of the last RegExp token.
    pub fn regexp_flags(&self) -> &str {
        let (start, end) = self.regexp_flags;
        self.source.get(start as usize..end as usize).unwrap_or("")
    }

    #[inline(always)]
    fn at(&self, pos: usize) -> u8 {
        self.bytes.get(pos).copied().unwrap_or(0)
    }

    /// Skips whitespace/comments and lexes the next token. `/` and `/=` are always returned as
    /// Slash/SlashEq, and `}` always as RBrace: the parser rescans them when its context says so.
    pub fn next_token(&mut self) -> Result<Token, SyntaxError> {
        if self.bytes.len() > u32::MAX as usize {
            return Err(SyntaxError::new("Source text is too large", span(0, 0)));
        }
        let newline_before = self.skip_trivia()?;
        let start = self.pos;
        let mut tok = Token {
            kind: TokenKind::Eof,
            span: span(start, start),
            newline_before,
            escaped: false,
            legacy_octal: false,
            atom: atom::EMPTY,
            number: 0.0,
        };
        let Some(&b) = self.bytes.get(start) else {
            return Ok(tok);
        };
        use TokenKind::*;
        let (kind, len) = match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'$' | b'_' => {
                self.scan_identifier(start, &mut tok)?;
                return Ok(tok);
            }
            b'0'..=b'9' => {
                self.scan_number(start, &mut tok)?;
                return Ok(tok);
            }
            b'"' | b'\'' => {
                self.scan_string(start, &mut tok)?;
                return Ok(tok);
            }
            b'`' => {
                let substitution = self.scan_template(start, start + 1)?;
                tok.kind = if substitution {
                    TemplateHead
                } else {
                    NoSubstitutionTemplate
                };
                tok.span.end = self.pos as u32;
                return Ok(tok);
            }
            b'(' => (LParen, 1),
            b')' => (RParen, 1),
            b'{' => (LBrace, 1),
            b'}' => (RBrace, 1),
            b'[' => (LBracket, 1),
            b']' => (RBracket, 1),
            b';' => (Semicolon, 1),
            b',' => (Comma, 1),
            b':' => (Colon, 1),
            b'~' => (Tilde, 1),
            b'@' => (At, 1),
            b'.' => match self.at(start + 1) {
                b'0'..=b'9' => {
                    self.scan_number(start, &mut tok)?;
                    return Ok(tok);
                }
                b'.' if self.at(start + 2) == b'.' => (Ellipsis, 3),
                _ => (Dot, 1),
            },
            b'=' => match self.at(start + 1) {
                b'=' if self.at(start + 2) == b'=' => (EqEqEq, 3),
                b'=' => (EqEq, 2),
                b'>' => (Arrow, 2),
                _ => (Eq, 1),
            },
            b'!' => match self.at(start + 1) {
                b'=' if self.at(start + 2) == b'=' => (NotEqEq, 3),
                b'=' => (NotEq, 2),
                _ => (Bang, 1),
            },
            b'<' => match self.at(start + 1) {
                b'<' if self.at(start + 2) == b'=' => (LtLtEq, 3),
                b'<' => (LtLt, 2),
                b'=' => (LtEq, 2),
                _ => (Lt, 1),
            },
            b'>' => match (self.at(start + 1), self.at(start + 2), self.at(start + 3)) {
                (b'>', b'>', b'=') => (GtGtGtEq, 4),
                (b'>', b'>', _) => (GtGtGt, 3),
                (b'>', b'=', _) => (GtGtEq, 3),
                (b'>', _, _) => (GtGt, 2),
                (b'=', _, _) => (GtEq, 2),
                _ => (Gt, 1),
            },
            b'+' => match self.at(start + 1) {
                b'+' => (PlusPlus, 2),
                b'=' => (PlusEq, 2),
                _ => (Plus, 1),
            },
            b'-' => match self.at(start + 1) {
                b'-' => (MinusMinus, 2),
                b'=' => (MinusEq, 2),
                _ => (Minus, 1),
            },
            b'*' => match self.at(start + 1) {
                b'*' if self.at(start + 2) == b'=' => (StarStarEq, 3),
                b'*' => (StarStar, 2),
                b'=' => (StarEq, 2),
                _ => (Star, 1),
            },
            b'/' => match self.at(start + 1) {
                b'=' => (SlashEq, 2),
                _ => (Slash, 1),
            },
            b'%' => match self.at(start + 1) {
                b'=' => (PercentEq, 2),
                _ => (Percent, 1),
            },
            b'&' => match self.at(start + 1) {
                b'&' if self.at(start + 2) == b'=' => (AmpAmpEq, 3),
                b'&' => (AmpAmp, 2),
                b'=' => (AmpEq, 2),
                _ => (Amp, 1),
            },
            b'|' => match self.at(start + 1) {
                b'|' if self.at(start + 2) == b'=' => (PipePipeEq, 3),
                b'|' => (PipePipe, 2),
                b'=' => (PipeEq, 2),
                _ => (Pipe, 1),
            },
            b'^' => match self.at(start + 1) {
                b'=' => (CaretEq, 2),
                _ => (Caret, 1),
            },
            b'?' => match self.at(start + 1) {
                b'?' if self.at(start + 2) == b'=' => (QuestionQuestionEq, 3),
                b'?' => (QuestionQuestion, 2),
                // OptionalChainingPunctuator :: `?.` [lookahead ∉ DecimalDigit]
                b'.' if !self.at(start + 2).is_ascii_digit() => (QuestionDot, 2),
                _ => (Question, 1),
            },
            b'#' => {
                let name_start = start + 1;
                let end = self.scan_identifier_name(name_start, name_start, &mut tok)?;
                if end == name_start {
                    return Err(SyntaxError::new(INVALID_TOKEN, span(start, start + 1)));
                }
                tok.kind = PrivateName;
                tok.span.end = end as u32;
                self.pos = end;
                return Ok(tok);
            }
            b'\\' | 0x80.. => {
                let end = self.scan_identifier_name(start, start, &mut tok)?;
                if end == start {
                    let c = char_at(self.source, start);
                    return Err(SyntaxError::new(
                        INVALID_TOKEN,
                        span(start, start + c.len_utf8()),
                    ));
                }
                self.finish_identifier(start, end, &mut tok);
                return Ok(tok);
            }
            _ => return Err(SyntaxError::new(INVALID_TOKEN, span(start, start + 1))),
        };
        tok.kind = kind;
        tok.span.end = (start + len) as u32;
        self.pos = start + len;
        Ok(tok)
    }

    /// Skips WhiteSpace, LineTerminators and comments (with the hashbang and, for scripts, the HTML-like
    /// comments). Returns whether a line terminator was among them.
    fn skip_trivia(&mut self) -> Result<bool, SyntaxError> {
        let bytes = self.bytes;
        let mut pos = self.pos;
        let mut newline = false;
        let at_input_start = pos == 0;
        if at_input_start && bytes.starts_with(b"#!") {
            pos = skip_line(bytes, 2);
        }
        while let Some(&b) = bytes.get(pos) {
            match b {
                b' ' | b'\t' | 0x0B | 0x0C => pos += 1,
                b'\n' | b'\r' => {
                    newline = true;
                    pos += 1;
                }
                b'/' => match bytes.get(pos + 1) {
                    Some(b'/') => pos = skip_line(bytes, pos + 2),
                    Some(b'*') => match skip_block_comment(bytes, pos + 2) {
                        Some((end, has_newline)) => {
                            newline |= has_newline;
                            pos = end;
                        }
                        None => {
                            self.pos = pos;
                            return Err(SyntaxError::new(INVALID_TOKEN, span(pos, pos + 2)));
                        }
                    },
                    _ => break,
                },
                // B.1.1 SingleLineHTMLOpenComment
                b'<' if !self.module && bytes[pos + 1..].starts_with(b"!--") => {
                    pos = skip_line(bytes, pos + 4)
                }
                // B.1.1 SingleLineHTMLCloseComment / HTMLCloseComment: `-->` first on a line (only white
                // space and comments before it since the line terminator) or at the start of the input.
                b'-' if !self.module
                    && (newline || at_input_start)
                    && bytes[pos + 1..].starts_with(b"->") =>
                {
                    pos = skip_line(bytes, pos + 3)
                }
                0x80.. => match unicode::non_ascii_space(bytes, pos) {
                    Some((len, is_line_terminator)) => {
                        newline |= is_line_terminator;
                        pos += len;
                    }
                    None => break,
                },
                _ => break,
            }
        }
        self.pos = pos;
        Ok(newline)
    }

    /// An identifier or reserved word starting with the ASCII IdentifierStartChar at `start`.
    #[inline]
    fn scan_identifier(&mut self, start: usize, tok: &mut Token) -> Result<(), SyntaxError> {
        let bytes = self.bytes;
        let mut pos = start + 1;
        while pos < bytes.len() && is_ascii_id_part(bytes[pos]) {
            pos += 1;
        }
        if pos < bytes.len() && (bytes[pos] == b'\\' || bytes[pos] >= 0x80) {
            let end = self.scan_identifier_name(start, pos, tok)?;
            self.finish_identifier(start, end, tok);
            return Ok(());
        }
        let atom = self.atom_for(start, pos);
        tok.kind = if atom.is_reserved_word() {
            KEYWORDS[(atom.0 - atom::BREAK.0) as usize]
        } else {
            TokenKind::Identifier
        };
        tok.atom = atom;
        tok.span.end = pos as u32;
        self.pos = pos;
        Ok(())
    }

    /// Completes an identifier token whose name `scan_identifier_name` read from `start..end`.
    fn finish_identifier(&mut self, start: usize, end: usize, tok: &mut Token) {
        tok.kind = if !tok.escaped && tok.atom.is_reserved_word() {
            KEYWORDS[(tok.atom.0 - atom::BREAK.0) as usize]
        } else {
            TokenKind::Identifier
        };
        tok.span = span(start, end);
        self.pos = end;
    }

    /// Reads an IdentifierName starting at `start`, of which `start..pos` is already known to be plain
    /// ASCII identifier characters. Sets `tok.atom` and `tok.escaped` and returns the end; returns `start`
    /// if no IdentifierStartChar is at `start`.
    fn scan_identifier_name(
        &mut self,
        start: usize,
        mut pos: usize,
        tok: &mut Token,
    ) -> Result<usize, SyntaxError> {
        let src = self.source;
        let bytes = self.bytes;
        let mut escaped = false;
        self.ident_buf.clear();
        while let Some(&b) = bytes.get(pos) {
            if b < 0x80 {
                if is_ascii_id_part(b) && (pos > start || is_ascii_id_start(b)) {
                    if escaped {
                        self.ident_buf.push(b as char);
                    }
                    pos += 1;
                    continue;
                }
                if b != b'\\' {
                    break;
                }
                // `\` UnicodeEscapeSequence, which must denote an IdentifierStartChar / IdentifierPartChar.
                if !escaped {
                    self.ident_buf.push_str(&src[start..pos]);
                    escaped = true;
                }
                const INVALID: &str = "Invalid Unicode escape sequence";
                if bytes.get(pos + 1) != Some(&b'u') {
                    return Err(SyntaxError::new(
                        INVALID,
                        span(pos, (pos + 2).min(bytes.len())),
                    ));
                }
                let (cp, end) =
                    unicode::read_unicode_escape(bytes, pos + 2).map_err(|(message, end)| {
                        SyntaxError::new(message, span(pos, end.min(bytes.len())))
                    })?;
                let c = char::from_u32(cp)
                    .filter(|&c| {
                        if pos == start {
                            is_id_start_char(c)
                        } else {
                            is_id_part_char(c)
                        }
                    })
                    .ok_or_else(|| SyntaxError::new(INVALID, span(pos, end)))?;
                self.ident_buf.push(c);
                pos = end;
            } else {
                let c = char_at(src, pos);
                let ok = if pos == start {
                    is_id_start_char(c)
                } else {
                    is_id_part_char(c)
                };
                if !ok {
                    break;
                }
                if escaped {
                    self.ident_buf.push(c);
                }
                pos += c.len_utf8();
            }
        }
        if pos == start {
            return Ok(start);
        }
        tok.escaped = escaped;
        tok.atom = if escaped {
            self.interner.intern(&self.ident_buf)
        } else {
            self.atom_for(start, pos)
        };
        Ok(pos)
    }

    /// The atom of the unescaped name `source[start..end]`.
    #[inline]
    fn atom_for(&mut self, start: usize, end: usize) -> Atom {
        self.atoms.get(self.source, start, end, &mut self.interner)
    }
}

/// The end of a single-line comment's text starting at `pos`: the next line terminator or the end.
fn skip_line(bytes: &[u8], mut pos: usize) -> usize {
    while let Some(&b) = bytes.get(pos) {
        match b {
            b'\n' | b'\r' => break,
            0xE2 if is_ls_ps(bytes, pos) => break,
            _ => pos += 1,
        }
    }
    pos
}

/// The end of a multi-line comment whose text starts at `pos` (after `/*`) and whether it contains a
/// line terminator; `None` if it is unterminated.
fn skip_block_comment(bytes: &[u8], mut pos: usize) -> Option<(usize, bool)> {
    let mut newline = false;
    loop {
        match *bytes.get(pos)? {
            b'*' if bytes.get(pos + 1) == Some(&b'/') => return Some((pos + 2, newline)),
            b'\n' | b'\r' => newline = true,
            0xE2 if is_ls_ps(bytes, pos) => newline = true,
            _ => {}
        }
        pos += 1;
    }
}
