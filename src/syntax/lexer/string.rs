//! StringLiteral (ECMA-262 12.9.4, with Annex B.1.2 legacy octal escapes), Template (12.9.6) and
//! RegularExpressionLiteral (12.9.5) tokens.

use super::unicode::{
    self, char_at, is_ascii_id_part, is_id_part_char, is_ls_ps, push_code_point, push_utf16,
};
use super::{span, Lexer, INVALID_TOKEN};
use crate::syntax::error::SyntaxError;
use crate::syntax::token::{Token, TokenKind};

/// What an escape sequence after a `\` was.
enum Escape {
    /// A character escape; its code units were appended.
    Char,
    /// LineContinuation: contributes nothing.
    LineContinuation,
    /// LegacyOctalEscapeSequence or NonOctalDecimalEscapeSequence; its value was appended.
    Legacy,
    /// A malformed `\x` / `\u` escape (nothing appended).
    Invalid(&'static str),
    /// The `\` is the last character of the source.
    Eof,
}

/// Reads the escape sequence whose first character (after the `\`) is at `pos`, appending its value to
/// `out`. Returns what it was and its end.
fn read_escape(src: &str, pos: usize, out: &mut Vec<u16>) -> (Escape, usize) {
    let bytes = src.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let Some(&b) = bytes.get(pos) else {
        return (Escape::Eof, pos);
    };
    let simple = |out: &mut Vec<u16>, unit: u8| {
        out.push(unit as u16);
        (Escape::Char, pos + 1)
    };
    match b {
        b'b' => simple(out, 0x08),
        b't' => simple(out, 0x09),
        b'n' => simple(out, 0x0A),
        b'v' => simple(out, 0x0B),
        b'f' => simple(out, 0x0C),
        b'r' => simple(out, 0x0D),
        b'\n' => (Escape::LineContinuation, pos + 1),
        b'\r' => (
            Escape::LineContinuation,
            if at(pos + 1) == b'\n' {
                pos + 2
            } else {
                pos + 1
            },
        ),
        b'0' if !at(pos + 1).is_ascii_digit() => simple(out, 0),
        b'0'..=b'7' => {
            // LegacyOctalEscapeSequence: up to three digits when the first is 0-3, else up to two.
            let max_end = pos + if b <= b'3' { 3 } else { 2 };
            let mut value = (b - b'0') as u16;
            let mut end = pos + 1;
            while end < max_end && matches!(at(end), b'0'..=b'7') {
                value = value * 8 + (at(end) - b'0') as u16;
                end += 1;
            }
            out.push(value);
            (Escape::Legacy, end)
        }
        b'8' | b'9' => {
            out.push(b as u16);
            (Escape::Legacy, pos + 1)
        }
        b'x' => match (
            unicode::hex_value(at(pos + 1)),
            unicode::hex_value(at(pos + 2)),
        ) {
            (Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u16);
                (Escape::Char, pos + 3)
            }
            (Some(_), None) => (
                Escape::Invalid("Invalid hexadecimal escape sequence"),
                pos + 2,
            ),
            _ => (
                Escape::Invalid("Invalid hexadecimal escape sequence"),
                pos + 1,
            ),
        },
        b'u' => match unicode::read_unicode_escape(bytes, pos + 1) {
            Ok((cp, end)) => {
                push_code_point(out, cp);
                (Escape::Char, end)
            }
            Err((message, end)) => (Escape::Invalid(message), end.min(bytes.len())),
        },
        0x80.. => {
            if is_ls_ps(bytes, pos) {
                return (Escape::LineContinuation, pos + 3);
            }
            let c = char_at(src, pos);
            push_code_point(out, c as u32);
            (Escape::Char, pos + c.len_utf8())
        }
        // `\'`, `\"`, `\\` and every other NonEscapeCharacter stand for themselves.
        _ => simple(out, b),
    }
}

/// Appends `s` with CRLF and CR replaced by LF.
fn push_normalised(out: &mut String, s: &str) {
    if !s.contains('\r') {
        out.push_str(s);
        return;
    }
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
}

impl<'s> Lexer<'s> {
    /// A StringLiteral starting with the quote at `start`.
    pub(super) fn scan_string(&mut self, start: usize, tok: &mut Token) -> Result<(), SyntaxError> {
        let src = self.source;
        let bytes = self.bytes;
        let quote = bytes[start];
        let mut pos = start + 1;
        // Start of the text not yet copied into `string_buf` (when cooking).
        let mut chunk = pos;
        let mut cooking = false;
        loop {
            let Some(&b) = bytes.get(pos) else {
                return Err(SyntaxError::new(INVALID_TOKEN, span(start, pos)));
            };
            if b == quote {
                break;
            }
            match b {
                b'\\' => {
                    if !cooking {
                        cooking = true;
                        self.string_buf.clear();
                    }
                    push_utf16(&mut self.string_buf, &src[chunk..pos]);
                    let (escape, end) = read_escape(src, pos + 1, &mut self.string_buf);
                    match escape {
                        Escape::Char | Escape::LineContinuation => {}
                        Escape::Legacy => {
                            if !tok.legacy_octal {
                                tok.legacy_octal = true;
                                self.legacy_escape_span = span(pos, end);
                            }
                        }
                        Escape::Invalid(message) => {
                            return Err(SyntaxError::new(message, span(pos, end)))
                        }
                        Escape::Eof => {
                            return Err(SyntaxError::new(INVALID_TOKEN, span(start, end)))
                        }
                    }
                    pos = end;
                    chunk = pos;
                }
                b'\n' | b'\r' => return Err(SyntaxError::new(INVALID_TOKEN, span(start, pos))),
                _ => pos += 1,
            }
        }
        if cooking {
            push_utf16(&mut self.string_buf, &src[chunk..pos]);
            self.string_plain = None;
        } else {
            self.string_plain = Some((start as u32 + 1, pos as u32));
        }
        tok.kind = TokenKind::String;
        tok.escaped = cooking;
        tok.span.end = (pos + 1) as u32;
        self.pos = pos + 1;
        Ok(())
    }

    /// Cooked value of the last String token (UTF-16, may contain lone surrogates).
    pub fn take_string_value(&mut self) -> Box<[u16]> {
        match self.string_plain {
            Some((start, end)) => unicode::to_utf16(&self.source[start as usize..end as usize]),
            None => self.string_buf.as_slice().into(),
        }
    }

    /// Template characters from `pos` (after `` ` `` or `}`) through the closing `` ` `` or `${`, for the
    /// token starting at `token_start`. Returns true when it ended with `${`.
    pub(super) fn scan_template(
        &mut self,
        token_start: usize,
        mut pos: usize,
    ) -> Result<bool, SyntaxError> {
        let src = self.source;
        let bytes = self.bytes;
        let content_start = pos;
        let mut chunk = pos;
        let mut cooking = false;
        let mut valid = true;
        let content_end;
        let substitution;
        loop {
            let Some(&b) = bytes.get(pos) else {
                return Err(SyntaxError::new(
                    "Unterminated template literal",
                    span(token_start, pos),
                ));
            };
            match b {
                b'`' => {
                    content_end = pos;
                    pos += 1;
                    substitution = false;
                    break;
                }
                b'$' if bytes.get(pos + 1) == Some(&b'{') => {
                    content_end = pos;
                    pos += 2;
                    substitution = true;
                    break;
                }
                b'\\' | b'\r' => {
                    if !cooking {
                        cooking = true;
                        self.template_cooked.clear();
                        self.template_raw.clear();
                    }
                    push_utf16(&mut self.template_cooked, &src[chunk..pos]);
                    self.template_raw.push_str(&src[chunk..pos]);
                    if b == b'\r' {
                        // TRV and TV of CR and CRLF are LF.
                        self.template_cooked.push(0x0A);
                        self.template_raw.push('\n');
                        pos += if bytes.get(pos + 1) == Some(&b'\n') {
                            2
                        } else {
                            1
                        };
                    } else {
                        let (escape, mut end) =
                            read_escape(src, pos + 1, &mut self.template_cooked);
                        match escape {
                            Escape::Char | Escape::LineContinuation => {}
                            // NotEscapeSequence: legal (in tagged templates) but with no cooked value. The
                            // characters after the one following `\` are read again as template characters.
                            Escape::Legacy => valid = false,
                            Escape::Invalid(_) => {
                                valid = false;
                                end = pos + 2;
                            }
                            Escape::Eof => {
                                return Err(SyntaxError::new(
                                    "Unterminated template literal",
                                    span(token_start, end),
                                ))
                            }
                        }
                        push_normalised(&mut self.template_raw, &src[pos..end]);
                        pos = end;
                    }
                    chunk = pos;
                }
                _ => pos += 1,
            }
        }
        if cooking {
            push_utf16(&mut self.template_cooked, &src[chunk..content_end]);
            self.template_raw.push_str(&src[chunk..content_end]);
            self.template_plain = None;
        } else {
            self.template_plain = Some((content_start as u32, content_end as u32));
        }
        self.template_cooked_valid = valid;
        self.pos = pos;
        Ok(substitution)
    }

    /// `tok` is an RBrace just returned; re-lex from tok.span.start as a TemplateMiddle or TemplateTail.
    pub fn rescan_template_continuation(&mut self, tok: Token) -> Result<Token, SyntaxError> {
        let start = tok.span.start as usize;
        let substitution = self.scan_template(start, start + 1)?;
        Ok(Token {
            kind: if substitution {
                TokenKind::TemplateMiddle
            } else {
                TokenKind::TemplateTail
            },
            span: span(start, self.pos),
            legacy_octal: false,
            escaped: false,
            ..tok
        })
    }

    /// Cooked value (TV) of the last template token; `None` if it contains a NotEscapeSequence.
    pub fn take_template_cooked(&mut self) -> Option<Box<[u16]>> {
        if !self.template_cooked_valid {
            return None;
        }
        Some(match self.template_plain {
            Some((start, end)) => unicode::to_utf16(&self.source[start as usize..end as usize]),
            None => self.template_cooked.as_slice().into(),
        })
    }

    /// Raw value (TRV) of the last template token: its source text with CRLF and CR normalised to LF.
    pub fn take_template_raw(&mut self) -> Box<str> {
        match self.template_plain {
            Some((start, end)) => self.source[start as usize..end as usize].into(),
            None => self.template_raw.as_str().into(),
        }
    }

    /// `tok` is a Slash or SlashEq token just returned; re-lex from tok.span.start as a
    /// RegularExpressionLiteral. The pattern and flags are then `regexp_pattern()` / `regexp_flags()`.
    pub fn rescan_slash_as_regexp(&mut self, tok: Token) -> Result<Token, SyntaxError> {
        let bytes = self.bytes;
        let start = tok.span.start as usize;
        let mut pos = start + 1;
        let mut in_class = false;
        let missing = |end: usize| {
            SyntaxError::new("Invalid regular expression: missing /", span(start, end))
        };
        loop {
            let Some(&b) = bytes.get(pos) else {
                return Err(missing(pos));
            };
            match b {
                b'/' if !in_class => break,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'\\' => {
                    // RegularExpressionBackslashSequence: `\` RegularExpressionNonTerminator. A multi-byte
                    // character's continuation bytes are skipped as ordinary characters below.
                    pos += 1;
                    match bytes.get(pos) {
                        None | Some(b'\n' | b'\r') => return Err(missing(pos)),
                        Some(0xE2) if is_ls_ps(bytes, pos) => return Err(missing(pos)),
                        _ => {}
                    }
                }
                b'\n' | b'\r' => return Err(missing(pos)),
                0xE2 if is_ls_ps(bytes, pos) => return Err(missing(pos)),
                _ => {}
            }
            pos += 1;
        }
        let pattern = (start as u32 + 1, pos as u32);
        pos += 1;
        let flags_start = pos;
        while let Some(&b) = bytes.get(pos) {
            if b < 0x80 {
                if is_ascii_id_part(b) {
                    pos += 1;
                } else if b == b'\\' {
                    return Err(SyntaxError::new(
                        "Invalid regular expression flags",
                        span(pos, pos + 1),
                    ));
                } else {
                    break;
                }
            } else {
                let c = char_at(self.source, pos);
                if !is_id_part_char(c) {
                    break;
                }
                pos += c.len_utf8();
            }
        }
        self.regexp_pattern = pattern;
        self.regexp_flags = (flags_start as u32, pos as u32);
        self.pos = pos;
        Ok(Token {
            kind: TokenKind::RegExp,
            span: span(start, pos),
            escaped: false,
            legacy_octal: false,
            ..tok
        })
    }
}
